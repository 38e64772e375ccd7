// The playground state, its layer and its key=value form (see playground_state.h).
#include "app/playground/playground_state.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "app/playground/presets.h"
#include "app/widgets/link_keys.h"
#include "core/layer/layer_text.h"

namespace convscope::app {

namespace {

bool ParseInt(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
    if (text.empty() || text.size() > 6) return false;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || v < lo || v > hi) return false;
    out = v;
    return true;
}

// "5" (every dimension) or "5x7" / "5x7x3" (one per dimension, naming the last dimensions).
bool ParsePerDim(const std::string& text, int64_t lo, int64_t hi, Extents& out) {
    const std::vector<std::string> parts = SplitText(text, 'x');
    if (parts.empty() || parts.size() > 3) return false;
    Extents values(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!ParseInt(parts[i], lo, hi, values[i])) return false;
    }
    out = values;
    return true;
}

template <typename Enum>
struct Named {
    const char* name;
    Enum value;
};
// Canonical names first (links are printed with them); then the embed aliases.
const Named<Panel> kPanels[] = {
    {"steps", Panel::Steps},      {"dilation", Panel::Dilation}, {"transposed", Panel::Transposed},
    {"solver", Panel::Solver},    {"code", Panel::Code},         {"padding-modes", Panel::Steps},
    {"playground", Panel::Steps}, {"padding", Panel::Solver}};
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

// P as a link gives it: the choice, and for explicit padding the pairs given (one pair
// stands for every dimension; several name the last dimensions).
struct GivenPadding {
    PaddingChoice choice = PaddingChoice::Symmetric;
    std::vector<PadPair> pads;
};

// P: "1", "1x0", "1:2x0:0" (before:after per dimension), "same", "valid", "full".
bool ParsePadding(const std::string& text, GivenPadding& given) {
    if (text == "same") return given = {PaddingChoice::Same, {}}, true;
    if (text == "valid") return given = {PaddingChoice::Valid, {}}, true;
    if (text == "full") return given = {PaddingChoice::Full, {}}, true;
    const bool asymmetric = text.find(':') != std::string::npos;
    const std::vector<std::string> parts = SplitText(text, 'x');
    if (parts.empty() || parts.size() > 3) return false;
    GivenPadding read{asymmetric ? PaddingChoice::Asymmetric : PaddingChoice::Symmetric, {}};
    for (const std::string& part : parts) {
        const std::vector<std::string> ba = SplitText(part, ':');
        PadPair pair;
        if (ba.size() != (asymmetric ? 2u : 1u) ||
            !ParseInt(ba[0], 0, kMaxPlaygroundPadding, pair.before) ||
            !ParseInt(ba.back(), 0, kMaxPlaygroundPadding, pair.after)) {
            return false;
        }
        read.pads.push_back(pair);
    }
    given = read;
    return true;
}

}  // namespace

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

// What reading a link fills: the state, the dimensions the link gives, and the
// per-dimension values given, which are fitted to those dimensions once every pair is read
// ("K=3&I=5x7" is a 3x3 kernel on a 5x7 input). Values are regenerated when sizes or
// presets changed; otherwise values edited by hand stay.
struct PlaygroundReading {
    explicit PlaygroundReading(PlaygroundState& state) : s(state), dims(state.Dims()) {}
    PlaygroundState& s;
    int dims;
    std::optional<Extents> input, kernel, stride, dilation, output_padding, target;
    std::optional<GivenPadding> padding;
    bool sizes_changed = false;
};

using PlaygroundKey = LinkKey<PlaygroundState, PlaygroundReading>;

// P as ParsePadding reads it.
std::string PaddingText(const Layer& layer) {
    switch (PaddingChoiceOf(layer, {PaddingChoice::Symmetric, PaddingChoice::Asymmetric})) {
        case PaddingChoice::Same:
            return "same";
        case PaddingChoice::Valid:
            return "valid";
        case PaddingChoice::Full:
            return "full";
        case PaddingChoice::Symmetric: {
            Extents before;
            for (const PadPair& p : layer.padding) before.push_back(p.before);
            return PerDimText(before);
        }
        case PaddingChoice::Asymmetric:
        case PaddingChoice::Explicit:
        case PaddingChoice::Causal:
            break;
    }
    std::string p;
    for (const PadPair& pair : layer.padding) {
        p +=
            (p.empty() ? "" : "x") + std::to_string(pair.before) + ":" + std::to_string(pair.after);
    }
    return p;
}

// A per-dimension key ("5" or "5x7"), kept until the dimensions are known.
template <std::optional<Extents> PlaygroundReading::*Field, int64_t Lo, int64_t Hi, bool Resizes>
bool ReadPerDimKey(const std::string& value, PlaygroundReading& r, std::string&) {
    Extents values;
    if (Resizes) r.sizes_changed = true;
    if (!ParsePerDim(value, Lo, Hi, values)) return false;
    r.*Field = values;
    return true;
}

bool ReadFlag(const std::string& value, bool& flag) {
    if (value != "0" && value != "1") return false;
    flag = value == "1";
    return true;
}

bool ReadPreset(const std::vector<PresetInfo>& presets, const std::string& value,
                std::string& preset) {
    if (!IsPreset(presets, value)) return false;
    preset = value;
    return true;
}

