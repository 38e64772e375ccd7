// The receptive-field table and its CSV and Markdown forms (see rf_table.h).
#include "core/network/rf_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/layer/error.h"
#include "core/network/table_text.h"

namespace convscope {

namespace {

// Fixed-point with at most `decimals` digits, trailing zeros dropped: 42.8571, 1, -0.5.
std::string Decimal(double value, int decimals) {
    if (std::isnan(value)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string text = buf;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

// Counts are doubles (they may exceed 64 bits for absurd layers); whole ones print exactly.
std::string Count(double value) {
    if (value >= 0 && value < 9.0e15 && value == std::floor(value))
        return std::to_string(static_cast<int64_t>(value));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    return buf;
}

// "7×7" for sizes.
template <typename T, typename F>
std::string JoinSizes(const std::vector<T>& values, F text) {
    std::string out;
    for (size_t d = 0; d < values.size(); ++d) out += (d ? "×" : "") + text(values[d]);
    return out;
}

// One value when every dimension agrees, else "a × b".
template <typename T, typename F>
std::string PerDim(const std::vector<T>& values, F text) {
    std::vector<std::string> parts;
    for (const T& v : values) parts.push_back(text(v));
    if (std::all_of(parts.begin(), parts.end(),
                    [&](const std::string& p) { return p == parts[0]; })) {
        return parts.empty() ? "" : parts[0];
    }
    std::string out;
    for (size_t d = 0; d < parts.size(); ++d) out += (d ? " × " : "") + parts[d];
    return out;
}

// A row from the field's figures; `field` holds one entry per dimension of `input`.
RfTableRow MakeRow(size_t index, const std::string& name, const std::string& summary,
                   const std::vector<int64_t>& input, const LayerField& field) {
    RfTableRow row;
    row.index = index;
    row.name = name;
    row.summary = summary;
    row.input = input;
    row.output = field.shape.output;
    row.rf = field.rf;
    row.rf_min = field.rf_min;
    row.rf_max = field.rf_max;
    row.range = field.range;
    row.central = field.central;
    row.jump = field.jump;
    row.flags = RfVariesNotes(field);
    row.coverage_area = 1;
    for (size_t d = 0; d < input.size(); ++d) {
        const CellRange& r = field.range[d];
        const int64_t rf = field.rf[d];
        row.effective_padding.push_back(EffectivePadding(r));
        const double centre = r.Empty()
                                  ? std::numeric_limits<double>::quiet_NaN()
                                  : (static_cast<double>(r.lo) + static_cast<double>(r.hi)) / 2.0;
        row.centre_index.push_back(centre);
        row.centre_pixel.push_back(centre + 0.5);
        const double coverage =
            static_cast<double>(std::min(rf, input[d])) / static_cast<double>(input[d]);
        row.coverage.push_back(coverage);
        row.coverage_area *= coverage;
        row.rf_exceeds_input.push_back(rf > input[d]);
        row.centre_between_pixels.push_back(!r.Empty() && (r.lo + r.hi) % 2 != 0);
    }
    return row;
}

// The input as a row: every unit is one cell.
LayerField InputField(const std::vector<int64_t>& input) {
    const size_t dims = input.size();
    LayerField field;
    field.shape.input = field.shape.output = input;
    field.rf = field.rf_min = field.rf_max = std::vector<int64_t>(dims, 1);
    field.jump.assign(dims, Fraction{});
    for (size_t d = 0; d < dims; ++d) {
        field.range.push_back(CellRange{0, 0});
        field.central.push_back(CellRange{(input[d] - 1) / 2, (input[d] - 1) / 2});
    }
    return field;
}

}  // namespace

std::vector<RfTableRow> ComputeRfTable(const Network& network) {
    if (network.input.empty()) throw Error("the table needs the network's input size");
    return ComputeRfTable(network, ComputeReceptiveFields(network.input, network.layers));
}

std::vector<RfTableRow> ComputeRfTable(const Network& network,
                                       const std::vector<LayerField>& fields) {
    if (network.input.empty()) throw Error("the table needs the network's input size");
    if (fields.size() != network.layers.size()) throw Error("the table needs one field per layer");
    std::vector<RfTableRow> rows;
    rows.push_back(MakeRow(0, "input", "input", network.input, InputField(network.input)));
    int64_t channels = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
        const LayerField& f = fields[i];
        const std::string name = i < network.names.size() ? network.names[i] : "";
        // The summary shows the channels as ComputeReceptiveFields carried them along.
        Layer shown = network.layers[i];
        if (TypeInfo(shown.type).Has(kLayerGroups) && shown.in_channels == 0 && channels > 0)
            shown.in_channels = channels;
        if (shown.out_channels > 0) channels = shown.out_channels;
        RfTableRow row = MakeRow(i + 1, name, LayerSummary(shown), network.input, f);
        row.cost = f.cost;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string RfTableCsv(const std::vector<RfTableRow>& rows) {
    std::string out =
        "layer,name,type,dim,output,rf,jump,range_lo,range_hi,effective_padding,centre_index,"
        "centre_pixel,"
        "coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels,rf_min,rf_max,"
        "central_lo,central_hi\n";
    for (const RfTableRow& row : rows) {
        const bool counted = row.cost.known;
        for (size_t d = 0; d < row.output.size(); ++d) {
            const CellRange& r = row.range[d];
            const CellRange& c = row.central[d];
            out += std::to_string(row.index) + "," + CsvField(row.name) + "," +
                   CsvField(row.summary) + "," + std::to_string(d + 1) + "," +
                   std::to_string(row.output[d]) + "," + std::to_string(row.rf[d]) + "," +
                   FractionText(row.jump[d]) + "," + (r.Empty() ? "" : std::to_string(r.lo)) + "," +
                   (r.Empty() ? "" : std::to_string(r.hi)) + "," +
                   (r.Empty() ? "" : std::to_string(row.effective_padding[d])) + "," +
                   Decimal(row.centre_index[d], 1) + "," + Decimal(row.centre_pixel[d], 1) + "," +
                   Decimal(100.0 * row.coverage[d], 4) + "," +
                   (counted ? Count(row.cost.parameters) : "") + "," +
                   (counted ? Count(row.cost.macs) : "") + "," +
                   (row.rf_exceeds_input[d] ? "true" : "false") + "," +
                   (row.centre_between_pixels[d] ? "true" : "false") + "," +
                   std::to_string(row.rf_min[d]) + "," + std::to_string(row.rf_max[d]) + "," +
                   (c.Empty() ? "" : std::to_string(c.lo)) + "," +
                   (c.Empty() ? "" : std::to_string(c.hi)) + "\n";
        }
    }
    return out;
}

std::string RfTableMarkdown(const std::vector<RfTableRow>& rows) {
    std::string out =
        "| # | layer | type | output | RF | jump | first unit | eff. padding | centre (index) | "
        "centre (+0.5) | "
        "coverage | params | MACs | flags |\n"
        "|---:|---|---|---|---|---|---|---|---|---|---:|---:|---:|---|\n";
    const auto integer = [](int64_t v) { return std::to_string(v); };
    const auto decimal = [](double v) { return Decimal(v, 1); };
    for (const RfTableRow& row : rows) {
        const bool counted = row.cost.known;
        std::vector<std::string> flags;
        bool varies = false;
        for (size_t d = 0; d < row.rf.size(); ++d)
            varies = varies || row.rf_min[d] != row.rf_max[d];
        if (varies) flags.push_back("RF varies by unit");
        if (std::any_of(row.rf_exceeds_input.begin(), row.rf_exceeds_input.end(),
                        [](bool b) { return b; })) {
            flags.push_back("RF > input");
        }
        if (std::any_of(row.centre_between_pixels.begin(), row.centre_between_pixels.end(),
                        [](bool b) { return b; })) {
            flags.push_back("centre between pixels");
        }
        std::string flag_text;
        for (size_t i = 0; i < flags.size(); ++i) flag_text += (i ? "; " : "") + flags[i];
        // Where units differ, their smallest and largest RF: "188–204".
        std::vector<std::string> spread;
        for (size_t d = 0; d < row.rf.size(); ++d)
            spread.push_back(std::to_string(row.rf_min[d]) + "–" + std::to_string(row.rf_max[d]));
        const auto text = [](const std::string& t) { return t; };
        char coverage[32];
        std::snprintf(coverage, sizeof coverage, "%.1f%%", 100.0 * row.coverage_area);
        out += "| " + std::to_string(row.index) + " | " + MarkdownCell(row.name) + " | " +
               MarkdownCell(row.summary) + " | " + JoinSizes(row.output, integer) + " | " +
               JoinSizes(row.rf, integer) + (varies ? " (" + PerDim(spread, text) + ")" : "") +
               " | " + PerDim(row.jump, FractionText) + " | " + PerDim(row.range, RangeText) +
               " | " + PerDim(row.effective_padding, integer) + " | " +
               PerDim(row.centre_index, decimal) + " | " + PerDim(row.centre_pixel, decimal) +
               " | " + coverage + " | " + (counted ? Count(row.cost.parameters) : "") + " | " +
               (counted ? Count(row.cost.macs) : "") + " | " + flag_text + " |\n";
    }
    return out;
}

}  // namespace convscope
