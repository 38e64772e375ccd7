// The effective receptive field by back-propagation through the core's kernels (see
// effective_rf.h). Sections:
//   1. tensors in 3-D form, weights and random numbers   2. forward pass for max pooling
//   3. one layer backward   4. the summary numbers   5. the whole computation
#include "core/network/effective_rf.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/resampling.h"
#include "core/layer/shape.h"
#include "core/numeric/numeric.h"
#include "core/numeric/tensor.h"

namespace convscope {

namespace {

// ---- 1. Tensors in 3-D form, weights and random numbers ----------------------------------

// Spatial extents of a (1, C, spatial...) tensor padded to three with leading 1s, as the
// kernels see them.
struct Extent3 {
    int64_t e[3] = {1, 1, 1};
    int64_t Volume() const { return e[0] * e[1] * e[2]; }
};

Extent3 ToExtent3(const std::vector<int64_t>& spatial) {
    Extent3 x;
    const size_t offset = 3 - spatial.size();
    for (size_t d = 0; d < spatial.size(); ++d) x.e[offset + d] = spatial[d];
    return x;
}

std::vector<int64_t> TensorShape(int64_t channels, const std::vector<int64_t>& spatial) {
    std::vector<int64_t> shape = {1, channels};
    shape.insert(shape.end(), spatial.begin(), spatial.end());
    return shape;
}

int64_t Taps(const Layer& layer) {
    int64_t taps = 1;
    for (const int64_t k : layer.kernel) taps *= k;
    return taps;
}

// mt19937's sequence is fixed by the C++ standard, and the arithmetic below is exact, so
// a seed gives the same numbers natively and in WebAssembly.
float Uniform(std::mt19937& rng, float bound) {
    const double u = (static_cast<double>(rng()) + 0.5) / 4294967296.0;  // (0, 1)
    return static_cast<float>((2.0 * u - 1.0) * bound);
}

// The weights of one layer: (C_out, C_in, k...) for a convolution, (C_in, C_out, k...) for a
// transposed one, which for C_in == C_out is the same shape.
Tensor LayerWeights(const Layer& layer, int64_t channels, ErfWeights mode, std::mt19937& rng) {
    std::vector<int64_t> shape = {channels, channels};
    shape.insert(shape.end(), layer.kernel.begin(), layer.kernel.end());
    Tensor w = MakeTensor(shape, "the layer's weights");
    const int64_t fan_in = channels * Taps(layer);
    if (mode == ErfWeights::Uniform) {
        // 1/taps keeps a forward pass through many layers inside float's range; a common
        // positive factor changes neither the argmax of max pooling nor the normalised map.
        std::fill(w.data.begin(), w.data.end(), 1.0f / static_cast<float>(Taps(layer)));
    } else {
        const float bound = static_cast<float>(1.0 / std::sqrt(static_cast<double>(fan_in)));
        for (float& v : w.data) v = Uniform(rng, bound);
    }
    return w;
}

// The layer as the kernels get it: channels from the tensors, one group.
Layer Bare(const Layer& layer) {
    Layer bare = layer;
    bare.in_channels = bare.out_channels = 0;
    bare.groups = 1;
    return bare;
}

// Scales a tensor by a power of two so that its largest magnitude lies in [1, 2): exact in
// floating point, and it keeps a gradient through hundreds of layers inside float's range.
void Renormalise(Tensor& t) {
    float largest = 0;
    for (const float v : t.data) largest = std::max(largest, std::fabs(v));
    if (largest == 0 || !std::isfinite(largest)) return;
    const float scale = std::ldexp(1.0f, -std::ilogb(largest));
    for (float& v : t.data) v *= scale;
}

// ---- 2. Forward pass for max pooling ------------------------------------------------------

// For each output cell of each channel, the input cell (flat within its channel) that holds
// the window's first maximum, as PyTorch's max pooling picks it; and the pooled values.
void MaxPoolArgmax(const Shape& shape, const Layer& layer, const Tensor& x, int64_t channels,
                   std::vector<int64_t>& argmax, Tensor& y) {
    const int dims = layer.Dims();
    const Extent3 in = ToExtent3(shape.input), out = ToExtent3(shape.output);
    int64_t k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, dl[3] = {1, 1, 1}, pb[3] = {0, 0, 0},
            limit[3] = {1, 1, 1};
    for (int d = 0; d < dims; ++d) {
        const int a = 3 - dims + d;
        k[a] = layer.kernel[d];
        s[a] = layer.stride[d];
        dl[a] = layer.dilation[d];
        pb[a] = shape.pads[d].before;
        limit[a] = shape.input[d] + shape.pads[d].after;  // ceil_mode windows stop here
    }
    y = MakeTensor(TensorShape(channels, shape.output), "the pooled activation");
    argmax.assign(static_cast<size_t>(channels * out.Volume()), -1);
    for (int64_t c = 0; c < channels; ++c) {
        const float* src = x.data.data() + c * in.Volume();
        for (int64_t oz = 0; oz < out.e[0]; ++oz)
            for (int64_t oy = 0; oy < out.e[1]; ++oy)
                for (int64_t ox = 0; ox < out.e[2]; ++ox) {
                    const int64_t o[3] = {oz, oy, ox};
                    int64_t start[3], end[3];
                    for (int a = 0; a < 3; ++a) {
                        start[a] = o[a] * s[a] - pb[a];
                        end[a] = std::min(start[a] + (k[a] - 1) * dl[a] + 1, limit[a]);
                    }
                    float best = -std::numeric_limits<float>::infinity();
                    int64_t best_index = -1;
                    for (int64_t tz = 0; tz < k[0]; ++tz) {
                        const int64_t z = start[0] + tz * dl[0];
                        if (z < 0 || z >= in.e[0] || z >= end[0]) continue;
                        for (int64_t ty = 0; ty < k[1]; ++ty) {
                            const int64_t yy = start[1] + ty * dl[1];
                            if (yy < 0 || yy >= in.e[1] || yy >= end[1]) continue;
                            for (int64_t tx = 0; tx < k[2]; ++tx) {
                                const int64_t xx = start[2] + tx * dl[2];
                                if (xx < 0 || xx >= in.e[2] || xx >= end[2]) continue;
                                const int64_t index = (z * in.e[1] + yy) * in.e[2] + xx;
                                if (best_index < 0 || src[index] > best) {
                                    best = src[index];
                                    best_index = index;
                                }
                            }
                        }
                    }
                    const int64_t flat = c * out.Volume() + (oz * out.e[1] + oy) * out.e[2] + ox;
                    argmax[static_cast<size_t>(flat)] = best_index;
                    y.data[static_cast<size_t>(flat)] = best_index < 0 ? 0.0f : best;
                }
    }
}

// ---- 3. One layer backward ---------------------------------------------------------------

// The transposed layer that spreads a gradient over `layer`'s padded input (of `padded`
// cells per dimension): same kernel, stride and dilation, its output cut or extended to
// exactly the padded extent.
Layer SpreadingLayer(const Layer& layer, const Shape& shape, const std::vector<int64_t>& padded) {
    Layer t = MakeLayer(LayerType::ConvTranspose, layer.kernel);
    t.stride = layer.stride;
    t.dilation = layer.dilation;
    t.padding_asymmetric = true;
    for (int d = 0; d < layer.Dims(); ++d) {
        const size_t i = static_cast<size_t>(d);
        const int64_t full = (shape.output[i] - 1) * layer.stride[i] + shape.effective_kernel[i];
        if (full <= padded[i]) {
            t.output_padding[i] = padded[i] - full;
            t.padding[i] = PadPair{0, 0};
        } else {
            t.padding[i] = PadPair{0, full - padded[i]};  // ceil_mode windows past the end
        }
    }
    return t;
}

// Folds a gradient over the padded input back onto the input: padding cells that read an
// input cell (reflect, replicate, circular) pass their gradient to it, zeros drop it.
Tensor FoldPadding(const Tensor& padded_grad, const Shape& shape, PaddingMode mode,
                   int64_t channels) {
    const int dims = static_cast<int>(shape.input.size());
    Tensor g = MakeTensor(TensorShape(channels, shape.input), "the input gradient");
    const Extent3 in = ToExtent3(shape.input);
    std::vector<int64_t> padded(shape.input);
    for (int d = 0; d < dims; ++d)
        padded[static_cast<size_t>(d)] += shape.pads[d].before + shape.pads[d].after;
    const Extent3 pe = ToExtent3(padded);
    int64_t pb[3] = {0, 0, 0};
    for (int d = 0; d < dims; ++d) pb[3 - dims + d] = shape.pads[d].before;
    for (int64_t c = 0; c < channels; ++c) {
        const float* src = padded_grad.data.data() + c * pe.Volume();
        float* dst = g.data.data() + c * in.Volume();
        for (int64_t z = 0; z < pe.e[0]; ++z) {
            const int64_t sz = PaddedSource(z - pb[0], in.e[0], mode);
            if (sz < 0) continue;
            for (int64_t y = 0; y < pe.e[1]; ++y) {
                const int64_t sy = PaddedSource(y - pb[1], in.e[1], mode);
                if (sy < 0) continue;
                const float* row = src + (z * pe.e[1] + y) * pe.e[2];
                float* out_row = dst + (sz * in.e[1] + sy) * in.e[2];
                for (int64_t x = 0; x < pe.e[2]; ++x) {
                    const int64_t sx = PaddedSource(x - pb[2], in.e[2], mode);
                    if (sx >= 0) out_row[sx] += row[x];
                }
            }
        }
    }
    return g;
}

std::vector<int64_t> PaddedExtent(const Shape& shape) {
    std::vector<int64_t> padded(shape.input);
    for (size_t d = 0; d < padded.size(); ++d)
        padded[d] += shape.pads[d].before + shape.pads[d].after;
    return padded;
}

Tensor BackwardConv(const Layer& layer, const Shape& shape, const Tensor& g, const Tensor& w,
                    int64_t channels) {
    const std::vector<int64_t> padded = PaddedExtent(shape);
    const Layer spread = SpreadingLayer(layer, shape, padded);
    const Tensor over_padded = RunLayer(spread, LayerInputs{&g, &w, nullptr});
    return FoldPadding(over_padded, shape, layer.padding_mode, channels);
}

// A transposed layer's output o is its uncropped cell o + P_before, which input i reaches
// through tap t when i*S + t*D == o + P_before: the adjoint is a convolution of the gradient
// padded by P_before in front. Trailing output cells beyond the full output (output_padding)
// receive nothing and are dropped.
Tensor BackwardTransposed(const Layer& layer, const Shape& shape, const Tensor& g, const Tensor& w,
                          int64_t channels) {
    const int dims = layer.Dims();
    Layer conv = MakeLayer(LayerType::Conv, layer.kernel);
    conv.stride = layer.stride;
    conv.dilation = layer.dilation;
    conv.padding_asymmetric = true;
    std::vector<int64_t> kept(shape.output);
    for (int d = 0; d < dims; ++d) {
        const size_t i = static_cast<size_t>(d);
        const int64_t pb = shape.pads[i].before;
        const int64_t base = shape.output[i] + pb - shape.effective_kernel[i] -
                             (shape.input[i] - 1) * layer.stride[i];
        if (base <= 0) {
            conv.padding[i] = PadPair{pb, -base};
        } else {
            conv.padding[i] = PadPair{pb, 0};
            kept[i] -= base;
        }
    }
    if (kept == shape.output) return RunLayer(conv, LayerInputs{&g, &w, nullptr});
    Tensor cropped = MakeTensor(TensorShape(channels, kept), "the cropped gradient");
    const Extent3 from = ToExtent3(shape.output), to = ToExtent3(kept);
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t z = 0; z < to.e[0]; ++z)
            for (int64_t y = 0; y < to.e[1]; ++y) {
                const float* src =
                    g.data.data() + ((c * from.e[0] + z) * from.e[1] + y) * from.e[2];
                std::copy_n(src, to.e[2],
                            cropped.data.data() + ((c * to.e[0] + z) * to.e[1] + y) * to.e[2]);
            }
    return RunLayer(conv, LayerInputs{&cropped, &w, nullptr});
}

// Average pooling: divide each output's gradient by its PyTorch divisor, then spread it
// with a depthwise transposed convolution of ones.
Tensor BackwardAvgPool(const Layer& layer, const Shape& shape, const Tensor& g, int64_t channels) {
    const int dims = layer.Dims();
    const Extent3 out = ToExtent3(shape.output);
    std::vector<std::vector<int64_t>> divisor(3, std::vector<int64_t>(1, 1));
    for (int d = 0; d < dims; ++d) {
        const size_t i = static_cast<size_t>(d);
        std::vector<int64_t>& axis = divisor[static_cast<size_t>(3 - dims + d)];
        axis.assign(static_cast<size_t>(shape.output[i]), 1);
        for (int64_t o = 0; o < shape.output[i]; ++o) {
            const int64_t start = o * layer.stride[i] - shape.pads[i].before;
            const int64_t end =
                std::min(start + layer.kernel[i], shape.input[i] + shape.pads[i].after);
            axis[static_cast<size_t>(o)] =
                layer.count_include_pad
                    ? end - start
                    : std::min(end, shape.input[i]) - std::max<int64_t>(start, 0);
        }
    }
    Tensor scaled = g;
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t z = 0; z < out.e[0]; ++z)
            for (int64_t y = 0; y < out.e[1]; ++y)
                for (int64_t x = 0; x < out.e[2]; ++x) {
                    const int64_t div = divisor[0][static_cast<size_t>(z)] *
                                        divisor[1][static_cast<size_t>(y)] *
                                        divisor[2][static_cast<size_t>(x)];
                    float& v = scaled.data[static_cast<size_t>(
                        ((c * out.e[0] + z) * out.e[1] + y) * out.e[2] + x)];
                    v = div > 0 ? v / static_cast<float>(div) : 0.0f;
                }
    const std::vector<int64_t> padded = PaddedExtent(shape);
    Layer spread = SpreadingLayer(layer, shape, padded);
    spread.groups = channels;
    std::vector<int64_t> w_shape = {channels, 1};
    w_shape.insert(w_shape.end(), layer.kernel.begin(), layer.kernel.end());
    Tensor ones = MakeTensor(w_shape, "the pooling weights");
    std::fill(ones.data.begin(), ones.data.end(), 1.0f);
    const Tensor over_padded = RunLayer(spread, LayerInputs{&scaled, &ones, nullptr});
    return FoldPadding(over_padded, shape, PaddingMode::Zeros, channels);
}

