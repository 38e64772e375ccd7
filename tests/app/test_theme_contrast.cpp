// WCAG 2.1 AA contrast inside the canvas, in both themes: text at least 4.5:1 against every
// background it is drawn on (1.4.3), and the parts that identify a control or its state
// (field edges, slider grabs, check marks, the focus ring) at least 3:1 against what
// surrounds them (1.4.11). Translucent colours are composited over the window first, as
// ImGui draws them.
#include <imgui.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "app/widgets/theme.h"

using namespace convscope::app;

namespace {

// WCAG's relative luminance of an sRGB colour.
double Luminance(const ImVec4& c) {
    const auto linear = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(c.x) + 0.7152 * linear(c.y) + 0.0722 * linear(c.z);
}

double Contrast(const ImVec4& a, const ImVec4& b) {
    const double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `top` drawn over the opaque `below`.
ImVec4 Over(const ImVec4& top, const ImVec4& below) {
    const float a = top.w;
    return ImVec4(top.x * a + below.x * (1.0f - a), top.y * a + below.y * (1.0f - a),
                  top.z * a + below.z * (1.0f - a), 1.0f);
}

ImVec4 Colour(ImGuiCol which) { return ImGui::GetStyle().Colors[which]; }
ImVec4 Colour(ImU32 packed) { return ImGui::ColorConvertU32ToFloat4(packed); }

struct Pair {
    std::string what;
    ImVec4 front, back;
};

class ImGuiContextScope {
public:
    ImGuiContextScope() : context_(ImGui::CreateContext()) {}
    ~ImGuiContextScope() { ImGui::DestroyContext(context_); }

private:
    ImGuiContext* context_;
};

}  // namespace

TEST_CASE("both themes meet WCAG 2.1 AA contrast for text and controls") {
    const ImGuiContextScope context;
    for (const ThemeName name : {ThemeName::Dark, ThemeName::Light}) {
        ApplyTheme(name);
        const Theme& theme = CurrentTheme();
        const ImVec4 window = Over(Colour(ImGuiCol_WindowBg), ImVec4(0, 0, 0, 1));
        const ImVec4 child = Over(Colour(ImGuiCol_ChildBg), window);
        const ImVec4 popup = Over(Colour(ImGuiCol_PopupBg), window);
        const ImVec4 field = Over(Colour(ImGuiCol_FrameBg), window);
        const ImVec4 field_hovered = Over(Colour(ImGuiCol_FrameBgHovered), window);
        const ImVec4 text = Colour(ImGuiCol_Text), helper = Colour(ImGuiCol_TextDisabled);

        // 1.4.3: text against each background it is drawn on.
        const std::vector<Pair> text_pairs = {
            {"text on the window", text, window},
            {"text in a child window", text, child},
            {"text in a popup or menu", text, popup},
            {"text in the menu bar", text, Over(Colour(ImGuiCol_MenuBarBg), window)},
            {"text in a field", text, field},
            {"text in a hovered field", text, field_hovered},
            {"text on a button", text, Over(Colour(ImGuiCol_Button), window)},
            {"text on a hovered button", text, Over(Colour(ImGuiCol_ButtonHovered), window)},
            {"text on a pressed button", text, Over(Colour(ImGuiCol_ButtonActive), window)},
            {"text on a selected list item", text, Over(Colour(ImGuiCol_Header), popup)},
            {"text on a hovered list item", text, Over(Colour(ImGuiCol_HeaderHovered), popup)},
            {"text on a tab", text, Over(Colour(ImGuiCol_Tab), window)},
            {"text on the selected tab", text, Over(Colour(ImGuiCol_TabActive), window)},
            {"text on a hovered tab", text, Over(Colour(ImGuiCol_TabHovered), window)},
            {"text in a table header", text, Over(Colour(ImGuiCol_TableHeaderBg), window)},
            {"text in a striped table row", text, Over(Colour(ImGuiCol_TableRowBgAlt), window)},
            {"text in a table's selected row", text, Over(Colour(theme.selected_row), window)},
            {"text in a tooltip", text, popup},
            {"code on its background", text, Colour(theme.code_background)},
            {"helper text on the window", helper, window},
            {"helper text in a popup", helper, popup},
            {"an error on the window", Colour(theme.error_text), window},
            {"a check that holds on the window", Colour(theme.good_text), window},
            {"a heading in a popup", Colour(theme.heading_text), popup},
        };
        for (const Pair& p : text_pairs) {
            INFO((name == ThemeName::Dark ? "dark: " : "light: ")
                 << p.what << ": " << Contrast(p.front, p.back));
            CHECK(Contrast(p.front, p.back) >= 4.5);
        }

        // 1.4.11: what identifies a control and its state, against what surrounds it. A
        // field's edge is its fill or its border, whichever stands out more.
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec4 border = Over(Colour(ImGuiCol_Border), window);
        const double field_edge = std::max(
            Contrast(field, window), style.FrameBorderSize > 0.0f ? Contrast(border, window) : 0.0);
        const std::vector<std::pair<std::string, double>> component_pairs = {
            {"a field's edge against the window", field_edge},
            {"a slider's grab in its field", Contrast(Colour(ImGuiCol_SliderGrab), field)},
            {"a check mark in its box", Contrast(Colour(ImGuiCol_CheckMark), field)},
            {"the focus ring against the window", Contrast(Colour(ImGuiCol_NavHighlight), window)},
            {"the focus ring against a field", Contrast(Colour(ImGuiCol_NavHighlight), field)},
        };
        for (const auto& [what, ratio] : component_pairs) {
            INFO((name == ThemeName::Dark ? "dark: " : "light: ") << what << ": " << ratio);
            CHECK(ratio >= 3.0);
        }
    }
}
