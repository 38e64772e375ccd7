// The explorer's state and its link keys (see rf_state.h).
#include "app/explorer/rf_state.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "app/widgets/link_text.h"
#include "core/layer/arithmetic.h"
#include "core/network/network_presets.h"

namespace convscope::app {

std::vector<int64_t> RfInput(const RfState& s) {
    return std::vector<int64_t>(s.input + (3 - s.dims), s.input + 3);
}
std::vector<int64_t> RfUnit(const RfState& s) {
    return std::vector<int64_t>(s.unit + (3 - s.dims), s.unit + 3);
}

void SetRfInput(RfState& s, const std::vector<int64_t>& sizes) {
    for (size_t d = 0; d < sizes.size() && d < 3; ++d) s.input[3 - sizes.size() + d] = sizes[d];
}

void SetRfUnit(RfState& s, const std::vector<int64_t>& unit) {
    std::fill(s.unit, s.unit + 3, 0);
    for (size_t d = 0; d < unit.size() && d < 3; ++d) s.unit[3 - unit.size() + d] = unit[d];
}

namespace {

// Inputs beyond the explorer's limit for the current dimensionality are reduced.
void CapInput(RfState& s, std::vector<std::string>& notes) {
    const int64_t cap = MaxRfInput(s.dims);
    bool reduced = false;
    for (int d = 3 - s.dims; d < 3; ++d) {
        if (s.input[d] > cap) s.input[d] = cap, reduced = true;
    }
    if (reduced) {
        notes.push_back(std::to_string(s.dims) + "-D inputs are limited to " + std::to_string(cap) +
                        " per side here; larger sizes were reduced");
    }
}

}  // namespace

void ChangeRfDims(RfState& s, int dims, std::vector<std::string>& notes) {
    if (dims == s.dims || dims < 1 || dims > 3) return;
    for (Layer& l : s.layers) {
        const auto keep_last = [&](std::vector<int64_t>& v) {
            v = std::vector<int64_t>(static_cast<size_t>(dims), v.back());
        };
        keep_last(l.kernel);
        keep_last(l.stride);
        keep_last(l.dilation);
        keep_last(l.output_padding);
        const PadPair last = l.padding.empty() ? PadPair{} : l.padding.back();
        l.padding.assign(static_cast<size_t>(dims), last);
    }
    // Dimensions gained start at the size of the previous first dimension (a square or cube).
    for (int d = 3 - dims; d < 3 - s.dims; ++d) s.input[d] = s.input[3 - s.dims];
    std::fill(s.unit, s.unit + (3 - dims), 0);
    s.dims = dims;
    CapInput(s, notes);
}

void LoadPreset(const NetworkPreset& preset, RfState& s, bool with_input) {
    const Network& network = preset.network;
    s.dims = static_cast<int>(network.input.size());
    if (with_input) SetRfInput(s, network.input);
    s.layers = network.layers;
    s.preset = preset.key;
    s.selected_layer = static_cast<int>(s.layers.size()) - 1;
}

void ApplyRfQuery(const std::string& query, RfState& s, std::vector<std::string>& notes) {
    std::string stack, preset;
    bool has_stack = false, has_input = false, has_layer = false;
    for (const LinkPair& pair : SplitLink(query)) {
        const std::string& key = pair.key;
        const std::string& value = pair.value;
        size_t pos = 0;
        std::vector<int64_t> v;
        // "5", "5x7" or "3x5x7": how many values a per-dimension key gives.
        const int given = static_cast<int>(std::count(value.begin(), value.end(), 'x')) + 1;
        if (key == "rf_dims") {
            if (value == "1" || value == "2" || value == "3") {
                s.dims = value[0] - '0';
            } else {
                notes.push_back("ignored 'rf_dims=" + value.substr(0, 10) +
                                "': the explorer takes 1-D, 2-D or 3-D stacks");
            }
        } else if (key == "rf_in") {
            if (given <= 3 && ReadPerDimAt(value, pos, given, 1, kMaxRfInput1d, v) &&
                pos == value.size()) {
                has_input = true;
                if (given >= 2) s.dims = given;
                if (given == 1) v = std::vector<int64_t>(3, v.front());
                SetRfInput(s, v);
            } else {
                notes.push_back("ignored 'rf_in=" + value.substr(0, 20) +
                                "': input sizes are 1 to " + std::to_string(kMaxRfInput3d) +
                                " (3-D), " + std::to_string(kMaxRfInput2d) + " (2-D) or " +
                                std::to_string(kMaxRfInput1d) + " (1-D)");
            }
        } else if (key == "stack") {
            stack = value;
            has_stack = true;
        } else if (key == "rf_preset") {
            preset = value;
        } else if (key == "layer") {
            int64_t layer = 0;
            if (ReadNumberAt(value, pos, 0, static_cast<int64_t>(kMaxRfLayers), layer) &&
                pos == value.size()) {
                s.selected_layer = static_cast<int>(layer) - 1;
                has_layer = true;
            } else {
                notes.push_back("ignored 'layer=" + value.substr(0, 10) +
                                "': a layer number (0 for the input)");
            }
        } else if (key == "unit") {
            if (given <= 3 && ReadPerDimAt(value, pos, given, 0, kMaxRfInput1d * 4, v) &&
                pos == value.size()) {
                SetRfUnit(s, v);
            } else {
                notes.push_back("ignored 'unit=" + value.substr(0, 20) +
                                "': a unit is 'row x column' like 3x4 (3-D: 1x3x4)");
            }
        } else if (key == "panel" && value.rfind("rf", 0) == 0) {
            // Embed names: rf (the whole explorer), rf-picture, rf-table, rf-growth.
            if (value == "rf-table") s.panel = RfPanel::Table;
            if (value == "rf-growth") s.panel = RfPanel::Growth;
            if (value == "rf-unet") s.panel = RfPanel::UNet;
            if (value == "rf-picture" || value == "rf") s.panel = RfPanel::Picture;
        } else if (key == "rf_panel") {
            static const std::pair<const char*, RfPanel> panels[] = {{"picture", RfPanel::Picture},
                                                                     {"table", RfPanel::Table},
                                                                     {"growth", RfPanel::Growth},
                                                                     {"unet", RfPanel::UNet}};
            bool found = false;
            for (const auto& p : panels) {
                if (value == p.first) s.panel = p.second, found = true;
            }
            if (!found)
                notes.push_back("ignored 'rf_panel=" + value.substr(0, 12) +
                                "' (picture, table, growth, unet)");
        } else if (key == "erf") {
            if (value == "uniform" || value == "random" || value == "off") {
                s.random_weights = value == "random";
                s.show_effective = value != "off";
            } else {
                notes.push_back("ignored 'erf=" + value.substr(0, 12) + "' (uniform, random, off)");
            }
        } else if (key == "rf_seed") {
            int64_t seed = 0;
            if (ReadNumberAt(value, pos, 0, 999999, seed)) s.seed = static_cast<uint32_t>(seed);
        } else if (key == "log") {
            s.log_scale = value == "1";
        } else if (key == "rf_compare") {
            s.compare = value != "0";
        }
    }
    if (!preset.empty()) {
        const NetworkPreset* found = FindNetworkPreset(preset);
        if (!found) {
            notes.push_back("ignored 'rf_preset=" + preset.substr(0, 24) +
                            "': not a preset of the explorer");
        } else {
            const int selected = s.selected_layer;
            LoadPreset(*found, s, !has_input);
            if (has_layer) s.selected_layer = selected;
        }
    }
    if (has_stack) {
        s.layers = ParseStack(stack, s.dims, notes);
        s.preset.clear();
    }
    CapInput(s, notes);
    if (s.selected_layer >= static_cast<int>(s.layers.size()))
        s.selected_layer = static_cast<int>(s.layers.size()) - 1;
}

std::string RfQuery(const RfState& s) {
    const auto joined = [](const std::vector<int64_t>& v) {
        std::string text;
        for (size_t d = 0; d < v.size(); ++d) text += (d ? "x" : "") + std::to_string(v[d]);
        return text;
    };
    std::string q = "rf_in=" + joined(RfInput(s));
    if (s.dims != 2) q += "&rf_dims=" + std::to_string(s.dims);
    // A preset's name is shorter than its stack, and exact as long as it was not edited.
    if (!s.preset.empty()) {
        q += "&rf_preset=" + s.preset;
    } else if (!s.layers.empty()) {
        q += "&stack=" + StackText(s.layers);
    }
    if (s.selected_layer >= 0) q += "&layer=" + std::to_string(s.selected_layer + 1);
    const std::vector<int64_t> unit = RfUnit(s);
    if (std::any_of(unit.begin(), unit.end(), [](int64_t u) { return u != 0; }))
        q += "&unit=" + joined(unit);
    static const char* const panels[] = {"picture", "table", "growth", "unet"};
    if (s.panel != RfPanel::Picture)
        q += std::string("&rf_panel=") + panels[static_cast<int>(s.panel)];
    if (!s.show_effective) {
        q += "&erf=off";
    } else if (s.random_weights) {
        q += "&erf=random";
    }
    if (s.seed != 1) q += "&rf_seed=" + std::to_string(s.seed);
    if (s.log_scale) q += "&log=1";
    if (!s.compare) q += "&rf_compare=0";
    return q;
}

}  // namespace convscope::app
