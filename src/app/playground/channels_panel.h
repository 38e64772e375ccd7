// The Channels panel: C_in, C_out, groups and the depth multiplier of the playground's layer,
// every channel drawn (input channels, each output channel's filter slices, output channels;
// up to 8 each way, more summarised), each output channel's connections to its group's input
// channels, hover and stepping across channels (an output cell lights its taps in every input
// channel it reads), and the parameters and multiply-accumulates of the standard, grouped,
// depthwise and depthwise-separable versions of the layer side by side.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "app/playground/channel_model.h"
#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"

namespace convscope::app {

// Channels drawn each way; more are counted, and summarised by the connection matrix.
inline constexpr int64_t kMaxDrawnChannels = 8;

class ChannelsPanel {
public:
    // Draws the panel; returns true when it changed the layer in `state` (a channel count,
    // groups, bias), so that the playground rebuilds its model. As a `figure` the notes and
    // the connection matrix are left out.
    bool Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure);
    // For the test hook: the counts, connections, versions, the values as tensors and the
    // current output's sums.
    nlohmann::json TestValues(const PlaygroundState& state, const PlaygroundModel& model);

private:
    void Refresh(const PlaygroundState& state, const PlaygroundModel& model);
    bool DrawControls(PlaygroundState& state);
    // `side`: the pixels left for the stepper and the versions at the figure's right (0:
    // they go below it).
    void DrawFigure(PlaygroundState& state, const PlaygroundModel& model, bool figure, float side);
    void DrawStepper(PlaygroundState& state, const PlaygroundModel& model);
    // `compact`: beside the figure, each version's weight shapes under its name.
    void DrawVersions(bool figure, bool compact) const;
    void DrawConnectionMatrix() const;

    ChannelModel channels_;
    uint64_t generation_ = ~uint64_t{0};
    // The hover of the frame before: an output cell (its channel) or an input cell.
    bool hover_output_ = false, hover_input_ = false;
    int64_t hovered_channel_ = 0;
    Cell hovered_cell_{0, 0, 0};
};

}  // namespace convscope::app
