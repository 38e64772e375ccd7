// The description of one layer (convolution, transposed convolution, max or average
// pooling, nearest or linear upsampling, pixel shuffle or unshuffle) in 1, 2 or 3 spatial
// dimensions, every parameter per dimension, and the one
// function that checks a description before anything is computed from it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace convscope {

// What a layer type has and takes, read from its row of layer_types.inc.
enum LayerTrait : unsigned {
    kLayerHasWeights = 1u << 0,       // a kernel of learned weights (and a bias)
    kLayerPooling = 1u << 1,          // a window without weights; stride defaults to the kernel
    kLayerPaddingMode = 1u << 2,      // takes padding_mode (reflect, replicate, circular)
    kLayerOutputPadding = 1u << 3,    // takes output_padding
    kLayerDilation = 1u << 4,         // takes dilation
    kLayerCeilMode = 1u << 5,         // takes ceil_mode
    kLayerCountIncludePad = 1u << 6,  // takes count_include_pad
    kLayerGroups = 1u << 7,           // takes groups and channel counts
    kLayerTransposed = 1u << 8,       // spreads each input cell over the output; padding crops it
    kLayerResampling = 1u << 9,       // the kernel is a scale factor; stride follows it
    kLayerUpsampling = 1u << 10,      // each input cell becomes scale-factor output cells
    kLayerAlignCorners = 1u << 11,    // takes align_corners
};

enum class LayerType {
#define CONVSCOPE_LAYER_TYPE(Enum, ...) Enum,
#include "core/layer/layer_types.inc"
#undef CONVSCOPE_LAYER_TYPE
};

// One row of layer_types.inc.
struct LayerTypeInfo {
    LayerType type;
    const char* json_name;    // "conv_transpose": the JSON API's and links' type name
    char token;               // 't': the first letter of a link's stack token (t3s2p1)
    const char* label;        // "transposed convolution": the interface's combo entry
    const char* short_label;  // "transposed conv": one-line layer descriptions
    const char* pytorch;      // "ConvTranspose#d", '#' the spatial dimensions
    const char* keras;        // "Conv#DTranspose"
    const char* onnx;         // "ConvTranspose"
    unsigned traits;          // LayerTrait bits

    constexpr bool Has(LayerTrait trait) const { return (traits & trait) != 0; }
};

// Every layer type in the order of layer_types.inc (the order of combos and lists).
inline constexpr LayerTypeInfo kLayerTypes[] = {
#define CONVSCOPE_LAYER_TYPE(Enum, json_name, token, label, short_label, pytorch, keras, onnx, \
                             traits)                                                           \
    {LayerType::Enum, json_name, token, label, short_label, pytorch, keras, onnx, traits},
#include "core/layer/layer_types.inc"
#undef CONVSCOPE_LAYER_TYPE
};
inline constexpr int kLayerTypeCount = static_cast<int>(sizeof kLayerTypes / sizeof kLayerTypes[0]);
constexpr const LayerTypeInfo& TypeInfo(LayerType type) {
    return kLayerTypes[static_cast<int>(type)];
}
// By JSON name ("max_pool") or token letter ('m'); null when none matches.
const LayerTypeInfo* FindLayerType(std::string_view json_name);
const LayerTypeInfo* FindLayerTypeByToken(char token);
// "conv, conv_transpose, max_pool, avg_pool" for messages.
std::string LayerTypeNameList();
// A class name pattern of the table with '#' replaced by the dimension count: "Conv2d".
std::string FrameworkClassName(const char* pattern, int dims);
enum class PaddingForm { Explicit, Same, Valid, Full };
// How "same" padding is resolved: PyTorch (stride 1 only, extra pixel after),
// TensorFlow/Keras (any stride, output = ceil(input/stride), extra pixel after),
// ONNX auto_pad SAME_UPPER (as TensorFlow) and SAME_LOWER (extra pixel before).
enum class SameRule { PyTorch, TensorFlow, OnnxUpper, OnnxLower };
enum class PaddingMode { Zeros, Reflect, Replicate, Circular };

// Per-dimension numbers of a 1-, 2- or 3-D layer or input, first dimension first (depth,
// height, width): sizes, strides, a selected cell. Every per-dimension value in ConvScope
// is one of these, as long as the layer has dimensions.
using Extents = std::vector<int64_t>;

// `values` in `dims` dimensions: dimensions lost are dropped from the front; dimensions
// gained are added in front with the first value, so a square becomes a cube.
Extents ResizeExtents(const Extents& values, int dims);

struct PadPair {
    int64_t before = 0;
    int64_t after = 0;
    bool operator==(const PadPair& o) const { return before == o.before && after == o.after; }
    bool operator!=(const PadPair& o) const { return !(*this == o); }
};

