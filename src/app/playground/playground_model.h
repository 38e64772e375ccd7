// What the playground displays, derived from its state by the core whenever the state
// changes (never per frame): the resolved shape, the output values, the padded input as the
// padding mode fills it, and which cells each output reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/playground/playground_state.h"
#include "app/playground/volume.h"
#include "core/layer/shape.h"

namespace convscope::app {

struct ValueRange {
    float lo = 0.0f;
    float hi = 1.0f;
};
// The range of the finite values (0..1 when there are none), for a grid's colour scale.
ValueRange RangeOf(const std::vector<float>& values);

struct Tap {
    Cell input;   // input coordinates (outside 0..I-1: padding)
    Cell kernel;  // kernel index
};

class PlaygroundModel {
public:
    // Recomputes everything from `state`; on a refused configuration Ok() is false and
    // Error() holds the core's message.
    void Rebuild(const PlaygroundState& state);

    bool Ok() const { return error_.empty(); }
    // Counts rebuilds, so panels can cache what they derive from the model.
    uint64_t Generation() const { return generation_; }
    const std::string& Error() const { return error_; }
    const Layer& GetLayer() const { return layer_; }
    const Shape& GetShape() const { return shape_; }
    int Dims() const { return layer_.Dims(); }

    // The input size, one per dimension of the layer.
    const Extents& Input() const { return input_size_; }
    // 3-D extents with leading 1s.
    const Cell& InputExtent() const { return in_; }
    const Cell& OutputExtent() const { return out_; }
    const Cell& KernelExtent() const { return k_; }
    // The padded region shown around the input: first and last shown input coordinate.
    const Cell& ShownLo() const { return shown_lo_; }
    const Cell& ShownHi() const { return shown_hi_; }

    int64_t OutputCount() const { return out_[0] * out_[1] * out_[2]; }
    Cell OutputCellOfStep(int64_t step) const;
    float OutputValue(const Cell& o) const;
    float KernelValue(const Cell& k) const;
    // The value the layer reads at input coordinate `c`, following the padding mode;
    // `padding` tells whether `c` lies outside the input.
    float InputValue(const Cell& c, bool* padding) const;

    // Value ranges for the grids' colour scales, computed at Rebuild.
    ValueRange InputRange() const { return input_range_; }
    ValueRange KernelRange() const { return kernel_range_; }
    ValueRange OutputRange() const { return output_range_; }

    // Row-major values over the 3-D extents above.
    const std::vector<float>& InputValues() const { return input_; }
    const std::vector<float>& KernelValues() const { return kernel_; }
    const std::vector<float>& OutputValues() const { return output_; }

    std::vector<Tap> TapsOf(const Cell& output) const;
    std::vector<Cell> OutputsReading(const Cell& input) const;
    // "7 + 9 + 13 + 17 + 19 = 65", "max(1, 2, 6, 7) = 7", "(1 + 2 + 6 + 7) / 4 = 4",
    // upsampling "0.75·2 + 0.25·6 = 3".
    std::string SumText(const Cell& output) const;

private:
    Extents ResolvedPads(bool before) const;  // the shape's pads before (or after) each dim
    std::string ResampledSumText(const Cell& output) const;

    std::string error_;
    uint64_t generation_ = 0;
    Layer layer_;
    Extents input_size_;
    Shape shape_;
    Cell in_{1, 1, 1}, out_{1, 1, 1}, k_{1, 1, 1}, shown_lo_{0, 0, 0}, shown_hi_{0, 0, 0};
    std::vector<float> input_, kernel_, output_;
    ValueRange input_range_, kernel_range_, output_range_;
};

}  // namespace convscope::app
