// A network as a model file describes it: nodes joined by named values, with branches and
// merges, independent of the file format (core/onnx reads ONNX into one).
// Only what shapes and receptive fields need is kept: no weights, only the small constant
// tensors that give shapes, scales and indices.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace convscope {

// One node attribute: ONNX's INT and INTS go to `ints`, FLOAT and FLOATS to `floats`,
// STRING to `text`, a small TENSOR's values to `ints` or `floats` (as a list); `is_list`
// tells a one-element list from a single value.
struct GraphAttribute {
    std::vector<int64_t> ints;
    std::vector<double> floats;
    std::string text;
    bool is_list = false;
};

// A tensor whose value is in the file (an initializer or a Constant node's output). Its
// dimensions are always kept; its values only when it is small (shapes, axes, scales,
// pads): `has_values` says whether `ints` (integer types) or `floats` hold them.
struct GraphConstant {
    std::vector<int64_t> dims;
    bool is_integer = false;
    bool has_values = false;
    std::vector<int64_t> ints;
    std::vector<double> floats;
};

// One dimension of a declared shape: a size, or a symbol ("batch", "height") the user
// gives a size to, or unknown (size -1 and no symbol).
struct GraphDim {
    int64_t size = -1;
    std::string symbol;
};

// A graph input, output or annotated intermediate value.
struct GraphValue {
    std::string name;
    bool has_shape = false;
    std::vector<GraphDim> shape;
};

struct GraphNode {
    std::string name;  // may be empty in the file; the reader names it "<op>_<index>"
    std::string op;    // "Conv", "MaxPool", ...
    std::string domain;
    std::vector<std::string> inputs;  // "" for an omitted optional input
    std::vector<std::string> outputs;
    std::map<std::string, GraphAttribute> attributes;
};

struct Graph {
    int64_t opset = 0;               // of the default domain
    std::vector<GraphValue> inputs;  // without those that are constants
    std::vector<GraphValue> outputs;
    std::vector<GraphValue> annotated;  // value_info
    std::map<std::string, GraphConstant> constants;
    std::vector<GraphNode> nodes;  // in the file's (topological) order
};

}  // namespace convscope
