// How the interface fits the screen it is on: a scale that grows with large screens, finger-
// sized controls when the pointer is a finger, and a narrow layout that stacks each place's
// controls under its figure.
#pragma once

#include <string>
#include <vector>

namespace convscope::app {

// The interface scale for a window of `width` x `height` CSS pixels (points on the desktop):
// 1 up to 1280x800, then growing with the screen so the interface fills it, at most 2. The
// platform multiplies it by the user's zoom and draws ImGui's pixels that much larger.
float InterfaceScale(float width, float height);

// Set by the platform when the pointer is a finger (or a mouse again); the theme then makes
// every control at least kTouchTarget interface pixels tall.
void SetTouchInput(bool touch);
bool TouchInput();
inline constexpr float kTouchTarget = 40.0f;

// Whether the window is narrower than kNarrowWidth interface pixels and either portrait (a
// phone, a tablet held upright) or narrower still: the places then stack their controls
// under the figure, and the page scrolls.
inline constexpr float kNarrowWidth = 800.0f;
bool NarrowLayout();

// The width of a number field with its - and + buttons (wider for a finger's buttons).
float NumberFieldWidth();

// Puts the next item on the current line (after `spacing` pixels, or the style's spacing)
// when `width` pixels of it fit, else on a new line.
void SameLineIfFits(float width, float spacing = -1.0f);

// The widths of items before they are drawn, for SameLineIfFits: a checkbox or radio button
// with its label, a button, a line of text.
float CheckWidth(const char* label);
float ButtonWidth(const char* label);
float TextWidth(const char* text);

// A button labelled `label` where it fits the line's remaining width, else `short_label`;
// true when clicked.
bool FittingButton(const char* label, const char* short_label);

// The right end of the current window's content so far, and (called after a scrolling tab
// bar's first tab) the same end again plus the visible part of the bar: the tabs scrolled out
// of view do not widen the window's content.
float ContentRight();
void KeepScrolledTabsInside(float content_right_before);

// The windows whose last frame drew something past their visible right edge (text or a
// control cut off) without a horizontal scrollbar to reach it, each as "name: N px".
std::vector<std::string> WindowsCutOffAtRight();

}  // namespace convscope::app
