// Overlap maps (see overlap.h): counts of the taps TapsOfOutput lands on real input cells.
#include "core/layer/overlap.h"

#include <algorithm>
#include <set>

#include "core/layer/error.h"
#include "core/layer/layer_text.h"
#include "core/layer/shape.h"

namespace convscope {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// Taps landing on real cells of the layer's input, per output cell of dimension d.
std::vector<int64_t> RealTaps(const Layer& layer, const Shape& shape, int d) {
    std::vector<int64_t> counts(static_cast<size_t>(shape.output[static_cast<size_t>(d)]), 0);
    for (int64_t o = 0; o < static_cast<int64_t>(counts.size()); ++o) {
        for (const AxisTap& tap : TapsOfOutput(layer, shape, d, o)) {
            if (tap.input >= 0 && tap.input < shape.input[static_cast<size_t>(d)])
                ++counts[static_cast<size_t>(o)];
        }
    }
    return counts;
}

// The border: cells at each end with fewer taps than the most any cell gets, walking in
// until the counts repeat with the period (a border of the whole axis when they never do).
OverlapAxis Axis(std::vector<int64_t> counts, int64_t period) {
    OverlapAxis axis;
    axis.period = std::max<int64_t>(period, 1);
    const int64_t n = static_cast<int64_t>(counts.size());
    const int64_t most = n ? *std::max_element(counts.begin(), counts.end()) : 0;
    // The first and last cells reached by a full set of taps: the inside lies between them,
    // widened to the cells of their periods.
    int64_t first = 0, last = n - 1;
    while (first < n && counts[static_cast<size_t>(first)] != most) ++first;
    while (last >= 0 && counts[static_cast<size_t>(last)] != most) --last;
    first = std::max<int64_t>(0, first - (axis.period - 1));
    last = std::min<int64_t>(n - 1, last + (axis.period - 1));
    // Shrink until every cell inside is reached as often as the cell one period further.
    while (first < last && counts[static_cast<size_t>(first)] <
                               counts[static_cast<size_t>(std::min(first + axis.period, last))])
        ++first;
    while (last > first && counts[static_cast<size_t>(last)] <
                               counts[static_cast<size_t>(std::max(last - axis.period, first))])
        --last;
    axis.border_before = first;
    axis.border_after = n - 1 - last;
    for (int64_t o = first; o <= last && o < first + axis.period; ++o)
        axis.pattern.push_back(counts[static_cast<size_t>(o)]);
    axis.even = std::all_of(axis.pattern.begin(), axis.pattern.end(),
                            [&](int64_t c) { return c == axis.pattern.front(); });
    axis.counts = std::move(counts);
    return axis;
}

OverlapMap MapOf(std::string name, const std::vector<int64_t>& output,
                 std::vector<OverlapAxis> axes) {
    OverlapMap map;
    map.name = std::move(name);
    map.output = output;
    map.axes = std::move(axes);
    std::set<int64_t> products = {1};
    for (const OverlapAxis& axis : map.axes) {
        std::set<int64_t> next;
        for (const int64_t p : products)
            for (const int64_t c : axis.pattern) next.insert(p * c);
        products = next;
    }
    map.inner_counts.assign(products.begin(), products.end());
    return map;
}

// A stride-1 convolution of `kernel` padded "same" by PyTorch's rule (k-1, the odd cell after).
Layer SameConv(const Extents& kernel) {
    Layer conv = MakeLayer(LayerType::Conv, kernel);
    conv.padding_form = PaddingForm::Same;
    return conv;
}

}  // namespace

int64_t OverlapMap::Count(const std::vector<int64_t>& cell) const {
    int64_t count = 1;
    for (size_t d = 0; d < axes.size() && d < cell.size(); ++d)
        count *= axes[d].counts.at(static_cast<size_t>(cell[d]));
    return count;
}

std::string OverlapMap::Summary() const {
    if (axes.empty()) return "";
    const auto pattern_text = [](const OverlapAxis& axis) {
        std::string text;
        // Two periods show the rhythm: 1-2-1-2.
        const size_t shown = axis.even ? 1 : 2 * axis.pattern.size();
        for (size_t i = 0; i < shown; ++i)
            text += (i ? "-" : "") + Str(axis.pattern[i % axis.pattern.size()]);
        return text;
    };
    bool alike = true;
    for (const OverlapAxis& axis : axes) alike = alike && axis.pattern == axes[0].pattern;
    std::string text;
    if (Even()) {
        text = Str(inner_counts.empty() ? 0 : inner_counts[0]) +
               " taps on every cell inside the border: even";
        return text;
    }
    if (alike) {
        text = pattern_text(axes[0]) + (axes.size() > 1 ? " along each axis" : "");
    } else {
        for (size_t d = 0; d < axes.size(); ++d)
            text += (d ? ", " : "") + pattern_text(axes[d]) + " along " +
                    DimLabel(int(d), int(axes.size()));
    }
    if (axes.size() > 1) {
        text += "; ";
        for (size_t i = 0; i < inner_counts.size(); ++i)
            text += (i == 0                         ? ""
                     : i + 1 == inner_counts.size() ? " or "
                                                    : ", ") +
                    Str(inner_counts[i]);
        text += " taps per cell in " + Str(static_cast<int64_t>(axes.size())) + "-D";
    }
    return text + ": uneven, a checkerboard of period " + Str(axes[0].period);
}

