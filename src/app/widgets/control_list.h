// The controls a frame draws, in the order it draws them (reading order), each with its
// rectangle, role, name and state: the keyboard's Tab order and the screen-reader mirror the
// page keeps as hidden HTML. Dear ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE) report every
// item with an id, its rectangle and, for labelled widgets, its label; the few things ImGui
// does not say (a radio button's state, a slider's range, a combo box's choice) come from the
// call site through the Describe functions, just before the item is drawn. Between the
// controls, each view lists its results as text (ListedText, ListTable): the formula, the
// sizes, the values, the answers, so that the mirror reads as the screen does.
#pragma once

#include <imgui.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

struct ImGuiWindow;

namespace convscope::app {

enum class ControlRole {
    Button,
    CheckBox,
    Radio,
    Slider,
    NumberBox,  // a field for one number (ImGui's InputInt)
    TextBox,
    ComboBox,
    Tab,
    MenuItem,
    Grid,
    // Not controls: what the frame shows as text, in its place among them.
    Heading,
    Text,  // a paragraph; `code` keeps its lines and spaces
    Table,
};

// Whether Tab stops at an item of this role (every role but the texts).
bool TakesFocus(ControlRole role);

struct Control {
    ImGuiID id = 0;
    ImGuiWindow* window = nullptr;
    int nav_layer = 0;
    ImGuiID focus_scope = 0;
    ImVec2 min, max;
    ControlRole role = ControlRole::Button;
    std::string name;
    std::string value_text;  // a slider's, combo box's or text box's value as shown
    double value = 0.0, lo = 0.0, hi = 0.0, step = 1.0;  // a slider's
    int checked = -1;        // checkbox, radio, tab, menu: 1 or 0; -1 not stateful
    bool has_popup = false;  // a menu that opens a list
    bool inputable = false;  // takes typed text (a text field, a slider's value)
    bool code = false;       // a Text item: program text
    bool multiline = false, read_only = false;   // a text box's
    std::vector<std::string> options;            // a combo box's choices
    std::vector<std::vector<std::string>> rows;  // a Table's cells, its header row first
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
    // After a DescribeNext...: the value as shown ("2.0 steps/s"), when it is not the number.
    void DescribeNextValueText(const std::string& text);
    void DescribeNextCombo(const std::string& name, const std::string& value,
                           std::vector<std::string> options);
    void DescribeNextNumber(const std::string& name, int value);
    void DescribeNextTextBox(const std::string& name, const std::string& value, bool multiline,
                             bool read_only);
    // A control ImGui has no label for (a grid, an arrow button): its role and name.
    void DescribeNext(ControlRole role, const std::string& name);
    // The next two items are a number box's - and + buttons: "decrease name", "increase name".
    void NameNextSteps(const std::string& name);
    // The id of the item the last description went to.
    ImGuiID LastDescribedId() const { return last_described_id_; }

    // Text between the controls (see the Listed functions below).
    void AddText(ControlRole role, std::string text, bool code = false);
    void AddTable(std::string caption, std::vector<std::vector<std::string>> rows);

    // A value the screen-reader mirror set for slider, number box or combo box `id` (a combo
    // box's: the index of its choice), applied by the control's call site on the next frame
    // (TakeValue with its id, after drawing it).
    void RequestValue(ImGuiID id, double value);
    bool TakeValue(int* value);
    bool TakeValue(float* value);
    bool TakeValueOf(ImGuiID id, double* value);
    // Text typed into the mirror's text box `id`; `submit` when it ended with Enter.
    void RequestText(ImGuiID id, std::string text, bool submit);
    bool TakeText(ImGuiID id, std::string* text, bool* submit);

    // Between frames: the frame's controls for the page's mirror, or an empty string when
    // nothing in them changed since the last call: [{"id", "role", "name", ...}]; while a
    // dialog is open, the ones behind it are "inert".
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
    ImGuiID requested_text_id_ = 0;
    std::string requested_text_;
    bool requested_submit_ = false;
    int text_count_ = 0;  // text items this frame: their ids
    ImGuiID last_described_id_ = 0;
    // A number box's - and + buttons, named after it when they come.
    int steps_to_name_ = 0;
    std::string steps_name_;
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
// A combo box over `options` with `selected` shown (or `preview` when given); returns the
// index picked this frame, in its list or through the mirror, or -1. `after_option(i)` runs
// right after option i's item (a tooltip, a probe).
int ListedCombo(const char* label, const std::vector<std::string>& options, int selected,
                const char* preview = nullptr, ImGuiComboFlags flags = 0,
                const std::function<void(int)>& after_option = {});
// ImGui's InputInt and InputText, with their value in the mirror and settable through it.
bool ListedInputInt(const char* label, int* value);
struct TextFieldOptions {
    const char* name = nullptr;  // the mirror's name when the label hides it ("##answer")
    bool multiline = false;
    ImVec2 size;  // a multiline field's
    bool read_only = false;
};
// Returns true when the text changed; with `entered`, Enter ends the entry (the field's or
// the mirror's) and sets *entered.
bool ListedInputText(const char* label, char* buffer, size_t size, bool* entered = nullptr,
                     const TextFieldOptions& options = {});

// Result text: drawn as ImGui::TextUnformatted / TextWrapped / TextDisabled draw it, and
// listed for the mirror as a paragraph (a heading for ListedHeading).
void ListedText(const std::string& text);
void ListedTextWrapped(const std::string& text);
void ListedTextDisabled(const std::string& text);
void ListedHeading(const std::string& text);
// Listed only, for text drawn in pieces (a headline, program text in a read-only field).
void ListText(const std::string& text, bool code = false);
// A table for the mirror only (the screen shows it as a grid or draws it itself): `rows`
// starts with the header row; each row's first cell names it.
void ListTable(std::string caption, std::vector<std::vector<std::string>> rows);

}  // namespace convscope::app
