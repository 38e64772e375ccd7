// The JSON API's model-graph request (graph), registered by json_api.cpp's dispatch table
// and documented in docs/api.md, and the JSON form of a graph analysis that the CLI's
// `convscope graph --json` prints too.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/graph/graph_analysis.h"

namespace convscope::graph_ops {

// {"op":"graph","model":"<base64 of an .onnx file>","input_shape":[1,3,224,224],
//  "symbols":{"batch":1}, "effective_field":"<node name>"} -> GraphAnalysisJson of the model.
//  Programs built without model
// files (the page, whose model reader is a module of its own) refuse it with a pointer to
// that reader.
nlohmann::json OpGraph(const nlohmann::json& request);

// The same for a model already read (the desktop program and the page's model reader hold
// the graph and answer each new input size): the request's options in, the analysis out as
// JSON text, refusals as {"error": "..."}. Never throws.
std::string AnswerGraphRequest(const Graph& graph, const std::string& request_text);

// The options of a request or of the CLI's flags: "input_shape" and "symbols".
GraphOptions ReadGraphOptions(const nlohmann::json& request);

// {"input":{"name","shape"},"nodes":[...],"outputs":[...],"notes":[...]}; each node
// {"name","op","shape","whole_input","depends_on_input","flags", and per spatial dimension (lists,
// first dimension first) "rf","rf_min","rf_max","jump","jump_exact","range" (the first unit's),
// "central_range" (the central unit's, whose span is "rf") and "aligned"}; with
// "effective_field" in the request, {"node","shape","values" (row-major, largest 1, four
// decimals),"unavailable" (why not, values empty)}.
nlohmann::json GraphAnalysisJson(const GraphAnalysis& analysis);
// Reads that form back (the page's explorer gets its analyses as text from the model
// reader). Throws Error with the answer's own error, or naming what is missing.
GraphAnalysis GraphAnalysisFromJson(const nlohmann::json& answer);

}  // namespace convscope::graph_ops
