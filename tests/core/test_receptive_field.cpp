// Receptive fields against published numbers: the chapter's stacks, WaveNet, and Google's
// receptive_field table (VGG-16 pool5).
#include <catch2/catch.hpp>
#include <random>

#include "core/layer/error.h"
#include "core/network/receptive_field.h"
#include "helpers.h"

using namespace convscope;
using namespace convscope::test;

TEST_CASE("three 3x3 convolutions see 7 cells", "[rf][seed]") {
    const auto f = ComputeReceptiveFields(
        {32}, {Conv({3}, {1}, {1}), Conv({3}, {1}, {1}), Conv({3}, {1}, {1})});
    CHECK(f[0].rf[0] == 3);
    CHECK(f[1].rf[0] == 5);
    CHECK(f[2].rf[0] == 7);
    CHECK(f[2].range[0].lo == -3);
    CHECK(f[2].range[0].hi == 3);
    CHECK(f[2].jump[0].numerator == 1);
}

TEST_CASE("quick check: conv3, conv3, pool2, conv3, conv3", "[rf][seed]") {
    const auto f = ComputeReceptiveFields(
        {32}, {Conv({3}, {1}, {1}), Conv({3}, {1}, {1}), Conv({2}, {2}, {}, {}, LayerType::MaxPool),
               Conv({3}, {1}, {1}), Conv({3}, {1}, {1})});
    CHECK(f[2].rf[0] == 6);
    CHECK(f[3].rf[0] == 10);
    CHECK(f[4].rf[0] == 14);
    CHECK(f[4].jump[0].numerator == 2);
}

TEST_CASE("WaveNet: kernel 2, dilations 1..512 reach 1024", "[rf]") {
    std::vector<Layer> stack;
    for (int64_t d = 1; d <= 512; d *= 2) {
        Layer causal = Conv({2}, {1}, {}, {d});
        causal.padding = {PadPair{d, 0}};  // causal: all padding on the left
        causal.padding_asymmetric = true;
        stack.push_back(causal);
    }
    const auto f = ComputeReceptiveFields({4096}, stack);
    CHECK(f.back().rf[0] == 1024);
    CHECK(f.back().shape.output[0] == 4096);
    CHECK(f.back().range[0].hi == 0);  // causal: the first output sees only the past
}

TEST_CASE("VGG-16 pool5: RF 212, jump 32, effective padding 90", "[rf][published]") {
    std::vector<Layer> vgg;
    const int blocks[5] = {2, 2, 3, 3, 3};
    for (int b = 0; b < 5; ++b) {
        for (int c = 0; c < blocks[b]; ++c) vgg.push_back(Conv({3, 3}, {1, 1}, {1, 1}));
        vgg.push_back(Conv({2, 2}, {2, 2}, {}, {}, LayerType::MaxPool));
    }
    const auto f = ComputeReceptiveFields({224, 224}, vgg);
    CHECK(f.back().rf[0] == 212);
    CHECK(f.back().jump[0].numerator == 32);
    CHECK(f.back().range[0].lo == -90);
    CHECK(f.back().shape.output == std::vector<int64_t>{7, 7});
}

TEST_CASE("transposed layers trace exactly, with fractional jumps", "[rf][transpose]") {
    // Downsample by 2 then upsample by 2 (k=2, s=2): output cell 0 of the transposed layer
    // depends only on unit 0 of the conv, which sees input cells 0..1.
    const auto f = ComputeReceptiveFields(
        {8}, {Conv({2}, {2}), Conv({2}, {2}, {0}, {}, LayerType::ConvTranspose)});
    CHECK(f[1].shape.output[0] == 8);
    CHECK(f[1].range[0].lo == 0);
    CHECK(f[1].range[0].hi == 1);
    CHECK(f[1].jump[0].numerator == 1);
    CHECK(f[1].jump[0].denominator == 1);
    const auto up =
        ComputeReceptiveFields({8}, {Conv({3}, {2}, {1}, {}, LayerType::ConvTranspose)});
    CHECK(up[0].jump[0].numerator == 1);
    CHECK(up[0].jump[0].denominator == 2);
    // Output 0 = uncropped 1: input 0 through tap 1 only.
    CHECK(up[0].range[0].lo == 0);
    CHECK(up[0].range[0].hi == 0);
    const auto trace =
        TraceUnit({Conv({3}, {2}, {1}, {}, LayerType::ConvTranspose)}, {up[0].shape}, 0, {2});
    CHECK(trace[0].lo == 1);  // uncropped 3 = 1*2 + 1: inputs 1 (tap 1) and... only 1
    CHECK(trace[0].hi == 1);
}

TEST_CASE("channels carry along the stack", "[rf][cost]") {
    Layer first = Conv({3, 3}, {1, 1}, {1, 1});
    first.in_channels = 3;
    first.out_channels = 64;
    Layer second = Conv({3, 3}, {1, 1}, {1, 1});
    second.out_channels = 64;
    const auto f = ComputeReceptiveFields({224, 224}, {first, second});
    CHECK(f[1].cost.known);
    CHECK(f[1].cost.parameters == 64 * 64 * 9 + 64);
}

TEST_CASE("errors name the layer", "[rf][errors]") {
    CHECK_THROWS_WITH(ComputeReceptiveFields({5}, {Conv({3}), Conv({3}), Conv({3})}),
                      Catch::Contains("layer 3"));
}

TEST_CASE("receptive fields: the closed form agrees with the cell-by-cell trace", "[rf]") {
    // Random stacks of convolutions and poolings (any padding, stride, dilation, ceil mode):
    // every layer's first-unit range from ComputeReceptiveFields equals TraceUnit's.
    std::mt19937 rng(5);
    const auto pick = [&](int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
    };
    int compared = 0;
    for (int n = 0; n < 300; ++n) {
        const int dims = static_cast<int>(pick(1, 2));
        std::vector<Layer> layers;
        const int count = static_cast<int>(pick(1, 8));
        for (int i = 0; i < count; ++i) {
            const LayerType type = static_cast<LayerType>(std::vector<int>{0, 0, 2, 3}[rng() % 4]);
            Layer layer =
                MakeLayer(type, std::vector<int64_t>(static_cast<size_t>(dims), pick(1, 4)));
            for (int d = 0; d < dims; ++d) {
                layer.stride[d] = pick(1, 3);
                if (type != LayerType::AvgPool) layer.dilation[d] = pick(1, 2);
                const int64_t limit = layer.IsPooling() ? layer.kernel[d] / 2 : 3;
                layer.padding[d] = PadPair{pick(0, limit), 0};
                layer.padding[d].after = layer.IsPooling() ? layer.padding[d].before : pick(0, 3);
            }
            layer.padding_asymmetric = true;
            layer.ceil_mode = layer.IsPooling() && rng() % 2;
            layers.push_back(layer);
        }
        std::vector<LayerField> fields;
        try {
            fields =
                ComputeReceptiveFields(std::vector<int64_t>(static_cast<size_t>(dims), 64), layers);
        } catch (const Error&) {
            continue;
        }
        std::vector<Shape> shapes;
        for (const LayerField& f : fields) shapes.push_back(f.shape);
        for (size_t l = 0; l < fields.size(); ++l) {
            const std::vector<CellRange> traced =
                TraceUnit(layers, shapes, l, std::vector<int64_t>(static_cast<size_t>(dims), 0));
            for (int d = 0; d < dims; ++d) {
                REQUIRE(fields[l].range[d].lo == traced[d].lo);
                REQUIRE(fields[l].range[d].hi == traced[d].hi);
            }
            ++compared;
        }
    }
    CHECK(compared > 500);
}
