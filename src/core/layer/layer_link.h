// One layer and its input as a link writes them: "I=224x224&K=3&S=2&P=1&D=1&type=max_pool".
// The playground's links and the CLI's --link read and write this form; the playground adds
// keys of its own (values, step, panel), the explorer has its own (rf_in, stack).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

// The layer's keys, in the order links write them: the input size (I, and dims where I does
// not say it), kernel, stride, padding, dilation, type, padding mode, same rule,
// output_padding, ceil_mode, count_include_pad, align_corners, an upsampling layer's output
// size (size, written instead of its factor K), the channels (Cin, Cout), groups (G), the
// depth multiplier (dm: read only, a shortcut for G=Cin and Cout=dm·Cin) and bias. A
// resampling layer's K is its factor, and it writes no S, P or D.
inline constexpr const char* kLayerLinkKeys[] = {
    "I",    "dims", "K",     "S",    "P",   "D",    "type", "mode", "rule", "op",
    "ceil", "cip",  "align", "size", "Cin", "Cout", "G",    "dm",   "bias"};
inline constexpr size_t kLayerLinkKeyCount = sizeof kLayerLinkKeys / sizeof kLayerLinkKeys[0];

struct LayerLink {
    Extents input = {5, 5};
    Layer layer = MakeLayer(LayerType::Conv, {3, 3});  // a link's defaults: conv 3x3 on 5x5
};

// The largest values a reader takes (the playground's controls take less than the core).
struct LayerLinkLimits {
    int64_t max_input = 1 << 20;
    int64_t max_kernel = 1 << 20;
    int64_t max_step = 1 << 20;  // stride, dilation; output_padding stays below it
    int64_t max_padding = 1 << 20;
    int64_t max_channels = 1 << 20;  // Cin, Cout, G; dm up to max_channels / Cin
};

// Reads the layer's keys of a link. Per-dimension values wait until every pair is read:
// "K=3&I=5x7" is a 3x3 kernel on a 5x7 input, and several values name the last dimensions
// (FitExtents).
class LayerLinkReading {
public:
    LayerLinkReading(LayerLink start, const LayerLinkLimits& limits);

    enum class Result { NotALayerKey, Read, Refused };
    Result Read(const std::string& key, const std::string& value);

    // Whether the sizes changed (I, dims or K given), so that values over them are remade.
    bool SizesChanged() const { return sizes_changed_; }
    // The layer and input with every pair read: values fitted to the link's dimensions, and
    // what the layer's type does not take (a padding mode, output_padding) dropped.
    LayerLink Finish() const;

private:
    struct Padding {
        PaddingForm form = PaddingForm::Explicit;
        bool asymmetric = false;
        std::vector<PadPair> pads;  // explicit padding: one pair, or one per dimension
    };

    LayerLink link_;
    LayerLinkLimits limits_;
    int dims_;
    bool sizes_changed_ = false;
    std::optional<Extents> input_, kernel_, stride_, dilation_, output_padding_, size_;
    std::optional<Padding> padding_;
    std::optional<int64_t> depth_multiplier_;
};

// The pairs of `link` in kLayerLinkKeys order; values at their default are left out (I, K,
// S, P and D are always written).
std::vector<std::pair<std::string, std::string>> LayerLinkPairs(const LayerLink& link);

}  // namespace convscope
