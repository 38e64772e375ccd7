// The playground state, its layer and its key=value form (see playground_state.h).
#include "app/playground/playground_state.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "app/playground/presets.h"
#include "app/widgets/link_keys.h"
#include "core/layer/layer_link.h"
#include "core/layer/layer_text.h"

namespace convscope::app {

namespace {

template <typename Enum>
struct Named {
    const char* name;
    Enum value;
};
// Canonical names first (links are printed with them); then the embed aliases.
const Named<Panel> kPanels[] = {{"steps", Panel::Steps},
                                {"dilation", Panel::Dilation},
                                {"transposed", Panel::Transposed},
                                {"solver", Panel::Solver},
                                {"code", Panel::Code},
                                {"overlap", Panel::Overlap},
                                {"upsamplers", Panel::Upsamplers},
                                {"channels", Panel::Channels},
                                {"padding-modes", Panel::Steps},
                                {"playground", Panel::Steps},
                                {"padding", Panel::Solver}};
template <typename Enum, size_t N>
bool FindNamed(const Named<Enum> (&table)[N], const std::string& name, Enum& out) {
    for (const auto& entry : table) {
        if (name == entry.name) {
            out = entry.value;
            return true;
        }
    }
    return false;
}

template <typename Enum, size_t N>
const char* NameOf(const Named<Enum> (&table)[N], Enum value) {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "?";
}

bool IsPreset(const std::vector<PresetInfo>& presets, const std::string& key) {
    return std::any_of(presets.begin(), presets.end(),
                       [&](const PresetInfo& p) { return key == p.key; });
}

}  // namespace

const char* PanelName(Panel panel) { return NameOf(kPanels, panel); }

Layer PlaygroundState::DefaultPlaygroundLayer() {
    Layer layer = MakeLayer(LayerType::Conv, {3, 3});
    layer.in_channels = layer.out_channels = 1;
    return layer;
}

void PlaygroundState::ChangeDims(int dims) {
    layer = ChangeLayerDims(layer, dims);
    input = ResizeExtents(input, dims);
    if (!target.empty()) target = ResizeExtents(target, dims);
}

void PlaygroundState::RegenerateValues() {
    input_values = MakeInput(input_preset, VolumeOf(input), seed);
    kernel_values = MakeKernel(kernel_preset, VolumeOf(layer.kernel), seed);
}

namespace {

// The playground's limits, for the layer's keys of a link.
LayerLinkLimits PlaygroundLimits() {
    LayerLinkLimits limits;
    limits.max_input = kMaxPlaygroundInput;
    limits.max_kernel = kMaxPlaygroundKernel;
    limits.max_step = kMaxPlaygroundStep;
    limits.max_padding = kMaxPlaygroundPadding;
    limits.max_channels = kMaxPlaygroundChannels;
    return limits;
}

// What reading a link fills: the layer's keys go to the core's reader (core/layer/
// layer_link.h), which fits per-dimension values to the link's dimensions once every pair
// is read; the solver's target waits for the same. Values are regenerated when sizes or
// presets changed; otherwise values edited by hand stay.
struct PlaygroundReading {
    explicit PlaygroundReading(PlaygroundState& state)
        : s(state), layer(LayerLink{state.input, state.layer}, PlaygroundLimits()) {}
    PlaygroundState& s;
    LayerLinkReading layer;
    std::optional<Extents> target;
    bool sizes_changed = false;
};

using PlaygroundKey = LinkKey<PlaygroundState, PlaygroundReading>;

// The row of layer key kLayerLinkKeys[I].
template <size_t I>
bool ReadLayerKey(const std::string& value, PlaygroundReading& r, std::string&) {
    return r.layer.Read(kLayerLinkKeys[I], value) == LayerLinkReading::Result::Read;
}

// The first layer key's row writes every layer pair, in the core's order; the others are
// written by it.
void WriteLayerKeys(const PlaygroundState& s, LinkWriter& out) {
    for (const auto& [key, value] : LayerLinkPairs(LayerLink{s.input, s.layer}))
        out.Add(key, value);
}

template <size_t... I>
std::vector<PlaygroundKey> LayerKeys(std::index_sequence<I...>) {
    return {
        PlaygroundKey{kLayerLinkKeys[I], ReadLayerKey<I>, I == 0 ? WriteLayerKeys : nullptr}...};
}

bool ReadPreset(const std::vector<PresetInfo>& presets, const std::string& value,
                std::string& preset) {
    if (!IsPreset(presets, value)) return false;
    preset = value;
    return true;
}

// The playground's keys, in the order links write them: the layer's, then its own.
const std::vector<PlaygroundKey>& PlaygroundKeys() {
    static const std::vector<PlaygroundKey> keys = [] {
        std::vector<PlaygroundKey> rows = LayerKeys(std::make_index_sequence<kLayerLinkKeyCount>());
        const std::vector<PlaygroundKey> own = {
            {"input",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 r.sizes_changed = true;
                 return ReadPreset(InputPresets(), value, r.s.input_preset);
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.input_preset != PlaygroundState{}.input_preset)
                     out.Add("input", s.input_preset);
             }},
            {"kernel",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 r.sizes_changed = true;
                 return ReadPreset(KernelPresets(), value, r.s.kernel_preset);
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.kernel_preset != PlaygroundState{}.kernel_preset)
                     out.Add("kernel", s.kernel_preset);
             }},
            {"seed",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 int64_t number = 0;
                 r.sizes_changed = true;
                 if (!ReadNumber(value, 0, 999999, number)) return false;
                 r.s.seed = static_cast<uint32_t>(number);
                 return true;
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.seed != PlaygroundState{}.seed) out.Add("seed", std::to_string(s.seed));
             }},
            {"step",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 return ReadNumber(value, 0, 999999, r.s.step);
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.step != 0) out.Add("step", std::to_string(s.step));
             }},
            {"ch",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 return ReadNumber(value, 0, kMaxPlaygroundChannels - 1, r.s.out_channel);
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.out_channel != 0) out.Add("ch", std::to_string(s.out_channel));
             }},
            {"panel",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 // Explorer panels (rf, rf-growth, ...) are the explorer's to read.
                 return value.rfind("rf", 0) == 0 || FindNamed(kPanels, value, r.s.panel);
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (s.panel != PlaygroundState{}.panel) out.Add("panel", NameOf(kPanels, s.panel));
             }},
            {"T",
             [](const std::string& value, PlaygroundReading& r, std::string&) {
                 Extents target;  // "auto": the solver's default again (written as no T)
                 if (value != "auto" && !ReadExtents(value, 1, 4 * kMaxPlaygroundInput, target))
                     return false;
                 r.target = target;
                 return true;
             },
             [](const PlaygroundState& s, LinkWriter& out) {
                 if (!s.target.empty()) out.Add("T", PerDimText(s.target));
             }},
        };
        rows.insert(rows.end(), own.begin(), own.end());
        return rows;
    }();
    return keys;
}

