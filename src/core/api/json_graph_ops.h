// The JSON API's model-graph request (graph), registered by json_api.cpp's dispatch table
// and documented in docs/api.md, and the JSON form of a graph analysis that the CLI's
// `convscope graph --json` prints too.
#pragma once

#include <nlohmann/json.hpp>

#include "core/graph/graph_analysis.h"

namespace convscope::graph_ops {

// {"op":"graph","model":"<base64 of an .onnx file>","input_shape":[1,3,224,224],
//  "symbols":{"batch":1}} -> GraphAnalysisJson of the model.
nlohmann::json OpGraph(const nlohmann::json& request);

// The options of a request or of the CLI's flags: "input_shape" and "symbols".
GraphOptions ReadGraphOptions(const nlohmann::json& request);

// {"input":{"name","shape"},"nodes":[...],"outputs":[...],"notes":[...]}; each node
// {"name","op","shape","whole_input","flags", and per spatial dimension (lists, first
// dimension first) "rf","rf_min","rf_max","jump","jump_exact","range","aligned"}.
nlohmann::json GraphAnalysisJson(const GraphAnalysis& analysis);

}  // namespace convscope::graph_ops
