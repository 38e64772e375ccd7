// The overlap map: how many kernel taps of a transposed convolution land on each output
// cell, as numbers or a heat map, with the period and the unevenness stated (kernel 3,
// stride 2: 1-2-1-2 along each axis, 1, 2 or 4 in 2-D, Odena et al.'s checkerboard), and the
// remedies side by side: a kernel the stride divides, resize then convolve, convolve then
// pixel shuffle.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "core/layer/overlap.h"

namespace convscope::app {

class OverlapPanel {
public:
    // Draws the panel; returns true when it changed `state` (a button that switches to the
    // checkerboard example). As a `figure` the remedies' notes are left out.
    bool Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure);
    // For the test hook: overlap_summary, overlap_counts (row-major, the last two
    // dimensions), overlap_remedies ([{name, summary, even}]); empty unless transposed.
    nlohmann::json TestValues(const PlaygroundModel& model);

private:
    void Recompute(const PlaygroundModel& model);

    uint64_t generation_ = 0;
    std::string error_;
    OverlapMap map_;
    std::vector<OverlapMap> remedies_;
};

}  // namespace convscope::app
