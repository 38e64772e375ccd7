// The link grammar of sizes, layers and stacks (see layer_text.h).
#include "core/layer/layer_text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

namespace convscope {

namespace {
constexpr int64_t kMaxTokenSize = 1 << 20;  // an upsampling token's output size
}  // namespace

namespace {

// "c (conv), t (transposed conv), m (max pool) or a (avg pool)" for messages.
std::string TokenLetterList() {
    std::string list;
    for (int i = 0; i < kLayerTypeCount; ++i) {
        const LayerTypeInfo& info = kLayerTypes[i];
        list += i == 0 ? "" : i + 1 == kLayerTypeCount ? " or " : ", ";
        list += std::string(1, info.token) + " (" + info.short_label + ")";
    }
    return list;
}

}  // namespace

std::vector<std::string> SplitText(const std::string& text, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(sep, start);
        if (end == std::string::npos) end = text.size();
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    if (text.empty()) parts.clear();
    return parts;
}

// Reads digits at `pos`; false when there are none or the number is out of [lo, hi].
bool ReadNumberAt(const std::string& text, size_t& pos, int64_t lo, int64_t hi, int64_t& out) {
    const size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) &&
           pos - start < 7)
        ++pos;
    if (pos == start) return false;
    out = std::atoll(text.substr(start, pos - start).c_str());
    return out >= lo && out <= hi;
}

bool ReadNumber(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
    size_t pos = 0;
    return ReadNumberAt(text, pos, lo, hi, out) && pos == text.size();
}

// "3" or "3x1": one value per dimension.
bool ReadPerDimAt(const std::string& text, size_t& pos, int dims, int64_t lo, int64_t hi,
                  std::vector<int64_t>& out) {
    std::vector<int64_t> values;
    int64_t v = 0;
    if (!ReadNumberAt(text, pos, lo, hi, v)) return false;
    values.push_back(v);
    while (pos < text.size() && text[pos] == 'x') {
        ++pos;
        if (!ReadNumberAt(text, pos, lo, hi, v)) return false;
        values.push_back(v);
    }
    // assign() from one of the vector's own elements is undefined: copy the value first.
    if (values.size() == 1)
        values = std::vector<int64_t>(static_cast<size_t>(dims), values.front());
    if (static_cast<int>(values.size()) != dims) return false;
    out = values;
    return true;
}

bool ReadExtents(const std::string& text, int64_t lo, int64_t hi, Extents& out) {
    const std::vector<std::string> parts = SplitText(text, 'x');
    if (parts.empty() || parts.size() > 3) return false;
    Extents values(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!ReadNumber(parts[i], lo, hi, values[i])) return false;
    }
    out = values;
    return true;
}

Extents FitExtents(const Extents& given, const Extents& current, int dims, bool one_for_all) {
    if (given.size() == 1 && one_for_all) return Extents(static_cast<size_t>(dims), given[0]);
    Extents fitted = ResizeExtents(current, dims);
    const size_t n = std::min(given.size(), fitted.size());
    std::copy(given.end() - static_cast<std::ptrdiff_t>(n), given.end(),
              fitted.end() - static_cast<std::ptrdiff_t>(n));
    return fitted;
}

std::string PerDimText(const std::vector<int64_t>& v) {
    bool same = std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == v[0]; });
    if (same) return std::to_string(v[0]);
    std::string text;
    for (size_t i = 0; i < v.size(); ++i) text += (i ? "x" : "") + std::to_string(v[i]);
    return text;
}

