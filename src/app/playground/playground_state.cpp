// The playground state, its layer and its key=value form (see playground_state.h).
#include "app/playground/playground_state.h"

#include <algorithm>
#include <cstdlib>

#include "app/playground/presets.h"
#include "app/widgets/link_text.h"

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
    if (type == LayerType::ConvTranspose)
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
    layer.padding_mode = type == LayerType::Conv ? padding_mode : PaddingMode::Zeros;
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

void ApplyQuery(const std::string& query, PlaygroundState& s, std::vector<std::string>& notes) {
    bool sizes_changed = false;
    for (const LinkPair& pair : SplitLink(query)) {
        const std::string& key = pair.key;
        const std::string& value = pair.value;
        const std::string shown = pair.text.substr(0, 40);
        bool ok = true;
        int64_t scratch[3];
        int64_t number = 0;
        if (key == "dims") {
            ok = ParseInt(value, 1, 3, number);
            if (ok) s.dims = static_cast<int>(number);
            sizes_changed = true;
        } else if (key == "I") {
            ok = ParsePerDim(value, 1, kMaxPlaygroundInput, scratch, &s.dims);
            if (ok) std::copy(scratch, scratch + 3, s.input);
            sizes_changed = true;
        } else if (key == "K") {
            ok = ParsePerDim(value, 1, kMaxPlaygroundKernel, scratch, nullptr);
            if (ok) std::copy(scratch, scratch + 3, s.kernel);
            sizes_changed = true;
        } else if (key == "S") {
            ok = ParsePerDim(value, 1, kMaxPlaygroundStep, scratch, nullptr);
            if (ok) std::copy(scratch, scratch + 3, s.stride);
        } else if (key == "D") {
            ok = ParsePerDim(value, 1, kMaxPlaygroundStep, scratch, nullptr);
            if (ok) std::copy(scratch, scratch + 3, s.dilation);
        } else if (key == "P") {
            ok = ParsePadding(value, s);
        } else if (key == "op") {
            ok = ParsePerDim(value, 0, kMaxPlaygroundStep - 1, scratch, nullptr);
            if (ok) std::copy(scratch, scratch + 3, s.output_padding);
        } else if (key == "type") {
            const LayerTypeInfo* info = FindLayerType(value);
            ok = info != nullptr;
            if (ok) s.type = info->type;
        } else if (key == "mode") {
            ok = FindPaddingMode(value, s.padding_mode);
        } else if (key == "rule") {
            ok = FindSameRule(value, s.same_rule);
        } else if (key == "ceil") {
            ok = value == "0" || value == "1";
            if (ok) s.ceil_mode = value == "1";
        } else if (key == "cip") {
            ok = value == "0" || value == "1";
            if (ok) s.count_include_pad = value == "1";
        } else if (key == "input") {
            ok = IsPreset(InputPresets(), value);
            if (ok) s.input_preset = value;
            sizes_changed = true;
        } else if (key == "kernel") {
            ok = IsPreset(KernelPresets(), value);
            if (ok) s.kernel_preset = value;
            sizes_changed = true;
        } else if (key == "seed") {
            ok = ParseInt(value, 0, 999999, number);
            if (ok) s.seed = static_cast<uint32_t>(number);
            sizes_changed = true;
        } else if (key == "step") {
            ok = ParseInt(value, 0, 999999, number);
            if (ok) s.step = number;
        } else if (key == "panel") {
            // Explorer panels (rf, rf-growth, ...) are the explorer's to read.
            ok = value.rfind("rf", 0) == 0 || FindNamed(kPanels, value, s.panel);
        } else if (key == "T") {
            ok = ParsePerDim(value, 1, 4 * kMaxPlaygroundInput, scratch, nullptr);
            if (ok) std::copy(scratch, scratch + 3, s.target);
        } else if (key == "view" || key == "card" || key == "embed" || key == "lock" ||
                   key == "theme" || key == "stack" || key == "layer" || key == "unit" ||
                   key.rfind("rf_", 0) == 0 || key.rfind("unet_", 0) == 0 || key == "erf" ||
                   key == "log") {
            // Read by the application itself or by the receptive-field explorer.
        } else {
            notes.push_back("ignored unknown setting '" + shown + "'");
            continue;
        }
        if (!ok)
            notes.push_back("ignored '" + shown + "': not a valid value for " + key.substr(0, 20));
    }
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

std::string ToQuery(const PlaygroundState& s) {
    const PlaygroundState defaults;
    std::string q;
    const auto add = [&](const std::string& key, const std::string& value) {
        q += (q.empty() ? "" : "&") + key + "=" + value;
    };
    const std::string sizes = PerDim(s.input, s.dims);
    add("I", sizes);
    if (sizes.find('x') == std::string::npos && s.dims != 2) add("dims", std::to_string(s.dims));
    add("K", PerDim(s.kernel, s.dims));
    add("S", PerDim(s.stride, s.dims));
    switch (s.padding_choice) {
        case PaddingChoice::Same:
            add("P", "same");
            break;
        case PaddingChoice::Valid:
            add("P", "valid");
            break;
        case PaddingChoice::Full:
            add("P", "full");
            break;
        case PaddingChoice::Symmetric:
            add("P", PerDim(s.pad_before, s.dims));
            break;
        case PaddingChoice::Asymmetric: {
            std::string p;
            for (int d = 3 - s.dims; d < 3; ++d) {
                p += (p.empty() ? "" : "x") + std::to_string(s.pad_before[d]) + ":" +
                     std::to_string(s.pad_after[d]);
            }
            add("P", p);
            break;
        }
    }
    add("D", PerDim(s.dilation, s.dims));
    if (s.type != defaults.type) add("type", LayerTypeName(s.type));
    if (s.padding_mode != defaults.padding_mode) add("mode", PaddingModeName(s.padding_mode));
    if (s.same_rule != defaults.same_rule) add("rule", SameRuleName(s.same_rule));
    if (s.type == LayerType::ConvTranspose) add("op", PerDim(s.output_padding, s.dims));
    if (s.ceil_mode) add("ceil", "1");
    if (!s.count_include_pad) add("cip", "0");
    if (s.input_preset != defaults.input_preset) add("input", s.input_preset);
    if (s.kernel_preset != defaults.kernel_preset) add("kernel", s.kernel_preset);
    if (s.seed != defaults.seed) add("seed", std::to_string(s.seed));
    if (s.step != 0) add("step", std::to_string(s.step));
    if (s.panel != defaults.panel) add("panel", NameOf(kPanels, s.panel));
    if (s.target[2] != 0) add("T", PerDim(s.target, s.dims));
    return q;
}

}  // namespace convscope::app
