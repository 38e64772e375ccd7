// Output shapes: padding resolved by its form and rule, output sizes with their floor or
// ceiling, the taps an output reads, and parameter and multiply-accumulate counts.
#pragma once

#include <cstdint>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

struct Shape {
    std::vector<int64_t> input;             // spatial sizes
    std::vector<int64_t> output;            // spatial sizes
    std::vector<int64_t> effective_kernel;  // D*(K-1)+1 per dimension
    // Resolved padding per dimension. For a transposed convolution these are the cells
    // cropped from its full output, as PyTorch's `padding` is.
    std::vector<PadPair> pads;
    // Transposed convolution: output_padding including what a "same" rule adds.
    std::vector<int64_t> output_padding;
    // Pooling with ceil_mode: dimensions where the last window was dropped because it would
    // have started inside the right padding.
    std::vector<bool> ceil_window_dropped;
};

// Checks the valid layer against the input and computes its shape. Throws Error (with the
// rule and the numbers) for anything PyTorch refuses or ConvScope cannot compute.
Shape ComputeShape(const Extents& input, const ValidLayer& layer);
// The same for a layer not yet validated: ValidLayer, then the above.
Shape ComputeShape(const Extents& input, const Layer& layer);

// The resolved [before, after] padding of each dimension for an input size, following the
// layer's padding form and same rule (no other checks).
std::vector<PadPair> ResolvePadding(const std::vector<int64_t>& input, const Layer& layer,
                                    std::vector<int64_t>* extra_output_padding = nullptr);

// One tap of a kernel along one dimension: which input cell it reads for a given output.
// `input` is in unpadded coordinates: negative or >= the input size means padding.
struct AxisTap {
    int64_t tap;    // kernel index 0..K-1
    int64_t input;  // input index
};

// The taps of output cell `output_index` along dimension `dim`. For convolution and
// pooling every tap reads one cell; for a transposed convolution only the taps whose
// position lines up with an input cell contribute, and those are returned.
std::vector<AxisTap> TapsOfOutput(const Layer& layer, const Shape& shape, int dim,
                                  int64_t output_index);

// The output cells (along `dim`) that read input cell `input_index`.
std::vector<int64_t> OutputsReadingInput(const Layer& layer, const Shape& shape, int dim,
                                         int64_t input_index);

// Where padded index j (in unpadded coordinates) of an axis of `size` cells reads from, or
// -1 for a zero: the padding modes' rule (reflect mirrors without repeating the edge cell,
// replicate repeats it, circular wraps around).
inline int64_t PaddedSource(int64_t j, int64_t size, PaddingMode mode) {
    if (j >= 0 && j < size) return j;
    switch (mode) {
        case PaddingMode::Zeros:
            return -1;
        case PaddingMode::Reflect:
            return j < 0 ? -j : 2 * (size - 1) - j;
        case PaddingMode::Replicate:
            return j < 0 ? 0 : size - 1;
        case PaddingMode::Circular:
            return ((j % size) + size) % size;
    }
    return -1;
}

struct LayerCost {
    bool known = false;  // channels given (pooling: always known, no parameters)
    double parameters = 0;
    double macs = 0;  // multiply-accumulates for one sample
};
LayerCost ComputeCost(const Layer& layer, const Shape& shape);

}  // namespace convscope
