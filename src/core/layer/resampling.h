// Upsampling and pixel shuffle along one axis: which input cells an output cell reads and
// with what weights, by PyTorch's index rules in single precision (so that a scale of 41
// maps output 41 to input 0 as PyTorch does). Shapes, taps, receptive fields, the numeric
// kernels and the effective field all read these two functions.
#pragma once

#include <cstdint>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

// One input cell an output cell reads, and its weight (nearest and pixel shuffle: 1).
struct ResampledCell {
    int64_t cell = 0;
    float weight = 1.0f;
};

// One axis of an upsampling or pixel shuffle: the layer type, its factor along the axis,
// align_corners, the axis's input and output sizes, and whether the output size was given
// (nn.Upsample(size=...): PyTorch then steps by input/output instead of 1/factor).
struct ResampledAxis {
    LayerType type = LayerType::UpsampleNearest;
    int64_t factor = 1;
    bool align_corners = false;
    int64_t input = 1;
    int64_t output = 1;
    bool by_size = false;
};
ResampledAxis AxisOf(const Layer& layer, int dim, int64_t input, int64_t output);

// The cells output `o` of an axis reads: one (nearest, pixel shuffle) or two (linear; the
// second may have weight 0, as PyTorch computes it).
struct ResampledSources {
    int count = 0;
    ResampledCell cells[2];
};
ResampledSources SourcesOfOutput(const ResampledAxis& axis, int64_t o);

// The output cells (ascending) whose sources include input cell `i` with a non-zero weight.
std::vector<int64_t> OutputsOfSource(const ResampledAxis& axis, int64_t i);

}  // namespace convscope
