// Exercise cards: the chapter's set gives the chapter's numbers, typed answers are read the
// ways students write them, wrong answers are refused without giving the answer away, and
// malformed cards are refused with a message naming the field.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/api/json_api.h"
#include "core/exercise/exercise.h"
#include "core/layer/error.h"

using nlohmann::json;
using namespace convscope;

namespace {

json Ask(const json& request) { return json::parse(EvalRequest(request.dump())); }

ExerciseAnswer Answer(const json& value) {
    return ParseExerciseCard({{"id", "t"}, {"question", "q"}, {"answers", {{{"value", value}}}}})
        .answers[0];
}

json ShapeOutput(int input, int kernel, int stride, int padding) {
    json request = {{"op", "shape"}, {"input", {input, input}}};
    request["layer"] = {{"kernel", kernel}, {"stride", stride}, {"padding", padding}};
    return {{"request", request}, {"pick", "/output"}};
}

std::string ErrorOf(const json& card) {
    try {
        ParseExerciseCard(card);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the chapter's cards give the chapter's numbers", "[exercise]") {
    // Known answers from the chapter's text (its quick checks, hints and challenge); the
    // second exercise's k_eff is 2·(5−1)+1 = 9 (the chapter's hint says 5, which is K).
    const std::vector<std::pair<std::string, std::vector<std::string>>> known = {
        {"qc-stride", {"112 × 112"}},    {"qc-same-padding", {"2"}},
        {"qc-dilation", {"9"}},          {"qc-receptive-field", {"14"}},
        {"ex-output-size", {"56 × 56"}}, {"ex-dilated-same", {"56 × 56", "9"}},
        {"ex-stacked-3x3", {"5", "7"}},  {"ex-same-stride", {"5", "9"}},
        {"ch-wavenet", {"1024"}}};
    REQUIRE(ChapterExercises().size() == known.size());
    for (const auto& [id, answers] : known) {
        INFO(id);
        const ExerciseCard* card = FindChapterExercise(id);
        REQUIRE(card != nullptr);
        REQUIRE(card->answers.size() == answers.size());
        CHECK_FALSE(card->question.empty());
        CHECK_FALSE(card->hint.empty());
        CHECK_FALSE(card->state.empty());
        std::vector<json> expected;
        for (size_t i = 0; i < answers.size(); ++i) {
            expected.push_back(ExpectedAnswer(card->answers[i], Evaluate));
            CHECK(FormatAnswer(expected[i]) == answers[i]);
            // Right as written, wrong by one.
            CHECK(CheckAnswer(card->answers[i], expected[i], answers[i]).correct);
            const json off = expected[i].is_number() ? json(expected[i].get<double>() + 1)
                                                     : json(expected[i][0].get<double>() + 1);
            const AnswerCheck wrong = CheckAnswer(card->answers[i], expected[i], FormatAnswer(off));
            CHECK_FALSE(wrong.correct);
            CHECK(wrong.message.find(answers[i]) ==
                  std::string::npos);  // the answer is not given away
        }
        // Every {n} of the worked answer is filled in.
        const std::string worked = WorkedAnswer(*card, expected);
        CHECK(worked.find('{') == std::string::npos);
        CHECK(worked.find(answers.back()) != std::string::npos);
    }
}

TEST_CASE("typed answers are read the ways people write them", "[exercise]") {
    const ExerciseAnswer size = Answer(ShapeOutput(224, 3, 2, 1));
    const json expected = ExpectedAnswer(size, Evaluate);
    REQUIRE(expected == json({112, 112}));
    for (const char* right : {"112", "112x112", "112 × 112", "(112, 112)", " 112,112 ", "112.0"}) {
        INFO(right);
        CHECK(CheckAnswer(size, expected, right).correct);
    }
    for (const char* wrong : {"111", "112x111", "113 x 112", "224"}) {
        INFO(wrong);
        const AnswerCheck check = CheckAnswer(size, expected, wrong);
        CHECK_FALSE(check.correct);
        CHECK(check.message.rfind("Not ", 0) == 0);
    }
    CHECK(CheckAnswer(size, expected, "").message == "Type an answer first.");
    CHECK(CheckAnswer(size, expected, "big").message.find("Type a number") == 0);
    CHECK(CheckAnswer(size, expected, "1 2 3").message.find("one per dimension (2)") !=
          std::string::npos);
    CHECK(CheckAnswer(size, expected, "none").message.find("There is an answer") == 0);

    // A ratio: fractions, decimals and percentages.
    const ExerciseAnswer ratio =
        Answer({{"over", {ShapeOutput(18, 1, 1, 0), ShapeOutput(25, 1, 1, 0)}}});
    const json r = ExpectedAnswer(ratio, Evaluate);
    REQUIRE(r == json({0.72, 0.72}));
    for (const char* right : {"18/25", "0.72", "72%", ".72"})
        CHECK(CheckAnswer(ratio, r, right).correct);
    CHECK_FALSE(CheckAnswer(ratio, r, "0.7").correct);
    CHECK(CheckAnswer(ratio, r, "1/0").message.find("Type a number") == 0);
}

TEST_CASE("an answer of none comes from a refusal or an empty list", "[exercise]") {
    // Without padding a 3-wide kernel already makes 8 of 10: no padding gives 3.
    ExerciseAnswer answer =
        ParseExerciseCard(
            json::parse(R"({"id": "none", "question": "q", "answers": [{"none_if_refused": true,
        "value": {"request": {"op": "solve_padding", "input": [10], "target": [3], "layer": {"kernel": 3}}, "pick": "/solutions"}}]})"))
            .answers[0];
    const json expected = ExpectedAnswer(answer, Evaluate);
    CHECK(expected == "none");
    CHECK(CheckAnswer(answer, expected, "None").correct);
    CHECK(CheckAnswer(answer, expected, "impossible").correct);
    CHECK_FALSE(CheckAnswer(answer, expected, "3").correct);
    // The same request without none_if_refused is a broken card, said so.
    answer.none_if_refused = false;
    REQUIRE_THROWS_WITH(ExpectedAnswer(answer, Evaluate),
                        Catch::Contains("the card's request was refused") && Catch::Contains("8"));
}

