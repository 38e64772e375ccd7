// The controls of an embedded widget (embed=1&panel=...): one strip above the figure with
// just the numbers its panel needs, each a small field with - and + (a locked one as plain
// text, and one whose dimensions differ as their sizes), wrapping to the figure's width.
#pragma once

#include <string>
#include <vector>

#include "app/playground/playground_state.h"

namespace convscope::app {

// Draws the strip for `state.panel`; returns whether the state changed. `locked` names the
// controls the embed fixes (lock=I,K).
bool DrawEmbedStrip(PlaygroundState& state, const std::vector<std::string>& locked);

}  // namespace convscope::app
