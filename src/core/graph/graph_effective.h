// The effective receptive field of a node on a graph (Luo et al. 2016): how much each input
// cell weighs in the node's central unit. Computed as the gradient of that unit with respect
// to the input when every weight of the network is 1 and activations are left out: pooling
// averages its window (max pooling too), interpolation shares a unit's weight between the
// cells it reads, and a merge adds its paths. So each cell's value is the sum, over all paths
// from it to the unit, of the product of the weights along them: the shape of the field that
// training starts from, on the real graph with its branches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convscope {

struct GraphEffectiveField {
    std::string node;            // the node it is for
    std::vector<int64_t> shape;  // the input's spatial sizes
    std::vector<double> values;  // row-major (first dimension slowest), largest 1
    std::string unavailable;     // why it could not be followed (values empty)
};

}  // namespace convscope
