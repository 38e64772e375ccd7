// The two themes (see theme.h). The highlight colours are chosen per theme so that an
// outline stays visible on both the colour map and the window background.
#include "app/widgets/theme.h"

#include <cstdarg>
#include <cstdio>
#include <string>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/fonts.h"

namespace convscope::app {

namespace {

Theme current_theme;

// printf's formatting into a string (of up to 2 KiB: a paragraph).
std::string FormatArgs(const char* format, va_list args) {
    char text[2048];
    std::vsnprintf(text, sizeof text, format, args);
    return text;
}

void ApplyCommonStyle(ImGuiStyle& style) {
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.FramePadding = ImVec2(8.0f, 4.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.GrabMinSize = 14.0f;
    style.ScrollbarSize = 16.0f;
    style.FrameBorderSize = 1.0f;  // a field's edge, 3:1 against the window (WCAG 1.4.11)
    if (TouchInput()) {
        // A finger: frames (buttons, sliders, combos, tabs, check boxes) kTouchTarget tall,
        // grabs and scroll bars wide enough to hold.
        style.FramePadding = ImVec2(10.0f, (kTouchTarget - kTextSize) * 0.5f);
        style.ItemSpacing = ImVec2(10.0f, 10.0f);
        style.GrabMinSize = 28.0f;
        style.ScrollbarSize = 22.0f;
    }
}

}  // namespace

void ApplyTheme(ThemeName name) {
    // Per theme: tap, feed, current, empty cell, padding cell, selected row, error, good, code,
    // heading.
    static const Theme kDark{ThemeName::Dark,
                             IM_COL32(255, 214, 10, 255),
                             IM_COL32(64, 220, 255, 255),
                             IM_COL32(255, 90, 90, 255),
                             IM_COL32(55, 57, 66, 255),
                             IM_COL32(38, 62, 84, 255),
                             IM_COL32(120, 100, 20, 140),
                             IM_COL32(255, 140, 120, 255),
                             IM_COL32(120, 230, 140, 255),
                             IM_COL32(24, 26, 32, 255),
                             IM_COL32(110, 170, 250, 255)};
    static const Theme kLight{ThemeName::Light,
                              IM_COL32(214, 140, 0, 255),
                              IM_COL32(0, 120, 215, 255),
                              IM_COL32(220, 30, 30, 255),
                              IM_COL32(222, 222, 228, 255),
                              IM_COL32(200, 214, 230, 255),
                              IM_COL32(255, 224, 130, 160),
                              IM_COL32(180, 30, 20, 255),
                              IM_COL32(20, 115, 40, 255),
                              IM_COL32(236, 238, 242, 255),
                              IM_COL32(0, 80, 170, 255)};
    ImGuiStyle& style = ImGui::GetStyle();
    if (name == ThemeName::Light) {
        ImGui::StyleColorsLight(&style);
        // WCAG 2.1 AA on the light background (0.94 grey): helper text 5.0:1 (ImGui's 0.60
        // grey is 2.5:1), the keyboard's focus ring 5.8:1 (ImGui's translucent blue 2.2:1).
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.40f, 0.40f, 0.40f, 1.0f);
        style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.0f, 0.35f, 0.75f, 1.0f);
        // Slider grabs and check marks 4.4:1 in their white fields (ImGui's blue 3.0:1);
        // field edges 3.5:1 against the window (a white field on light grey is 1.1:1).
        style.Colors[ImGuiCol_SliderGrab] = ImVec4(0.16f, 0.47f, 0.86f, 1.0f);
        style.Colors[ImGuiCol_CheckMark] = ImVec4(0.16f, 0.47f, 0.86f, 1.0f);
        style.Colors[ImGuiCol_Border] = ImVec4(0.50f, 0.50f, 0.50f, 1.0f);
        current_theme = kLight;
    } else {
        ImGui::StyleColorsDark(&style);
        // White text 4.8:1 on a hovered and 6.1:1 on a pressed button, 6.4:1 on a hovered
        // list item or tab (ImGui's bright blues: 3.0, 3.6 and 4.2:1); field edges 3.4:1
        // against the window (a field's fill alone is 1.4:1).
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.20f, 0.45f, 0.78f, 1.0f);
        style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.14f, 0.38f, 0.70f, 1.0f);
        style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.20f, 0.45f, 0.78f, 0.80f);
        style.Colors[ImGuiCol_TabHovered] = ImVec4(0.20f, 0.45f, 0.78f, 0.80f);
        style.Colors[ImGuiCol_Border] = ImVec4(0.40f, 0.40f, 0.45f, 1.0f);
        current_theme = kDark;
    }
    ApplyCommonStyle(style);
}

const Theme& CurrentTheme() { return current_theme; }

TouchListSpacing::TouchListSpacing() : pushed_(TouchInput()) {
    // A selectable covers the spacing around it: text plus spacing is the target's height.
    if (pushed_) {
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                            ImVec2(ImGui::GetStyle().ItemSpacing.x, kTouchTarget - kTextSize));
    }
}

TouchListSpacing::~TouchListSpacing() {
    if (pushed_) ImGui::PopStyleVar();
}

bool InlineButton(const char* label) {
    return TouchInput() ? ImGui::Button(label) : ImGui::SmallButton(label);
}

void TextWrappedDisabled(const char* format, ...) {
    va_list args;
    va_start(args, format);
    const std::string text = FormatArgs(format, args);
    va_end(args);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ListedTextWrapped(text);
    ImGui::PopStyleColor();
}

void ListedTextWrappedF(const char* format, ...) {
    va_list args;
    va_start(args, format);
    const std::string text = FormatArgs(format, args);
    va_end(args);
    ListedTextWrapped(text);
}

}  // namespace convscope::app
