// The one reader of the links' key=value text: the page's address, the desktop program's
// argument, the test hook, ConvScope.setState and the CLI's --link all go through it (the
// playground, the explorer and the application each take their own keys from the pairs).
#pragma once

#include <string>
#include <vector>

#include "core/layer/layer_text.h"

namespace convscope {

struct LinkPair {
    std::string key;
    std::string value;  // "" when the pair has no '='
    std::string text;   // the pair as written, for notes
};

// "#a=1&b=2" or "?a=1&b=2" or "a=1&b=2", or a whole address ("https://.../#a=1&b=2"): the
// pairs in order, empty ones left out; keys and values are percent-decoded after the split.
std::vector<LinkPair> SplitLink(const std::string& link);

// The value of the last pair named `key`, or "".
std::string LinkValue(const std::string& link, const std::string& key);

// %XX escapes (a value that carries free text, such as an exercise card written as JSON,
// is encoded so its '&' and '=' do not split the link). Decoding leaves a malformed
// escape as it is.
std::string PercentDecode(const std::string& text);
std::string PercentEncode(const std::string& text);

}  // namespace convscope