Tensor BackwardMaxPool(const Shape& shape, const Tensor& g, const std::vector<int64_t>& argmax,
                       int64_t channels) {
    Tensor gin = MakeTensor(TensorShape(channels, shape.input), "the input gradient");
    const int64_t in_volume = ToExtent3(shape.input).Volume(),
                  out_volume = ToExtent3(shape.output).Volume();
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t o = 0; o < out_volume; ++o) {
            const int64_t index = argmax[static_cast<size_t>(c * out_volume + o)];
            if (index >= 0)
                gin.data[static_cast<size_t>(c * in_volume + index)] +=
                    g.data[static_cast<size_t>(c * out_volume + o)];
        }
    return gin;
}

// Upsampling, pixel shuffle and unshuffle, unit by unit: what each output unit reads of the
// input units of its channel, with weights (PyTorch's sources; a pixel unshuffle's block
// with weight 1). Pixel (un)shuffle moves values between channels; with every channel alike
// here, a unit's field is what its block reads.
using AxisReads = std::vector<std::vector<std::pair<int64_t, float>>>;

std::vector<AxisReads> ResampledReads(const Layer& layer, const Shape& shape) {
    const int dims = layer.Dims();
    std::vector<AxisReads> axes(3, AxisReads(1, {{0, 1.0f}}));
    for (int d = 0; d < dims; ++d) {
        AxisReads& axis = axes[static_cast<size_t>(3 - dims + d)];
        const int64_t in = shape.input[static_cast<size_t>(d)],
                      out = shape.output[static_cast<size_t>(d)];
        axis.assign(static_cast<size_t>(out), {});
        for (int64_t o = 0; o < out; ++o) {
            auto& reads = axis[static_cast<size_t>(o)];
            if (layer.type == LayerType::PixelUnshuffle) {
                for (const AxisTap& tap : TapsOfOutput(layer, shape, d, o))
                    reads.emplace_back(tap.input, 1.0f);
                continue;
            }
            const ResampledSources sources = SourcesOfOutput(AxisOf(layer, d, in, out), o);
            for (int c = 0; c < sources.count; ++c)
                reads.emplace_back(sources.cells[c].cell, sources.cells[c].weight);
        }
    }
    return axes;
}

