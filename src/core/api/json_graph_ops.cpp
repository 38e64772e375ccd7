// The model-graph request (see json_graph_ops.h and docs/api.md).
#include "core/api/json_graph_ops.h"

#include <string>

#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"

namespace convscope::graph_ops {

namespace {

using nlohmann::json;

json NodeJson(const NodeAnalysis& node) {
    json out = {{"name", node.name},
                {"op", node.op},
                {"shape", node.shape_known ? json(node.shape) : json(nullptr)},
                {"whole_input", node.whole_input},
                {"flags", node.flags}};
    if (node.fields.empty()) return out;
    json rf = json::array(), rf_min = json::array(), rf_max = json::array(), jump = json::array(),
         jump_exact = json::array(), range = json::array(), aligned = json::array();
    for (const DimField& f : node.fields) {
        rf.push_back(f.rf);
        rf_min.push_back(f.rf_min);
        rf_max.push_back(f.rf_max);
        jump.push_back(f.jump.denominator == 1 ? json(f.jump.numerator) : json(f.jump.Value()));
        jump_exact.push_back(f.jump.denominator == 1 ? std::to_string(f.jump.numerator)
                                                     : std::to_string(f.jump.numerator) + "/" +
                                                           std::to_string(f.jump.denominator));
        range.push_back(f.range.Empty() ? json(nullptr) : json({f.range.lo, f.range.hi}));
        aligned.push_back(f.aligned);
    }
    out["rf"] = rf;
    out["rf_min"] = rf_min;
    out["rf_max"] = rf_max;
    out["jump"] = jump;
    out["jump_exact"] = jump_exact;
    out["range"] = range;
    out["aligned"] = aligned;
    return out;
}

}  // namespace

GraphOptions ReadGraphOptions(const json& request) {
    GraphOptions options;
    if (request.contains("input_shape")) {
        const json& shape = request["input_shape"];
        if (!shape.is_array() || shape.size() < 3 || shape.size() > 5)
            throw Error(
                "\"input_shape\" is the model input's whole shape, N, C and 1 to 3 "
                "spatial sizes, e.g. [1,3,224,224]");
        for (const json& d : shape) {
            if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > kMaxExtent)
                throw Error("\"input_shape\" sizes are whole numbers from 1 to " +
                            std::to_string(kMaxExtent) + ", got " + d.dump().substr(0, 40));
            options.input_shape.push_back(d.get<int64_t>());
        }
    }
    if (request.contains("symbols")) {
        const json& symbols = request["symbols"];
        if (!symbols.is_object())
            throw Error("\"symbols\" gives each named dimension a size, e.g. {\"batch\":1}");
        for (const auto& [name, size] : symbols.items()) {
            if (!size.is_number_integer() || size.get<int64_t>() < 1 ||
                size.get<int64_t>() > kMaxExtent)
                throw Error("symbol '" + name.substr(0, 40) + "' needs a whole size from 1 to " +
                            std::to_string(kMaxExtent));
            options.symbols[name] = size.get<int64_t>();
        }
    }
    return options;
}

json GraphAnalysisJson(const GraphAnalysis& analysis) {
    json nodes = json::array(), outputs = json::array();
    for (const NodeAnalysis& node : analysis.nodes) nodes.push_back(NodeJson(node));
    for (const NodeAnalysis& output : analysis.outputs) outputs.push_back(NodeJson(output));
    return {{"input", {{"name", analysis.input_name}, {"shape", analysis.input_shape}}},
            {"nodes", nodes},
            {"outputs", outputs},
            {"notes", analysis.notes}};
}

json OpGraph(const json& request) {
    if (!request.contains("model") || !request["model"].is_string())
        throw Error("graph needs \"model\": the .onnx file's bytes as base64 text");
    const Graph graph = ReadOnnxModelBase64(request["model"].get<std::string>());
    return GraphAnalysisJson(AnalyseGraph(graph, ReadGraphOptions(request)));
}

}  // namespace convscope::graph_ops
