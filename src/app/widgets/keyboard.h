// Keyboard operation: Tab and Shift+Tab move through every control in the order the frame
// draws them (reading order: menus, then each place top to bottom, sidebar before figure),
// across child windows (the controls of control_list.h); ImGui's keyboard navigation does the
// rest (Space activates, arrows move, Escape closes popups and menus), and Enter activates
// too, as on a web page. A slider reached by the keyboard takes Left and Right as steps
// (Home and End: its ends), a
// grid all four arrows, moving its focused cell. Before the first Tab (no focus ring) the
// arrows stay the place's own, as Space does: they step the playground.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>

namespace convscope::app {

struct Control;

class KeyboardFocus {
public:
    static KeyboardFocus& Get();
    // Turns on ImGui's keyboard navigation and the control list, and takes Tab from ImGui
    // (whose own Tab only visits text fields). Called once the context and the backend exist.
    void Install();
    // Called right after ImGui::NewFrame (after ControlList::BeginFrame): moves the focus on
    // Tab or Shift+Tab through the last frame's controls, lets Enter press a button and a
    // focused slider take Left and Right.
    void BeginFrame();
    // Whether a Tab (backward: Shift+Tab) now passes the last (first) control: the page then
    // lets the browser move its focus on, out of ConvScope and into the host page.
    bool TabLeaves(bool backward) const;
    // Whether Escape now has nothing to close: no popup or menu open, no item being edited.
    bool EscapeLeaves() const;
    // Gives control `id` the keyboard focus at the next frame's start (the screen-reader
    // mirror's focus moved there, or a moved row), and presses it when `activate`.
    void FocusControl(ImGuiID id, bool activate);
    // The control with the keyboard focus and the ring around it: {"focus": its name,
    // "index": its place in the order, "count", "ring", "slider", "rect"}.
    nlohmann::json TestValues() const;
    // For the item just drawn, while it has the keyboard focus: -1 for Alt+Up, +1 for
    // Alt+Down (which then do not move the focus), else 0. A list's rows move with them.
    int AltArrowOnLastItem();
    // The id of the control with a visible keyboard focus, or 0.
    ImGuiID FocusedId() const;
    // A grid with the keyboard focus takes the arrows: the move they asked for this frame
    // (rows, columns), once, for grid `id`.
    bool TakeGridMove(ImGuiID id, int* rows, int* cols);

private:
    void Focus(const Control& control);
    int tab_key_ = -1;
    ImGuiID requested_id_ = 0;  // FocusControl's, applied at the next frame's start
    bool requested_activate_ = false;
    int requested_waits_ = 0;  // frames a FocusControl request waits for its control
    ImGuiID grid_move_id_ = 0;
    int grid_move_rows_ = 0, grid_move_cols_ = 0;
};

}  // namespace convscope::app