// forward: y = resampled x; backward: each output's gradient back to the cells it read.
Tensor ResampleUnits(const Layer& layer, const Shape& shape, const Tensor& t, int64_t channels,
                     bool backward) {
    const std::vector<AxisReads> axes = ResampledReads(layer, shape);
    const Extent3 in = ToExtent3(shape.input), out = ToExtent3(shape.output);
    Tensor result = MakeTensor(TensorShape(channels, backward ? shape.input : shape.output),
                               backward ? "the input gradient" : "the resampled units");
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t z = 0; z < out.e[0]; ++z)
            for (int64_t y = 0; y < out.e[1]; ++y)
                for (int64_t x = 0; x < out.e[2]; ++x) {
                    const size_t o =
                        static_cast<size_t>(((c * out.e[0] + z) * out.e[1] + y) * out.e[2] + x);
                    for (const auto& [iz, wz] : axes[0][static_cast<size_t>(z)])
                        for (const auto& [iy, wy] : axes[1][static_cast<size_t>(y)])
                            for (const auto& [ix, wx] : axes[2][static_cast<size_t>(x)]) {
                                const size_t i = static_cast<size_t>(
                                    ((c * in.e[0] + iz) * in.e[1] + iy) * in.e[2] + ix);
                                const float w = wz * wy * wx;
                                if (backward)
                                    result.data[i] += w * t.data[o];
                                else
                                    result.data[o] += w * t.data[i];
                            }
                }
    return result;
}