// The playground's keys, in the order links write them.
const std::vector<PlaygroundKey>& PlaygroundKeys() {
    static const std::vector<PlaygroundKey> keys = {
        {"I",
         [](const std::string& value, PlaygroundReading& r, std::string& why) {
             if (!ReadPerDimKey<&PlaygroundReading::input, 1, kMaxPlaygroundInput, true>(value, r,
                                                                                         why))
                 return false;
             if (r.input->size() > 1) r.dims = static_cast<int>(r.input->size());
             return true;
         },
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("I", PerDimText(s.input)); }},
        {"dims",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             int64_t number = 0;
             r.sizes_changed = true;
             if (!ParseInt(value, 1, 3, number)) return false;
             r.dims = static_cast<int>(number);
             return true;
         },
         // Only where I does not already say it ("5x7" is 2-D).
         [](const PlaygroundState& s, LinkWriter& out) {
             if (PerDimText(s.input).find('x') == std::string::npos && s.Dims() != 2)
                 out.Add("dims", std::to_string(s.Dims()));
         }},
        {"K", ReadPerDimKey<&PlaygroundReading::kernel, 1, kMaxPlaygroundKernel, true>,
         [](const PlaygroundState& s, LinkWriter& out) {
             out.Add("K", PerDimText(s.layer.kernel));
         }},
        {"S", ReadPerDimKey<&PlaygroundReading::stride, 1, kMaxPlaygroundStep, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             out.Add("S", PerDimText(s.layer.stride));
         }},
        {"P",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             GivenPadding given;
             if (!ParsePadding(value, given)) return false;
             r.padding = given;
             return true;
         },
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("P", PaddingText(s.layer)); }},
        {"D", ReadPerDimKey<&PlaygroundReading::dilation, 1, kMaxPlaygroundStep, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             out.Add("D", PerDimText(s.layer.dilation));
         }},
        {"type",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             const LayerTypeInfo* info = FindLayerType(value);
             if (info) r.s.layer.type = info->type;
             return info != nullptr;
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.layer.type != LayerType::Conv) out.Add("type", LayerTypeName(s.layer.type));
         }},
        {"mode",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return FindPaddingMode(value, r.s.layer.padding_mode);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.layer.padding_mode != PaddingMode::Zeros)
                 out.Add("mode", PaddingModeName(s.layer.padding_mode));
         }},
        {"rule",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return FindSameRule(value, r.s.layer.same_rule);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.layer.same_rule != SameRule::PyTorch)
                 out.Add("rule", SameRuleName(s.layer.same_rule));
         }},
        {"op", ReadPerDimKey<&PlaygroundReading::output_padding, 0, kMaxPlaygroundStep - 1, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             if (TypeInfo(s.layer.type).Has(kLayerOutputPadding))
                 out.Add("op", PerDimText(s.layer.output_padding));
         }},
        {"ceil",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ReadFlag(value, r.s.layer.ceil_mode);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.layer.ceil_mode) out.Add("ceil", "1");
         }},
        {"cip",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ReadFlag(value, r.s.layer.count_include_pad);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (!s.layer.count_include_pad) out.Add("cip", "0");
         }},
        {"input",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             r.sizes_changed = true;
             return ReadPreset(InputPresets(), value, r.s.input_preset);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.input_preset != PlaygroundState{}.input_preset) out.Add("input", s.input_preset);
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
             if (!ParseInt(value, 0, 999999, number)) return false;
             r.s.seed = static_cast<uint32_t>(number);
             return true;
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.seed != PlaygroundState{}.seed) out.Add("seed", std::to_string(s.seed));
         }},
        {"step",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ParseInt(value, 0, 999999, r.s.step);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.step != 0) out.Add("step", std::to_string(s.step));
         }},
        {"panel",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             // Explorer panels (rf, rf-growth, ...) are the explorer's to read.
             return value.rfind("rf", 0) == 0 || FindNamed(kPanels, value, r.s.panel);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.panel != PlaygroundState{}.panel) out.Add("panel", NameOf(kPanels, s.panel));
         }},
        {"T", ReadPerDimKey<&PlaygroundReading::target, 1, 4 * kMaxPlaygroundInput, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             if (!s.target.empty()) out.Add("T", PerDimText(s.target));
         }},
    };
    return keys;
}

// After every pair: the values fitted to the link's dimensions, what the layer's type does
// not take dropped, 3-D sizes capped, values regenerated when sizes or presets changed.
void FinishReading(PlaygroundReading& r, std::vector<std::string>& notes) {
    PlaygroundState& s = r.s;
    const int dims = r.dims;
    if (dims != s.Dims()) s.ChangeDims(dims);
    Layer& layer = s.layer;
    if (r.input) s.input = FitExtents(*r.input, s.input, dims, true);
    if (r.kernel) layer.kernel = FitExtents(*r.kernel, layer.kernel, dims, true);
    if (r.stride) layer.stride = FitExtents(*r.stride, layer.stride, dims, true);
    if (r.dilation) layer.dilation = FitExtents(*r.dilation, layer.dilation, dims, true);
    if (r.output_padding)
        layer.output_padding = FitExtents(*r.output_padding, layer.output_padding, dims, true);
    if (r.target)
        s.target = FitExtents(*r.target, s.target.empty() ? s.input : s.target, dims, true);
    if (r.padding) {
        SetPaddingChoice(layer, r.padding->choice);
        const std::vector<PadPair>& pads = r.padding->pads;
        if (pads.size() == 1) {
            layer.padding.assign(static_cast<size_t>(dims), pads[0]);
        } else if (!pads.empty()) {
            const size_t n = std::min(pads.size(), layer.padding.size());
            std::copy(pads.end() - static_cast<std::ptrdiff_t>(n), pads.end(),
                      layer.padding.end() - static_cast<std::ptrdiff_t>(n));
        }
    }
    const LayerTypeInfo& type = TypeInfo(layer.type);
    if (!type.Has(kLayerPaddingMode)) layer.padding_mode = PaddingMode::Zeros;
    if (!type.Has(kLayerOutputPadding)) layer.output_padding.assign(static_cast<size_t>(dims), 0);
    bool sizes_changed = r.sizes_changed;
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
