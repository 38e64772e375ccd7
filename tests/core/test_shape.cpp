// Output shapes, padding rules and their refusals: the formulas, the known traps and the
// messages that name the rule and the numbers.
#include <catch2/catch.hpp>

#include "core/layer/error.h"
#include "core/layer/shape.h"
#include "helpers.h"

using namespace convscope;
using namespace convscope::test;

namespace {
std::vector<int64_t> Out(const std::vector<int64_t>& input, const Layer& layer) {
    return ComputeShape(input, layer).output;
}
}  // namespace

TEST_CASE("master formula O = floor((I + 2P - D(K-1) - 1)/S) + 1", "[shape]") {
    CHECK(Out({32}, Conv({3})) == std::vector<int64_t>{30});
    CHECK(Out({32}, Conv({3}, {2})) == std::vector<int64_t>{15});
    CHECK(Out({32}, Conv({3}, {4})) == std::vector<int64_t>{8});
    CHECK(Out({32}, Conv({7}, {2})) == std::vector<int64_t>{13});
    CHECK(Out({224, 224}, Conv({3, 3}, {2, 2}, {1, 1})) == std::vector<int64_t>{112, 112});
    // Dilation enters only through k_eff = D(K-1)+1.
    CHECK(Out({32}, Conv({3}, {1}, {1}, {2})) == std::vector<int64_t>{30});
    CHECK(Out({32}, Conv({3}, {1}, {2}, {2})) == std::vector<int64_t>{32});
    CHECK(ComputeShape({19}, Conv({3}, {1}, {6}, {6})).effective_kernel ==
          std::vector<int64_t>{13});
    // Non-square kernels and per-dimension strides in 3D.
    CHECK(Out({16, 20, 24}, Conv({3, 3, 1}, {1, 2, 3}, {1, 1, 0})) ==
          std::vector<int64_t>{16, 10, 8});
}

TEST_CASE("the same rules resolve to their documented pads", "[shape][same]") {
    SECTION("PyTorch: total d(k-1), the extra cell after, stride 1 only") {
        CHECK(ComputeShape({100, 20}, WithSame(Conv({4, 1}), SameRule::PyTorch)).pads ==
              std::vector<PadPair>{{1, 2}, {0, 0}});
        CHECK(ComputeShape({32}, WithSame(Conv({3}, {1}, {}, {2}), SameRule::PyTorch)).pads ==
              std::vector<PadPair>{{2, 2}});
        try {
            ComputeShape({224}, WithSame(Conv({3}, {2}), SameRule::PyTorch));
            FAIL("stride 2 with PyTorch same must be refused");
        } catch (const Error& e) {
            const std::string m = e.what();
            CHECK(m.find("padding='same' is not supported with stride 2") != std::string::npos);
            CHECK(m.find("TensorFlow rule gives pads [[0, 1]]") != std::string::npos);
        }
    }
    SECTION("TensorFlow: output ceil(I/S), stride 2 on 224 with k=7 pads (2, 3)") {
        const Shape s = ComputeShape({224}, WithSame(Conv({7}, {2}), SameRule::TensorFlow));
        CHECK(s.pads == std::vector<PadPair>{{2, 3}});
        CHECK(s.output == std::vector<int64_t>{112});
        CHECK(ComputeShape({225}, WithSame(Conv({7}, {2}), SameRule::TensorFlow)).pads ==
              std::vector<PadPair>{{3, 3}});
        // Stride larger than the kernel: no padding at all.
        CHECK(ComputeShape({10}, WithSame(Conv({1}, {3}), SameRule::TensorFlow)).pads ==
              std::vector<PadPair>{{0, 0}});
        CHECK(Out({10}, WithSame(Conv({1}, {3}), SameRule::TensorFlow)) == std::vector<int64_t>{4});
    }
    SECTION("ONNX SAME_UPPER puts the odd cell after, SAME_LOWER before") {
        CHECK(ComputeShape({224}, WithSame(Conv({7}, {2}), SameRule::OnnxUpper)).pads ==
              std::vector<PadPair>{{2, 3}});
        CHECK(ComputeShape({224}, WithSame(Conv({7}, {2}), SameRule::OnnxLower)).pads ==
              std::vector<PadPair>{{3, 2}});
    }
    SECTION("valid and full") {
        Layer valid = Conv({3});
        valid.padding_form = PaddingForm::Valid;
        CHECK(Out({5}, valid) == std::vector<int64_t>{3});
        Layer full = Conv({3}, {1}, {}, {2});
        full.padding_form = PaddingForm::Full;
        CHECK(ComputeShape({5}, full).pads == std::vector<PadPair>{{4, 4}});
        CHECK(Out({5}, full) == std::vector<int64_t>{9});
    }
}

