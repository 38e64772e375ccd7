// The receptive-field explorer: a layer stack (built here, loaded from a preset or pasted),
// the headline numbers of the chapter's growth widget, the field of a selected unit drawn on
// the input, the per-layer table and the growth plot.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/explorer/model_panel.h"
#include "app/explorer/rf_growth_plot.h"
#include "app/explorer/rf_model.h"
#include "app/explorer/rf_picture.h"
#include "app/explorer/rf_state.h"
#include "app/explorer/unet_panel.h"

namespace convscope::app {

class RfView {
public:
    RfView();
    void Draw();
    // Reads the explorer's and the U-Net planner's keys of a link; returns the refusals.
    std::vector<std::string> Apply(LinkReader& link);
    std::string Query() const { return RfQuery(state_) + unet_panel_.Query(); }
    // The panel on screen as an embedded widget's name ("rf-picture").
    std::string PanelName() const { return RfPanelEmbedName(state_.panel); }
    // Embedding: one panel without the stack editor and tab bar.
    void SetEmbed(bool single_panel) { single_panel_ = single_panel; }
    // The test hook's values for what the explorer shows (its state, the headline, the stack
    // editor's checks, the panel on screen), built from the model when the hook asks.
    nlohmann::json TestValues();
    // The headline in one sentence for the page's status line, or the refusal.
    std::string StatusText() const;
    // Models (model_panel.h): whether the platform has a file picker, what Open model asks
    // of it, and a model it opened (shown at once in the Your model panel).
    void SetModelFilePicker(bool picker) { model_panel_.SetFilePicker(picker); }
    std::optional<std::string> TakeModelRequest() { return model_panel_.TakeOpenRequest(); }
    // Ctrl+O: the Your model panel with its Open model action shown.
    void ShowOpenModel() {
        state_.panel = RfPanel::Model;
        panel_requested_ = true;
        model_panel_.ShowOpenAction();
    }
    void OpenModel(const std::string& name, ModelAnalyser analyse);

private:
    // The state changed: the model is rebuilt when next asked for (a page that shows the
    // playground never builds it).
    void Rebuild() { model_stale_ = true; }
    const RfModel& Model() const;
    // For the views that keep their own caches in the model.
    RfModel& MutableModel() {
        Model();
        return model_;
    }
    void DrawStackEditor();
    void DrawHeadline();
    void DrawPanel(RfPanel panel);
    void DrawTable();
    void DrawPublishedCheck(const NetworkPreset& preset);
    void DrawPasteBox();
    void ReadPastedText(const std::string& text);

    RfState state_;
    mutable RfModel model_;
    mutable bool model_stale_ = true;
    std::vector<std::string> notes_;
    bool panel_requested_ = true;
    bool linked_dims_ = true;
    bool single_panel_ = false;
    double copied_at_ = -10.0;
    mutable double rebuild_ms_ = 0.0;  // the last model build: fields and table
    std::vector<char> paste_buffer_;
    RfPicture picture_;
    RfGrowthPlot growth_;
    UNetPanel unet_panel_;
    ModelPanel model_panel_;
    std::vector<std::string> paste_report_;
};

}  // namespace convscope::app
