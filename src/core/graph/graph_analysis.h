// Shapes and receptive fields on a graph: every node's output shape from the model's input
// shape, and per spatial dimension the receptive field of its units on that input, computed
// on the graph (a merge takes the union of its inputs' fields; inputs that disagree on jump
// or centre are flagged as misaligned, not refused).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/graph/graph_effective.h"
#include "core/network/receptive_field.h"

namespace convscope {

struct GraphOptions {
    // The analysed input's full shape (N, C, spatial...); empty: the shape the file
    // declares, with each symbolic or unknown dimension from `symbols` or else 1 for the
    // batch and an error naming the dimension for the others.
    std::vector<int64_t> input_shape;
    std::map<std::string, int64_t> symbols;  // a size for each named dimension
    // A node whose effective field to compute too (graph_effective.h), or "".
    std::string effective_field_node;
};

// The receptive field of a node's units along one spatial dimension, in cells of the
// analysed input. Cells of padding count as cells (a range may start below 0).
struct DimField {
    int64_t rf = 0;       // span of the central unit (index (size - 1) / 2)
    int64_t rf_min = 0;   // smallest span over all units
    int64_t rf_max = 0;   // largest span over all units
    Fraction jump;        // input cells between neighbouring units, exact (1/2 after x2 up)
    CellRange range;      // the first unit's input range
    CellRange central;    // the central unit's input range (the one `rf` measures)
    bool aligned = true;  // every path into the node agrees on jump and centre
};

struct NodeAnalysis {
    std::string name;
    std::string op;
    bool shape_known = false;    // a scalar's known shape is empty
    std::vector<int64_t> shape;  // full output shape (first output)
    // One per spatial dimension when the output keeps the input's spatial layout (N, C,
    // spatial...); empty otherwise.
    std::vector<DimField> fields;
    bool whole_input = false;  // the output depends on the whole input (global pool, Gemm)
    // The output depends on the analysed input at all (weights, their Identity copies and
    // shape arithmetic do not).
    bool depends_on_input = false;
    // Flags and notes for people: "misaligned: inputs from 'A' and 'B' disagree on jump (2 vs
    // 4)", "unsupported op X (node N): shapes after it are unknown", "rf varies from unit to
    // unit (min 3, max 5)", "spatial layout lost at Flatten: ...".
    std::vector<std::string> flags;
};

struct GraphAnalysis {
    std::string input_name;             // the graph input the fields are measured on
    std::vector<int64_t> input_shape;   // its full shape as analysed
    std::vector<NodeAnalysis> nodes;    // one per graph node, in the graph's order
    std::vector<NodeAnalysis> outputs;  // one per graph output (named by the output)
    std::vector<std::string> notes;     // whole-graph notes (unsupported ops met, ...)
    // When GraphOptions::effective_field_node named one.
    bool has_effective_field = false;
    GraphEffectiveField effective_field;
};

// Analyses `graph`. Never throws for a node it cannot follow: that node and what depends on
// it get an unknown shape and a flag, and the analysis goes on. Throws Error only when
// there is no input to measure on or its shape cannot be set (with the rule and a fix), or
// when the input is too large to follow unit by unit (more than 2^20 units along one
// dimension of a value, or 2^25 units held in all).
GraphAnalysis AnalyseGraph(const Graph& graph, const GraphOptions& options);

}  // namespace convscope
