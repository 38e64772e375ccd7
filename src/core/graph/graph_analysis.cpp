// AnalyseGraph (see graph_analysis.h): picks the input, sets its shape, walks the nodes in
// order through the op handlers of graph_ops.h, and summarises each node's first output.
#include "core/graph/graph_analysis.h"

#include <set>
#include <string>

#include "core/graph/graph_effective_detail.h"
#include "core/graph/graph_ops.h"
#include "core/graph/graph_state.h"

namespace convscope {

using namespace graph_detail;

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

const char* AxisName(size_t axis, int dims) {
    if (axis == 0) return "batch";
    if (axis == 1) return "channels";
    return SpatialName(static_cast<int>(axis) - 2, dims);
}

// The input's shape: the one given, or the declared one with symbols resolved.
std::vector<int64_t> InputShape(const GraphValue& input, const GraphOptions& options) {
    const size_t declared = input.has_shape ? input.shape.size() : 0;
    if (!options.input_shape.empty()) {
        if (input.has_shape && options.input_shape.size() != declared) {
            throw Error("the input shape given, " + ShapeText(options.input_shape) + ", has rank " +
                        Str(static_cast<int64_t>(options.input_shape.size())) + " but input '" +
                        input.name + "' is declared with rank " +
                        Str(static_cast<int64_t>(declared)));
        }
        return options.input_shape;
    }
    const int dims = static_cast<int>(declared) - 2;
    std::vector<int64_t> shape(declared);
    for (size_t i = 0; i < declared; ++i) {
        const GraphDim& dim = input.shape[i];
        const auto symbol = options.symbols.find(dim.symbol);
        if (dim.size > 0) {
            shape[i] = dim.size;
        } else if (!dim.symbol.empty() && symbol != options.symbols.end()) {
            shape[i] = symbol->second;
        } else if (i == 0) {
            shape[i] = 1;  // a free batch size: one sample
        } else {
            std::string example;
            for (size_t j = 0; j < declared; ++j) {
                const int64_t size = input.shape[j].size > 0 ? input.shape[j].size
                                     : j == 0                ? 1
                                     : j == 1                ? 3
                                                             : 224;
                example += (j ? "," : "") + Str(size);
            }
            throw Error("input '" + input.name + "' dimension " + Str(static_cast<int64_t>(i)) +
                        " ('" + AxisName(i, dims) + "')" +
                        (dim.symbol.empty() ? "" : " is '" + dim.symbol + "' and") +
                        " has no size: give the input shape, e.g. " + example +
                        (dim.symbol.empty() ? "" : ", or a size for '" + dim.symbol + "'"));
        }
    }
    return shape;
}

// Spatial dimensions of the analysed input, checked.
int InputDims(const GraphValue& input, const std::vector<int64_t>& shape) {
    if (shape.size() < 3 || shape.size() > 5) {
        throw Error("input '" + input.name + "' has shape " + ShapeText(shape) +
                    ": fields are measured on an input of rank 3 to 5 (N, C, then 1 to 3 "
                    "spatial dimensions)");
    }
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] < 1 || shape[i] > kMaxExtent) {
            throw Error("input '" + input.name + "' dimension " + Str(static_cast<int64_t>(i)) +
                        " has size " + Str(shape[i]) + "; sizes must be from 1 to " +
                        Str(kMaxExtent));
        }
    }
    return static_cast<int>(shape.size()) - 2;
}

const GraphValue& PickInput(const Graph& graph, const GraphOptions& options) {
    for (const GraphValue& v : graph.inputs)
        if (v.has_shape && v.shape.size() >= 3) return v;
    if (!options.input_shape.empty()) {
        for (const GraphValue& v : graph.inputs)
            if (!v.has_shape) return v;
    }
    std::string names;
    for (const GraphValue& v : graph.inputs) names += (names.empty() ? "" : ", ") + v.name;
    throw Error(
        "the graph has no input of rank 3 or more (N, C, then 1 to 3 spatial dimensions) "
        "to measure fields on" +
        (names.empty() ? std::string(" (it has no inputs)") : "; its inputs: " + names));
}

