// Reading and writing networks as text (see network_text.h). Sections:
//   1. small text helpers   2. fomoro fragments   3. PyTorch module reprs: values and
//   arguments   4. one module line to a layer   5. the line walk   5b. where the chain may be
//   wrong (the warnings)   6. format choice
#include "core/network/network_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/layer_text.h"

namespace convscope {

namespace {

// Far more than any real network; keeps "(0-999): 1000 x" nested three deep from
// expanding into a billion layers.
constexpr size_t kMaxTextLayers = 4096;
constexpr size_t kMaxNesting = 256;
constexpr size_t kMaxUnparsed = 100;
constexpr size_t kMaxNoteKinds = 200;
constexpr size_t kMaxQuoted = 120;
constexpr size_t kMaxRecords = 8192;  // modules kept for the warnings, per kind

// ---- 1. Small text helpers ---------------------------------------------------------------

std::string Trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string Quote(const std::string& s) {
    return s.size() <= kMaxQuoted ? s : s.substr(0, kMaxQuoted) + "...";
}

// A whole number of at most 10 digits (ConvScope's sizes are far below 2^31 * 4), with an
// optional sign; nothing else may be in the text.
std::optional<int64_t> WholeNumber(const std::string& text) {
    const std::string s = Trim(text);
    size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
    if (i == s.size() || s.size() - i > 10) return std::nullopt;
    int64_t value = 0;
    for (; i < s.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        value = value * 10 + (s[i] - '0');
    }
    return negative ? -value : value;
}

std::vector<std::string> Split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::string current;
    for (const char c : s) {
        if (c == sep) {
            parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(current);
    return parts;
}

bool AllSame(const std::vector<int64_t>& v) {
    return std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == v[0]; });
}

}  // namespace

// ---- 2. Fomoro fragments -------------------------------------------------------------------

ParsedNetwork ParseFomoro(const std::string& text, int dims) {
    if (dims < 1 || dims > kMaxSpatialDims) {
        throw Error("fomoro layers need 1, 2 or 3 spatial dimensions, got " + std::to_string(dims));
    }
    ParsedNetwork parsed;
    parsed.format = "fomoro";
    const size_t hash = text.rfind('#');
    const std::string body = hash == std::string::npos ? text : text.substr(hash + 1);
    std::string compact;
    for (const char c : body) {
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    }
    const std::vector<std::string> specs = Split(compact, ';');
    size_t number = 0;
    for (const std::string& spec : specs) {
        if (spec.empty()) continue;
        ++number;
        if (number > 1000) throw Error("a fomoro stack may have at most 1000 layers");
        const std::string where =
            "fomoro layer " + std::to_string(number) + " ('" + Quote(spec) + "')";
        const std::vector<std::string> f = Split(spec, ',');
        if (f.size() != 4) {
            throw Error(where + " has " + std::to_string(f.size()) +
                        " fields; each layer is kernel,stride,dilation,padding (padding VALID, "
                        "SAME or a number)");
        }
        const char* field_names[3] = {"kernel", "stride", "dilation"};
        int64_t values[3];
        for (int i = 0; i < 3; ++i) {
            const std::optional<int64_t> v = WholeNumber(f[i]);
            if (!v || *v < 1 || *v > kMaxExtent) {
                throw Error(where + ": " + field_names[i] + " '" + Quote(f[i]) +
                            "' is not a whole number from 1 to " + std::to_string(kMaxExtent));
            }
            values[i] = *v;
        }
        Layer layer =
            MakeLayer(LayerType::Conv, std::vector<int64_t>(static_cast<size_t>(dims), values[0]));
        layer.stride.assign(static_cast<size_t>(dims), values[1]);
        layer.dilation.assign(static_cast<size_t>(dims), values[2]);
        const std::string pad = Lower(f[3]);
        if (pad == "valid") {
            layer.padding_form = PaddingForm::Valid;
        } else if (pad == "same") {
            layer.padding_form = PaddingForm::Same;
            layer.same_rule = SameRule::TensorFlow;
        } else {
            const std::optional<int64_t> p = WholeNumber(f[3]);
            if (!p || *p < 0 || *p > kMaxExtent) {
                throw Error(where + ": padding '" + Quote(f[3]) +
                            "' is not VALID, SAME or a whole number of cells >= 0");
            }
            layer.padding.assign(static_cast<size_t>(dims), PadPair{*p, *p});
        }
        try {
            ValidateLayer(layer);
        } catch (const Error& e) {
            throw Error(where + ": " + e.what());
        }
        parsed.network.layers.push_back(layer);
        parsed.network.names.push_back("");
    }
    if (parsed.network.layers.empty()) {
        throw Error(
            "the fomoro text has no layers; write kernel,stride,dilation,padding per layer, ';' "
            "between layers");
    }
    return parsed;
}

std::string FomoroText(const std::vector<Layer>& layers) {
    if (layers.empty()) throw Error("a stack without layers has no fomoro form");
    std::string text = "#";
    for (size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = layers[i];
        const std::string where =
            "layer " + std::to_string(i + 1) + " (" + LayerTypeName(l.type) + ")";
        if (l.IsTransposed() || l.IsUpsampling()) {
            throw Error(where + " is a " + TypeInfo(l.type).label +
                        ", which has no fomoro form (the calculator knows convolution and "
                        "pooling only)");
        }
        if (!AllSame(l.kernel) || !AllSame(l.stride) || !AllSame(l.dilation)) {
            throw Error(where +
                        " has different kernels, strides or dilations per dimension; a fomoro "
                        "layer has one of each");
        }
        if (l.padding_mode != PaddingMode::Zeros) {
            throw Error(where + " pads in " + PaddingModeName(l.padding_mode) +
                        " mode; fomoro layers pad with zeros");
        }
        if (TypeInfo(l.type).Has(kLayerCeilMode) && l.ceil_mode)
            throw Error(where + " uses ceil_mode, which fomoro layers do not have");
        std::string pad;
        switch (l.padding_form) {
            case PaddingForm::Explicit:
                for (const PadPair& p : l.padding) {
                    if (p.before != p.after || p.before != l.padding[0].before) {
                        throw Error(
                            where + " pads [" + std::to_string(p.before) + ", " +
                            std::to_string(p.after) +
                            "]; a fomoro layer pads the same number of cells on every side");
                    }
                }
                pad = std::to_string(l.padding[0].before);
                break;
            case PaddingForm::Valid:
                pad = "VALID";
                break;
            case PaddingForm::Same: {
                // PyTorch's rule is TensorFlow's at stride 1; ONNX upper is TensorFlow's.
                const bool strided =
                    std::any_of(l.stride.begin(), l.stride.end(), [](int64_t s) { return s > 1; });
                if (l.same_rule == SameRule::OnnxLower ||
                    (l.same_rule == SameRule::PyTorch && strided)) {
                    throw Error(where + " uses the " + SameRuleName(l.same_rule) +
                                " same rule, which differs from fomoro's SAME (TensorFlow's, odd "
                                "cell after)");
                }
                pad = "SAME";
                break;
            }
            case PaddingForm::Full:
                throw Error(where +
                            " uses 'full' padding; write its number of cells (D*(K-1)) instead");
        }
        text += (i ? ";" : "") + std::to_string(l.kernel[0]) + "," + std::to_string(l.stride[0]) +
                "," + std::to_string(l.dilation[0]) + "," + pad;
    }
    return text;
}

namespace {

// ---- 3. PyTorch module reprs: values and arguments -----------------------------------------

// One printed value: a number, a tuple of numbers, None, a bool or a bare/quoted word.
struct Value {
    enum Kind { Number, Tuple, Word, None } kind = Word;
    std::vector<double> numbers;  // Number: one; Tuple: the entries
    std::string word;             // Word (quotes removed), and True/False