OverlapMap TransposedOverlap(const Layer& layer, const std::vector<int64_t>& input) {
    if (layer.type != LayerType::ConvTranspose)
        throw Error("the overlap map is a transposed convolution's; this layer is a " +
                    std::string(TypeInfo(layer.type).label));
    const Shape shape = ComputeShape(input, layer);
    std::vector<OverlapAxis> axes;
    for (int d = 0; d < layer.Dims(); ++d)
        axes.push_back(Axis(RealTaps(layer, shape, d), layer.stride[static_cast<size_t>(d)]));
    return MapOf(
        "transposed conv " + PerDimText(layer.kernel) + ", stride " + PerDimText(layer.stride),
        shape.output, std::move(axes));
}

std::vector<OverlapMap> OverlapRemedies(const Layer& layer, const std::vector<int64_t>& input) {
    if (layer.type != LayerType::ConvTranspose) return {};
    const int dims = layer.Dims();
    std::vector<OverlapMap> maps;

    // 1. The next kernel the stride divides, padded to keep the output where it can.
    Layer divisible = layer;
    bool changed = false;
    for (int d = 0; d < dims; ++d) {
        const size_t i = static_cast<size_t>(d);
        const int64_t s = layer.stride[i];
        const int64_t k = (layer.kernel[i] + s - 1) / s * s;
        const int64_t grow = (k - layer.kernel[i]) * layer.dilation[i];
        changed = changed || grow != 0;
        divisible.kernel[i] = k;
        if (layer.padding_form == PaddingForm::Explicit) {
            divisible.padding[i].before += grow / 2;
            divisible.padding[i].after += grow - grow / 2;
            divisible.padding_asymmetric = divisible.padding_asymmetric || grow % 2 != 0;
        }
    }
    if (changed) {
        try {
            maps.push_back(TransposedOverlap(divisible, input));
            maps.back().name = "kernel " + PerDimText(divisible.kernel) + ", stride " +
                               PerDimText(layer.stride) + " (the stride divides it)";
        } catch (const Error&) {
        }
    }

    // 2. Nearest upsampling by the stride, then a "same" convolution of the same kernel.
    Layer up = MakeLayer(LayerType::UpsampleNearest, layer.stride);
    const Shape up_shape = ComputeShape(input, up);
    const Layer conv = SameConv(layer.kernel);
    const Shape conv_shape = ComputeShape(up_shape.output, conv);
    std::vector<OverlapAxis> resize_axes;
    for (int d = 0; d < dims; ++d) resize_axes.push_back(Axis(RealTaps(conv, conv_shape, d), 1));
    maps.push_back(MapOf("nearest x" + PerDimText(layer.stride) + ", then conv " +
                             PerDimText(layer.kernel) + " (resize, then convolve)",
                         conv_shape.output, std::move(resize_axes)));

    // 3. A "same" convolution on the input, then pixel shuffle: each output cell of the
    // shuffled map is one cell of one channel, with the convolution's taps. Pixel shuffle
    // is PyTorch's for 2-D maps with one factor.
    if (dims == 2 && layer.stride[0] == layer.stride[1]) {
        const Shape small = ComputeShape(input, conv);
        std::vector<OverlapAxis> shuffle_axes;
        for (int d = 0; d < dims; ++d) {
            const std::vector<int64_t> taps = RealTaps(conv, small, d);
            std::vector<int64_t> spread;
            for (const int64_t c : taps)
                spread.insert(spread.end(), static_cast<size_t>(layer.stride[0]), c);
            shuffle_axes.push_back(Axis(std::move(spread), 1));
        }
        std::vector<int64_t> out;
        for (const int64_t s : small.output) out.push_back(s * layer.stride[0]);
        maps.push_back(MapOf("conv " + PerDimText(layer.kernel) + " to " +
                                 Str(layer.stride[0] * layer.stride[0]) +
                                 "x the channels, then pixel shuffle " + Str(layer.stride[0]),
                             out, std::move(shuffle_axes)));
    }
    return maps;
}

}  // namespace convscope
