// The links' key=value reader (see link_text.h).
#include "core/layer/link_text.h"

namespace convscope {

namespace {

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string PercentDecode(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
            HexDigit(text[i + 2]) >= 0) {
            out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string PercentEncode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

std::vector<LinkPair> SplitLink(const std::string& link) {
    std::string text = link;
    if (text.find("://") != std::string::npos) {
        // An address: the settings follow its '#' (or its '?' when it has none).
        const size_t start = text.find('#') != std::string::npos ? text.find('#') : text.find('?');
        text = start == std::string::npos ? "" : text.substr(start);
    }
    if (!text.empty() && (text[0] == '#' || text[0] == '?')) text.erase(0, 1);
    std::vector<LinkPair> pairs;
    for (const std::string& pair : SplitText(text, '&')) {
        if (pair.empty()) continue;
        const size_t eq = pair.find('=');
        pairs.push_back(LinkPair{PercentDecode(pair.substr(0, eq)),
                                 eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1)),
                                 pair});
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

}  // namespace convscope