TEST_CASE("mistakes get their own feedback", "[exercise]") {
    const ExerciseCard* card = FindChapterExercise("qc-stride");
    REQUIRE(card != nullptr);
    const json expected = ExpectedAnswer(card->answers[0], Evaluate);
    const AnswerCheck check = CheckAnswer(card->answers[0], expected, " 224 ");
    CHECK_FALSE(check.correct);
    CHECK(check.message.find("stride 2 moves the kernel two cells") != std::string::npos);
}

TEST_CASE("malformed cards are refused with the field named", "[exercise]") {
    const json good = {
        {"id", "ok"}, {"question", "q"}, {"answers", {{{"value", ShapeOutput(5, 3, 1, 0)}}}}};
    CHECK(ErrorOf(good).empty());
    json card = good;
    card.erase("question");
    CHECK(ErrorOf(card) == "card 'ok' needs \"question\" (text)");
    card = good;
    card["id"] = "two words";
    CHECK(ErrorOf(card).find("must be 1 to 64 letters") != std::string::npos);
    card = good;
    card["answers"] = json::array();
    CHECK(ErrorOf(card).find("needs \"answers\"") != std::string::npos);
    card = good;
    card["answers"][0]["value"]["pick"] = "output";
    CHECK(ErrorOf(card).find("needs \"pick\"") != std::string::npos);
    card = good;
    card["answers"][0]["value"]["request"]["op"] = "exercise";
    CHECK(ErrorOf(card).find("cannot itself be an exercise op") != std::string::npos);
    card = good;
    card["colour"] = "red";
    CHECK(ErrorOf(card) == "card 'ok': unknown field 'colour'");
    card = good;
    card["answers"][0]["value"] = {{"minus", {ShapeOutput(5, 3, 1, 0)}}};
    CHECK(ErrorOf(card).find("takes a list of 2 to 8 quantities") != std::string::npos);
    card = good;
    card["hint"] = std::string(5000, 'x');
    CHECK(ErrorOf(card).find("5000 characters") != std::string::npos);

    // Quantities that cannot be computed: a missing field, a bad index, a division by zero.
    CHECK_THROWS_WITH(
        ExpectedAnswer(
            Answer({{"request", {{"op", "shape"}, {"input", {5}}, {"layer", {{"kernel", 3}}}}},
                    {"pick", "/rf"}}),
            Evaluate),
        "pick '/rf': the response has no field 'rf'");
    CHECK_THROWS_WITH(
        ExpectedAnswer(
            Answer({{"request", {{"op", "shape"}, {"input", {5}}, {"layer", {{"kernel", 3}}}}},
                    {"pick", "/output/3"}}),
            Evaluate),
        "pick '/output/3': '3' is not an index of a list of 1");
    CHECK_THROWS_WITH(
        ExpectedAnswer(
            Answer({{"over",
                     {ShapeOutput(5, 1, 1, 0),
                      {{"minus", {ShapeOutput(5, 1, 1, 0), ShapeOutput(5, 1, 1, 0)}}}}}}),
            Evaluate),
        "the card's quantity divides by zero");
    CHECK_THROWS_WITH(ParseExerciseSet({{"cards", {good, good}}}), "two cards have the id 'ok'");
}

TEST_CASE("the exercise ops check answers and reveal on request", "[exercise][json]") {
    const json list = Ask({{"op", "exercises"}});
    REQUIRE(list["cards"].size() == 9);
    CHECK(list["cards"][0]["id"] == "qc-stride");
    CHECK_FALSE(list["cards"][0].contains("worked"));

    const json right =
        Ask({{"op", "exercise"}, {"card", "ex-stacked-3x3"}, {"answers", {"5x5", "7"}}});
    CHECK(right["results"][0]["correct"] == true);
    CHECK(right["results"][1]["correct"] == true);
    CHECK_FALSE(right.contains("expected"));
    const json wrong =
        Ask({{"op", "exercise"}, {"card", "ex-stacked-3x3"}, {"answers", {"3", "18"}}});
    CHECK(wrong["results"][0]["correct"] == false);
    CHECK(wrong["results"][1]["message"] ==
          "Not 18. 18 is what the two 3×3s use; the question asks how many fewer than one 5×5.");
    const json revealed =
        Ask({{"op", "exercise"}, {"card", "qc-receptive-field"}, {"reveal", true}});
    CHECK(revealed["expected"][0]["value"] == 14);
    CHECK(revealed["worked"].get<std::string>().find("= 14") != std::string::npos);

    // An author's own card, checked by the same op.
    const json own = Ask({{"op", "exercise"},
                          {"card",
                           {{"id", "mine"},
                            {"question", "Output of a 3-wide kernel on 10?"},
                            {"answers", {{{"value", ShapeOutput(10, 3, 1, 0)}}}}}},
                          {"answers", {"8"}}});
    CHECK(own["results"][0]["correct"] == true);
    CHECK(Ask({{"op", "exercise"}, {"card", "nope"}})["error"] ==
          "no chapter card 'nope' (the exercises op lists them)");
    CHECK(Ask({{"op", "exercise"}, {"card", "qc-stride"}, {"answers", {"1", "2"}}})["error"] ==
          "\"answers\" must be a list of 1 typed answer(s), one per box");
}
