// One-dimensional convolution arithmetic (see arithmetic.h).
#include "core/arithmetic.h"

namespace convscope {

int64_t EffectiveKernel(int64_t kernel, int64_t dilation) {
    return dilation * (kernel - 1) + 1;
}

int64_t ConvOutputSize(int64_t input, int64_t kernel, int64_t stride, int64_t pad_before,
                       int64_t pad_after, int64_t dilation) {
    const int64_t span = input + pad_before + pad_after - EffectiveKernel(kernel, dilation);
    if (span < 0) return 0;
    return span / stride + 1;
}

}  // namespace convscope

namespace convscope {

AxisField GrowField(const AxisField& input, const AxisLayer& layer) {
    AxisField out;
    out.size = input.size + (EffectiveKernel(layer.kernel, layer.dilation) - 1) * input.jump;
    out.jump = input.jump * layer.stride;
    out.first = input.first - layer.pad_before * input.jump;
    return out;
}

}  // namespace convscope