// Another graph input: its declared shape where every dimension is known.
ValueState OtherInput(const GraphValue& input, const std::map<std::string, int64_t>& symbols) {
    ValueState v;
    v.producer = input.name;
    if (!input.has_shape) return v;
    for (size_t i = 0; i < input.shape.size(); ++i) {
        const GraphDim& dim = input.shape[i];
        const auto symbol = symbols.find(dim.symbol);
        if (dim.size >= 0) {
            v.shape.push_back(dim.size);
        } else if (!dim.symbol.empty() && symbol != symbols.end()) {
            v.shape.push_back(symbol->second);
        } else if (i == 0) {
            v.shape.push_back(1);
        } else {
            v.shape.clear();
            return v;
        }
    }
    v.known = true;
    return v;
}

// The per-dimension summary of a value, and its flags about varying fields.
NodeAnalysis Summarise(const std::string& name, const std::string& op, const ValueState& value,
                       int dims) {
    NodeAnalysis a;
    a.name = name;
    a.op = op;
    a.shape_known = value.known;
    if (value.known) a.shape = value.shape;
    a.whole_input = value.whole;
    a.depends_on_input = value.depends;
    if (!value.known || !StandardLayout(value, dims)) return a;
    std::vector<std::string> varies;
    for (int d = 0; d < dims; ++d) {
        const AxisPtr& field = value.fields[static_cast<size_t>(d)];
        DimField f;
        f.jump = field->jump;
        f.aligned = field->aligned;
        if (field->size > 0) {
            f.range = field->units.front();
            f.central = field->units[static_cast<size_t>((field->size - 1) / 2)];
            f.rf = f.central.Size();
            f.rf_min = f.rf_max = f.rf;
            for (const CellRange& unit : field->units) {
                f.rf_min = std::min(f.rf_min, unit.Size());
                f.rf_max = std::max(f.rf_max, unit.Size());
            }
        }
        varies.push_back(f.rf_min == f.rf_max ? std::string()
                                              : "rf varies from unit to unit (min " +
                                                    Str(f.rf_min) + ", max " + Str(f.rf_max) + ")");
        a.fields.push_back(f);
    }
    bool all_same = true;
    for (const std::string& text : varies) all_same = all_same && text == varies.front();
    for (int d = 0; d < dims; ++d) {
        const std::string& text = varies[static_cast<size_t>(d)];
        if (text.empty()) continue;
        if (all_same) {
            a.flags.push_back(text);
            break;
        }
        a.flags.push_back(text + " in " + SpatialName(d, dims));
    }
    return a;
}

}  // namespace

