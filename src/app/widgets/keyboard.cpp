// Tab order over every control and sliders that take arrows (see keyboard.h).
#include "app/widgets/keyboard.h"

#include <imgui_internal.h>

#include <vector>

#include "app/widgets/control_list.h"

namespace convscope::app {

namespace {

int IndexOf(const std::vector<const Control*>& controls, ImGuiID id) {
    if (id == 0) return -1;
    for (size_t i = 0; i < controls.size(); ++i)
        if (controls[i]->id == id) return static_cast<int>(i);
    return -1;
}

// The controls Tab stops at (pointers into the list, which outlives them): the frame's list
// without its texts and, while a popup (a dialog, a menu, a list) is open, only the popup's
// own: Tab stays in an open dialog as on a web page.
std::vector<const Control*> TabStops(const std::vector<Control>& listed) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiWindow* popup = g.OpenPopupStack.empty() ? nullptr : g.OpenPopupStack.back().Window;
    std::vector<const Control*> stops;
    stops.reserve(listed.size());
    for (const Control& c : listed) {
        const bool in_popup =
            popup == nullptr || (c.window != nullptr && c.window->RootWindow == popup->RootWindow);
        if (TakesFocus(c.role) && in_popup) stops.push_back(&c);
    }
    return stops;
}

bool RingShown() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return g.NavWindow != nullptr && !g.NavDisableHighlight && g.NavId != 0;
}

}  // namespace

KeyboardFocus& KeyboardFocus::Get() {
    static KeyboardFocus focus;
    return focus;
}

void KeyboardFocus::Install() {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ControlList::Get().Install();
    // ImGui's own Tab visits text fields only (and turns each into an editor); ours visits
    // every control, so ImGui no longer sees the key.
    if (io.KeyMap[ImGuiKey_Tab] >= 0) tab_key_ = io.KeyMap[ImGuiKey_Tab];
    io.KeyMap[ImGuiKey_Tab] = -1;
}

void KeyboardFocus::Focus(const Control& control) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId != 0) ImGui::ClearActiveID();
    ImGuiWindow* window = control.window;
    ImGui::FocusWindow(window);
    const ImRect rect(control.min, control.max);
    ImGui::SetNavID(control.id, static_cast<ImGuiNavLayer>(control.nav_layer), control.focus_scope,
                    ImGui::WindowRectAbsToRel(window, rect));
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = g.NavMousePosDirty = true;
    ImGui::ScrollToBringRectIntoView(window, rect);
}

void KeyboardFocus::FocusControl(ImGuiID id, bool activate) {
    requested_id_ = id;
    requested_activate_ = activate;
    requested_waits_ = 1;
}

