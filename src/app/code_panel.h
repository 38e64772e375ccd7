// The framework code panel: the current layer as PyTorch, Keras/TensorFlow and ONNX code
// from the core's exporter, each with a copy button.
#pragma once

#include "app/playground_model.h"
#include "app/playground_state.h"

namespace convscope::app {

void DrawCodePanel(const PlaygroundState& state, const PlaygroundModel& model);

}  // namespace convscope::app
