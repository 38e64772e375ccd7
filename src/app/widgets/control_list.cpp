// The frame's controls from Dear ImGui's item hooks (see control_list.h).
#include "app/widgets/control_list.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "app/widgets/theme.h"

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
        case ControlRole::NumberBox:
            return "number";
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
        case ControlRole::Heading:
            return "heading";
        case ControlRole::Text:
            return "text";
        case ControlRole::Table:
            return "table";
    }
    return "button";
}

// "name##id" shows "name"; "##name" (a label drawn apart from its control) is "name".
std::string ShownLabel(const char* label) {
    const char* hidden = std::strstr(label, "##");
    if (hidden == nullptr) return label;
    return hidden == label ? std::string(label + 2) : std::string(label, hidden);
}

// A slider's value as ImGui shows it (its format applied).
template <typename T>
std::string FormatShown(const char* format, T value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

}  // namespace

bool TakesFocus(ControlRole role) {
    return role != ControlRole::Heading && role != ControlRole::Text && role != ControlRole::Table;
}

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
    text_count_ = 0;
    steps_to_name_ = 0;
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

void ControlList::DescribeNextCombo(const std::string& name, const std::string& value,
                                    std::vector<std::string> options) {
    next_ = Control{};
    next_.role = ControlRole::ComboBox;
    next_.name = name;
    next_.value_text = value;
    next_.options = std::move(options);
    next_described_ = true;
}

void ControlList::DescribeNextValueText(const std::string& text) { next_.value_text = text; }

void ControlList::DescribeNextNumber(const std::string& name, int value) {
    next_ = Control{};
    next_.role = ControlRole::NumberBox;
    next_.name = name;
    next_.value = value;
    next_.value_text = std::to_string(value);
    next_described_ = true;
}

void ControlList::DescribeNextTextBox(const std::string& name, const std::string& value,
                                      bool multiline, bool read_only) {
    next_ = Control{};
    next_.role = ControlRole::TextBox;
    next_.name = name;
    next_.value_text = value;
    next_.multiline = multiline;
    next_.read_only = read_only;
    next_described_ = true;
}

void ControlList::NameNextSteps(const std::string& name) {
    steps_to_name_ = 2;
    steps_name_ = name;
}

void ControlList::AddText(ControlRole role, std::string text, bool code) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    Control item;
    // Ids by place in the frame: the mirror keeps the element and changes its text.
    const int index = ++text_count_;
    item.id = ImHashData(&index, sizeof index, 0x54657874u);
    item.window = g.CurrentWindow;
    item.role = role;
    item.name = std::move(text);
    item.code = code;
    current_.push_back(std::move(item));
}