void KeyboardFocus::BeginFrame() {
    const std::vector<const Control*> controls = TabStops(ControlList::Get().LastFrame());
    if (controls.empty()) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiIO& io = ImGui::GetIO();
    if (requested_id_ != 0) {
        const int at = IndexOf(controls, requested_id_);
        if (at >= 0) Focus(*controls[static_cast<size_t>(at)]);
        // Pressed as by Space: a button this frame.
        if (at >= 0 && requested_activate_)
            g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = requested_id_;
        // A control that appears only in the next frame (a moved row) is waited for, once.
        if (at >= 0 || requested_waits_-- <= 0) requested_id_ = 0;
        return;
    }
    // Until Tab shows the focus ring, the arrows are the place's own (the playground steps
    // with them) and do not start ImGui's navigation, except in an open menu or list.
    const bool arrow = ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_LeftArrow]) ||
                       ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_RightArrow]) ||
                       ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_UpArrow]) ||
                       ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_DownArrow]);
    if (arrow && !RingShown() && g.OpenPopupStack.empty()) {
        ImGui::NavMoveRequestCancel();
        g.NavInitRequest = false;
        g.NavDisableHighlight = true;
    }
    if (tab_key_ >= 0 && ImGui::IsKeyPressed(tab_key_) && !io.KeyCtrl && !io.KeyAlt) {
        const int count = static_cast<int>(controls.size());
        const int at = RingShown() ? IndexOf(controls, g.NavId) : -1;
        int next = at < 0 ? (io.KeyShift ? count - 1 : 0) : at + (io.KeyShift ? -1 : 1);
        next = (next + count) % count;  // the page lets a Tab past either end leave first
        Focus(*controls[static_cast<size_t>(next)]);
        return;
    }
    const int at = RingShown() ? IndexOf(controls, g.NavId) : -1;
    if (at < 0) return;
    const Control& focused = *controls[static_cast<size_t>(at)];
    // Enter presses a focused button, menu or box as Space does (ImGui keeps Enter for typing
    // into text fields and sliders).
    if (!focused.inputable && g.ActiveId == 0 &&
        ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter], false)) {
        g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g.NavId;
        return;
    }
    // A grid with the keyboard focus moves its cell with the arrows (DrawGrid takes the move),
    // instead of the arrows moving the focus to a neighbouring control.
    if (focused.role == ControlRole::Grid) {
        const int rows = ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_DownArrow]) -
                         ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_UpArrow]);
        const int cols = ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_RightArrow]) -
                         ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_LeftArrow]);
        if (rows != 0 || cols != 0) {
            ImGui::NavMoveRequestCancel();
            grid_move_id_ = focused.id;
            grid_move_rows_ = rows;
            grid_move_cols_ = cols;
        }
        return;
    }
    // Home and End take a focused slider to its ends, as on a web page's range input.
    // (ImGui would move the focus to the window's first or last item.)
    if (focused.role == ControlRole::Slider && (g.ActiveId == 0 || g.ActiveId == focused.id) &&
        (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Home], false) ||
         ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_End], false))) {
        ImGui::NavMoveRequestCancel();
        const bool home = ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Home], false);
        ControlList::Get().RequestValue(focused.id, home ? focused.lo : focused.hi);
        return;
    }
    // A slider with the keyboard focus takes Left and Right as steps: it becomes active this
    // frame (reading the arrow itself) instead of the arrow moving the focus away.
    if (focused.role == ControlRole::Slider && g.ActiveId != g.NavId &&
        (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_LeftArrow]) ||
         ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_RightArrow]))) {
        ImGui::NavMoveRequestCancel();
        g.NavActivateId = g.NavId;
    }
}

bool KeyboardFocus::TabLeaves(bool backward) const {
    const std::vector<const Control*> controls = TabStops(ControlList::Get().ThisFrame());
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (controls.empty() || !RingShown()) return false;
    return g.NavId == (backward ? controls.front()->id : controls.back()->id);
}

bool KeyboardFocus::EscapeLeaves() const {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return g.OpenPopupStack.empty() && g.ActiveId == 0 && g.NavLayer == ImGuiNavLayer_Main;
}

int KeyboardFocus::AltArrowOnLastItem() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyAlt || FocusedId() == 0 || FocusedId() != ImGui::GetItemID()) return 0;
    const int step = ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_DownArrow]) -
                     ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_UpArrow]);
    if (step != 0) ImGui::NavMoveRequestCancel();
    return step;
}

bool KeyboardFocus::TakeGridMove(ImGuiID id, int* rows, int* cols) {
    if (grid_move_id_ == 0 || grid_move_id_ != id) return false;
    grid_move_id_ = 0;
    *rows = grid_move_rows_;
    *cols = grid_move_cols_;
    return true;
}

ImGuiID KeyboardFocus::FocusedId() const {
    return RingShown() ? ImGui::GetCurrentContext()->NavId : 0;
}

nlohmann::json KeyboardFocus::TestValues() const {
    const std::vector<const Control*> controls = TabStops(ControlList::Get().ThisFrame());
    nlohmann::json values = {{"count", controls.size()}, {"ring", RingShown()}};
    const int at = IndexOf(controls, ImGui::GetCurrentContext()->NavId);
    if (at < 0) return values;
    const Control& c = *controls[static_cast<size_t>(at)];
    values["focus"] = c.name;
    values["index"] = at;
    values["slider"] = c.role == ControlRole::Slider;
    values["rect"] = {c.min.x, c.min.y, c.max.x - c.min.x, c.max.y - c.min.y};
    return values;
}

}  // namespace convscope::app
