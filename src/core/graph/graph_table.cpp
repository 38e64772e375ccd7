// A graph analysis as a table (see graph_table.h).
#include "core/graph/graph_table.h"

#include <algorithm>
#include <cctype>

#include "core/network/table_text.h"

namespace convscope {

namespace {

template <typename T, typename F>
std::string Joined(const std::vector<T>& values, const char* separator, F text) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += separator;
        out += text(values[i]);
    }
    return out;
}

std::string Number(int64_t value) { return std::to_string(value); }

// Once when every dimension agrees ("2"), else per dimension ("2, 4").
template <typename F>
std::string OnceOrEach(const std::vector<DimField>& fields, F text) {
    const std::string first = text(fields.front());
    const bool same = std::all_of(fields.begin(), fields.end(),
                                  [&](const DimField& f) { return text(f) == first; });
    return same ? first : Joined(fields, ", ", text);
}

std::string ShapeText(const NodeAnalysis& node) {
    if (!node.shape_known) return "?";
    if (node.shape.empty()) return "scalar";
    return Joined(node.shape, "x", Number);
}

std::string FieldText(const NodeAnalysis& node) {
    if (node.fields.empty()) return node.whole_input ? "whole input" : "";
    std::string text = Joined(node.fields, "x", [](const DimField& f) { return Number(f.rf); });
    const bool varies = std::any_of(node.fields.begin(), node.fields.end(),
                                    [](const DimField& f) { return f.rf_min != f.rf_max; });
    if (varies) {
        text += " (" +
                Joined(node.fields, "x",
                       [](const DimField& f) {
                           return f.rf_min == f.rf_max ? Number(f.rf)
                                                       : Number(f.rf_min) + "-" + Number(f.rf_max);
                       }) +
                ")";
    }
    return node.whole_input ? text + ", whole input" : text;
}

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

std::vector<std::string> GraphTableHeader() {
    return {"node", "op", "output", "receptive field", "jump", "first unit range", "flags"};
}

std::vector<std::string> GraphTableRow(const NodeAnalysis& node) {
    const bool fields = !node.fields.empty();
    return {
        node.name,
        node.op,
        ShapeText(node),
        FieldText(node),
        fields ? OnceOrEach(node.fields, [](const DimField& f) { return FractionText(f.jump); })
               : "",
        fields ? OnceOrEach(node.fields, [](const DimField& f) { return RangeText(f.range); }) : "",
        Joined(node.flags, "; ", [](const std::string& flag) { return flag; })};
}

bool GraphNodeMatches(const NodeAnalysis& node, const std::string& filter) {
    if (filter.empty()) return true;
    const std::string wanted = Lower(filter);
    for (const std::string& cell : {node.name, node.op, ShapeText(node)})
        if (Lower(cell).find(wanted) != std::string::npos) return true;
    return std::any_of(node.flags.begin(), node.flags.end(), [&](const std::string& flag) {
        return Lower(flag).find(wanted) != std::string::npos;
    });
}

std::string GraphTableCsv(const std::vector<NodeAnalysis>& nodes,
                          const std::vector<size_t>& places) {
    std::string out =
        "node,name,op,shape,dim,rf,rf_min,rf_max,jump,range_lo,range_hi,central_lo,central_hi,"
        "aligned,whole_input,flags\n";
    for (size_t i = 0; i < nodes.size(); ++i) {
        const NodeAnalysis& node = nodes[i];
        const size_t place = i < places.size() ? places[i] : i;
        const std::string front = std::to_string(place + 1) + "," + CsvField(node.name) + "," +
                                  CsvField(node.op) + "," + ShapeText(node) + ",";
        const std::string back =
            std::string(node.whole_input ? "true" : "false") + "," +
            CsvField(Joined(node.flags, "; ", [](const std::string& f) { return f; })) + "\n";
        if (node.fields.empty()) {
            out += front + ",,,,,,,,," + back;
            continue;
        }
        const auto bound = [](const CellRange& r, bool lo) {
            return r.Empty() ? std::string() : Number(lo ? r.lo : r.hi);
        };
        for (size_t d = 0; d < node.fields.size(); ++d) {
            const DimField& f = node.fields[d];
            out += front + Number(static_cast<int64_t>(d + 1)) + "," + Number(f.rf) + "," +
                   Number(f.rf_min) + "," + Number(f.rf_max) + "," + FractionText(f.jump) + "," +
                   bound(f.range, true) + "," + bound(f.range, false) + "," +
                   bound(f.central, true) + "," + bound(f.central, false) + "," +
                   (f.aligned ? "true" : "false") + "," + back;
        }
    }
    return out;
}

std::string GraphTableMarkdown(const std::vector<NodeAnalysis>& nodes) {
    const std::vector<std::string> header = GraphTableHeader();
    std::string out = "| " + Joined(header, " | ", MarkdownCell) + " |\n|";
    for (size_t c = 0; c < header.size(); ++c) out += " --- |";
    out += "\n";
    for (const NodeAnalysis& node : nodes)
        out += "| " + Joined(GraphTableRow(node), " | ", MarkdownCell) + " |\n";
    return out;
}

}  // namespace convscope