    bool Whole() const {
        return (kind == Number || kind == Tuple) && !numbers.empty() &&
               std::all_of(numbers.begin(), numbers.end(), [](double v) {
                   // The range first: converting a double outside int64's range is undefined.
                   return v >= -4.0 * kMaxExtent && v <= 4.0 * kMaxExtent && v == std::floor(v);
               });
    }
};

std::optional<double> ParseNumber(const std::string& text) {
    const std::string s = Trim(text);
    if (s.empty() || s.size() > 32) return std::nullopt;
    size_t i = 0;
    if (s[i] == '-' || s[i] == '+') ++i;
    bool digits = false, dot = false;
    double whole = 0, scale = 1;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits = true;
            if (dot) {
                scale /= 10;
                whole += (c - '0') * scale;
            } else {
                whole = whole * 10 + (c - '0');
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else if ((c == 'e' || c == 'E') && digits) {
            // Exponents only appear in eps=1e-05 style arguments nobody reads: keep them
            // parseable, their value does not matter.
            return 0.0;
        } else {
            return std::nullopt;
        }
    }
    if (!digits) return std::nullopt;
    return s[0] == '-' ? -whole : whole;
}

Value ParseValue(const std::string& text) {
    const std::string s = Trim(text);
    Value v;
    if (s == "None") {
        v.kind = Value::None;
        return v;
    }
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        v.kind = Value::Tuple;
        for (const std::string& part : Split(s.substr(1, s.size() - 2), ',')) {
            if (Trim(part).empty()) continue;  // "(3,)"
            const std::optional<double> n = ParseNumber(part);
            if (!n) {
                v.kind = Value::Word;
                v.numbers.clear();
                v.word = s;
                return v;
            }
            v.numbers.push_back(*n);
        }
        return v;
    }
    if (const std::optional<double> n = ParseNumber(s)) {
        v.kind = Value::Number;
        v.numbers = {*n};
        return v;
    }
    v.word = s;
    if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front())
        v.word = s.substr(1, s.size() - 2);
    return v;
}

struct Args {
    std::vector<Value> positional;
    std::map<std::string, Value> named;
    bool ok = true;
};

// Splits "64, 128, kernel_size=(3, 3), padding=same" at top-level commas.
Args ParseArgs(const std::string& text) {
    Args args;
    std::vector<std::string> pieces;
    std::string current;
    int depth = 0;
    char quote = 0;
    for (const char c : text) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
            if (--depth < 0) args.ok = false;
        } else if (c == ',' && depth == 0) {
            pieces.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    if (depth != 0 || quote) args.ok = false;
    if (!Trim(current).empty() || !pieces.empty()) pieces.push_back(current);
    for (const std::string& piece : pieces) {
        const std::string p = Trim(piece);
        if (p.empty()) continue;
        const size_t eq = p.find('=');
        bool named = eq != std::string::npos && eq > 0;
        if (named) {
            const std::string key = Trim(p.substr(0, eq));
            named = std::all_of(key.begin(), key.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            });
            if (named) {
                args.named[key] = ParseValue(p.substr(eq + 1));
                continue;
            }
        }
        if (!args.named.empty()) args.ok = false;  // positional after named: not a repr
        args.positional.push_back(ParseValue(p));
    }
    return args;
}

// ---- 4. One module line to a layer -----------------------------------------------------

// Layer: a module of layer_types.inc (its PyTorch column), the type in ModuleInfo::layer.
enum class ModuleKind { Layer, LpPool, Pad, Upsample, Shuffle, Stop, Ignored, Unknown };

struct ModuleInfo {
    ModuleKind kind = ModuleKind::Unknown;
    LayerType layer = LayerType::Conv;  // with ModuleKind::Layer
    int dims = 0;                       // from the type name's "1d/2d/3d", 0 if none
    PaddingMode pad_mode = PaddingMode::Zeros;
};

