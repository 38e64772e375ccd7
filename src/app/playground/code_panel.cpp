// The framework code panel (see code_panel.h). The snippets are the core's (ExportCode),
// regenerated only when the playground's model changes; copying goes through ImGui's
// clipboard, which the platform connects to the system or browser clipboard.
#include "app/playground/code_panel.h"

#include <imgui.h>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/fonts.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/error.h"

namespace convscope::app {

void CodePanel::Refresh(const PlaygroundModel& model) {
    if (model.Generation() == generation_) return;
    generation_ = model.Generation();
    error_.clear();
    try {
        code_ = ExportCode(model.GetLayer(), model.Input());
    } catch (const Error& e) {
        error_ = e.what();
    }
}

nlohmann::json CodePanel::TestValues(const PlaygroundModel& model) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok()) return values;
    Refresh(model);
    if (!error_.empty()) return values;
    values["code"] = {{"pytorch", code_.pytorch},
                      {"keras", code_.keras},
                      {"onnx", code_.onnx},
                      {"notes", code_.notes}};
    return values;
}

void CodePanel::Draw(const PlaygroundModel& model) {
    const Theme& theme = CurrentTheme();
    if (!model.Ok()) {
        ImGui::TextDisabled(
            "No code for a configuration the core refuses (see the message above).");
        return;
    }
    Refresh(model);
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
        return;
    }
    static const char* const names[] = {"PyTorch", "Keras / TensorFlow", "ONNX"};
    for (int f = 0; f < 3; ++f) {
        if (f) SameLineIfFits(CheckWidth(names[f]));
        if (ListedRadio(names[f], framework_ == f)) framework_ = f;
        ProbeLastItem("code:", names[f]);
    }
    const std::string& text = framework_ == 0   ? code_.pytorch
                              : framework_ == 1 ? code_.keras
                                                : code_.onnx;
    SameLineIfFits(ButtonWidth("Copy"), 24.0f);
    if (ImGui::Button("Copy")) {
        ImGui::SetClipboardText(text.c_str());
        copied_at_ = ImGui::GetTime();
    }
    ProbeLastItem("control:copy_code");
    if (ImGui::GetTime() - copied_at_ < 2.0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.good_text), "copied");
    }
    const char* prefix = framework_ == 0 ? "PyTorch" : framework_ == 1 ? "Keras" : "ONNX";
    float notes_height = 0.0f;
    for (const std::string& note : code_.notes) {
        if (note.rfind(prefix, 0) == 0 || note.rfind("All", 0) == 0)
            notes_height += ImGui::GetTextLineHeightWithSpacing() * 2.0f;
    }
    // Read-only text the user can also select by hand.
    std::string buffer = text;
    ImGui::PushStyleColor(ImGuiCol_FrameBg, theme.code_background);
    ImGui::PushFont(CodeFont());
    // The widths of a narrow and a wide letter, equal in a monospaced font.
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled())
        probe.Value("code_letter_widths", {ImGui::CalcTextSize("i").x, ImGui::CalcTextSize("W").x});
    const std::string name = std::string(names[framework_]) + " code";
    TextFieldOptions field;
    field.name = name.c_str();
    field.multiline = field.read_only = true;
    field.size =
        ImVec2(-1.0f, std::max(120.0f, ImGui::GetContentRegionAvail().y - notes_height - 8.0f));
    ListedInputText("##code", buffer.data(), buffer.size() + 1, nullptr, field);
    ImGui::PopFont();
    ImGui::PopStyleColor();
    for (const std::string& note : code_.notes) {
        if (note.rfind(prefix, 0) == 0 || note.rfind("All", 0) == 0)
            ListedTextWrapped("Note: " + note);
    }
}

}  // namespace convscope::app
