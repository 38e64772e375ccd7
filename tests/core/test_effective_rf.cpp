// The effective receptive field against exact answers: a single convolution's box, stacked
// boxes convolved, strided and dilated patterns, the Gaussian's variance, brute-force
// gradients (one-hot inputs through the reference kernels) for every layer type and
// padding mode, and zero outside the theoretical field for every preset.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/layer/error.h"
#include "core/network/effective_rf.h"
#include "core/network/network_presets.h"
#include "core/numeric/numeric.h"
#include "helpers.h"

using namespace convscope;
using convscope::test::Conv;

namespace {

// The map of a linear stack by brute force: input cell i's weight is the unit's value when
// the input is the one-hot vector e_i (reference kernels, all weights 1), normalised to a
// largest value of 1.
std::vector<double> BruteForce(const std::vector<int64_t>& input, const std::vector<Layer>& layers,
                               const std::vector<int64_t>& unit) {
    int64_t cells = 1;
    for (const int64_t s : input) cells *= s;
    std::vector<double> map(static_cast<size_t>(cells));
    for (int64_t i = 0; i < cells; ++i) {
        std::vector<int64_t> shape = {1, 1};
        shape.insert(shape.end(), input.begin(), input.end());
        Tensor x = MakeTensor(shape, "x");
        x.data[static_cast<size_t>(i)] = 1.0f;
        for (Layer layer : layers) {
            layer.in_channels = layer.out_channels = 0;
            Tensor w;
            if (!layer.IsPooling()) {
                std::vector<int64_t> w_shape = {1, 1};
                w_shape.insert(w_shape.end(), layer.kernel.begin(), layer.kernel.end());
                w = MakeTensor(w_shape, "w");
                std::fill(w.data.begin(), w.data.end(), 1.0f);
            }
            x = RunLayer(layer, LayerInputs{&x, layer.IsPooling() ? nullptr : &w, nullptr},
                         KernelChoice::Reference);
        }
        int64_t flat = 0;
        for (size_t d = 0; d < unit.size(); ++d) flat = flat * x.shape[2 + d] + unit[d];
        map[static_cast<size_t>(i)] = std::fabs(x.data[static_cast<size_t>(flat)]);
    }
    // A unit no input reaches (an output_padding cell) has an all-zero map.
    const double largest = *std::max_element(map.begin(), map.end());
    if (largest > 0) {
        for (double& v : map) v /= largest;
    }
    return map;
}

// Every unit of a small output, else the centre, first and last: units near the borders
// reach into the padding, where the padding modes and the pooling divisors differ.
void CheckAgainstBruteForce(const std::vector<int64_t>& input, const std::vector<Layer>& layers) {
    const std::vector<int64_t> out = ComputeReceptiveFields(input, layers).back().shape.output;
    std::vector<std::vector<int64_t>> units;
    if (out.size() == 1 && out[0] <= 16) {
        for (int64_t u = 0; u < out[0]; ++u) units.push_back({u});
    } else {
        std::vector<int64_t> centre, first(out.size(), 0), last;
        for (const int64_t o : out) {
            centre.push_back((o - 1) / 2);
            last.push_back(o - 1);
        }
        units = {centre, first, last};
    }
    for (const std::vector<int64_t>& unit : units) {
        ErfOptions o;
        o.unit = unit;
        const ErfResult r = ComputeEffectiveField(input, layers, o);
        const std::vector<double> expect = BruteForce(input, layers, unit);
        REQUIRE(r.map.size() == expect.size());
        for (size_t i = 0; i < expect.size(); ++i) {
            INFO("unit " << unit[0] << ", cell " << i);
            CHECK(r.map[i] == Approx(expect[i]).margin(1e-6));
        }
    }
}

// Every non-zero cell lies inside the unit's theoretical field.
void CheckInsideField(const ErfResult& r) {
    const int dims = static_cast<int>(r.input.size());
    int64_t strides[3] = {1, 1, 1};
    for (int d = dims - 2; d >= 0; --d)
        strides[d] = strides[d + 1] * r.input[static_cast<size_t>(d + 1)];
    int64_t outside = 0;
    for (size_t i = 0; i < r.map.size(); ++i) {
        if (r.map[i] == 0) continue;
        for (int d = 0; d < dims; ++d) {
            const int64_t c =
                (static_cast<int64_t>(i) / strides[d]) % r.input[static_cast<size_t>(d)];
            if (c < r.theoretical[static_cast<size_t>(d)].lo ||
                c > r.theoretical[static_cast<size_t>(d)].hi)
                ++outside;
        }
    }
    CHECK(outside == 0);
    CHECK(r.nonzero > 0);
}

}  // namespace