void ControlList::AddTable(std::string caption, std::vector<std::vector<std::string>> rows) {
    AddText(ControlRole::Table, std::move(caption));
    current_.back().rows = std::move(rows);
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

bool ControlList::TakeValueOf(ImGuiID id, double* value) {
    if (requested_id_ == 0 || requested_id_ != id) return false;
    requested_id_ = 0;
    *value = requested_value_;
    return true;
}

void ControlList::RequestText(ImGuiID id, std::string text, bool submit) {
    requested_text_id_ = id;
    requested_text_ = std::move(text);
    requested_submit_ = submit;
}

bool ControlList::TakeText(ImGuiID id, std::string* text, bool* submit) {
    if (requested_text_id_ == 0 || requested_text_id_ != id) return false;
    requested_text_id_ = 0;
    *text = std::move(requested_text_);
    *submit = requested_submit_;
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
    list.DescribeNextValueText(FormatShown(format, *value));
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

int ListedCombo(const char* label, const std::vector<std::string>& options, int selected,
                const char* preview, ImGuiComboFlags flags,
                const std::function<void(int)>& after_option) {
    ControlList& list = ControlList::Get();
    const int count = static_cast<int>(options.size());
    const bool has_selection = selected >= 0 && selected < count;
    const char* shown = preview != nullptr ? preview
                        : has_selection    ? options[static_cast<size_t>(selected)].c_str()
                                           : "";
    list.DescribeNextCombo(ShownLabel(label), shown, options);
    const ImGuiID id = ImGui::GetID(label);
    int picked = -1;
    if (ImGui::BeginCombo(label, shown, flags)) {
        const TouchListSpacing spacing;
        for (int i = 0; i < count; ++i) {
            if (ImGui::Selectable(options[static_cast<size_t>(i)].c_str(), i == selected))
                picked = i;
            if (after_option) after_option(i);
        }
        ImGui::EndCombo();
    }
    if (double wanted = 0.0; list.TakeValueOf(id, &wanted)) {
        const long index = std::lround(wanted);
        if (index >= 0 && index < count) picked = static_cast<int>(index);
    }
    return picked;
}

bool ListedInputInt(const char* label, int* value) {
    ControlList& list = ControlList::Get();
    const std::string name = ShownLabel(label);
    list.DescribeNextNumber(name, *value);
    list.NameNextSteps(name);
    bool changed = ImGui::InputInt(label, value);
    double wanted = 0.0;
    if (list.TakeValueOf(list.LastDescribedId(), &wanted) && std::isfinite(wanted)) {
        const int next = static_cast<int>(std::clamp(std::round(wanted), -1e9, 1e9));
        changed |= next != *value;
        *value = next;
    }
    return changed;
}

bool ListedInputText(const char* label, char* buffer, size_t size, bool* entered,
                     const TextFieldOptions& options) {
    ControlList& list = ControlList::Get();
    list.DescribeNextTextBox(options.name != nullptr ? options.name : ShownLabel(label), buffer,
                             options.multiline, options.read_only);
    const std::string before = buffer;
    ImGuiInputTextFlags flags = options.read_only ? ImGuiInputTextFlags_ReadOnly : 0;
    if (entered != nullptr) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
    bool enter = options.multiline
                     ? ImGui::InputTextMultiline(label, buffer, size, options.size, flags)
                     : ImGui::InputText(label, buffer, size, flags);
    std::string typed;
    bool submit = false;
    if (!options.read_only && size > 0 && list.TakeText(list.LastDescribedId(), &typed, &submit)) {
        typed.resize(std::min(typed.size(), size - 1));
        std::memcpy(buffer, typed.c_str(), typed.size() + 1);
        enter |= submit;
    }
    if (entered != nullptr) *entered = enter;
    return before != buffer;
}

void ListText(const std::string& text, bool code) {
    ControlList::Get().AddText(ControlRole::Text, text, code);
}

void ListedText(const std::string& text) {
    ImGui::TextUnformatted(text.c_str());
    ListText(text);
}

void ListedTextWrapped(const std::string& text) {
    ImGui::TextWrapped("%s", text.c_str());
    ListText(text);
}

void ListedTextDisabled(const std::string& text) {
    ImGui::TextDisabled("%s", text.c_str());
    ListText(text);
}

void ListedHeading(const std::string& text) {
    ImGui::TextUnformatted(text.c_str());
    ControlList::Get().AddText(ControlRole::Heading, text);
}

void ListTable(std::string caption, std::vector<std::vector<std::string>> rows) {
    ControlList::Get().AddTable(std::move(caption), std::move(rows));
}

bool ListedSliderFloat(const char* label, float* value, float lo, float hi, const char* format) {
    ControlList& list = ControlList::Get();
    list.DescribeNextSlider(*value, lo, hi, 0.1);
    list.DescribeNextValueText(FormatShown(format, static_cast<double>(*value)));
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
    if (next_described_) {
        last_described_id_ = id;
    } else if (steps_to_name_ > 0) {
        control.name = (steps_to_name_-- == 2 ? "decrease " : "increase ") + steps_name_;
    }
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
    // Behind an open dialog (a modal popup) the controls are out of reach, as on screen.
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiWindow* modal = nullptr;
    for (const ImGuiPopupData& popup : g.OpenPopupStack)
        if (popup.Window != nullptr && (popup.Window->Flags & ImGuiWindowFlags_Modal))
            modal = popup.Window;
    nlohmann::json list = nlohmann::json::array();
    for (const Control& c : current_) {
        nlohmann::json item = {{"id", c.id}, {"role", RoleName(c.role)}, {"name", c.name}};
        if (modal != nullptr && (c.window == nullptr || c.window->RootWindow != modal->RootWindow))
            item["inert"] = true;
        if (c.checked >= 0) item["checked"] = c.checked == 1;
        if (c.has_popup) item["popup"] = true;
        if (c.role == ControlRole::Slider) {
            item["value"] = c.value;
            item["min"] = c.lo;
            item["max"] = c.hi;
            item["step"] = c.step;
        }
        if (c.role == ControlRole::NumberBox) item["value"] = c.value;
        if (!c.value_text.empty() || c.role == ControlRole::TextBox) item["text"] = c.value_text;
        if (!c.options.empty()) item["options"] = c.options;
        if (!c.rows.empty()) item["rows"] = c.rows;
        if (c.code) item["code"] = true;
        if (c.multiline) item["multiline"] = true;
        if (c.read_only) item["readonly"] = true;
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
