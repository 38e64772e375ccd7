// The dilation view of the playground (the chapter's 9x9 widget): the kernel's taps spread
// D apart over an input grid, the dilated kernel with its holes, "still K·K weights", the
// k_eff table for D = 1, 2, 4, 8 and what stacking those dilations does to the field.
#pragma once

#include <nlohmann/json.hpp>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"

namespace convscope::app {

// Draws the panel; returns true when it changed `state` (the dilation slider). As a `figure`
// in a course page (its strip holds D) the grids come first: no introduction, slider or
// closing remark, and the k_eff table only where the figure has room for it.
bool DrawDilationPanel(PlaygroundState& state, const PlaygroundModel& model, bool figure);
// What the panel shows for `state`, for the test hook: dilation_keff, dilation_taps,
// dilation_table and dilation_stack.
nlohmann::json DilationPanelTestValues(const PlaygroundState& state);

}  // namespace convscope::app
