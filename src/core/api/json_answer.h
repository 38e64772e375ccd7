// A JSON request's text in, its answer's text out, never throwing: the shared envelope of
// EvalRequest (json_api.h) and of the model readers' graph requests (json_graph_ops.h).
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace convscope {

// Requests larger than this are refused before they are parsed.
inline constexpr std::size_t kMaxRequestBytes = 16u << 20;

// Parses `request_text` (at most kMaxRequestBytes, nested at most 16 levels) and returns
// `answer`'s result as text. Malformed JSON, an Error thrown by `answer` and running out of
// memory come back as {"error": "..."}, with the request's "id" when it had one.
std::string AnswerJsonText(const std::string& request_text,
                           const std::function<nlohmann::json(const nlohmann::json&)>& answer);

}  // namespace convscope
