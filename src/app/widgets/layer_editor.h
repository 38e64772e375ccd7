// The one editor of a core Layer, shared by the parameter playground (sliders within its
// teaching limits) and the receptive-field explorer's stack (number fields for any size).
// Each section is a call of its own, so a view can put its own controls between them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/layer/layer.h"

namespace convscope::app {

// How a padding control reads the layer's padding. Symmetric and Asymmetric are the
// playground's explicit forms (one P, or before and after); Explicit is the explorer's
// (before and after fields, equal or not); Causal pads k_eff - 1 before and nothing after.
enum class PaddingChoice { Symmetric, Asymmetric, Explicit, Same, Valid, Full, Causal };

// The choice among `offered` that describes the layer's padding.
PaddingChoice PaddingChoiceOf(const Layer& layer, const std::vector<PaddingChoice>& offered);
// Sets the layer's padding form to `choice`, keeping its explicit pads where they apply.
void SetPaddingChoice(Layer& layer, PaddingChoice choice);

struct LayerEditorStyle {
    bool sliders = false;       // sliders; else number fields with - and + buttons
    bool letters = false;       // the formula's letters in labels: "kernel K", "stride S", "P"
    const char* probe = "rf:";  // the test probe's prefix of each control's name
    float label_room = 70.0f;   // room right of combos and sliders for their labels
    int64_t max_kernel = 1024, max_step = 1024, max_padding = 4096;
    int64_t max_size = 4096;  // an upsampling layer's output size
    std::vector<std::pair<PaddingChoice, const char*>> padding_choices;
    bool every_same_rule = false;  // "same" offers PyTorch, TensorFlow and ONNX's rules
    bool padding_mode = false;     // the padding mode combo
    bool dilation_always = false;  // dilation for every type (the core then says who refuses it)
    bool count_include_pad = false;
    bool out_channels = false;  // weighted layers: their output channel count
};

// Draws one control per section of a layer; every call returns whether the layer changed.
// `locked` names the controls an embed greys out ("type", "K", "S", "D", "P", "mode").
class LayerEditor {
public:
    LayerEditor(const LayerEditorStyle& style, bool linked_dims,
                const std::vector<std::string>& locked = {});

    bool Type(Layer& layer) const;  // the type combo (ChangeLayerType)
    // Kernel, stride, dilation; an upsampling layer's factor, or its output size (starting at
    // `input` times the factor when switched on; `input` may be empty).
    bool Window(Layer& layer, const Extents& input = {}) const;
    // The padding form, its values or rule, and the mode (greyed out without padding).
    bool Padding(Layer& layer, bool any_padding) const;
    bool Extras(Layer& layer) const;  // output_padding, ceil_mode, count_include_pad, channels

    // One control for every dimension when linked, otherwise one per dimension. Sliders
    // per dimension are named by `short_label` when given ("K height" for "kernel K").
    bool PerDim(const char* label, Extents& values, int64_t lo, int64_t hi, bool linked,
                const char* short_label = nullptr) const;

private:
    bool Locked(const char* control) const;
    std::string Label(const char* name, const char* letter) const;
    const char* Short(const char* letter) const { return style_.letters ? letter : nullptr; }

    const LayerEditorStyle& style_;
    bool linked_;
    std::vector<std::string> locked_;
};

// The name of dimension `d` of `dims` (depth, height, width; "length" in 1-D).
const char* AxisName(int d, int dims);

}  // namespace convscope::app