TEST_CASE("transposed convolution output (i-1)s - 2p + d(k-1) + output_padding + 1",
          "[shape][transpose]") {
    Layer up = Conv({4}, {2}, {1}, {}, LayerType::ConvTranspose);
    CHECK(Out({56}, up) == std::vector<int64_t>{112});
    up.output_padding = {1};
    CHECK(Out({56}, up) == std::vector<int64_t>{113});
    up.output_padding = {2};
    try {
        ComputeShape({56}, up);
        FAIL("output_padding 2 with stride 2 must be refused");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find(
                  "output_padding must be smaller than either stride or dilation") !=
              std::string::npos);
    }
    // With dilation 3 and stride 1, output_padding up to 2 is allowed.
    Layer dilated = Conv({3}, {1}, {0}, {3}, LayerType::ConvTranspose);
    dilated.output_padding = {2};
    CHECK(Out({5}, dilated) == std::vector<int64_t>{4 + 6 + 2 + 1});
    // Under the TensorFlow rule "same" gives input x stride, cropping (k-s) cells.
    const Shape tf = ComputeShape(
        {7}, WithSame(Conv({3}, {2}, {}, {}, LayerType::ConvTranspose), SameRule::TensorFlow));
    CHECK(tf.output == std::vector<int64_t>{14});
    // A kernel shorter than the stride is extended instead.
    const Shape short_kernel = ComputeShape(
        {7}, WithSame(Conv({1}, {3}, {}, {}, LayerType::ConvTranspose), SameRule::TensorFlow));
    CHECK(short_kernel.output == std::vector<int64_t>{21});
    CHECK(short_kernel.output_padding == std::vector<int64_t>{2});
    CHECK_THROWS_AS(ComputeShape({7}, WithSame(Conv({3}, {1}, {}, {}, LayerType::ConvTranspose),
                                               SameRule::PyTorch)),
                    Error);
    // Cropping everything away is refused.
    CHECK_THROWS_AS(ComputeShape({1}, Conv({1}, {1}, {1}, {}, LayerType::ConvTranspose)), Error);
}