int DimsSuffix(const std::string& type) {
    if (type.size() >= 2 && type[type.size() - 1] == 'd' && type[type.size() - 2] >= '1' &&
        type[type.size() - 2] <= '3') {
        return type[type.size() - 2] - '0';
    }
    return 0;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

ModuleInfo Classify(const std::string& type) {
    ModuleInfo info;
    const int d = DimsSuffix(type);
    const std::string stem = d ? type.substr(0, type.size() - 2) : type;
    info.dims = d;
    for (const LayerTypeInfo& layer : kLayerTypes) {
        // Modules with weights also come as Lazy* (in_channels inferred at the first call).
        const std::string name = d ? FrameworkClassName(layer.pytorch, d) : "";
        if (d && (type == name || (layer.Has(kLayerHasWeights) && type == "Lazy" + name))) {
            info.kind = ModuleKind::Layer;
            info.layer = layer.type;
            return info;
        }
    }
    if (d && stem == "LPPool")
        info.kind = ModuleKind::LpPool;
    else if (d && (stem == "ZeroPad" || stem == "ConstantPad"))
        info.kind = ModuleKind::Pad;
    else if (d && stem == "ReflectionPad") {
        info.kind = ModuleKind::Pad;
        info.pad_mode = PaddingMode::Reflect;
    } else if (d && stem == "ReplicationPad") {
        info.kind = ModuleKind::Pad;
        info.pad_mode = PaddingMode::Replicate;
    } else if (d && stem == "CircularPad") {
        info.kind = ModuleKind::Pad;
        info.pad_mode = PaddingMode::Circular;
    } else if (type == "Upsample" || type == "UpsamplingNearest2d" ||
               type == "UpsamplingBilinear2d") {
        info.kind = ModuleKind::Upsample;
        info.dims = 0;
    } else if (type == "PixelShuffle" || type == "PixelUnshuffle") {
        info.kind = ModuleKind::Shuffle;
        info.layer = type == "PixelShuffle" ? LayerType::PixelShuffle : LayerType::PixelUnshuffle;
        info.dims = 2;
    } else if (StartsWith(type, "Adaptive") || type == "Fold" || type == "Unfold" ||
               type == "Unflatten" || StartsWith(type, "FractionalMaxPool") ||
               StartsWith(type, "MaxUnpool")) {
        info.kind = ModuleKind::Stop;
    } else {
        static const char* const kKeepSize[] = {"BatchNorm",
                                                "SyncBatchNorm",
                                                "GroupNorm",
                                                "LayerNorm",
                                                "InstanceNorm",
                                                "LocalResponseNorm",
                                                "CrossMapLRN",
                                                "LazyBatchNorm",
                                                "LazyInstanceNorm",
                                                "ReLU",
                                                "ReLU6",
                                                "LeakyReLU",
                                                "PReLU",
                                                "RReLU",
                                                "ELU",
                                                "SELU",
                                                "CELU",
                                                "GELU",
                                                "SiLU",
                                                "Mish",
                                                "Sigmoid",
                                                "LogSigmoid",
                                                "Tanh",
                                                "Tanhshrink",
                                                "Hardswish",
                                                "Hardsigmoid",
                                                "Hardtanh",
                                                "Hardshrink",
                                                "Softshrink",
                                                "Softplus",
                                                "Softsign",
                                                "Softmax",
                                                "Softmax2d",
                                                "Softmin",
                                                "LogSoftmax",
                                                "GLU",
                                                "Threshold",
                                                "Dropout",
                                                "AlphaDropout",
                                                "FeatureAlphaDropout",
                                                "Identity",
                                                "Linear",
                                                "LazyLinear",
                                                "Bilinear",
                                                "Flatten",
                                                "ChannelShuffle",
                                                "MultiheadAttention"};
        for (const char* name : kKeepSize) {
            if (stem == name || type == name) info.kind = ModuleKind::Ignored;
        }
    }
    return info;
}

// A per-dimension value: one number for every dimension or a tuple of `dims` entries.
bool PerDim(const Value& v, int dims, std::vector<int64_t>& out) {
    if (!v.Whole()) return false;
    if (v.kind == Value::Number) {
        out.assign(static_cast<size_t>(dims), static_cast<int64_t>(v.numbers[0]));
        return true;
    }
    if (static_cast<int>(v.numbers.size()) == 1 && dims == 1) {
        out = {static_cast<int64_t>(v.numbers[0])};
        return true;
    }
    if (static_cast<int>(v.numbers.size()) != dims) return false;
    out.clear();
    for (const double n : v.numbers) out.push_back(static_cast<int64_t>(n));
    return true;
}

// Result of reading one leaf module.
struct LeafResult {
    enum Outcome { Read, Stop, Bad } outcome = Bad;
    Layer layer;
    std::string message;  // Bad: why; Read/Stop: a note (may be empty)
};

LeafResult Bad(const std::string& message) {
    LeafResult r;
    r.outcome = LeafResult::Bad;
    r.message = message;
    return r;
}

// Reads kernel_size/stride/padding/dilation style arguments shared by convolutions and pools.
bool ReadSpatial(const Args& args, const char* key, int dims, std::vector<int64_t>& out,
                 std::string& error) {
    const auto it = args.named.find(key);
    if (it == args.named.end()) return true;
    if (!PerDim(it->second, dims, out)) {
        error = std::string(key) + " is not a whole number or a tuple of " + std::to_string(dims);
        return false;
    }
    return true;
}

LeafResult ReadConv(const ModuleInfo& info, const Args& args) {
    const int dims = info.dims;
    std::vector<int64_t> kernel;
    std::string error;
    const auto k = args.named.find("kernel_size");
    if (k == args.named.end() || !PerDim(k->second, dims, kernel)) {
        return Bad("kernel_size is missing or not a whole number / tuple of " +
                   std::to_string(dims));
    }
    Layer layer = MakeLayer(info.layer, kernel);
    if (!ReadSpatial(args, "stride", dims, layer.stride, error) ||
        !ReadSpatial(args, "dilation", dims, layer.dilation, error) ||
        !ReadSpatial(args, "output_padding", dims, layer.output_padding, error)) {
        return Bad(error);
    }
    if (!TypeInfo(info.layer).Has(kLayerOutputPadding) && args.named.count("output_padding"))
        return Bad("output_padding belongs to transposed convolutions");
    const auto pad = args.named.find("padding");
    if (pad != args.named.end()) {
        if (pad->second.kind == Value::Word &&
            (pad->second.word == "same" || pad->second.word == "valid")) {
            layer.padding_form =
                pad->second.word == "same" ? PaddingForm::Same : PaddingForm::Valid;
        } else {
            std::vector<int64_t> p;
            if (!PerDim(pad->second, dims, p))
                return Bad("padding is not 'same', 'valid', a whole number or a tuple of " +
                           std::to_string(dims));
            for (int d = 0; d < dims; ++d)
                layer.padding[static_cast<size_t>(d)] =
                    PadPair{p[static_cast<size_t>(d)], p[static_cast<size_t>(d)]};
        }
    }
    const auto groups = args.named.find("groups");
    if (groups != args.named.end()) {
        if (groups->second.kind != Value::Number || !groups->second.Whole())
            return Bad("groups is not a whole number");
        layer.groups = static_cast<int64_t>(groups->second.numbers[0]);
    }
    const auto bias = args.named.find("bias");
    if (bias != args.named.end()) layer.bias = bias->second.word != "False";
    const auto mode = args.named.find("padding_mode");
    if (mode != args.named.end()) {
        const std::string& m = mode->second.word;
        if (m == "zeros")
            layer.padding_mode = PaddingMode::Zeros;
        else if (m == "reflect")
            layer.padding_mode = PaddingMode::Reflect;
        else if (m == "replicate")
            layer.padding_mode = PaddingMode::Replicate;
        else if (m == "circular")
            layer.padding_mode = PaddingMode::Circular;
        else
            return Bad("padding_mode '" + Quote(m) +
                       "' is not zeros, reflect, replicate or circular");
    }
    // Channels: LazyConv prints only out_channels (in_channels is inferred at run time).
    std::vector<int64_t> channels;
    for (const Value& v : args.positional) {
        if (v.kind != Value::Number || !v.Whole() || v.numbers[0] < 1)
            return Bad("channel counts must be positive whole numbers");
        channels.push_back(static_cast<int64_t>(v.numbers[0]));
    }
    if (channels.size() == 2) {
        layer.in_channels = channels[0];
        layer.out_channels = channels[1];
    } else if (channels.size() == 1) {
        layer.out_channels = channels[0];
    } else if (channels.size() > 2) {
        return Bad("more than two positional arguments");
    }
    LeafResult r;
    r.outcome = LeafResult::Read;
    r.layer = layer;
    return r;
}

LeafResult ReadPool(const ModuleInfo& info, const Args& args) {
    const int dims = info.dims;
    std::vector<int64_t> kernel;
    std::string error;
    const auto k = args.named.find("kernel_size");
    if (k == args.named.end() || !PerDim(k->second, dims, kernel)) {
        return Bad("kernel_size is missing or not a whole number / tuple of " +
                   std::to_string(dims));
    }
    // LPPool is read as average pooling (the same receptive field).
    const LayerType type = info.kind == ModuleKind::Layer ? info.layer : LayerType::AvgPool;
    Layer layer = MakeLayer(type, kernel);
    const auto stride = args.named.find("stride");
    if (stride != args.named.end() && stride->second.kind != Value::None) {
        if (!PerDim(stride->second, dims, layer.stride))
            return Bad("stride is not a whole number or a tuple of " + std::to_string(dims));
    }
    std::vector<int64_t> pad(static_cast<size_t>(dims), 0);
    if (!ReadSpatial(args, "padding", dims, pad, error)) return Bad(error);
    for (int d = 0; d < dims; ++d)
        layer.padding[static_cast<size_t>(d)] =
            PadPair{pad[static_cast<size_t>(d)], pad[static_cast<size_t>(d)]};
    if (info.kind == ModuleKind::Layer && TypeInfo(type).Has(kLayerDilation) &&
        !ReadSpatial(args, "dilation", dims, layer.dilation, error)) {
        return Bad(error);
    }
    const auto ceil = args.named.find("ceil_mode");
    if (ceil != args.named.end()) layer.ceil_mode = ceil->second.word == "True";
    LeafResult r;
    r.outcome = LeafResult::Read;
    r.layer = layer;
    if (info.kind == ModuleKind::Layer && TypeInfo(type).Has(kLayerCountIncludePad)) {
        r.message =
            "AvgPool's print shows neither ceil_mode nor count_include_pad: PyTorch's defaults "
            "(False, True) are assumed";
    } else if (info.kind == ModuleKind::LpPool) {
        r.message = "LPPool read as average pooling (the same receptive field)";
    }
    return r;
}

// ZeroPad2d((left, right, top, bottom)): PyTorch lists the LAST dimension first.
LeafResult ReadPad(const ModuleInfo& info, const Args& args) {
    const int dims = info.dims;
    const Value* v = nullptr;
    if (!args.positional.empty()) v = &args.positional[0];
    const auto p = args.named.find("padding");
    if (p != args.named.end()) v = &p->second;
    if (!v || !v->Whole()) return Bad("padding is not a whole number or a tuple");
    std::vector<int64_t> flat;
    for (const double n : v->numbers) flat.push_back(static_cast<int64_t>(n));
    // Not assign(n, flat[0]): assigning from the vector's own element is undefined.
    if (v->kind == Value::Number)
        flat = std::vector<int64_t>(static_cast<size_t>(2 * dims), flat.front());
    if (static_cast<int>(flat.size()) != 2 * dims) {
        return Bad("padding has " + std::to_string(flat.size()) + " values; a " +
                   std::to_string(dims) + "-D pad takes " + std::to_string(2 * dims));
    }
    Layer layer = MakeLayer(LayerType::Conv, std::vector<int64_t>(static_cast<size_t>(dims), 1));
    for (int d = 0; d < dims; ++d) {
        const size_t from_end = static_cast<size_t>(2 * (dims - 1 - d));
        layer.padding[static_cast<size_t>(d)] = PadPair{flat[from_end], flat[from_end + 1]};
    }
    layer.padding_asymmetric = true;
    layer.padding_mode = info.pad_mode;
    const auto value = args.named.find("value");
    LeafResult r;
    r.outcome = LeafResult::Read;
    r.layer = layer;
    r.message = "padding read as a 1x1 identity convolution with that padding";
    if (value != args.named.end() && value->second.kind == Value::Number &&
        value->second.numbers[0] != 0) {
        r.message += " (its constant is not 0: the field is the same, values differ)";
    }
    return r;
}

LeafResult ReadUpsample(const std::string& type, const Args& args, int dims) {
    LeafResult r;
    r.outcome = LeafResult::Stop;
    std::string mode = type == "UpsamplingBilinear2d" ? "bilinear" : "nearest";
    const auto m = args.named.find("mode");
    if (m != args.named.end()) mode = m->second.word;
    const auto scale = args.named.find("scale_factor");
    const auto size = args.named.find("size");
    const bool by_factor = scale != args.named.end() && scale->second.kind != Value::None;
    const bool by_size = size != args.named.end() && size->second.kind != Value::None;
    if (!by_factor && !by_size) {
        r.message = type + " gives neither scale_factor nor size";
        return r;
    }
    const bool linear = mode == "linear" || mode == "bilinear" || mode == "trilinear";
    if (mode != "nearest" && !linear) {
        r.message = type + " mode=" + Quote(mode) +
                    " is not nearest or linear upsampling, which ConvScope computes";
        return r;
    }
    if (dims == 0) {
        r.message = type + " comes before any convolution, so its number of dimensions is unknown";
        return r;
    }
    const int mode_dims = mode == "linear"      ? 1
                          : mode == "bilinear"  ? 2
                          : mode == "trilinear" ? 3
                                                : 0;
    if (mode_dims != 0 && mode_dims != dims) {
        r.message = type + " mode=" + Quote(mode) + " takes " + std::to_string(mode_dims) +
                    "-D inputs (PyTorch refuses others), but this network is " +
                    std::to_string(dims) + "-D";
        return r;
    }
    std::vector<int64_t> factors(static_cast<size_t>(dims), 1), sizes;
    if (by_size) {
        // Upsample(size=(56, 56)): the output size, whatever the input.
        if (!PerDim(size->second, dims, sizes) ||
            std::any_of(sizes.begin(), sizes.end(),
                        [](int64_t v) { return v < 1 || v > kMaxExtent; })) {
            r.message = type + " size is not a whole number from 1 to " +
                        std::to_string(kMaxExtent) + " per dimension";
            return r;
        }
    } else if (!PerDim(scale->second, dims, factors) ||
               std::any_of(factors.begin(), factors.end(),
                           [](int64_t f) { return f < 1 || f > 1024; })) {
        r.message = type + " scale_factor is not a whole number from 1 to 1024";
        return r;
    }
    Layer layer =
        MakeLayer(linear ? LayerType::UpsampleLinear : LayerType::UpsampleNearest, factors);
    layer.size = sizes;
    // UpsamplingBilinear2d aligns corners; Upsample says so when it does.
    const auto align = args.named.find("align_corners");
    layer.align_corners = type == "UpsamplingBilinear2d" ||
                          (linear && align != args.named.end() && align->second.word == "True");
    r.outcome = LeafResult::Read;
    r.layer = layer;
    return r;
}

LeafResult ReadShuffle(const ModuleInfo& info, const std::string& type, const Args& args) {
    LeafResult r;
    r.outcome = LeafResult::Stop;
    const char* key = info.layer == LayerType::PixelShuffle ? "upscale_factor" : "downscale_factor";
    auto factor = args.named.find(key);
    const Value* value = factor != args.named.end() ? &factor->second
                         : !args.positional.empty() ? &args.positional.front()
                                                    : nullptr;
    std::vector<int64_t> factors;
    if (!value || !PerDim(*value, 1, factors) || factors[0] < 1 || factors[0] > 1024) {
        r.message = type + " " + key + " is not a whole number from 1 to 1024";
        return r;
    }
    r.outcome = LeafResult::Read;
    r.layer = MakeLayer(info.layer, {factors[0], factors[0]});
    return r;
}

// ---- 5. The line walk -------------------------------------------------------------------

// A module line: "(name): Type(args)", "(name): Type(" (a container), "(0-2): 3 x Type(",
// "Type(args)" or ")".
struct Line {
    bool close = false;
    std::string name;
    int64_t repeat_first = 0, repeat_count = 1;  // "(0-2): 3 x": 0, 3
    bool repeated = false;
    std::string type;
    bool container = false;  // the line ends right after '('
    std::string args;        // leaf: text between the parentheses
};

std::optional<Line> ParseLine(const std::string& raw) {
    std::string s = Trim(raw);
    Line line;
    if (s == ")") {
        line.close = true;
        return line;
    }
    if (!s.empty() && s[0] == '(') {
        const size_t end = s.find("): ");
        if (end == std::string::npos) return std::nullopt;
        line.name = s.substr(1, end - 1);
        if (line.name.empty() || line.name.size() > 200) return std::nullopt;
        s = Trim(s.substr(end + 3));
        // "(0-2): 3 x Block(": ModuleList's compressed repeats.
        const size_t dash = line.name.find('-');
        const size_t x = s.find(" x ");
        if (dash != std::string::npos && x != std::string::npos) {
            const std::optional<int64_t> first = WholeNumber(line.name.substr(0, dash));
            const std::optional<int64_t> last = WholeNumber(line.name.substr(dash + 1));
            const std::optional<int64_t> count = WholeNumber(s.substr(0, x));
            if (first && last && count && *count >= 1 && *last - *first + 1 == *count) {
                line.repeated = true;
                line.repeat_first = *first;
                line.repeat_count = *count;
                s = Trim(s.substr(x + 3));
            }
        }
    }
    const size_t open = s.find('(');
    if (open == std::string::npos || open == 0) return std::nullopt;
    line.type = s.substr(0, open);
    if (line.type.size() > 100) return std::nullopt;
    for (const char c : line.type) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.')
            return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(line.type[0]))) return std::nullopt;
    const std::string rest = s.substr(open + 1);
    if (rest.empty()) {
        line.container = true;
        return line;
    }
    if (rest.back() != ')') return std::nullopt;
    line.args = rest.substr(0, rest.size() - 1);
    return line;
}

