// A plain-text table for the human-friendly CLI commands: columns padded to their widest
// cell, a rule under the header.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace convscope::cli {

class Table {
public:
    void Header(std::vector<std::string> cells) { header_ = std::move(cells); }
    void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

    void Print(std::FILE* out) const {
        std::vector<size_t> width(header_.size(), 0);
        const auto measure = [&](const std::vector<std::string>& row) {
            for (size_t i = 0; i < row.size() && i < width.size(); ++i)
                width[i] = std::max(width[i], Length(row[i]));
        };
        measure(header_);
        for (const auto& row : rows_) measure(row);
        PrintRow(out, header_, width);
        size_t total = 0;
        for (const size_t w : width) total += w + 2;
        std::fprintf(out, "%s\n", std::string(total > 2 ? total - 2 : 0, '-').c_str());
        for (const auto& row : rows_) PrintRow(out, row, width);
    }

private:
    // Characters, not bytes: the cells may hold UTF-8.
    static size_t Length(const std::string& s) {
        size_t n = 0;
        for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    }
    static void PrintRow(std::FILE* out, const std::vector<std::string>& row,
                         const std::vector<size_t>& width) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(width[i] - Length(row[i]) + 2, ' ');
        }
        std::fprintf(out, "%s\n", line.c_str());
    }

    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace convscope::cli
