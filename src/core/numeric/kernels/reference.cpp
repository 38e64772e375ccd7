// Reference kernels: the plain loops every fast kernel is checked against. They follow
// PyTorch's definitions literally and accumulate in double.
#include <cmath>
#include <limits>

#include "core/numeric/kernels/kernels.h"

namespace convscope::kernels {

namespace {

// Index helpers for (N, C, D, H, W) tensors stored densely.
struct Dims5 {
    int64_t c, d, h, w;
    int64_t At(int64_t n, int64_t ch, int64_t z, int64_t y, int64_t x) const {
        return (((n * c + ch) * d + z) * h + y) * w + x;
    }
};

}  // namespace

void RunConvReference(const ConvProblem& p) {
    const Dims5 xi{p.in_channels, p.input[0], p.input[1], p.input[2]};
    const Dims5 yi{p.out_channels, p.output[0], p.output[1], p.output[2]};
    const int64_t cin_g = p.in_channels / p.groups, cout_g = p.out_channels / p.groups;
    const int64_t taps = p.kernel[0] * p.kernel[1] * p.kernel[2];
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t co = 0; co < p.out_channels; ++co) {
            const int64_t g = co / cout_g;
            for (int64_t oz = 0; oz < p.output[0]; ++oz)
                for (int64_t oy = 0; oy < p.output[1]; ++oy)
                    for (int64_t ox = 0; ox < p.output[2]; ++ox) {
                        double sum = p.b ? p.b[co] : 0.0;
                        for (int64_t cl = 0; cl < cin_g; ++cl) {
                            const int64_t ci = g * cin_g + cl;
                            for (int64_t kz = 0; kz < p.kernel[0]; ++kz) {
                                const int64_t z = PaddedSource(
                                    oz * p.stride[0] - p.pad_before[0] + kz * p.dilation[0],
                                    p.input[0], p.padding_mode);
                                if (z < 0) continue;
                                for (int64_t ky = 0; ky < p.kernel[1]; ++ky) {
                                    const int64_t y = PaddedSource(
                                        oy * p.stride[1] - p.pad_before[1] + ky * p.dilation[1],
                                        p.input[1], p.padding_mode);
                                    if (y < 0) continue;
                                    for (int64_t kx = 0; kx < p.kernel[2]; ++kx) {
                                        const int64_t x = PaddedSource(
                                            ox * p.stride[2] - p.pad_before[2] + kx * p.dilation[2],
                                            p.input[2], p.padding_mode);
                                        if (x < 0) continue;
                                        const int64_t tap =
                                            (kz * p.kernel[1] + ky) * p.kernel[2] + kx;
                                        sum += static_cast<double>(
                                                   p.w[(co * cin_g + cl) * taps + tap]) *
                                               static_cast<double>(p.x[xi.At(n, ci, z, y, x)]);
                                    }
                                }
                            }
                        }
                        p.y[yi.At(n, co, oz, oy, ox)] = static_cast<float>(sum);
                    }
        }
}