TEST_CASE("pooling: ceil_mode never starts a window inside the right padding", "[shape][pool]") {
    Layer pool = Conv({2}, {2}, {}, {}, LayerType::MaxPool);
    CHECK(Out({5}, pool) == std::vector<int64_t>{2});
    pool.ceil_mode = true;
    CHECK(Out({5}, pool) == std::vector<int64_t>{3});
    // I=6, k=2, s=2, p=1: ceil((6+2-2)/2)+1 = 4, but window 4 would start at 6 = I + p_before
    // (entirely in the right padding), so PyTorch drops it: 3... and floor gives 4.
    Layer padded = Conv({2}, {2}, {1}, {}, LayerType::MaxPool);
    CHECK(Out({6}, padded) == std::vector<int64_t>{4});
    padded.ceil_mode = true;
    CHECK(Out({6}, padded) == std::vector<int64_t>{4});
    // I=5, k=3, s=2, p=1: ceil((5+2-3)/2)+1 = 3; window 3 starts at 4-1=3 < 5+1: kept.
    Layer p3 = Conv({3}, {2}, {1}, {}, LayerType::MaxPool);
    p3.ceil_mode = true;
    CHECK(Out({5}, p3) == std::vector<int64_t>{3});
    // I=4, k=2, s=3, p=1: span 4 -> ceil(4/3)+1 = 3, last starts at 6 >= 4+1: dropped -> 2.
    Layer drop = Conv({2}, {3}, {1}, {}, LayerType::MaxPool);
    drop.ceil_mode = true;
    const Shape dropped = ComputeShape({4}, drop);
    CHECK(dropped.output == std::vector<int64_t>{2});
    CHECK(dropped.ceil_window_dropped == std::vector<bool>{true});
    // Pad more than half the kernel is refused, as PyTorch does.
    CHECK_THROWS_WITH(ComputeShape({8}, Conv({3}, {1}, {2}, {}, LayerType::MaxPool)),
                      Catch::Contains("half of kernel size"));
    // Average pooling has no dilation.
    CHECK_THROWS_WITH(ComputeShape({8}, Conv({2}, {2}, {0}, {2}, LayerType::AvgPool)),
                      Catch::Contains("no dilation"));
    // Max pooling with dilation: k_eff = 2*(3-1)+1 = 5.
    CHECK(Out({10}, Conv({3}, {1}, {0}, {2}, LayerType::MaxPool)) == std::vector<int64_t>{6});
    // Pooling defaults its stride to the kernel.
    CHECK(MakeLayer(LayerType::MaxPool, {3, 2}).stride == std::vector<int64_t>{3, 2});
}

TEST_CASE("average pooling under a framework's same rule fits an input smaller than its kernel",
          "[shape][pool][same]") {
    // TensorFlow and ONNX Runtime pool a 2x2x2 input with a 3x3x3 'same' window: one cell of
    // padding on each side, output 2x2x2. PyTorch's avg_pool3d checks the unpadded input,
    // so its own padding forms are still refused.
    for (const SameRule rule : {SameRule::TensorFlow, SameRule::OnnxUpper, SameRule::OnnxLower}) {
        Layer pool = WithSame(Conv({3, 3, 3}, {1, 1, 1}, {}, {}, LayerType::AvgPool), rule);
        pool.count_include_pad = false;
        const Shape s = ComputeShape({2, 2, 2}, pool);
        CHECK(s.output == std::vector<int64_t>{2, 2, 2});
        CHECK(s.pads == std::vector<PadPair>{{1, 1}, {1, 1}, {1, 1}});
        // One dimension large enough, two not: only the small ones are padded past the input.
        CHECK(Out({4, 2, 1}, pool) == std::vector<int64_t>{4, 2, 1});
        // 1-D and 2-D take the same rule.
        CHECK(Out({2}, WithSame(Conv({3}, {1}, {}, {}, LayerType::AvgPool), rule)) ==
              std::vector<int64_t>{2});
        CHECK(Out({1, 2}, WithSame(Conv({3, 3}, {1, 1}, {}, {}, LayerType::AvgPool), rule)) ==
              std::vector<int64_t>{1, 2});
    }
    CHECK_THROWS_WITH(
        ComputeShape({2, 2, 2}, Conv({3, 3, 3}, {1, 1, 1}, {1, 1, 1}, {}, LayerType::AvgPool)),
        Catch::Contains("avg_pool3d refuses an input smaller than its kernel"));
}

