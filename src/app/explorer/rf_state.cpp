// The explorer's state and its link keys (see rf_state.h).
#include "app/explorer/rf_state.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "app/widgets/link_keys.h"
#include "core/layer/arithmetic.h"
#include "core/network/network_presets.h"

namespace convscope::app {

void ClearRfUnit(RfState& s) { s.unit.assign(static_cast<size_t>(s.dims), 0); }

const std::vector<Layer>& FirstRfLayers() {
    static const std::vector<Layer> layers = FirstChapterPreset().network.layers;
    return layers;
}

namespace {

// The input and the unit in `dims` dimensions: dimensions gained start at the size of the
// previous first dimension (a square or cube) and at unit index 0.
void SetRfDims(RfState& s, int dims) {
    s.dims = dims;
    s.input = ResizeExtents(s.input, dims);
    s.unit = FitExtents(s.unit, Extents(static_cast<size_t>(dims), 0), dims, false);
}

// Inputs beyond the explorer's limit for the current dimensionality are reduced.
void CapInput(RfState& s, std::vector<std::string>& notes) {
    const int64_t cap = MaxRfInput(s.dims);
    bool reduced = false;
    for (int64_t& size : s.input) {
        if (size > cap) size = cap, reduced = true;
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
    SetRfDims(s, dims);
    CapInput(s, notes);
}

void LoadPreset(const NetworkPreset& preset, RfState& s, bool with_input) {
    const Network& network = preset.network;
    SetRfDims(s, static_cast<int>(network.input.size()));
    if (with_input) s.input = network.input;
    s.layers = network.layers;
    s.preset = preset.key;
    s.selected_layer = static_cast<int>(s.layers.size()) - 1;
}

namespace {

// What reading a link fills: the state, and the stack and preset, which are read once every
// pair is (a stack in the dimensions the whole link gives, a preset's input unless rf_in).
struct RfReading {
    explicit RfReading(RfState& state) : s(state) {}
    RfState& s;
    std::string stack, preset;
    // rf_in and unit as given, fitted to the stack's dimensions when every pair is read.
    std::optional<Extents> input, unit;
    bool has_stack = false, has_layer = false;
};

using RfKey = LinkKey<RfState, RfReading>;

// The first state, made once: link writers compare with it on every drawn frame.
const RfState& FirstRfState() {
    static const RfState first;
    return first;
}

// Whether a link names the state's preset: a preset other than the first state's, whose
// layers the stack still is.
bool NamesPreset(const RfState& s) {
    if (s.preset.empty() || s.preset == kFirstRfPreset) return false;
    const NetworkPreset* preset = FindNetworkPreset(s.preset);
    return preset && StackText(preset->network.layers) == StackText(s.layers);
}

// "5", "5x7" or "3x5x7": how many values a per-dimension key gives.
int GivenValues(const std::string& value) {
    return static_cast<int>(std::count(value.begin(), value.end(), 'x')) + 1;
}

std::string Joined(const std::vector<int64_t>& v) {
    std::string text;
    for (size_t d = 0; d < v.size(); ++d) text += (d ? "x" : "") + std::to_string(v[d]);
    return text;
}

struct NamedPanel {
    const char* name;
    RfPanel panel;
};
const NamedPanel kRfPanels[] = {{"picture", RfPanel::Picture},
                                {"table", RfPanel::Table},
                                {"growth", RfPanel::Growth},
                                {"unet", RfPanel::UNet},
                                {"model", RfPanel::Model}};

// The explorer's keys, in the order links write them.
const std::vector<RfKey>& RfKeys() {
    static const std::vector<RfKey> keys = {
        {"rf_in",
         [](const std::string& value, RfReading& r, std::string& why) {
             const int given = GivenValues(value);
             size_t pos = 0;
             std::vector<int64_t> v;
             if (given > 3 || !ReadPerDimAt(value, pos, given, 1, kMaxRfInput1d, v) ||
                 pos != value.size()) {
                 why = "input sizes are 1 to " + std::to_string(kMaxRfInput3d) + " (3-D), " +
                       std::to_string(kMaxRfInput2d) + " (2-D) or " +
                       std::to_string(kMaxRfInput1d) + " (1-D)";
                 return false;
             }
             if (given >= 2) r.s.dims = given;
             r.input = v;
             return true;
         },
         [](const RfState& s, LinkWriter& out) { out.Add("rf_in", Joined(s.input)); }},
        {"rf_dims",
         [](const std::string& value, RfReading& r, std::string& why) {
             if (value != "1" && value != "2" && value != "3") {
                 why = "the explorer takes 1-D, 2-D or 3-D stacks";
                 return false;
             }
             r.s.dims = value[0] - '0';
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.dims != 2) out.Add("rf_dims", std::to_string(s.dims));
         }},
        // A preset's name is shorter than its stack, and exact as long as it was not edited.
        {"rf_preset",
         [](const std::string& value, RfReading& r, std::string&) {
             r.preset = value;
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (NamesPreset(s)) out.Add("rf_preset", s.preset);
         }},
        {"stack",
         [](const std::string& value, RfReading& r, std::string&) {
             r.stack = value;
             r.has_stack = true;
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             // Written unless the preset's key (or its absence: the first state) gives the
             // same layers; "stack=" (nothing) is an empty stack.
             const std::string stack = StackText(s.layers);
             const std::string implied = StackText(
                 NamesPreset(s) ? FindNetworkPreset(s.preset)->network.layers : FirstRfLayers());
             if (stack != implied) out.Add("stack", stack);
         }},
        {"layer",
         [](const std::string& value, RfReading& r, std::string& why) {
             int64_t layer = 0;
             if (!ReadNumber(value, 0, static_cast<int64_t>(kMaxRfLayers), layer)) {
                 why = "a layer number (0 for the input)";
                 return false;
             }
             r.s.selected_layer = static_cast<int>(layer) - 1;
             r.has_layer = true;
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.selected_layer != FirstRfState().selected_layer)
                 out.Add("layer", std::to_string(s.selected_layer + 1));
         }},
        {"unit",
         [](const std::string& value, RfReading& r, std::string& why) {
             const int given = GivenValues(value);
             size_t pos = 0;
             std::vector<int64_t> v;
             if (given > 3 || !ReadPerDimAt(value, pos, given, 0, kMaxRfInput1d * 4, v) ||
                 pos != value.size()) {
                 why = "a unit is 'row x column' like 3x4 (3-D: 1x3x4)";
                 return false;
             }
             r.unit = v;
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             // The first state's unit as SetRfDims fits it to the stack's dimensions.
             const Extents first = FitExtents(FirstRfState().unit, Extents(s.unit.size(), 0),
                                              static_cast<int>(s.unit.size()), false);
             if (s.unit != first) out.Add("unit", Joined(s.unit));
         }},
        // Embed names: rf (the whole explorer), rf-picture, rf-table, rf-growth, rf-unet,
        // rf-model.
        // Other panels are the playground's.
        {"panel",
         [](const std::string& value, RfReading& r, std::string&) {
             if (value == "rf-table") r.s.panel = RfPanel::Table;
             if (value == "rf-growth") r.s.panel = RfPanel::Growth;
             if (value == "rf-unet") r.s.panel = RfPanel::UNet;
             if (value == "rf-model") r.s.panel = RfPanel::Model;
             if (value == "rf-picture" || value == "rf") r.s.panel = RfPanel::Picture;
             return true;
         },
         nullptr},
        {"rf_panel",
         [](const std::string& value, RfReading& r, std::string& why) {
             for (const NamedPanel& p : kRfPanels) {
                 if (value == p.name) return r.s.panel = p.panel, true;
             }
             why = "a panel of the explorer: picture, table, growth, unet or model";
             return false;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.panel != RfPanel::Picture)
                 out.Add("rf_panel", kRfPanels[static_cast<int>(s.panel)].name);
         }},
        {"erf",
         [](const std::string& value, RfReading& r, std::string& why) {
             if (value != "uniform" && value != "random" && value != "off") {
                 why = "the effective field is uniform, random or off";
                 return false;
             }
             r.s.random_weights = value == "random";
             r.s.show_effective = value != "off";
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.show_effective) out.Add("erf", s.random_weights ? "random" : "uniform");
         }},
        {"rf_seed",
         [](const std::string& value, RfReading& r, std::string&) {
             size_t pos = 0;
             int64_t seed = 0;
             if (ReadNumberAt(value, pos, 0, 999999, seed)) r.s.seed = static_cast<uint32_t>(seed);
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.seed != 1) out.Add("rf_seed", std::to_string(s.seed));
         }},
        {"log",
         [](const std::string& value, RfReading& r, std::string&) {
             r.s.log_scale = value == "1";
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (s.log_scale) out.Add("log", "1");
         }},
        {"rf_compare",
         [](const std::string& value, RfReading& r, std::string&) {
             r.s.compare = value != "0";
             return true;
         },
         [](const RfState& s, LinkWriter& out) {
             if (!s.compare) out.Add("rf_compare", "0");
         }},
    };
    return keys;
}

