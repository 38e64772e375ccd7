// Numeric layers on float32 tensors: convolution (any padding mode, groups, bias),
// transposed convolution, max/average pooling, nearest/linear upsampling and pixel
// shuffle/unshuffle in 1, 2 or 3 dimensions, with PyTorch's semantics. Each operation has a plain
// reference kernel and a SIMD kernel (wasm simd128 on the web, AVX2/FMA or SSE2 natively);
// kernels.inc lists them all.
#pragma once

#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/layer/shape.h"
#include "core/numeric/tensor.h"

namespace convscope {

// Inputs of one layer evaluation: x is (N, C_in, spatial...); w is conv (C_out, C_in/groups,
// k...) or transposed (C_in, C_out/groups, k...), absent for pooling; b is (C_out) or absent.
struct LayerInputs {
    const Tensor* x = nullptr;
    const Tensor* w = nullptr;
    const Tensor* b = nullptr;
};

// Everything a kernel needs, validated and resolved: sizes in 3-D form (a 1-D or 2-D layer
// is a 3-D one with leading extents of 1), pads, channels and groups.
struct ConvProblem {
    LayerType type = LayerType::Conv;
    PaddingMode padding_mode = PaddingMode::Zeros;
    bool ceil_mode = false;
    bool count_include_pad = true;
    bool align_corners = false;     // linear upsampling
    bool resample_by_size = false;  // upsampling to a given size (ResampledAxis::by_size)
    int64_t batch = 1, in_channels = 1, out_channels = 1, groups = 1;
    int64_t input[3] = {1, 1, 1};
    int64_t output[3] = {1, 1, 1};
    int64_t kernel[3] = {1, 1, 1};  // resampling: the factor
    int64_t stride[3] = {1, 1, 1};
    int64_t dilation[3] = {1, 1, 1};
    int64_t pad_before[3] = {0, 0, 0};
    int64_t pad_after[3] = {0, 0, 0};
    const float* x = nullptr;
    const float* w = nullptr;
    const float* b = nullptr;  // may be null
    float* y = nullptr;
};

// Checks tensors against the layer (ranks, channels, weight shape, size and work limits),
// computes the output shape and fills a ConvProblem whose pointers refer to the tensors and
// to `y`, which is allocated here. Throws Error on any mismatch.
ConvProblem PrepareProblem(const ValidLayer& layer, const LayerInputs& in, Shape* shape, Tensor* y);

enum class KernelChoice { Fast, Reference };

// Runs the registry's fast or reference kernel for the problem's operation (KernelFor).
// Throws Error if the registry has none.
void RunProblem(const ConvProblem& problem, KernelChoice choice);

// Runs one layer: PrepareProblem, then RunProblem. The Layer form validates it first.
Tensor RunLayer(const ValidLayer& layer, const LayerInputs& in,
                KernelChoice choice = KernelChoice::Fast);
Tensor RunLayer(const Layer& layer, const LayerInputs& in,
                KernelChoice choice = KernelChoice::Fast);

// What a kernel computes. Max and average pooling share their kernels (the problem's type
// picks the max or the mean), so kernels are filed by operation rather than by layer type.
// Nearest and linear upsampling share theirs too (Resample), as do pixel shuffle and unshuffle
// (Shuffle).
enum class KernelOp { Conv, ConvTranspose, Pool, Resample, Shuffle };
// Every operation, for code that visits them all (the dispatch table, the tests).
inline constexpr KernelOp kKernelOps[] = {KernelOp::Conv, KernelOp::ConvTranspose, KernelOp::Pool,
                                          KernelOp::Resample, KernelOp::Shuffle};

// The operation that computes a layer type: an exhaustive switch, so -Wswitch names it when
// a layer type is added.
KernelOp KernelOpFor(LayerType type);
const char* KernelOpName(KernelOp op);  // "convolution", ... for messages

// A kernel of the registry (kernels.inc): one operation, one implementation.
struct KernelInfo {
    const char* name;  // op, type and, for fast kernels, ISA: "conv_f32_direct__wasmsimd"
    KernelOp op;
    bool reference;  // the plain implementation the others are checked against
    void (*run)(const ConvProblem&);
};
const std::vector<KernelInfo>& KernelRegistry();

// The registry entry RunProblem runs for an operation: its reference, or its first fast
// kernel. Throws Error if the registry has none, a programming error that must still not
// abort the wasm module.
const KernelInfo& KernelFor(KernelOp op, KernelChoice choice);

// The name of the SIMD instruction set the fast kernels were compiled for ("avx2"), the
// suffix of their names in the registry.
const char* SimdIsaName();

}  // namespace convscope
