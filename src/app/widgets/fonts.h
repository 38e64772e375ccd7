// The interface font (a subset of DejaVu Sans from Debian's fonts-dejavu-core, embedded at
// build time) loaded into ImGui's atlas at the screen's pixel density.
#pragma once

namespace convscope::app {

// Rebuilds ImGui's font atlas with the UI font at `pixel_ratio` times its nominal size and
// scales it back, so one logical pixel maps to `pixel_ratio` physical ones.
void LoadInterfaceFonts(float pixel_ratio);

}  // namespace convscope::app
