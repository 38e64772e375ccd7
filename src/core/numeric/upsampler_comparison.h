// One input through four up-samplers of the same factor and kernel, as the decoders of
// image models choose between them: a transposed convolution, nearest upsampling then a
// convolution, bilinear upsampling then a convolution, and a convolution to factor² times
// the channels then pixel shuffle (ESPCN). Every one runs on the core's kernels, with its
// output, its layers and its parameter count, so the playground can show them side by side.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/numeric/tensor.h"

namespace convscope {

struct UpsamplerOutput {
    std::string name;           // "nearest x2, then conv 3"
    std::vector<Layer> layers;  // in order
    Tensor y;                   // (1, 1, spatial...)
    int64_t parameters = 0;     // weights, one input and one output channel, no bias
};

// `x` is (1, 1, spatial...) and `kernel` (spatial k...) the weights every convolution
// shares; `transposed` the transposed convolution to compare (its stride is the factor).
// The convolutions after an upsampling are padded "same" (PyTorch's split of k-1), so
// they keep factor x input cells; the pixel-shuffle convolution gives each of its factor²
// channels the same kernel (2-D only: PyTorch's pixel shuffle). Throws Error as the layers
// refuse.
std::vector<UpsamplerOutput> CompareUpsamplers(const Tensor& x, const Tensor& kernel,
                                               const Layer& transposed);

}  // namespace convscope
