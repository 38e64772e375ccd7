// The exercise card shown above a widget: the question, the widget set up by the card's
// state, one answer box per quantity checked by the core, a hint and the worked answer on
// request. Cards come from the chapter's built-in set (card=<id>) or from a link that
// carries a card as JSON (card=<percent-encoded JSON>), see docs/authoring.md.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/exercise/exercise.h"

namespace convscope::app {

class ExercisePanel {
public:
    // Opens the card a link's card= value names ("" closes). On success `state_link` is the
    // card's widget state; on failure the note says why and the open card stays.
    bool Open(const std::string& value, std::string& state_link, std::vector<std::string>& notes);
    void Close();
    bool IsOpen() const { return card_.has_value(); }
    // Draws the card; returns a link to apply when the user moved to another card or asked to
    // set the widget up again, else "".
    std::string Draw(bool embed);
    // "card=<id>" or "card=<encoded JSON>", or "" when no card is open.
    std::string Query() const;
    // The open card for the test hook: {"exercise": {id, results, hint_shown, worked_shown,
    // worked, broken}}, or nothing without a card.
    nlohmann::json TestValues() const;
    // The last answer check's message, and how many checks there have been: a new count is
    // a message to read out, even when its text is the same.
    const std::string& Feedback() const { return feedback_; }
    int FeedbackCount() const { return feedback_count_; }

private:
    std::string feedback_;
    int feedback_count_ = 0;
    std::optional<ExerciseCard> card_;
    std::string link_value_;  // what card= said, to print it back
    int chapter_index_ = -1;  // position in the chapter's set, or -1
    struct AnswerBox {
        nlohmann::json expected;  // computed by the core when the card opens
        std::string typed;
        std::optional<AnswerCheck> check;  // the verdict on `typed`, once checked
    };
    std::vector<AnswerBox> boxes_;
    std::string broken_;  // why the expected answers could not be computed
    std::string worked_;  // the worked answer with the core's values filled in
    bool show_hint_ = false;
    bool show_worked_ = false;
};

}  // namespace convscope::app
