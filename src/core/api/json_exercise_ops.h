// The JSON API's exercise requests (exercises, exercise), registered by json_api.cpp's
// dispatch table and documented in docs/api.md and docs/authoring.md.
#pragma once

#include <nlohmann/json.hpp>

namespace convscope::exercise_ops {

// {"op":"exercises"}: the chapter's cards (id, title, question, state, prompts).
nlohmann::json OpExercises(const nlohmann::json& request);

// {"op":"exercise","card":"qc-stride" or {...},"answers":["112"],"reveal":false}: checks the
// answers; with "reveal": true also the expected answers and the worked answer.
nlohmann::json OpExercise(const nlohmann::json& request);

}  // namespace convscope::exercise_ops
