// Fast convolution and transposed convolution with the compile-time SIMD vector (simd.h).
//
// Both reduce to one micro-kernel: a tile of output channels x output columns accumulated
// over input channels and a list of tap offsets into a prepared input buffer in which every
// tap reads consecutive cells.
//  - Convolution: the input is padded (any padding mode) and each row is split into
//    `stride` phases, so a strided tap reads consecutive cells of one phase.
//  - Transposed convolution: outputs are split into stride phases ("sub-pixel"); each phase
//    is an ordinary stride-1 correlation of the zero-padded input with the taps that land
//    on it, and its results are scattered back with the stride.
#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "core/layer/error.h"
#include "core/numeric/kernels/kernels.h"
#include "core/numeric/kernels/simd.h"

namespace convscope::kernels {

namespace {

using simd::Vec;
constexpr int kW = simd::kWidth;

// Accumulates out[c][j] (c < CO, j < WV*kW) = sum over ci, taps of
//   w[(ci*taps + t)*CO + c] * x[ci*ci_stride + tap_offset[t] + j].
template <int CO, int WV>
void MicroKernel(const float* x, int64_t ci_count, int64_t ci_stride, const int64_t* tap_offset,
                 int64_t taps, const float* w, float* out) {
    Vec acc[CO][WV];
    for (int c = 0; c < CO; ++c)
        for (int v = 0; v < WV; ++v) acc[c][v] = simd::Zero();
    for (int64_t ci = 0; ci < ci_count; ++ci) {
        const float* xc = x + ci * ci_stride;
        for (int64_t t = 0; t < taps; ++t) {
            const float* src = xc + tap_offset[t];
            Vec in[WV];
            for (int v = 0; v < WV; ++v) in[v] = simd::Load(src + v * kW);
            for (int c = 0; c < CO; ++c) {
                const Vec wv = simd::Splat(w[c]);
                for (int v = 0; v < WV; ++v) acc[c][v] = simd::MulAdd(wv, in[v], acc[c][v]);
            }
            w += CO;
        }
    }
    for (int c = 0; c < CO; ++c)
        for (int v = 0; v < WV; ++v) simd::Store(out + (c * WV + v) * kW, acc[c][v]);
}

// Tiles: four output channels x 3 vectors, or one channel x 8 vectors for the rest.
constexpr int kWideCo = 4, kWideVecs = 3;
constexpr int kNarrowVecs = 8;
constexpr int64_t kWideCols = kWideVecs * kW, kNarrowCols = kNarrowVecs * kW;
constexpr int64_t kMaxCols = kNarrowCols > kWideCols ? kNarrowCols : kWideCols;

// Weights of one group re-laid out per channel tile: [tile][ci][tap][c], where
// weight(co, ci, tap) gives the original value.
template <typename WeightAt>
void PackWeights(int64_t cout, int64_t cin, int64_t taps, WeightAt weight,
                 std::vector<float>& packed, std::vector<int64_t>& tile_start) {
    packed.clear();
    tile_start.clear();
    int64_t co = 0;
    while (co < cout) {
        const int64_t width = (cout - co >= kWideCo) ? kWideCo : 1;
        tile_start.push_back(static_cast<int64_t>(packed.size()));
        for (int64_t ci = 0; ci < cin; ++ci)
            for (int64_t t = 0; t < taps; ++t)
                for (int64_t c = 0; c < width; ++c) packed.push_back(weight(co + c, ci, t));
        co += width;
    }
}

// Runs the micro-kernel over one row of `cols` output columns for every channel tile;
// emit(co, first column, values, count) receives each channel's run of results.
template <typename Emit>
void ComputeRow(const float* x, int64_t cin, int64_t ci_stride,
                const std::vector<int64_t>& tap_offset, int64_t cout,
                const std::vector<float>& packed, const std::vector<int64_t>& tile_start,
                int64_t cols, Emit emit) {
    alignas(64) float tile[kWideCo * kMaxCols];
    const int64_t taps = static_cast<int64_t>(tap_offset.size());
    int64_t co = 0;
    for (size_t tile_index = 0; co < cout; ++tile_index) {
        const bool wide = cout - co >= kWideCo;
        const float* w = packed.data() + tile_start[tile_index];
        const int64_t step = wide ? kWideCols : kNarrowCols;
        for (int64_t col0 = 0; col0 < cols; col0 += step) {
            if (wide) {
                MicroKernel<kWideCo, kWideVecs>(x + col0, cin, ci_stride, tap_offset.data(), taps,
                                                w, tile);
            } else {
                MicroKernel<1, kNarrowVecs>(x + col0, cin, ci_stride, tap_offset.data(), taps, w,
                                            tile);
            }
            const int64_t n = std::min(step, cols - col0);
            const int64_t channels = wide ? kWideCo : 1;
            for (int64_t c = 0; c < channels; ++c) emit(co + c, col0, tile + c * step, n);
        }
        co += wide ? kWideCo : 1;
    }
}

int64_t RoundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

// The padded input of the direct convolution is rewritten cell by cell on every call, so
// its buffer is kept between calls (no allocation, page faults or zeroing per layer) up to
// a modest size; larger ones are allocated for the call alone.
class ScratchBuffer {
public:
    float* Get(int64_t count) {
        const size_t n = static_cast<size_t>(count);
        if (n > kKeptFloats) {
            once_.reset(new float[n]);
            return once_.get();
        }
        if (kept_.size() < n) kept_.resize(n);
        return kept_.data();
    }

private:
    static constexpr size_t kKeptFloats = size_t{1} << 22;  // 16 MiB
    std::vector<float> kept_;
    std::unique_ptr<float[]> once_;
};

void CheckScratch(int64_t elements, const char* what) {
    if (elements > 4 * kMaxTensorElements) {
        throw Error(std::string(what) + " would need " + std::to_string(elements) +
                    " floats of scratch, more than ConvScope's limit");
    }
}

}  // namespace

void RunConvDirectSimd(const ConvProblem& p) {
    const int64_t cin_g = p.in_channels / p.groups, cout_g = p.out_channels / p.groups;
    const int64_t kd = p.kernel[0], kh = p.kernel[1], kw = p.kernel[2];
    const int64_t taps = kd * kh * kw;
    const int64_t sw = p.stride[2];
    // Padded extents, and the phase-split row: each of the sw phases holds `wq` cells,
    // enough for the widest column tile to read past the last output without leaving it.
    const int64_t dp = p.input[0] + p.pad_before[0] + p.pad_after[0];
    const int64_t hp = p.input[1] + p.pad_before[1] + p.pad_after[1];
    const int64_t widest_read =
        std::max(RoundUp(p.output[2], kWideCols), RoundUp(p.output[2], kNarrowCols));
    const int64_t wq = widest_read + ((kw - 1) * p.dilation[2]) / sw + 1;
    const int64_t row = sw * wq, plane = hp * row, ci_stride = dp * plane;
    CheckScratch(cin_g * ci_stride, "the padded input");
    thread_local ScratchBuffer scratch;
    float* const buffer = scratch.Get(cin_g * ci_stride);
    std::vector<int64_t> tap_offset(static_cast<size_t>(taps));
    for (int64_t z = 0; z < kd; ++z)
        for (int64_t y = 0; y < kh; ++y)
            for (int64_t x = 0; x < kw; ++x) {
                const int64_t dx = x * p.dilation[2];
                tap_offset[static_cast<size_t>((z * kh + y) * kw + x)] =
                    z * p.dilation[0] * plane + y * p.dilation[1] * row + (dx % sw) * wq + dx / sw;
            }
    std::vector<float> packed;
    std::vector<int64_t> tile_start;
    const int64_t in_plane = p.input[1] * p.input[2], in_volume = p.input[0] * in_plane;
    const int64_t out_volume = p.output[0] * p.output[1] * p.output[2];

    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t g = 0; g < p.groups; ++g) {
            // Pad and phase-split this group's input channels.
            for (int64_t ci = 0; ci < cin_g; ++ci) {
                const float* src = p.x + (n * p.in_channels + g * cin_g + ci) * in_volume;
                float* dst = buffer + ci * ci_stride;
                for (int64_t z = 0; z < dp; ++z) {
                    const int64_t sz =
                        PaddedSource(z - p.pad_before[0], p.input[0], p.padding_mode);
                    for (int64_t y = 0; y < hp; ++y) {
                        const int64_t sy =
                            PaddedSource(y - p.pad_before[1], p.input[1], p.padding_mode);
                        float* out_row = dst + z * plane + y * row;
                        if (sz < 0 || sy < 0) {
                            std::fill_n(out_row, row, 0.0f);
                            continue;
                        }
                        const float* src_row = src + sz * in_plane + sy * p.input[2];
                        for (int64_t phase = 0; phase < sw; ++phase) {
                            float* dst_phase = out_row + phase * wq;
                            // Cells q of this phase read input column q*sw + phase - pad_before:
                            // the interior is a plain (strided) copy, the edges follow the mode.
                            const int64_t offset = phase - p.pad_before[2];
                            const int64_t q_in_lo =
                                std::clamp<int64_t>((-offset + sw - 1) / sw, 0, wq);
                            const int64_t q_in_hi = std::clamp<int64_t>(
                                offset >= p.input[2] ? 0 : (p.input[2] - 1 - offset) / sw + 1,
                                q_in_lo, wq);
                            const auto edge = [&](int64_t q) {
                                const int64_t xw = q * sw + offset;
                                const bool inside_pad = xw < p.input[2] + p.pad_after[2];
                                const int64_t sx =
                                    inside_pad ? PaddedSource(xw, p.input[2], p.padding_mode) : -1;
                                dst_phase[q] = sx < 0 ? 0.0f : src_row[sx];
                            };
                            for (int64_t q = 0; q < q_in_lo; ++q) edge(q);
                            if (sw == 1) {
                                std::memcpy(dst_phase + q_in_lo, src_row + q_in_lo + offset,
                                            sizeof(float) * static_cast<size_t>(q_in_hi - q_in_lo));
                            } else {
                                for (int64_t q = q_in_lo; q < q_in_hi; ++q)
                                    dst_phase[q] = src_row[q * sw + offset];
                            }
                            for (int64_t q = q_in_hi; q < wq; ++q) edge(q);
                        }
                    }
                }
            }
            const float* w_group = p.w + g * cout_g * cin_g * taps;
            PackWeights(
                cout_g, cin_g, taps,
                [&](int64_t co, int64_t ci, int64_t t) {
                    return w_group[(co * cin_g + ci) * taps + t];
                },
                packed, tile_start);
            float* y_group = p.y + (n * p.out_channels + g * cout_g) * out_volume;
            for (int64_t oz = 0; oz < p.output[0]; ++oz)
                for (int64_t oy = 0; oy < p.output[1]; ++oy) {
                    const float* x_row = buffer + oz * p.stride[0] * plane + oy * p.stride[1] * row;
                    const int64_t out_row = (oz * p.output[1] + oy) * p.output[2];
                    ComputeRow(x_row, cin_g, ci_stride, tap_offset, cout_g, packed, tile_start,
                               p.output[2],
                               [&](int64_t co, int64_t col0, const float* values, int64_t count) {
                                   float* dst = y_group + co * out_volume + out_row + col0;
                                   const float bias = p.b ? p.b[g * cout_g + co] : 0.0f;
                                   for (int64_t j = 0; j < count; ++j) dst[j] = values[j] + bias;
                               });
                }
        }
}

