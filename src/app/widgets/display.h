// How the interface fits the screen it is on: a scale that grows with large screens, finger-
// sized controls when the pointer is a finger, and a narrow layout that stacks each place's
// controls under its figure.
#pragma once

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

// Puts the next item on the current line when `width` pixels of it fit, else on a new line.
void SameLineIfFits(float width);

}  // namespace convscope::app
