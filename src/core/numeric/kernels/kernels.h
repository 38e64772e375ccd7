// Declarations of the kernels listed in kernels.inc. Each takes a validated ConvProblem
// (numeric.h) and writes its output tensor.
#pragma once

#include "core/layer/shape.h"
#include "core/numeric/numeric.h"

namespace convscope::kernels {

using convscope::PaddedSource;

void RunConvReference(const ConvProblem& p);
void RunConvTransposeReference(const ConvProblem& p);
void RunPoolReference(const ConvProblem& p);  // max and average pooling
void RunConvDirectSimd(const ConvProblem& p);
void RunConvTransposeSubpixelSimd(const ConvProblem& p);
void RunPoolSimd(const ConvProblem& p);           // max and average pooling
void RunResampleReference(const ConvProblem& p);  // nearest and linear upsampling
void RunResampleTables(const ConvProblem& p);
void RunShuffleReference(const ConvProblem& p);  // pixel shuffle and unshuffle
void RunShuffleRows(const ConvProblem& p);

}  // namespace convscope::kernels
