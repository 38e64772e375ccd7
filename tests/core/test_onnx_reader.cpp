// The ONNX reader: models built with onnx.proto's own classes, serialised, and read back.
#include <google/protobuf/stubs/strutil.h>
#include <onnx/onnx.pb.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "core/api/json_api.h"
#include "core/api/json_graph_ops.h"
#include "core/graph/graph_table.h"
#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"

using namespace convscope;

namespace {

onnx::ValueInfoProto Value(const std::string& name, const std::vector<int64_t>& dims,
                           const std::string& symbol_of_first = "") {
    onnx::ValueInfoProto value;
    value.set_name(name);
    auto* tensor = value.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    for (size_t i = 0; i < dims.size(); ++i) {
        auto* dim = tensor->mutable_shape()->add_dim();
        if (i == 0 && !symbol_of_first.empty()) {
            dim->set_dim_param(symbol_of_first);
        } else {
            dim->set_dim_value(dims[i]);
        }
    }
    return value;
}

onnx::TensorProto FloatTensor(const std::string& name, const std::vector<int64_t>& dims) {
    onnx::TensorProto tensor;
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    size_t count = 1;
    for (const int64_t d : dims) {
        tensor.add_dims(d);
        count *= static_cast<size_t>(d);
    }
    std::string raw(count * sizeof(float), '\0');
    for (size_t i = 0; i < count; ++i) {
        const float v = 0.5f * static_cast<float>(i);
        std::memcpy(&raw[i * sizeof(float)], &v, sizeof v);
    }
    tensor.set_raw_data(raw);
    return tensor;
}

// x [N,3,32,32] -> Conv(W 8x3x3x3, pads 1, strides 2) -> Reshape(shape constant) -> y; an
// initializer listed among the inputs too, as files before IR version 4 do; a Constant node.
onnx::ModelProto SmallModel() {
    onnx::ModelProto model;
    model.set_ir_version(3);
    model.set_producer_name("test");
    auto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(13);
    auto* graph = model.mutable_graph();
    graph->set_name("small");
    *graph->add_input() = Value("x", {0, 3, 32, 32}, "batch");
    *graph->add_input() = Value("W", {8, 3, 3, 3});
    *graph->add_initializer() = FloatTensor("W", {8, 3, 3, 3});
    onnx::TensorProto shape;
    shape.set_name("shape");
    shape.set_data_type(onnx::TensorProto::INT64);
    shape.add_dims(2);
    shape.add_int64_data(0);
    shape.add_int64_data(-1);
    *graph->add_initializer() = shape;

    auto* conv = graph->add_node();
    conv->set_op_type("Conv");
    conv->set_name("conv1");
    conv->add_input("x");
    conv->add_input("W");
    conv->add_output("c");
    auto* pads = conv->add_attribute();
    pads->set_name("pads");
    pads->set_type(onnx::AttributeProto::INTS);
    for (int i = 0; i < 4; ++i) pads->add_ints(1);
    auto* strides = conv->add_attribute();
    strides->set_name("strides");
    strides->set_type(onnx::AttributeProto::INTS);
    strides->add_ints(2);
    strides->add_ints(2);
    auto* mode = conv->add_attribute();
    mode->set_name("auto_pad");
    mode->set_type(onnx::AttributeProto::STRING);
    mode->set_s("NOTSET");

    auto* constant = graph->add_node();
    constant->set_op_type("Constant");
    constant->add_output("k");
    auto* value = constant->add_attribute();
    value->set_name("value_ints");
    value->set_type(onnx::AttributeProto::INTS);
    value->add_ints(4);
    value->add_ints(5);

    auto* reshape = graph->add_node();
    reshape->set_op_type("Reshape");
    reshape->add_input("c");
    reshape->add_input("shape");
    reshape->add_output("y");
    *graph->add_output() = Value("y", {0, 2048}, "batch");
    *graph->add_value_info() = Value("c", {1, 8, 16, 16});
    return model;
}

}  // namespace

