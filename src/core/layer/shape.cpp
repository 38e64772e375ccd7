// Output shapes and padding resolution (see shape.h). Every rule follows PyTorch 1.13's
// checks and formulas; the TensorFlow and ONNX "same" rules follow their documentation.
#include "core/layer/shape.h"

#include <algorithm>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/resampling.h"

namespace convscope {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

std::string PadsText(const std::vector<PadPair>& pads) {
    std::string text = "[";
    for (size_t d = 0; d < pads.size(); ++d) {
        if (d) text += ", ";
        text += "[" + Str(pads[d].before) + ", " + Str(pads[d].after) + "]";
    }
    return text + "]";
}

std::string SizesText(const std::vector<int64_t>& sizes, const char* sep = " x ") {
    std::string text;
    for (size_t d = 0; d < sizes.size(); ++d) {
        if (d) text += sep;
        text += Str(sizes[d]);
    }
    return text;
}

// TensorFlow / ONNX "same": output = ceil(input / stride), the total padding that gets
// there split with the odd cell after (upper) or before (lower).
PadPair SameRulePads(int64_t input, int64_t stride, int64_t k_eff, bool extra_before) {
    const int64_t out = CeilDiv(input, stride);
    const int64_t total = std::max<int64_t>((out - 1) * stride + k_eff - input, 0);
    const int64_t small = total / 2;
    return extra_before ? PadPair{total - small, small} : PadPair{small, total - small};
}

bool AnyStrideAboveOne(const Layer& layer) {
    return std::any_of(layer.stride.begin(), layer.stride.end(), [](int64_t s) { return s > 1; });
}

}  // namespace

std::vector<PadPair> ResolvePadding(const std::vector<int64_t>& input, const Layer& layer,
                                    std::vector<int64_t>* extra_output_padding) {
    const int dims = layer.Dims();
    std::vector<PadPair> pads(dims);
    if (extra_output_padding) extra_output_padding->assign(dims, 0);
    for (int d = 0; d < dims; ++d) {
        const int64_t k_eff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
        const int64_t s = layer.stride[d];
        switch (layer.padding_form) {
            case PaddingForm::Explicit:
                pads[d] = layer.padding[d];
                break;
            case PaddingForm::Valid:
                pads[d] = PadPair{0, 0};
                break;
            case PaddingForm::Full:
                pads[d] = PadPair{k_eff - 1, k_eff - 1};
                break;
            case PaddingForm::Same: {
                const bool lower = layer.same_rule == SameRule::OnnxLower;
                switch (layer.type) {
                    case LayerType::Conv:
                    case LayerType::MaxPool:
                    case LayerType::AvgPool:
                        if (layer.same_rule == SameRule::PyTorch) {
                            // PyTorch: total d*(k-1), odd cell after; stride 1 (checked).
                            const int64_t total = k_eff - 1;
                            pads[d] = PadPair{total / 2, total - total / 2};
                        } else {
                            pads[d] = SameRulePads(input[d], s, k_eff, lower);
                        }
                        break;
                    case LayerType::ConvTranspose: {
                        // Output input*stride: crop what the full output has beyond it,
                        // or extend it (as output_padding) when the kernel is shorter than
                        // the stride.
                        const int64_t total = k_eff - s;
                        if (total >= 0) {
                            const int64_t small = total / 2;
                            pads[d] = lower ? PadPair{total - small, small}
                                            : PadPair{small, total - small};
                        } else if (extra_output_padding) {
                            (*extra_output_padding)[d] = -total;
                        }
                        break;
                    }
                    case LayerType::UpsampleNearest:
                    case LayerType::UpsampleLinear:
                    case LayerType::PixelShuffle:
                    case LayerType::PixelUnshuffle:
                        break;  // no padding (ValidateLayer)
                }
                break;
            }
        }
    }
    return pads;
}

Shape ComputeShape(const Extents& input, const Layer& layer) {
    return ComputeShape(input, ValidLayer(layer));
}

