// Keyboard operation: Tab and Shift+Tab move through every control in the order the frame
// draws them (reading order: menus, then each place top to bottom, sidebar before figure),
// across child windows; ImGui's keyboard navigation does the rest (Space activates, arrows
// move, Escape closes popups and menus), and Enter activates too, as on a web page. A slider
// reached by the keyboard takes Left and Right as steps. The controls come from Dear ImGui's item
// hooks (IMGUI_ENABLE_TEST_ENGINE: every item with an id, its rectangle and its label), the one
// list the screen-reader mirror will read too.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

struct ImGuiWindow;

namespace convscope::app {

class KeyboardFocus {
public:
    static KeyboardFocus& Get();
    // Turns on ImGui's keyboard navigation and its item hooks, and takes Tab from ImGui (whose
    // own Tab only visits text fields). Called once the context and the backend exist.
    void Install();
    // Called right after ImGui::NewFrame: moves the focus on Tab or Shift+Tab through the last
    // frame's controls, and lets a focused slider take Left and Right.
    void BeginFrame();
    // Whether a Tab (backward: Shift+Tab) now passes the last (first) control: the page then
    // lets the browser move its focus on, out of ConvScope and into the host page.
    bool TabLeaves(bool backward) const;
    // Marks the item just drawn as a slider (arrows step it).
    void MarkSlider();
    // {"focus": the focused control's label, "index": its place in the order, "count": the
    // number of controls, "ring": whether its focus ring is drawn}.
    nlohmann::json TestValues() const;

    // From the item hooks.
    void ItemAdded(ImGuiID id, ImVec2 min, ImVec2 max);
    void ItemLabelled(ImGuiID id, const char* label);

private:
    struct Control {
        ImGuiID id = 0;
        ImGuiWindow* window = nullptr;
        int nav_layer = 0;
        ImGuiID focus_scope = 0;
        ImVec2 min, max;
        std::string label;
        bool slider = false;
        bool inputable = false;  // takes typed text (a text field, a slider's typed value)
    };
    int IndexOf(ImGuiID id) const;
    void Focus(const Control& control);

    int tab_key_ = -1;
    std::vector<Control> controls_;       // this frame's, as drawn
    std::vector<Control> last_controls_;  // the last whole frame's
};

}  // namespace convscope::app