// A module met in the text that the warnings need: a container, a skipped branch or gate, a
// module whose name says it pads in forward(). `path` is relative to the frame holding it.
struct Record {
    std::string path;
    std::string type;
    int line = 0;
};

struct Frame {
    std::string path;  // dotted name of the container ("" at the top)
    std::string type;
    int line = 0;
    int64_t repeat_first = 0, repeat_count = 1;
    bool repeated = false;
    bool skipped = false;  // a shortcut branch or a gate: nothing inside is read
    std::vector<Layer> layers;
    std::vector<std::string> names;  // relative to this frame
    std::vector<int> lines;          // the line each layer was read from
    std::vector<Record> containers;  // every container inside, in the order they close
    std::vector<Record> shortcuts;   // skipped shortcut branches (downsample, shortcut)
    std::vector<Record> gates;       // skipped gates (squeeze-excitation)
    std::vector<Record> odd;         // unknown modules whose name says they pad ("...Same")
};

// "a.b" from "a" and "b"; either may be empty.
std::string JoinPath(const std::string& outer, const std::string& inner) {
    return outer.empty() ? inner : inner.empty() ? outer : outer + "." + inner;
}

// ---- 5b. Where the chain may be wrong ------------------------------------------------------
//
// The text has no forward(): modules are read in the order they were registered. That order
// is the model's path when blocks run their modules one after another, add an unchanged input
// (residual blocks) or concatenate with it (DenseNet, U-Net decoders): the chain then follows
// the longest path and its figures are exact. It is wrong where a block runs side paths next
// to each other (sibling branches, a projection shortcut that is not skipped), where forward()
// runs modules in another order than they were registered, where a gate pools the whole map,
// and where forward() pads. Each gets a warning naming the module and the figures to doubt.

struct ChainText {
    const std::vector<Layer>& layers;
    const std::vector<std::string>& names;  // dotted module paths
    const std::vector<int>& lines;
    const std::vector<Record>& containers;
    const std::vector<Record>& gates;
    const std::vector<Record>& odd;
    const std::string& root_type;
};

int64_t EffectiveKernelOf(const Layer& l, size_t d) {
    return EffectiveKernel(l.kernel[d], l.dilation[d]);
}