// After every pair: the layer and input as the core's reader fitted them, the target in
// the same dimensions, 3-D sizes capped, values regenerated when sizes or presets changed.
void FinishReading(PlaygroundReading& r, std::vector<std::string>& notes) {
    PlaygroundState& s = r.s;
    const LayerLink link = r.layer.Finish();
    s.layer = link.layer;
    s.input = link.input;
    const int dims = s.Dims();
    if (r.target && r.target->empty()) {
        s.target.clear();
    } else if (r.target) {
        s.target = FitExtents(*r.target, s.target.empty() ? s.input : s.target, dims, true);
    } else if (!s.target.empty()) {
        s.target = ResizeExtents(s.target, dims);
    }
    bool sizes_changed = r.sizes_changed || r.layer.SizesChanged();
    if (dims == 3 && std::any_of(s.input.begin(), s.input.end(),
                                 [](int64_t v) { return v > kMaxPlaygroundInput3d; })) {
        notes.push_back(
            "3-D inputs are limited to " + std::to_string(kMaxPlaygroundInput3d) +
            " cells per dimension here (every depth slice is drawn); larger sizes were reduced");
        for (int64_t& v : s.input) v = std::min(v, kMaxPlaygroundInput3d);
        sizes_changed = true;
    }
    if (sizes_changed || s.input_values.empty()) s.RegenerateValues();
}

}  // namespace

void ReadPlaygroundLink(LinkReader& reader, PlaygroundState& state,
                        std::vector<std::string>& notes) {
    PlaygroundReading reading(state);
    reader.Read(PlaygroundKeys(), reading, notes);
    FinishReading(reading, notes);
}

void ApplyQuery(const std::string& query, PlaygroundState& s, std::vector<std::string>& notes) {
    LinkReader reader(query);
    PlaygroundReading reading(s);
    reader.Read(PlaygroundKeys(), reading, notes);
    const std::vector<std::string> unknown = reader.UnknownKeyNotes();
    notes.insert(notes.end(), unknown.begin(), unknown.end());
    FinishReading(reading, notes);
}

std::string ToQuery(const PlaygroundState& s) { return WriteLink(PlaygroundKeys(), s); }

}  // namespace convscope::app
