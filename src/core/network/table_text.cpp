// Cells of exported tables (see table_text.h).
#include "core/network/table_text.h"

namespace convscope {

std::string CsvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string MarkdownCell(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string RangeText(const CellRange& range) {
    if (range.Empty()) return "none";
    return "[" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + "]";
}

std::string FractionText(const Fraction& fraction) {
    if (fraction.denominator == 1) return std::to_string(fraction.numerator);
    return std::to_string(fraction.numerator) + "/" + std::to_string(fraction.denominator);
}

}  // namespace convscope