const char* const kOnnxPointer =
    " For exact figures export the model to ONNX (torch.onnx.export(model, x, \"model.onnx\")) "
    "and open that: Open model in the explorer, or convscope graph model.onnx.";

bool PlainContainer(const std::string& type) {
    return type == "Sequential" || type == "ModuleList" || type == "ModuleDict";
}

// A module's name without trailing digits and underscores, lower case: "skip_1" -> "skip".
std::string BaseName(const std::string& name) {
    std::string base = Lower(name);
    while (!base.empty() &&
           (std::isdigit(static_cast<unsigned char>(base.back())) || base.back() == '_'))
        base.pop_back();
    return base;
}

std::string LastComponent(const std::string& path) {
    const size_t dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::string ParentPath(const std::string& path) {
    const size_t dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

// Names that say a module is a side path added to a block's output.
bool ProjectionName(const std::string& name) {
    static const char* const kNames[] = {"proj",     "projection", "skip",       "residual",
                                         "shortcut", "downsample", "down_sample"};
    const std::string base = BaseName(name);
    for (const char* n : kNames)
        if (base == n) return true;
    return false;
}

bool BranchName(const std::string& name) { return Lower(name).rfind("branch", 0) == 0; }

// The branch a sibling belongs to: "branch5x5_2" and "branch5x5_1" are one branch's steps,
// "branch3x3_2a" too; "branch_pool" is its own.
std::string BranchGroup(const std::string& name) {
    const std::string lower = Lower(name);
    const size_t last = lower.rfind('_');
    if (last != std::string::npos && last + 1 < lower.size() &&
        std::isdigit(static_cast<unsigned char>(lower[last + 1])))
        return lower.substr(0, last);
    return lower;
}

bool Strided(const Layer& l) {
    if (l.IsTransposed() || l.IsUpsampling()) return false;
    return std::any_of(l.stride.begin(), l.stride.end(), [](int64_t s) { return s > 1; });
}

bool Padded(const Layer& l) {
    if (l.padding_form == PaddingForm::Same || l.padding_form == PaddingForm::Full) return true;
    if (l.padding_form != PaddingForm::Explicit) return false;
    return std::any_of(l.padding.begin(), l.padding.end(),
                       [](const PadPair& p) { return p.before > 0 || p.after > 0; });
}

// Whether a layer changes what a unit sees or how many units there are.
bool Spatial(const Layer& l) {
    if (l.IsTransposed() || l.IsUpsampling() || Strided(l) || Padded(l)) return true;
    for (size_t d = 0; d < l.kernel.size(); ++d)
        if (EffectiveKernelOf(l, d) > 1) return true;
    return false;
}

int64_t StrideOf(const Layer& l) {
    return Strided(l) ? *std::max_element(l.stride.begin(), l.stride.end()) : 1;
}

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

// A warning that may repeat in many blocks of one type: the first one in full, then how many
// more and the last.
struct Finding {
    int line = 0;
    std::string key;  // kind and block type
    std::string text;
    std::string path;
    std::string type;
};

std::vector<TextNote> GroupFindings(std::vector<Finding> findings) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.line < b.line; });
    std::vector<TextNote> notes;
    std::map<std::string, size_t> first;                      // key -> index into notes
    std::map<std::string, std::pair<int, std::string>> more;  // key -> count, last path
    std::vector<std::string> order;
    for (const Finding& f : findings) {
        if (!first.count(f.key)) {
            first[f.key] = notes.size();
            order.push_back(f.key);
            notes.push_back({f.line, f.text});
        } else {
            auto& m = more[f.key];
            ++m.first;
            m.second = f.path;
        }
    }
    for (const std::string& key : order) {
        const auto m = more.find(key);
        if (m == more.end()) continue;
        const Finding* sample = nullptr;
        for (const Finding& f : findings)
            if (f.key == key) sample = &f;
        TextNote& note = notes[first[key]];
        const size_t pointer = note.message.find(kOnnxPointer);
        const std::string tail = " The same holds for " + std::to_string(m->second.first) +
                                 " more " + sample->type +
                                 (m->second.first == 1 ? " module" : " modules") +
                                 " (the last: " + Quoted(m->second.second) + ").";
        if (pointer == std::string::npos)
            note.message += tail;
        else
            note.message.insert(pointer, tail);
    }
    return notes;
}

// One child of a block: a run of read layers under the same direct child module.
struct Child {
    std::string name;      // the child's own name
    size_t first = 0;      // its first layer's index
    int64_t in = 0;        // input channels of its first layer that states them
    int64_t out = 0;       // output channels after it (0: unknown)
    bool spatial = false;  // some layer changes what a unit sees or the size
    bool strided = false;
    int64_t stride = 1;  // product of its strides
};

// Sibling paths of the block at `path` (layers [begin, end)): a new path starts at a child
// whose first layer takes the block's input again (its channels are the block's input
// channels, not the previous child's output), at a projection-named child and after it, and
// at a branch-named child of another branch than the one before.
void CheckBlock(const ChainText& t, const std::string& path, const std::string& type, int line,
                size_t begin, size_t end, std::vector<Finding>& findings) {
    std::vector<Child> children;
    int64_t channels = 0;
    for (size_t i = begin; i < end; ++i) {
        const std::string rest = path.empty() ? t.names[i] : t.names[i].substr(path.size() + 1);
        const std::string name = rest.substr(0, rest.find('.'));
        if (children.empty() || children.back().name != name) {
            Child c;
            c.name = name;
            c.first = i;
            children.push_back(c);
        }
        Child& c = children.back();
        const Layer& l = t.layers[i];
        if (c.in == 0 && l.in_channels > 0) c.in = l.in_channels;
        if (l.out_channels > 0) channels = l.out_channels;
        c.out = channels;
        c.spatial = c.spatial || Spatial(l);
        c.strided = c.strided || Strided(l);
        c.stride *= StrideOf(l);
    }
    if (children.size() < 2) return;
    std::vector<std::vector<size_t>> segments;
    int64_t block_in = 0, current = 0;
    for (size_t k = 0; k < children.size(); ++k) {
        const Child& c = children[k];
        bool restart = segments.empty();
        if (k > 0) {
            const Child& prev = children[k - 1];
            restart = restart || (block_in > 0 && c.in == block_in && c.in != current);
            restart = restart || ProjectionName(c.name) || ProjectionName(prev.name);
            restart = restart || (BranchName(c.name) && BranchName(prev.name) &&
                                  BranchGroup(c.name) != BranchGroup(prev.name));
        }
        if (restart)
            segments.push_back({k});
        else
            segments.back().push_back(k);
        if (block_in == 0 && c.in > 0) block_in = c.in;
        if (c.out > 0) current = c.out;
    }
    if (segments.size() < 2) return;
    std::vector<std::string> spatial, strided;
    std::vector<int64_t> strides;
    bool projection = false, branches = true;
    for (const std::vector<size_t>& segment : segments) {
        bool is_spatial = false, is_strided = false;
        int64_t stride = 1;
        for (const size_t k : segment) {
            is_spatial = is_spatial || children[k].spatial;
            is_strided = is_strided || children[k].strided;
            stride *= children[k].stride;
        }
        const std::string& head = children[segment.front()].name;
        projection = projection || ProjectionName(head);
        branches = branches && BranchName(head);
        if (is_spatial) spatial.push_back(head);
        if (is_strided) {
            strided.push_back(head);
            strides.push_back(stride);
        }
    }
    if (spatial.size() < 2) return;  // side paths of 1x1 layers add nothing to the field
    const std::string where = path.empty() ? "the model" : Quoted(path) + " (" + type + ")";
    const auto list = [&](const std::vector<std::string>& heads) {
        std::string text;
        for (size_t i = 0; i < heads.size(); ++i)
            text += (i == 0                  ? ""
                     : i + 1 == heads.size() ? " and "
                                             : ", ") +
                    Quoted(JoinPath(path, heads[i]));
        return text;
    };
    std::string what;
    if (projection) {
        std::string proj;
        for (const auto& segment : segments)
            if (ProjectionName(children[segment.front()].name))
                proj = children[segment.front()].name;
        what = Quoted(JoinPath(path, proj)) +
               " is named like a projection shortcut, a side path forward() adds to the block's "
               "output; it is read into the chain, in series with the main path";
    } else if (branches) {
        what = "its sibling branches " + list(spatial) +
               " run side by side in forward() (their outputs are concatenated or added), but "
               "the chain reads them one after another";
    } else {
        what = list(spatial) + " both take the block's input (" + std::to_string(block_in) +
               " channels), so forward() runs them side by side, but the chain reads them one "
               "after another";
    }
    Finding f;
    f.line = line;
    f.path = path;
    f.type = type;
    if (strided.size() >= 2) {
        int64_t product = 1, largest = 1;
        for (const int64_t s : strides) {
            product *= s;
            largest = std::max(largest, s);
        }
        f.key = "stride:" + type;
        f.text = "Warning: in " + where + ", " + what + ". Its stride is applied twice (" +
                 list(strided) + " are both strided): the output sizes after " +
                 (path.empty() ? std::string("it") : Quoted(path)) + " come out " +
                 std::to_string(product / largest) +
                 "x too small, and the receptive field and jump after it are wrong." + kOnnxPointer;
    } else {
        f.key = "branch:" + type;
        f.text = "Warning: in " + where + ", " + what + ". The receptive field after " +
                 (path.empty() ? std::string("it") : Quoted(path)) +
                 " comes out too large (the branches' fields added instead of the largest "
                 "taken); sizes are right." +
                 kOnnxPointer;
    }
    findings.push_back(f);
}

