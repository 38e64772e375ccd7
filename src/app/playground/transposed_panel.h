// Transposed convolution shown as Dumoulin & Visin explain it: the input with S−1 zeros
// inserted between cells and the implicit padding k_eff−1−P, then an ordinary stride-1
// convolution with the flipped kernel, with the check that it gives the same output.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "core/numeric/transposed_equivalent.h"

namespace convscope::app {

class TransposedPanel {
public:
    // Draws the panel for the current output cell; returns true when it changed `state`
    // (a button that switches to a transposed example). As a `figure` in a course page the
    // grids take the room the closing remark would.
    bool Draw(PlaygroundState& state, const PlaygroundModel& model, const Cell& current,
              bool figure);
    // What the panel shows, for the test hook: transposed_lines, transposed_equal,
    // transposed_expanded and transposed_taps_on_input (empty unless the layer is transposed).
    nlohmann::json TestValues(const PlaygroundModel& model, const Cell& current);

private:
    void Recompute(const PlaygroundModel& model);
    // The construction, per dimension when the dimensions differ.
    std::vector<std::string> Lines(const PlaygroundModel& model) const;
    // How many taps of `current`'s window land on real input cells of the expanded input.
    int TapsOnInput(const PlaygroundModel& model, const Cell& current) const;
    bool Equal() const { return max_difference_ <= 1e-4f; }

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
