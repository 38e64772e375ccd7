// Tab order over every control and sliders that take arrows (see keyboard.h).
#include "app/widgets/keyboard.h"

#include <imgui_internal.h>

#include <cstring>

namespace convscope::app {

KeyboardFocus& KeyboardFocus::Get() {
    static KeyboardFocus focus;
    return focus;
}

void KeyboardFocus::Install() {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
    // ImGui's own Tab visits text fields only (and turns each into an editor); ours visits
    // every control, so ImGui no longer sees the key.
    if (io.KeyMap[ImGuiKey_Tab] >= 0) tab_key_ = io.KeyMap[ImGuiKey_Tab];
    io.KeyMap[ImGuiKey_Tab] = -1;
}

int KeyboardFocus::IndexOf(ImGuiID id) const {
    if (id == 0) return -1;
    for (size_t i = 0; i < last_controls_.size(); ++i)
        if (last_controls_[i].id == id) return static_cast<int>(i);
    return -1;
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

void KeyboardFocus::BeginFrame() {
    last_controls_.swap(controls_);
    controls_.clear();
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiIO& io = ImGui::GetIO();
    if (last_controls_.empty()) return;
    if (tab_key_ >= 0 && ImGui::IsKeyPressed(tab_key_) && !io.KeyCtrl && !io.KeyAlt) {
        const int count = static_cast<int>(last_controls_.size());
        const int at = g.NavWindow != nullptr && !g.NavDisableHighlight ? IndexOf(g.NavId) : -1;
        int next = at < 0 ? (io.KeyShift ? count - 1 : 0) : at + (io.KeyShift ? -1 : 1);
        next = (next + count) % count;  // the page lets a Tab past either end leave first
        Focus(last_controls_[static_cast<size_t>(next)]);
        return;
    }
    const int at = IndexOf(g.NavId);
    // Enter presses a focused button, menu or box as Space does (ImGui keeps Enter for typing
    // into text fields and sliders).
    if (at >= 0 && !last_controls_[static_cast<size_t>(at)].inputable && g.ActiveId == 0 &&
        !g.NavDisableHighlight && ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter], false)) {
        g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g.NavId;
        return;
    }
    // A slider with the keyboard focus takes Left and Right as steps: it becomes active this
    // frame (reading the arrow itself) instead of the arrow moving the focus away.
    if (at >= 0 && last_controls_[static_cast<size_t>(at)].slider && g.ActiveId != g.NavId &&
        !g.NavDisableHighlight &&
        (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_LeftArrow]) ||
         ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_RightArrow]))) {
        ImGui::NavMoveRequestCancel();
        g.NavActivateId = g.NavId;
    }
}

bool KeyboardFocus::TabLeaves(bool backward) const {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (controls_.empty() || g.NavWindow == nullptr || g.NavDisableHighlight) return false;
    return g.NavId == (backward ? controls_.front().id : controls_.back().id);
}

void KeyboardFocus::MarkSlider() {
    const ImGuiID id = ImGui::GetItemID();
    for (auto it = controls_.rbegin(); it != controls_.rend(); ++it) {
        if (it->id != id) continue;
        it->slider = true;
        return;
    }
}

void KeyboardFocus::ItemAdded(ImGuiID id, ImVec2 min, ImVec2 max) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // A child window's own item (its frame in the parent) is not a control; nor is a
    // disabled one.
    if (id == 0 || (g.LastItemData.InFlags & (ImGuiItemFlags_Disabled | ImGuiItemFlags_NoNav)) ||
        ImGui::FindWindowByID(id) != nullptr)
        return;
    for (auto it = controls_.rbegin(); it != controls_.rend() && it - controls_.rbegin() < 4; ++it)
        if (it->id == id) return;  // the same item added twice (a widget and its frame)
    ImGuiWindow* window = g.CurrentWindow;
    Control control;
    control.id = id;
    control.window = window;
    control.nav_layer = window->DC.NavLayerCurrent;
    control.focus_scope = window->DC.NavFocusScopeIdCurrent;
    control.min = min;
    control.max = max;
    control.inputable = (g.LastItemData.InFlags & ImGuiItemFlags_Inputable) != 0;
    controls_.push_back(control);
}

void KeyboardFocus::ItemLabelled(ImGuiID id, const char* label) {
    for (auto it = controls_.rbegin(); it != controls_.rend(); ++it) {
        if (it->id != id) continue;
        // "name##id" shows "name"; "##name" (a label drawn apart from its control) is "name".
        const char* hidden = std::strstr(label, "##");
        it->label = hidden == nullptr ? std::string(label)
                    : hidden == label ? std::string(label + 2)
                                      : std::string(label, hidden);
        return;
    }
}

nlohmann::json KeyboardFocus::TestValues() const {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    nlohmann::json values = {{"count", controls_.size()},
                             {"ring", g.NavWindow != nullptr && !g.NavDisableHighlight}};
    for (size_t i = 0; i < controls_.size(); ++i) {
        if (controls_[i].id != g.NavId) continue;
        values["focus"] = controls_[i].label;
        values["index"] = i;
        values["slider"] = controls_[i].slider;
        values["rect"] = {controls_[i].min.x, controls_[i].min.y,
                          controls_[i].max.x - controls_[i].min.x,
                          controls_[i].max.y - controls_[i].min.y};
    }
    return values;
}

}  // namespace convscope::app

// Dear ImGui's item hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE): every item with an id
// and its rectangle, then the labelled widgets' labels.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    convscope::app::KeyboardFocus::Get().ItemAdded(id, bb.Min, bb.Max);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags) {
    if (label != nullptr) convscope::app::KeyboardFocus::Get().ItemLabelled(id, label);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