std::vector<TextNote> ChainWarnings(const ChainText& t) {
    std::vector<Finding> findings;
    const size_t count = t.layers.size();

    // Blocks with sibling paths: every container whose forward() is not known (not a
    // Sequential or ModuleList), and the model itself.
    std::vector<Record> blocks = t.containers;
    if (!t.root_type.empty()) blocks.push_back({"", t.root_type, 1});
    for (const Record& block : blocks) {
        if (PlainContainer(block.type)) continue;
        const std::string prefix = block.path + ".";
        size_t begin = count, end = count;
        for (size_t i = 0; i < count; ++i) {
            const bool under =
                block.path.empty() || t.names[i].compare(0, prefix.size(), prefix) == 0;
            if (under && begin == count) begin = i;
            if (!under && begin != count) {
                end = i;
                break;
            }
        }
        if (begin < end) CheckBlock(t, block.path, block.type, block.line, begin, end, findings);
    }

    // Registration order against forward() order: an input layer registered late, or a
    // decoder registered before its encoder.
    {
        std::string order;
        int line = 0;
        size_t first = count;
        for (size_t i = 0; i < count; ++i) {
            if (t.layers[i].in_channels > 0) {
                first = i;
                break;
            }
        }
        if (first < count && t.layers[first].in_channels > 4) {
            for (size_t i = first + 1; i < count; ++i) {
                const int64_t in = t.layers[i].in_channels;
                if (in > 0 && in <= 4) {
                    order = Quoted(t.names[first]) + " is read first but takes " +
                            std::to_string(t.layers[first].in_channels) + " channels, while " +
                            Quoted(t.names[i]) + ", registered later, takes " + std::to_string(in) +
                            " like an input image";
                    line = t.lines[first];
                    break;
                }
            }
        }
        // Siblings by print order: containers and layers, each under its parent.
        std::map<std::string, std::vector<std::pair<int, std::string>>> children;
        for (const Record& c : t.containers)
            children[ParentPath(c.path)].push_back({c.line, LastComponent(c.path)});
        for (size_t i = 0; i < count; ++i)
            children[ParentPath(t.names[i])].push_back({t.lines[i], LastComponent(t.names[i])});
        static const char* const kUp[] = {"up",      "ups",       "decoder",   "decoders", "dec",
                                          "up_path", "expansive", "up_blocks", "upblocks"};
        static const char* const kDown[] = {"down",        "downs",       "encoder",
                                            "encoders",    "enc",         "down_path",
                                            "contracting", "down_blocks", "downblocks"};
        const auto is = [](const std::string& name, const char* const* list, size_t n) {
            const std::string base = BaseName(name);
            return std::find(list, list + n, base) != list + n;
        };
        std::string names;
        for (auto& [parent, kids] : children) {
            std::sort(kids.begin(), kids.end());
            const std::pair<int, std::string>* up = nullptr;
            for (const auto& kid : kids) {
                if (!up && is(kid.second, kUp, std::size(kUp))) up = &kid;
                if (up && is(kid.second, kDown, std::size(kDown))) {
                    names = Quoted(JoinPath(parent, up->second)) + " is registered before " +
                            Quoted(JoinPath(parent, kid.second)) +
                            ", although forward() runs the encoder first";
                    line = line ? std::min(line, up->first) : up->first;
                    break;
                }
            }
            if (!names.empty()) break;
        }
        if (!order.empty() || !names.empty()) {
            Finding f;
            f.line = line;
            f.key = "order";
            f.text =
                "Warning: the modules are printed in another order than forward() runs "
                "them: " +
                order + (order.empty() || names.empty() ? "" : "; ") + names +
                ". The chain starts at the wrong module, so every size and receptive field "
                "it gives is wrong." +
                kOnnxPointer;
            findings.push_back(f);
        }
    }

    // Gates over the whole map (squeeze-excitation), skipped.
    for (const Record& g : t.gates) {
        Finding f;
        f.line = g.line;
        f.key = "gate:" + g.type;
        f.path = g.path;
        f.type = g.type;
        f.text = "Warning: " + Quoted(g.path) + " (" + g.type +
                 ") multiplies each unit by a gate pooled from the whole map; the chain skips "
                 "it and follows the windows, so sizes are right, but in the model every unit "
                 "after it depends on the whole input: the receptive field after it is the "
                 "whole input, not the one shown." +
                 kOnnxPointer;
        findings.push_back(f);
    }

    // Padding done in forward(): a module whose name says so, or no padding anywhere while a
    // strided window larger than its stride would need it.
    if (!t.odd.empty()) {
        const Record& o = t.odd.front();
        Finding f;
        f.line = o.line;
        f.key = "pad-module";
        f.text = "Warning: " + Quoted(o.path) + " (" + o.type +
                 ") is not a module the reader knows; its name says it pads in forward() "
                 "('same'), which the text does not show. It was ignored, so the output sizes "
                 "after it and the first unit's range (effective padding) are wrong; the "
                 "receptive field's size is not." +
                 (t.odd.size() > 1
                      ? " " + std::to_string(t.odd.size() - 1) + " more module(s) like it follow."
                      : std::string()) +
                 kOnnxPointer;
        findings.push_back(f);
    }
    const bool any_padding = std::any_of(t.layers.begin(), t.layers.end(), Padded);
    int windows = 0;
    size_t unpadded = count;
    for (size_t i = 0; i < count; ++i) {
        const Layer& l = t.layers[i];
        bool wide = false, overlapping = false;
        for (size_t d = 0; d < l.kernel.size(); ++d) {
            const int64_t k = EffectiveKernelOf(l, d);
            wide = wide || k > 1;
            overlapping = overlapping || (l.stride[d] > 1 && k > l.stride[d]);
        }
        if (l.IsTransposed() || l.IsUpsampling()) continue;
        windows += wide;
        if (overlapping && unpadded == count) unpadded = i;
    }
    if (!any_padding && windows >= 2 && unpadded < count) {
        const Layer& l = t.layers[unpadded];
        Finding f;
        f.line = t.lines[unpadded];
        f.key = "pad-forward";
        f.text = "Warning: no layer in the text pads, and " + Quoted(t.names[unpadded]) + " (" +
                 LayerTypeName(l.type) + ", kernel " + std::to_string(l.kernel.back()) +
                 ", stride " + std::to_string(l.stride.back()) +
                 ") is a strided window wider than its stride: if the model pads in forward() "
                 "(TensorFlow's 'same' with F.pad, as models ported from TensorFlow do), the "
                 "output sizes after it and the first unit's range are wrong (the receptive "
                 "field's size is not); if it is meant to be unpadded, they hold." +
                 kOnnxPointer;
        findings.push_back(f);
    }

    std::vector<TextNote> warnings = GroupFindings(std::move(findings));

    // The root-order note, always.
    std::set<std::string> block_types;
    for (const Record& c : t.containers)
        if (!PlainContainer(c.type)) block_types.insert(c.type);
    std::string types;
    for (const std::string& b : block_types) types += (types.empty() ? "" : ", ") + b;
    std::string root;
    if (t.root_type.empty()) {
        root = "The text has no enclosing model: its modules are read in print order";
    } else if (PlainContainer(t.root_type) && block_types.empty()) {
        root = "The model is a " + t.root_type +
               " of standard modules: forward() runs them in print order, as they are read";
    } else {
        root = (PlainContainer(t.root_type) ? "The model is a " + t.root_type +
                                                  ", which runs its modules in print order, but "
                                                  "the forward() of the blocks inside"
                                            : t.root_type + "'s forward()") +
               std::string(
                   " is not in the text: modules are read in the order they were "
                   "registered (print order)") +
               (types.empty() ? "" : ", blocks (" + types + ") included");
    }
    const bool plain_model = PlainContainer(t.root_type) && block_types.empty();
    if (!warnings.empty())
        root += ". The warnings above say where this reading goes wrong.";
    else if (plain_model)
        root += ".";
    else
        root +=
            ". Nothing in the text suggests that this order, a block's side paths or padding in "
            "forward() change the figures: where a block adds or concatenates its input, the "
            "chain follows its longest path.";
    warnings.push_back({0, root});
    return warnings;
}