void FinishReading(RfReading& r, std::vector<std::string>& notes) {
    RfState& s = r.s;
    SetRfDims(s, s.dims);
    if (r.input) s.input = FitExtents(*r.input, s.input, s.dims, true);
    if (!r.preset.empty()) {
        const NetworkPreset* found = FindNetworkPreset(r.preset);
        if (!found) {
            notes.push_back("ignored 'rf_preset=" + r.preset.substr(0, 24) +
                            "': not a preset of the explorer; the presets are " +
                            NetworkPresetKeyList());
        } else {
            const int selected = s.selected_layer;
            LoadPreset(*found, s, !r.input);
            if (r.has_layer) s.selected_layer = selected;
        }
    }
    if (r.has_stack) {
        s.layers = ParseStack(r.stack, s.dims, notes);
        s.preset.clear();
    }
    // A unit's one value is its last index ("unit=5" in 2-D is row 0, column 5).
    if (r.unit)
        s.unit = FitExtents(*r.unit, Extents(static_cast<size_t>(s.dims), 0), s.dims, false);
    CapInput(s, notes);
    if (s.selected_layer >= static_cast<int>(s.layers.size()))
        s.selected_layer = static_cast<int>(s.layers.size()) - 1;
}

}  // namespace

std::string RfPanelEmbedName(RfPanel panel) {
    return std::string("rf-") + kRfPanels[static_cast<int>(panel)].name;
}

void ReadRfLink(LinkReader& reader, RfState& state, std::vector<std::string>& notes) {
    RfReading reading{state};
    reader.Read(RfKeys(), reading, notes);
    FinishReading(reading, notes);
}

void ApplyRfQuery(const std::string& query, RfState& s, std::vector<std::string>& notes) {
    LinkReader reader(query);
    ReadRfLink(reader, s, notes);
}

std::string RfQuery(const RfState& s) { return WriteLink(RfKeys(), s); }

}  // namespace convscope::app
