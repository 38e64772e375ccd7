// Declarations of the kernels listed in kernels.inc. Each takes a validated ConvProblem
// (numeric.h) and writes its output tensor.
#pragma once

#include "core/numeric.h"

namespace convscope::kernels {

void RunConvReference(const ConvProblem& p);
void RunConvTransposeReference(const ConvProblem& p);
void RunPoolReference(const ConvProblem& p);  // max and average pooling
void RunConvDirectSimd(const ConvProblem& p);
void RunConvTransposeSubpixelSimd(const ConvProblem& p);
void RunPoolSimd(const ConvProblem& p);  // max and average pooling

// Where padded index j (in unpadded coordinates) of an axis of `size` cells reads from, or
// -1 for a zero: the padding modes' rule (reflect excludes the edge cell).
inline int64_t PaddedSource(int64_t j, int64_t size, PaddingMode mode) {
    if (j >= 0 && j < size) return j;
    switch (mode) {
        case PaddingMode::Zeros: return -1;
        case PaddingMode::Reflect: return j < 0 ? -j : 2 * (size - 1) - j;
        case PaddingMode::Replicate: return j < 0 ? 0 : size - 1;
        case PaddingMode::Circular: return ((j % size) + size) % size;
    }
    return -1;
}

}  // namespace convscope::kernels
