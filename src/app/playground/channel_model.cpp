// The playground's layer with all its channels (see channel_model.h).
#include "app/playground/channel_model.h"

#include <algorithm>
#include <cstddef>

#include "app/playground/presets.h"
#include "app/playground/sum_terms.h"
#include "app/widgets/grid_view.h"
#include "core/layer/error.h"
#include "core/numeric/numeric.h"

namespace convscope::app {

namespace {

// An element count as an iterator offset (32 bits on the web; the counts are capped far below).
std::ptrdiff_t Offset(int64_t count) { return static_cast<std::ptrdiff_t>(count); }

size_t IndexIn(const Cell& extent, const Cell& c) {
    return static_cast<size_t>((c[0] * extent[1] + c[1]) * extent[2] + c[2]);
}

Cell CellAt(const Cell& extent, int64_t i) {
    return Cell{i / (extent[1] * extent[2]), (i / extent[2]) % extent[1], i % extent[2]};
}

}  // namespace

void ChannelModel::Rebuild(const PlaygroundState& state, const PlaygroundModel& model) {
    error_.clear();
    values_note_.clear();
    has_values_ = false;
    variants_.clear();
    input_.clear();
    weights_.clear();
    output_.clear();
    layer_ = state.layer;
    weighted_ = TypeInfo(layer_.type).Has(kLayerHasWeights);
    if (!model.Ok()) {
        error_ = model.Error();
        return;
    }
    in_channels_ = std::max<int64_t>(layer_.in_channels, 1);
    // Pooling and upsampling keep every channel apart: as many outputs as inputs.
    out_channels_ = weighted_ ? std::max<int64_t>(layer_.out_channels, 1) : in_channels_;
    groups_ = weighted_ ? layer_.groups : 1;
    layer_.in_channels = in_channels_;
    layer_.out_channels = out_channels_;
    layer_.groups = groups_;
    in_ = model.InputExtent();
    out_ = model.OutputExtent();
    k_ = model.KernelExtent();
    in_cells_ = in_[0] * in_[1] * in_[2];
    out_cells_ = model.OutputCount();
    kernel_cells_ = k_[0] * k_[1] * k_[2];
    try {
        const ValidLayer layer(layer_);
        if (weighted_ && in_channels_ > 1) variants_ = ChannelVariants(layer, state.input);
        const int64_t per_group = in_channels_ / groups_;
        const double macs = static_cast<double>(out_channels_) *
                            static_cast<double>(weighted_ ? per_group : 1) *
                            static_cast<double>(std::max(in_cells_, out_cells_)) *
                            static_cast<double>(kernel_cells_);
        if (macs > kMaxChannelMacs) {
            values_note_ = "Values are worked out up to " + CountText(kMaxChannelMacs) +
                           " multiply-accumulates; these channels need " + CountText(macs) +
                           ". The counts below stand; fewer channels or a smaller input show "
                           "the values.";
            return;
        }
        // Channel 0 and the first filter's first slice are the ones the other panels show
        // (edited values included); the rest come from the presets.
        input_ = MakeInputChannels(state.input_preset, in_, state.seed, in_channels_);
        std::copy(state.input_values.begin(), state.input_values.end(), input_.begin());
        if (weighted_) {
            weights_ =
                MakeKernelSet(state.kernel_preset, k_, state.seed, out_channels_ * per_group);
            std::copy(state.kernel_values.begin(), state.kernel_values.end(), weights_.begin());
        }
        Tensor x;
        x.shape = {1, in_channels_};
        x.shape.insert(x.shape.end(), state.input.begin(), state.input.end());
        x.data = input_;
        Tensor w;
        const bool transposed = layer_.IsTransposed();
        if (weighted_) {
            // The core's layout: (C_out, C_in/G, k...), transposed (C_in, C_out/G, k...).
            const int64_t out_per_group = out_channels_ / groups_;
            w.shape = transposed ? std::vector<int64_t>{in_channels_, out_per_group}
                                 : std::vector<int64_t>{out_channels_, per_group};
            w.shape.insert(w.shape.end(), layer_.kernel.begin(), layer_.kernel.end());
            w.data.resize(weights_.size());
            for (int64_t o = 0; o < out_channels_; ++o) {
                for (int64_t j = 0; j < per_group; ++j) {
                    const int64_t in = InputsOf(o).first + j;
                    const int64_t slot =
                        transposed ? in * out_per_group + o % out_per_group : o * per_group + j;
                    std::copy_n(weights_.begin() + Offset((o * per_group + j) * kernel_cells_),
                                kernel_cells_, w.data.begin() + Offset(slot * kernel_cells_));
                }
            }
        }
        Tensor y = RunLayer(layer, LayerInputs{&x, weighted_ ? &w : nullptr, nullptr});
        output_ = std::move(y.data);
        has_values_ = true;
    } catch (const convscope::Error& e) {
        error_ = e.what();
        return;
    }
    input_range_ = RangeOf(input_);
    weight_range_ = RangeOf(weights_);
    output_range_ = RangeOf(output_);
}

float ChannelModel::Input(int64_t c, const Cell& cell, bool* padding) const {
    const int64_t i = PaddedIndex(cell, in_, layer_.padding_mode, padding);
    if (!has_values_ || i < 0) return 0.0f;
    return input_[static_cast<size_t>(c * in_cells_ + i)];
}

float ChannelModel::Weight(int64_t o, int64_t j, const Cell& k) const {
    if (!has_values_ || !weighted_) return 0.0f;
    const int64_t per_group = in_channels_ / groups_;
    return weights_[static_cast<size_t>((o * per_group + j) * kernel_cells_) + IndexIn(k_, k)];
}

float ChannelModel::Output(int64_t o, const Cell& cell) const {
    if (!has_values_) return 0.0f;
    return output_[static_cast<size_t>(o * out_cells_) + IndexIn(out_, cell)];
}

std::vector<std::string> ChannelModel::SumLines(const PlaygroundModel& model, int64_t o,
                                                const Cell& cell) const {
    std::vector<std::string> lines;
    if (!has_values_ || !weighted_ || o >= out_channels_) return lines;
    const std::vector<Tap> taps = model.TapsOf(cell);
    const ChannelRange inputs = InputsOf(o);
    std::string partials;
    constexpr int64_t kMaxLines = 8;  // channels written out; the rest are summed in one line
    float rest = 0.0f;
    for (int64_t j = 0; j < inputs.count; ++j) {
        const int64_t c = inputs.first + j;
        SumTerms sum;
        float partial = 0.0f;
        for (const Tap& t : taps) {
            const float w = Weight(o, j, t.kernel);
            const float x = Input(c, t.input, nullptr);
            partial += w * x;
            sum.AddWeighted(w, x);
        }
        if (j < kMaxLines) {
            lines.push_back("in " + std::to_string(c) + ": " + (sum.Count() ? sum.Text() : "0") +
                            " = " + FormatValue(partial));
            partials += (j ? " + " : "") + FormatValue(partial);
        } else {
            rest += partial;
        }
    }
    if (inputs.count > kMaxLines) {
        lines.push_back("in " + std::to_string(inputs.first + kMaxLines) + " to " +
                        std::to_string(inputs.first + inputs.count - 1) + ": " + FormatValue(rest));
        partials += " + " + FormatValue(rest);
    }
    lines.push_back("out " + std::to_string(o) + " = " +
                    (inputs.count > 1 ? partials + " = " : std::string()) +
                    FormatValue(Output(o, cell)));
    return lines;
}

std::vector<std::vector<float>> ChannelModel::InputTensor() const {
    std::vector<std::vector<float>> tensor;
    if (!has_values_) return tensor;
    for (int64_t c = 0; c < in_channels_; ++c)
        tensor.emplace_back(input_.begin() + Offset(c * in_cells_),
                            input_.begin() + Offset((c + 1) * in_cells_));
    return tensor;
}

std::vector<std::vector<std::vector<float>>> ChannelModel::WeightTensor() const {
    std::vector<std::vector<std::vector<float>>> tensor;
    if (!has_values_ || !weighted_) return tensor;
    const int64_t per_group = in_channels_ / groups_, out_per_group = out_channels_ / groups_;
    const bool transposed = layer_.IsTransposed();
    const int64_t first = transposed ? in_channels_ : out_channels_;
    const int64_t second = transposed ? out_per_group : per_group;
    tensor.assign(static_cast<size_t>(first),
                  std::vector<std::vector<float>>(static_cast<size_t>(second)));
    for (int64_t o = 0; o < out_channels_; ++o) {
        for (int64_t j = 0; j < per_group; ++j) {
            std::vector<float> slice(static_cast<size_t>(kernel_cells_));
            for (int64_t i = 0; i < kernel_cells_; ++i)
                slice[static_cast<size_t>(i)] = Weight(o, j, CellAt(k_, i));
            const int64_t in = InputsOf(o).first + j;
            auto& place =
                transposed ? tensor[static_cast<size_t>(in)][static_cast<size_t>(o % out_per_group)]
                           : tensor[static_cast<size_t>(o)][static_cast<size_t>(j)];
            place = std::move(slice);
        }
    }
    return tensor;
}

std::vector<std::vector<float>> ChannelModel::OutputTensor() const {
    std::vector<std::vector<float>> tensor;
    if (!has_values_) return tensor;
    for (int64_t o = 0; o < out_channels_; ++o)
        tensor.emplace_back(output_.begin() + Offset(o * out_cells_),
                            output_.begin() + Offset((o + 1) * out_cells_));
    return tensor;
}

}  // namespace convscope::app
