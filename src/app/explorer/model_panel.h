// The explorer's "Your model" panel: an ONNX model opened from the page (file picker, or a
// file dropped on the figure), the desktop program (a path, a dropped file, the command line)
// or a script; every node's shape and receptive field in a table that filters and exports as
// CSV and Markdown, and the selected node's field drawn on the model's input. The platform
// holds the model and analyses it on request; the panel asks again when the input size
// changes.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/graph/graph_analysis.h"

namespace convscope::app {

// Answers graph requests on the model the platform holds (the JSON API's graph op: the
// options in, the answer out, refusals as {"error": "..."}).
using ModelAnalyser = std::function<std::string(const std::string& request)>;

class ModelPanel {
public:
    // Whether the platform has a file picker (the page); else Open model asks for a path.
    void SetFilePicker(bool picker) { picker_ = picker; }
    // "Open model…" and what goes with it, for the stack editor beside the presets.
    void DrawOpenAction();
    // The Open model action as if pressed (Ctrl+O): the platform's picker, or the path field.
    void ShowOpenAction();
    // Whether Open model was asked for since the last call: "" for the platform's picker, or
    // the path typed in.
    std::optional<std::string> TakeOpenRequest();
    // A model the platform opened: analysed at once at the input shape the file declares.
    void Open(const std::string& name, ModelAnalyser analyse);
    bool HasModel() const { return static_cast<bool>(analyse_); }
    void Draw();
    // The test hook's values: model_name, model_error, model_input, model_nodes (count),
    // model_shown (rows after the filter), model_selected (its row), model_analyse_ms.
    nlohmann::json TestValues() const;
    // One line for the page's status line.
    std::string StatusText() const;

private:
    // Asks the platform for the analysis on `input_shape` (empty: the model's own), with the
    // selected node's effective field when it is shown.
    void Analyse(const std::vector<int64_t>& input_shape);
    void ApplyFilter();
    void SelectNode(int node);
    void DrawInputShape();
    void DrawTable();
    void DrawField();
    // The effective field's heat map over the input's rectangle, or why there is none.
    void DrawEffectiveField(ImVec2 input_min, ImVec2 input_max);

    bool picker_ = false;
    bool path_open_ = false;  // the path field (no picker)
    std::array<char, 1024> path_{};
    std::optional<std::string> request_;

    std::string name_;
    ModelAnalyser analyse_;
    bool analysed_ = false;
    GraphAnalysis analysis_;
    std::string error_;
    std::array<char, 64> shape_text_{};  // the input shape as edited, "1x3x224x224"
    double analyse_ms_ = 0.0;

    std::array<char, 128> filter_{};
    bool show_constants_ = false;                  // list nodes that do not depend on the input
    std::vector<size_t> shown_;                    // nodes that match the filter
    std::vector<std::vector<std::string>> cells_;  // their table cells, header first
    int selected_ = -1;                            // a node, or -1
    bool show_effective_ = false;                  // the effective field, not the theoretical one
    bool reanalyse_ = false;                       // the next Draw asks for the analysis again
    double copied_at_ = -10.0;
};

}  // namespace convscope::app
