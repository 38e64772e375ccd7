// Everything the parameter playground shows follows from this state: the layer's
// parameters, the input and kernel values and the animation step. It reads and prints the
// short key=value form used by links, the command line and the test hook
// ("I=5&K=3&S=2&P=1&D=1&mode=reflect").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/widgets/layer_editor.h"
#include "app/widgets/link_keys.h"
#include "core/layer/layer.h"

namespace convscope::app {

// The panel shown under the formula: stepping through the computation, the dilation view,
// transposed convolution as an ordinary one, the padding solver, the framework code.
enum class Panel { Steps, Dilation, Transposed, Solver, Code, Overlap, Upsamplers, Channels };
// The panel's name in links ("steps", "dilation", ...).
const char* PanelName(Panel panel);

// The playground's layer as the core takes it, and what only the playground has: the input
// size, the values, the animation step, the panel.
struct PlaygroundState {
    Layer layer = DefaultPlaygroundLayer();  // conv 3x3, stride 1, no padding, 2-D
    Extents input = {5, 5};                  // one size per dimension of the layer
    std::string input_preset = "ramp";
    std::string kernel_preset = "corners";
    uint32_t seed = 1;
    std::vector<float> input_values;   // row-major over the input extents
    std::vector<float> kernel_values;  // row-major over the kernel extents
    int64_t step = 0;                  // the output cell being computed (row-major)
    int64_t out_channel = 0;           // and its output channel (the Channels panel)
    Panel panel = Panel::Steps;
    Extents target;  // the padding solver's wanted output; empty: the input size

    int Dims() const { return layer.Dims(); }
    // The layer, the input and the target in `dims` dimensions (ResizeExtents).
    void ChangeDims(int dims);
    // Regenerates input_values / kernel_values from the presets and sizes.
    void RegenerateValues();

    static Layer DefaultPlaygroundLayer();
};

// Limits of the playground's controls (the core takes far more; the grids would not).
// Inputs up to 256 cover the common image sizes (224, 100x20 ...); grids past ~30 cells
// switch to heat maps. 3-D inputs stay small: every depth slice is drawn.
inline constexpr int64_t kMaxPlaygroundInput = 256;
inline constexpr int64_t kMaxPlaygroundInput3d = 12;
inline constexpr int64_t kMaxPlaygroundKernel = 7;
inline constexpr int64_t kMaxPlaygroundStep = 8;  // stride, dilation
inline constexpr int64_t kMaxPlaygroundPadding = 64;
// Channel counts and groups: up to 8 channels each way are drawn, more are counted (a
// MobileNet block's 32 -> 64) and summarised.
inline constexpr int64_t kMaxPlaygroundChannels = 64;

// Reads the playground's keys of a link into `state` (the table is in playground_state.cpp);
// malformed values are skipped and described in `notes`. Keys of other components are left
// to them, and unknown keys to the application (LinkReader::UnknownKeyNotes).
void ReadPlaygroundLink(LinkReader& reader, PlaygroundState& state,
                        std::vector<std::string>& notes);

// A link of the playground alone: ReadPlaygroundLink, then every key it does not read noted
// as unknown, so a hand-typed link never fails.
void ApplyQuery(const std::string& query, PlaygroundState& state, std::vector<std::string>& notes);

// The state as "key=value&..." with only what differs from the defaults.
std::string ToQuery(const PlaygroundState& state);

}  // namespace convscope::app
