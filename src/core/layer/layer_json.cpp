// Reading and writing layer descriptions in the JSON API's form (see layer_json.h).
#include "core/layer/layer_json.h"

#include <set>
#include <string>
#include <utility>

#include "core/layer/error.h"

namespace convscope {

namespace {

using nlohmann::json;

int64_t ReadInt(const json& v, const std::string& field) {
    if (v.is_number_integer()) {
        // Unsigned values above int64's range arrive as number_unsigned.
        if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(kMaxExtent) * 4) {
            throw Error(field + " is " + v.dump() + ", larger than ConvScope's limit of " +
                        std::to_string(kMaxExtent));
        }
        const int64_t value = v.get<int64_t>();
        if (value > 4 * kMaxExtent || value < -4 * kMaxExtent) {
            throw Error(field + " is " + v.dump() + ", outside ConvScope's limit of " +
                        std::to_string(kMaxExtent));
        }
        return value;
    }
    if (v.is_number_float()) {
        throw Error(field + " must be a whole number, got " + v.dump());
    }
    throw Error(field + " must be a whole number, got " + std::string(v.type_name()) + " " +
                v.dump().substr(0, 40));
}

// A scalar for every dimension, or one value per dimension.
std::vector<int64_t> ReadPerDim(const json& v, int dims, const std::string& field) {
    if (v.is_array()) {
        if (static_cast<int>(v.size()) != dims) {
            throw Error(field + " has " + std::to_string(v.size()) + " values but the input has " +
                        std::to_string(dims) + " spatial dimensions; give " + std::to_string(dims) +
                        " or a single number");
        }
        std::vector<int64_t> values;
        for (size_t i = 0; i < v.size(); ++i)
            values.push_back(ReadInt(v[i], field + "[" + std::to_string(i) + "]"));
        return values;
    }
    return std::vector<int64_t>(static_cast<size_t>(dims), ReadInt(v, field));
}

bool ReadBool(const json& v, const std::string& field) {
    if (!v.is_boolean())
        throw Error(field + " must be true or false, got " + v.dump().substr(0, 40));
    return v.get<bool>();
}

std::string ReadString(const json& v, const std::string& field) {
    if (!v.is_string()) throw Error(field + " must be a string, got " + v.dump().substr(0, 40));
    return v.get<std::string>();
}

void ReadPadding(const json& v, int dims, Layer& layer) {
    if (v.is_string()) {
        const std::string name = v.get<std::string>();
        if (name == "same")
            layer.padding_form = PaddingForm::Same;
        else if (name == "valid")
            layer.padding_form = PaddingForm::Valid;
        else if (name == "full")
            layer.padding_form = PaddingForm::Full;
        else
            throw Error("padding '" + name +
                        "' is not a padding name (same, valid, full) or a number");
        return;
    }
    layer.padding_form = PaddingForm::Explicit;
    if (!v.is_array()) {
        const int64_t p = ReadInt(v, "padding");
        layer.padding.assign(static_cast<size_t>(dims), PadPair{p, p});
        return;
    }
    if (static_cast<int>(v.size()) != dims) {
        throw Error("padding has " + std::to_string(v.size()) + " entries but the input has " +
                    std::to_string(dims) +
                    " spatial dimensions; give one number, one per dimension, or one [before, "
                    "after] pair per dimension");
    }
    layer.padding.clear();
    for (size_t d = 0; d < v.size(); ++d) {
        const std::string field = "padding[" + std::to_string(d) + "]";
        if (v[d].is_array()) {
            if (v[d].size() != 2)
                throw Error(field + " must be a number or a [before, after] pair, got " +
                            v[d].dump().substr(0, 40));
            layer.padding.push_back(
                PadPair{ReadInt(v[d][0], field + "[0]"), ReadInt(v[d][1], field + "[1]")});
            layer.padding_asymmetric = true;
        } else {
            const int64_t p = ReadInt(v[d], field);
            layer.padding.push_back(PadPair{p, p});
        }
    }
}

}  // namespace

