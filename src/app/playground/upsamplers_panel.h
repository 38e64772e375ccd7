// Four up-samplers side by side: the playground's input through its transposed
// convolution, nearest upsampling then a convolution, bilinear upsampling then a
// convolution, and a convolution then pixel shuffle, all with the playground's kernel,
// each output with its shape and parameter count.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "core/numeric/upsampler_comparison.h"

namespace convscope::app {

class UpsamplersPanel {
public:
    // Draws the panel; returns true when it changed `state` (the example button).
    bool Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure);
    // For the test hook: upsamplers ([{name, shape, parameters, values}]), empty unless the
    // layer is a transposed convolution.
    nlohmann::json TestValues(const PlaygroundModel& model);

private:
    void Recompute(const PlaygroundModel& model);

    uint64_t generation_ = 0;
    std::string error_;
    std::vector<UpsamplerOutput> outputs_;
};

}  // namespace convscope::app
