// One-line layer summaries shared by the table export and the text parsers (see network.h).
#include "core/network/network.h"

#include <algorithm>

namespace convscope {

namespace {

bool AllEqual(const std::vector<int64_t>& values, int64_t v) {
    return std::all_of(values.begin(), values.end(), [v](int64_t x) { return x == v; });
}

// "3" when every dimension agrees and the layer is 1-D, else "3x3" / "3x1".
std::string ExtentsText(const Extents& values) {
    std::string text;
    for (size_t d = 0; d < values.size(); ++d) text += (d ? "x" : "") + std::to_string(values[d]);
    return text;
}

// One number when every dimension agrees ("s2"), else one per dimension ("s2x1").
std::string Compact(const std::vector<int64_t>& values) {
    if (!values.empty() && AllEqual(values, values[0])) return std::to_string(values[0]);
    return ExtentsText(values);
}

}  // namespace

std::string LayerSummary(const Layer& layer) {
    const LayerTypeInfo& info = TypeInfo(layer.type);
    std::string text = std::string(LayerTypeName(layer.type)) + " " + ExtentsText(layer.kernel);
    // Pooling's stride defaults to its kernel, so it is always written out.
    if (info.Has(kLayerPooling) || !AllEqual(layer.stride, 1)) text += " s" + Compact(layer.stride);
    if (!AllEqual(layer.dilation, 1)) text += " d" + Compact(layer.dilation);
    switch (layer.padding_form) {
        case PaddingForm::Explicit: {
            const bool symmetric =
                std::all_of(layer.padding.begin(), layer.padding.end(),
                            [](const PadPair& p) { return p.before == p.after; });
            if (symmetric) {
                std::vector<int64_t> pads;
                for (const PadPair& p : layer.padding) pads.push_back(p.before);
                if (!AllEqual(pads, 0)) text += " p" + Compact(pads);
            } else {
                text += " p";
                for (size_t d = 0; d < layer.padding.size(); ++d) {
                    text += (d ? "x[" : "[") + std::to_string(layer.padding[d].before) + "," +
                            std::to_string(layer.padding[d].after) + "]";
                }
            }
            break;
        }
        case PaddingForm::Same:
            // TensorFlow's spelling for its rule, ONNX's auto_pad names for the ONNX rules.
            switch (layer.same_rule) {
                case SameRule::PyTorch:
                    text += " same";
                    break;
                case SameRule::TensorFlow:
                    text += " SAME";
                    break;
                case SameRule::OnnxUpper:
                    text += " same_upper";
                    break;
                case SameRule::OnnxLower:
                    text += " same_lower";
                    break;
            }
            break;
        case PaddingForm::Valid:
            text += " valid";
            break;
        case PaddingForm::Full:
            text += " full";
            break;
    }
    if (info.Has(kLayerOutputPadding) && !AllEqual(layer.output_padding, 0)) {
        text += " op" + Compact(layer.output_padding);
    }
    if (layer.padding_mode != PaddingMode::Zeros)
        text += std::string(" ") + PaddingModeName(layer.padding_mode);
    if (info.Has(kLayerCeilMode) && layer.ceil_mode) text += " ceil";
    if (layer.groups != 1) text += " g" + std::to_string(layer.groups);
    if (info.Has(kLayerGroups) && (layer.in_channels > 0 || layer.out_channels > 0)) {
        text +=
            " " + (layer.in_channels > 0 ? std::to_string(layer.in_channels) : std::string("?")) +
            "->" + (layer.out_channels > 0 ? std::to_string(layer.out_channels) : std::string("?"));
    }
    return text;
}

}  // namespace convscope
