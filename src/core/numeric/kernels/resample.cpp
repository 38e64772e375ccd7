// Upsampling (nearest, linear) and pixel shuffle/unshuffle kernels. The index rules are
// resampling.h's, PyTorch's in single precision. The references ask for each output cell's
// sources as they go and sum in double; the fast kernels read per-axis tables made once and
// interpolate in float, outer dimension first, as PyTorch's CPU kernel does.
#include <vector>

#include "core/layer/resampling.h"
#include "core/numeric/kernels/kernels.h"

namespace convscope::kernels {

namespace {

ResampledAxis Axis(const ConvProblem& p, int d) {
    return ResampledAxis{p.type,     p.kernel[d], p.align_corners,
                         p.input[d], p.output[d], p.resample_by_size};
}

// Pixel shuffle's element order: output (c, y*r+a, x*r+b) is input (c*r*r + a*r + b, y, x);
// pixel unshuffle is the reverse. `Visit(in_index, out_index)` sees every pair once.
template <typename Visit>
void ForEachShuffled(const ConvProblem& p, Visit visit) {
    const bool shuffle = p.type == LayerType::PixelShuffle;
    const int64_t r = p.kernel[1];
    const int64_t small_c = shuffle ? p.out_channels : p.in_channels;
    const int64_t small_h = shuffle ? p.input[1] : p.output[1];
    const int64_t small_w = shuffle ? p.input[2] : p.output[2];
    const int64_t big_h = small_h * r, big_w = small_w * r;
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t c = 0; c < small_c; ++c)
            for (int64_t a = 0; a < r; ++a)
                for (int64_t b = 0; b < r; ++b) {
                    const int64_t deep_c = (n * small_c + c) * r * r + a * r + b;
                    for (int64_t y = 0; y < small_h; ++y)
                        for (int64_t x = 0; x < small_w; ++x) {
                            const int64_t deep = (deep_c * small_h + y) * small_w + x;
                            const int64_t wide =
                                ((n * small_c + c) * big_h + y * r + a) * big_w + x * r + b;
                            if (shuffle)
                                visit(deep, wide);
                            else
                                visit(wide, deep);
                        }
                }
}

}  // namespace

void RunResampleReference(const ConvProblem& p) {
    const ResampledAxis axes[3] = {Axis(p, 0), Axis(p, 1), Axis(p, 2)};
    const int64_t channels = p.batch * p.in_channels;
    float* y = p.y;
    for (int64_t c = 0; c < channels; ++c) {
        const float* x = p.x + c * p.input[0] * p.input[1] * p.input[2];
        for (int64_t oz = 0; oz < p.output[0]; ++oz) {
            const ResampledSources sz = SourcesOfOutput(axes[0], oz);
            for (int64_t oy = 0; oy < p.output[1]; ++oy) {
                const ResampledSources sy = SourcesOfOutput(axes[1], oy);
                for (int64_t ox = 0; ox < p.output[2]; ++ox) {
                    const ResampledSources sx = SourcesOfOutput(axes[2], ox);
                    double sum = 0;
                    for (int i = 0; i < sz.count; ++i)
                        for (int j = 0; j < sy.count; ++j)
                            for (int k = 0; k < sx.count; ++k) {
                                const double w = static_cast<double>(sz.cells[i].weight) *
                                                 sy.cells[j].weight * sx.cells[k].weight;
                                sum += w * x[(sz.cells[i].cell * p.input[1] + sy.cells[j].cell) *
                                                 p.input[2] +
                                             sx.cells[k].cell];
                            }
                    *y++ = static_cast<float>(sum);
                }
            }
        }
    }
}

void RunResampleTables(const ConvProblem& p) {
    std::vector<ResampledSources> tables[3];
    for (int d = 0; d < 3; ++d) {
        const ResampledAxis axis = Axis(p, d);
        tables[d].resize(static_cast<size_t>(p.output[d]));
        for (int64_t o = 0; o < p.output[d]; ++o)
            tables[d][static_cast<size_t>(o)] = SourcesOfOutput(axis, o);
    }
    const int64_t channels = p.batch * p.in_channels;
    const int64_t plane = p.input[1] * p.input[2];
    float* y = p.y;
    for (int64_t c = 0; c < channels; ++c) {
        const float* x = p.x + c * p.input[0] * plane;
        for (const ResampledSources& sz : tables[0])
            for (const ResampledSources& sy : tables[1])
                for (const ResampledSources& sx : tables[2]) {
                    float out = 0.0f;
                    for (int i = 0; i < sz.count; ++i) {
                        float row_sum = 0.0f;
                        for (int j = 0; j < sy.count; ++j) {
                            const float* row =
                                x + sz.cells[i].cell * plane + sy.cells[j].cell * p.input[2];
                            float cell_sum = 0.0f;
                            for (int k = 0; k < sx.count; ++k)
                                cell_sum += row[sx.cells[k].cell] * sx.cells[k].weight;
                            row_sum += cell_sum * sy.cells[j].weight;
                        }
                        out += row_sum * sz.cells[i].weight;
                    }
                    *y++ = out;
                }
    }
}

void RunShuffleReference(const ConvProblem& p) {
    ForEachShuffled(p, [&](int64_t in, int64_t out) { p.y[out] = p.x[in]; });
}

void RunShuffleRows(const ConvProblem& p) {
    // Rows of the wide side are gathered from r rows of the deep side: each wide row's cells
    // alternate between r deep channels, so copying runs along x with stride r.
    const bool shuffle = p.type == LayerType::PixelShuffle;
    const int64_t r = p.kernel[1];
    const int64_t small_c = shuffle ? p.out_channels : p.in_channels;
    const int64_t small_h = shuffle ? p.input[1] : p.output[1];
    const int64_t small_w = shuffle ? p.input[2] : p.output[2];
    const int64_t big_w = small_w * r;
    for (int64_t nc = 0; nc < p.batch * small_c; ++nc)
        for (int64_t y = 0; y < small_h; ++y)
            for (int64_t a = 0; a < r; ++a) {
                const int64_t wide_row = (nc * small_h * r + y * r + a) * big_w;
                for (int64_t b = 0; b < r; ++b) {
                    const int64_t deep_row = ((nc * r * r + a * r + b) * small_h + y) * small_w;
                    if (shuffle) {
                        const float* from = p.x + deep_row;
                        float* to = p.y + wide_row + b;
                        for (int64_t x = 0; x < small_w; ++x) to[x * r] = from[x];
                    } else {
                        const float* from = p.x + wide_row + b;
                        float* to = p.y + deep_row;
                        for (int64_t x = 0; x < small_w; ++x) to[x] = from[x * r];
                    }
                }
            }
}

}  // namespace convscope::kernels