GraphAnalysis AnalyseGraph(const Graph& graph, const GraphOptions& options) {
    GraphAnalysis result;
    const GraphValue& input = PickInput(graph, options);
    const std::vector<int64_t> shape = InputShape(input, options);
    const int dims = InputDims(input, shape);
    result.input_name = input.name;
    result.input_shape = shape;

    AnalysisContext context;
    context.dims = dims;
    context.input_sizes.assign(shape.begin() + 2, shape.end());

    std::map<std::string, ValueState> values;
    std::map<std::string, std::string> producer_op;
    for (const auto& [name, constant] : graph.constants) {
        ValueState v;
        v.known = true;
        v.shape = constant.dims;
        v.producer = name;
        if (constant.has_values && constant.is_integer) {
            v.has_ints = true;
            v.ints = constant.ints;
        } else if (constant.has_values) {
            v.has_floats = true;
            v.floats = constant.floats;
        }
        values[name] = std::move(v);
    }
    // The analysed input: unit u of each spatial dimension is input cell u, and beyond the
    // edges the same line continues (padding cells count as cells).
    {
        ValueState v;
        v.known = true;
        v.shape = shape;
        v.depends = true;
        v.producer = input.name;
        for (int d = 0; d < dims; ++d) {
            v.axes.push_back(2 + d);
            v.fields.push_back(MakeAxis(context, shape[static_cast<size_t>(2 + d)], Fraction{1, 1},
                                        true, [](int64_t u) {
                                            return CellRange{u, u};
                                        }));
            v.fields.back()->is_input = true;
        }
        values[input.name] = std::move(v);
    }
    // Symbols the input's declaration names take its sizes, for the other inputs.
    std::map<std::string, int64_t> symbols = options.symbols;
    if (input.has_shape) {
        for (size_t i = 0; i < input.shape.size() && i < shape.size(); ++i)
            if (!input.shape[i].symbol.empty()) symbols.emplace(input.shape[i].symbol, shape[i]);
    }
    for (const GraphValue& other : graph.inputs)
        if (other.name != input.name) values[other.name] = OtherInput(other, symbols);

    const ValueState unknown;
    std::vector<std::string> unsupported;  // "op" or "op (mode)", each once, in order met
    int failed = 0;
    for (const GraphNode& node : graph.nodes) {
        context.node = static_cast<int>(&node - graph.nodes.data());
        NodeRun run{node, graph.opset, context, {}, {}, {}, {}};
        for (const std::string& name : node.inputs) {
            const auto found = values.find(name);
            run.in.push_back(name.empty()            ? nullptr
                             : found == values.end() ? &unknown
                                                     : &found->second);
            run.in_names.push_back(name);
        }
        run.out.resize(node.outputs.size());
        const bool default_domain = node.domain.empty() || node.domain == "ai.onnx";
        const std::string op_label = default_domain ? node.op : node.domain + "." + node.op;
        const auto note_unsupported = [&](const std::string& what) {
            bool met = false;
            for (const std::string& u : unsupported) met = met || u == what;
            if (!met) unsupported.push_back(what);
        };
        try {
            if (default_domain && node.op == "Constant") {
                // Its value is in `constants` when the reader could keep it.
                for (size_t k = 0; k < node.outputs.size(); ++k) {
                    const auto found = graph.constants.count(node.outputs[k])
                                           ? values.find(node.outputs[k])
                                           : values.end();
                    if (found == values.end()) {
                        run.flags.push_back("the value of Constant '" + node.outputs[k] +
                                            "' is not available: shapes that depend on it are "
                                            "unknown");
                    } else {
                        run.out[k] = found->second;
                    }
                }
            } else {
                const OpHandler handler = default_domain ? FindOpHandler(node.op) : nullptr;
                if (handler == nullptr) throw Unsupported{};
                handler(run);
            }
        } catch (const LimitError&) {
            throw;
        } catch (const Unsupported& u) {
            const std::string what = u.reason.empty() ? op_label : op_label + " (" + u.reason + ")";
            run.out.assign(node.outputs.size(), ValueState{});
            run.flags.push_back("unsupported op " + what + " (node " + node.name +
                                "): shapes after it are unknown");
            note_unsupported(what);
        } catch (const UnknownInput& u) {
            run.out.assign(node.outputs.size(), ValueState{});
            run.flags.push_back("shape unknown: input '" + u.value + "' has no known shape");
        } catch (const Error& e) {
            run.out.assign(node.outputs.size(), ValueState{});
            run.flags.push_back(std::string("cannot compute (shapes after it are unknown): ") +
                                e.what());
            ++failed;
        }
        for (size_t k = 0; k < node.outputs.size(); ++k) {
            if (node.outputs[k].empty()) continue;
            run.out[k].producer = node.name;
            producer_op[node.outputs[k]] = node.op;
            values[node.outputs[k]] = run.out[k];
        }
        if (!options.effective_field_node.empty() && node.name == options.effective_field_node) {
            result.has_effective_field = true;
            const ValueState& value = run.out.empty() ? ValueState{} : run.out.front();
            if (value.known && StandardLayout(value, dims)) {
                result.effective_field = EffectiveFieldOf(graph, value.fields, context.input_sizes);
            } else {
                result.effective_field.shape = context.input_sizes;
                result.effective_field.unavailable =
                    "'" + node.name + "' has no field per position on the input";
            }
            result.effective_field.node = node.name;
        }
        NodeAnalysis a =
            Summarise(node.name, node.op, run.out.empty() ? ValueState{} : run.out.front(), dims);
        a.flags.insert(a.flags.begin(), run.flags.begin(), run.flags.end());
        result.nodes.push_back(std::move(a));
    }
    for (const GraphValue& output : graph.outputs) {
        const auto found = values.find(output.name);
        const auto op = producer_op.find(output.name);
        result.outputs.push_back(Summarise(output.name, op == producer_op.end() ? "" : op->second,
                                           found == values.end() ? ValueState{} : found->second,
                                           dims));
    }
    if (!options.effective_field_node.empty() && !result.has_effective_field) {
        throw Error("no node is named '" + options.effective_field_node.substr(0, 80) +
                    "' (effective_field)");
    }
    if (!unsupported.empty()) {
        std::string list;
        for (const std::string& u : unsupported) list += (list.empty() ? "" : ", ") + u;
        result.notes.push_back("unsupported ops (shapes after them are unknown): " + list);
    }
    if (failed > 0) {
        result.notes.push_back(Str(failed) + (failed == 1 ? " node" : " nodes") +
                               " could not be computed; their flags say why");
    }
    return result;
}

}  // namespace convscope