Shape ComputeShape(const Extents& input, const ValidLayer& valid) {
    const Layer& layer = valid.Get();
    const int dims = layer.Dims();
    if (static_cast<int>(input.size()) != dims) {
        throw Error("the input has " + Str(static_cast<int64_t>(input.size())) +
                    " spatial dimensions but the layer's kernel has " + Str(dims));
    }
    for (int d = 0; d < dims; ++d) {
        if (input[d] < 1) {
            throw Error("input size must be at least 1, got " + Str(input[d]) + " in " +
                        DimLabel(d, dims));
        }
        if (input[d] > kMaxExtent) {
            throw Error("input size " + Str(input[d]) + " in " + DimLabel(d, dims) +
                        " is larger than ConvScope's limit of " + Str(kMaxExtent));
        }
    }

    // Rules of the padding form that depend on the rule chosen.
    if (layer.padding_form == PaddingForm::Same && layer.same_rule == SameRule::PyTorch) {
        // The refusals name what the TensorFlow rule would give instead.
        Layer tf = layer;
        tf.same_rule = SameRule::TensorFlow;
        switch (layer.type) {
            case LayerType::Conv:
                if (AnyStrideAboveOne(layer)) {
                    throw Error(
                        "padding='same' is not supported with stride " +
                        SizesText(layer.stride, ", ") +
                        " under the PyTorch rule (PyTorch: padding='same' is not supported for "
                        "strided convolutions); the TensorFlow rule gives pads " +
                        PadsText(ResolvePadding(input, tf)));
                }
                break;
            case LayerType::ConvTranspose:
                throw Error(
                    "padding='same' is not supported by PyTorch's ConvTranspose (it takes "
                    "integer padding); the TensorFlow rule gives output = input x stride");
            case LayerType::MaxPool:
            case LayerType::AvgPool:
                throw Error(
                    "padding='same' is not supported by PyTorch's pooling layers; the "
                    "TensorFlow rule gives pads " +
                    PadsText(ResolvePadding(input, tf)));
            case LayerType::UpsampleNearest:
            case LayerType::UpsampleLinear:
            case LayerType::PixelShuffle:
            case LayerType::PixelUnshuffle:
                break;  // no padding (ValidateLayer)
        }
    }

    Shape shape;
    shape.input = input;
    shape.pads = ResolvePadding(input, layer, &shape.output_padding);
    shape.output.assign(dims, 0);
    shape.effective_kernel.assign(dims, 0);
    shape.ceil_window_dropped.assign(dims, false);
    for (int d = 0; d < dims; ++d)
        shape.effective_kernel[d] = EffectiveKernel(layer.kernel[d], layer.dilation[d]);

    switch (layer.type) {
        case LayerType::Conv: {
            std::vector<int64_t> padded(dims);
            for (int d = 0; d < dims; ++d)
                padded[d] = input[d] + shape.pads[d].before + shape.pads[d].after;
            for (int d = 0; d < dims; ++d) {
                if (padded[d] < shape.effective_kernel[d]) {
                    // The largest kernel that fits, and the padding that would fit this one.
                    const int64_t widest = (padded[d] - 1) / layer.dilation[d] + 1;
                    throw Error("Calculated padded input size per channel: (" + SizesText(padded) +
                                "). Kernel size: (" + SizesText(shape.effective_kernel) +
                                "). Kernel size can't be greater than actual input size (the "
                                "dilated kernel D*(K-1)+1 must fit in the padded input). Fix: " +
                                "in " + DimLabel(d, dims) + " use K <= " + Str(widest) +
                                (layer.dilation[d] > 1 ? " at D = " + Str(layer.dilation[d]) : "") +
                                ", or pad " + Str(shape.effective_kernel[d] - padded[d]) +
                                " more cells");
                }
            }
            for (int d = 0; d < dims; ++d) {
                const PadPair& p = shape.pads[d];
                if (layer.padding_mode == PaddingMode::Reflect &&
                    (p.before >= input[d] || p.after >= input[d])) {
                    throw Error(
                        "reflect padding needs pad < input size (the edge cell is not "
                        "repeated, so at most size-1 cells can be mirrored): pads [" +
                        Str(p.before) + ", " + Str(p.after) + "] on size " + Str(input[d]) +
                        " in " + DimLabel(d, dims) + ". Fix: use pads of at most " +
                        Str(input[d] - 1) +
                        (std::max(p.before, p.after) <= input[d]
                             ? ", or zeros, replicate or circular padding"
                             : ", or zeros or replicate padding"));
                }
                if (layer.padding_mode == PaddingMode::Circular &&
                    (p.before > input[d] || p.after > input[d])) {
                    throw Error(
                        "circular padding needs pad <= input size (it may wrap around "
                        "only once): pads [" +
                        Str(p.before) + ", " + Str(p.after) + "] on size " + Str(input[d]) +
                        " in " + DimLabel(d, dims) + ". Fix: use pads of at most " + Str(input[d]) +
                        ", or zeros or replicate padding");
                }
                shape.output[d] = (padded[d] - shape.effective_kernel[d]) / layer.stride[d] + 1;
            }
            break;
        }
        case LayerType::ConvTranspose: {
            for (int d = 0; d < dims; ++d) {
                shape.output_padding[d] += layer.output_padding[d];
                const int64_t out = (input[d] - 1) * layer.stride[d] - shape.pads[d].before -
                                    shape.pads[d].after + shape.effective_kernel[d] +
                                    shape.output_padding[d];
                if (out < 1) {
                    throw Error(
                        "transposed convolution output size (I-1)*S - P_before - P_after + "
                        "D*(K-1) + output_padding + 1 = (" +
                        Str(input[d]) + "-1)*" + Str(layer.stride[d]) + " - " +
                        Str(shape.pads[d].before) + " - " + Str(shape.pads[d].after) + " + " +
                        Str(shape.effective_kernel[d] - 1) + " + " + Str(shape.output_padding[d]) +
                        " + 1 = " + Str(out) + " in " + DimLabel(d, dims) +
                        "; it must be at least 1. Fix: pad " + Str(1 - out) +
                        " fewer cells, or raise the input size, stride or kernel");
                }
                shape.output[d] = out;
            }
            break;
        }
        case LayerType::MaxPool:
        case LayerType::AvgPool: {
            for (int d = 0; d < dims; ++d) {
                const PadPair& p = shape.pads[d];
                const int64_t half = layer.kernel[d] / 2;
                if (layer.padding_form == PaddingForm::Explicit &&
                    (p.before > half || p.after > half)) {
                    throw Error(
                        "pooling pad should be smaller than or equal to half of kernel "
                        "size (PyTorch's rule, so no window lies wholly in padding): pads [" +
                        Str(p.before) + ", " + Str(p.after) + "], kernel " + Str(layer.kernel[d]) +
                        " in " + DimLabel(d, dims) + ". Fix: use pads of at most " + Str(half) +
                        ", or a kernel of at least " + Str(2 * std::max(p.before, p.after)));
                }
                // PyTorch's avg_pool3d checks the input before padding; TensorFlow and ONNX
                // Runtime pool any input their "same" padding fits, so only padding PyTorch
                // states itself (explicit, valid, full) meets this limit.
                const bool framework_same =
                    layer.padding_form == PaddingForm::Same && layer.same_rule != SameRule::PyTorch;
                if (layer.type == LayerType::AvgPool && dims == 3 && !framework_same &&
                    input[d] < layer.kernel[d]) {
                    throw Error(
                        "input image (" + SizesText(input) + ") smaller than kernel size (" +
                        SizesText(layer.kernel) +
                        "): PyTorch's avg_pool3d refuses an input "
                        "smaller than its kernel in any dimension, even when padding would fit it. "
                        "Fix: use a kernel no larger than the input");
                }
                const int64_t s = layer.stride[d];
                const int64_t span = input[d] + p.before + p.after - shape.effective_kernel[d];
                int64_t out = (layer.ceil_mode ? CeilDiv(span, s) : FloorDiv(span, s)) + 1;
                // PyTorch: with ceil_mode the last window must start inside the input or the
                // left padding, never inside the right padding.
                if (layer.ceil_mode && out > 0 && (out - 1) * s >= input[d] + p.before) {
                    --out;
                    shape.ceil_window_dropped[d] = true;
                }
                if (out < 1) {
                    throw Error("Given input size: (" + SizesText(input) +
                                "). Calculated output "
                                "size: " +
                                Str(out) + " in " + DimLabel(d, dims) +
                                ". Output size is too small (the pooling window of " +
                                Str(shape.effective_kernel[d]) + " cells does not fit in " +
                                Str(input[d] + p.before + p.after) +
                                " padded cells). Fix: use K <= " +
                                Str((input[d] + p.before + p.after - 1) / layer.dilation[d] + 1) +
                                " in " + DimLabel(d, dims) + ", or pad " +
                                Str(shape.effective_kernel[d] - input[d] - p.before - p.after) +
                                " more cells");
                }
                shape.output[d] = out;
            }
            break;
        }
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
            for (int d = 0; d < dims; ++d) {
                if (!layer.size.empty()) {  // nn.Upsample(size=...): the size, whatever the input
                    shape.output[d] = layer.size[d];
                    continue;
                }
                shape.output[d] = input[d] * layer.kernel[d];
                if (input[d] > kMaxExtent / layer.kernel[d]) {
                    throw Error(std::string(TypeInfo(layer.type).label) + " output " +
                                Str(input[d]) + " x " + Str(layer.kernel[d]) + " in " +
                                DimLabel(d, dims) + " is larger than ConvScope's limit of " +
                                Str(kMaxExtent) + ". Fix: use a smaller input or factor");
                }
            }
            break;
        case LayerType::PixelUnshuffle:
            for (int d = 0; d < dims; ++d) {
                if (input[d] % layer.kernel[d] != 0) {
                    throw Error(
                        "pixel unshuffle needs sizes divisible by its factor (PyTorch: "
                        "pixel_unshuffle expects height and width to be divisible by "
                        "downscale_factor): size " +
                        Str(input[d]) + " in " + DimLabel(d, dims) + ", factor " +
                        Str(layer.kernel[d]) + ". Fix: use a size of " +
                        Str(input[d] / layer.kernel[d] * layer.kernel[d] + layer.kernel[d]) +
                        (input[d] >= layer.kernel[d]
                             ? " or " + Str(input[d] / layer.kernel[d] * layer.kernel[d])
                             : std::string()));
                }
                shape.output[d] = input[d] / layer.kernel[d];
            }
            break;
    }
    return shape;
}

