// Channel arithmetic (core/layer/channels.h): which input channels each output reads, the
// depth multiplier, the choices of groups and the cost of each version of a layer, checked
// against counts worked out by hand (PyTorch's parameter counts: weight numel + bias).
#include <catch2/catch.hpp>

#include "core/layer/channels.h"
#include "core/layer/error.h"

using namespace convscope;

namespace {

Layer Conv(int64_t cin, int64_t cout, int64_t groups, int64_t k = 3) {
    Layer layer = MakeLayer(LayerType::Conv, {k, k});
    layer.in_channels = cin;
    layer.out_channels = cout;
    layer.groups = groups;
    return layer;
}

}  // namespace

TEST_CASE("channels: each output channel reads its group's input channels", "[channels]") {
    // 8 -> 4 with 2 groups: outputs 0-1 read inputs 0-3, outputs 2-3 read inputs 4-7.
    const Layer grouped = Conv(8, 4, 2);
    CHECK(InputChannelsOf(grouped, 1).first == 0);
    CHECK(InputChannelsOf(grouped, 1).count == 4);
    CHECK(InputChannelsOf(grouped, 2).first == 4);
    CHECK(InputChannelsOf(grouped, 3).group == 1);
    // Depthwise with multiplier 2: outputs 2k and 2k+1 read input k alone.
    const Layer depthwise = WithDepthMultiplier(Conv(3, 1, 1), 2);
    CHECK(depthwise.groups == 3);
    CHECK(depthwise.out_channels == 6);
    CHECK(DepthMultiplierOf(depthwise) == 2);
    CHECK(DepthMultiplierOf(Conv(3, 6, 1)) == 0);
    for (int64_t o = 0; o < 6; ++o) {
        CHECK(InputChannelsOf(depthwise, o).first == o / 2);
        CHECK(InputChannelsOf(depthwise, o).count == 1);
    }
    // A transposed convolution groups the same way; pooling reads its own channel.
    Layer transposed = Conv(4, 6, 2);
    transposed.type = LayerType::ConvTranspose;
    CHECK(InputChannelsOf(transposed, 3).first == 2);
    CHECK(InputChannelsOf(MakeLayer(LayerType::MaxPool, {2, 2}), 5).first == 5);
    CHECK(GroupChoices(12, 8) == std::vector<int64_t>{1, 2, 4});
    CHECK(GroupChoices(3, 5) == std::vector<int64_t>{1});
}

TEST_CASE("channels: standard, grouped, depthwise and separable costs", "[channels]") {
    // 32 -> 64, 3x3, padding 1 on 56x56 (a MobileNet block): 3,136 output cells.
    Layer layer = Conv(32, 64, 1);
    layer.padding.assign(2, PadPair{1, 1});
    const std::vector<ChannelVariant> v = ChannelVariants(ValidLayer(layer), {56, 56});
    REQUIRE(v.size() == 4);
    CHECK(v[0].name == "standard");
    CHECK(v[0].is_this_layer);
    CHECK(v[0].cost.parameters == 64 * 32 * 9 + 64);
    CHECK(v[0].cost.macs == 3136.0 * 64 * 32 * 9);
    CHECK(v[0].weights == "(64, 32, 3, 3)");
    CHECK(v[1].name == "grouped (groups 2)");
    CHECK(v[1].cost.parameters == 64 * 16 * 9 + 64);
    CHECK(v[2].name == "depthwise ×2");
    CHECK(v[2].out_channels == 64);
    CHECK(v[2].cost.parameters == 64 * 1 * 9 + 64);
    CHECK(v[2].code == "Conv2d(32, 64, 3, groups=32)");
    // Separable: depthwise 32 -> 32 (288 + 32) then 1x1 32 -> 64 (2,048 + 64).
    CHECK(v[3].name == "depthwise-separable");
    CHECK(v[3].cost.parameters == 288 + 32 + 2048 + 64);
    CHECK(v[3].cost.macs == 3136.0 * (32 * 9 + 32 * 64));
    CHECK(v[3].weights == "(32, 1, 3, 3) + (64, 32, 1, 1)");
    CHECK(v[3].code == "Conv2d(32, 32, 3, groups=32) → Conv2d(32, 64, 1)");
    // MobileNet's ratio without bias: 1/N + 1/k^2 = 1/64 + 1/9.
    layer.bias = false;
    const std::vector<ChannelVariant> nb = ChannelVariants(ValidLayer(layer), {56, 56});
    CHECK(nb[3].mac_ratio == Approx(1.0 / 64 + 1.0 / 9));
    CHECK(nb[3].parameter_ratio == Approx(1.0 / 64 + 1.0 / 9));
    CHECK(CountText(v[0].cost.macs) == "57,802,752");
}

TEST_CASE("channels: the layer's own grouping is marked, and refusals say why", "[channels]") {
    const std::vector<ChannelVariant> v = ChannelVariants(ValidLayer(Conv(8, 8, 4)), {6, 6});
    REQUIRE(v.size() == 4);
    CHECK(v[1].name == "grouped (groups 4)");
    CHECK(v[1].is_this_layer);
    CHECK_FALSE(v[0].is_this_layer);
    // Depthwise and separable need more than one input channel; pooling has no weights.
    CHECK(ChannelVariants(ValidLayer(Conv(1, 4, 1)), {6, 6}).size() == 1);
    CHECK_THROWS_WITH(ChannelVariants(ValidLayer(MakeLayer(LayerType::MaxPool, {2, 2})), {6, 6}),
                      Catch::Contains("no weights"));
    // Groups that do not divide name the ones that do.
    CHECK_THROWS_WITH(ValidLayer(Conv(6, 4, 4)),
                      Catch::Contains("6 % 4 = 2") && Catch::Contains("use groups 1, 2"));
    // A transposed convolution's weight is (C_in, C_out/groups, k...).
    Layer transposed = Conv(4, 6, 2);
    transposed.type = LayerType::ConvTranspose;
    transposed.stride = {2, 2};
    const std::vector<ChannelVariant> t = ChannelVariants(ValidLayer(transposed), {5, 5});
    CHECK(t[1].weights == "(4, 3, 3, 3)");
    CHECK(t[1].cost.macs == 25.0 * 4 * 3 * 9);
}