bool ParseLayerToken(const std::string& token, int dims, Layer& layer, std::string& error) {
    const auto fail = [&](const std::string& why) {
        error = "layer '" + token.substr(0, 24) + "': " + why;
        return false;
    };
    if (token.empty()) return fail("empty");
    const LayerTypeInfo* info = FindLayerTypeByToken(token[0]);
    if (!info) return fail("starts with " + TokenLetterList());
    const LayerType type = info->type;
    size_t pos = 1;
    std::vector<int64_t> kernel, size;
    if (token.size() > 1 && token[1] == '@') {
        // "n@7x9": upsampling to an output size rather than by a factor.
        if (type != LayerType::UpsampleNearest && type != LayerType::UpsampleLinear)
            return fail("only nearest (n) and linear (b) upsampling take an output size (@)");
        pos = 2;
        if (!ReadPerDimAt(token, pos, dims, 1, kMaxTokenSize, size))
            return fail("@ needs an output size from 1 to " + std::to_string(kMaxTokenSize) +
                        " per dimension");
        kernel.assign(static_cast<size_t>(dims), 1);
    } else if (!ReadPerDimAt(token, pos, dims, 1, 1024, kernel)) {
        return fail("needs a kernel size from 1 to 1024 per dimension");
    }
    Layer l = MakeLayer(type, kernel);
    l.size = size;
    l.padding.assign(static_cast<size_t>(dims), PadPair{});
    while (pos < token.size()) {
        const char option = token[pos++];
        std::vector<int64_t> values;
        switch (option) {
            case 's':
                if (!ReadPerDimAt(token, pos, dims, 1, 1024, values))
                    return fail("stride needs 1 to 1024");
                l.stride = values;
                break;
            case 'd':
                if (!ReadPerDimAt(token, pos, dims, 1, 1024, values))
                    return fail("dilation needs 1 to 1024");
                l.dilation = values;
                break;
            case 'o':
                if (!ReadPerDimAt(token, pos, dims, 0, 1023, values))
                    return fail("output_padding needs 0 to 1023");
                l.output_padding = values;
                break;
            case 'c': {
                int64_t channels = 0;
                if (!ReadNumberAt(token, pos, 1, 1 << 20, channels))
                    return fail("out channels need 1 to 1048576");
                l.out_channels = channels;
                break;
            }
            case 'C':
                l.ceil_mode = true;
                break;
            case 'A':
                l.align_corners = true;
                break;
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
                    if (!ReadNumberAt(token, pos, 0, 4096, before))
                        return fail("padding needs 0 to 4096, 'b:a', 's' or 'v'");
                    after = before;
                    if (pos < token.size() && token[pos] == ':') {
                        ++pos;
                        if (!ReadNumberAt(token, pos, 0, 4096, after))
                            return fail("padding after ':' needs 0 to 4096");
                        asymmetric = true;
                    }
                    pads.push_back(PadPair{before, after});
                    if (pos < token.size() && token[pos] == 'x') {
                        ++pos;
                        continue;
                    }
                    break;
                }
                if (pads.size() == 1)
                    pads = std::vector<PadPair>(static_cast<size_t>(dims), pads.front());
                if (static_cast<int>(pads.size()) != dims)
                    return fail("padding needs one value per dimension");
                l.padding = pads;
                l.padding_asymmetric = asymmetric;
                l.padding_form = PaddingForm::Explicit;
                break;
            }
            default:
                return fail(std::string("unknown option '") + option + "' (s, d, p, o, c, C, A)");
        }
    }
    layer = l;
    return true;
}

std::string LayerToken(const Layer& l) {
    std::string token =
        TypeInfo(l.type).token + (l.size.empty() ? PerDimText(l.kernel) : "@" + PerDimText(l.size));
    const std::vector<int64_t> ones(l.kernel.size(), 1);
    const std::vector<int64_t> default_stride = l.IsPooling() || l.IsResampling() ? l.kernel : ones;
    if (l.stride != default_stride) token += "s" + PerDimText(l.stride);
    if (l.dilation != ones) token += "d" + PerDimText(l.dilation);
    if (l.padding_form == PaddingForm::Same) {
        token += "ps";
    } else if (l.padding_form == PaddingForm::Valid) {
        token += "pv";
    } else if (std::any_of(l.padding.begin(), l.padding.end(),
                           [](const PadPair& p) { return p.before || p.after; })) {
        const bool symmetric = std::all_of(l.padding.begin(), l.padding.end(),
                                           [](const PadPair& p) { return p.before == p.after; });
        std::vector<int64_t> before;
        for (const PadPair& p : l.padding) before.push_back(p.before);
        if (symmetric) {
            token += "p" + PerDimText(before);
        } else {
            token += "p";
            for (size_t d = 0; d < l.padding.size(); ++d) {
                token += (d ? "x" : "") + std::to_string(l.padding[d].before) + ":" +
                         std::to_string(l.padding[d].after);
            }
        }
    }
    if (TypeInfo(l.type).Has(kLayerOutputPadding) &&
        std::any_of(l.output_padding.begin(), l.output_padding.end(),
                    [](int64_t v) { return v; })) {
        token += "o" + PerDimText(l.output_padding);
    }
    if (l.out_channels > 0) token += "c" + std::to_string(l.out_channels);
    if (l.ceil_mode) token += "C";
    if (l.align_corners) token += "A";
    return token;
}

