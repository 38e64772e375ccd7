// The explorer's state and the text form of its stack (see rf_state.h).
#include "app/explorer/rf_state.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "app/widgets/link_text.h"
#include "core/layer/arithmetic.h"
#include "core/network/network_presets.h"

namespace convscope::app {

namespace {

// Reads digits at `pos`; false when there are none or the number is out of [lo, hi].
bool ReadNumber(const std::string& text, size_t& pos, int64_t lo, int64_t hi, int64_t& out) {
    const size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && pos - start < 7) ++pos;
    if (pos == start) return false;
    out = std::atoll(text.substr(start, pos - start).c_str());
    return out >= lo && out <= hi;
}

// "3" or "3x1": one value per dimension.
bool ReadPerDim(const std::string& text, size_t& pos, int dims, int64_t lo, int64_t hi, std::vector<int64_t>& out) {
    std::vector<int64_t> values;
    int64_t v = 0;
    if (!ReadNumber(text, pos, lo, hi, v)) return false;
    values.push_back(v);
    while (pos < text.size() && text[pos] == 'x') {
        ++pos;
        if (!ReadNumber(text, pos, lo, hi, v)) return false;
        values.push_back(v);
    }
    // assign() from one of the vector's own elements is undefined: copy the value first.
    if (values.size() == 1) values = std::vector<int64_t>(static_cast<size_t>(dims), values.front());
    if (static_cast<int>(values.size()) != dims) return false;
    out = values;
    return true;
}

std::string PerDimText(const std::vector<int64_t>& v) {
    bool same = std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == v[0]; });
    if (same) return std::to_string(v[0]);
    std::string text;
    for (size_t i = 0; i < v.size(); ++i) text += (i ? "x" : "") + std::to_string(v[i]);
    return text;
}

const char* TypeLetter(LayerType type) {
    switch (type) {
        case LayerType::Conv: return "c";
        case LayerType::ConvTranspose: return "t";
        case LayerType::MaxPool: return "m";
        case LayerType::AvgPool: return "a";
    }
    return "c";
}

}  // namespace

bool ParseLayerToken(const std::string& token, int dims, Layer& layer, std::string& error) {
    const auto fail = [&](const std::string& why) {
        error = "layer '" + token.substr(0, 24) + "': " + why;
        return false;
    };
    if (token.empty()) return fail("empty");
    LayerType type;
    switch (token[0]) {
        case 'c': type = LayerType::Conv; break;
        case 't': type = LayerType::ConvTranspose; break;
        case 'm': type = LayerType::MaxPool; break;
        case 'a': type = LayerType::AvgPool; break;
        default: return fail("starts with c (conv), t (transposed), m (max pool) or a (avg pool)");
    }
    size_t pos = 1;
    std::vector<int64_t> kernel;
    if (!ReadPerDim(token, pos, dims, 1, 1024, kernel)) return fail("needs a kernel size from 1 to 1024 per dimension");
    Layer l = MakeLayer(type, kernel);
    l.padding.assign(static_cast<size_t>(dims), PadPair{});
    while (pos < token.size()) {
        const char option = token[pos++];
        std::vector<int64_t> values;
        switch (option) {
            case 's':
                if (!ReadPerDim(token, pos, dims, 1, 1024, values)) return fail("stride needs 1 to 1024");
                l.stride = values;
                break;
            case 'd':
                if (!ReadPerDim(token, pos, dims, 1, 1024, values)) return fail("dilation needs 1 to 1024");
                l.dilation = values;
                break;
            case 'o':
                if (!ReadPerDim(token, pos, dims, 0, 1023, values)) return fail("output_padding needs 0 to 1023");
                l.output_padding = values;
                break;
            case 'c': {
                int64_t channels = 0;
                if (!ReadNumber(token, pos, 1, 1 << 20, channels)) return fail("out channels need 1 to 1048576");
                l.out_channels = channels;
                break;
            }
            case 'C': l.ceil_mode = true; break;
            case 'p': {
                if (pos < token.size() && (token[pos] == 's' || token[pos] == 'v')) {
                    l.padding_form = token[pos] == 's' ? PaddingForm::Same : PaddingForm::Valid;
                    l.same_rule = SameRule::TensorFlow;
                    ++pos;
                    break;
                }
                // "1", "1x0", "2:0", "2:0x1:1"
                std::vector<PadPair> pads;
                bool asymmetric = false;
                for (;;) {
                    int64_t before = 0, after = 0;
                    if (!ReadNumber(token, pos, 0, 4096, before)) return fail("padding needs 0 to 4096, 'b:a', 's' or 'v'");
                    after = before;
                    if (pos < token.size() && token[pos] == ':') {
                        ++pos;
                        if (!ReadNumber(token, pos, 0, 4096, after)) return fail("padding after ':' needs 0 to 4096");
                        asymmetric = true;
                    }
                    pads.push_back(PadPair{before, after});
                    if (pos < token.size() && token[pos] == 'x') {
                        ++pos;
                        continue;
                    }
                    break;
                }
                if (pads.size() == 1) pads = std::vector<PadPair>(static_cast<size_t>(dims), pads.front());
                if (static_cast<int>(pads.size()) != dims) return fail("padding needs one value per dimension");
                l.padding = pads;
                l.padding_asymmetric = asymmetric;
                l.padding_form = PaddingForm::Explicit;
                break;
            }
            default: return fail(std::string("unknown option '") + option + "' (s, d, p, o, c, C)");
        }
    }
    layer = l;
    return true;
}

