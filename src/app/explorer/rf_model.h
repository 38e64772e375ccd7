// What the receptive-field explorer displays, derived from its state by the core whenever
// the state changes (never per frame): every layer's shape and field, and the input cells
// of the selected unit.
#pragma once

#include <string>
#include <vector>

#include "app/explorer/rf_state.h"
#include "core/network/effective_rf.h"
#include "core/network/receptive_field.h"
#include "core/network/rf_table.h"

namespace convscope::app {

class RfModel {
public:
    void Rebuild(const RfState& state);

    bool Ok() const { return error_.empty(); }
    const std::string& Error() const { return error_; }
    uint64_t Generation() const { return generation_; }
    int Dims() const { return dims_; }
    const std::vector<int64_t>& Input() const { return input_; }
    const std::vector<Layer>& Layers() const { return layers_; }
    // One entry per layer (none for the input).
    const std::vector<LayerField>& Fields() const { return fields_; }
    // The output size of layer `index` (-1: the input).
    std::vector<int64_t> SizeOf(int index) const;
    // The selected unit's input cells per dimension (the whole input's first cell when the
    // input itself is selected).
    const std::vector<CellRange>& SelectedRange() const { return selected_range_; }
    // The unit after clamping into its layer's output.
    const std::vector<int64_t>& SelectedUnit() const { return selected_unit_; }
    int SelectedLayer() const { return selected_layer_; }
    // The table's rows (the input first): effective padding, centres, coverage.
    const std::vector<RfTableRow>& TableRows() const { return rows_; }
    // The selected unit's effective receptive field, computed on first use after a change
    // (a ResNet-50 at 224 takes a few milliseconds); nullptr with `erf_error` set when the
    // core refuses (e.g. too much work) or when the input itself is selected.
    const ErfResult* EffectiveField(bool random_weights, uint32_t seed);
    const std::string& ErfError() const { return erf_error_; }

private:
    std::string error_;
    uint64_t generation_ = 0;
    int dims_ = 2;
    std::vector<int64_t> input_;
    std::vector<Layer> layers_;
    std::vector<LayerField> fields_;
    std::vector<CellRange> selected_range_;
    std::vector<int64_t> selected_unit_;
    int selected_layer_ = -1;
    std::vector<RfTableRow> rows_;
    ErfResult erf_;
    bool erf_valid_ = false;
    bool erf_random_ = false;
    uint32_t erf_seed_ = 0;
    std::string erf_error_;
};

}  // namespace convscope::app
