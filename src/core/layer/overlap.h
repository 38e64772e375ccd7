// The overlap map of an upsampling layer: how many kernel taps land on each output cell. A
// transposed convolution whose kernel the stride does not divide lands ceil(k/s) taps on
// some cells and floor(k/s) on others, a pattern of period s (k=3, s=2: 1-2-1-2 along each
// axis, 1-2-4 in 2-D), which is the checkerboard of Odena et al. (Distill, 2016). The map
// and its fixes (a kernel the stride divides, resize then convolve, convolve then pixel
// shuffle) all count taps with TapsOfOutput, the core's one description of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

struct OverlapAxis {
    std::vector<int64_t> counts;   // taps landing on each output cell (real input cells only)
    int64_t period = 1;            // the stride: the pattern's period inside the border
    std::vector<int64_t> pattern;  // one period of counts inside the border, from its first cell
    bool even = true;              // every cell inside the border gets as many taps
    int64_t border_before = 0;     // cells at each end that some taps miss (the border)
    int64_t border_after = 0;
};

struct OverlapMap {
    std::string name;               // "transposed conv 3, stride 2", "nearest x2 + conv 3", ...
    std::vector<int64_t> output;    // output sizes
    std::vector<OverlapAxis> axes;  // per dimension; a cell's count is the product
    // The counts a cell inside the border can get, ascending ({1, 2, 4} for k=3, s=2 in 2-D).
    std::vector<int64_t> inner_counts;
    bool Even() const { return inner_counts.size() <= 1; }
    int64_t Count(const std::vector<int64_t>& cell) const;
    // "1-2-1-2 along each axis, 1, 2 or 4 taps per cell in 2-D: uneven (a checkerboard)".
    std::string Summary() const;
};

// The map of a transposed convolution on `input`. Throws Error for other layer types.
OverlapMap TransposedOverlap(const Layer& layer, const std::vector<int64_t>& input);

// The remedies for the same input and output scale `stride`, each as its own map:
//   - the transposed convolution with the next kernel the stride divides (k=3, s=2: 4),
//     padded to keep its output size where the kernel grows by an even number;
//   - nearest upsampling by the stride, then a stride-1 convolution of kernel k, padded "same";
//   - a stride-1 convolution of kernel k, padded "same", then pixel shuffle by the stride
//     (the shuffle only moves cells, so every output cell has the convolution's k taps).
std::vector<OverlapMap> OverlapRemedies(const Layer& layer, const std::vector<int64_t>& input);

}  // namespace convscope
