// The parameter playground: controls for every parameter, the live formula, the padded
// input, kernel and output grids with the taps of the current step, stepping and playing,
// and hover in both directions (an output's taps, an input's outputs).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/playground/channels_panel.h"
#include "app/playground/code_panel.h"
#include "app/playground/overlap_panel.h"
#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "app/playground/transposed_panel.h"
#include "app/playground/upsamplers_panel.h"
#include "app/widgets/grid_view.h"

namespace convscope::app {

// The key of the step-through grids (the help view shows the same); padding only where
// the grids show some.
std::vector<KeyItem> StepsKey(bool padding);

class PlaygroundView {
public:
    PlaygroundView();
    // Draws the view into the current window; returns the seconds until it next needs a
    // frame without input (the next animation step), or a very large number.
    double Draw();
    // Applies a key=value query (links, the test hook); returns notes on what was ignored.
    // Reads the playground's keys of a link; returns the refusals.
    std::vector<std::string> Apply(LinkReader& link);
    // Shows notes on a link's other keys (those no component reads) with the playground's own.
    void AddNotes(const std::vector<std::string>& notes) {
        notes_.insert(notes_.end(), notes.begin(), notes.end());
    }
    std::string Query() const { return ToQuery(state_); }
    // The panel on screen, by its name in links.
    std::string PanelName() const { return app::PanelName(state_.panel); }
    // Embedding: one panel without the tab bar, and controls that stay fixed ("S", "P",
    // "D", "K", "I", "mode", "type", "dims", "values").
    void SetEmbed(bool single_panel, const std::vector<std::string>& locked);
    // The test hook's values for what the view shows (the state, the formula, the output, the
    // panel on screen), built from the model when the hook asks rather than every frame.
    nlohmann::json TestValues();
    // The result in one sentence for the page's status line (read out by screen readers once
    // it settles): the output size, or the refusal with its fix.
    std::string StatusText() const;

private:
    void Rebuild();
    void DrawControls();
    void DrawFormula();
    void DrawGrids();
    void DrawStepBar();
    void DrawWhatToTry();
    void DrawPanels(double* next_frame);
    void DrawPanel(Panel panel, bool& changed);
    bool Locked(const char* control) const;
    void DrawCellEditor();
    void OpenCellEditor(bool kernel, const Cell& cell);
    void ListValueTable(int64_t z) const;
    // Outputs up to this many rows and columns are listed as tables of values.
    static constexpr int64_t kMaxListedRows = 16;
    double Animate();
    void HandleKeys();

    PlaygroundState state_;
    PlaygroundModel model_;
    bool linked_dims_ = true;
    bool playing_ = false;
    float speed_ = 2.0f;  // steps per second
    double next_step_time_ = 0.0;
    std::vector<std::string> notes_;
    TransposedPanel transposed_panel_;
    OverlapPanel overlap_panel_;
    UpsamplersPanel upsamplers_panel_;
    ChannelsPanel channels_panel_;
    bool single_panel_ = false;
    std::vector<std::string> locked_;
    CodePanel code_panel_;
    bool panel_requested_ = true;  // select state_.panel's tab on the next frame
    // The cell being edited (click a cell of the input or the kernel).
    bool editor_requested_ = false;
    bool editor_close_requested_ = false;
    bool editing_kernel_ = false;
    Cell edited_cell_{0, 0, 0};
    float edited_value_ = 0.0f;
    // Hover results of the last frame (drawn this frame).
    bool hover_output_ = false, hover_input_ = false;
    Cell hovered_output_{0, 0, 0}, hovered_input_{0, 0, 0};
};

}  // namespace convscope::app
