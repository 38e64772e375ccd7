// Exercise cards: a question about a ConvScope state whose answer the core computes from a
// described quantity (a JSON API request and the field of its response to read), an answer
// box checked against it, a hint and a worked answer. The card format is documented in
// docs/authoring.md; the chapter's set ships as web/exercises/chapter.json.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace convscope {

// One answer box of a card.
struct ExerciseAnswer {
    std::string prompt;            // "Output size", shown before the box ("" for a single box)
    nlohmann::json value;          // the quantity: {"request": {...}, "pick": "/output"} or
                                   // {"minus"|"plus"|"times"|"over": [quantity, quantity, ...]}
    bool none_if_refused = false;  // a refused request means the answer is "none"
    double tolerance = 1e-9;       // relative, for answers that are not whole numbers
    nlohmann::json mistakes;       // {"224": "That is the input size ..."}: feedback for answers
};

struct ExerciseCard {
    std::string id;  // letters, digits, '-' and '_': the link's card=<id>
    std::string title;
    std::string question;
    std::string state;  // the link (key=value&...) that sets the widget up
    std::vector<ExerciseAnswer> answers;
    std::string hint;
    std::string worked;  // "{0}", "{1}", ... stand for the answers the core computes
    std::string source;  // where the question comes from, e.g. the chapter's section
};

inline constexpr size_t kMaxExerciseAnswers = 8;
inline constexpr size_t kMaxExerciseCards = 200;
inline constexpr size_t kMaxExerciseText = 4000;

// Reads one card; throws Error naming the field and what it expected. The answers are not
// computed here (see ExpectedAnswer).
ExerciseCard ParseExerciseCard(const nlohmann::json& j);

// A set: {"cards": [card, ...]} or a bare list. Card ids must be distinct.
std::vector<ExerciseCard> ParseExerciseSet(const nlohmann::json& j);

// The chapter's quick checks and conceptual exercises (web/exercises/chapter.json, built in).
const std::vector<ExerciseCard>& ChapterExercises();
const ExerciseCard* FindChapterExercise(const std::string& id);

// Answers one JSON API request (convscope::Evaluate). Cards sit below the API they query,
// so the caller hands the evaluator in rather than this library calling up into the API.
using RequestEvaluator = std::function<nlohmann::json(const nlohmann::json& request)>;

// The expected answer computed by the core through `evaluate`: a number, a list of numbers
// (one per spatial dimension) or the string "none". Throws Error when the card's quantity
// cannot be computed.
nlohmann::json ExpectedAnswer(const ExerciseAnswer& answer, const RequestEvaluator& evaluate);

// The expected answer as people write it: "112", "112 × 112", "0.72", "none".
std::string FormatAnswer(const nlohmann::json& expected);

struct AnswerCheck {
    bool correct = false;
    std::string message;  // "Right: 112 × 112." or what is wrong, never the answer itself
};

// Checks what a student typed ("112", "112x112", "(112, 112)", "18/25", "none") against the
// expected answer.
AnswerCheck CheckAnswer(const ExerciseAnswer& answer, const nlohmann::json& expected,
                        const std::string& typed);

// The worked answer with {0}, {1}, ... replaced by the formatted expected answers.
std::string WorkedAnswer(const ExerciseCard& card, const std::vector<nlohmann::json>& expected);

}  // namespace convscope
