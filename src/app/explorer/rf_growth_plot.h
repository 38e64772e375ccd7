// The explorer's growth plot: the stack's receptive field and jump against depth, with two
// reference stacks of the same depth for the chapter's comparison at a glance: stacked 3x3
// convolutions (linear growth) and 3x3 convolutions dilated 1, 2, 4, ... (exponential).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/explorer/rf_model.h"
#include "app/explorer/rf_state.h"

namespace convscope::app {

// The dilated reference doubles its dilation every layer; layer 31 reaches dilation 2^30,
// the largest extent the core takes, so the curve stops there.
inline constexpr size_t kMaxDilatedReferenceLayers = 31;

// Receptive fields at depths 0..layers (depth 0: the input, 1), computed by the core's
// ComputeReceptiveFields on the reference stacks.
struct GrowthReference {
    std::vector<double> linear;  // 3x3, stride 1, dilation 1: 1 + 2L
    std::vector<double>
        dilated;  // 3x3, dilation 2^(l-1) at layer l: 2^(L+1) - 1 (at most 31 layers)
};
GrowthReference ComputeGrowthReference(size_t layers);

class RfGrowthPlot {
public:
    void Draw(RfState& state, const RfModel& model);
    // What the plot shows, for the test hook: rf_growth and rf_growth_reference.
    nlohmann::json TestValues(const RfState& state, const RfModel& model);

private:
    // The references for a stack of `layers`, recomputed only when the depth changes.
    const GrowthReference& Reference(size_t layers);
    // The stack's receptive field (last dimension) at depths 0..layers.
    static std::vector<double> Growth(const RfModel& model);

    size_t reference_layers_ = static_cast<size_t>(-1);  // the depth `reference_` was computed for
    GrowthReference reference_;
};

}  // namespace convscope::app
