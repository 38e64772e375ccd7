// The graph analysis' op handlers: one function per ONNX op (default domain, opsets 9 to 18)
// that sets its outputs' shapes, constant contents and fields from its inputs'.
#pragma once

#include <map>
#include <string>

#include "core/graph/graph_state.h"

namespace convscope::graph_detail {

// Fills run.out (already sized to the node's outputs). Throws Unsupported for a mode it
// does not follow, UnknownInput through NodeRun::In, Error for a node that is invalid.
using OpHandler = void (*)(NodeRun& run);
using OpTable = std::map<std::string, OpHandler>;

// Each family adds its ops to the table.
void AddWindowOps(OpTable& table);       // graph_window.cpp: Conv, ConvTranspose, pooling
void AddResizeOps(OpTable& table);       // graph_resize.cpp: Resize, Upsample, depth/space
void AddLayoutOps(OpTable& table);       // graph_layout.cpp: Pad, Slice, Concat, Reshape, ...
void AddElementwiseOps(OpTable& table);  // graph_elementwise.cpp: unary, n-ary, Gemm, reduce

// The handler of `op`, or null when the op is not followed.
OpHandler FindOpHandler(const std::string& op);

}  // namespace convscope::graph_detail
