// The model-graph request (see json_graph_ops.h and docs/api.md).
#include "core/api/json_graph_ops.h"

#include <cmath>
#include <string>

#include "core/api/json_answer.h"
#include "core/layer/error.h"
#include "core/network/table_text.h"
#if CONVSCOPE_MODEL_FILES
#include "core/onnx/onnx_reader.h"
#endif

namespace convscope::graph_ops {

namespace {

using nlohmann::json;

json RangeJson(const CellRange& range) {
    return range.Empty() ? json(nullptr) : json({range.lo, range.hi});
}

json NodeJson(const NodeAnalysis& node) {
    json out = {{"name", node.name},
                {"op", node.op},
                {"shape", node.shape_known ? json(node.shape) : json(nullptr)},
                {"whole_input", node.whole_input},
                {"depends_on_input", node.depends_on_input},
                {"flags", node.flags}};
    if (node.fields.empty()) return out;
    json rf = json::array(), rf_min = json::array(), rf_max = json::array(), jump = json::array(),
         jump_exact = json::array(), range = json::array(), central = json::array(),
         aligned = json::array();
    for (const DimField& f : node.fields) {
        rf.push_back(f.rf);
        rf_min.push_back(f.rf_min);
        rf_max.push_back(f.rf_max);
        jump.push_back(f.jump.denominator == 1 ? json(f.jump.numerator) : json(f.jump.Value()));
        jump_exact.push_back(FractionText(f.jump));
        range.push_back(RangeJson(f.range));
        central.push_back(RangeJson(f.central));
        aligned.push_back(f.aligned);
    }
    out["rf"] = rf;
    out["rf_min"] = rf_min;
    out["rf_max"] = rf_max;
    out["jump"] = jump;
    out["jump_exact"] = jump_exact;
    out["range"] = range;
    out["central_range"] = central;
    out["aligned"] = aligned;
    return out;
}

}  // namespace

GraphAnalysis GraphAnalysisFromJson(const json& answer) {
    if (answer.is_object() && answer.contains("error") && answer["error"].is_string())
        throw Error(answer["error"].get<std::string>());
    const auto fail = [] {
        return Error(
            "not a graph analysis: expected {\"input\", \"nodes\", \"outputs\", "
            "\"notes\"} as the graph op answers");
    };
    if (!answer.is_object() || !answer.contains("nodes") || !answer["nodes"].is_array())
        throw fail();
    const auto range = [](const json& r) {
        return r.is_array() && r.size() == 2 ? CellRange{r[0].get<int64_t>(), r[1].get<int64_t>()}
                                             : CellRange{};
    };
    const auto node_of = [&](const json& n) {
        NodeAnalysis node;
        node.name = n.at("name").get<std::string>();
        node.op = n.at("op").get<std::string>();
        node.shape_known = n.at("shape").is_array();
        if (node.shape_known) node.shape = n["shape"].get<std::vector<int64_t>>();
        node.whole_input = n.value("whole_input", false);
        node.depends_on_input = n.value("depends_on_input", true);
        node.flags = n.value("flags", std::vector<std::string>());
        if (!n.contains("rf")) return node;
        for (size_t d = 0; d < n["rf"].size(); ++d) {
            DimField f;
            f.rf = n["rf"][d].get<int64_t>();
            f.rf_min = n.at("rf_min")[d].get<int64_t>();
            f.rf_max = n.at("rf_max")[d].get<int64_t>();
            const std::string jump = n.at("jump_exact")[d].get<std::string>();
            const size_t slash = jump.find('/');
            f.jump = slash == std::string::npos ? Fraction{std::stoll(jump), 1}
                                                : Fraction{std::stoll(jump.substr(0, slash)),
                                                           std::stoll(jump.substr(slash + 1))};
            f.range = range(n.at("range")[d]);
            f.central = range(n.at("central_range")[d]);
            f.aligned = n.at("aligned")[d].get<bool>();
            node.fields.push_back(f);
        }
        return node;
    };
    GraphAnalysis analysis;
    try {
        analysis.input_name = answer.at("input").at("name").get<std::string>();
        analysis.input_shape = answer.at("input").at("shape").get<std::vector<int64_t>>();
        for (const json& n : answer["nodes"]) analysis.nodes.push_back(node_of(n));
        for (const json& n : answer.value("outputs", json::array()))
            analysis.outputs.push_back(node_of(n));
        analysis.notes = answer.value("notes", std::vector<std::string>());
        if (answer.contains("effective_field")) {
            const json& field = answer["effective_field"];
            analysis.has_effective_field = true;
            analysis.effective_field.node = field.at("node").get<std::string>();
            analysis.effective_field.shape = field.at("shape").get<std::vector<int64_t>>();
            analysis.effective_field.values = field.at("values").get<std::vector<double>>();
            analysis.effective_field.unavailable = field.value("unavailable", std::string());
        }
    } catch (const json::exception&) {
        throw fail();
    } catch (const std::logic_error&) {  // a jump that is not a number
        throw fail();
    }
    return analysis;
}

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
    if (request.contains("effective_field")) {
        const json& node = request["effective_field"];
        if (!node.is_string() || node.get<std::string>().empty())
            throw Error(
                "\"effective_field\" names the node whose effective field to compute, "
                "e.g. \"/layer4/layer4.1/relu_1/Relu\"");
        options.effective_field_node = node.get<std::string>();
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
    json answer = {{"input", {{"name", analysis.input_name}, {"shape", analysis.input_shape}}},
                   {"nodes", nodes},
                   {"outputs", outputs},
                   {"notes", analysis.notes}};
    if (analysis.has_effective_field) {
        const GraphEffectiveField& field = analysis.effective_field;
        json values = json::array();
        // Four decimals: the picture needs no more, and the answer stays a few bytes a cell.
        for (const double v : field.values) values.push_back(std::round(v * 1e4) / 1e4);
        answer["effective_field"] = {{"node", field.node},
                                     {"shape", field.shape},
                                     {"values", values},
                                     {"unavailable", field.unavailable}};
    }
    return answer;
}

json OpGraph(const json& request) {
#if CONVSCOPE_MODEL_FILES
    if (!request.contains("model") || !request["model"].is_string())
        throw Error("graph needs \"model\": the .onnx file's bytes as base64 text");
    const Graph graph = ReadOnnxModelBase64(request["model"].get<std::string>());
    return GraphAnalysisJson(AnalyseGraph(graph, ReadGraphOptions(request)));
#else
    (void)request;
    throw Error(
        "the page reads models in a part of its own, loaded when a model is opened: call "
        "ConvScope.analyseModel(file or bytes, {input_shape, symbols}), which returns a promise "
        "of this op's answer (docs/api.md)");
#endif
}

std::string AnswerGraphRequest(const Graph& graph, const std::string& request_text) {
    return AnswerJsonText(request_text, [&graph](const json& request) {
        if (!request.is_object())
            throw Error("a graph request is a JSON object, e.g. {\"input_shape\":[1,3,224,224]}");
        return GraphAnalysisJson(AnalyseGraph(graph, ReadGraphOptions(request)));
    });
}

}  // namespace convscope::graph_ops