std::string LayerToken(const Layer& l) {
    std::string token = TypeLetter(l.type) + PerDimText(l.kernel);
    const std::vector<int64_t> ones(l.kernel.size(), 1);
    const std::vector<int64_t> default_stride = l.IsPooling() ? l.kernel : ones;
    if (l.stride != default_stride) token += "s" + PerDimText(l.stride);
    if (l.dilation != ones) token += "d" + PerDimText(l.dilation);
    if (l.padding_form == PaddingForm::Same) {
        token += "ps";
    } else if (l.padding_form == PaddingForm::Valid) {
        token += "pv";
    } else if (std::any_of(l.padding.begin(), l.padding.end(), [](const PadPair& p) { return p.before || p.after; })) {
        const bool symmetric = std::all_of(l.padding.begin(), l.padding.end(), [](const PadPair& p) { return p.before == p.after; });
        std::vector<int64_t> before;
        for (const PadPair& p : l.padding) before.push_back(p.before);
        if (symmetric) {
            token += "p" + PerDimText(before);
        } else {
            token += "p";
            for (size_t d = 0; d < l.padding.size(); ++d) {
                token += (d ? "x" : "") + std::to_string(l.padding[d].before) + ":" + std::to_string(l.padding[d].after);
            }
        }
    }
    if (l.type == LayerType::ConvTranspose && std::any_of(l.output_padding.begin(), l.output_padding.end(), [](int64_t v) { return v; })) {
        token += "o" + PerDimText(l.output_padding);
    }
    if (l.out_channels > 0) token += "c" + std::to_string(l.out_channels);
    if (l.ceil_mode) token += "C";
    return token;
}

std::vector<Layer> ParseStack(const std::string& text, int dims, std::vector<std::string>& notes) {
    std::vector<Layer> layers;
    for (const std::string& token : SplitText(text, ';')) {
        if (token.empty()) continue;
        if (layers.size() >= kMaxRfLayers) {
            notes.push_back("only the first " + std::to_string(kMaxRfLayers) + " layers were read");
            break;
        }
        Layer layer;
        std::string error;
        if (ParseLayerToken(token, dims, layer, error)) {
            layers.push_back(layer);
        } else {
            notes.push_back("skipped " + error);
        }
    }
    return layers;
}

std::string StackText(const std::vector<Layer>& layers) {
    std::string text;
    for (size_t i = 0; i < layers.size(); ++i) text += (i ? ";" : "") + LayerToken(layers[i]);
    return text;
}

std::string DescribeLayer(const Layer& l) {
    static const char* const names[] = {"conv", "transposed conv", "max pool", "avg pool"};
    std::string text = names[static_cast<int>(l.type)];
    std::string k;
    for (size_t d = 0; d < l.kernel.size(); ++d) k += (d ? "×" : "") + std::to_string(l.kernel[d]);
    text += " " + k;
    const auto add = [&](const char* name, const std::vector<int64_t>& v, int64_t skip) {
        if (std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == skip; })) return;
        text += std::string(", ") + name + " " + PerDimText(v);
    };
    if (l.IsPooling()) {
        if (l.stride != l.kernel) add("stride", l.stride, -1);
    } else {
        add("stride", l.stride, 1);
    }
    add("dilation", l.dilation, 1);
    if (l.padding_form == PaddingForm::Same) text += ", same";
    if (l.padding_form == PaddingForm::Explicit) {
        const bool symmetric = std::all_of(l.padding.begin(), l.padding.end(), [](const PadPair& p) { return p.before == p.after; });
        if (symmetric) {
            std::vector<int64_t> before;
            for (const PadPair& p : l.padding) before.push_back(p.before);
            add("pad", before, 0);
        } else {
            text += ", pad";
            for (const PadPair& p : l.padding) text += " " + std::to_string(p.before) + ":" + std::to_string(p.after);
        }
    }
    if (l.out_channels > 0) text += ", " + std::to_string(l.out_channels) + " ch";
    return text;
}

