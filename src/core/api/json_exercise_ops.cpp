// The JSON API's exercise requests (see json_exercise_ops.h).
#include "core/api/json_exercise_ops.h"

#include "core/api/json_api.h"
#include "core/exercise/exercise.h"
#include "core/layer/error.h"

namespace convscope::exercise_ops {

using json = nlohmann::json;

namespace {

json CardJson(const ExerciseCard& card) {
    json prompts = json::array();
    for (const ExerciseAnswer& a : card.answers) prompts.push_back(a.prompt);
    return {{"id", card.id},        {"title", card.title}, {"question", card.question},
            {"state", card.state},  {"prompts", prompts},  {"hint", card.hint},
            {"source", card.source}};
}

ExerciseCard ReadCard(const json& request) {
    if (!request.contains("card"))
        throw Error("the request needs \"card\": a chapter card's id or a card object");
    const json& card = request["card"];
    if (card.is_string()) {
        const ExerciseCard* found = FindChapterExercise(card.get<std::string>());
        if (!found)
            throw Error("no chapter card '" + card.get<std::string>().substr(0, 40) +
                        "' (the exercises op lists them)");
        return *found;
    }
    return ParseExerciseCard(card);
}

}  // namespace

json OpExercises(const json&) {
    json cards = json::array();
    for (const ExerciseCard& card : ChapterExercises()) cards.push_back(CardJson(card));
    return {{"cards", cards}};
}

json OpExercise(const json& request) {
    const ExerciseCard card = ReadCard(request);
    std::vector<json> expected;
    for (const ExerciseAnswer& a : card.answers) expected.push_back(ExpectedAnswer(a, Evaluate));
    json response = CardJson(card);
    if (request.contains("answers")) {
        const json& answers = request["answers"];
        if (!answers.is_array() || answers.size() != card.answers.size()) {
            throw Error("\"answers\" must be a list of " + std::to_string(card.answers.size()) +
                        " typed answer(s), one per box");
        }
        json results = json::array();
        for (size_t i = 0; i < answers.size(); ++i) {
            if (!answers[i].is_string())
                throw Error("answer " + std::to_string(i + 1) + " must be text, as typed");
            const AnswerCheck check = CheckAnswer(card.answers[i], expected[i],
                                                  answers[i].get<std::string>().substr(0, 200));
            results.push_back({{"correct", check.correct}, {"message", check.message}});
        }
        response["results"] = results;
    }
    if (request.value("reveal", false)) {
        json values = json::array();
        for (const json& e : expected) values.push_back({{"value", e}, {"text", FormatAnswer(e)}});
        response["expected"] = values;
        response["worked"] = WorkedAnswer(card, expected);
    }
    return response;
}

}  // namespace convscope::exercise_ops
