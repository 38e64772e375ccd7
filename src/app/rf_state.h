// Everything the receptive-field explorer shows follows from this state: the input size,
// the layer stack and the selected unit. The stack has a short text form used in links
// ("stack=c3p1;c3p1;m2s2"): one token per layer, see ParseStack.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer.h"
#include "core/network_presets.h"

namespace convscope::app {

enum class RfPanel { Picture, Table, Growth, UNet };

struct RfState {
    int dims = 2;                        // 1 or 2 (3-D stacks through the JSON API and CLI)
    int64_t input[2] = {7, 7};           // height, width (1-D: width only)
    std::vector<Layer> layers;           // empty: the chapter's first, simplest state
    int selected_layer = -1;             // -1: the input; else the layer whose unit is selected
    int64_t unit[2] = {0, 0};            // the selected output unit of that layer
    std::string preset;                  // the preset the stack came from, "" once edited
    RfPanel panel = RfPanel::Picture;
    bool show_effective = true;          // the picture shows the effective field (heat map)
    bool random_weights = false;         // the effective field with seeded random weights
    uint32_t seed = 1;
    bool log_scale = false;              // the growth plot
};

// 1-D inputs reach audio lengths (WaveNet's 16000 samples); 2-D inputs stay at sizes whose
// grid can be drawn every frame.
inline constexpr int64_t kMaxRfInput1d = 65536;
inline constexpr int64_t kMaxRfInput2d = 1024;
inline int64_t MaxRfInput(int dims) { return dims == 1 ? kMaxRfInput1d : kMaxRfInput2d; }
inline constexpr size_t kMaxRfLayers = 256;

// One layer token: a type letter (c conv, t transposed conv, m max pool, a avg pool), the
// kernel ("3" or "3x1"), then options: s stride, d dilation, p padding ("p1", "p1x0",
// "p2:0" before:after, "ps" TensorFlow same, "pv" valid), o output_padding, c out channels,
// C ceil_mode. Examples: "c3p1", "m2s2", "t2s2", "c2d4p4:0" (causal), "c7s2p3c64".
// Returns false with `error` naming the token and what is wrong.
bool ParseLayerToken(const std::string& token, int dims, Layer& layer, std::string& error);
std::string LayerToken(const Layer& layer);

// A whole stack: tokens joined by ';'. Bad tokens are skipped and described in `notes`.
std::vector<Layer> ParseStack(const std::string& text, int dims, std::vector<std::string>& notes);
std::string StackText(const std::vector<Layer>& layers);

// A one-line description for lists: "conv 3×3, stride 2, pad 1".
std::string DescribeLayer(const Layer& layer);

// Loads a preset's stack (and its input size when `with_input`); 1-D and 2-D presets only.
void LoadPreset(const NetworkPreset& preset, RfState& state, bool with_input);

// Applies the explorer's keys of a link (rf_I, stack, rf_dims, unit, rf_layer, rf_panel,
// erf, seed_rf, log) to `state`; notes say what was ignored.
void ApplyRfQuery(const std::string& query, RfState& state, std::vector<std::string>& notes);
std::string RfQuery(const RfState& state);

}  // namespace convscope::app
