// The interface and code fonts (subsets of DejaVu Sans and DejaVu Sans Mono from Debian's
// fonts-dejavu-core, embedded at build time) loaded into ImGui's atlas at the screen's
// pixel density.
#pragma once

struct ImFont;

namespace convscope::app {

// Which glyphs the atlas holds: those the interface itself draws (its strings and the
// exercise cards), which are all a first frame needs and rasterise in a third of the time;
// or all of them, with Latin-1 and Greek for typed text and the code font.
enum class FontGlyphs { kDrawn, kAll };

// Rebuilds ImGui's font atlas with the UI font at `pixel_ratio` times its nominal size and
// scales it back, so one logical pixel maps to `pixel_ratio` physical ones.
void LoadInterfaceFonts(float pixel_ratio, FontGlyphs glyphs);

// The interface's text size in interface pixels (the platform scales those on large screens).
inline constexpr float kTextSize = 16.0f;

// The monospaced font for code (the Code panel); the interface font until all glyphs are
// loaded.
ImFont* CodeFont();

}  // namespace convscope::app
