// The exercise card (see exercise_panel.h). Every expected answer and every verdict comes
// from the core (ExpectedAnswer, CheckAnswer); this file only lays the card out.
#include "app/shell/exercise_panel.h"

#include <imgui.h>

#include "app/widgets/control_list.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/api/json_api.h"
#include "core/layer/error.h"
#include "core/layer/link_text.h"

namespace convscope::app {

bool ExercisePanel::Open(const std::string& value, std::string& state_link,
                         std::vector<std::string>& notes) {
    if (value.empty()) {
        Close();
        return true;
    }
    const std::string& text = value;  // already decoded by the link reader
    ExerciseCard card;
    int index = -1;
    if (!text.empty() && text[0] == '{') {
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded()) {
            notes.push_back("ignored 'card=': the card is not valid JSON (see docs/authoring.md)");
            return false;
        }
        try {
            card = ParseExerciseCard(j);
        } catch (const Error& e) {
            notes.push_back(std::string("ignored 'card=': ") + e.what());
            return false;
        }
    } else {
        const auto& chapter = ChapterExercises();
        for (size_t i = 0; i < chapter.size(); ++i) {
            if (chapter[i].id == text) index = static_cast<int>(i);
        }
        if (index < 0) {
            std::string ids;
            for (const ExerciseCard& c : chapter) ids += (ids.empty() ? "" : ", ") + c.id;
            notes.push_back("ignored 'card=" + text.substr(0, 40) +
                            "': no such card (the chapter's cards: " + ids + ")");
            return false;
        }
        card = chapter[static_cast<size_t>(index)];
    }
    boxes_.assign(card.answers.size(), AnswerBox{});
    broken_.clear();
    worked_.clear();
    try {
        std::vector<nlohmann::json> expected;
        for (const ExerciseAnswer& answer : card.answers)
            expected.push_back(ExpectedAnswer(answer, Evaluate));
        for (size_t i = 0; i < expected.size(); ++i) boxes_[i].expected = expected[i];
        worked_ = WorkedAnswer(card, expected);
    } catch (const Error& e) {
        broken_ = e.what();
        notes.push_back("card '" + card.id + "' cannot be checked: " + broken_);
    }
    chapter_index_ = index;
    link_value_ = index >= 0 ? card.id : PercentEncode(text);
    state_link = card.state;
    show_hint_ = show_worked_ = false;
    card_ = std::move(card);
    return true;
}

void ExercisePanel::Close() {
    card_.reset();
    boxes_.clear();
    link_value_.clear();
    chapter_index_ = -1;
}

std::string ExercisePanel::Query() const { return card_ ? "card=" + link_value_ : ""; }

std::string ExercisePanel::Draw(bool embed) {
    if (!card_) return "";
    const ExerciseCard& card = *card_;
    const Theme& theme = CurrentTheme();
    std::string link;
    ImGui::PushID("exercise");
    const auto& chapter = ChapterExercises();
    ImGui::TextDisabled("Exercise%s", card.source.empty() ? "" : (" · " + card.source).c_str());
    if (chapter_index_ >= 0) {
        ImGui::SameLine();
        ImGui::BeginDisabled(chapter_index_ == 0);
        if (InlineButton("<")) link = "card=" + chapter[static_cast<size_t>(chapter_index_ - 1)].id;
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::Text("%d of %d", chapter_index_ + 1, static_cast<int>(chapter.size()));
        ImGui::SameLine();
        ImGui::BeginDisabled(chapter_index_ + 1 >= static_cast<int>(chapter.size()));
        if (InlineButton(">")) link = "card=" + chapter[static_cast<size_t>(chapter_index_ + 1)].id;
        ImGui::EndDisabled();
    }
    if (!embed) {
        ImGui::SameLine();
        if (InlineButton("close")) link = "card=";
    }
    if (card.title.empty())
        ControlList::Get().AddText(ControlRole::Heading, "Exercise");
    else
        ListedHeading(card.title);
    ListedTextWrapped(card.question);
    if (!broken_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped("This card cannot be checked: " + broken_);
        ImGui::PopStyleColor();
    }
    for (size_t i = 0; i < card.answers.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const ExerciseAnswer& answer = card.answers[i];
        AnswerBox& box = boxes_[i];
        if (!answer.prompt.empty()) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(answer.prompt.c_str());
            ImGui::SameLine();
        }
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%s", box.typed.c_str());
        ImGui::SetNextItemWidth(140.0f);
        bool entered = false;
        TextFieldOptions field;
        const std::string name =
            answer.prompt.empty() ? "answer " + std::to_string(i + 1) : answer.prompt;
        field.name = name.c_str();
        ListedInputText("##answer", buffer, sizeof buffer, &entered, field);
        ProbeLastItem("exercise_answer_", i);
        if (box.typed != buffer) {
            box.typed = buffer;
            box.check.reset();
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(!broken_.empty());
        const bool check = ImGui::Button("Check");
        ProbeLastItem("exercise_check_", i);
        ImGui::EndDisabled();
        if ((check || entered) && broken_.empty()) {
            box.check = CheckAnswer(answer, box.expected, box.typed);
            // Read out as the status line (the same message twice is said twice).
            feedback_ = box.check->message;
            ++feedback_count_;
        }
        if (box.check) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text,
                                  box.check->correct ? theme.good_text : theme.error_text);
            ListedTextWrapped(box.check->message);
            ImGui::PopStyleColor();
        }
        ImGui::PopID();
    }
    if (!card.hint.empty() && ImGui::Button(show_hint_ ? "Hide hint" : "Hint"))
        show_hint_ = !show_hint_;
    ProbeLastItem("exercise_hint");
    ImGui::SameLine();
    ImGui::BeginDisabled(!broken_.empty() || card.worked.empty());
    if (ImGui::Button(show_worked_ ? "Hide worked answer" : "Worked answer"))
        show_worked_ = !show_worked_;
    ProbeLastItem("exercise_worked");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Set the widget up again")) link = card.state;
    if (show_hint_) TextWrappedDisabled("Hint: %s", card.hint.c_str());
    if (show_worked_ && broken_.empty()) ListedTextWrapped(worked_);
    ImGui::Separator();
    ImGui::PopID();
    return link;
}

nlohmann::json ExercisePanel::TestValues() const {
    nlohmann::json values = nlohmann::json::object();
    if (!card_) return values;
    nlohmann::json results = nlohmann::json::array();
    for (const AnswerBox& box : boxes_) {
        results.push_back({{"typed", box.typed},
                           {"checked", box.check.has_value()},
                           {"correct", box.check && box.check->correct},
                           {"message", box.check ? box.check->message : ""}});
    }
    values["exercise"] = {{"id", card_->id},
                          {"results", results},
                          {"hint_shown", show_hint_},
                          {"worked_shown", show_worked_ && broken_.empty()},
                          {"worked", show_worked_ ? worked_ : ""},
                          {"broken", broken_}};
    return values;
}

}  // namespace convscope::app
