// The explorer's derived model (see rf_model.h).
#include "app/explorer/rf_model.h"

#include <algorithm>

#include "core/layer/error.h"

namespace convscope::app {

void RfModel::Rebuild(const RfState& state) {
    ++generation_;
    error_.clear();
    dims_ = state.dims;
    input_ = state.input;
    layers_ = state.layers;
    fields_.clear();
    rows_.clear();
    erf_valid_ = false;
    erf_error_.clear();
    selected_layer_ = std::clamp(state.selected_layer, -1, static_cast<int>(layers_.size()) - 1);
    selected_unit_ = state.unit;
    try {
        fields_ = ComputeReceptiveFields(input_, layers_);
        Network network;
        network.input = input_;
        network.layers = layers_;
        rows_ = ComputeRfTable(network, fields_);
        const std::vector<int64_t> size = SizeOf(selected_layer_);
        for (int d = 0; d < dims_; ++d)
            selected_unit_[d] = std::clamp<int64_t>(selected_unit_[d], 0, size[d] - 1);
        if (selected_layer_ < 0) {
            selected_range_.clear();
            for (int d = 0; d < dims_; ++d)
                selected_range_.push_back(CellRange{selected_unit_[d], selected_unit_[d]});
        } else {
            std::vector<Shape> shapes;
            for (const LayerField& f : fields_) shapes.push_back(f.shape);
            selected_range_ =
                TraceUnit(layers_, shapes, static_cast<size_t>(selected_layer_), selected_unit_);
        }
    } catch (const convscope::Error& e) {
        error_ = e.what();
        fields_.clear();
        rows_.clear();
        selected_range_.clear();
    }
}

const ErfResult* RfModel::EffectiveField(bool random_weights, uint32_t seed) {
    if (!Ok() || selected_layer_ < 0) return nullptr;
    const bool same_options = erf_random_ == random_weights && erf_seed_ == seed;
    if (erf_valid_ && same_options) return &erf_;
    if (!erf_error_.empty() && same_options) return nullptr;  // refused: do not retry every frame
    erf_valid_ = false;
    erf_error_.clear();
    erf_random_ = random_weights;
    erf_seed_ = seed;
    ErfOptions options;
    options.weights = random_weights ? ErfWeights::Random : ErfWeights::Uniform;
    options.seed = seed;
    options.channels = random_weights ? 4 : 1;
    options.layer = selected_layer_;
    options.unit = selected_unit_;
    try {
        erf_ = ComputeEffectiveField(input_, layers_, options);
        erf_valid_ = true;
        return &erf_;
    } catch (const convscope::Error& e) {
        erf_error_ = e.what();
        return nullptr;
    }
}

std::vector<int64_t> RfModel::SizeOf(int index) const {
    if (index < 0 || index >= static_cast<int>(fields_.size())) return input_;
    return fields_[static_cast<size_t>(index)].shape.output;
}

}  // namespace convscope::app