TEST_CASE("padding modes follow PyTorch's limits", "[shape][modes]") {
    Layer reflect = Conv({3}, {1}, {3});
    reflect.padding_mode = PaddingMode::Reflect;
    CHECK_THROWS_WITH(ComputeShape({3}, reflect),
                      Catch::Contains("reflect padding needs pad < input size"));
    CHECK(Out({4}, reflect) == std::vector<int64_t>{8});
    Layer circular = Conv({3}, {1}, {3});
    circular.padding_mode = PaddingMode::Circular;
    CHECK(Out({3}, circular) == std::vector<int64_t>{7});
    CHECK_THROWS_WITH(ComputeShape({2}, circular),
                      Catch::Contains("circular padding needs pad <= input size"));
    Layer replicate = Conv({3}, {1}, {10});
    replicate.padding_mode = PaddingMode::Replicate;
    CHECK(Out({1}, replicate) == std::vector<int64_t>{19});
    Layer transposed = Conv({3}, {1}, {1}, {}, LayerType::ConvTranspose);
    transposed.padding_mode = PaddingMode::Reflect;
    CHECK_THROWS_WITH(ComputeShape({5}, transposed), Catch::Contains("zeros only"));
}

TEST_CASE("refusals name a fix that works", "[shape][errors]") {
    // Reflect on P=5 > I=3: at most 2, or a mode that takes it (circular only up to P = I).
    Layer reflect = Conv({3}, {1}, {5});
    reflect.padding_mode = PaddingMode::Reflect;
    CHECK_THROWS_WITH(ComputeShape({3}, reflect),
                      Catch::Contains("Fix: use pads of at most 2, or zeros or replicate padding"));
    reflect.padding = {PadPair{3, 3}};
    CHECK_THROWS_WITH(ComputeShape({3}, reflect),
                      Catch::Contains("or zeros, replicate or circular padding"));
    reflect.padding = {PadPair{2, 2}};
    CHECK(Out({3}, reflect) == std::vector<int64_t>{5});
    Layer circular = Conv({3}, {1}, {4});
    circular.padding_mode = PaddingMode::Circular;
    CHECK_THROWS_WITH(ComputeShape({3}, circular), Catch::Contains("Fix: use pads of at most 3"));
    // A dilated kernel too wide for its padded input: the widest kernel that fits, or the
    // padding that fits this one; both fixes compute.
    Layer wide = Conv({4}, {1}, {0}, {2});
    CHECK_THROWS_WITH(ComputeShape({5}, wide),
                      Catch::Contains("use K <= 3 at D = 2, or pad 2 more cells"));
    CHECK(Out({5}, Conv({3}, {1}, {0}, {2})) == std::vector<int64_t>{1});
    CHECK(Out({5}, Conv({4}, {1}, {1}, {2})) == std::vector<int64_t>{1});
    CHECK_THROWS_WITH(ComputeShape({5}, Conv({3}, {0})),
                      Catch::Contains("Fix: use stride 1 or more"));
}

TEST_CASE("refusals name the rule and the numbers", "[shape][errors]") {
    CHECK_THROWS_WITH(ComputeShape({2, 2}, Conv({3, 3})),
                      Catch::Contains("Kernel size can't be greater than actual input size") &&
                          Catch::Contains("(2 x 2)") && Catch::Contains("(3 x 3)"));
    CHECK_THROWS_WITH(ComputeShape({5}, Conv({3}, {0})),
                      Catch::Contains("stride must be at least 1") && Catch::Contains("got 0"));
    CHECK_THROWS_WITH(ComputeShape({5}, Conv({3}, {1}, {-1})), Catch::Contains("negative"));
    CHECK_THROWS_WITH(ComputeShape({0}, Conv({1})),
                      Catch::Contains("input size must be at least 1"));
    CHECK_THROWS_WITH(ComputeShape({5, 5}, Conv({3})), Catch::Contains("spatial dimensions"));
    CHECK_THROWS_WITH(ComputeShape({kMaxExtent + 1}, Conv({1})), Catch::Contains("limit"));
    Layer groups = Conv({3});
    groups.in_channels = 6;
    groups.out_channels = 4;
    groups.groups = 4;
    CHECK_THROWS_WITH(ComputeShape({5}, groups),
                      Catch::Contains("divisible by groups") && Catch::Contains("6 % 4"));
}

