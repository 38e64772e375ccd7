// Transposed convolution equals zero insertion + implicit padding + an ordinary stride-1
// convolution with the flipped kernel: the construction's sizes on the textbook case, and
// its values against the transposed kernel on random problems (1-D to 3-D, strides,
// dilations, paddings beyond k_eff−1, output_padding, groups, bias).
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/numeric/numeric.h"
#include "core/numeric/transposed_equivalent.h"

using namespace convscope;

namespace {

float Value(std::mt19937& rng) { return static_cast<float>(rng() % 2000) / 1000.0f - 1.0f; }
int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
}
Tensor RandomTensor(std::mt19937& rng, std::vector<int64_t> shape) {
    Tensor t = MakeTensor(shape, "test tensor");
    for (float& v : t.data) v = Value(rng);
    return t;
}

}  // namespace

TEST_CASE("transposed equivalent: Dumoulin & Visin's sizes", "[transposed]") {
    // I=3, K=3, S=2, P=1, output_padding=1: the input becomes 5 wide with zeros, padded
    // 1 before and 2 after, and a stride-1 3-wide convolution gives 6 = (3−1)·2 − 2 + 3 + 1.
    Layer layer = MakeLayer(LayerType::ConvTranspose, {3});
    layer.stride = {2};
    layer.padding = {PadPair{1, 1}};
    layer.output_padding = {1};
    const TransposedEquivalent eq = MakeTransposedEquivalent({3}, layer);
    CHECK(eq.inserted == std::vector<int64_t>{5});
    CHECK(eq.pad_before == std::vector<int64_t>{1});
    CHECK(eq.pad_after == std::vector<int64_t>{2});
    CHECK(eq.convolution.type == LayerType::Conv);
    CHECK(eq.convolution.stride == std::vector<int64_t>{1});
    CHECK(eq.expanded == std::vector<int64_t>{8});
    CHECK(ComputeShape(eq.expanded, eq.convolution).output == std::vector<int64_t>{6});

    // Padding beyond k_eff−1 crops the inserted input instead of padding it.
    layer.padding = {PadPair{3, 3}};
    layer.output_padding = {0};
    layer.stride = {3};
    const TransposedEquivalent cropped = MakeTransposedEquivalent({4}, layer);
    CHECK(cropped.pad_before == std::vector<int64_t>{-1});
    CHECK(cropped.expanded == std::vector<int64_t>{10 - 1 - 1});
    CHECK(cropped.convolution.padding[0] == PadPair{0, 0});

    CHECK_THROWS_AS(MakeTransposedEquivalent({4}, MakeLayer(LayerType::Conv, {3})), Error);
}

TEST_CASE("transposed equivalent: the flipped kernel swaps channels and reverses taps",
          "[transposed]") {
    Tensor w = MakeTensor({2, 3, 2, 2}, "w");  // C_in 2, C_out 3, 2x2
    for (size_t i = 0; i < w.data.size(); ++i) w.data[i] = static_cast<float>(i);
    const Tensor f = FlipTransposedWeight(w, 1);
    REQUIRE(f.shape == std::vector<int64_t>{3, 2, 2, 2});
    // f[o][i][r][c] = w[i][o][1−r][1−c]
    CHECK(f.data[((1 * 2 + 0) * 2 + 0) * 2 + 0] == w.data[((0 * 3 + 1) * 2 + 1) * 2 + 1]);
    CHECK(f.data[((2 * 2 + 1) * 2 + 1) * 2 + 0] == w.data[((1 * 3 + 2) * 2 + 0) * 2 + 1]);
}

TEST_CASE("transposed equivalent: equals the transposed convolution on random problems",
          "[transposed]") {
    std::mt19937 rng(20261121);
    int checked = 0;
    for (int n = 0; n < 500; ++n) {
        const int dims = static_cast<int>(Pick(rng, 1, 3));
        std::vector<int64_t> kernel(dims), input(dims);
        for (auto& k : kernel) k = Pick(rng, 1, dims == 3 ? 3 : 4);
        Layer layer = MakeLayer(LayerType::ConvTranspose, kernel);
        layer.padding.clear();
        for (int d = 0; d < dims; ++d) {
            input[d] = Pick(rng, 1, dims == 3 ? 4 : 7);
            layer.stride[d] = Pick(rng, 1, 4);
            layer.dilation[d] = Pick(rng, 1, 3);
            const int64_t keff = EffectiveKernel(kernel[d], layer.dilation[d]);
            const int64_t p = Pick(rng, 0, keff + 1);
            layer.padding.push_back(PadPair{p, p});
            layer.output_padding[d] =
                Pick(rng, 0, std::max(layer.stride[d], layer.dilation[d]) - 1);
        }
        layer.groups = Pick(rng, 1, 2);
        const int64_t c_in = layer.groups * Pick(rng, 1, 2), c_out = layer.groups * Pick(rng, 1, 2);
        layer.in_channels = c_in;
        layer.out_channels = c_out;
        try {
            ComputeShape(input, layer);
        } catch (const Error&) {
            continue;  // e.g. padding that leaves no output: refused by both
        }
        std::vector<int64_t> xs = {2, c_in}, ws = {c_in, c_out / layer.groups};
        xs.insert(xs.end(), input.begin(), input.end());
        ws.insert(ws.end(), kernel.begin(), kernel.end());
        const Tensor x = RandomTensor(rng, xs), w = RandomTensor(rng, ws),
                     b = RandomTensor(rng, {c_out});
        const Tensor direct = RunLayer(layer, LayerInputs{&x, &w, &b}, KernelChoice::Reference);
        const Tensor via_conv = RunTransposedAsConvolution(layer, x, w, &b);
        INFO("case " << n << " dims " << dims);
        REQUIRE(direct.shape == via_conv.shape);
        for (size_t i = 0; i < direct.data.size(); ++i)
            REQUIRE(std::fabs(direct.data[i] - via_conv.data[i]) < 1e-4f);
        ++checked;
    }
    CHECK(checked > 280);  // the sweep must not be mostly refused configurations
}
