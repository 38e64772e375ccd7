// Receptive fields of a stack of layers (Araujo et al. 2019): per layer and dimension the
// output size, the receptive field of the central unit and the smallest and largest over all
// units, the jump between neighbouring units and the input ranges of the first and central
// units. Computed by following which input cells each output unit depends on, tap by tap, so
// transposed layers (fractional jumps, units that differ from one another) are exact too, and
// a stack gives the figures the graph analysis gives for the same chain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/layer/shape.h"

namespace convscope {

// An interval of cells [lo, hi] along one dimension; empty when lo > hi (a transposed
// layer's output cell that no input reaches, e.g. output_padding).
struct CellRange {
    int64_t lo = 0;
    int64_t hi = -1;
    bool Empty() const { return lo > hi; }
    int64_t Size() const { return Empty() ? 0 : hi - lo + 1; }
};

struct Fraction {
    int64_t numerator = 1;
    int64_t denominator = 1;
    double Value() const {
        return static_cast<double>(numerator) / static_cast<double>(denominator);
    }
};

// Per dimension; "span" is the number of input cells from the first to the last one a unit
// depends on. Before any transposed layer every unit of a layer has the same span; after
// one (an up-sampling), units differ: the first reaches into padding and is often the
// smallest, so `rf` is the central unit's and rf_min/rf_max bound all of them.
struct LayerField {
    Shape shape;
    LayerCost cost;
    std::vector<int64_t> rf;             // span of the central output unit, index (size - 1) / 2
    std::vector<int64_t> rf_min;         // smallest span over all output units (0: a unit no
                                         // input reaches, e.g. a transposed layer's output_padding)
    std::vector<int64_t> rf_max;         // largest span over all output units
    std::vector<Fraction> jump;          // input cells between neighbouring output units
    std::vector<CellRange> range;        // input range of the first output unit (lo < 0: padding)
    std::vector<CellRange> central;      // input range of the central output unit (`rf`'s)
    std::vector<bool> rf_exceeds_input;  // rf > the input's size
    std::vector<bool> centre_between_pixels;  // the first unit's centre is a half-pixel

    // Whether units of dimension d differ in span (rf_min != rf_max).
    bool RfVaries(size_t d) const { return rf_min[d] != rf_max[d]; }
};

// Following every unit after a transposed layer is bounded: units held for all traced
// layers and dimensions together, and kernel taps visited. Beyond them ComputeReceptiveFields
// and TraceUnit throw an Error naming the layer instead of running for minutes.
inline constexpr int64_t kMaxTracedUnits = int64_t{1} << 21;
inline constexpr int64_t kMaxTracedTaps = int64_t{1} << 26;

// Shapes and fields of every layer of a stack applied to `input`. Channels carry over:
// a layer without in_channels takes the previous layer's out_channels.
// Throws Error naming the layer (1-based) whose configuration fails, or that passes the
// limits above.
std::vector<LayerField> ComputeReceptiveFields(const std::vector<int64_t>& input,
                                               std::vector<Layer> layers);

// The input cells that output unit `unit` of layer `layer_index` depends on, one range per
// dimension: the hull of what the unit's taps read, layer by layer. Cells of intermediate
// layers' padding count as cells (so ranges may start below 0, as in Araujo et al.; a
// padding cell of a convolution's output continues the line of its neighbours), while a
// transposed layer reads only real input cells (a unit may depend on none: empty range).
std::vector<CellRange> TraceUnit(const std::vector<Layer>& layers, const std::vector<Shape>& shapes,
                                 size_t layer_index, const std::vector<int64_t>& unit);

// Notes for a layer whose units differ, in the graph analysis' words: "rf varies from unit to
// unit (min 3, max 5)" once when every dimension agrees, else one per dimension naming it
// ("... in width"). Empty when every unit has the same span.
std::vector<std::string> RfVariesNotes(const LayerField& field);

}  // namespace convscope
