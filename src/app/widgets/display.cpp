// The interface's fit to the screen (see display.h).
#include "app/widgets/display.h"

#include <imgui.h>

#include <algorithm>

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

void SameLineIfFits(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

}  // namespace convscope::app