ValidLayer ParseLayer(const json& j, int dims) {
    if (!j.is_object()) throw Error("a layer must be a JSON object, got " + j.dump().substr(0, 40));
    if (dims < 1 || dims > kMaxSpatialDims) {
        throw Error("layers have 1, 2 or 3 spatial dimensions; the input has " +
                    std::to_string(dims));
    }
    static const std::set<std::string> known = {
        "type",         "kernel",         "stride",           "dilation",      "padding",
        "same_rule",    "padding_mode",   "output_padding",   "ceil_mode",     "count_include_pad",
        "in_channels",  "out_channels",   "groups",           "bias",          "name",
        "scale_factor", "upscale_factor", "downscale_factor", "align_corners", "size"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!known.count(it.key())) {
            throw Error("unknown layer field '" + it.key().substr(0, 40) +
                        "' (known: type, kernel, stride, dilation, padding, same_rule, "
                        "padding_mode, output_padding, "
                        "ceil_mode, count_include_pad, in_channels, out_channels, groups, bias, "
                        "scale_factor, upscale_factor, downscale_factor, align_corners, size)");
        }
    }
    LayerType type = LayerType::Conv;
    if (j.contains("type")) {
        const std::string name = ReadString(j["type"], "type");
        const LayerTypeInfo* info = FindLayerType(name);
        if (!info)
            throw Error("layer type '" + name.substr(0, 40) + "' is not one of " +
                        LayerTypeNameList());
        type = info->type;
    }
    const char* factor = FactorKey(type);
    for (const char* key : {"scale_factor", "upscale_factor", "downscale_factor"}) {
        if (j.contains(key) && (!factor || std::string(key) != factor)) {
            throw Error(std::string(key) + " belongs to " +
                        (factor ? std::string("other layer types; ") + LayerTypeName(type) +
                                      " takes " + factor
                                : std::string("resampling layers; ") + LayerTypeName(type) +
                                      " takes a kernel"));
        }
    }
    const bool by_size = type == LayerType::UpsampleNearest || type == LayerType::UpsampleLinear;
    if (j.contains("size") && !by_size) {
        throw Error(std::string("size belongs to nearest and linear upsampling; ") +
                    LayerTypeName(type) + " takes " + (factor ? factor : "a kernel"));
    }
    if (by_size && j.contains("size")) {
        if (j.contains(factor) || j.contains("kernel")) {
            throw Error(
                "upsampling takes scale_factor or size, not both (PyTorch: only one of "
                "size or scale_factor should be defined). Fix: leave one out");
        }
        Layer layer = MakeLayer(type, Extents(static_cast<size_t>(dims), 1));
        layer.size = ReadPerDim(j["size"], dims, "size");
        if (j.contains("align_corners"))
            layer.align_corners = ReadBool(j["align_corners"], "align_corners");
        if (j.contains("in_channels")) layer.in_channels = ReadInt(j["in_channels"], "in_channels");
        if (j.contains("out_channels"))
            layer.out_channels = ReadInt(j["out_channels"], "out_channels");
        return ValidLayer(std::move(layer));
    }
    const char* size_key = factor && j.contains(factor) ? factor : "kernel";
    if (!j.contains(size_key)) {
        throw Error(factor
                        ? std::string("the layer needs its factor (\"") + factor + "\": 2)"
                        : std::string("the layer needs a kernel size (\"kernel\": 3 or [3, 3])"));
    }
    Layer layer = MakeLayer(type, ReadPerDim(j[size_key], dims, size_key));
    if (j.contains("align_corners"))
        layer.align_corners = ReadBool(j["align_corners"], "align_corners");
    if (j.contains("stride")) layer.stride = ReadPerDim(j["stride"], dims, "stride");
    if (j.contains("dilation")) layer.dilation = ReadPerDim(j["dilation"], dims, "dilation");
    if (j.contains("output_padding"))
        layer.output_padding = ReadPerDim(j["output_padding"], dims, "output_padding");
    if (j.contains("padding")) ReadPadding(j["padding"], dims, layer);
    if (j.contains("same_rule")) {
        const std::string name = ReadString(j["same_rule"], "same_rule");
        // "keras" is the JSON form's alias of TensorFlow's rule.
        if (!FindSameRule(name == "keras" ? "tensorflow" : name, layer.same_rule))
            throw Error("same_rule '" + name.substr(0, 40) +
                        "' is not one of pytorch, tensorflow, onnx_upper, onnx_lower");
    }
    if (j.contains("padding_mode")) {
        const std::string name = ReadString(j["padding_mode"], "padding_mode");
        if (!FindPaddingMode(name, layer.padding_mode))
            throw Error("padding_mode '" + name.substr(0, 40) +
                        "' is not one of zeros, reflect, replicate, circular");
    }
    if (j.contains("ceil_mode")) layer.ceil_mode = ReadBool(j["ceil_mode"], "ceil_mode");
    if (j.contains("count_include_pad"))
        layer.count_include_pad = ReadBool(j["count_include_pad"], "count_include_pad");
    if (j.contains("bias")) layer.bias = ReadBool(j["bias"], "bias");
    if (j.contains("in_channels")) layer.in_channels = ReadInt(j["in_channels"], "in_channels");
    if (j.contains("out_channels")) layer.out_channels = ReadInt(j["out_channels"], "out_channels");
    if (j.contains("groups")) layer.groups = ReadInt(j["groups"], "groups");
    if (layer.in_channels < 0 || layer.out_channels < 0)
        throw Error("channel counts must be positive");
    return ValidLayer(std::move(layer));
}

