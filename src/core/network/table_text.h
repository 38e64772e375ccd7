// Cells of the tables the core exports (receptive-field tables, graph tables): CSV fields,
// Markdown cells and input ranges as text.
#pragma once

#include <string>

#include "core/network/receptive_field.h"

namespace convscope {

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
std::string CsvField(const std::string& text);
// A Markdown table cell: pipes escaped, line breaks flattened.
std::string MarkdownCell(const std::string& text);
// "[lo, hi]", or "none" for an empty range.
std::string RangeText(const CellRange& range);
// "3" or "1/2".
std::string FractionText(const Fraction& fraction);

}  // namespace convscope