// ---- 4. The summary numbers ----------------------------------------------------------------

// Distances are binned (1/16 cell, coarser when the centre lies far away) to find the two
// bins where the running mass crosses 50% and 90%; only the cells of those bins are then
// sorted, so the radii are exact without sorting the whole map.
constexpr double kBinsPerCell = 16;
constexpr double kMaxBins = 1 << 16;

void Summarise(ErfResult& r) {
    const int dims = static_cast<int>(r.input.size());
    const Extent3 in = ToExtent3(r.input);
    const int offset = 3 - dims;
    double centre3[3] = {0, 0, 0};
    double farthest2 = 0;
    for (int d = 0; d < dims; ++d) {
        const double c = r.centre[static_cast<size_t>(d)];
        const double e = static_cast<double>(r.input[static_cast<size_t>(d)] - 1);
        centre3[offset + d] = c;
        farthest2 += std::max(c * c, (e - c) * (e - c));
    }
    const double per_cell = std::min(kBinsPerCell, kMaxBins / (std::sqrt(farthest2) + 1.0));
    const size_t bins = static_cast<size_t>(std::sqrt(farthest2) * per_cell) + 2;
    std::vector<double> bin_mass(bins, 0.0);
    const auto dist2_of = [&](int64_t z, int64_t y, int64_t x) {
        const double dz = static_cast<double>(z) - centre3[0],
                     dy = static_cast<double>(y) - centre3[1];
        const double dx = static_cast<double>(x) - centre3[2];
        return dz * dz + dy * dy + dx * dx;
    };
    const auto bin_of = [&](double dist2) {
        return std::min(bins - 1, static_cast<size_t>(std::sqrt(dist2) * per_cell));
    };
    double mass = 0, first[3] = {0, 0, 0}, second[3] = {0, 0, 0};
    float peak = -1;
    int64_t peak_index = 0;
    for (int64_t z = 0; z < in.e[0]; ++z)
        for (int64_t y = 0; y < in.e[1]; ++y) {
            const float* row = r.map.data() + (z * in.e[1] + y) * in.e[2];
            for (int64_t x = 0; x < in.e[2]; ++x) {
                const float v = row[x];
                if (v > peak) {
                    peak = v;
                    peak_index = (z * in.e[1] + y) * in.e[2] + x;
                }
                if (v == 0) continue;
                ++r.nonzero;
                const double p[3] = {static_cast<double>(z), static_cast<double>(y),
                                     static_cast<double>(x)};
                for (int a = 0; a < 3; ++a) {
                    first[a] += v * p[a];
                    second[a] += v * p[a] * p[a];
                }
                mass += v;
                bin_mass[bin_of(dist2_of(z, y, x))] += v;
            }
        }
    r.mass = mass;
    r.peak.assign(static_cast<size_t>(dims), 0);
    const int64_t peak_cell[3] = {peak_index / (in.e[1] * in.e[2]),
                                  (peak_index / in.e[2]) % in.e[1], peak_index % in.e[2]};
    r.mean.assign(static_cast<size_t>(dims), 0);
    r.std_dev.assign(static_cast<size_t>(dims), 0);
    for (int d = 0; d < dims; ++d) {
        const int a = offset + d;
        r.peak[static_cast<size_t>(d)] = peak_cell[a];
        if (mass > 0) {
            const double mean = first[a] / mass;
            r.mean[static_cast<size_t>(d)] = mean;
            r.std_dev[static_cast<size_t>(d)] =
                std::sqrt(std::max(0.0, second[a] / mass - mean * mean));
        }
    }
    if (mass <= 0) return;
    // The radius within which `share` of the mass lies: the crossing bin, then its cells.
    const auto radius = [&](double share) {
        const double target = share * mass;
        double before = 0;
        size_t bin = 0;
        for (; bin + 1 < bins && before + bin_mass[bin] < target; ++bin) before += bin_mass[bin];
        std::vector<std::pair<double, float>> cells;
        for (int64_t z = 0; z < in.e[0]; ++z)
            for (int64_t y = 0; y < in.e[1]; ++y)
                for (int64_t x = 0; x < in.e[2]; ++x) {
                    const float v = r.map[static_cast<size_t>((z * in.e[1] + y) * in.e[2] + x)];
                    if (v == 0) continue;
                    const double dist2 = dist2_of(z, y, x);
                    if (bin_of(dist2) == bin) cells.push_back({dist2, v});
                }
        std::sort(cells.begin(), cells.end());
        double running = before;
        for (const auto& [dist2, v] : cells) {
            running += v;
            if (running >= target) return std::sqrt(dist2);
        }
        return cells.empty() ? 0.0 : std::sqrt(cells.back().first);
    };
    r.radius50 = radius(0.5);
    r.radius90 = radius(0.9);
}

}  // namespace