TEST_CASE("one convolution with uniform weights: the box of its field", "[erf]") {
    const ErfResult r = ComputeEffectiveField({9, 9}, {Conv({3, 3})});
    CHECK(r.unit == std::vector<int64_t>{3, 3});
    CHECK(r.theoretical[0].lo == 3);
    CHECK(r.theoretical[0].hi == 5);
    for (int64_t y = 0; y < 9; ++y)
        for (int64_t x = 0; x < 9; ++x) {
            const bool inside = y >= 3 && y <= 5 && x >= 3 && x <= 5;
            CHECK(r.map[static_cast<size_t>(y * 9 + x)] == (inside ? 1.0f : 0.0f));
        }
    CHECK(r.nonzero == 9);
    CHECK(r.peak == std::vector<int64_t>{3, 3});
    CHECK(r.radius90 == Approx(std::sqrt(2.0)));
}

TEST_CASE("stacked uniform 3x3 convolutions: boxes convolved", "[erf]") {
    // [1 1 1] * [1 1 1] * [1 1 1] = [1 3 6 7 6 3 1], in each dimension.
    const double row[7] = {1, 3, 6, 7, 6, 3, 1};
    const ErfResult r = ComputeEffectiveField({11, 11}, {Conv({3, 3}), Conv({3, 3}), Conv({3, 3})});
    REQUIRE(r.unit == std::vector<int64_t>{2, 2});
    for (int64_t y = 0; y < 11; ++y)
        for (int64_t x = 0; x < 11; ++x) {
            const bool inside = y >= 2 && y <= 8 && x >= 2 && x <= 8;
            const double expect = inside ? row[y - 2] * row[x - 2] / 49.0 : 0.0;
            CHECK(r.map[static_cast<size_t>(y * 11 + x)] == Approx(expect).margin(1e-7));
        }
    // Strided: conv 3 stride 2, then conv 3: counts 1 1 2 1 2 1 1 over the 7 cells.
    const ErfResult s = ComputeEffectiveField({9}, {Conv({3}, {2}), Conv({3})},
                                              ErfOptions{ErfWeights::Uniform, 1, 1, 1, -1, {0}});
    const double strided[9] = {0.5, 0.5, 1, 0.5, 1, 0.5, 0.5, 0, 0};
    for (int i = 0; i < 9; ++i) CHECK(s.map[static_cast<size_t>(i)] == Approx(strided[i]));
    // Dilated: the taps of a dilation-3 kernel, holes between them.
    const ErfResult d = ComputeEffectiveField({9}, {Conv({3}, {1}, {}, {3})},
                                              ErfOptions{ErfWeights::Uniform, 1, 1, 1, -1, {1}});
    const float dilated[9] = {0, 1, 0, 0, 1, 0, 0, 1, 0};
    for (int i = 0; i < 9; ++i) CHECK(d.map[static_cast<size_t>(i)] == dilated[i]);
}

TEST_CASE("many uniform convolutions approach a Gaussian of variance n*2/3", "[erf][luo]") {
    // Luo et al.: n stacked uniform 3-kernels give the n-fold convolution of a box, whose
    // variance is n times the box's (2/3); away from the borders that holds exactly.
    std::vector<Layer> stack(10, Conv({3}));
    const ErfResult r = ComputeEffectiveField({61}, stack);
    CHECK(r.std_dev[0] == Approx(std::sqrt(10.0 * 2.0 / 3.0)).epsilon(1e-5));
    CHECK(r.mean[0] == Approx(r.centre[0]));
    CHECK(r.radius50 < r.radius90);
    CHECK(r.radius90 < 10.0);  // the theoretical field reaches 10 cells out; 90% lies well inside
}

TEST_CASE("the gradient matches brute force for every layer type and padding",
          "[erf][differential]") {
    SECTION("padding modes and asymmetric pads") {
        for (const PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect,
                                       PaddingMode::Replicate, PaddingMode::Circular}) {
            Layer a = Conv({3, 3}, {1, 1}, {1, 1});
            a.padding_mode = mode;
            Layer b = Conv({3, 2}, {2, 1}, {}, {1, 2});
            b.padding = {PadPair{2, 0}, PadPair{1, 1}};
            b.padding_asymmetric = true;
            b.padding_mode = mode;
            CheckAgainstBruteForce({7, 6}, {a, b});
        }
    }
    SECTION("transposed convolutions") {
        Layer t = Conv({3}, {2}, {1}, {}, LayerType::ConvTranspose);
        t.output_padding = {1};
        Layer t2 = Conv({2}, {3}, {0}, {2}, LayerType::ConvTranspose);
        t2.output_padding = {1};
        CheckAgainstBruteForce({5}, {Conv({3}, {1}, {1}), t, t2, Conv({3}, {2})});
        // output_padding beyond the stride (allowed below the dilation): cells no tap reaches.
        Layer t3 = Conv({2}, {1}, {0}, {3}, LayerType::ConvTranspose);
        t3.output_padding = {2};
        CheckAgainstBruteForce({6}, {t3, Conv({2})});
        CheckAgainstBruteForce(
            {4, 3}, {Conv({2, 2}, {2, 2}, {0, 0}, {}, LayerType::ConvTranspose), Conv({3, 3})});
    }
    SECTION("average pooling: divisors, padding, ceil_mode") {
        Layer p = Conv({3}, {2}, {1}, {}, LayerType::AvgPool);
        p.count_include_pad = false;
        p.ceil_mode = true;
        Layer q = Conv({2}, {1}, {1}, {}, LayerType::AvgPool);
        CheckAgainstBruteForce({8}, {Conv({3}), p, q});
        Layer r = Conv({3, 3}, {2, 2}, {1, 1}, {}, LayerType::AvgPool);
        CheckAgainstBruteForce({7, 7}, {r, Conv({2, 2})});
    }
    SECTION("3-D") {
        CheckAgainstBruteForce({4, 5, 3}, {Conv({3, 3, 2}, {1, 2, 1}, {1, 1, 0}), Conv({2, 2, 2})});
    }
}

