// Fast max and average pooling with the compile-time SIMD vector (simd.h). As for
// convolution, each channel is padded and split into stride phases so that a tap reads
// consecutive cells; padding holds -infinity for max pooling and 0 for average pooling,
// and the average's divisor follows PyTorch's rule per output cell.
#include <algorithm>
#include <limits>
#include <vector>

#include "core/layer/error.h"
#include "core/numeric/kernels/kernels.h"
#include "core/numeric/kernels/simd.h"

namespace convscope::kernels {

namespace {

using simd::Vec;
constexpr int kW = simd::kWidth;
constexpr int kVecs = 4;
constexpr int64_t kCols = kVecs * kW;

template <bool kMax>
void PoolTile(const float* x, const std::vector<int64_t>& tap_offset, float* out) {
    Vec acc[kVecs];
    const float init = kMax ? -std::numeric_limits<float>::infinity() : 0.0f;
    for (int v = 0; v < kVecs; ++v) acc[v] = simd::Splat(init);
    for (const int64_t offset : tap_offset) {
        const float* src = x + offset;
        for (int v = 0; v < kVecs; ++v) {
            const Vec in = simd::Load(src + v * kW);
            acc[v] = kMax ? simd::Max(acc[v], in) : simd::Add(acc[v], in);
        }
    }
    for (int v = 0; v < kVecs; ++v) simd::Store(out + v * kW, acc[v]);
}

// PyTorch's average divisor along one axis for every output index.
std::vector<int64_t> AxisDivisor(const ConvProblem& p, int a) {
    std::vector<int64_t> divisor(static_cast<size_t>(p.output[a]));
    for (int64_t o = 0; o < p.output[a]; ++o) {
        const int64_t start = o * p.stride[a] - p.pad_before[a];
        const int64_t end = std::min(start + p.kernel[a], p.input[a] + p.pad_after[a]);
        divisor[static_cast<size_t>(o)] =
            p.count_include_pad ? end - start
                                : std::min(end, p.input[a]) - std::max<int64_t>(start, 0);
    }
    return divisor;
}

}  // namespace

void RunPoolSimd(const ConvProblem& p) {
    const bool is_max = PoolsMax(p.type);
    const float fill = is_max ? -std::numeric_limits<float>::infinity() : 0.0f;
    // Extents of the padded input, including what ceil_mode windows reach past it.
    int64_t extent[3];
    for (int a = 0; a < 3; ++a) {
        extent[a] =
            std::max(p.input[a] + p.pad_before[a] + p.pad_after[a],
                     (p.output[a] - 1) * p.stride[a] + (p.kernel[a] - 1) * p.dilation[a] + 1);
    }
    const int64_t sw = p.stride[2];
    const int64_t wq =
        (p.output[2] + kCols - 1) / kCols * kCols + ((p.kernel[2] - 1) * p.dilation[2]) / sw + 1;
    const int64_t row = sw * wq, plane = extent[1] * row;
    if (extent[0] * plane > 4 * kMaxTensorElements)
        throw Error("the padded input would need too much scratch memory");
    std::vector<float> buffer(static_cast<size_t>(extent[0] * plane));
    std::vector<int64_t> tap_offset;
    for (int64_t z = 0; z < p.kernel[0]; ++z)
        for (int64_t y = 0; y < p.kernel[1]; ++y)
            for (int64_t x = 0; x < p.kernel[2]; ++x) {
                const int64_t dx = x * p.dilation[2];
                tap_offset.push_back(z * p.dilation[0] * plane + y * p.dilation[1] * row +
                                     (dx % sw) * wq + dx / sw);
            }
    const std::vector<int64_t> div_z = AxisDivisor(p, 0), div_y = AxisDivisor(p, 1),
                               div_x = AxisDivisor(p, 2);
    const int64_t in_plane = p.input[1] * p.input[2], in_volume = p.input[0] * in_plane;
    const int64_t out_volume = p.output[0] * p.output[1] * p.output[2];
    alignas(64) float tile[kCols];

    for (int64_t nc = 0; nc < p.batch * p.in_channels; ++nc) {
        const float* src = p.x + nc * in_volume;
        for (int64_t z = 0; z < extent[0]; ++z) {
            const int64_t sz = z - p.pad_before[0];
            for (int64_t y = 0; y < extent[1]; ++y) {
                const int64_t sy = y - p.pad_before[1];
                const bool row_inside = sz >= 0 && sz < p.input[0] && sy >= 0 && sy < p.input[1];
                float* dst = buffer.data() + z * plane + y * row;
                for (int64_t phase = 0; phase < sw; ++phase) {
                    for (int64_t q = 0; q < wq; ++q) {
                        const int64_t sx = q * sw + phase - p.pad_before[2];
                        dst[phase * wq + q] = (row_inside && sx >= 0 && sx < p.input[2])
                                                  ? src[(sz * p.input[1] + sy) * p.input[2] + sx]
                                                  : fill;
                    }
                }
            }
        }
        float* out = p.y + nc * out_volume;
        for (int64_t oz = 0; oz < p.output[0]; ++oz)
            for (int64_t oy = 0; oy < p.output[1]; ++oy) {
                const float* x_row =
                    buffer.data() + oz * p.stride[0] * plane + oy * p.stride[1] * row;
                float* out_row = out + (oz * p.output[1] + oy) * p.output[2];
                for (int64_t col0 = 0; col0 < p.output[2]; col0 += kCols) {
                    if (is_max)
                        PoolTile<true>(x_row + col0, tap_offset, tile);
                    else
                        PoolTile<false>(x_row + col0, tap_offset, tile);
                    const int64_t n = std::min(kCols, p.output[2] - col0);
                    if (is_max) {
                        std::copy_n(tile, n, out_row + col0);
                    } else {
                        const int64_t zy =
                            div_z[static_cast<size_t>(oz)] * div_y[static_cast<size_t>(oy)];
                        for (int64_t j = 0; j < n; ++j) {
                            const int64_t divisor = zy * div_x[static_cast<size_t>(col0 + j)];
                            out_row[col0 + j] =
                                divisor > 0 ? tile[j] / static_cast<float>(divisor) : 0.0f;
                        }
                    }
                }
            }
    }
}

}  // namespace convscope::kernels
