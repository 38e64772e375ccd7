// Receptive fields of a stack of layers (Araujo et al. 2019): per layer and dimension the
// output size, the receptive field, the jump between neighbouring units and the input range
// of the first unit. Computed by tracing which input cells an output unit depends on, so
// transposed layers (fractional jumps) are exact too.
#pragma once

#include <cstdint>
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

struct LayerField {
    Shape shape;
    LayerCost cost;
    std::vector<int64_t> rf;       // input cells the first output unit depends on (span)
    std::vector<Fraction> jump;    // input cells between neighbouring output units
    std::vector<CellRange> range;  // input range of the first output unit (lo < 0: padding)
    std::vector<bool> rf_exceeds_input;
    std::vector<bool> centre_between_pixels;  // the first unit's centre is a half-pixel
};

// Shapes and fields of every layer of a stack applied to `input`. Channels carry over:
// a layer without in_channels takes the previous layer's out_channels.
// Throws Error naming the layer (1-based) whose configuration fails.
std::vector<LayerField> ComputeReceptiveFields(const std::vector<int64_t>& input,
                                               std::vector<Layer> layers);

// The input cells that output unit `unit` of layer `layer_index` depends on, one range per
// dimension. Cells of intermediate layers' padding count as cells (so ranges may start
// below 0, as in Araujo et al.), while a transposed layer reads only real input cells.
std::vector<CellRange> TraceUnit(const std::vector<Layer>& layers, const std::vector<Shape>& shapes,
                                 size_t layer_index, const std::vector<int64_t>& unit);

}  // namespace convscope
