// The playground's derived model (see playground_model.h).
#include "app/playground/playground_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/playground/sum_terms.h"
#include "app/widgets/grid_view.h"
#include "core/layer/error.h"
#include "core/layer/resampling.h"
#include "core/numeric/numeric.h"

namespace convscope::app {

// The range of the finite values: a -inf (a max-pooling window wholly in padding) would
// stretch the colour scale until every other cell had the same colour. Non-finite cells
// take the scale's low end.
ValueRange RangeOf(const std::vector<float>& values) {
    bool any = false;
    ValueRange range;
    for (const float v : values) {
        if (!std::isfinite(v)) continue;
        range.lo = any ? std::min(range.lo, v) : v;
        range.hi = any ? std::max(range.hi, v) : v;
        any = true;
    }
    return range;
}

void PlaygroundModel::Rebuild(const PlaygroundState& state) {
    error_.clear();
    ++generation_;
    layer_ = state.layer;
    input_size_ = state.input;
    in_ = VolumeOf(state.input);
    k_ = VolumeOf(layer_.kernel);
    out_ = Cell{1, 1, 1};
    input_ = state.input_values;
    kernel_ = state.kernel_values;
    input_range_ = RangeOf(input_);
    kernel_range_ = RangeOf(kernel_);
    output_.clear();
    try {
        if (layer_.type == LayerType::PixelShuffle || layer_.type == LayerType::PixelUnshuffle) {
            throw convscope::Error(
                std::string(TypeInfo(layer_.type).label) +
                " moves cells between channels, and the playground draws one channel. See it "
                "in the receptive-field explorer's stack (token x2 or u2), or pick another type");
        }
        // The layer as given (its channels and groups checked), drawn for one channel pair:
        // input channel 0 through the first slice of output channel 0's weights. The
        // Channels panel draws every channel.
        const ValidLayer given(layer_);
        Layer single = given;
        single.in_channels = single.out_channels = 1;
        single.groups = 1;
        const ValidLayer layer(single);
        Tensor x;
        x.shape = {1, 1};
        x.shape.insert(x.shape.end(), state.input.begin(), state.input.end());
        x.data = input_;
        Tensor w;
        w.shape = {1, 1};
        w.shape.insert(w.shape.end(), layer_.kernel.begin(), layer_.kernel.end());
        w.data = kernel_;
        const bool weights = TypeInfo(layer_.type).Has(kLayerHasWeights);
        Tensor y = RunLayer(layer, LayerInputs{&x, weights ? &w : nullptr, nullptr});
        shape_ = ComputeShape(state.input, layer);
        output_ = std::move(y.data);
        output_range_ = RangeOf(output_);
        out_ = VolumeOf(shape_.output);
    } catch (const convscope::Error& e) {
        error_ = e.what();
        return;
    }
    const Cell lo = CellOf(ResolvedPads(true)), hi = CellOf(ResolvedPads(false));
    for (size_t d = 0; d < 3; ++d) {
        // A transposed layer reads only real input cells.
        const bool transposed = layer_.IsTransposed();
        shown_lo_[d] = transposed ? 0 : -lo[d];
        shown_hi_[d] = in_[d] - 1 + (transposed ? 0 : hi[d]);
    }
}

Extents PlaygroundModel::ResolvedPads(bool before) const {
    Extents pads;
    for (const PadPair& p : shape_.pads) pads.push_back(before ? p.before : p.after);
    return pads;
}

Cell PlaygroundModel::OutputCellOfStep(int64_t step) const {
    const int64_t count = OutputCount();
    const int64_t s = count > 0 ? ((step % count) + count) % count : 0;
    return Cell{s / (out_[1] * out_[2]), (s / out_[2]) % out_[1], s % out_[2]};
}

float PlaygroundModel::OutputValue(const Cell& o) const {
    const size_t i = static_cast<size_t>((o[0] * out_[1] + o[1]) * out_[2] + o[2]);
    return i < output_.size() ? output_[i] : 0.0f;
}

float PlaygroundModel::KernelValue(const Cell& k) const {
    const size_t i = static_cast<size_t>((k[0] * k_[1] + k[1]) * k_[2] + k[2]);
    return i < kernel_.size() ? kernel_[i] : 0.0f;
}

float PlaygroundModel::InputValue(const Cell& c, bool* padding) const {
    const int64_t i = PaddedIndex(c, in_, layer_.padding_mode, padding);
    return i < 0 ? 0.0f : input_[static_cast<size_t>(i)];
}

std::vector<Tap> PlaygroundModel::TapsOf(const Cell& o) const {
    std::vector<Tap> taps;
    if (!Ok()) return taps;
    // The volume's leading dimensions the layer lacks have one tap, at 0.
    std::vector<AxisTap> axis[3] = {{AxisTap{0, 0}}, {AxisTap{0, 0}}, {AxisTap{0, 0}}};
    for (int d = 0; d < Dims(); ++d) {
        const size_t v = VolumeAxis(d, Dims());
        axis[v] = TapsOfOutput(layer_, shape_, d, o[v]);
    }
    for (const AxisTap& z : axis[0])
        for (const AxisTap& y : axis[1])
            for (const AxisTap& x : axis[2])
                taps.push_back(Tap{{z.input, y.input, x.input}, {z.tap, y.tap, x.tap}});
    return taps;
}

std::vector<Cell> PlaygroundModel::OutputsReading(const Cell& c) const {
    std::vector<Cell> outputs;
    if (!Ok()) return outputs;
    std::vector<int64_t> axis[3] = {{0}, {0}, {0}};
    for (int d = 0; d < Dims(); ++d) {
        const size_t v = VolumeAxis(d, Dims());
        axis[v] = OutputsReadingInput(layer_, shape_, d, c[v]);
    }
    for (const int64_t z : axis[0])
        for (const int64_t y : axis[1])
            for (const int64_t x : axis[2]) outputs.push_back(Cell{z, y, x});
    return outputs;
}

std::string PlaygroundModel::SumText(const Cell& o) const {
    if (!Ok()) return "";
    if (layer_.IsUpsampling()) return ResampledSumText(o);
    const bool is_max = layer_.IsPooling() && PoolsMax(layer_.type),
               is_avg = layer_.IsPooling() && !PoolsMax(layer_.type);
    SumTerms sum(is_max ? ", " : " + ");
    for (const Tap& t : TapsOf(o)) {
        bool padding = false;
        const float x = InputValue(t.input, &padding);
        if (layer_.IsPooling()) {
            if (!padding) sum.Add(FormatValue(x));  // pooling never reads its padding
        } else {
            sum.AddWeighted(KernelValue(t.kernel), x);
        }
    }
    const size_t count = sum.Count();
    const std::string terms = sum.Text();
    const std::string result = FormatValue(OutputValue(o));
    // PyTorch's max over no input cell: the window lies wholly in padding.
    if (count == 0 && is_max) return "max of no input cell (the window is all padding) = " + result;
    if (count == 0) return "0 = " + result;
    if (is_max) return "max(" + terms + ") = " + result;
    if (is_avg) {
        // PyTorch's divisor: the window clipped to the padded input (count_include_pad) or
        // to the input itself, per dimension.
        int64_t divisor = 1;
        for (int d = 0; d < Dims(); ++d) {
            const PadPair p = shape_.pads[d];
            const int64_t size = shape_.input[d];
            const int64_t start = o[VolumeAxis(d, Dims())] * layer_.stride[d] - p.before;
            const int64_t end = std::min(start + layer_.kernel[d], size + p.after);
            divisor *= layer_.count_include_pad ? end - start
                                                : std::min(end, size) - std::max<int64_t>(start, 0);
        }
        return "(" + terms + ") / " + std::to_string(divisor) + " = " + result;
    }
    return terms + " = " + result;
}

std::string PlaygroundModel::ResampledSumText(const Cell& o) const {
    // Each output reads one cell (nearest) or interpolates two per dimension (linear), with
    // PyTorch's weights; a weight of 0 is left out.
    std::vector<ResampledSources> axes(3);
    for (int v = 0; v < 3; ++v) {
        axes[static_cast<size_t>(v)].count = 1;
        axes[static_cast<size_t>(v)].cells[0] = ResampledCell{0, 1.0f};
    }
    for (int d = 0; d < Dims(); ++d) {
        const size_t v = VolumeAxis(d, Dims());
        axes[v] = SourcesOfOutput(AxisOf(layer_, d, shape_.input[d], shape_.output[d]), o[v]);
    }
    SumTerms sum;
    for (int i = 0; i < axes[0].count; ++i)
        for (int j = 0; j < axes[1].count; ++j)
            for (int k = 0; k < axes[2].count; ++k) {
                const float w =
                    axes[0].cells[i].weight * axes[1].cells[j].weight * axes[2].cells[k].weight;
                if (w == 0.0f) continue;
                sum.AddWeighted(w, InputValue(Cell{axes[0].cells[i].cell, axes[1].cells[j].cell,
                                                   axes[2].cells[k].cell},
                                              nullptr));
            }
    return sum.Text() + " = " + FormatValue(OutputValue(o));
}

}  // namespace convscope::app
