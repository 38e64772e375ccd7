// The links' key=value reader (see link_text.h).
#include "app/link_text.h"

namespace convscope::app {

std::vector<std::string> SplitText(const std::string& text, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(sep, start);
        if (end == std::string::npos) end = text.size();
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    if (text.empty()) parts.clear();
    return parts;
}

std::vector<LinkPair> SplitLink(const std::string& link) {
    std::string text = link;
    if (!text.empty() && (text[0] == '#' || text[0] == '?')) text.erase(0, 1);
    std::vector<LinkPair> pairs;
    for (const std::string& pair : SplitText(text, '&')) {
        if (pair.empty()) continue;
        const size_t eq = pair.find('=');
        pairs.push_back(LinkPair{pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1), pair});
    }
    return pairs;
}

std::string LinkValue(const std::string& link, const std::string& key) {
    std::string value;
    for (const LinkPair& pair : SplitLink(link)) {
        if (pair.key == key) value = pair.value;
    }
    return value;
}

}  // namespace convscope::app
