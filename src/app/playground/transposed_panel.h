// Transposed convolution shown as Dumoulin & Visin explain it: the input with S−1 zeros
// inserted between cells and the implicit padding k_eff−1−P, then an ordinary stride-1
// convolution with the flipped kernel, with the check that it gives the same output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "core/numeric/transposed_equivalent.h"

namespace convscope::app {

class TransposedPanel {
public:
    // Draws the panel for the current output cell; returns true when it changed `state`
    // (a button that switches to a transposed example).
    bool Draw(PlaygroundState& state, const PlaygroundModel& model, const Cell& current);

private:
    void Recompute(const PlaygroundModel& model);

    uint64_t generation_ = 0;
    std::string error_;
    TransposedEquivalent equivalent_;
    Cell expanded_{1, 1, 1};  // 3-D extents of the expanded input
    std::vector<float> expanded_values_;
    std::vector<float> flipped_kernel_;
    std::vector<float> output_;  // the ordinary convolution's output
    float max_difference_ = 0.0f;
};

}  // namespace convscope::app
