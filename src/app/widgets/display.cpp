// The interface's fit to the screen (see display.h).
#include "app/widgets/display.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "app/widgets/theme.h"

namespace convscope::app {

namespace {
bool g_touch = false;
}  // namespace

float InterfaceScale(float width, float height) {
    return std::clamp(std::min(width / 1280.0f, height / 800.0f), 1.0f, 2.0f);
}

void SetTouchInput(bool touch) {
    if (touch == g_touch) return;
    g_touch = touch;
    ApplyTheme(CurrentTheme().name);  // the sizes of the controls follow the pointer
}

bool TouchInput() { return g_touch; }

bool NarrowLayout() {
    // A landscape window of some width (a 720x480 figure) still has room beside the figure.
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    return size.x < kNarrowWidth && (size.y > size.x || size.x < kNarrowWidth * 0.7f);
}

float NumberFieldWidth() { return g_touch ? 4.0f * kTouchTarget : 110.0f; }

void SameLineIfFits(float width, float spacing) {
    ImGui::SameLine(0.0f, spacing);
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

float CheckWidth(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + TextWidth(label);
}

float ButtonWidth(const char* label) {
    return TextWidth(label) + 2.0f * ImGui::GetStyle().FramePadding.x;
}

float TextWidth(const char* text) { return ImGui::CalcTextSize(text, nullptr, true).x; }

bool FittingButton(const char* label, const char* short_label) {
    return ImGui::Button(ButtonWidth(label) <= ImGui::GetContentRegionAvail().x ? label
                                                                                : short_label);
}

float ContentRight() { return ImGui::GetCurrentWindow()->DC.CursorMaxPos.x; }

void KeepScrolledTabsInside(float content_right_before) {
    const ImGuiTabBar* bar = ImGui::GetCurrentContext()->CurrentTabBar;
    if (bar == nullptr) return;
    float& right = ImGui::GetCurrentWindow()->DC.CursorMaxPos.x;
    right = std::max(content_right_before, std::min(right, bar->BarRect.Max.x));
}

std::vector<std::string> WindowsCutOffAtRight() {
    std::vector<std::string> cut;
    for (const ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
        // Content past a horizontal scrollbar's window is reachable by scrolling; the frame of
        // an unlabelled multi-line text box ("parent/##id") lays out its own text width.
        const char* leaf = std::strrchr(window->Name, '/');
        if (!window->WasActive || window->Hidden ||
            (window->Flags & ImGuiWindowFlags_HorizontalScrollbar) ||
            (leaf != nullptr && std::strncmp(leaf, "/##", 3) == 0))
            continue;
        // The right end of the widest line the window's items reached.
        const float past = window->DC.CursorMaxPos.x - window->InnerClipRect.Max.x;
        if (past > 1.0f)
            cut.push_back(std::string(window->Name) + ": " +
                          std::to_string(static_cast<int>(std::ceil(past))) + " px");
    }
    return cut;
}

}  // namespace convscope::app
