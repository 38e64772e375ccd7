// The layer description: the layer-type table (core/layer/layer_types.inc), the one
// description every text form reads, and the operations on a layer (dimensions, type,
// validation) that every editor uses.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "core/code_export/code_export.h"
#include "core/layer/layer.h"
#include "core/layer/layer_json.h"
#include "core/layer/layer_text.h"
#include "core/layer/shape.h"
#include "core/network/network_text.h"

using namespace convscope;

TEST_CASE("layer types: names and token letters are distinct and found again", "[layer_types]") {
    std::set<std::string> names;
    std::set<char> tokens;
    for (int i = 0; i < kLayerTypeCount; ++i) {
        const LayerTypeInfo& info = kLayerTypes[i];
        // The table is indexed by the enum: TypeInfo(type) is its own row.
        CHECK(static_cast<int>(info.type) == i);
        CHECK(&TypeInfo(info.type) == &info);
        CHECK(names.insert(info.json_name).second);
        CHECK(tokens.insert(info.token).second);
        CHECK(FindLayerType(info.json_name) == &info);
        CHECK(FindLayerTypeByToken(info.token) == &info);
        CHECK(std::string(LayerTypeName(info.type)) == info.json_name);
        // Pooling and weights exclude each other.
        CHECK_FALSE((info.Has(kLayerPooling) && info.Has(kLayerHasWeights)));
    }
    CHECK(FindLayerType("conv2d") == nullptr);
    CHECK(FindLayerTypeByToken('z') == nullptr);
    CHECK(LayerTypeNameList() ==
          "conv, conv_transpose, max_pool, avg_pool, upsample_nearest, upsample_linear, "
          "pixel_shuffle, pixel_unshuffle");
    CHECK(FrameworkClassName("ConvTranspose#d", 3) == "ConvTranspose3d");
    CHECK(FrameworkClassName("MaxPooling#D", 1) == "MaxPooling1D");
}

TEST_CASE("layer types: every type reads back from JSON, tokens and print(model)",
          "[layer_types]") {
    for (const LayerTypeInfo& info : kLayerTypes) {
        for (int dims = 1; dims <= 3; ++dims) {
            INFO(info.json_name << " in " << dims << "-D");
            const Layer layer = MakeLayer(info.type, std::vector<int64_t>(dims, 2));
            const bool shuffle =
                info.type == LayerType::PixelShuffle || info.type == LayerType::PixelUnshuffle;
            if (shuffle && dims != 2) {
                // PyTorch's PixelShuffle and PixelUnshuffle take (N, C, H, W) only.
                CHECK_THROWS_WITH(ParseLayer(LayerToJson(layer), dims),
                                  Catch::Contains("two spatial dimensions"));
                continue;
            }
            CHECK(ParseLayer(LayerToJson(layer), dims)->type == info.type);
            Layer from_token;
            std::string error;
            REQUIRE(ParseLayerToken(LayerToken(layer), dims, from_token, error));
            CHECK(from_token.type == info.type);
            // PyTorch's module name, as print(model) shows it.
            const std::string module = FrameworkClassName(info.pytorch, dims);
            std::string args =
                info.Has(kLayerHasWeights) ? "(4, 4, kernel_size=2)" : "(kernel_size=2, stride=2)";
            if (info.type == LayerType::UpsampleNearest)
                args = "(scale_factor=2.0, mode='nearest')";
            static const char* const kLinearModes[] = {"linear", "bilinear", "trilinear"};
            if (info.type == LayerType::UpsampleLinear)
                args = std::string("(scale_factor=2.0, mode='") + kLinearModes[dims - 1] +
                       "', align_corners=True)";
            if (info.type == LayerType::PixelShuffle) args = "(upscale_factor=2)";
            if (info.type == LayerType::PixelUnshuffle) args = "(downscale_factor=2)";
            // Upsample's dimensions come from the layers before it.
            const std::string before =
                "  (c): Conv" + std::to_string(dims) + "d(4, 4, kernel_size=1)\n";
            const ParsedNetwork parsed =
                ParseTorchPrint("Net(\n" + before + "  (a): " + module + args + "\n)\n");
            REQUIRE(parsed.network.layers.size() == 2);
            CHECK(parsed.network.layers[1].type == info.type);
            CHECK(parsed.network.layers[1].align_corners ==
                  (info.type == LayerType::UpsampleLinear));
        }
    }
}

