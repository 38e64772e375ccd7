// The layer's keys of a link (see layer_link.h).
#include "core/layer/layer_link.h"

#include <algorithm>

#include "core/layer/channels.h"
#include "core/layer/layer_text.h"

namespace convscope {

namespace {

// "5" (every dimension) or "5x7" / "5x7x3" (naming the last dimensions).
bool ReadValues(const std::string& text, int64_t lo, int64_t hi, std::optional<Extents>& out) {
    Extents values;
    if (!ReadExtents(text, lo, hi, values)) return false;
    out = values;
    return true;
}

bool ReadFlag(const std::string& value, bool& flag) {
    if (value != "0" && value != "1") return false;
    flag = value == "1";
    return true;
}

// P as links write it: "1", "1x0", "1:2x0:0" (before:after), "same", "valid", "full".
std::string PaddingText(const Layer& layer) {
    if (layer.padding_form != PaddingForm::Explicit) return PaddingFormName(layer.padding_form);
    if (!layer.padding_asymmetric) {
        Extents before;
        for (const PadPair& p : layer.padding) before.push_back(p.before);
        return PerDimText(before);
    }
    std::string text;
    for (const PadPair& p : layer.padding) {
        text +=
            (text.empty() ? "" : "x") + std::to_string(p.before) + ":" + std::to_string(p.after);
    }
    return text;
}

}  // namespace

LayerLinkReading::LayerLinkReading(LayerLink start, const LayerLinkLimits& limits)
    : link_(std::move(start)), limits_(limits), dims_(link_.layer.Dims()) {}

LayerLinkReading::Result LayerLinkReading::Read(const std::string& key, const std::string& value) {
    const auto result = [](bool ok) { return ok ? Result::Read : Result::Refused; };
    Layer& layer = link_.layer;
    if (key == "I") {
        sizes_changed_ = true;
        if (!ReadValues(value, 1, limits_.max_input, input_)) return Result::Refused;
        if (input_->size() > 1) dims_ = static_cast<int>(input_->size());
        return Result::Read;
    }
    if (key == "dims") {
        int64_t dims = 0;
        sizes_changed_ = true;
        if (!ReadNumber(value, 1, 3, dims)) return Result::Refused;
        dims_ = static_cast<int>(dims);
        return Result::Read;
    }
    if (key == "K") {
        sizes_changed_ = true;
        return result(ReadValues(value, 1, limits_.max_kernel, kernel_));
    }
    if (key == "S") return result(ReadValues(value, 1, limits_.max_step, stride_));
    if (key == "D") return result(ReadValues(value, 1, limits_.max_step, dilation_));
    if (key == "op") return result(ReadValues(value, 0, limits_.max_step - 1, output_padding_));
    if (key == "P") {
        Padding read;
        if (value == "same" || value == "valid" || value == "full") {
            read.form = value == "same"    ? PaddingForm::Same
                        : value == "valid" ? PaddingForm::Valid
                                           : PaddingForm::Full;
            padding_ = read;
            return Result::Read;
        }
        read.asymmetric = value.find(':') != std::string::npos;
        const std::vector<std::string> parts = SplitText(value, 'x');
        if (parts.empty() || parts.size() > 3) return Result::Refused;
        for (const std::string& part : parts) {
            const std::vector<std::string> ba = SplitText(part, ':');
            PadPair pair;
            if (ba.size() != (read.asymmetric ? 2u : 1u) ||
                !ReadNumber(ba.front(), 0, limits_.max_padding, pair.before) ||
                !ReadNumber(ba.back(), 0, limits_.max_padding, pair.after)) {
                return Result::Refused;
            }
            read.pads.push_back(pair);
        }
        padding_ = read;
        return Result::Read;
    }
    if (key == "type") {
        const LayerTypeInfo* info = FindLayerType(value);
        if (info) layer.type = info->type;
        return result(info != nullptr);
    }
    if (key == "mode") return result(FindPaddingMode(value, layer.padding_mode));
    if (key == "rule") return result(FindSameRule(value, layer.same_rule));
    if (key == "ceil") return result(ReadFlag(value, layer.ceil_mode));
    if (key == "cip") return result(ReadFlag(value, layer.count_include_pad));
    if (key == "align") return result(ReadFlag(value, layer.align_corners));
    if (key == "size") {
        sizes_changed_ = true;
        return result(ReadValues(value, 1, 4 * limits_.max_input, size_));
    }
    if (key == "Cin") return result(ReadNumber(value, 1, limits_.max_channels, layer.in_channels));
    if (key == "Cout")
        return result(ReadNumber(value, 1, limits_.max_channels, layer.out_channels));
    if (key == "G") return result(ReadNumber(value, 1, limits_.max_channels, layer.groups));
    if (key == "dm") {
        int64_t multiplier = 0;
        if (!ReadNumber(value, 1, limits_.max_channels, multiplier)) return Result::Refused;
        depth_multiplier_ = multiplier;
        return Result::Read;
    }
    if (key == "bias") return result(ReadFlag(value, layer.bias));
    return Result::NotALayerKey;
}

LayerLink LayerLinkReading::Finish() const {
    LayerLink link = link_;
    Layer& layer = link.layer;
    const int dims = dims_;
    if (dims != layer.Dims()) {
        layer = ChangeLayerDims(layer, dims);
        link.input = ResizeExtents(link.input, dims);
    }
    if (input_) link.input = FitExtents(*input_, link.input, dims, true);
    if (kernel_) layer.kernel = FitExtents(*kernel_, layer.kernel, dims, true);
    if (stride_) layer.stride = FitExtents(*stride_, layer.stride, dims, true);
    if (dilation_) layer.dilation = FitExtents(*dilation_, layer.dilation, dims, true);
    if (output_padding_)
        layer.output_padding = FitExtents(*output_padding_, layer.output_padding, dims, true);
    if (padding_) {
        layer.padding_form = padding_->form;
        if (padding_->form == PaddingForm::Explicit) {
            layer.padding_asymmetric = padding_->asymmetric;
            const std::vector<PadPair>& pads = padding_->pads;
            if (pads.size() == 1) {
                layer.padding.assign(static_cast<size_t>(dims), pads[0]);
            } else {
                const size_t n = std::min(pads.size(), layer.padding.size());
                std::copy(pads.end() - static_cast<std::ptrdiff_t>(n), pads.end(),
                          layer.padding.end() - static_cast<std::ptrdiff_t>(n));
            }
            if (!layer.padding_asymmetric)
                for (PadPair& p : layer.padding) p.after = p.before;
        }
    }
    if (depth_multiplier_) {
        // dm=m: depthwise with m outputs per input channel, within the channel limit.
        const int64_t in = std::max<int64_t>(layer.in_channels, 1);
        layer.in_channels = in;
        layer = WithDepthMultiplier(layer, std::min(*depth_multiplier_, limits_.max_channels / in));
    }
    const LayerTypeInfo& type = TypeInfo(layer.type);
    if (!type.Has(kLayerGroups)) layer.groups = 1;
    if (!type.Has(kLayerPaddingMode)) layer.padding_mode = PaddingMode::Zeros;
    if (!type.Has(kLayerOutputPadding)) layer.output_padding.assign(static_cast<size_t>(dims), 0);
    if (!type.Has(kLayerAlignCorners)) layer.align_corners = false;
    if (type.Has(kLayerResampling)) {
        // K is the factor; stride, padding and dilation are not the layer's to take.
        layer = ChangeLayerType(layer, layer.type);
        layer.dilation.assign(static_cast<size_t>(dims), 1);
    }
    if (kernel_ && !size_) layer.size.clear();  // K is the factor again
    if (size_ &&
        (layer.type == LayerType::UpsampleNearest || layer.type == LayerType::UpsampleLinear)) {
        // An output size instead of the factor.
        layer.size = FitExtents(*size_, layer.size.empty() ? link.input : layer.size, dims, true);
        layer.kernel.assign(static_cast<size_t>(dims), 1);
        layer.stride = layer.kernel;
    }
    return link;
}

std::vector<std::pair<std::string, std::string>> LayerLinkPairs(const LayerLink& link) {
    const Layer& layer = link.layer;
    std::vector<std::pair<std::string, std::string>> pairs;
    const std::string input = PerDimText(link.input);
    pairs.emplace_back("I", input);
    // dims only where I does not already say it ("5x7" is 2-D).
    if (input.find('x') == std::string::npos && layer.Dims() != 2)
        pairs.emplace_back("dims", std::to_string(layer.Dims()));
    if (layer.size.empty()) pairs.emplace_back("K", PerDimText(layer.kernel));
    if (!layer.IsResampling()) {
        pairs.emplace_back("S", PerDimText(layer.stride));
        pairs.emplace_back("P", PaddingText(layer));
        pairs.emplace_back("D", PerDimText(layer.dilation));
    }
    if (layer.type != LayerType::Conv) pairs.emplace_back("type", LayerTypeName(layer.type));
    if (layer.padding_mode != PaddingMode::Zeros)
        pairs.emplace_back("mode", PaddingModeName(layer.padding_mode));
    if (layer.same_rule != SameRule::PyTorch)
        pairs.emplace_back("rule", SameRuleName(layer.same_rule));
    if (TypeInfo(layer.type).Has(kLayerOutputPadding))
        pairs.emplace_back("op", PerDimText(layer.output_padding));
    if (layer.ceil_mode) pairs.emplace_back("ceil", "1");
    if (!layer.count_include_pad) pairs.emplace_back("cip", "0");
    if (layer.align_corners) pairs.emplace_back("align", "1");
    if (!layer.size.empty()) pairs.emplace_back("size", PerDimText(layer.size));
    if (layer.in_channels > 1) pairs.emplace_back("Cin", std::to_string(layer.in_channels));
    if (layer.out_channels > 1) pairs.emplace_back("Cout", std::to_string(layer.out_channels));
    if (layer.groups != 1) pairs.emplace_back("G", std::to_string(layer.groups));
    if (!layer.bias && TypeInfo(layer.type).Has(kLayerHasWeights)) pairs.emplace_back("bias", "0");
    return pairs;
}

}  // namespace convscope