StackReading ReadStack(const std::string& text, int dims) {
    StackReading reading;
    for (const std::string& token : SplitText(text, ';')) {
        const size_t start = token.find_first_not_of(" \t\r\n");
        if (start == std::string::npos) continue;
        if (reading.layers.size() >= kMaxStackLayers) {
            reading.truncated = true;
            break;
        }
        const std::string trimmed =
            token.substr(start, token.find_last_not_of(" \t\r\n") - start + 1);
        Layer layer;
        std::string error;
        if (ParseLayerToken(trimmed, dims, layer, error)) {
            reading.layers.push_back(layer);
        } else {
            reading.errors.push_back(error);
        }
    }
    return reading;
}

std::vector<Layer> ParseStack(const std::string& text, int dims, std::vector<std::string>& notes) {
    StackReading reading = ReadStack(text, dims);
    for (const std::string& error : reading.errors) notes.push_back("skipped " + error);
    if (reading.truncated) {
        notes.push_back("only the first " + std::to_string(kMaxStackLayers) + " layers were read");
    }
    return std::move(reading.layers);
}

std::string StackText(const std::vector<Layer>& layers) {
    std::string text;
    for (size_t i = 0; i < layers.size(); ++i) text += (i ? ";" : "") + LayerToken(layers[i]);
    return text;
}

std::string DescribeLayer(const Layer& l) {
    std::string text = TypeInfo(l.type).short_label;
    std::string k;
    for (size_t d = 0; d < l.kernel.size(); ++d) k += (d ? "×" : "") + std::to_string(l.kernel[d]);
    text += " " + k;
    const auto add = [&](const char* name, const std::vector<int64_t>& v, int64_t skip) {
        if (std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == skip; })) return;
        text += std::string(", ") + name + " " + PerDimText(v);
    };
    if (l.IsResampling()) {
        text = std::string(TypeInfo(l.type).short_label) +
               (l.size.empty() ? " ×" + PerDimText(l.kernel) : " to " + PerDimText(l.size));
        if (l.align_corners) text += ", align corners";
        if (l.out_channels > 0) text += ", " + std::to_string(l.out_channels) + " ch";
        return text;
    }
    if (l.IsPooling()) {
        if (l.stride != l.kernel) add("stride", l.stride, -1);
    } else {
        add("stride", l.stride, 1);
    }
    add("dilation", l.dilation, 1);
    if (l.padding_form == PaddingForm::Same) text += ", same";
    if (l.padding_form == PaddingForm::Explicit) {
        const bool symmetric = std::all_of(l.padding.begin(), l.padding.end(),
                                           [](const PadPair& p) { return p.before == p.after; });
        if (symmetric) {
            std::vector<int64_t> before;
            for (const PadPair& p : l.padding) before.push_back(p.before);
            add("pad", before, 0);
        } else {
            text += ", pad";
            for (const PadPair& p : l.padding)
                text += " " + std::to_string(p.before) + ":" + std::to_string(p.after);
        }
    }
    if (l.out_channels > 0) text += ", " + std::to_string(l.out_channels) + " ch";
    return text;
}

}  // namespace convscope
