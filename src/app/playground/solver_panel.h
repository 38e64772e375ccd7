// The padding solver panel: a wanted output size to every padding that reaches it
// (symmetric, or the asymmetric pair with PyTorch's F.pad tuple), and the translation of
// Keras/TensorFlow padding='same' to PyTorch and of the current PyTorch padding to Keras,
// each with the arithmetic that explains it.
#pragma once

#include <nlohmann/json.hpp>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"

namespace convscope::app {

// Draws the panel; returns true when it changed `state` ("use this padding", the target).
bool DrawSolverPanel(PlaygroundState& state, const PlaygroundModel& model);
// What the panel shows, for the test hook: solver_solutions (and solver_error),
// keras_same_to_pytorch and pytorch_to_keras.
nlohmann::json SolverPanelTestValues(const PlaygroundState& state, const PlaygroundModel& model);

}  // namespace convscope::app