TEST_CASE("layer types: code export names the classes of the table", "[layer_types]") {
    for (const LayerTypeInfo& info : kLayerTypes) {
        Layer layer = MakeLayer(info.type, {3, 3});
        if (info.Has(kLayerHasWeights)) layer.in_channels = layer.out_channels = 1;
        const CodeExport code = ExportCode(layer, {9, 9});
        INFO(info.json_name);
        CHECK(code.pytorch.find("nn." + FrameworkClassName(info.pytorch, 2)) != std::string::npos);
        // Keras has no pixel shuffle layer: tf.nn.depth_to_space / space_to_depth in a Lambda.
        const std::string keras = *info.keras ? FrameworkClassName(info.keras, 2)
                                  : info.type == LayerType::PixelShuffle
                                      ? "Lambda(lambda x: tf.nn.depth_to_space"
                                      : "Lambda(lambda x: tf.nn.space_to_depth";
        CHECK(code.keras.find("layers." + keras) != std::string::npos);
        // ONNX's SpaceToDepth orders channels unlike PixelUnshuffle: the export reshapes.
        const std::string onnx =
            info.type == LayerType::PixelUnshuffle ? "Transpose" : std::string(info.onnx);
        CHECK(code.onnx.find("'" + onnx + "'") != std::string::npos);
    }
}

TEST_CASE("extents change dimensions from the front", "[layer]") {
    CHECK(ResizeExtents({5, 7}, 3) == Extents{5, 5, 7});
    CHECK(ResizeExtents({4, 5, 7}, 2) == Extents{5, 7});
    CHECK(ResizeExtents({4, 5, 7}, 1) == Extents{7});
    CHECK(ResizeExtents({9}, 3) == Extents{9, 9, 9});
    CHECK(ResizeExtents({}, 2) == Extents{1, 1});
    CHECK(SameInEveryDimension(Extents{4, 4, 4}));
    CHECK_FALSE(SameInEveryDimension(Extents{4, 1}));

    Layer layer = MakeLayer(LayerType::Conv, {3, 1});
    layer.stride = {2, 1};
    layer.padding = {PadPair{1, 2}, PadPair{0, 0}};
    const Layer cube = ChangeLayerDims(layer, 3);
    CHECK(cube.kernel == Extents{3, 3, 1});
    CHECK(cube.stride == Extents{2, 2, 1});
    CHECK(cube.dilation == Extents{1, 1, 1});
    CHECK(cube.output_padding == Extents{0, 0, 0});
    REQUIRE(cube.padding.size() == 3);
    CHECK(cube.padding[0] == PadPair{1, 2});
    CHECK(cube.padding[2] == PadPair{0, 0});
    const Layer line = ChangeLayerDims(cube, 1);
    CHECK(line.kernel == Extents{1});
    CHECK(line.padding.size() == 1);
    CHECK_NOTHROW(ValidLayer(line));
    // One value per list describes the line, not the layer it came from (3x1, pads 1:2 / 0).
    CHECK(SameInEveryDimension(line));
    CHECK_FALSE(SameInEveryDimension(layer));
    Layer padded = MakeLayer(LayerType::Conv, {3, 3});
    padded.padding = {PadPair{1, 1}, PadPair{1, 0}};
    CHECK_FALSE(SameInEveryDimension(padded));
}

TEST_CASE("a layer changing type keeps only what the new type takes", "[layer]") {
    Layer conv = MakeLayer(LayerType::Conv, {3, 3});
    conv.padding_mode = PaddingMode::Reflect;
    conv.dilation = {2, 2};
    conv.groups = 2;
    const Layer avg = ChangeLayerType(conv, LayerType::AvgPool);
    CHECK(avg.padding_mode == PaddingMode::Zeros);
    CHECK(avg.dilation == Extents{1, 1});
    CHECK(avg.stride == Extents{3, 3});  // PyTorch's pooling default
    CHECK(avg.groups == 1);
    CHECK_NOTHROW(ValidLayer(avg));
    Layer transposed = MakeLayer(LayerType::ConvTranspose, {4});
    transposed.stride = {2};
    transposed.output_padding = {1};
    const Layer back = ChangeLayerType(transposed, LayerType::Conv);
    CHECK(back.output_padding == Extents{0});
    CHECK(back.stride == Extents{2});  // a conv keeps its stride
    CHECK_NOTHROW(ValidLayer(back));
}

TEST_CASE("a valid layer is checked once, and again only for its channels", "[layer]") {
    Layer bad = MakeLayer(LayerType::Conv, {3, 3});
    bad.stride = {0, 1};
    CHECK_THROWS_WITH(ValidLayer(bad), Catch::Contains("stride must be at least 1"));
    Layer grouped = MakeLayer(LayerType::Conv, {3});
    grouped.groups = 2;
    const ValidLayer valid(grouped);
    CHECK(valid.WithChannels(4, 6)->out_channels == 6);
    CHECK_THROWS_WITH(valid.WithChannels(3, 6), Catch::Contains("in_channels must be divisible"));
    CHECK(ComputeShape({8}, valid).output == Extents{6});
}
