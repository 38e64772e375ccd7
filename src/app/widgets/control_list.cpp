// The frame's controls from Dear ImGui's item hooks (see control_list.h).
#include "app/widgets/control_list.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace convscope::app {

namespace {

const char* RoleName(ControlRole role) {
    switch (role) {
        case ControlRole::Button:
            return "button";
        case ControlRole::CheckBox:
            return "checkbox";
        case ControlRole::Radio:
            return "radio";
        case ControlRole::Slider:
            return "slider";
        case ControlRole::TextBox:
            return "textbox";
        case ControlRole::ComboBox:
            return "combobox";
        case ControlRole::Tab:
            return "tab";
        case ControlRole::MenuItem:
            return "menuitem";
        case ControlRole::Grid:
            return "grid";
    }
    return "button";
}

// "name##id" shows "name"; "##name" (a label drawn apart from its control) is "name".
std::string ShownLabel(const char* label) {
    const char* hidden = std::strstr(label, "##");
    if (hidden == nullptr) return label;
    return hidden == label ? std::string(label + 2) : std::string(label, hidden);
}

}  // namespace

ControlList& ControlList::Get() {
    static ControlList list;
    return list;
}

void ControlList::Install() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void ControlList::EndFrame() {
    // A control nobody named (ImGui's own tab-bar arrows) is left out: neither a Tab stop nor
    // a mirror element could say what it does.
    current_.erase(std::remove_if(current_.begin(), current_.end(),
                                  [](const Control& c) { return c.name.empty(); }),
                   current_.end());
}

void ControlList::BeginFrame() {
    last_.swap(current_);
    current_.clear();
    next_described_ = false;
}

void ControlList::DescribeNextRadio(bool checked) {
    next_ = Control{};
    next_.role = ControlRole::Radio;
    next_.checked = checked ? 1 : 0;
    next_described_ = true;
}

void ControlList::DescribeNextSlider(double value, double lo, double hi, double step) {
    next_ = Control{};
    next_.role = ControlRole::Slider;
    next_.value = value;
    next_.lo = lo;
    next_.hi = hi;
    next_.step = step;
    next_described_ = true;
}

void ControlList::DescribeNextCombo(const std::string& name, const std::string& value) {
    next_ = Control{};
    next_.role = ControlRole::ComboBox;
    next_.name = name;
    next_.value_text = value;
    next_described_ = true;
}

void ControlList::DescribeNext(ControlRole role, const std::string& name) {
    next_ = Control{};
    next_.role = role;
    next_.name = name;
    next_described_ = true;
}

void ControlList::RequestValue(ImGuiID id, double value) {
    requested_id_ = id;
    requested_value_ = value;
}

bool ControlList::TakeValue(int* value) {
    float wanted = static_cast<float>(*value);
    if (!TakeValue(&wanted)) return false;
    const int next = static_cast<int>(std::lround(wanted));
    if (next == *value) return false;
    *value = next;
    return true;
}

bool ControlList::TakeValue(float* value) {
    if (requested_id_ == 0 || requested_id_ != ImGui::GetItemID()) return false;
    requested_id_ = 0;
    double wanted = requested_value_;
    for (const Control& c : current_)
        if (c.id == ImGui::GetItemID()) wanted = std::fmin(std::fmax(wanted, c.lo), c.hi);
    if (static_cast<float>(wanted) == *value) return false;
    *value = static_cast<float>(wanted);
    return true;
}

bool ListedSliderInt(const char* label, int* value, int lo, int hi, const char* format,
                     ImGuiSliderFlags flags) {
    ControlList& list = ControlList::Get();
    list.DescribeNextSlider(*value, lo, hi, 1.0);
    bool changed = ImGui::SliderInt(label, value, lo, hi, format, flags);
    changed |= list.TakeValue(value);
    return changed;
}

bool ListedRadio(const char* label, bool active) {
    ControlList::Get().DescribeNextRadio(active);
    return ImGui::RadioButton(label, active);
}

bool ListedRadio(const char* label, int* value, int button_value) {
    ControlList::Get().DescribeNextRadio(*value == button_value);
    return ImGui::RadioButton(label, value, button_value);
}

bool ListedCombo(const char* label, const char* preview, ImGuiComboFlags flags) {
    ControlList::Get().DescribeNextCombo(ShownLabel(label), preview ? preview : "");
    return ImGui::BeginCombo(label, preview, flags);
}

