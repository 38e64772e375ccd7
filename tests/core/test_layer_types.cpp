// The layer-type table (core/layer/layer_types.inc) is the one description every text form
// reads: each type's names are distinct and every reader finds the type by them.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "core/code_export/code_export.h"
#include "core/layer/layer.h"
#include "core/layer/layer_json.h"
#include "core/layer/layer_text.h"
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
    CHECK(LayerTypeNameList() == "conv, conv_transpose, max_pool, avg_pool");
    CHECK(FrameworkClassName("ConvTranspose#d", 3) == "ConvTranspose3d");
    CHECK(FrameworkClassName("MaxPooling#D", 1) == "MaxPooling1D");
}

TEST_CASE("layer types: every type reads back from JSON, tokens and print(model)",
          "[layer_types]") {
    for (const LayerTypeInfo& info : kLayerTypes) {
        for (int dims = 1; dims <= 3; ++dims) {
            INFO(info.json_name << " in " << dims << "-D");
            const Layer layer = MakeLayer(info.type, std::vector<int64_t>(dims, 2));
            CHECK(ParseLayer(LayerToJson(layer), dims).type == info.type);
            Layer from_token;
            std::string error;
            REQUIRE(ParseLayerToken(LayerToken(layer), dims, from_token, error));
            CHECK(from_token.type == info.type);
            // PyTorch's module name, as print(model) shows it.
            const std::string module = FrameworkClassName(info.pytorch, dims);
            const std::string args =
                info.Has(kLayerHasWeights) ? "(4, 4, kernel_size=2)" : "(kernel_size=2, stride=2)";
            const ParsedNetwork parsed = ParseTorchPrint("Net(\n  (a): " + module + args + "\n)\n");
            REQUIRE(parsed.network.layers.size() == 1);
            CHECK(parsed.network.layers[0].type == info.type);
        }
    }
}

TEST_CASE("layer types: code export names the classes of the table", "[layer_types]") {
    for (const LayerTypeInfo& info : kLayerTypes) {
        Layer layer = MakeLayer(info.type, {3, 3});
        if (info.Has(kLayerHasWeights)) layer.in_channels = layer.out_channels = 1;
        const CodeExport code = ExportCode(layer, {8, 8});
        INFO(info.json_name);
        CHECK(code.pytorch.find("nn." + FrameworkClassName(info.pytorch, 2)) != std::string::npos);
        CHECK(code.keras.find("layers." + FrameworkClassName(info.keras, 2)) != std::string::npos);
        CHECK(code.onnx.find(std::string("'") + info.onnx + "'") != std::string::npos);
    }
}
