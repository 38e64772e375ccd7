// The description of one layer (convolution, transposed convolution, max or average
// pooling) in 1, 2 or 3 spatial dimensions, every parameter per dimension, and the one
// function that checks a description before anything is computed from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convscope {

enum class LayerType { Conv, ConvTranspose, MaxPool, AvgPool };
enum class PaddingForm { Explicit, Same, Valid, Full };
// How "same" padding is resolved: PyTorch (stride 1 only, extra pixel after),
// TensorFlow/Keras (any stride, output = ceil(input/stride), extra pixel after),
// ONNX auto_pad SAME_UPPER (as TensorFlow) and SAME_LOWER (extra pixel before).
enum class SameRule { PyTorch, TensorFlow, OnnxUpper, OnnxLower };
enum class PaddingMode { Zeros, Reflect, Replicate, Circular };

struct PadPair {
    int64_t before = 0;
    int64_t after = 0;
    bool operator==(const PadPair& o) const { return before == o.before && after == o.after; }
    bool operator!=(const PadPair& o) const { return !(*this == o); }
};

struct Layer {
    LayerType type = LayerType::Conv;
    // Per spatial dimension; all of the same length (1, 2 or 3).
    std::vector<int64_t> kernel;
    std::vector<int64_t> stride;
    std::vector<int64_t> dilation;
    std::vector<int64_t> output_padding;  // transposed convolution only
    PaddingForm padding_form = PaddingForm::Explicit;
    std::vector<PadPair> padding;         // with PaddingForm::Explicit
    bool padding_asymmetric = false;      // given as [before, after] pairs
    SameRule same_rule = SameRule::PyTorch;
    PaddingMode padding_mode = PaddingMode::Zeros;
    bool ceil_mode = false;               // pooling
    bool count_include_pad = true;        // average pooling
    int64_t in_channels = 0;              // 0: not given
    int64_t out_channels = 0;             // 0: not given
    int64_t groups = 1;
    bool bias = true;

    int Dims() const { return static_cast<int>(kernel.size()); }
    bool IsPooling() const { return type == LayerType::MaxPool || type == LayerType::AvgPool; }
};

// A layer of `dims` dimensions with PyTorch's defaults: stride 1 (pooling: the kernel),
// dilation 1, padding 0.
Layer MakeLayer(LayerType type, std::vector<int64_t> kernel);

// Checks what can be checked without an input size: list lengths, ranges, and the rules
// of the layer type (e.g. transposed convolution pads with zeros only, average pooling has
// no dilation, groups divide the channels). Throws Error naming the rule and the numbers.
void ValidateLayer(const Layer& layer);

const char* LayerTypeName(LayerType type);
const char* PaddingModeName(PaddingMode mode);
const char* SameRuleName(SameRule rule);
const char* PaddingFormName(PaddingForm form);

// "dimension 2 of 3" style label used in messages ("height", "width" are avoided because
// the same rule applies to 1D and 3D).
std::string DimLabel(int dim, int dims);

}  // namespace convscope
