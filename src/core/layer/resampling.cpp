// Upsampling and pixel shuffle index rules (see resampling.h), after PyTorch 1.13's CPU
// kernels: nearest_idx and compute_source_index_and_lambda in UpSample.h, in float.
#include "core/layer/resampling.h"

#include <algorithm>
#include <cmath>

namespace convscope {

namespace {

// PyTorch's area_pixel_compute_scale for a float tensor: the input step per output cell.
float InputStep(const ResampledAxis& axis) {
    if (axis.align_corners) {
        return axis.output > 1
                   ? static_cast<float>(axis.input - 1) / static_cast<float>(axis.output - 1)
                   : 0.0f;
    }
    // Given a size, PyTorch has no scale and divides the sizes, in float.
    if (axis.by_size) return static_cast<float>(axis.input) / static_cast<float>(axis.output);
    return static_cast<float>(1.0 / static_cast<double>(axis.factor));
}

}  // namespace

ResampledAxis AxisOf(const Layer& layer, int dim, int64_t input, int64_t output) {
    return ResampledAxis{layer.type,
                         layer.kernel[static_cast<size_t>(dim)],
                         layer.align_corners,
                         input,
                         output,
                         !layer.size.empty()};
}

ResampledSources SourcesOfOutput(const ResampledAxis& axis, int64_t o) {
    const int64_t input = axis.input, output = axis.output;
    ResampledSources sources;
    switch (axis.type) {
        case LayerType::UpsampleNearest: {
            int64_t cell = o;
            if (output == 2 * input) {
                cell = o >> 1;
            } else if (output != input) {
                const float step = InputStep(axis);
                cell = std::min(static_cast<int64_t>(std::floor(static_cast<float>(o) * step)),
                                input - 1);
            }
            sources.count = 1;
            sources.cells[0] = ResampledCell{cell, 1.0f};
            return sources;
        }
        case LayerType::UpsampleLinear: {
            if (output == input) {
                sources.count = 1;
                sources.cells[0] = ResampledCell{o, 1.0f};
                return sources;
            }
            const float step = InputStep(axis);
            float real = axis.align_corners ? step * static_cast<float>(o)
                                            : step * (static_cast<float>(o) + 0.5f) - 0.5f;
            if (real < 0.0f) real = 0.0f;
            const int64_t first = static_cast<int64_t>(real);
            const int64_t second = first < input - 1 ? first + 1 : first;
            const float lambda = real - static_cast<float>(first);
            sources.count = 2;
            sources.cells[0] = ResampledCell{first, 1.0f - lambda};
            sources.cells[1] = ResampledCell{second, lambda};
            return sources;
        }
        case LayerType::PixelShuffle:
            sources.count = 1;
            sources.cells[0] = ResampledCell{o / axis.factor, 1.0f};
            return sources;
        case LayerType::Conv:
        case LayerType::ConvTranspose:
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::PixelUnshuffle:
            break;
    }
    return sources;
}

std::vector<int64_t> OutputsOfSource(const ResampledAxis& axis, int64_t i) {
    const int64_t input = axis.input, output = axis.output;
    // Every rule maps output o near i * output / input; a margin of two input cells' worth of
    // outputs on each side holds every output that can read i.
    const int64_t per_cell = output / std::max<int64_t>(input, 1) + 1;
    const int64_t centre = input > 0 ? i * output / input : 0;
    const int64_t lo = std::max<int64_t>(0, centre - 2 * per_cell - 2);
    const int64_t hi = std::min<int64_t>(output - 1, centre + 3 * per_cell + 2);
    std::vector<int64_t> outputs;
    for (int64_t o = lo; o <= hi; ++o) {
        const ResampledSources sources = SourcesOfOutput(axis, o);
        for (int c = 0; c < sources.count; ++c) {
            if (sources.cells[c].cell == i && sources.cells[c].weight != 0.0f) {
                outputs.push_back(o);
                break;
            }
        }
    }
    return outputs;
}

}  // namespace convscope
