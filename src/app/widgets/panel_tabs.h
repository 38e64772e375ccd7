// A tab bar over a view's panels that a link can also select: the tab named by `current`
// is selected once when `select_current` is set (a link or the test hook changed it),
// otherwise the user's click decides and is written back to `current`. Each tab's screen
// rectangle goes to the test probe as "tab:<label>".
#pragma once

#include <imgui.h>

#include <string>
#include <utility>

#include "app/widgets/display.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

template <typename Panel, size_t N, typename DrawBody>
void DrawPanelTabs(const char* id, const std::pair<Panel, const char*> (&tabs)[N], Panel& current,
                   bool& select_current, ImGuiWindowFlags body_flags, DrawBody&& draw_body) {
    // Tabs keep their whole names; on a narrow screen the bar scrolls sideways.
    const float content_right = ContentRight();
    // A bar ImGui has not seen in this window (the first frame, or a layout switch that puts
    // the tabs in another window, as turning a phone does) would open its first tab: it
    // opens the current panel instead.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID seen = ImGui::GetID((std::string(id) + "#seen").c_str());
    if (!storage->GetBool(seen)) {
        select_current = true;
        storage->SetBool(seen, true);
    }
    if (!ImGui::BeginTabBar(id, ImGuiTabBarFlags_FittingPolicyScroll)) return;
    bool first = true;
    for (const auto& [panel, label] : tabs) {
        const ImGuiTabItemFlags flags =
            select_current && current == panel ? ImGuiTabItemFlags_SetSelected : 0;
        const bool open = ImGui::BeginTabItem(label, nullptr, flags);
        if (first) KeepScrolledTabsInside(content_right);  // the first tab laid the bar out
        first = false;
        ProbeLastItem("tab:", label);
        if (!open) continue;
        if (!select_current) current = panel;
        // On a narrow screen the body flows into the place, which scrolls as one page.
        const bool child = !NarrowLayout();
        if (child) ImGui::BeginChild("panel_body", ImVec2(0, 0), false, body_flags);
        draw_body(panel);
        if (child) ImGui::EndChild();
        ImGui::EndTabItem();
    }
    select_current = false;
    ImGui::EndTabBar();
}

}  // namespace convscope::app
