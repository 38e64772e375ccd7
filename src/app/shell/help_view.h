// The help view: what the two places are, what each panel shows, the keys and gestures,
// and what the colours mean (drawn with the grids' own key). Opened from Help -> Help, or with
// '?' when no text field is being edited; Esc or Close shuts it.
#pragma once

#include <nlohmann/json.hpp>

namespace convscope::app {

class HelpView {
public:
    void Open() { open_requested_ = true; }
    // Watches for '?', and draws the view while it is open. Called once a frame
    // inside the application's window.
    void Draw();
    // "help": whether the view is open and the headings it shows.
    nlohmann::json TestValues() const;

private:
    bool open_requested_ = false;
    bool open_ = false;
};

}  // namespace convscope::app