std::vector<AxisTap> TapsOfOutput(const Layer& layer, const Shape& shape, int dim,
                                  int64_t output_index) {
    std::vector<AxisTap> taps;
    const int64_t k = layer.kernel[dim], s = layer.stride[dim], dl = layer.dilation[dim];
    const int64_t before = shape.pads[dim].before;
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            taps.reserve(static_cast<size_t>(k));
            for (int64_t t = 0; t < k; ++t)
                taps.push_back(AxisTap{t, output_index * s - before + t * dl});
            break;
        case LayerType::ConvTranspose:
            // Output o receives input i through tap t when i*S - P_before + t*D == o.
            for (int64_t t = 0; t < k; ++t) {
                const int64_t numerator = output_index + before - t * dl;
                if (numerator < 0 || numerator % s != 0) continue;
                const int64_t i = numerator / s;
                if (i < shape.input[dim]) taps.push_back(AxisTap{t, i});
            }
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle: {
            // Taps are the sources in order (pixel shuffle: the output's place in its block,
            // which picks the input channel); a linear source of weight 0 is not read.
            const ResampledSources sources = SourcesOfOutput(
                AxisOf(layer, dim, shape.input[dim], shape.output[dim]), output_index);
            if (layer.type == LayerType::PixelShuffle) {
                taps.push_back(AxisTap{output_index % k, sources.cells[0].cell});
                break;
            }
            for (int c = 0; c < sources.count; ++c) {
                if (sources.cells[c].weight != 0.0f)
                    taps.push_back(AxisTap{c, sources.cells[c].cell});
            }
            break;
        }
        case LayerType::PixelUnshuffle:
            // Output unit o gathers input cells o*r .. o*r+r-1, one per output channel.
            for (int64_t t = 0; t < k; ++t) taps.push_back(AxisTap{t, output_index * k + t});
            break;
    }
    return taps;
}

