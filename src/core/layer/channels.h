// Channels and groups: which input channels each output channel reads, and what the
// standard, grouped, depthwise and depthwise-separable versions of one layer cost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/layer/shape.h"

namespace convscope {

// The input channels one output channel reads: `count` channels from `first`. A convolution
// (or transposed convolution) with groups G splits both channel counts into G groups and
// output channel o reads the C_in/G channels of its group o / (C_out/G); a layer without
// weights (pooling, upsampling) reads its own channel alone.
struct ChannelRange {
    int64_t first = 0;
    int64_t count = 1;
    int64_t group = 0;
    bool Contains(int64_t channel) const { return channel >= first && channel < first + count; }
};
// The layer's channel counts must be given (ValidateLayer checked that groups divide them).
ChannelRange InputChannelsOf(const Layer& layer, int64_t out_channel);

// The counts a depth multiplier m gives (Keras' DepthwiseConv2D): groups = C_in and
// C_out = m·C_in.
Layer WithDepthMultiplier(const Layer& layer, int64_t multiplier);
// m when the layer is depthwise (groups = C_in > 1 and C_out a multiple of it), 0 otherwise.
int64_t DepthMultiplierOf(const Layer& layer);

// "(16, 8, 3, 3)": a weight's shape as PyTorch stores it, (C_out, C_in/G, k...), transposed
// (C_in, C_out/G, k...). The channel counts must be given.
std::string WeightShapeText(const Layer& layer);

// The channel counts both divide, in order: the choices of groups (1 ... gcd(C_in, C_out)).
std::vector<int64_t> GroupChoices(int64_t in_channels, int64_t out_channels);

// One version of a layer's channel mixing, with its cost summed over its layers.
struct ChannelVariant {
    enum class Kind { Standard, Grouped, Depthwise, Separable };
    Kind kind = Kind::Standard;
    std::string name;     // "standard", "grouped (groups 2)", "depthwise ×2" (multiplier 2)
    std::string code;     // "Conv2d(8, 16, 3)", "Conv2d(8, 8, 3, groups=8) → Conv2d(8, 16, 1)"
    std::string weights;  // weight shapes: "(16, 8, 3, 3)", "(8, 1, 3, 3) + (16, 8, 1, 1)"
    int64_t groups = 1;   // of the spatial layer
    int64_t out_channels = 0;    // what the version gives (depthwise: m·C_in)
    LayerCost cost;              // parameters (with the layer's bias setting) and MACs
    double parameter_ratio = 1;  // against the standard version
    double mac_ratio = 1;
    bool is_this_layer = false;  // the version the layer is
};

// The standard (groups 1), grouped (the layer's groups, or the smallest choice above 1 when
// the layer is standard; left out when there is none), depthwise (groups = C_in, multiplier
// C_out/C_in when it divides, else 1) and depthwise-separable (depthwise with multiplier 1,
// then a 1x1 convolution to C_out) versions of a convolution or transposed convolution on
// `input`, in that order. Throws Error when the layer has no weights or no channel counts.
std::vector<ChannelVariant> ChannelVariants(const ValidLayer& layer, const Extents& input);

// A count as people write it: 1,234,567 with thousands separators; fractions of MACs (none
// arise) are rounded.
std::string CountText(double count);

}  // namespace convscope