std::vector<int64_t> RfInput(const RfState& s) { return std::vector<int64_t>(s.input + (3 - s.dims), s.input + 3); }
std::vector<int64_t> RfUnit(const RfState& s) { return std::vector<int64_t>(s.unit + (3 - s.dims), s.unit + 3); }

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
        const auto keep_last = [&](std::vector<int64_t>& v) { v = std::vector<int64_t>(static_cast<size_t>(dims), v.back()); };
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
                notes.push_back("ignored 'rf_dims=" + value.substr(0, 10) + "': the explorer takes 1-D, 2-D or 3-D stacks");
            }
        } else if (key == "rf_in") {
            if (given <= 3 && ReadPerDim(value, pos, given, 1, kMaxRfInput1d, v) && pos == value.size()) {
                has_input = true;
                if (given >= 2) s.dims = given;
                if (given == 1) v = std::vector<int64_t>(3, v.front());
                SetRfInput(s, v);
            } else {
                notes.push_back("ignored 'rf_in=" + value.substr(0, 20) + "': input sizes are 1 to " + std::to_string(kMaxRfInput3d) +
                                " (3-D), " + std::to_string(kMaxRfInput2d) + " (2-D) or " + std::to_string(kMaxRfInput1d) + " (1-D)");
            }
        } else if (key == "stack") {
            stack = value;
            has_stack = true;
        } else if (key == "rf_preset") {
            preset = value;
        } else if (key == "layer") {
            int64_t layer = 0;
            if (ReadNumber(value, pos, 0, static_cast<int64_t>(kMaxRfLayers), layer) && pos == value.size()) {
                s.selected_layer = static_cast<int>(layer) - 1;
                has_layer = true;
            } else {
                notes.push_back("ignored 'layer=" + value.substr(0, 10) + "': a layer number (0 for the input)");
            }
        } else if (key == "unit") {
            if (given <= 3 && ReadPerDim(value, pos, given, 0, kMaxRfInput1d * 4, v) && pos == value.size()) {
                SetRfUnit(s, v);
            } else {
                notes.push_back("ignored 'unit=" + value.substr(0, 20) + "': a unit is 'row x column' like 3x4 (3-D: 1x3x4)");
            }
        } else if (key == "panel" && value.rfind("rf", 0) == 0) {
            // Embed names: rf (the whole explorer), rf-picture, rf-table, rf-growth.
            if (value == "rf-table") s.panel = RfPanel::Table;
            if (value == "rf-growth") s.panel = RfPanel::Growth;
            if (value == "rf-unet") s.panel = RfPanel::UNet;
            if (value == "rf-picture" || value == "rf") s.panel = RfPanel::Picture;
        } else if (key == "rf_panel") {
            static const std::pair<const char*, RfPanel> panels[] = {
                {"picture", RfPanel::Picture}, {"table", RfPanel::Table}, {"growth", RfPanel::Growth}, {"unet", RfPanel::UNet}};
            bool found = false;
            for (const auto& p : panels) {
                if (value == p.first) s.panel = p.second, found = true;
            }
            if (!found) notes.push_back("ignored 'rf_panel=" + value.substr(0, 12) + "' (picture, table, growth, unet)");
        } else if (key == "erf") {
            if (value == "uniform" || value == "random" || value == "off") {
                s.random_weights = value == "random";
                s.show_effective = value != "off";
            } else {
                notes.push_back("ignored 'erf=" + value.substr(0, 12) + "' (uniform, random, off)");
            }
        } else if (key == "rf_seed") {
            int64_t seed = 0;
            if (ReadNumber(value, pos, 0, 999999, seed)) s.seed = static_cast<uint32_t>(seed);
        } else if (key == "log") {
            s.log_scale = value == "1";
        } else if (key == "rf_compare") {
            s.compare = value != "0";
        }
    }
    if (!preset.empty()) {
        const NetworkPreset* found = FindNetworkPreset(preset);
        if (!found) {
            notes.push_back("ignored 'rf_preset=" + preset.substr(0, 24) + "': not a preset of the explorer");
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
    if (s.selected_layer >= static_cast<int>(s.layers.size())) s.selected_layer = static_cast<int>(s.layers.size()) - 1;
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
    if (std::any_of(unit.begin(), unit.end(), [](int64_t u) { return u != 0; })) q += "&unit=" + joined(unit);
    static const char* const panels[] = {"picture", "table", "growth", "unet"};
    if (s.panel != RfPanel::Picture) q += std::string("&rf_panel=") + panels[static_cast<int>(s.panel)];
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
