// The interface and code fonts (subsets of DejaVu Sans and DejaVu Sans Mono from Debian's
// fonts-dejavu-core, embedded at build time) loaded into ImGui's atlas at the screen's
// pixel density.
#pragma once

struct ImFont;

namespace convscope::app {

// Rebuilds ImGui's font atlas with the UI font at `pixel_ratio` times its nominal size and
// scales it back, so one logical pixel maps to `pixel_ratio` physical ones.
void LoadInterfaceFonts(float pixel_ratio);

// The interface's text size in interface pixels (the platform scales those on large screens).
inline constexpr float kTextSize = 16.0f;

// The monospaced font for code (the Code panel); the interface font until fonts are loaded.
ImFont* CodeFont();

}  // namespace convscope::app
