// Exercise cards in links: card=<id> and card=<percent-encoded JSON> open the card and hand
// back its widget state, the link printed for an open card opens the same card again, and
// malformed or unknown cards leave a note instead of a card.
#include <catch2/catch.hpp>

#include "app/shell/exercise_panel.h"
#include "core/layer/link_text.h"

using namespace convscope;
using namespace convscope::app;

namespace {

std::string CardValue(const std::string& link) { return LinkValue(link, "card"); }

}  // namespace

TEST_CASE("a chapter card opens by its id and prints itself back", "[link][exercise]") {
    ExercisePanel panel;
    std::string state;
    std::vector<std::string> notes;
    REQUIRE(panel.Open(CardValue("#view=rf&card=qc-dilation&S=2"), state, notes));
    CHECK(notes.empty());
    CHECK(panel.IsOpen());
    CHECK(state == "view=playground&I=9&K=3&S=1&P=0&D=1&panel=dilation");
    CHECK(panel.Query() == "card=qc-dilation");
    REQUIRE(panel.Open("", state, notes));
    CHECK_FALSE(panel.IsOpen());
    CHECK(panel.Query().empty());
}

TEST_CASE("a card written as JSON survives the link both ways", "[link][exercise]") {
    const std::string json =
        R"({"id":"own","question":"K & S: 5 & 2 on 11 cells = ?","state":"I=11&K=5&S=2",)"
        R"("answers":[{"value":{"request":{"op":"shape","input":[11],"layer":{"kernel":5,"stride":2}},"pick":"/output"}}]})";
    const std::string link = "view=playground&card=" + PercentEncode(json) + "&theme=light";
    CHECK(link.find('{') == std::string::npos);
    ExercisePanel panel;
    std::string state;
    std::vector<std::string> notes;
    REQUIRE(panel.Open(CardValue(link), state, notes));
    CHECK(notes.empty());
    CHECK(state == "I=11&K=5&S=2");
    // Printed back, read again: the same card.
    ExercisePanel again;
    std::string state_again;
    REQUIRE(again.Open(CardValue(panel.Query()), state_again, notes));
    CHECK(state_again == state);
    CHECK(again.Query() == panel.Query());
    CHECK(LinkValue(link, "theme") == "light");  // the keys after the card are still read
}

TEST_CASE("malformed and unknown cards leave a note and the open card", "[link][exercise]") {
    ExercisePanel panel;
    std::string state;
    std::vector<std::string> notes;
    REQUIRE(panel.Open("qc-stride", state, notes));
    CHECK_FALSE(panel.Open(CardValue("card=%7Bnot json"), state, notes));
    CHECK_FALSE(panel.Open(CardValue("card=" + PercentEncode(R"({"id":"x"})")), state, notes));
    CHECK_FALSE(panel.Open("no-such-card", state, notes));
    REQUIRE(notes.size() == 3);
    CHECK(notes[0] == "ignored 'card=': the card is not valid JSON (see docs/authoring.md)");
    CHECK(notes[1] == "ignored 'card=': card 'x' needs \"question\" (text)");
    CHECK(notes[2].rfind(
              "ignored 'card=no-such-card': no such card (the chapter's cards: qc-stride, ", 0) ==
          0);
    CHECK(panel.Query() == "card=qc-stride");
}

TEST_CASE("percent escapes are decoded per value", "[link]") {
    CHECK(PercentDecode("a%26b%3Dc%") == "a&b=c%");
    CHECK(PercentDecode("%zz%4") == "%zz%4");
    CHECK(PercentEncode("k=3&s=2 ×") == "k%3D3%26s%3D2%20%C3%97");
    CHECK(PercentDecode(PercentEncode("{\"a\": [1, 2]} ü")) == "{\"a\": [1, 2]} ü");
    CHECK(LinkValue("stack=c3p1%3Bc3p1&x=1", "stack") == "c3p1;c3p1");
}
