// The strip of an embedded widget's controls (see embed_strip.h).
#include "app/playground/embed_strip.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

namespace {

// One number of the strip: the same value in every dimension, or the sizes as text.
bool StripNumber(const char* key, Extents& values, int64_t lo, int64_t hi, bool locked) {
    const float field = TouchInput() ? NumberFieldWidth() : ImGui::GetFontSize() * 6.5f;
    const float width = ImGui::CalcTextSize(key).x + ImGui::GetStyle().ItemInnerSpacing.x + field;
    SameLineIfFits(width);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(key);
    ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
    if (locked || !SameInEveryDimension(values)) {
        ImGui::TextUnformatted(SizeText(values).c_str());
        ProbeLastItem("strip:", key);
        return false;
    }
    int v = static_cast<int>(values.front());
    ImGui::SetNextItemWidth(field);
    ImGui::PushID(key);
    // Named as the playground's sliders are, for the screen-reader mirror.
    static const std::pair<const char*, const char*> names[] = {{"I", "##input I"},
                                                                {"K", "##kernel K"},
                                                                {"S", "##stride S"},
                                                                {"P", "##padding P"},
                                                                {"D", "##dilation D"}};
    const char* label = "##value";
    for (const auto& [short_name, long_name] : names)
        if (std::string(key) == short_name) label = long_name;
    const bool changed = ListedInputInt(label, &v);
    ImGui::PopID();
    ProbeLastItem("strip:", key);
    if (!changed) return false;
    std::fill(values.begin(), values.end(), std::clamp<int64_t>(v, lo, hi));
    return true;
}

}  // namespace

bool DrawEmbedStrip(PlaygroundState& state, const std::vector<std::string>& locked) {
    const auto is_locked = [&](const char* key) {
        return std::find(locked.begin(), locked.end(), key) != locked.end();
    };
    Layer& layer = state.layer;
    const Panel panel = state.panel;
    const bool stride = panel != Panel::Dilation;
    const bool padding = panel != Panel::Dilation;
    const bool dilation = panel != Panel::Transposed;
    bool changed = false;
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0.0f, 0.0f));  // the first SameLineIfFits continues this line
    const int64_t max_input = state.Dims() == 3 ? kMaxPlaygroundInput3d : kMaxPlaygroundInput;
    changed |= StripNumber("I", state.input, 1, max_input, is_locked("I"));
    changed |= StripNumber("K", layer.kernel, 1, kMaxPlaygroundKernel, is_locked("K"));
    if (stride) changed |= StripNumber("S", layer.stride, 1, kMaxPlaygroundStep, is_locked("S"));
    if (padding) {
        // Explicit padding the same on both sides is a number; any other form is its name.
        const bool symmetric = layer.padding_form == PaddingForm::Explicit &&
                               std::all_of(layer.padding.begin(), layer.padding.end(),
                                           [](const PadPair& p) { return p.before == p.after; });
        if (symmetric) {
            Extents pads;
            for (const PadPair& p : layer.padding) pads.push_back(p.before);
            if (StripNumber("P", pads, 0, kMaxPlaygroundPadding, is_locked("P"))) {
                for (size_t d = 0; d < pads.size(); ++d)
                    layer.padding[d] = PadPair{pads[d], pads[d]};
                changed = true;
            }
        } else {
            std::string text = PaddingFormName(layer.padding_form);
            if (layer.padding_form == PaddingForm::Explicit) {  // before:after per dimension
                text.clear();
                for (size_t d = 0; d < layer.padding.size(); ++d) {
                    text += (d ? "×" : "") + std::to_string(layer.padding[d].before) + ":" +
                            std::to_string(layer.padding[d].after);
                }
            }
            SameLineIfFits(ImGui::CalcTextSize(text.c_str()).x + ImGui::GetFontSize() * 2.0f);
            ImGui::AlignTextToFramePadding();
            ImGui::Text("P %s", text.c_str());
        }
    }
    if (dilation)
        changed |= StripNumber("D", layer.dilation, 1, kMaxPlaygroundStep, is_locked("D"));
    if (panel == Panel::Steps && TypeInfo(layer.type).Has(kLayerPaddingMode)) {
        const char* current = PaddingModeName(layer.padding_mode);
        const float field = ImGui::GetFontSize() * 7.5f;
        SameLineIfFits(ImGui::CalcTextSize("mode").x + field);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("mode");
        ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
        if (is_locked("mode")) {
            ImGui::TextUnformatted(current);
        } else {
            ImGui::SetNextItemWidth(field);
            static const PaddingMode modes[] = {PaddingMode::Zeros, PaddingMode::Reflect,
                                                PaddingMode::Replicate, PaddingMode::Circular};
            std::vector<std::string> names;
            int selected = -1;
            for (const PaddingMode mode : modes) {
                if (mode == layer.padding_mode) selected = static_cast<int>(names.size());
                names.emplace_back(PaddingModeName(mode));
            }
            const int picked = ListedCombo("##padding mode", names, selected);
            if (picked >= 0) {
                layer.padding_mode = modes[picked];
                changed = true;
            }
        }
        ProbeLastItem("strip:mode");
    }
    if (panel == Panel::Transposed && layer.IsTransposed()) {
        changed |=
            StripNumber("op", layer.output_padding, 0, kMaxPlaygroundStep - 1, is_locked("op"));
    }
    ImGui::EndGroup();
    return changed;
}

}  // namespace convscope::app
