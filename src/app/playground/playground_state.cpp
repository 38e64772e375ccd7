// The playground state, its layer and its key=value form (see playground_state.h).
#include "app/playground/playground_state.h"

#include <algorithm>
#include <cstdlib>

#include "app/playground/presets.h"
#include "app/widgets/link_keys.h"

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

// "5" (every dimension) or "5x7" / "5x7x3" (one per dimension). Sets `dims` from the count
// when `sets_dims`.
bool ParsePerDim(const std::string& text, int64_t lo, int64_t hi, int64_t out[3], int* dims) {
    const std::vector<std::string> parts = SplitText(text, 'x');
    if (parts.empty() || parts.size() > 3) return false;
    int64_t values[3];
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!ParseInt(parts[i], lo, hi, values[i])) return false;
    }
    if (parts.size() == 1) {
        out[0] = out[1] = out[2] = values[0];
    } else {
        // Values name the last dimensions: "5x7" is height 5, width 7.
        for (size_t i = 0; i < parts.size(); ++i) out[3 - parts.size() + i] = values[i];
        if (dims) *dims = static_cast<int>(parts.size());
    }
    return true;
}

std::string PerDim(const int64_t v[3], int dims) {
    bool same = true;
    for (int d = 1; d < dims; ++d) same &= v[3 - dims + d] == v[3 - dims];
    if (same) return std::to_string(v[3 - dims]);
    std::string text;
    for (int d = 0; d < dims; ++d) text += (d ? "x" : "") + std::to_string(v[3 - dims + d]);
    return text;
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

// P: "1", "1x0", "1:2x0:0" (before:after per dimension), "same", "valid", "full".
bool ParsePadding(const std::string& text, PlaygroundState& s) {
    if (text == "same") return s.padding_choice = PaddingChoice::Same, true;
    if (text == "valid") return s.padding_choice = PaddingChoice::Valid, true;
    if (text == "full") return s.padding_choice = PaddingChoice::Full, true;
    if (text.find(':') == std::string::npos) {
        int64_t v[3];
        if (!ParsePerDim(text, 0, kMaxPlaygroundPadding, v, nullptr)) return false;
        s.padding_choice = PaddingChoice::Symmetric;
        std::copy(v, v + 3, s.pad_before);
        std::copy(v, v + 3, s.pad_after);
        return true;
    }
    const std::vector<std::string> parts = SplitText(text, 'x');
    if (parts.empty() || parts.size() > 3) return false;
    int64_t before[3] = {0, 0, 0}, after[3] = {0, 0, 0};
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::vector<std::string> ba = SplitText(parts[i], ':');
        const size_t d = parts.size() == 1 ? 0 : 3 - parts.size() + i;
        if (ba.size() != 2 || !ParseInt(ba[0], 0, kMaxPlaygroundPadding, before[d]) ||
            !ParseInt(ba[1], 0, kMaxPlaygroundPadding, after[d])) {
            return false;
        }
    }
    if (parts.size() == 1) {
        std::fill(before, before + 3, before[0]);
        std::fill(after, after + 3, after[0]);
    }
    s.padding_choice = PaddingChoice::Asymmetric;
    std::copy(before, before + 3, s.pad_before);
    std::copy(after, after + 3, s.pad_after);
    return true;
}

}  // namespace

Layer PlaygroundState::ToLayer() const {
    const int first = 3 - dims;
    std::vector<int64_t> k(kernel + first, kernel + 3);
    Layer layer = MakeLayer(type, k);
    layer.stride.assign(stride + first, stride + 3);
    layer.dilation.assign(dilation + first, dilation + 3);
    if (TypeInfo(type).Has(kLayerOutputPadding))
        layer.output_padding.assign(output_padding + first, output_padding + 3);
    layer.padding.clear();
    for (int d = first; d < 3; ++d) {
        layer.padding.push_back(PadPair{pad_before[d], padding_choice == PaddingChoice::Asymmetric
                                                           ? pad_after[d]
                                                           : pad_before[d]});
    }
    layer.padding_asymmetric = padding_choice == PaddingChoice::Asymmetric;
    switch (padding_choice) {
        case PaddingChoice::Same:
            layer.padding_form = PaddingForm::Same;
            break;
        case PaddingChoice::Valid:
            layer.padding_form = PaddingForm::Valid;
            break;
        case PaddingChoice::Full:
            layer.padding_form = PaddingForm::Full;
            break;
        default:
            layer.padding_form = PaddingForm::Explicit;
            break;
    }
    layer.same_rule = same_rule;
    layer.padding_mode = TypeInfo(type).Has(kLayerPaddingMode) ? padding_mode : PaddingMode::Zeros;
    layer.ceil_mode = ceil_mode;
    layer.count_include_pad = count_include_pad;
    layer.in_channels = layer.out_channels = 1;
    return layer;
}

void PlaygroundState::RegenerateValues() {
    int64_t in_extent[3], k_extent[3];
    for (int d = 0; d < 3; ++d) {
        const bool used = d >= 3 - dims;
        in_extent[d] = used ? input[d] : 1;
        k_extent[d] = used ? kernel[d] : 1;
    }
    input_values = MakeInput(input_preset, in_extent, seed);
    kernel_values = MakeKernel(kernel_preset, k_extent, seed);
}

const char* AxisName(int d3, int dims) {
    static const char* const names[] = {"depth", "height", "width"};
    if (dims == 1) return "length";
    return names[d3 < 0 || d3 > 2 ? 2 : d3];
}

