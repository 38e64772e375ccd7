// Nearest and linear upsampling, pixel shuffle and unshuffle: PyTorch's index rules (with
// their single-precision quirks), shapes and refusals, values, receptive fields, the
// effective field, and every text form (JSON, link keys, tokens, code).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/code_export/code_export.h"
#include "core/layer/error.h"
#include "core/layer/layer_json.h"
#include "core/layer/layer_link.h"
#include "core/layer/layer_text.h"
#include "core/layer/padding_solver.h"
#include "core/layer/resampling.h"
#include "core/layer/shape.h"
#include "core/network/effective_rf.h"
#include "core/network/receptive_field.h"
#include "core/numeric/numeric.h"

using namespace convscope;

namespace {

Layer Token(const std::string& token, int dims) {
    Layer layer;
    std::string error;
    INFO(token);
    REQUIRE(ParseLayerToken(token, dims, layer, error));
    return layer;
}

Tensor Values(std::vector<int64_t> shape, std::vector<float> data) {
    Tensor t = MakeTensor(shape, "test");
    t.data = std::move(data);
    return t;
}

std::string Refusal(const Layer& layer, const Extents& input) {
    try {
        ComputeShape(input, layer);
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("resampling: PyTorch's index rules, float quirks included", "[resampling]") {
    const ResampledAxis twice{LayerType::UpsampleNearest, 2, false, 5, 10};
    for (int64_t o = 0; o < 10; ++o) CHECK(SourcesOfOutput(twice, o).cells[0].cell == o / 2);
    // A scale of 41: PyTorch multiplies by 1/41 in float, which rounds down, so output 41 reads
    // input 0, not 1 (torch.nn.functional.interpolate agrees).
    const ResampledAxis x41{LayerType::UpsampleNearest, 41, false, 3, 123};
    CHECK(SourcesOfOutput(x41, 40).cells[0].cell == 0);
    CHECK(SourcesOfOutput(x41, 41).cells[0].cell == 0);
    CHECK(SourcesOfOutput(x41, 42).cells[0].cell == 1);

    // Linear, half-pixel: output 1 of a x2 axis sits at input 0.25.
    const ResampledAxis linear{LayerType::UpsampleLinear, 2, false, 4, 8};
    ResampledSources s = SourcesOfOutput(linear, 1);
    REQUIRE(s.count == 2);
    CHECK(s.cells[0].cell == 0);
    CHECK(s.cells[0].weight == 0.75f);
    CHECK(s.cells[1].cell == 1);
    CHECK(s.cells[1].weight == 0.25f);
    // The first output clamps to input 0 and the last reads the last cell twice.
    s = SourcesOfOutput(linear, 0);
    CHECK(s.cells[0].weight == 1.0f);
    CHECK(s.cells[1].weight == 0.0f);
    s = SourcesOfOutput(linear, 7);
    CHECK(s.cells[0].cell == 3);
    CHECK(s.cells[1].cell == 3);
    // align_corners: step (3-1)/(6-1) = 0.4; output 5 is input 2 exactly.
    const ResampledAxis corners{LayerType::UpsampleLinear, 2, true, 3, 6};
    s = SourcesOfOutput(corners, 5);
    CHECK(s.cells[0].cell == 2);
    CHECK(s.cells[1].weight == 0.0f);
    CHECK(OutputsOfSource(corners, 2) == std::vector<int64_t>{3, 4, 5});
    CHECK(OutputsOfSource(twice, 3) == std::vector<int64_t>{6, 7});
}

TEST_CASE("resampling: shapes, and refusals that name the rule and a fix", "[resampling]") {
    CHECK(ComputeShape({5, 7}, Token("n2x3", 2)).output == Extents{10, 21});
    CHECK(ComputeShape({5}, Token("b4A", 1)).output == Extents{20});
    CHECK(ComputeShape({3, 4}, Token("x2", 2)).output == Extents{6, 8});
    CHECK(ComputeShape({6, 8}, Token("u2", 2)).output == Extents{3, 4});

    CHECK_THAT(Refusal(Token("u2", 2), {5, 8}),
               Catch::Contains("divisible by its factor") && Catch::Contains("size of 6 or 4"));
    Layer shuffle = Token("x2", 2);
    shuffle.in_channels = 6;
    CHECK_THAT(Refusal(shuffle, {4, 4}),
               Catch::Contains("divisible by the square") && Catch::Contains("use 8 channels"));
    CHECK_THAT(Refusal(Token("x2", 1), {4}), Catch::Contains("two spatial dimensions"));
    CHECK_THAT(Refusal(Token("x2x3", 2), {4, 4}), Catch::Contains("one factor for both"));
    CHECK_THAT(Refusal(Token("n2p1", 2), {4, 4}), Catch::Contains("has no padding"));
    CHECK_THAT(Refusal(Token("n2s3", 2), {4, 4}), Catch::Contains("no stride of its own"));
    CHECK_THAT(Refusal(Token("c3A", 2), {4, 4}), Catch::Contains("align_corners belongs"));
    CHECK_THAT(Refusal(Token("n1024", 1), {1 << 30}), Catch::Contains("limit"));
    CHECK_THROWS_WITH(SolvePadding({4}, {8}, Token("n2", 1)), Catch::Contains("none to solve"));
}

TEST_CASE("resampling: values as PyTorch computes them", "[resampling]") {
    const Tensor row = Values({1, 1, 3}, {1, 2, 3});
    CHECK(RunLayer(Token("n2", 1), LayerInputs{&row}).data == std::vector<float>{1, 1, 2, 2, 3, 3});
    // F.interpolate([0, 4], scale_factor=2, mode='linear'): [0, 1, 3, 4].
    const Tensor pair = Values({1, 1, 2}, {0, 4});
    CHECK(RunLayer(Token("b2", 1), LayerInputs{&pair}).data == std::vector<float>{0, 1, 3, 4});
    // align_corners=True: [0, 4/3, 8/3, 4].
    const std::vector<float> corners = RunLayer(Token("b2A", 1), LayerInputs{&pair}).data;
    CHECK(corners[1] == Approx(4.0f / 3.0f));
    CHECK(corners[3] == 4.0f);
    // Pixel shuffle: channel c*r*r + a*r + b goes to row a, column b of channel c's block.
    const Tensor deep = Values({1, 4, 1, 1}, {1, 2, 3, 4});
    const Tensor wide = RunLayer(Token("x2", 2), LayerInputs{&deep});
    CHECK(wide.shape == std::vector<int64_t>{1, 1, 2, 2});
    CHECK(wide.data == std::vector<float>{1, 2, 3, 4});
    const Tensor back = RunLayer(Token("u2", 2), LayerInputs{&wide});
    CHECK(back.shape == deep.shape);
    CHECK(back.data == deep.data);
    // Weights are refused.
    CHECK_THROWS_WITH(RunLayer(Token("n2", 1), LayerInputs{&row, &row}),
                      Catch::Contains("has no weights"));
}

TEST_CASE("resampling: receptive fields and jumps in a stack", "[resampling][rf]") {
    // conv3p1, nearest x2, conv3p1 on 8: every unit of the last conv reads two conv units,
    // four input cells, half a cell apart.
    std::vector<Layer> stack = ReadStack("c3p1;n2;c3p1", 1).layers;
    std::vector<LayerField> f = ComputeReceptiveFields({8}, stack);
    CHECK(f[1].jump[0].numerator == 1);
    CHECK(f[1].jump[0].denominator == 2);
    CHECK(f[2].rf[0] == 4);
    CHECK(f[2].rf_min[0] == 4);
    CHECK(f[2].rf_max[0] == 4);
    CHECK(f[2].range[0].lo == -2);  // unit 0 reads beyond the edge: conv unit -1
    CHECK(f[2].range[0].hi == 1);

    // Linear x2 on 8: the edge units read one cell, the others two.
    f = ComputeReceptiveFields({8}, ReadStack("b2", 1).layers);
    CHECK(f[0].rf[0] == 2);
    CHECK(f[0].rf_min[0] == 1);
    CHECK(f[0].rf_max[0] == 2);

    // Unshuffle then shuffle: a 2-cell window at jump 2, then back to jump 1.
    f = ComputeReceptiveFields({8, 8}, ReadStack("u2;x2", 2).layers);
    CHECK(f[0].rf[0] == 2);
    CHECK(f[0].jump[0].numerator == 2);
    CHECK(f[1].rf[0] == 2);
    CHECK(f[1].jump[0].numerator == 1);
    CHECK(f[1].jump[0].denominator == 1);
}

TEST_CASE("resampling: the effective field follows the sources", "[resampling][erf]") {
    ErfOptions options;
    options.unit = {3};
    const ErfResult r = ComputeEffectiveField({4}, ReadStack("n2", 1).layers, options);
    CHECK(r.map == std::vector<float>{0, 1, 0, 0});
    options.unit = {1};
    const ErfResult linear = ComputeEffectiveField({4}, ReadStack("b2", 1).layers, options);
    CHECK(linear.map[0] == 1.0f);                 // weight 0.75
    CHECK(linear.map[1] == Approx(1.0f / 3.0f));  // weight 0.25
}

TEST_CASE("resampling: JSON, link keys, tokens and code", "[resampling][text]") {
    const ValidLayer layer = ParseLayer(
        nlohmann::json::parse(
            R"({"type": "upsample_linear", "scale_factor": [2, 3], "align_corners": true})"),
        2);
    CHECK(layer->kernel == Extents{2, 3});
    CHECK(layer->stride == Extents{2, 3});
    CHECK(layer->align_corners);
    const nlohmann::json back = LayerToJson(layer);
    CHECK(back["scale_factor"] == nlohmann::json({2, 3}));
    CHECK(back["align_corners"] == true);
    CHECK_FALSE(back.contains("kernel"));
    CHECK_FALSE(back.contains("padding"));
    CHECK_THROWS_WITH(
        ParseLayer(nlohmann::json::parse(R"({"type": "conv", "kernel": 3, "scale_factor": 2})"), 2),
        Catch::Contains("scale_factor belongs to resampling layers"));
    CHECK(ParseLayer(nlohmann::json::parse(R"({"type": "pixel_shuffle", "upscale_factor": 3})"), 2)
              ->kernel == Extents{3, 3});

    CHECK(LayerToken(Token("b2A", 2)) == "b2A");
    CHECK(LayerToken(Token("x3", 2)) == "x3");
    CHECK(DescribeLayer(Token("b2A", 2)) == "linear up ×2, align corners");

    LayerLinkReading reading(LayerLink{}, LayerLinkLimits{});
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"type", "upsample_linear"}, {"K", "2"}, {"S", "3"}, {"P", "1"}, {"align", "1"}}) {
        reading.Read(key, value);
    }
    const LayerLink link = reading.Finish();
    CHECK(link.layer.stride == Extents{2, 2});  // the factor, whatever S says
    CHECK(link.layer.padding[0] == PadPair{0, 0});
    CHECK(link.layer.align_corners);
    CHECK_NOTHROW(ValidLayer(link.layer));
    std::string pairs;
    for (const auto& [key, value] : LayerLinkPairs(link)) pairs += key + "=" + value + "&";
    CHECK(pairs == "I=5&K=2&type=upsample_linear&align=1&");

