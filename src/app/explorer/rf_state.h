// Everything the receptive-field explorer shows follows from this state: the input size,
// the layer stack and the selected unit. The stack has a short text form used in links
// ("stack=c3p1;c3p1;m2s2"): one token per layer, see core/layer/layer_text.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/widgets/link_keys.h"
#include "core/layer/layer.h"
#include "core/layer/layer_text.h"
#include "core/network/network_presets.h"

namespace convscope::app {

enum class RfPanel { Picture, Table, Growth, UNet, Model };
// The panel's name as an embedded widget ("rf-picture", "rf-table", ...).
std::string RfPanelEmbedName(RfPanel panel);

// The input and the selected unit have one entry per dimension of the stack, first
// dimension first (1-D: the length, 2-D: height and width).
// The explorer opens on the chapter's worked example: three 3x3 convolutions (padding 1) on
// its 7x7 input, the last layer's centre unit selected, its theoretical field (RF 7) shown.
// Links leave out what equals this first state.
inline constexpr const char* kFirstRfPreset = "chapter_3x3";
const std::vector<Layer>& FirstRfLayers();

struct RfState {
    int dims = 2;            // 1, 2 or 3 (3-D: the picture shows one depth slice)
    Extents input = {7, 7};  // the input size
    std::vector<Layer> layers = FirstRfLayers();
    int selected_layer = 2;               // -1: the input; else the layer whose unit is selected
    Extents unit = {3, 3};                // the selected output unit of that layer
    std::string preset = kFirstRfPreset;  // the preset the stack came from, "" once edited
    RfPanel panel = RfPanel::Picture;
    bool show_effective = false;  // the picture shows the effective field (heat map)
    bool random_weights = false;  // the effective field with seeded random weights
    uint32_t seed = 1;
    bool log_scale = false;  // the growth plot
    bool compare = true;     // the growth plot's reference curves (linear, dilated)
};

// Selects the first unit (every index 0).
void ClearRfUnit(RfState& state);

// 1-D inputs reach audio lengths (WaveNet's 16000 samples); 2-D inputs stay at sizes whose
// grid can be drawn every frame; 3-D inputs at 256 per side, where the table stays instant
// (the effective field takes up to kMaxErfInputCells, about a 160-cube, and says so beyond).
inline constexpr int64_t kMaxRfInput1d = 65536;
inline constexpr int64_t kMaxRfInput2d = 1024;
inline constexpr int64_t kMaxRfInput3d = 256;
inline int64_t MaxRfInput(int dims) {
    return dims == 1 ? kMaxRfInput1d : dims == 2 ? kMaxRfInput2d : kMaxRfInput3d;
}
inline constexpr size_t kMaxRfLayers = kMaxStackLayers;

// Converts the stack to `dims` dimensions: each layer keeps its last dimension's numbers in
// the dimensions it gains. The input keeps its sizes, a new depth takes the height, and
// sizes beyond MaxRfInput(dims) are reduced with a note.
void ChangeRfDims(RfState& state, int dims, std::vector<std::string>& notes);

// Loads a preset's stack (and its input size when `with_input`).
void LoadPreset(const NetworkPreset& preset, RfState& state, bool with_input);

// Reads the explorer's keys of a link (rf_in, rf_dims, stack, rf_preset, layer, unit,
// panel, rf_panel, erf, rf_seed, log, rf_compare; the table is in rf_state.cpp) into
// `state`; notes say what was refused. Unknown keys are the application's to report.
void ReadRfLink(LinkReader& reader, RfState& state, std::vector<std::string>& notes);
// A link of the explorer alone (keys it does not read are skipped without a note).
void ApplyRfQuery(const std::string& query, RfState& state, std::vector<std::string>& notes);
std::string RfQuery(const RfState& state);

}  // namespace convscope::app