namespace {

// What reading a link fills: the state, and whether the values must be regenerated (sizes or
// presets changed; otherwise values edited by hand stay).
struct PlaygroundReading {
    PlaygroundState& s;
    bool sizes_changed = false;
};

using PlaygroundKey = LinkKey<PlaygroundState, PlaygroundReading>;

// P as ParsePadding reads it.
std::string PaddingText(const PlaygroundState& s) {
    switch (s.padding_choice) {
        case PaddingChoice::Same:
            return "same";
        case PaddingChoice::Valid:
            return "valid";
        case PaddingChoice::Full:
            return "full";
        case PaddingChoice::Symmetric:
            return PerDim(s.pad_before, s.dims);
        case PaddingChoice::Asymmetric:
            break;
    }
    std::string p;
    for (int d = 3 - s.dims; d < 3; ++d) {
        p += (p.empty() ? "" : "x") + std::to_string(s.pad_before[d]) + ":" +
             std::to_string(s.pad_after[d]);
    }
    return p;
}

// A per-dimension key ("5" or "5x7") of one of the state's [3] arrays.
template <int64_t (PlaygroundState::*Field)[3], int64_t Lo, int64_t Hi, bool Resizes>
bool ReadPerDimKey(const std::string& value, PlaygroundReading& r, std::string&) {
    int64_t v[3];
    if (Resizes) r.sizes_changed = true;
    if (!ParsePerDim(value, Lo, Hi, v, nullptr)) return false;
    std::copy(v, v + 3, r.s.*Field);
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
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             int64_t v[3];
             r.sizes_changed = true;
             if (!ParsePerDim(value, 1, kMaxPlaygroundInput, v, &r.s.dims)) return false;
             std::copy(v, v + 3, r.s.input);
             return true;
         },
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("I", PerDim(s.input, s.dims)); }},
        {"dims",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             int64_t number = 0;
             r.sizes_changed = true;
             if (!ParseInt(value, 1, 3, number)) return false;
             r.s.dims = static_cast<int>(number);
             return true;
         },
         // Only where I does not already say it ("5x7" is 2-D).
         [](const PlaygroundState& s, LinkWriter& out) {
             if (PerDim(s.input, s.dims).find('x') == std::string::npos && s.dims != 2)
                 out.Add("dims", std::to_string(s.dims));
         }},
        {"K", ReadPerDimKey<&PlaygroundState::kernel, 1, kMaxPlaygroundKernel, true>,
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("K", PerDim(s.kernel, s.dims)); }},
        {"S", ReadPerDimKey<&PlaygroundState::stride, 1, kMaxPlaygroundStep, false>,
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("S", PerDim(s.stride, s.dims)); }},
        {"P",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ParsePadding(value, r.s);
         },
         [](const PlaygroundState& s, LinkWriter& out) { out.Add("P", PaddingText(s)); }},
        {"D", ReadPerDimKey<&PlaygroundState::dilation, 1, kMaxPlaygroundStep, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             out.Add("D", PerDim(s.dilation, s.dims));
         }},
        {"type",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             const LayerTypeInfo* info = FindLayerType(value);
             if (info) r.s.type = info->type;
             return info != nullptr;
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.type != PlaygroundState{}.type) out.Add("type", LayerTypeName(s.type));
         }},
        {"mode",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return FindPaddingMode(value, r.s.padding_mode);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.padding_mode != PaddingMode::Zeros)
                 out.Add("mode", PaddingModeName(s.padding_mode));
         }},
        {"rule",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return FindSameRule(value, r.s.same_rule);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.same_rule != SameRule::PyTorch) out.Add("rule", SameRuleName(s.same_rule));
         }},
        {"op", ReadPerDimKey<&PlaygroundState::output_padding, 0, kMaxPlaygroundStep - 1, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             if (TypeInfo(s.type).Has(kLayerOutputPadding))
                 out.Add("op", PerDim(s.output_padding, s.dims));
         }},
        {"ceil",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ReadFlag(value, r.s.ceil_mode);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.ceil_mode) out.Add("ceil", "1");
         }},
        {"cip",
         [](const std::string& value, PlaygroundReading& r, std::string&) {
             return ReadFlag(value, r.s.count_include_pad);
         },
         [](const PlaygroundState& s, LinkWriter& out) {
             if (!s.count_include_pad) out.Add("cip", "0");
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
        {"T", ReadPerDimKey<&PlaygroundState::target, 1, 4 * kMaxPlaygroundInput, false>,
         [](const PlaygroundState& s, LinkWriter& out) {
             if (s.target[2] != 0) out.Add("T", PerDim(s.target, s.dims));
         }},
    };
    return keys;
}

// After every pair: 3-D sizes capped, values regenerated when sizes or presets changed.
void FinishReading(PlaygroundReading& r, std::vector<std::string>& notes) {
    PlaygroundState& s = r.s;
    bool sizes_changed = r.sizes_changed;
    if (s.dims == 3 &&
        std::any_of(s.input, s.input + 3, [](int64_t v) { return v > kMaxPlaygroundInput3d; })) {
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
    PlaygroundReading reading{state};
    reader.Read(PlaygroundKeys(), reading, notes);
    FinishReading(reading, notes);
}

void ApplyQuery(const std::string& query, PlaygroundState& s, std::vector<std::string>& notes) {
    LinkReader reader(query);
    PlaygroundReading reading{s};
    reader.Read(PlaygroundKeys(), reading, notes);
    const std::vector<std::string> unknown = reader.UnknownKeyNotes();
    notes.insert(notes.end(), unknown.begin(), unknown.end());
    FinishReading(reading, notes);
}

std::string ToQuery(const PlaygroundState& s) { return WriteLink(PlaygroundKeys(), s); }

}  // namespace convscope::app
