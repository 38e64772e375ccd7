// The JSON API: the single entry point through which the CLI (`convscope eval`), the
// WebAssembly module (ConvScope.eval) and scripted pages reach the core. Requests and
// responses are documented in docs/api.md.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "core/api/json_answer.h"
#include "core/layer/layer_json.h"

namespace convscope {

// Answers one request given as JSON text. Never throws: malformed JSON, unknown fields and
// every refusal come back as {"error": "..."}.
std::string EvalRequest(const std::string& request_text);

// Answers one parsed request; throws Error for refusals.
nlohmann::json Evaluate(const nlohmann::json& request);

}  // namespace convscope