const char* FactorKey(LayerType type) {
    switch (type) {
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
            return "scale_factor";
        case LayerType::PixelShuffle:
            return "upscale_factor";
        case LayerType::PixelUnshuffle:
            return "downscale_factor";
        case LayerType::Conv:
        case LayerType::ConvTranspose:
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            break;
    }
    return nullptr;
}

json LayerToJson(const Layer& layer) {
    json j;
    j["type"] = LayerTypeName(layer.type);
    if (const char* factor = FactorKey(layer.type)) {
        if (layer.size.empty())
            j[factor] = layer.kernel;
        else
            j["size"] = layer.size;
        if (TypeInfo(layer.type).Has(kLayerAlignCorners)) j["align_corners"] = layer.align_corners;
        if (layer.in_channels > 0) j["in_channels"] = layer.in_channels;
        if (layer.out_channels > 0) j["out_channels"] = layer.out_channels;
        return j;
    }
    j["kernel"] = layer.kernel;
    j["stride"] = layer.stride;
    j["dilation"] = layer.dilation;
    if (layer.padding_form == PaddingForm::Explicit) {
        json pads = json::array();
        for (const PadPair& p : layer.padding) {
            if (layer.padding_asymmetric)
                pads.push_back({p.before, p.after});
            else
                pads.push_back(p.before);
        }
        j["padding"] = pads;
    } else {
        j["padding"] = PaddingFormName(layer.padding_form);
        j["same_rule"] = SameRuleName(layer.same_rule);
    }
    if (layer.padding_mode != PaddingMode::Zeros)
        j["padding_mode"] = PaddingModeName(layer.padding_mode);
    const LayerTypeInfo& info = TypeInfo(layer.type);
    if (info.Has(kLayerOutputPadding)) j["output_padding"] = layer.output_padding;
    if (info.Has(kLayerCeilMode)) j["ceil_mode"] = layer.ceil_mode;
    if (info.Has(kLayerCountIncludePad)) j["count_include_pad"] = layer.count_include_pad;
    if (layer.in_channels > 0) j["in_channels"] = layer.in_channels;
    if (layer.out_channels > 0) j["out_channels"] = layer.out_channels;
    if (layer.groups != 1) j["groups"] = layer.groups;
    if (!layer.bias) j["bias"] = false;
    return j;
}

}  // namespace convscope