class TorchReader {
public:
    explicit TorchReader(const TorchParseOptions& options)
        : options_(options), dims_(options.dims) {}

    ParsedNetwork Read(const std::string& text) {
        parsed_.format = "torch";
        stack_.push_back(Frame{});
        int number = 0;
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            ++number;
            ReadLine(number, text.substr(start, end - start));
            start = end + 1;
        }
        if (stack_.size() > 1) {
            parsed_.notes.push_back(
                {stack_.back().line, "the text ends inside " + std::to_string(stack_.size() - 1) +
                                         " unclosed module(s); their layers are kept"});
            while (stack_.size() > 1) Close(number);
        }
        Frame& top = stack_.front();
        parsed_.network.layers = std::move(top.layers);
        parsed_.network.names = std::move(top.names);
        layer_lines_ = std::move(top.lines);
        top_ = std::move(top);
        Finish();
        return std::move(parsed_);
    }

private:
    void Unparsed(int number, const std::string& text, const std::string& why) {
        if (parsed_.unparsed.size() < kMaxUnparsed) {
            parsed_.unparsed.push_back(
                {number, Quote(Trim(text)) + (why.empty() ? "" : "  [" + why + "]")});
        } else {
            ++unparsed_dropped_;
        }
    }

    size_t TotalLayers() const {
        size_t total = 0;
        for (const Frame& f : stack_) total += f.layers.size();
        return total;
    }

    bool Skipping() const { return !stack_.empty() && stack_.back().skipped; }

    bool IsShortcut(const std::string& name) const {
        return options_.skip_shortcuts && (name == "downsample" || name == "shortcut");
    }

    void ReadLine(int number, const std::string& raw) {
        if (Trim(raw).empty()) return;
        const std::optional<Line> parsed = ParseLine(raw);
        if (!parsed) {
            if (!Skipping()) Unparsed(number, raw, "not a module line");
            return;
        }
        const Line& line = *parsed;
        if (line.close) {
            if (stack_.size() <= 1) {
                if (!Skipping()) Unparsed(number, raw, "closes a module that was never opened");
                return;
            }
            Close(number);
            return;
        }
        if (line.container) {
            if (stack_.size() >= kMaxNesting) {
                Unparsed(number, raw,
                         "nested deeper than " + std::to_string(kMaxNesting) + " modules");
                return;
            }
            Frame frame;
            frame.path = line.name;
            frame.type = line.type;
            frame.line = number;
            frame.repeated = line.repeated;
            frame.repeat_first = line.repeat_first;
            frame.repeat_count = line.repeat_count;
            const bool gate = !Skipping() && stack_.size() > 1 && IsGate(line.name, line.type);
            const bool shortcut = !Skipping() && IsShortcut(line.name);
            frame.skipped = Skipping() || shortcut || gate;
            if (shortcut) {
                ++shortcuts_;
                stack_.back().shortcuts.push_back({line.name, line.type, number});
            }
            if (gate) stack_.back().gates.push_back({line.name, line.type, number});
            stack_.push_back(std::move(frame));
            return;
        }
        if (Skipping()) return;
        if (IsShortcut(line.name)) {
            ++shortcuts_;
            stack_.back().shortcuts.push_back({line.name, line.type, number});
            return;
        }
        ReadLeaf(number, raw, line);
    }

    // Squeeze-excitation and the like: a side path that pools the whole map into a gate the
    // main path is multiplied by. The main path keeps its size, so it is skipped (instead of
    // stopping at its global pooling), with a warning that every unit after it depends on the
    // whole input.
    static bool IsGate(const std::string& name, const std::string& type) {
        static const char* const kNames[] = {"se", "squeeze_excite", "squeeze_excitation",
                                             "se_module", "se_layer"};
        static const char* const kTypes[] = {"SEModule", "SELayer", "SEBlock", "SqueezeExcite",
                                             "EffectiveSEModule"};
        for (const char* n : kNames)
            if (Lower(name) == n) return true;
        for (const char* t : kTypes)
            if (type == t) return true;
        return type.find("SqueezeExcit") != std::string::npos;
    }

    void Close(int number) {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        Frame& parent = stack_.back();
        if (frame.skipped) return;
        if (stack_.size() == 1 && frame.path.empty()) root_type_ = frame.type;
        for (int64_t r = 0; r < frame.repeat_count; ++r) {
            if (TotalLayers() + frame.layers.size() > kMaxTextLayers) {
                TooMany(number);
                return;
            }
            const std::string index =
                frame.repeated ? std::to_string(frame.repeat_first + r) : frame.path;
            for (size_t i = 0; i < frame.layers.size(); ++i) {
                parent.layers.push_back(frame.layers[i]);
                parent.names.push_back(JoinPath(index, frame.names[i]));
                parent.lines.push_back(frame.lines[i]);
            }
            // Records only feed the warnings: past a bound (repeats of repeats of empty blocks
            // would multiply them) the rest are dropped.
            const auto carry = [&](const std::vector<Record>& from, std::vector<Record>& to) {
                for (const Record& c : from) {
                    if (to.size() >= kMaxRecords) return;
                    to.push_back({JoinPath(index, c.path), c.type, c.line});
                }
            };
            carry(frame.containers, parent.containers);
            if (!index.empty() && parent.containers.size() < kMaxRecords)
                parent.containers.push_back({index, frame.type, frame.line});
            carry(frame.shortcuts, parent.shortcuts);
            carry(frame.gates, parent.gates);
            carry(frame.odd, parent.odd);
        }
    }

    void TooMany(int number) {
        if (!too_many_)
            parsed_.notes.push_back({number, "more than " + std::to_string(kMaxTextLayers) +
                                                 " layers; the rest are not read"});
        too_many_ = true;
        stopped_ = true;
    }

    void Add(int number, const Layer& layer, const Line& line, const std::string& note) {
        if (stopped_) {
            ++after_stop_;
            return;
        }
        if (TotalLayers() + static_cast<size_t>(line.repeat_count) > kMaxTextLayers) {
            TooMany(number);
            return;
        }
        Frame& frame = stack_.back();
        for (int64_t r = 0; r < line.repeat_count; ++r) {
            frame.layers.push_back(layer);
            frame.names.push_back(line.repeated ? std::to_string(line.repeat_first + r)
                                                : line.name);
            frame.lines.push_back(number);
        }
        if (!note.empty()) Note(number, line.type, note);
    }

    // One note per message, with how often and where it first happened.
    void Note(int number, const std::string& type, const std::string& message) {
        const std::string key = type + ": " + message;
        auto it = grouped_.find(key);
        if (it == grouped_.end()) {
            if (grouped_.size() >= kMaxNoteKinds) {
                ++notes_dropped_;
                return;
            }
            grouped_[key] = {number, 1, grouped_order_++};
        } else {
            ++it->second.count;
        }
    }

    void ReadLeaf(int number, const std::string& raw, const Line& line) {
        const ModuleInfo info = Classify(line.type);
        const Args args = ParseArgs(line.args);
        if (!args.ok && info.kind != ModuleKind::Unknown && info.kind != ModuleKind::Ignored) {
            Unparsed(number, raw, "the arguments are not balanced");
            return;
        }
        switch (info.kind) {
            case ModuleKind::Ignored:
                Note(number, line.type, "ignored (keeps the spatial size or has none)");
                return;
            case ModuleKind::Unknown:
                if (Trim(line.args).empty() &&
                    (line.type == "Sequential" || line.type == "ModuleList" ||
                     line.type == "ModuleDict")) {
                    Note(number, line.type, "empty container ignored");
                    return;
                }
                if (line.type.find("Same") != std::string::npos ||
                    line.type.find("Pad") != std::string::npos) {
                    stack_.back().odd.push_back({line.name, line.type, number});
                }
                Note(number, line.type,
                     "unknown module ignored; if it changes the spatial size, the sizes after it "
                     "are wrong");
                return;
            case ModuleKind::Stop:
                if (stopped_) {
                    ++after_stop_;
                    return;
                }
                parsed_.notes.push_back(
                    {number, line.type + " depends on sizes the text does not fix and cannot be "
                                         "expressed as a layer; the stack ends before it"});
                stopped_ = true;
                return;
            default:
                break;
        }
        const int dims = info.kind == ModuleKind::Upsample ? dims_ : info.dims;
        if (info.kind != ModuleKind::Upsample) {
            if (dims_ == 0) dims_ = dims;
            if (dims != dims_) {
                Unparsed(number, raw,
                         std::to_string(dims) + "-D module in a " + std::to_string(dims_) +
                             "-D network");
                return;
            }
        }
        LeafResult r;
        switch (info.kind) {
            case ModuleKind::Layer:
                // Weighted layers take channels and a kernel_size; pooling a window.
                r = TypeInfo(info.layer).Has(kLayerPooling) ? ReadPool(info, args)
                                                            : ReadConv(info, args);
                break;
            case ModuleKind::LpPool:
                r = ReadPool(info, args);
                break;
            case ModuleKind::Pad:
                r = ReadPad(info, args);
                break;
            case ModuleKind::Upsample:
                r = ReadUpsample(line.type, args, dims_);
                break;
            case ModuleKind::Shuffle:
                r = ReadShuffle(info, line.type, args);
                break;
            default:
                break;
        }
        if (r.outcome == LeafResult::Read) {
            try {
                ValidateLayer(r.layer);
            } catch (const Error& e) {
                r = Bad(e.what());
            }
        }
        switch (r.outcome) {
            case LeafResult::Read:
                Add(number, r.layer, line, r.message);
                break;
            case LeafResult::Stop:
                if (stopped_) {
                    ++after_stop_;
                } else {
                    parsed_.notes.push_back({number, r.message + "; the stack ends before it"});
                    stopped_ = true;
                }
                break;
            case LeafResult::Bad:
                Unparsed(number, raw, r.message);
                break;
        }
    }

    void Finish() {
        std::vector<std::pair<int, TextNote>> ordered;
        for (const auto& [key, g] : grouped_) {
            const size_t colon = key.find(": ");
            const std::string type = key.substr(0, colon), message = key.substr(colon + 2);
            const std::string text =
                type +
                (g.count > 1 ? " (" + std::to_string(g.count) + " modules, first on line " +
                                   std::to_string(g.first_line) + ")"
                             : "") +
                ": " + message;
            ordered.push_back({g.order, TextNote{g.first_line, text}});
        }
        for (auto& [order, note] : ordered) parsed_.notes.push_back(std::move(note));
        // Notes about lines in line order; notes about the whole text come after them.
        std::stable_sort(parsed_.notes.begin(), parsed_.notes.end(),
                         [](const TextNote& a, const TextNote& b) {
                             return a.line != 0 && (b.line == 0 || a.line < b.line);
                         });
        if (after_stop_ > 0) {
            parsed_.notes.push_back(
                {0, std::to_string(after_stop_) + " layer(s) after the stop were not read"});
        }
        if (shortcuts_ > 0) {
            parsed_.notes.push_back({0, std::to_string(shortcuts_) +
                                            " shortcut branch(es) (modules named downsample or "
                                            "shortcut) skipped: they are not on the main path"});
        }
        parsed_.warnings =
            ChainWarnings(ChainText{parsed_.network.layers, parsed_.network.names, layer_lines_,
                                    top_.containers, top_.gates, top_.odd, root_type_});
        if (notes_dropped_ > 0) {
            parsed_.notes.push_back({0, std::to_string(notes_dropped_) +
                                            " more module(s) of other types ignored, not listed"});
        }
        if (unparsed_dropped_ > 0) {
            parsed_.notes.push_back(
                {0, std::to_string(unparsed_dropped_) + " more unreadable line(s) not listed"});
        }
        if (parsed_.network.layers.empty()) {
            parsed_.notes.push_back(
                {0, "no convolution, pooling, padding or upsampling module was found"});
        }
    }

    struct Group {
        int first_line = 0;
        int count = 0;
        int order = 0;
    };

    TorchParseOptions options_;
    int dims_ = 0;
    ParsedNetwork parsed_;
    std::vector<Frame> stack_;
    std::map<std::string, Group> grouped_;
    int grouped_order_ = 0;
    std::string root_type_;
    std::vector<int> layer_lines_;
    Frame top_;  // the outermost frame once read: the records the warnings need
    int shortcuts_ = 0;
    size_t after_stop_ = 0;
    size_t unparsed_dropped_ = 0;
    size_t notes_dropped_ = 0;
    bool stopped_ = false;
    bool too_many_ = false;
};

}  // namespace