void RunConvTransposeSubpixelSimd(const ConvProblem& p) {
    const int64_t cin_g = p.in_channels / p.groups, cout_g = p.out_channels / p.groups;
    const int64_t out_volume = p.output[0] * p.output[1] * p.output[2];
    const int64_t in_volume = p.input[0] * p.input[1] * p.input[2];
    // Every output starts as its bias; each stride phase adds the taps that reach it.
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t co = 0; co < p.out_channels; ++co)
            std::fill_n(p.y + (n * p.out_channels + co) * out_volume, out_volume,
                        p.b ? p.b[co] : 0.0f);

    // Output x (uncropped, x = o + P_before) = q*S + r takes tap t when t*D = r (mod S),
    // from input q - c with c = floor(t*D/S). Left margin: the largest c; the right margin
    // covers the largest q.
    int64_t margin_lo[3], margin_hi[3], extent[3];
    for (int a = 0; a < 3; ++a) {
        margin_lo[a] = ((p.kernel[a] - 1) * p.dilation[a]) / p.stride[a];
        const int64_t q_last = (p.output[a] - 1 + p.pad_before[a]) / p.stride[a];
        margin_hi[a] = std::max<int64_t>(0, q_last - (p.input[a] - 1));
        extent[a] = margin_lo[a] + p.input[a] + margin_hi[a];
    }
    extent[2] += kMaxCols;  // column tiles may read past the last output of a row
    const int64_t row = extent[2], plane = extent[1] * row, ci_stride = extent[0] * plane;
    CheckScratch(cin_g * ci_stride, "the padded input");
    std::vector<float> buffer(static_cast<size_t>(cin_g * ci_stride));

    // Taps of each axis grouped by phase r: (tap index, c).
    struct PhaseTaps {
        int64_t r;
        std::vector<std::pair<int64_t, int64_t>> taps;
    };
    std::vector<PhaseTaps> phases[3];
    for (int a = 0; a < 3; ++a) {
        for (int64_t t = 0; t < p.kernel[a]; ++t) {
            const int64_t offset = t * p.dilation[a];
            const int64_t r = offset % p.stride[a];
            auto it = std::find_if(phases[a].begin(), phases[a].end(),
                                   [&](const PhaseTaps& ph) { return ph.r == r; });
            if (it == phases[a].end()) {
                phases[a].push_back(PhaseTaps{r, {}});
                it = phases[a].end() - 1;
            }
            it->taps.push_back({t, offset / p.stride[a]});
        }
    }
    const int64_t taps_all = p.kernel[0] * p.kernel[1] * p.kernel[2];
    std::vector<float> packed;
    std::vector<int64_t> tile_start, tap_offset, tap_index;

    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t g = 0; g < p.groups; ++g) {
            std::fill(buffer.begin(), buffer.end(), 0.0f);
            for (int64_t ci = 0; ci < cin_g; ++ci) {
                const float* src = p.x + (n * p.in_channels + g * cin_g + ci) * in_volume;
                for (int64_t z = 0; z < p.input[0]; ++z)
                    for (int64_t y = 0; y < p.input[1]; ++y)
                        std::memcpy(buffer.data() + ci * ci_stride + (z + margin_lo[0]) * plane +
                                        (y + margin_lo[1]) * row + margin_lo[2],
                                    src + (z * p.input[1] + y) * p.input[2],
                                    sizeof(float) * static_cast<size_t>(p.input[2]));
            }
            const float* w_group = p.w + g * cin_g * cout_g * taps_all;
            float* y_group = p.y + (n * p.out_channels + g * cout_g) * out_volume;
            for (const PhaseTaps& pz : phases[0])
                for (const PhaseTaps& py : phases[1])
                    for (const PhaseTaps& px : phases[2]) {
                        // Output index range of this phase along each axis: o = q*S + r - P_before.
                        int64_t q_first[3], q_count[3];
                        const int64_t r[3] = {pz.r, py.r, px.r};
                        bool empty = false;
                        for (int a = 0; a < 3; ++a) {
                            const int64_t lo = p.pad_before[a] - r[a];
                            q_first[a] = lo <= 0 ? 0 : (lo + p.stride[a] - 1) / p.stride[a];
                            const int64_t hi_num = p.output[a] - 1 + p.pad_before[a] - r[a];
                            const int64_t q_last = hi_num < 0 ? -1 : hi_num / p.stride[a];
                            q_count[a] = q_last - q_first[a] + 1;
                            if (q_count[a] <= 0) empty = true;
                        }
                        if (empty) continue;
                        tap_offset.clear();
                        tap_index.clear();
                        for (const auto& [tz, cz] : pz.taps)
                            for (const auto& [ty, cy] : py.taps)
                                for (const auto& [tx, cx] : px.taps) {
                                    tap_offset.push_back((margin_lo[0] - cz) * plane +
                                                         (margin_lo[1] - cy) * row +
                                                         (margin_lo[2] - cx));
                                    tap_index.push_back((tz * p.kernel[1] + ty) * p.kernel[2] + tx);
                                }
                        const int64_t phase_taps = static_cast<int64_t>(tap_index.size());
                        PackWeights(
                            cout_g, cin_g, phase_taps,
                            [&](int64_t co, int64_t ci, int64_t t) {
                                return w_group[(ci * cout_g + co) * taps_all +
                                               tap_index[static_cast<size_t>(t)]];
                            },
                            packed, tile_start);
                        for (int64_t qz = q_first[0]; qz < q_first[0] + q_count[0]; ++qz)
                            for (int64_t qy = q_first[1]; qy < q_first[1] + q_count[1]; ++qy) {
                                const int64_t oz = qz * p.stride[0] + r[0] - p.pad_before[0];
                                const int64_t oy = qy * p.stride[1] + r[1] - p.pad_before[1];
                                const float* x_row =
                                    buffer.data() + qz * plane + qy * row + q_first[2];
                                const int64_t out_row = (oz * p.output[1] + oy) * p.output[2];
                                const int64_t ox0 =
                                    q_first[2] * p.stride[2] + r[2] - p.pad_before[2];
                                ComputeRow(x_row, cin_g, ci_stride, tap_offset, cout_g, packed,
                                           tile_start, q_count[2],
                                           [&](int64_t co, int64_t col0, const float* values,
                                               int64_t count) {
                                               float* dst = y_group + co * out_volume + out_row +
                                                            ox0 + col0 * p.stride[2];
                                               for (int64_t j = 0; j < count; ++j)
                                                   dst[j * p.stride[2]] += values[j];
                                           });
                            }
                    }
        }
}

}  // namespace convscope::kernels
