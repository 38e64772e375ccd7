// The receptive-field table of a network: one row per layer (the input first) with, per
// dimension, the output size, receptive field, jump, the first unit's input range, its
// effective padding and centre, and the share of the input the field covers; plus the
// layer's parameters and multiply-accumulates when channels are known. Exported as CSV
// (one line per layer and dimension) and as Markdown (one line per layer).
//
// Conventions, per dimension, for the first output unit (index 0) of a layer:
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
// Unit u of the layer has its centre at centre + u * jump in either convention.
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
    std::vector<int64_t> rf;
    std::vector<Fraction> jump;
    std::vector<CellRange> range;
    std::vector<int64_t> effective_padding;
    std::vector<double> centre_index;  // NaN when the range is empty
    std::vector<double> centre_pixel;  // NaN when the range is empty
    std::vector<double> coverage;      // fraction 0..1 per dimension
    double coverage_area = 0;          // product of the dimensions' coverage
    std::vector<bool> rf_exceeds_input;
    std::vector<bool> centre_between_pixels;
    LayerCost cost;  // known == false for the input row
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
//   centre_pixel,coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels
// one line per row and dimension (dim counts from 1); jumps after transposed layers are
// fractions ("1/2"); parameters and macs are empty when channels are unknown (pooling: 0).
std::string RfTableCsv(const std::vector<RfTableRow>& rows);

// A GitHub-flavoured Markdown table, one line per row: sizes joined with "×", other
// per-dimension values shown once when every dimension agrees, coverage as an area in %.
std::string RfTableMarkdown(const std::vector<RfTableRow>& rows);

}  // namespace convscope