std::vector<int64_t> OutputsReadingInput(const Layer& layer, const Shape& shape, int dim,
                                         int64_t input_index) {
    if (layer.IsUpsampling())
        return OutputsOfSource(AxisOf(layer, dim, shape.input[dim], shape.output[dim]),
                               input_index);
    std::vector<int64_t> outputs;
    const int64_t k = layer.kernel[dim], s = layer.stride[dim], dl = layer.dilation[dim];
    const int64_t before = shape.pads[dim].before;
    for (int64_t t = 0; t < k; ++t) {
        int64_t o = -1;
        switch (layer.type) {
            case LayerType::Conv:
            case LayerType::MaxPool:
            case LayerType::AvgPool:
            case LayerType::PixelUnshuffle: {
                const int64_t numerator = input_index + before - t * dl;
                if (numerator >= 0 && numerator % s == 0) o = numerator / s;
                break;
            }
            case LayerType::ConvTranspose:
                o = input_index * s - before + t * dl;
                break;
            case LayerType::UpsampleNearest:
            case LayerType::UpsampleLinear:
            case LayerType::PixelShuffle:
                break;  // answered above
        }
        if (o >= 0 && o < shape.output[dim]) outputs.push_back(o);
    }
    std::sort(outputs.begin(), outputs.end());
    outputs.erase(std::unique(outputs.begin(), outputs.end()), outputs.end());
    return outputs;
}

LayerCost ComputeCost(const Layer& layer, const Shape& shape) {
    LayerCost cost;
    double taps = 1, in_cells = 1, out_cells = 1;
    for (int d = 0; d < layer.Dims(); ++d) {
        taps *= static_cast<double>(layer.kernel[d]);
        in_cells *= static_cast<double>(shape.input[d]);
        out_cells *= static_cast<double>(shape.output[d]);
    }
    // Where every tap of every weight is applied: at each output cell of a convolution, at
    // each input cell of a transposed one (it scatters every input cell through every tap).
    double cells = 0;
    switch (layer.type) {
        case LayerType::Conv:
            cells = out_cells;
            break;
        case LayerType::ConvTranspose:
            cells = in_cells;
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            cost.known = true;
            return cost;
    }
    if (layer.in_channels <= 0 || layer.out_channels <= 0) return cost;
    cost.known = true;
    const double cin = static_cast<double>(layer.in_channels);
    const double cout = static_cast<double>(layer.out_channels);
    const double per_group = 1.0 / static_cast<double>(layer.groups);
    cost.parameters = cin * cout * per_group * taps + (layer.bias ? cout : 0.0);
    cost.macs = cells * cin * cout * per_group * taps;
    return cost;
}

}  // namespace convscope