TEST_CASE("max pooling routes the gradient through one cell per window", "[erf]") {
    const std::vector<Layer> stack = {Conv({3, 3}),
                                      Conv({2, 2}, {2, 2}, {}, {}, LayerType::MaxPool)};
    const ErfResult a = ComputeEffectiveField({10, 10}, stack);
    CHECK(a.nonzero == 9);  // the 3x3 box behind the one winning cell of the 2x2 window
    CheckInsideField(a);
    // Another seed may pick another winner; the same seed always picks the same.
    ErfOptions same;
    same.seed = 1;
    CHECK(ComputeEffectiveField({10, 10}, stack, same).map == a.map);
    bool moved = false;
    for (uint32_t seed = 2; seed < 20 && !moved; ++seed) {
        ErfOptions o;
        o.seed = seed;
        moved = ComputeEffectiveField({10, 10}, stack, o).map != a.map;
    }
    CHECK(moved);
}

TEST_CASE("the effective field is zero outside the theoretical field", "[erf][presets]") {
    for (const NetworkPreset& p : NetworkPresets()) {
        INFO(p.key);
        const std::vector<int64_t> input = p.network.input;
        for (const ErfWeights w : {ErfWeights::Uniform, ErfWeights::Random}) {
            ErfOptions o;
            o.weights = w;
            o.channels = 2;
            // A corner unit too: its field reaches into the padding.
            CheckInsideField(ComputeEffectiveField(input, p.network.layers, o));
            o.unit.assign(input.size(), 0);
            CheckInsideField(ComputeEffectiveField(input, p.network.layers, o));
        }
    }
}

TEST_CASE("random weights: seeded, channels and trials", "[erf]") {
    const std::vector<Layer> stack = {Conv({3, 3}, {1, 1}, {1, 1}), Conv({3, 3}, {2, 2}, {1, 1}),
                                      Conv({3, 3}, {1, 1}, {1, 1})};
    ErfOptions o;
    o.weights = ErfWeights::Random;
    o.channels = 4;
    o.trials = 3;
    o.seed = 5;
    const ErfResult a = ComputeEffectiveField({16, 16}, stack, o);
    CHECK(ComputeEffectiveField({16, 16}, stack, o).map == a.map);
    o.seed = 6;
    CHECK(ComputeEffectiveField({16, 16}, stack, o).map != a.map);
    CheckInsideField(a);
    CHECK(*std::max_element(a.map.begin(), a.map.end()) == 1.0f);
    CHECK(a.notes.size() >= 2);
}

TEST_CASE("effective field refusals", "[erf][errors]") {
    const std::vector<Layer> stack = {Conv({3}), Conv({3})};
    ErfOptions o;
    o.unit = {5};
    CHECK_THROWS_WITH(ComputeEffectiveField({7}, stack, o),
                      Catch::Contains("unit index 5") && Catch::Contains("0..2"));
    o.unit = {1, 1};
    CHECK_THROWS_WITH(ComputeEffectiveField({7}, stack, o),
                      Catch::Contains("one index per dimension"));
    o = ErfOptions{};
    o.layer = 2;
    CHECK_THROWS_WITH(ComputeEffectiveField({7}, stack, o), Catch::Contains("layer 2"));
    o = ErfOptions{};
    o.weights = ErfWeights::Random;
    o.channels = 17;
    CHECK_THROWS_WITH(ComputeEffectiveField({7}, stack, o), Catch::Contains("channels"));
    CHECK_THROWS_WITH(ComputeEffectiveField({7}, {}), Catch::Contains("at least one layer"));
    CHECK_THROWS_WITH(ComputeEffectiveField({2}, stack), Catch::Contains("layer 1"));
    o.channels = 16;
    o.trials = 16;
    CHECK_THROWS_WITH(
        ComputeEffectiveField({1024, 1024}, std::vector<Layer>(8, Conv({7, 7}, {1, 1}, {3, 3})), o),
        Catch::Contains("limit of 2000000000"));
}