ParsedNetwork ParseTorchPrint(const std::string& text, const TorchParseOptions& options) {
    TorchParseOptions checked = options;
    if (checked.dims < 0 || checked.dims > kMaxSpatialDims) checked.dims = 0;
    return TorchReader(checked).Read(text);
}

// ---- 6. Format choice ---------------------------------------------------------------------

ParsedNetwork ParseStackTokens(const std::string& text, int dims) {
    if (dims < 1 || dims > kMaxSpatialDims) {
        throw Error("stack tokens need 1, 2 or 3 dimensions, got " + std::to_string(dims));
    }
    const StackReading reading = ReadStack(text, dims);
    if (!reading.errors.empty()) throw Error(reading.errors.front());
    if (reading.truncated) {
        throw Error("a stack has at most " + std::to_string(kMaxStackLayers) + " layers");
    }
    ParsedNetwork parsed;
    parsed.format = "tokens";
    for (const Layer& layer : reading.layers) {
        ValidateLayer(layer);
        parsed.network.layers.push_back(layer);
        parsed.network.names.push_back("");
    }
    return parsed;
}

ParsedNetwork ParseNetworkText(const std::string& text, const std::string& format, int dims) {
    if (format == "fomoro") return ParseFomoro(text, dims == 0 ? 2 : dims);
    if (format == "tokens") return ParseStackTokens(text, dims == 0 ? 2 : dims);
    if (format == "torch") {
        TorchParseOptions options;
        options.dims = dims;
        return ParseTorchPrint(text, options);
    }
    if (format != "auto")
        throw Error("format '" + Quote(format) + "' is not auto, fomoro, tokens or torch");
    if (text.find('(') != std::string::npos) {
        TorchParseOptions options;
        options.dims = dims;
        return ParseTorchPrint(text, options);
    }
    const size_t first = text.find_first_not_of(" \t\r\n#");
    if (text.find(',') == std::string::npos && first != std::string::npos &&
        FindLayerTypeByToken(text[first])) {
        return ParseStackTokens(text.substr(first), dims == 0 ? 2 : dims);
    }
    return ParseFomoro(text, dims == 0 ? 2 : dims);
}

}  // namespace convscope
