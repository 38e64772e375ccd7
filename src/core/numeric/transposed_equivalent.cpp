// Transposed convolution as zero insertion, implicit padding and an ordinary convolution
// with the flipped kernel (see transposed_equivalent.h).
#include "core/numeric/transposed_equivalent.h"

#include <algorithm>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/numeric/numeric.h"

namespace convscope {

TransposedEquivalent MakeTransposedEquivalent(const std::vector<int64_t>& input,
                                              const Layer& layer) {
    if (!layer.IsTransposed()) {
        throw Error(
            "only a transposed convolution has an equivalent ordinary convolution here; this "
            "layer is a " +
            std::string(LayerTypeName(layer.type)));
    }
    const Shape shape = ComputeShape(input, layer);
    TransposedEquivalent eq;
    Layer conv = layer;
    conv.type = LayerType::Conv;
    conv.stride.assign(input.size(), 1);
    conv.output_padding.assign(input.size(), 0);
    conv.padding_form = PaddingForm::Explicit;
    conv.padding_asymmetric = true;
    conv.padding.clear();
    conv.padding_mode = PaddingMode::Zeros;
    for (size_t d = 0; d < input.size(); ++d) {
        const int64_t keff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
        eq.inserted.push_back((input[d] - 1) * layer.stride[d] + 1);
        eq.pad_before.push_back(keff - 1 - shape.pads[d].before);
        eq.pad_after.push_back(keff - 1 - shape.pads[d].after + shape.output_padding[d]);
        eq.expanded.push_back(eq.inserted.back() + eq.pad_before.back() + eq.pad_after.back());
        conv.padding.push_back(PadPair{0, 0});
    }
    eq.convolution = conv;
    return eq;
}

Tensor InsertZerosAndPad(const Tensor& x, const std::vector<int64_t>& stride,
                         const TransposedEquivalent& eq) {
    const size_t dims = stride.size();
    if (x.shape.size() != dims + 2 || eq.expanded.size() != dims) {
        throw Error("InsertZerosAndPad: the tensor needs N, C and " + std::to_string(dims) +
                    " spatial dimensions");
    }
    // Work in 3-D form: leading spatial extents of 1.
    int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, s[3] = {1, 1, 1}, lo[3] = {0, 0, 0};
    std::vector<int64_t> shape = {x.shape[0], x.shape[1]};
    for (size_t d = 0; d < dims; ++d) {
        const size_t e = 3 - dims + d;
        in[e] = x.shape[2 + d];
        s[e] = stride[d];
        lo[e] = eq.pad_before[d];
        out[e] = eq.expanded[d];
        shape.push_back(out[e]);
    }
    Tensor y = MakeTensor(shape, "input with inserted zeros");
    const int64_t planes = x.shape[0] * x.shape[1];
    for (int64_t p = 0; p < planes; ++p) {
        const float* src = x.data.data() + p * in[0] * in[1] * in[2];
        float* dst = y.data.data() + p * out[0] * out[1] * out[2];
        for (int64_t z = 0; z < in[0]; ++z) {
            const int64_t oz = z * s[0] + lo[0];
            if (oz < 0 || oz >= out[0]) continue;
            for (int64_t r = 0; r < in[1]; ++r) {
                const int64_t orow = r * s[1] + lo[1];
                if (orow < 0 || orow >= out[1]) continue;
                for (int64_t c = 0; c < in[2]; ++c) {
                    const int64_t oc = c * s[2] + lo[2];
                    if (oc < 0 || oc >= out[2]) continue;
                    dst[(oz * out[1] + orow) * out[2] + oc] = src[(z * in[1] + r) * in[2] + c];
                }
            }
        }
    }
    return y;
}

Tensor FlipTransposedWeight(const Tensor& w, int64_t groups) {
    if (w.shape.size() < 3)
        throw Error(
            "FlipTransposedWeight: the weight needs C_in, C_out/groups and spatial dimensions");
    if (groups < 1 || w.shape[0] % groups != 0) {
        throw Error("FlipTransposedWeight: groups (" + std::to_string(groups) +
                    ") must divide C_in (" + std::to_string(w.shape[0]) + ")");
    }
    const int64_t c_in = w.shape[0], c_out_g = w.shape[1], c_in_g = c_in / groups;
    int64_t taps = 1;
    for (size_t d = 2; d < w.shape.size(); ++d) taps *= w.shape[d];
    std::vector<int64_t> shape = {c_out_g * groups, c_in_g};
    shape.insert(shape.end(), w.shape.begin() + 2, w.shape.end());
    Tensor flipped = MakeTensor(shape, "flipped weight");
    // Reversing the row-major tap index reverses every spatial dimension at once.
    for (int64_t g = 0; g < groups; ++g) {
        for (int64_t i = 0; i < c_in_g; ++i) {
            for (int64_t o = 0; o < c_out_g; ++o) {
                const float* src = w.data.data() + ((g * c_in_g + i) * c_out_g + o) * taps;
                float* dst = flipped.data.data() + ((g * c_out_g + o) * c_in_g + i) * taps;
                for (int64_t t = 0; t < taps; ++t) dst[t] = src[taps - 1 - t];
            }
        }
    }
    return flipped;
}

Tensor RunTransposedAsConvolution(const Layer& layer, const Tensor& x, const Tensor& w,
                                  const Tensor* b) {
    if (x.shape.size() != layer.kernel.size() + 2)
        throw Error("RunTransposedAsConvolution: x must be (N, C, spatial...)");
    const std::vector<int64_t> spatial(x.shape.begin() + 2, x.shape.end());
    const TransposedEquivalent eq = MakeTransposedEquivalent(spatial, layer);
    const Tensor inserted = InsertZerosAndPad(x, layer.stride, eq);
    const Tensor flipped = FlipTransposedWeight(w, layer.groups);
    return RunLayer(eq.convolution, LayerInputs{&inserted, &flipped, b});
}

}  // namespace convscope
