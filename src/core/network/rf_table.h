// The receptive-field table of a network: one row per layer (the input first) with, per
// dimension, the output size, receptive field (the central unit's, and the smallest and
// largest over all units), jump, the first unit's input range, its effective padding and
// centre, and the share of the input the field covers; plus the layer's parameters and
// multiply-accumulates when channels are known. Exported as CSV (one line per layer and
// dimension) and as Markdown (one line per layer).
//
// Which unit each figure is for, per dimension:
//   rf                 the central unit (index (size - 1) / 2): its span of input cells
//   rf_min, rf_max     the smallest and largest span over all units of the layer's output;
//                      they differ after a transposed layer (up-sampling), where the first
//                      unit, reaching into padding, is often the smallest
//   central            [lo, hi] of the central unit
// and for the first output unit (index 0):
//   range              [lo, hi], the input cells it depends on (lo < 0: padding cells)
//   effective padding  -lo, Google's "effective padding": how far the field starts before
//                      input cell 0 (negative when it starts inside the input)
//   centre (index)     (lo + hi) / 2 with pixel k at coordinate k (Google's README formula
//                      centre = -padding + unit*jump + (rf-1)/2)
//   centre (+0.5)      (lo + hi) / 2 + 0.5 with pixel k spanning [k, k+1) (the convention of
//                      libraries that report an "offset" of 1.5 for a 3x3 stride-2 valid conv)
//   coverage           min(rf, input) / input, the share of the input a field of that size
//                      covers (the chapter widget's "RF coverage"; Markdown multiplies the
//                      dimensions into an area)
// Unit u of the layer has its centre at centre + u * jump in either convention (before any
// transposed layer; after one, centres still advance by `jump` on average).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/network/network.h"
#include "core/network/receptive_field.h"

namespace convscope {

struct RfTableRow {
    size_t index = 0;            // 0: the input; i: layer i (1-based)
    std::string name;            // the layer's name, "input" for row 0
    std::string summary;         // LayerSummary, "input" for row 0
    std::vector<int64_t> input;  // the network's input, for coverage
    std::vector<int64_t> output;
    std::vector<int64_t> rf;      // the central unit's
    std::vector<int64_t> rf_min;  // over all units
    std::vector<int64_t> rf_max;
    std::vector<Fraction> jump;
    std::vector<CellRange> range;    // the first unit's
    std::vector<CellRange> central;  // the central unit's
    std::vector<int64_t> effective_padding;
    std::vector<double> centre_index;         // NaN when the range is empty
    std::vector<double> centre_pixel;         // NaN when the range is empty
    std::vector<double> coverage;             // fraction 0..1 per dimension
    double coverage_area = 0;                 // product of the dimensions' coverage
    std::vector<bool> rf_exceeds_input;       // rf > input
    std::vector<bool> centre_between_pixels;  // the first unit's centre is a half pixel
    std::vector<std::string> flags;           // RfVariesNotes: where units differ
    LayerCost cost;                           // known == false for the input row
};

// Google's effective padding of a range: how many cells before input cell 0 it starts.
inline int64_t EffectivePadding(const CellRange& range) { return -range.lo; }

// The table of `network` (its input must be set). Throws Error naming the layer that fails.
std::vector<RfTableRow> ComputeRfTable(const Network& network);
// The same from fields already computed by ComputeReceptiveFields for this network.
std::vector<RfTableRow> ComputeRfTable(const Network& network,
                                       const std::vector<LayerField>& fields);

// CSV (RFC 4180, '\n' line ends), header:
//   layer,name,type,dim,output,rf,jump,range_lo,range_hi,effective_padding,centre_index,
//   centre_pixel,coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels,
//   rf_min,rf_max,central_lo,central_hi
// one line per row and dimension (dim counts from 1). rf, rf_exceeds_input and coverage_pct
// are the central unit's; range_*, effective_padding, centre_* and centre_between_pixels the
// first unit's; rf_min and rf_max span all units (they differ only after a transposed
// layer); central_* is the central unit's range. The last four columns came after the
// others so that scripts reading columns by position keep working. Jumps after transposed
// layers are fractions ("1/2"); a range no input reaches is empty; parameters and macs are
// empty when channels are unknown (pooling: 0).
std::string RfTableCsv(const std::vector<RfTableRow>& rows);

// A GitHub-flavoured Markdown table, one line per row: sizes joined with "×", other
// per-dimension values shown once when every dimension agrees, coverage as an area in %.
// RF is the central unit's; where units differ it is followed by their range,
// "196×196 (188–204)", and the flags say "RF varies by unit".
std::string RfTableMarkdown(const std::vector<RfTableRow>& rows);

}  // namespace convscope