    Layer bilinear = Token("b2", 2);
    CHECK(ExportCode(bilinear, {4, 4})
              .pytorch.find("nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)") !=
          std::string::npos);
    CHECK(ExportCode(bilinear, {4, 4}).keras.find("interpolation='bilinear'") != std::string::npos);
    CHECK(ExportCode(bilinear, {4, 4})
              .onnx.find("coordinate_transformation_mode='pytorch_half_pixel'") !=
          std::string::npos);
    const CodeExport nearest = ExportCode(Token("n2x3", 2), {4, 4});
    CHECK(nearest.pytorch.find("nn.Upsample(scale_factor=(2, 3), mode='nearest')") !=
          std::string::npos);
    CHECK(nearest.onnx.find("nearest_mode='floor'") != std::string::npos);
    const CodeExport shuffle = ExportCode(Token("x2", 2), {4, 4});
    CHECK(shuffle.pytorch.find("nn.PixelShuffle(2)") != std::string::npos);
    CHECK(shuffle.onnx.find("mode='CRD'") != std::string::npos);
    CHECK(shuffle.in_channels == 4);
    CHECK(shuffle.out_channels == 1);
}

TEST_CASE("resampling: upsampling to an output size, as nn.Upsample(size=...)", "[resampling]") {
    // F.interpolate(arange(1, 6), size=7, mode='nearest') = [1, 1, 2, 3, 3, 4, 5]: PyTorch
    // steps by 5/7 in float, floor(o · 5/7).
    const Tensor five = Values({1, 1, 5}, {1, 2, 3, 4, 5});
    const Layer nearest = Token("n@7", 1);
    CHECK(nearest.size == Extents{7});
    CHECK(nearest.kernel == Extents{1});
    CHECK(RunLayer(nearest, LayerInputs{&five}).data == std::vector<float>{1, 1, 2, 3, 3, 4, 5});
    // mode='linear', align_corners=False: [1, 1.5714, 2.2857, 3, 3.7143, 4.4286, 5].
    const std::vector<float> linear = RunLayer(Token("b@7", 1), LayerInputs{&five}).data;
    CHECK(linear[1] == Approx(1.5714285f));
    CHECK(linear[3] == 3.0f);
    CHECK(linear[6] == 5.0f);
    // A size smaller than the input resamples down: nearest 5 -> 3 reads 0, 1, 3.
    CHECK(RunLayer(Token("n@3", 1), LayerInputs{&five}).data == std::vector<float>{1, 2, 4});
    // Shapes follow the size, whatever the input; the jump is input/size.
    CHECK(ComputeShape({5, 6}, ValidLayer(Token("b@7x9", 2))).output == Extents{7, 9});
    const std::vector<LayerField> f = ComputeReceptiveFields({5}, ReadStack("n@7;c3", 1).layers);
    CHECK(f[0].jump[0].numerator == 5);
    CHECK(f[0].jump[0].denominator == 7);
    CHECK(f[1].rf_min[0] == 2);
    CHECK(f[1].rf_max[0] == 3);
    // Every text form: JSON, tokens, link keys, description, code.
    const Layer json = ParseLayer(nlohmann::json::parse(
                                      R"({"type": "upsample_linear", "size": [7, 9],
                                          "align_corners": true})"),
                                  2);
    CHECK(json.size == Extents{7, 9});
    CHECK(LayerToJson(json)["size"] == nlohmann::json::array({7, 9}));
    CHECK(LayerToken(json) == "b@7x9A");
    CHECK(DescribeLayer(json) == "linear up to 7x9, align corners");
    CHECK_THROWS_WITH(ParseLayer(nlohmann::json::parse(R"({"type": "upsample_nearest", "size": 7,
                                             "scale_factor": 2})"),
                                 1),
                      Catch::Contains("scale_factor or size, not both"));
    CHECK_THROWS_WITH(ParseLayer(nlohmann::json::parse(R"({"type": "conv", "size": 7})"), 1),
                      Catch::Contains("size belongs to nearest and linear upsampling"));
    std::string error;
    Layer shuffled;
    CHECK_FALSE(ParseLayerToken("x@4", 2, shuffled, error));
    CHECK(error.find("only nearest (n) and linear (b) upsampling") != std::string::npos);
    LayerLinkReading reading(LayerLink{}, LayerLinkLimits{});
    reading.Read("type", "upsample_nearest");
    reading.Read("size", "12x10");
    const LayerLink link = reading.Finish();
    CHECK(link.layer.size == Extents{12, 10});
    std::string pairs;
    for (const auto& [key, value] : LayerLinkPairs(link)) pairs += key + "=" + value + "&";
    CHECK(pairs == "I=5&type=upsample_nearest&size=12x10&");
    const CodeExport code = ExportCode(json, {5, 6});
    CHECK(code.pytorch.find("nn.Upsample(size=(7, 9), mode='bilinear', align_corners=True)") !=
          std::string::npos);
    CHECK(code.onnx.find("'sizes'") != std::string::npos);
}
