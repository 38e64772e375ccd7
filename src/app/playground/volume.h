// The playground draws every input, kernel and output as a volume of depth slices of rows:
// a 1-D layer is one row, a 2-D layer one slice. A Cell is a place in such a volume.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/layer/layer.h"
#include "core/layer/shape.h"

namespace convscope::app {

using Cell = std::array<int64_t, 3>;  // (depth, row, column)

// Where dimension `d` of a `dims`-D layer lies in its volume: a layer's last dimension is
// always the volume's columns.
inline size_t VolumeAxis(int d, int dims) { return static_cast<size_t>(3 - dims + d); }

// Extents of 1, 2 or 3 dimensions as a volume: the dimensions a layer lacks have size 1.
inline Cell VolumeOf(const Extents& extents) {
    Cell volume{1, 1, 1};
    const size_t first = volume.size() - std::min(extents.size(), volume.size());
    for (size_t d = first; d < volume.size(); ++d) volume[d] = extents[d - first];
    return volume;
}

// A cell of a layer's own dimensions (one index per dimension) as a place in its volume.
inline Cell CellOf(const Extents& index) {
    Cell cell{0, 0, 0};
    const size_t first = cell.size() - std::min(index.size(), cell.size());
    for (size_t d = first; d < cell.size(); ++d) cell[d] = index[d - first];
    return cell;
}

// The row-major index in a volume of `extent` that cell `c` reads under a padding mode, or
// -1 where the padding gives a zero; `outside` (when given) tells whether `c` lies outside.
inline int64_t PaddedIndex(const Cell& c, const Cell& extent, PaddingMode mode, bool* outside) {
    Cell source{0, 0, 0};
    bool out = false, zero = false;
    for (size_t d = 0; d < 3; ++d) {
        out |= c[d] < 0 || c[d] >= extent[d];
        source[d] = PaddedSource(c[d], extent[d], mode);
        zero |= source[d] < 0;
    }
    if (outside) *outside = out;
    return zero ? -1 : (source[0] * extent[1] + source[1]) * extent[2] + source[2];
}

}  // namespace convscope::app