TEST_CASE("An ONNX model is read into a graph", "[onnx]") {
    const Graph graph = ReadOnnxModelBytes(SmallModel().SerializeAsString());
    CHECK(graph.opset == 13);
    REQUIRE(graph.nodes.size() == 3);
    CHECK(graph.nodes[0].name == "conv1");
    CHECK(graph.nodes[0].op == "Conv");
    CHECK(graph.nodes[0].inputs == std::vector<std::string>{"x", "W"});
    CHECK(graph.nodes[0].attributes.at("pads").ints == std::vector<int64_t>{1, 1, 1, 1});
    CHECK(graph.nodes[0].attributes.at("pads").is_list);
    CHECK(graph.nodes[0].attributes.at("auto_pad").text == "NOTSET");
    // A node without a name is named by its op and place.
    CHECK(graph.nodes[1].name == "Constant_1");
    CHECK(graph.nodes[2].name == "Reshape_2");

    // The initializer W is not an input, although the file lists it among them.
    REQUIRE(graph.inputs.size() == 1);
    CHECK(graph.inputs[0].name == "x");
    REQUIRE(graph.inputs[0].shape.size() == 4);
    CHECK(graph.inputs[0].shape[0].symbol == "batch");
    CHECK(graph.inputs[0].shape[0].size == -1);
    CHECK(graph.inputs[0].shape[2].size == 32);
    REQUIRE(graph.outputs.size() == 1);
    CHECK(graph.outputs[0].name == "y");
    REQUIRE(graph.annotated.size() == 1);
    CHECK(graph.annotated[0].shape[1].size == 8);

    // Small constants keep their values, from typed fields, raw data and Constant nodes.
    CHECK(graph.constants.at("shape").ints == std::vector<int64_t>{0, -1});
    CHECK(graph.constants.at("shape").is_integer);
    CHECK(graph.constants.at("k").ints == std::vector<int64_t>{4, 5});
    const GraphConstant& weight = graph.constants.at("W");
    CHECK(weight.dims == std::vector<int64_t>{8, 3, 3, 3});
    REQUIRE(weight.has_values);  // 216 elements: small enough to keep
    CHECK(weight.floats.size() == 216);
    CHECK(weight.floats[3] == 1.5);
}

TEST_CASE("Large weights keep their dimensions and drop their values", "[onnx]") {
    onnx::ModelProto model = SmallModel();
    // 512x512x3x3 floats: 9.4 MB of raw data that the reader skips in the stream.
    *model.mutable_graph()->add_initializer() = FloatTensor("big", {512, 512, 3, 3});
    const std::string bytes = model.SerializeAsString();
    REQUIRE(bytes.size() > 9'000'000);
    const Graph graph = ReadOnnxModelBytes(bytes);
    const GraphConstant& big = graph.constants.at("big");
    CHECK(big.dims == std::vector<int64_t>{512, 512, 3, 3});
    CHECK_FALSE(big.has_values);
    CHECK(big.floats.empty());
    // What follows the skipped bytes is still read.
    CHECK(graph.nodes.size() == 3);
    CHECK(graph.constants.at("shape").ints == std::vector<int64_t>{0, -1});
}

TEST_CASE("Bad files get a message that says what they are not", "[onnx]") {
    CHECK_THROWS_WITH(ReadOnnxModelBytes("\x89PNG\r\n\x1a\n not a model at all"),
                      Catch::Contains("not an ONNX model"));
    const std::string bytes = SmallModel().SerializeAsString();
    CHECK_THROWS_WITH(ReadOnnxModelBytes(bytes.substr(0, bytes.size() / 2)),
                      Catch::Contains("not an ONNX model"));
    CHECK_THROWS_WITH(ReadOnnxModelBytes(""), Catch::Contains("not an ONNX model"));
    onnx::ModelProto empty;
    empty.set_ir_version(8);
    CHECK_THROWS_WITH(ReadOnnxModelBytes(empty.SerializeAsString()),
                      Catch::Contains("no graph nodes"));
    CHECK_THROWS_WITH(ReadOnnxModelFile("/nonexistent/model.onnx"),
                      Catch::Contains("cannot open '/nonexistent/model.onnx'"));
}

// The answer every program gives for the small model: the CLI's and the desktop's graph
// op, and the page's model reader (AnswerGraphRequest on the graph it read).
static void CheckSmallModelAnswer(const nlohmann::json& answer) {
    REQUIRE_FALSE(answer.contains("error"));
    CHECK(answer["input"]["shape"] == nlohmann::json({2, 3, 32, 32}));
    const nlohmann::json& conv = answer["nodes"][0];
    CHECK(conv["name"] == "conv1");
    CHECK(conv["shape"] == nlohmann::json({2, 8, 16, 16}));
    CHECK(conv["rf"] == nlohmann::json({3, 3}));
    CHECK(conv["jump_exact"] == nlohmann::json({"2", "2"}));
    CHECK(conv["range"] == nlohmann::json({{-1, 1}, {-1, 1}}));
    CHECK(answer["outputs"][0]["shape"] == nlohmann::json({2, 2048}));
    // Reshape to [N, -1] mixes every position of the map: the output depends on all of it.
    CHECK(answer["outputs"][0]["whole_input"] == true);
    CHECK_FALSE(answer["outputs"][0].contains("rf"));
}

