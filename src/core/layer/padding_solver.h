// The padding solver: given an input size, a target output size and the other parameters
// of a layer, every padding that reaches the target, best first, or the reason none can.
#pragma once

#include <cstdint>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

struct PaddingSolution {
    std::vector<PadPair> pads;            // per dimension
    std::vector<int64_t> output_padding;  // transposed convolution: per dimension
    bool symmetric = true;                // before == after in every dimension
};

// Solutions ordered best first: per dimension the smallest symmetric padding if one exists
// (for a transposed convolution, with the smallest output_padding), otherwise the smallest
// asymmetric pair with the extra cell after (TensorFlow's choice), then the alternatives.
// The layer's own padding is ignored; its padding_mode and pooling limits are respected.
// Throws Error explaining why a dimension cannot reach its target.
std::vector<PaddingSolution> SolvePadding(const std::vector<int64_t>& input,
                                          const std::vector<int64_t>& target, const Layer& layer);

}  // namespace convscope