// ---- 5. The whole computation ----------------------------------------------------------

ErfResult ComputeEffectiveField(const std::vector<int64_t>& input, const std::vector<Layer>& layers,
                                const ErfOptions& options) {
    if (layers.empty()) throw Error("the effective field needs at least one layer");
    const bool random = options.weights == ErfWeights::Random;
    if (random && (options.channels < 1 || options.channels > 16)) {
        throw Error("channels must be from 1 to 16 for random weights, got " +
                    std::to_string(options.channels));
    }
    if (random && (options.trials < 1 || options.trials > 16)) {
        throw Error("trials must be from 1 to 16, got " + std::to_string(options.trials));
    }
    const int64_t channels = random ? options.channels : 1;
    const int64_t trials = random ? options.trials : 1;
    const int64_t count = static_cast<int64_t>(layers.size());
    if (options.layer < -1 || options.layer >= count) {
        throw Error("layer " + std::to_string(options.layer) +
                    " is not a layer of this stack (0 to " + std::to_string(count - 1) +
                    ", or -1 for the last)");
    }
    const size_t target =
        options.layer < 0 ? layers.size() - 1 : static_cast<size_t>(options.layer);
    const std::vector<Layer> used(layers.begin(),
                                  layers.begin() + static_cast<std::ptrdiff_t>(target + 1));
    // Shapes (with the same checks and messages as the receptive-field table).
    const std::vector<LayerField> fields = ComputeReceptiveFields(input, used);
    std::vector<Shape> shapes;
    for (const LayerField& f : fields) shapes.push_back(f.shape);
    const int dims = static_cast<int>(input.size());
    double input_cells = 1;
    for (const int64_t s : input) input_cells *= static_cast<double>(s);
    if (input_cells > static_cast<double>(kMaxErfInputCells)) {
        throw Error("the effective field's input has " +
                    std::to_string(static_cast<long long>(input_cells)) +
                    " cells, more than ConvScope's limit of " + std::to_string(kMaxErfInputCells));
    }

    ErfResult result;
    result.input = input;
    result.layer = target;
    const std::vector<int64_t>& out = shapes.back().output;
    if (options.unit.empty()) {
        for (const int64_t o : out) result.unit.push_back((o - 1) / 2);
    } else {
        if (static_cast<int>(options.unit.size()) != dims) {
            throw Error("unit needs one index per dimension (" + std::to_string(dims) + ")");
        }
        for (int d = 0; d < dims; ++d) {
            const int64_t u = options.unit[static_cast<size_t>(d)];
            if (u < 0 || u >= out[static_cast<size_t>(d)]) {
                throw Error("unit index " + std::to_string(u) + " in " + DimLabel(d, dims) +
                            " is outside layer " + std::to_string(target) + "'s output 0.." +
                            std::to_string(out[static_cast<size_t>(d)] - 1));
            }
        }
        result.unit = options.unit;
    }
    result.theoretical = TraceUnit(used, shapes, target, result.unit);
    for (const CellRange& r : result.theoretical) {
        result.centre.push_back(
            r.Empty() ? 0.0 : (static_cast<double>(r.lo) + static_cast<double>(r.hi)) / 2.0);
    }

    // The work, checked before anything runs: the kernels' multiply-accumulates (the
    // larger side of each layer times its taps and channels), and the forward pass up to
    // the last max pooling when there is one.
    size_t last_max_pool = used.size();
    for (size_t l = 0; l < used.size(); ++l) {
        if (PoolsMax(used[l].type)) last_max_pool = l;
    }
    double macs = 0;
    for (size_t l = 0; l < used.size(); ++l) {
        double in_cells = 1, out_cells = 1;
        for (int d = 0; d < dims; ++d) {
            in_cells *= static_cast<double>(shapes[l].input[static_cast<size_t>(d)] +
                                            shapes[l].pads[static_cast<size_t>(d)].before +
                                            shapes[l].pads[static_cast<size_t>(d)].after);
            out_cells *= static_cast<double>(shapes[l].output[static_cast<size_t>(d)]);
        }
        // Weights mix every input channel into each output channel; a window without
        // weights reads its own channel only.
        const double per_cell =
            static_cast<double>(Taps(used[l])) *
            (TypeInfo(used[l].type).Has(kLayerHasWeights) ? static_cast<double>(channels) : 1.0);
        const double one_pass =
            std::max(in_cells, out_cells) * per_cell * static_cast<double>(channels);
        macs += one_pass * (last_max_pool < used.size() && l <= last_max_pool ? 2.0 : 1.0);
    }
    macs *= static_cast<double>(trials);
    if (macs > kMaxErfMacs) {
        throw Error("this effective field needs about " +
                    std::to_string(static_cast<long long>(macs)) +
                    " multiply-accumulates, more than ConvScope's limit of " +
                    std::to_string(static_cast<long long>(kMaxErfMacs)) +
                    " (fewer channels, trials or layers would fit)");
    }
    result.macs = macs;

    const Extent3 in3 = ToExtent3(input);
    std::vector<double> accumulated(static_cast<size_t>(in3.Volume()), 0.0);
    for (int64_t trial = 0; trial < trials; ++trial) {
        std::seed_seq seq{options.seed, static_cast<uint32_t>(trial), 0x45524Fu};
        std::mt19937 rng(seq);
        std::vector<Tensor> weights(used.size());
        for (size_t l = 0; l < used.size(); ++l) {
            if (TypeInfo(used[l].type).Has(kLayerHasWeights))
                weights[l] = LayerWeights(used[l], channels, options.weights, rng);
        }
        // Max pooling needs the argmax of a forward pass on a seeded random input.
        std::vector<std::vector<int64_t>> argmax(used.size());
        if (last_max_pool < used.size()) {
            Tensor x = MakeTensor(TensorShape(channels, input), "the random input");
            for (float& v : x.data) v = Uniform(rng, 1.0f);
            for (size_t l = 0; l <= last_max_pool; ++l) {
                Tensor y;
                switch (used[l].type) {
                    case LayerType::Conv:
                    case LayerType::ConvTranspose:
                        y = RunLayer(Bare(used[l]), LayerInputs{&x, &weights[l], nullptr});
                        break;
                    case LayerType::AvgPool:
                        y = RunLayer(Bare(used[l]), LayerInputs{&x, nullptr, nullptr});
                        break;
                    case LayerType::MaxPool:
                        MaxPoolArgmax(shapes[l], used[l], x, channels, argmax[l], y);
                        break;
                    case LayerType::UpsampleNearest:
                    case LayerType::UpsampleLinear:
                    case LayerType::PixelShuffle:
                    case LayerType::PixelUnshuffle:
                        y = ResampleUnits(used[l], shapes[l], x, channels, false);
                        break;
                }
                x = std::move(y);
            }
        }
        Tensor g = MakeTensor(TensorShape(channels, out), "the output gradient");
        const Extent3 o3 = ToExtent3(out);
        int64_t u3[3] = {0, 0, 0};
        for (int d = 0; d < dims; ++d) u3[3 - dims + d] = result.unit[static_cast<size_t>(d)];
        g.data[static_cast<size_t>((u3[0] * o3.e[1] + u3[1]) * o3.e[2] + u3[2])] = 1.0f;
        for (size_t l = used.size(); l-- > 0;) {
            const Layer& layer = used[l];
            switch (layer.type) {
                case LayerType::Conv:
                    g = BackwardConv(Bare(layer), shapes[l], g, weights[l], channels);
                    break;
                case LayerType::ConvTranspose:
                    g = BackwardTransposed(Bare(layer), shapes[l], g, weights[l], channels);
                    break;
                case LayerType::AvgPool:
                    g = BackwardAvgPool(layer, shapes[l], g, channels);
                    break;
                case LayerType::MaxPool:
                    g = BackwardMaxPool(shapes[l], g, argmax[l], channels);
                    break;
                case LayerType::UpsampleNearest:
                case LayerType::UpsampleLinear:
                case LayerType::PixelShuffle:
                case LayerType::PixelUnshuffle:
                    g = ResampleUnits(layer, shapes[l], g, channels, true);
                    break;
            }
            Renormalise(g);
        }
        // |gradient| summed over the input channels, each trial weighing the same.
        double total = 0;
        for (const float v : g.data) total += std::fabs(static_cast<double>(v));
        if (total > 0) {
            for (int64_t c = 0; c < channels; ++c)
                for (size_t i = 0; i < accumulated.size(); ++i) {
                    accumulated[i] +=
                        std::fabs(static_cast<double>(
                            g.data[static_cast<size_t>(c) * accumulated.size() + i])) /
                        total;
                }
        }
    }
    const double largest = *std::max_element(accumulated.begin(), accumulated.end());
    result.map.resize(accumulated.size());
    for (size_t i = 0; i < accumulated.size(); ++i) {
        result.map[i] = largest > 0 ? static_cast<float>(accumulated[i] / largest) : 0.0f;
    }
    Summarise(result);

    if (result.mass == 0)
        result.notes.push_back(
            "no input cell reaches this unit: its field lies wholly in padding or in a transposed "
            "layer's output_padding");
    result.notes.push_back(
        "activations are taken as identity: the field of the stack's linear part");
    if (random) {
        result.notes.push_back(
            std::to_string(channels) +
            " channel(s) of random weights in every layer (not the network's own "
            "counts; groups ignored), |gradient| summed over channels, " +
            std::to_string(trials) + " seed(s) averaged");
    } else {
        result.notes.push_back(
            "uniform weights, channels collapsed to one: exact up to a constant factor");
    }
    if (last_max_pool < used.size()) {
        result.notes.push_back(
            "max pooling routes the gradient to the argmax of a forward pass on a random input "
            "(seed " +
            std::to_string(options.seed) + ")");
        if (!random && PoolsMax(used.front().type)) {
            result.notes.push_back(
                "the stack starts with max pooling: its argmax is taken on one random channel");
        }
    }
    return result;
}

}  // namespace convscope