bool ListedSliderFloat(const char* label, float* value, float lo, float hi, const char* format) {
    ControlList& list = ControlList::Get();
    list.DescribeNextSlider(*value, lo, hi, 0.1);
    bool changed = ImGui::SliderFloat(label, value, lo, hi, format);
    changed |= list.TakeValue(value);
    return changed;
}

void ControlList::ItemAdded(ImGuiID id, ImVec2 min, ImVec2 max) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // A child window's own item (its frame in the parent) is not a control; nor is a
    // disabled one.
    if (id == 0 || (g.LastItemData.InFlags & (ImGuiItemFlags_Disabled | ImGuiItemFlags_NoNav)) ||
        ImGui::FindWindowByID(id) != nullptr)
        return;
    for (auto it = current_.rbegin(); it != current_.rend() && it - current_.rbegin() < 4; ++it)
        if (it->id == id) return;  // the same item added twice (a widget and its frame)
    ImGuiWindow* window = g.CurrentWindow;
    Control control = next_described_ ? next_ : Control{};
    next_described_ = false;
    control.id = id;
    control.window = window;
    control.nav_layer = window->DC.NavLayerCurrent;
    control.focus_scope = window->DC.NavFocusScopeIdCurrent;
    control.min = min;
    control.max = max;
    control.inputable = (g.LastItemData.InFlags & ImGuiItemFlags_Inputable) != 0;
    if (control.role == ControlRole::Button) {
        if (control.nav_layer == ImGuiNavLayer_Menu ||
            window->Flags & ImGuiWindowFlags_Popup && window->Flags & ImGuiWindowFlags_ChildMenu)
            control.role = ControlRole::MenuItem;
        if (const ImGuiTabBar* bar = g.CurrentTabBar; bar != nullptr) {
            for (const ImGuiTabItem& tab : bar->Tabs) {
                if (tab.ID != id) continue;
                control.role = ControlRole::Tab;
                control.checked = bar->SelectedTabId == id ? 1 : 0;
            }
        }
    }
    current_.push_back(control);
    if (early_label_id_ == id) {
        early_label_id_ = 0;
        ItemLabelled(id, early_label_.c_str(), early_label_flags_);
    }
}

void ControlList::ItemLabelled(ImGuiID id, const char* label, int status_flags) {
    for (auto it = current_.rbegin(); it != current_.rend(); ++it) {
        if (it->id != id) continue;
        if (it->name.empty()) it->name = ShownLabel(label);
        if (status_flags & ImGuiItemStatusFlags_Checkable) {
            // Checkbox, or a selectable or menu item with a check mark.
            if (it->role == ControlRole::Button) it->role = ControlRole::CheckBox;
            it->checked = (status_flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
        }
        if (status_flags & ImGuiItemStatusFlags_Openable) {
            it->has_popup = true;
            it->checked = (status_flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
        }
        if (it->role == ControlRole::Button && it->inputable) it->role = ControlRole::TextBox;
        return;
    }
    early_label_id_ = id;
    early_label_ = label;
    early_label_flags_ = status_flags;
}

std::string ControlList::MirrorJson() {
    nlohmann::json list = nlohmann::json::array();
    for (const Control& c : current_) {
        nlohmann::json item = {{"id", c.id}, {"role", RoleName(c.role)}, {"name", c.name}};
        if (c.checked >= 0) item["checked"] = c.checked == 1;
        if (c.has_popup) item["popup"] = true;
        if (c.role == ControlRole::Slider) {
            item["value"] = c.value;
            item["min"] = c.lo;
            item["max"] = c.hi;
            item["step"] = c.step;
        }
        if (!c.value_text.empty()) item["text"] = c.value_text;
        list.push_back(std::move(item));
    }
    std::string text = list.dump();
    if (text == last_mirror_) return {};
    last_mirror_ = text;
    return text;
}

}  // namespace convscope::app

// Dear ImGui's item hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE): every item with an id
// and its rectangle, then the labelled widgets' labels and check states.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    convscope::app::ControlList::Get().ItemAdded(id, bb.Min, bb.Max);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
    if (label != nullptr) convscope::app::ControlList::Get().ItemLabelled(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
