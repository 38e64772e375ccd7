// The shared layer editor (see layer_editor.h).
#include "app/widgets/layer_editor.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/arithmetic.h"

namespace convscope::app {

namespace {

bool Contains(const std::vector<PaddingChoice>& choices, PaddingChoice choice) {
    return std::find(choices.begin(), choices.end(), choice) != choices.end();
}

// A combo over `items`, each an enum value and its label.
template <typename Enum>
bool EnumCombo(const char* label, Enum& value,
               const std::vector<std::pair<Enum, const char*>>& items,
               const LayerEditorStyle& style) {
    std::vector<std::string> labels;
    int selected = -1;
    for (const auto& item : items) {
        if (item.first == value) selected = static_cast<int>(labels.size());
        labels.emplace_back(item.second);
    }
    ImGui::SetNextItemWidth(-style.label_room);
    const int picked =
        ListedCombo(label, labels, selected, selected < 0 ? "?" : nullptr, 0, [&](int i) {
            ProbeLastItem(style.probe, label, ":", items[static_cast<size_t>(i)].second);
        });
    ProbeLastItem(style.probe, label);
    const bool changed = picked >= 0 && items[static_cast<size_t>(picked)].first != value;
    if (picked >= 0) value = items[static_cast<size_t>(picked)].first;
    return changed;
}

// One integer control, a slider or a field, clamped to [lo, hi].
bool IntControl(const char* label, int64_t& value, int64_t lo, int64_t hi,
                const LayerEditorStyle& style) {
    int v = static_cast<int>(value);
    bool changed = false;
    if (style.sliders) {
        // Wide ranges (the input up to 256) keep small values reachable on a logarithmic scale.
        const ImGuiSliderFlags flags = hi > 64 ? ImGuiSliderFlags_Logarithmic : 0;
        // A finger cannot place a slider on one value: - and + step it by one.
        const bool steps = TouchInput();
        const float step_width = ImGui::GetFrameHeight();
        const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
        ImGui::SetNextItemWidth(-style.label_room - (steps ? 2.0f * (step_width + spacing) : 0.0f));
        changed = ListedSliderInt(steps ? (std::string("##") + label).c_str() : label, &v,
                                  static_cast<int>(lo), static_cast<int>(hi), "%d", flags);
        if (steps) {
            ProbeLastItem(style.probe, label);
            ImGui::PushID(label);
            ImGui::SameLine(0.0f, spacing);
            if (ImGui::Button("-", ImVec2(step_width, 0.0f)) && v > lo) --v, changed = true;
            ProbeLastItem(style.probe, label, ":minus");
            ImGui::SameLine(0.0f, spacing);
            if (ImGui::Button("+", ImVec2(step_width, 0.0f)) && v < hi) ++v, changed = true;
            ProbeLastItem(style.probe, label, ":plus");
            ImGui::PopID();
            ImGui::SameLine(0.0f, spacing);
            ImGui::TextUnformatted(label);
            if (changed) value = std::clamp<int64_t>(v, lo, hi);
            return changed;
        }
    } else {
        ImGui::SetNextItemWidth(NumberFieldWidth());
        changed = ListedInputInt(label, &v);
    }
    if (changed) value = std::clamp<int64_t>(v, lo, hi);
    ProbeLastItem(style.probe, label);
    return changed;
}

}  // namespace

const char* AxisName(int d, int dims) {
    static const char* const names[] = {"depth", "height", "width"};
    if (dims == 1) return "length";
    const int d3 = 3 - dims + d;
    return names[d3 < 0 || d3 > 2 ? 2 : d3];
}

PaddingChoice PaddingChoiceOf(const Layer& layer, const std::vector<PaddingChoice>& offered) {
    switch (layer.padding_form) {
        case PaddingForm::Same:
            return PaddingChoice::Same;
        case PaddingForm::Valid:
            return PaddingChoice::Valid;
        case PaddingForm::Full:
            return PaddingChoice::Full;
        case PaddingForm::Explicit:
            break;
    }
    const bool nothing_after = std::all_of(layer.padding.begin(), layer.padding.end(),
                                           [](const PadPair& p) { return p.after == 0; });
    if (Contains(offered, PaddingChoice::Causal) && layer.padding_asymmetric && nothing_after)
        return PaddingChoice::Causal;
    if (Contains(offered, PaddingChoice::Explicit)) return PaddingChoice::Explicit;
    return layer.padding_asymmetric ? PaddingChoice::Asymmetric : PaddingChoice::Symmetric;
}

void SetPaddingChoice(Layer& layer, PaddingChoice choice) {
    layer.padding_form = PaddingForm::Explicit;
    switch (choice) {
        case PaddingChoice::Symmetric:
            layer.padding_asymmetric = false;
            for (PadPair& p : layer.padding) p.after = p.before;
            break;
        case PaddingChoice::Asymmetric:
            layer.padding_asymmetric = true;
            break;
        case PaddingChoice::Explicit:
            layer.padding_asymmetric =
                std::any_of(layer.padding.begin(), layer.padding.end(),
                            [](const PadPair& p) { return p.before != p.after; });
            break;
        case PaddingChoice::Causal:
            // Every tap at or before the output's own position (WaveNet).
            for (size_t d = 0; d < layer.padding.size(); ++d)
                layer.padding[d] =
                    PadPair{EffectiveKernel(layer.kernel[d], layer.dilation[d]) - 1, 0};
            layer.padding_asymmetric = true;
            break;
        case PaddingChoice::Same:
            layer.padding_form = PaddingForm::Same;
            break;
        case PaddingChoice::Valid:
            layer.padding_form = PaddingForm::Valid;
            break;
        case PaddingChoice::Full:
            layer.padding_form = PaddingForm::Full;
            break;
    }
}

LayerEditor::LayerEditor(const LayerEditorStyle& style, bool linked_dims,
                         const std::vector<std::string>& locked)
    : style_(style), linked_(linked_dims), locked_(locked) {}

bool LayerEditor::Locked(const char* control) const {
    return std::find(locked_.begin(), locked_.end(), control) != locked_.end();
}

std::string LayerEditor::Label(const char* name, const char* letter) const {
    return style_.letters ? std::string(name) + " " + letter : std::string(name);
}

bool LayerEditor::PerDim(const char* label, Extents& values, int64_t lo, int64_t hi, bool linked,
                         const char* short_label) const {
    bool changed = false;
    ImGui::PushID(label);
    if (linked || values.size() == 1) {
        int64_t v = values.front();
        if (IntControl(label, v, lo, hi, style_)) {
            std::fill(values.begin(), values.end(), v);
            changed = true;
        }
    } else {
        const int dims = static_cast<int>(values.size());
        for (int d = 0; d < dims; ++d) {
            const std::string axis = AxisName(d, dims);
            const std::string name =
                style_.sliders ? std::string(short_label ? short_label : label) + " " + axis
                               : std::string(label) + " (" + axis + ")";
            changed |= IntControl(name.c_str(), values[static_cast<size_t>(d)], lo, hi, style_);
        }
    }
    ImGui::PopID();
    return changed;
}

bool LayerEditor::Type(Layer& layer) const {
    std::vector<std::pair<LayerType, const char*>> types;
    for (const LayerTypeInfo& info : kLayerTypes) types.emplace_back(info.type, info.label);
    LayerType type = layer.type;
    ImGui::BeginDisabled(Locked("type"));
    const bool changed = EnumCombo<LayerType>("type", type, types, style_);
    ImGui::EndDisabled();
    if (changed) layer = ChangeLayerType(layer, type);
    return changed;
}

bool LayerEditor::Window(Layer& layer, const Extents& input) const {
    bool changed = false;
    // `lock` is also the formula's letter, the short name of per-dimension sliders.
    const auto control = [&](const char* lock, const std::string& label, Extents& values) {
        ImGui::BeginDisabled(Locked(lock));
        const int64_t hi = std::string(lock) == "K" ? style_.max_kernel : style_.max_step;
        changed |= PerDim(label.c_str(), values, 1, hi, linked_, Short(lock));
        ImGui::EndDisabled();
    };
    if (layer.IsResampling()) {
        // The factor is the layer's only size, and its stride; pixel shuffle has one factor
        // for both dimensions.
        const bool one_factor =
            layer.type == LayerType::PixelShuffle || layer.type == LayerType::PixelUnshuffle;
        const char* name = one_factor ? "factor" : "scale factor";
        ImGui::BeginDisabled(Locked("K"));
        // Nearest and linear upsampling resize to an output size instead, as nn.Upsample(size=)
        // and F.interpolate(x, size=...) do.
        bool to_size = !layer.size.empty();
        if (!one_factor && ImGui::Checkbox("to an output size", &to_size)) {
            const size_t dims = layer.kernel.size();
            if (to_size) {
                layer.size.resize(dims);
                for (size_t d = 0; d < dims; ++d) {
                    const int64_t from = d < input.size() ? input[d] : 4;
                    layer.size[d] = std::min(from * layer.kernel[d], style_.max_size);
                }
                layer.kernel.assign(dims, 1);
            } else {
                layer.kernel.assign(dims, 2);
                layer.size.clear();
            }
            changed = true;
        }
        if (!layer.size.empty()) {
            changed |= PerDim(Label("output size", "O").c_str(), layer.size, 1, style_.max_size,
                              linked_, Short("O"));
        } else {
            changed |= PerDim(Label(name, "r").c_str(), layer.kernel, 1, style_.max_kernel,
                              linked_ || one_factor, Short("r"));
        }
        ImGui::EndDisabled();
        layer.stride = layer.kernel;
        return changed;
    }
    control("K", Label("kernel", "K"), layer.kernel);
    control("S", Label("stride", "S"), layer.stride);
    if (style_.dilation_always || TypeInfo(layer.type).Has(kLayerDilation))
        control("D", Label("dilation", "D"), layer.dilation);
    return changed;
}

bool LayerEditor::Padding(Layer& layer, bool any_padding) const {
    if (layer.IsResampling()) return false;  // no padding of its own
    std::vector<PaddingChoice> offered;
    for (const auto& item : style_.padding_choices) offered.push_back(item.first);
    PaddingChoice choice = PaddingChoiceOf(layer, offered);
    bool changed = false;
    ImGui::BeginDisabled(Locked("P"));
    if (EnumCombo<PaddingChoice>("padding", choice, style_.padding_choices, style_)) {
        SetPaddingChoice(layer, choice);
        if (!style_.every_same_rule) layer.same_rule = SameRule::TensorFlow;
        changed = true;
    }
    // The explicit pads, as the choice shows them.
    Extents before, after;
    for (const PadPair& p : layer.padding) before.push_back(p.before), after.push_back(p.after);
    bool pads_changed = false;
    switch (choice) {
        case PaddingChoice::Symmetric:
            pads_changed = PerDim("P", before, 0, style_.max_padding, linked_);
            after = before;
            break;
        case PaddingChoice::Asymmetric:
            pads_changed = PerDim("before", before, 0, style_.max_padding, false);
            pads_changed |= PerDim("after", after, 0, style_.max_padding, false);
            break;
        case PaddingChoice::Explicit:
            pads_changed = PerDim("pad before", before, 0, style_.max_padding, linked_);
            if (!layer.padding_asymmetric) after = before;
            pads_changed |= PerDim("pad after", after, 0, style_.max_padding, linked_);
            layer.padding_asymmetric = before != after;
            break;
        case PaddingChoice::Same:
            if (style_.every_same_rule) {
                changed |= EnumCombo<SameRule>("rule", layer.same_rule,
                                               {{SameRule::PyTorch, "PyTorch"},
                                                {SameRule::TensorFlow, "TensorFlow / Keras"},
                                                {SameRule::OnnxUpper, "ONNX SAME_UPPER"},
                                                {SameRule::OnnxLower, "ONNX SAME_LOWER"}},
                                               style_);
            }
            break;
        case PaddingChoice::Valid:
        case PaddingChoice::Full:
        case PaddingChoice::Causal:
            break;
    }
    ImGui::EndDisabled();
    if (pads_changed) {
        for (size_t d = 0; d < layer.padding.size(); ++d)
            layer.padding[d] = PadPair{before[d], after[d]};
        changed = true;
    }
    if (style_.padding_mode) {
        // The mode matters only where there is padding to fill, and only where the type reads it.
        ImGui::BeginDisabled(!any_padding || !TypeInfo(layer.type).Has(kLayerPaddingMode) ||
                             Locked("mode"));
        changed |= EnumCombo<PaddingMode>("mode", layer.padding_mode,
                                          {{PaddingMode::Zeros, "zeros"},
                                           {PaddingMode::Reflect, "reflect"},
                                           {PaddingMode::Replicate, "replicate"},
                                           {PaddingMode::Circular, "circular"}},
                                          style_);
        ImGui::EndDisabled();
    }
    return changed;
}

bool LayerEditor::Extras(Layer& layer) const {
    const LayerTypeInfo& type = TypeInfo(layer.type);
    bool changed = false;
    if (type.Has(kLayerOutputPadding)) {
        changed |= PerDim("output_padding", layer.output_padding, 0, style_.max_step - 1, linked_,
                          Short("op"));
    }
    if (type.Has(kLayerCeilMode)) {
        changed |= ImGui::Checkbox("ceil_mode", &layer.ceil_mode);
        ProbeLastItem(style_.probe, "ceil_mode");
    }
    if (type.Has(kLayerAlignCorners)) {
        changed |= ImGui::Checkbox("align_corners", &layer.align_corners);
        ProbeLastItem(style_.probe, "align_corners");
    }
    if (style_.count_include_pad && type.Has(kLayerCountIncludePad)) {
        changed |= ImGui::Checkbox("count_include_pad", &layer.count_include_pad);
    }
    if (style_.out_channels && type.Has(kLayerHasWeights)) {
        int channels = static_cast<int>(layer.out_channels);
        ImGui::SetNextItemWidth(NumberFieldWidth());
        if (ListedInputInt("out channels", &channels)) {
            layer.out_channels = std::clamp(channels, 0, 1 << 20);
            changed = true;
        }
        SameLineIfFits(TextWidth("(0: unknown)"));
        ImGui::TextDisabled("(0: unknown)");
    }
    return changed;
}

}  // namespace convscope::app
