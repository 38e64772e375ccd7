// Transposed convolution as an ordinary one (Dumoulin & Visin 2016, "A guide to convolution
// arithmetic", section 4): insert S−1 zeros between input cells, pad each side with
// k_eff−1−P cells (plus output_padding after), and convolve with stride 1 and the kernel
// flipped in every spatial dimension. This builds that equivalent and runs it, so the
// playground can show both and state that they agree.
#pragma once

#include <cstdint>
#include <vector>

#include "core/layer/layer.h"
#include "core/layer/shape.h"
#include "core/numeric/tensor.h"

namespace convscope {

struct TransposedEquivalent {
    std::vector<int64_t> inserted;  // per dimension: (I−1)·S + 1, the input with zeros inserted
    // Per dimension, the implicit padding of the equivalent convolution: k_eff−1−P before,
    // k_eff−1−P+output_padding after. Negative when the transposed layer's padding exceeds
    // k_eff−1: then that many cells are cropped instead.
    std::vector<int64_t> pad_before;
    std::vector<int64_t> pad_after;
    std::vector<int64_t> expanded;  // per dimension: inserted + pad_before + pad_after
    Layer convolution;              // stride 1, the same dilation, no padding of its own
};

// The equivalent of `layer` (a transposed convolution) for spatial input `input`.
// Throws Error for other layer types and for what ComputeShape refuses.
TransposedEquivalent MakeTransposedEquivalent(const std::vector<int64_t>& input,
                                              const Layer& layer);

// x (N, C, spatial...) with stride−1 zeros between cells along each spatial dimension and
// the implicit padding of `eq` (cropping where it is negative): the equivalent
// convolution's input, of spatial size `eq.expanded`.
Tensor InsertZerosAndPad(const Tensor& x, const std::vector<int64_t>& stride,
                         const TransposedEquivalent& eq);

// A transposed convolution's weight (C_in, C_out/groups, k...) as the equivalent ordinary
// convolution's weight (C_out, C_in/groups, k...), flipped in every spatial dimension.
Tensor FlipTransposedWeight(const Tensor& w, int64_t groups);

// Runs the equivalent ordinary convolution on x, w (and bias b, may be null); the result
// equals RunLayer(layer, {x, w, b}) up to float rounding.
Tensor RunTransposedAsConvolution(const Layer& layer, const Tensor& x, const Tensor& w,
                                  const Tensor* b);

}  // namespace convscope