struct Layer {
    LayerType type = LayerType::Conv;
    // Per spatial dimension; all of the same length (1, 2 or 3). For a resampling layer
    // (upsampling, pixel shuffle and unshuffle) the kernel is the scale factor, which is also
    // its stride: the block of output cells one input cell becomes, or for pixel unshuffle the
    // block of input cells one output cell gathers.
    Extents kernel;
    Extents stride;
    Extents dilation;
    Extents output_padding;  // transposed convolution only
    PaddingForm padding_form = PaddingForm::Explicit;
    std::vector<PadPair> padding;     // with PaddingForm::Explicit
    bool padding_asymmetric = false;  // given as [before, after] pairs
    SameRule same_rule = SameRule::PyTorch;
    PaddingMode padding_mode = PaddingMode::Zeros;
    bool ceil_mode = false;         // pooling
    bool count_include_pad = true;  // average pooling
    int64_t in_channels = 0;        // 0: not given
    int64_t out_channels = 0;       // 0: not given
    int64_t groups = 1;
    bool bias = true;
    bool align_corners = false;  // linear upsampling
    // Upsampling to an output size (nn.Upsample(size=...)), one per dimension; empty: by the
    // factor. With a size the factor (kernel and stride) is 1 and PyTorch's index rules use
    // input/size as the step, so the size need not be a multiple of the input.
    Extents size;

    int Dims() const { return static_cast<int>(kernel.size()); }
    bool IsPooling() const { return TypeInfo(type).Has(kLayerPooling); }
    bool IsTransposed() const { return TypeInfo(type).Has(kLayerTransposed); }
    bool IsResampling() const { return TypeInfo(type).Has(kLayerResampling); }
    bool IsUpsampling() const { return TypeInfo(type).Has(kLayerUpsampling); }
};

// Whether a layer's window keeps its largest cell (max pooling) rather than a weighted sum or
// a mean: padding with -inf is then never picked and the gradient follows an argmax. The
// kernels, the code export and the effective field all ask, so the switch behind it names
// this one function when a layer type is added.
bool PoolsMax(LayerType type);

// A layer of `dims` dimensions with PyTorch's defaults: stride 1 (pooling and resampling:
// the kernel),
// dilation 1, padding 0.
Layer MakeLayer(LayerType type, std::vector<int64_t> kernel);

// Checks what can be checked without an input size: list lengths, ranges, and the rules
// of the layer type (e.g. transposed convolution pads with zeros only, average pooling has
// no dilation, groups divide the channels). Throws Error naming the rule and the numbers.
void ValidateLayer(const Layer& layer);

// A layer that ValidateLayer accepted. Code that takes one relies on its lists having the
// kernel's length and its numbers being in range, and does not check it again; a Layer is
// validated where it is read or edited, once.
class ValidLayer {
public:
    // Throws Error as ValidateLayer does.
    explicit ValidLayer(Layer layer);

    const Layer& Get() const { return layer_; }
    operator const Layer&() const { return layer_; }
    const Layer* operator->() const { return &layer_; }

    // The same layer with the channel counts a tensor gives; only the channel rules (counts
    // in range, divisible by groups) are checked again.
    ValidLayer WithChannels(int64_t in_channels, int64_t out_channels) const;

private:
    struct Checked {};
    ValidLayer(Layer layer, Checked) : layer_(std::move(layer)) {}
    Layer layer_;
};

// What a channel count becomes through the layer when the layer does not say: pooling and
// upsampling keep it, pixel shuffle divides it by r^2 and pixel unshuffle multiplies it, 0
// when unknown or (pixel shuffle) not divisible. Layers with weights: their out_channels.
int64_t ChannelsAfter(const Layer& layer, int64_t in_channels);

// Whether one value describes every dimension: of `values`, or of each of the layer's
// per-dimension lists (kernel, stride, dilation, output_padding, padding).
bool SameInEveryDimension(const Extents& values);
bool SameInEveryDimension(const Layer& layer);

// The layer in `dims` dimensions, each per-dimension list resized as ResizeExtents does.
Layer ChangeLayerDims(const Layer& layer, int dims);

// The layer as type `type` takes it: parameters the new type does not take are reset to
// their defaults (padding_mode zeros, output_padding 0, dilation 1), and a layer becoming a
// pooling layer gets PyTorch's pooling stride, the kernel.
Layer ChangeLayerType(const Layer& layer, LayerType type);

const char* LayerTypeName(LayerType type);
const char* PaddingModeName(PaddingMode mode);
const char* SameRuleName(SameRule rule);
const char* PaddingFormName(PaddingForm form);

// The reverse of the names above, for every text form; false when `name` is none of them.
bool FindPaddingMode(std::string_view name, PaddingMode& mode);
bool FindSameRule(std::string_view name, SameRule& rule);

// "dimension 2 of 3" style label used in messages ("height", "width" are avoided because
// the same rule applies to 1D and 3D).
std::string DimLabel(int dim, int dims);

}  // namespace convscope