TEST_CASE("The JSON API's graph op reads a model given as base64", "[onnx][api]") {
    std::string text;
    google::protobuf::Base64Escape(SmallModel().SerializeAsString(), &text);
    const nlohmann::json request = {{"op", "graph"}, {"model", text}, {"symbols", {{"batch", 2}}}};
#ifdef __EMSCRIPTEN__
    // The page's JSON API carries no model reader: it points to the one that is loaded when
    // a model is opened.
    CHECK_THROWS_WITH(Evaluate(request), Catch::Contains("ConvScope.analyseModel"));
#else
    CheckSmallModelAnswer(Evaluate(request));
    CHECK_THROWS_WITH(Evaluate({{"op", "graph"}, {"model", "!!"}}), Catch::Contains("not base64"));
#endif
}

TEST_CASE("A model already read answers graph requests as text, refusals included", "[onnx][api]") {
    const Graph graph = ReadOnnxModelBytes(SmallModel().SerializeAsString());
    CheckSmallModelAnswer(
        nlohmann::json::parse(graph_ops::AnswerGraphRequest(graph, R"({"symbols":{"batch":2}})")));
    // The central unit of a 16-wide map is unit 7: input cells 13..15 (stride 2, pad 1).
    const nlohmann::json answer = nlohmann::json::parse(graph_ops::AnswerGraphRequest(graph, "{}"));
    CHECK(answer["nodes"][0]["central_range"] == nlohmann::json({{13, 15}, {13, 15}}));
    const nlohmann::json refused = nlohmann::json::parse(
        graph_ops::AnswerGraphRequest(graph, R"({"input_shape":[1,3,0,32]})"));
    CHECK_THAT(refused["error"].get<std::string>(), Catch::Contains("input_shape"));
    const nlohmann::json malformed =
        nlohmann::json::parse(graph_ops::AnswerGraphRequest(graph, "{\"input_shape\":"));
    CHECK_THAT(malformed["error"].get<std::string>(), Catch::Contains("malformed JSON"));
}

TEST_CASE("A graph analysis is a table for people, CSV and Markdown, and survives its JSON form",
          "[onnx][graph][table]") {
    const Graph graph = ReadOnnxModelBytes(SmallModel().SerializeAsString());
    const GraphAnalysis analysis = AnalyseGraph(graph, {});
    REQUIRE(analysis.nodes.size() == 3);
    const std::vector<std::string> conv = GraphTableRow(analysis.nodes[0]);
    CHECK(conv ==
          std::vector<std::string>{"conv1", "Conv", "1x8x16x16", "3x3", "2", "[-1, 1]", ""});
    // The reshape mixes every position: no per-dimension field, the whole input.
    CHECK(GraphTableRow(analysis.nodes[2])[3] == "whole input");

    const std::string csv = GraphTableCsv(analysis.nodes);
    CHECK(csv.rfind("node,name,op,shape,dim,rf,rf_min,rf_max,jump,range_lo,range_hi,central_lo,"
                    "central_hi,aligned,whole_input,flags\n",
                    0) == 0);
    CHECK(csv.find("\n1,conv1,Conv,1x8x16x16,1,3,3,3,2,-1,1,13,15,true,false,\n") !=
          std::string::npos);
    CHECK(csv.find("\n1,conv1,Conv,1x8x16x16,2,3,3,3,2,-1,1,13,15,true,false,\n") !=
          std::string::npos);
    // A filtered export keeps each node's place in the graph.
    CHECK(GraphTableCsv({analysis.nodes[2]}, {2}).find("\n3,") != std::string::npos);
    const std::string markdown = GraphTableMarkdown(analysis.nodes);
    CHECK(markdown.find("| conv1 | Conv | 1x8x16x16 | 3x3 | 2 | [-1, 1] |  |\n") !=
          std::string::npos);

    CHECK(GraphNodeMatches(analysis.nodes[0], "conv"));
    CHECK(GraphNodeMatches(analysis.nodes[0], "8X16"));
    CHECK_FALSE(GraphNodeMatches(analysis.nodes[0], "reshape"));
    CHECK(GraphNodeMatches(analysis.nodes[0], ""));

    // The page's explorer reads the model reader's JSON answer back into the same analysis.
    const GraphAnalysis again =
        graph_ops::GraphAnalysisFromJson(graph_ops::GraphAnalysisJson(analysis));
    CHECK(GraphTableCsv(again.nodes) == csv);
    CHECK(again.input_shape == analysis.input_shape);
    CHECK_THROWS_WITH(graph_ops::GraphAnalysisFromJson({{"error", "no input"}}), "no input");
    CHECK_THROWS_WITH(graph_ops::GraphAnalysisFromJson({{"nodes", {{{"name", 1}}}}}),
                      Catch::Contains("not a graph analysis"));
}
