// The framework code panel: the current layer as runnable PyTorch, Keras/TensorFlow and
// ONNX code from the core's exporter, each with a copy button, and the notes on what a
// framework cannot state directly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "app/playground/playground_model.h"
#include "core/code_export/code_export.h"

namespace convscope::app {

class CodePanel {
public:
    void Draw(const PlaygroundModel& model);
    // The snippets, for the test hook: {"code": {pytorch, keras, onnx, notes}} (empty when the
    // model or the exporter refuses).
    nlohmann::json TestValues(const PlaygroundModel& model);

private:
    // Regenerates the snippets when the model has changed since.
    void Refresh(const PlaygroundModel& model);

    uint64_t generation_ = 0;
    std::string error_;
    CodeExport code_;
    int framework_ = 0;  // 0 PyTorch, 1 Keras, 2 ONNX
    double copied_at_ = -10.0;
};

}  // namespace convscope::app