void RunConvTransposeReference(const ConvProblem& p) {
    const Dims5 xi{p.in_channels, p.input[0], p.input[1], p.input[2]};
    const Dims5 yi{p.out_channels, p.output[0], p.output[1], p.output[2]};
    const int64_t cin_g = p.in_channels / p.groups, cout_g = p.out_channels / p.groups;
    const int64_t taps = p.kernel[0] * p.kernel[1] * p.kernel[2];
    // Output o (cropped coordinates) receives input i through tap t when
    // i*S - P_before + t*D == o: gather those inputs.
    const auto source = [&](int axis, int64_t o, int64_t t) -> int64_t {
        const int64_t numerator = o + p.pad_before[axis] - t * p.dilation[axis];
        if (numerator < 0 || numerator % p.stride[axis] != 0) return -1;
        const int64_t i = numerator / p.stride[axis];
        return i < p.input[axis] ? i : -1;
    };
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t co = 0; co < p.out_channels; ++co) {
            const int64_t g = co / cout_g, col = co % cout_g;
            for (int64_t oz = 0; oz < p.output[0]; ++oz)
                for (int64_t oy = 0; oy < p.output[1]; ++oy)
                    for (int64_t ox = 0; ox < p.output[2]; ++ox) {
                        double sum = p.b ? p.b[co] : 0.0;
                        for (int64_t kz = 0; kz < p.kernel[0]; ++kz) {
                            const int64_t z = source(0, oz, kz);
                            if (z < 0) continue;
                            for (int64_t ky = 0; ky < p.kernel[1]; ++ky) {
                                const int64_t y = source(1, oy, ky);
                                if (y < 0) continue;
                                for (int64_t kx = 0; kx < p.kernel[2]; ++kx) {
                                    const int64_t x = source(2, ox, kx);
                                    if (x < 0) continue;
                                    const int64_t tap = (kz * p.kernel[1] + ky) * p.kernel[2] + kx;
                                    for (int64_t cl = 0; cl < cin_g; ++cl) {
                                        const int64_t ci = g * cin_g + cl;
                                        sum += static_cast<double>(
                                                   p.w[(ci * cout_g + col) * taps + tap]) *
                                               static_cast<double>(p.x[xi.At(n, ci, z, y, x)]);
                                    }
                                }
                            }
                        }
                        p.y[yi.At(n, co, oz, oy, ox)] = static_cast<float>(sum);
                    }
        }
}

void RunPoolReference(const ConvProblem& p) {
    const Dims5 xi{p.in_channels, p.input[0], p.input[1], p.input[2]};
    const Dims5 yi{p.out_channels, p.output[0], p.output[1], p.output[2]};
    const bool is_max = PoolsMax(p.type);
    // PyTorch's average divisor: the window clipped to the padded input (count_include_pad)
    // or to the input itself.
    const auto window = [&](int axis, int64_t o, int64_t& lo, int64_t& hi, int64_t& padded_count) {
        const int64_t start = o * p.stride[axis] - p.pad_before[axis];
        const int64_t end = std::min(start + (p.kernel[axis] - 1) * p.dilation[axis] + 1,
                                     p.input[axis] + p.pad_after[axis]);
        padded_count = end - start;
        lo = start;
        hi = end;
    };
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t c = 0; c < p.in_channels; ++c)
            for (int64_t oz = 0; oz < p.output[0]; ++oz)
                for (int64_t oy = 0; oy < p.output[1]; ++oy)
                    for (int64_t ox = 0; ox < p.output[2]; ++ox) {
                        int64_t lo[3], hi[3], padded[3];
                        window(0, oz, lo[0], hi[0], padded[0]);
                        window(1, oy, lo[1], hi[1], padded[1]);
                        window(2, ox, lo[2], hi[2], padded[2]);
                        double best = -std::numeric_limits<double>::infinity();
                        double sum = 0.0;
                        int64_t valid = 0;
                        for (int64_t kz = 0; kz < p.kernel[0]; ++kz) {
                            const int64_t z = lo[0] + kz * p.dilation[0];
                            if (z < 0 || z >= p.input[0] || z >= hi[0]) continue;
                            for (int64_t ky = 0; ky < p.kernel[1]; ++ky) {
                                const int64_t y = lo[1] + ky * p.dilation[1];
                                if (y < 0 || y >= p.input[1] || y >= hi[1]) continue;
                                for (int64_t kx = 0; kx < p.kernel[2]; ++kx) {
                                    const int64_t x = lo[2] + kx * p.dilation[2];
                                    if (x < 0 || x >= p.input[2] || x >= hi[2]) continue;
                                    const double v = p.x[xi.At(n, c, z, y, x)];
                                    if (v > best || std::isnan(v))
                                        best = std::isnan(best) ? best : v;
                                    sum += v;
                                    ++valid;
                                }
                            }
                        }
                        float result;
                        if (is_max) {
                            result = static_cast<float>(best);
                        } else {
                            const int64_t divisor =
                                p.count_include_pad ? padded[0] * padded[1] * padded[2] : valid;
                            result = divisor > 0
                                         ? static_cast<float>(sum / static_cast<double>(divisor))
                                         : 0.0f;
                        }
                        p.y[yi.At(n, c, oz, oy, ox)] = result;
                    }
}

}  // namespace convscope::kernels
