// The controls a frame draws, in the order it draws them (reading order), each with its
// rectangle, role, name and state: the keyboard's Tab order and the screen-reader mirror the
// page keeps as hidden HTML. Dear ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE) report every
// item with an id, its rectangle and, for labelled widgets, its label; the few things ImGui
// does not say (a radio button's state, a slider's range, a combo box's choice) come from the
// call site through the Describe functions, just before the item is drawn.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

struct ImGuiWindow;

namespace convscope::app {

enum class ControlRole { Button, CheckBox, Radio, Slider, TextBox, ComboBox, Tab, MenuItem, Grid };

struct Control {
    ImGuiID id = 0;
    ImGuiWindow* window = nullptr;
    int nav_layer = 0;
    ImGuiID focus_scope = 0;
    ImVec2 min, max;
    ControlRole role = ControlRole::Button;
    std::string name;
    std::string value_text;                              // a slider's or combo box's value as shown
    double value = 0.0, lo = 0.0, hi = 0.0, step = 1.0;  // a slider's
    int checked = -1;        // checkbox, radio, tab, menu: 1 or 0; -1 not stateful
    bool has_popup = false;  // a menu that opens a list
    bool inputable = false;  // takes typed text (a text field, a slider's value)
};

class ControlList {
public:
    static ControlList& Get();
    // Turns the item hooks on (the ImGui context must exist).
    void Install();
    // Called right after ImGui::NewFrame: the frame being built starts a new list and the
    // last one stays readable until the next.
    void BeginFrame();
    // Called when the frame's items are all drawn: drops the controls without a name.
    void EndFrame();
    // During a frame: the last whole frame's controls, and the ones drawn so far. Between
    // frames, ThisFrame() is the frame just drawn.
    const std::vector<Control>& LastFrame() const { return last_; }
    const std::vector<Control>& ThisFrame() const { return current_; }

    // For the next item drawn: what ImGui does not know of it.
    void DescribeNextRadio(bool checked);
    void DescribeNextSlider(double value, double lo, double hi, double step);
    void DescribeNextCombo(const std::string& name, const std::string& value);
    // A control ImGui has no label for (a grid, an arrow button): its role and name.
    void DescribeNext(ControlRole role, const std::string& name);

    // A value the screen-reader mirror set for slider `id`, applied by the slider's call site
    // on the next frame (TakeValue with its id, after drawing it).
    void RequestValue(ImGuiID id, double value);
    bool TakeValue(int* value);
    bool TakeValue(float* value);

    // Between frames: the frame's controls for the page's mirror, or an empty string when
    // nothing in them changed since the last call: [{"id", "role", "name", ...}].
    std::string MirrorJson();

    // From the item hooks.
    void ItemAdded(ImGuiID id, ImVec2 min, ImVec2 max);
    void ItemLabelled(ImGuiID id, const char* label, int status_flags);

private:
    std::vector<Control> current_, last_;
    bool next_described_ = false;
    Control next_;
    // A label ImGui gave before the item itself (a tab's): kept for the item with its id.
    ImGuiID early_label_id_ = 0;
    std::string early_label_;
    int early_label_flags_ = 0;
    ImGuiID requested_id_ = 0;
    double requested_value_ = 0.0;
    std::string last_mirror_;
};

// ImGui's sliders, radio buttons and combo boxes, described to the control list (role,
// state, value, range); the sliders are also settable by the mirror. Every one of them in the
// interface is drawn through these.
bool ListedSliderInt(const char* label, int* value, int lo, int hi, const char* format = "%d",
                     ImGuiSliderFlags flags = 0);
bool ListedSliderFloat(const char* label, float* value, float lo, float hi, const char* format);
bool ListedRadio(const char* label, bool active);
bool ListedRadio(const char* label, int* value, int button_value);
bool ListedCombo(const char* label, const char* preview, ImGuiComboFlags flags = 0);

}  // namespace convscope::app
