// The light and dark themes: ImGui's style colours plus the few colours the views pick
// themselves (taps, fed cells, the current output, messages), so both themes stay legible.
#pragma once

#include <imgui.h>

namespace convscope::app {

enum class ThemeName { Dark, Light };

struct Theme {
    ThemeName name = ThemeName::Dark;
    ImU32 tap = 0;           // the kernel's taps (the chapter's yellow squares)
    ImU32 feed = 0;          // outputs fed by a hovered input cell
    ImU32 current = 0;       // the output being computed
    ImU32 empty_cell = 0;    // a cell with no value (a hole, an inserted zero)
    ImU32 padding_cell = 0;  // a zero that padding adds
    ImU32 selected_row = 0;  // a table row that matches the current setting
    ImU32 error_text = 0;    // a configuration a framework refuses
    ImU32 good_text = 0;     // a check that holds
    ImU32 code_background = 0;
    ImU32 heading_text = 0;  // a section's title (the help view's)
};

// Applies `name` to ImGui's style and makes it the current theme.
void ApplyTheme(ThemeName name);
const Theme& CurrentTheme();

// Declared first inside an open combo or menu: on touch screens its items are then a
// finger's height (kTouchTarget) apart, for the scope of the object.
class TouchListSpacing {
public:
    TouchListSpacing();
    ~TouchListSpacing();
    TouchListSpacing(const TouchListSpacing&) = delete;
    TouchListSpacing& operator=(const TouchListSpacing&) = delete;

private:
    bool pushed_ = false;
};

// A button that sits in a line of text: small for a mouse, finger-sized on touch screens.
bool InlineButton(const char* label);

// A secondary remark: the disabled text colour, wrapped at the window's edge, and listed for
// the screen-reader mirror (control_list.h) like ListedTextWrapped.
void TextWrappedDisabled(const char* format, ...) IM_FMTARGS(1);
// ImGui::TextWrapped, listed for the mirror (ListedTextWrapped with printf arguments).
void ListedTextWrappedF(const char* format, ...) IM_FMTARGS(1);

}  // namespace convscope::app
