// The playground's layer with all its channels: every input channel's values, every output
// channel's weights and values, which input channels each output reads, and the costs of
// the standard, grouped, depthwise and separable versions. Built by the core from the
// playground's state when the Channels panel is shown and the state changed (never per frame).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "core/layer/channels.h"

namespace convscope::app {

class ChannelModel {
public:
    // Recomputes from `state`; `model` is the playground's (same state), whose shape and taps
    // every channel shares. Values are left out past kMaxChannelMacs (the counts stay).
    void Rebuild(const PlaygroundState& state, const PlaygroundModel& model);

    bool Ok() const { return error_.empty(); }
    const std::string& Error() const { return error_; }
    bool Weighted() const { return weighted_; }
    int64_t InChannels() const { return in_channels_; }
    int64_t OutChannels() const { return out_channels_; }
    int64_t Groups() const { return groups_; }
    // The input channels output channel `o` reads (its group's).
    ChannelRange InputsOf(int64_t o) const { return InputChannelsOf(layer_, o); }

    // Whether the values were computed; when not, why ("... 80 million multiply-accumulates").
    bool HasValues() const { return has_values_; }
    const std::string& ValuesNote() const { return values_note_; }
    // Input channel `c` at `cell` as the layer reads it (padding mode; `padding`: outside).
    float Input(int64_t c, const Cell& cell, bool* padding) const;
    // The weight of output channel `o` for the j-th input channel of its group.
    float Weight(int64_t o, int64_t j, const Cell& k) const;
    float Output(int64_t o, const Cell& cell) const;
    ValueRange InputRange() const { return input_range_; }
    ValueRange WeightRange() const { return weight_range_; }
    ValueRange OutputRange() const { return output_range_; }

    // Output `o`, cell `cell` written out one input channel at a time ("in 2: 1 + 3 + 7 =
    // 11"), then the channels' sum; empty without weights or values.
    std::vector<std::string> SumLines(const PlaygroundModel& model, int64_t o,
                                      const Cell& cell) const;

    // The standard, grouped, depthwise and separable versions (weighted layers with more
    // than one channel; see ChannelVariants).
    const std::vector<ChannelVariant>& Variants() const { return variants_; }
    const Layer& GetLayer() const { return layer_; }

    // For the test hook: the input as [C][cells], the weights as the core's tensor layout
    // ([C_out][C_in/G][cells], transposed [C_in][C_out/G][cells]) and the output [C_out][cells].
    std::vector<std::vector<float>> InputTensor() const;
    std::vector<std::vector<std::vector<float>>> WeightTensor() const;
    std::vector<std::vector<float>> OutputTensor() const;

private:
    std::string error_, values_note_;
    Layer layer_;
    bool weighted_ = false, has_values_ = false;
    int64_t in_channels_ = 1, out_channels_ = 1, groups_ = 1;
    int64_t in_cells_ = 1, out_cells_ = 1, kernel_cells_ = 1;
    Cell in_{1, 1, 1}, out_{1, 1, 1}, k_{1, 1, 1};
    std::vector<float> input_;    // [C_in][in cells]
    std::vector<float> weights_;  // [C_out][C_in/G][kernel cells]
    std::vector<float> output_;   // [C_out][out cells]
    ValueRange input_range_, weight_range_, output_range_;
    std::vector<ChannelVariant> variants_;
};

// The most multiply-accumulates the panel computes values for (a few milliseconds).
inline constexpr double kMaxChannelMacs = 20e6;

}  // namespace convscope::app
