// The explorer's picture: the selected unit's field drawn on the input (theoretical, or the
// effective field as a heat map) beside the selected layer's output, where a click selects
// a unit. A 3-D stack is drawn one depth slice at a time; its numbers are in the table.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/explorer/rf_model.h"
#include "app/explorer/rf_state.h"
#include "app/widgets/grid_view.h"

namespace convscope::app {

// The key of the field picture: the theoretical field's fills, or (effective) its outline;
// the help view shows the same.
std::vector<KeyItem> FieldKey(bool effective);

class RfPicture {
public:
    // `rebuild` is called after a change of the state that the model must follow (a unit
    // or layer selected here).
    void Draw(RfState& state, RfModel& model, const std::function<void()>& rebuild);
    // What the picture shows, for the test hook: rf_range and rf_unit, rf_slice (3-D), and
    // erf and erf_ms while the effective field is shown.
    nlohmann::json TestValues(const RfState& state, RfModel& model) const;

private:
    double erf_ms_ = 0.0;            // the last computation of the effective field
    int64_t input_slice_ = 0;        // 3-D: the input's depth slice on screen
    uint64_t slice_generation_ = 0;  // the model the slice was centred for
};

}  // namespace convscope::app
