// The ConvScope application: the two places (parameter playground, receptive-field
// explorer) under one menu bar. Pure ImGui and core; the platform calls it each frame.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/explorer/rf_view.h"
#include "app/playground/playground_view.h"
#include "app/shell/exercise_panel.h"
#include "app/shell/help_view.h"

namespace convscope::app {

// Returned by views that need no frame until the next input.
inline constexpr double kOnlyOnInput = 1e30;

enum class Place { Playground, ReceptiveField };

class Application {
public:
    void Init();
    // What the page's status line says (read out once it settles): the latest of the place's
    // result (when it changes), an answer's check and "Link copied.".
    const std::string& StatusText() const { return status_; }
    // Loads the interface fonts rasterised for the device pixel ratio, so text is crisp:
    // the glyphs the interface draws, or all of them (typed text's and the code font's).
    void BuildFonts(float pixel_ratio, bool all_glyphs);
    // Builds one frame; returns the seconds until the next frame is needed without input
    // (0: animating continuously; a very large number: only on input).
    double Frame();
    void Shutdown() {}
    // The browser tests' hook: a JSON command ({"cmd":"set","query":"S=2&P=1"},
    // {"cmd":"get"}, {"cmd":"attach"}) answered with JSON. See tests/browser/README.md. The
    // UI probe records frames only once a test has attached (the page does so at start-up
    // when asked to), so a user's frames write nothing for it.
    std::string TestCommand(const std::string& command);
    // Applies a link's state ("view=rf", "theme=light", the playground's keys); returns
    // notes on what was ignored.
    std::vector<std::string> ApplyLink(const std::string& query);
    // The whole state as a link's key=value text: the place, the playground and the
    // explorer (so a link reproduces both), and the theme when it is not the default.
    std::string Link() const;
    // Whether the reader's system prefers a dark colour scheme (the page's
    // prefers-color-scheme), which theme=auto follows; embedded figures default to it.
    void SetSystemDark(bool dark);
    // What "Copy link" puts before '#': the page's address or the desktop program's name.
    void SetLinkBase(const std::string& base) { link_base_ = base; }
    // The file name the platform should save the frame it just drew to, once, or "".
    std::string TakeExportRequest();
    // Models (the explorer's Your model panel): whether the platform has a file picker, what
    // Open model asks of it ("" for the picker, or a path), and a model it opened, which the
    // explorer shows at once.
    void SetModelFilePicker(bool picker) { explorer_.SetModelFilePicker(picker); }
    std::optional<std::string> TakeModelRequest() { return explorer_.TakeModelRequest(); }
    // Ctrl+O on the desktop: the explorer's Your model panel, ready to open a model.
    void ShowOpenModel();
    void OpenModel(const std::string& name, ModelAnalyser analyse);

private:
    // Share -> Copy link: the page's address, or the desktop program's command line.
    void CopyLink();
    void UpdateStatus();  // at a frame's end
    void DrawMenuBar();
    void ApplyChosenTheme();
    void DrawAboutBox();
    // The get command's values from the models of what is on screen: the place, the theme,
    // the exercise card and the shown place's own (PlaygroundView/RfView::TestValues).
    nlohmann::json TestValues();
    // The keys of a link other than card= (a card's own state goes through here too).
    std::vector<std::string> ApplyState(const std::string& query);
    // The place a link names: the one requested, until its tab is shown, or else the one shown.
    Place LinkedPlace() const;

    Place place_ = Place::Playground;
    PlaygroundView playground_;
    RfView explorer_;
    ExercisePanel exercise_;
    HelpView help_;
    std::string pending_link_;  // a link the card or the menu asked for, applied next frame
    int requested_place_ = -1;  // a tab a link or the menu asked to select, or -1
    bool about_requested_ = false;
    std::string link_base_;
    // Embed mode (embed=1): no menu or place tabs; one widget when `embed_panel_` names one.
    bool embed_ = false;
    std::string embed_panel_;
    std::string embed_locks_;
    std::string theme_choice_;  // light, dark, auto, or "" (the default: see ApplyChosenTheme)
    bool system_dark_ = false;
    bool theme_applied_ = false;
    std::string caption_;  // a figure's caption (embed=1&caption=...)
    double link_copied_at_ = -10.0;
    // The status line (StatusText) and what it last saw of its sources.
    std::string status_, result_status_;
    int feedback_seen_ = 0;
    double link_copied_seen_ = -10.0;
    int export_countdown_ = 0;  // frames until the requested image is taken (menu closed)
};

}  // namespace convscope::app