TEST_CASE("absurd sizes stay exact in 64-bit arithmetic", "[shape][limits]") {
    const int64_t big = kMaxExtent;
    CHECK(Out({big}, Conv({big})) == std::vector<int64_t>{1});
    Layer up = Conv({big}, {big}, {}, {big}, LayerType::ConvTranspose);
    CHECK(Out({big}, up)[0] == (big - 1) * big + big * (big - 1) + 1);
}

TEST_CASE("taps of an output and outputs of an input", "[shape][taps]") {
    const Layer layer = Conv({3}, {2}, {1}, {2});
    const Shape shape = ComputeShape({9}, layer);  // k_eff 5, O = floor((9+2-5)/2)+1 = 4
    REQUIRE(shape.output == std::vector<int64_t>{4});
    const auto taps = TapsOfOutput(layer, shape, 0, 1);
    REQUIRE(taps.size() == 3);
    CHECK(taps[0].input == 1);
    CHECK(taps[1].input == 3);
    CHECK(taps[2].input == 5);
    CHECK(TapsOfOutput(layer, shape, 0, 0)[0].input == -1);  // reaches into the padding
    CHECK(OutputsReadingInput(layer, shape, 0, 3) == std::vector<int64_t>{0, 1, 2});
    // Transposed: output 3 of (k=3, s=2, p=0) gets input 1 through tap 1 only.
    const Layer up = Conv({3}, {2}, {0}, {}, LayerType::ConvTranspose);
    const Shape up_shape = ComputeShape({4}, up);
    const auto up_taps = TapsOfOutput(up, up_shape, 0, 3);
    REQUIRE(up_taps.size() == 1);
    CHECK(up_taps[0].tap == 1);
    CHECK(up_taps[0].input == 1);
    CHECK(OutputsReadingInput(up, up_shape, 0, 1) == std::vector<int64_t>{2, 3, 4});
}

TEST_CASE("parameters and multiply-accumulates", "[shape][cost]") {
    Layer layer = Conv({3, 3}, {2, 2}, {1, 1});
    layer.in_channels = 64;
    layer.out_channels = 128;
    const LayerCost cost = ComputeCost(layer, ComputeShape({224, 224}, layer));
    CHECK(cost.parameters == 64 * 128 * 9 + 128);
    CHECK(cost.macs == 112.0 * 112 * 64 * 128 * 9);
    layer.groups = 64;
    CHECK(ComputeCost(layer, ComputeShape({224, 224}, layer)).parameters == 128 * 9 + 128);
}

TEST_CASE("a transposed convolution's work is counted at its input cells, pooling has none",
          "[shape][cost]") {
    Layer up = MakeLayer(LayerType::ConvTranspose, {4});
    up.stride = {2};
    up.in_channels = 8;
    up.out_channels = 4;
    const Shape up_shape = ComputeShape({10}, up);
    REQUIRE(up_shape.output == std::vector<int64_t>{22});
    const LayerCost up_cost = ComputeCost(up, up_shape);
    CHECK(up_cost.known);
    CHECK(up_cost.parameters == 8 * 4 * 4 + 4);
    CHECK(up_cost.macs == 10.0 * 8 * 4 * 4);
    for (const LayerType type : {LayerType::MaxPool, LayerType::AvgPool}) {
        const Layer pool = MakeLayer(type, {2});
        const LayerCost cost = ComputeCost(pool, ComputeShape({10}, pool));
        CHECK(cost.known);
        CHECK(cost.parameters == 0);
        CHECK(cost.macs == 0);
    }
}

TEST_CASE("only max pooling keeps the largest cell of its window", "[shape][types]") {
    CHECK(PoolsMax(LayerType::MaxPool));
    CHECK_FALSE(PoolsMax(LayerType::AvgPool));
    CHECK_FALSE(PoolsMax(LayerType::Conv));
    CHECK_FALSE(PoolsMax(LayerType::ConvTranspose));
}
