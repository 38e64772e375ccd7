// One-dimensional convolution arithmetic: the effective kernel and the output size of a
// convolution (Dumoulin & Visin 2016; the formula PyTorch's nn.Conv documents).
#pragma once

#include <cstdint>

namespace convscope {

// D*(K-1)+1: the span of input cells one output reads when its taps sit D apart.
int64_t EffectiveKernel(int64_t kernel, int64_t dilation);

// floor((I + P_before + P_after - k_eff) / S) + 1, or 0 when the kernel does not fit.
int64_t ConvOutputSize(int64_t input, int64_t kernel, int64_t stride, int64_t pad_before,
                       int64_t pad_after, int64_t dilation);

}  // namespace convscope

namespace convscope {

// One convolution or pooling layer along one axis, for receptive-field arithmetic.
struct AxisLayer {
    int64_t kernel = 1;
    int64_t stride = 1;
    int64_t dilation = 1;
    int64_t pad_before = 0;
};

// The receptive field of one unit after a layer, along one axis (Araujo et al. 2019).
struct AxisField {
    int64_t size = 1;   // input cells one output unit sees
    int64_t jump = 1;   // input cells between neighbouring output units
    int64_t first = 0;  // input index of the first unit's left edge (negative: padding)
};

// The field after `layer`, given the field of its input.
AxisField GrowField(const AxisField& input, const AxisLayer& layer);

}  // namespace convscope
