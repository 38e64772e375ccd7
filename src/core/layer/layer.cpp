// Layer descriptions: defaults, names and the single validation step (see layer.h).
#include "core/layer/layer.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <string>

#include "core/layer/error.h"

namespace convscope {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

void CheckLength(const std::vector<int64_t>& values, int dims, const char* name) {
    if (static_cast<int>(values.size()) != dims) {
        throw Error(std::string(name) + " has " + Str(static_cast<int64_t>(values.size())) +
                    " values but the kernel has " + Str(dims) +
                    " dimensions; give one value per dimension or a single number");
    }
}

void CheckRange(const std::vector<int64_t>& values, int64_t minimum, const char* name,
                const char* rule) {
    const int dims = static_cast<int>(values.size());
    for (int d = 0; d < dims; ++d) {
        if (values[d] < minimum) {
            throw Error(std::string(name) + " must be at least " + Str(minimum) + " (" + rule +
                        "), got " + Str(values[d]) + " in " + DimLabel(d, dims) + ". Fix: use " +
                        name + " " + Str(minimum) + " or more");
        }
        if (values[d] > kMaxExtent) {
            throw Error(std::string(name) + " " + Str(values[d]) + " in " + DimLabel(d, dims) +
                        " is larger than ConvScope's limit of " + Str(kMaxExtent) + ". Fix: use " +
                        name + " " + Str(kMaxExtent) + " or less");
        }
    }
}

void CheckChannels(const Layer& layer) {
    if (layer.groups < 1) {
        throw Error("groups must be at least 1, got " + Str(layer.groups));
    }
    for (const int64_t channels : {layer.in_channels, layer.out_channels}) {
        if (channels < 0 || channels > kMaxExtent) {
            throw Error("channel counts must be between 1 and " + Str(kMaxExtent) + ", got " +
                        Str(channels));
        }
    }
    const bool in_ok = layer.in_channels <= 0 || layer.in_channels % layer.groups == 0;
    const bool out_ok = layer.out_channels <= 0 || layer.out_channels % layer.groups == 0;
    if (in_ok && out_ok) return;
    // The groups that would do: the divisors of both counts (of the one given).
    const int64_t both = std::gcd(layer.in_channels, layer.out_channels);
    std::string choices;
    for (int64_t g = 1; g <= both; ++g)
        if (both % g == 0) choices += (choices.empty() ? "" : ", ") + Str(g);
    const std::string fix = ". Fix: use groups " + choices +
                            " (they divide the channel counts), or channel counts that are "
                            "multiples of " +
                            Str(layer.groups);
    if (!in_ok) {
        throw Error("in_channels must be divisible by groups: " + Str(layer.in_channels) + " % " +
                    Str(layer.groups) + " = " + Str(layer.in_channels % layer.groups) + fix);
    }
    throw Error("out_channels must be divisible by groups: " + Str(layer.out_channels) + " % " +
                Str(layer.groups) + " = " + Str(layer.out_channels % layer.groups) + fix);
}

// The rules of upsampling, pixel shuffle and unshuffle: a scale factor and nothing else.
void ValidateResampling(const Layer& layer) {
    const int dims = layer.Dims();
    const std::string name = TypeInfo(layer.type).label;
    for (int d = 0; d < dims; ++d) {
        if (layer.stride[d] != layer.kernel[d]) {
            throw Error(name + " has no stride of its own (its scale factor " +
                        Str(layer.kernel[d]) + " sets it), got stride " + Str(layer.stride[d]) +
                        " in " + DimLabel(d, dims) + ". Fix: leave the stride out");
        }
        if (layer.dilation[d] != 1) {
            throw Error(name + " has no dilation, got " + Str(layer.dilation[d]) + " in " +
                        DimLabel(d, dims) + ". Fix: use dilation 1");
        }
    }
    const bool padded = layer.padding_form != PaddingForm::Explicit ||
                        std::any_of(layer.padding.begin(), layer.padding.end(),
                                    [](const PadPair& p) { return p.before != 0 || p.after != 0; });
    if (padded) {
        throw Error(name +
                    " has no padding (PyTorch's Upsample, PixelShuffle and PixelUnshuffle take "
                    "none). Fix: use padding 0, and pad before or after it with F.pad");
    }
    if (layer.padding_mode != PaddingMode::Zeros || layer.groups != 1) {
        throw Error(name +
                    " works on each channel alone and takes no padding_mode or groups. "
                    "Fix: use zeros and groups 1");
    }
    if (!layer.size.empty()) {
        if (!layer.IsUpsampling() || layer.type == LayerType::PixelShuffle) {
            throw Error(name +
                        " takes no output size; nearest and linear upsampling do. Fix: "
                        "give its factor");
        }
        if (static_cast<int>(layer.size.size()) != dims) {
            throw Error("an upsampling size needs one value per dimension: " + Str(dims) +
                        " dimensions, " + Str(static_cast<int64_t>(layer.size.size())) +
                        " sizes. Fix: give " + Str(dims) + " sizes");
        }
        for (int d = 0; d < dims; ++d) {
            if (layer.kernel[d] != 1) {
                throw Error(name + " takes a scale factor or an output size, not both (factor " +
                            Str(layer.kernel[d]) + ", size " + Str(layer.size[d]) +
                            "). Fix: leave the factor out");
            }
            if (layer.size[d] < 1 || layer.size[d] > kMaxExtent) {
                throw Error(name + " size " + Str(layer.size[d]) + " in " + DimLabel(d, dims) +
                            " is out of range. Fix: use a size between 1 and " + Str(kMaxExtent));
            }
        }
    }
    if (layer.type != LayerType::PixelShuffle && layer.type != LayerType::PixelUnshuffle) return;
    if (dims != 2) {
        throw Error(name + " rearranges two spatial dimensions (PyTorch's " +
                    TypeInfo(layer.type).pytorch + " takes (N, C, H, W)); this layer has " +
                    Str(dims) + ". Fix: use a 2-D layer");
    }
    if (layer.kernel[0] != layer.kernel[1]) {
        throw Error(name + " has one factor for both dimensions, got " + Str(layer.kernel[0]) +
                    " and " + Str(layer.kernel[1]) + ". Fix: use " + Str(layer.kernel[1]) +
                    " for both");
    }
    const int64_t r = layer.kernel[0];
    if (r > 1024) {
        throw Error(name + " factor " + Str(r) + " is larger than ConvScope's limit of 1024");
    }
    if (layer.type == LayerType::PixelShuffle && layer.in_channels > 0 &&
        layer.in_channels % (r * r) != 0) {
        throw Error("pixel shuffle needs channels divisible by the square of its factor: " +
                    Str(layer.in_channels) + " channels, factor " + Str(r) + ", " +
                    Str(layer.in_channels) + " % " + Str(r * r) + " = " +
                    Str(layer.in_channels % (r * r)) + ". Fix: use " +
                    Str((layer.in_channels / (r * r) + 1) * r * r) + " channels");
    }
    const int64_t expected = ChannelsAfter(layer, layer.in_channels);
    if (layer.out_channels > 0 && expected > 0 && layer.out_channels != expected) {
        throw Error(name + " with factor " + Str(r) + " turns " + Str(layer.in_channels) +
                    " channels into " + Str(expected) + ", not " + Str(layer.out_channels) +
                    ". Fix: leave out_channels out");
    }
}

}  // namespace

int64_t ChannelsAfter(const Layer& layer, int64_t in_channels) {
    if (in_channels <= 0) return 0;
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::ConvTranspose:
            return layer.out_channels;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
            return in_channels;
        case LayerType::PixelShuffle: {
            const int64_t block = layer.kernel.at(0) * layer.kernel.at(0);
            return in_channels % block == 0 ? in_channels / block : 0;
        }
        case LayerType::PixelUnshuffle: {
            const int64_t block = layer.kernel.at(0) * layer.kernel.at(0);
            return in_channels > kMaxExtent / block ? 0 : in_channels * block;
        }
    }
    return 0;
}

Extents ResizeExtents(const Extents& values, int dims) {
    const size_t size = static_cast<size_t>(std::max(dims, 0));
    if (values.empty()) return Extents(size, 1);
    if (values.size() >= size)
        return Extents(values.end() - static_cast<std::ptrdiff_t>(size), values.end());
    Extents resized(size - values.size(), values.front());
    resized.insert(resized.end(), values.begin(), values.end());
    return resized;
}

bool SameInEveryDimension(const Extents& values) {
    return std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) == values.end();
}

bool SameInEveryDimension(const Layer& layer) {
    return SameInEveryDimension(layer.kernel) && SameInEveryDimension(layer.stride) &&
           SameInEveryDimension(layer.dilation) && SameInEveryDimension(layer.output_padding) &&
           std::adjacent_find(layer.padding.begin(), layer.padding.end(), std::not_equal_to<>()) ==
               layer.padding.end();
}

Layer ChangeLayerDims(const Layer& layer, int dims) {
    Layer changed = layer;
    changed.kernel = ResizeExtents(layer.kernel, dims);
    changed.stride = ResizeExtents(layer.stride, dims);
    changed.dilation = ResizeExtents(layer.dilation, dims);
    changed.output_padding = ResizeExtents(layer.output_padding, dims);
    if (!layer.size.empty()) changed.size = ResizeExtents(layer.size, dims);
    const size_t size = changed.kernel.size();
    if (layer.padding.empty()) {
        changed.padding.assign(size, PadPair{});
    } else if (layer.padding.size() >= size) {
        changed.padding.erase(changed.padding.begin(),
                              changed.padding.end() - static_cast<std::ptrdiff_t>(size));
    } else {
        changed.padding.insert(changed.padding.begin(), size - layer.padding.size(),
                               layer.padding.front());
    }
    return changed;
}

Layer ChangeLayerType(const Layer& layer, LayerType type) {
    Layer changed = layer;
    const LayerTypeInfo& info = TypeInfo(type);
    changed.type = type;
    if (info.Has(kLayerPooling) && !layer.IsPooling()) changed.stride = changed.kernel;
    if (info.Has(kLayerResampling)) {
        changed.stride = changed.kernel;
        changed.padding_form = PaddingForm::Explicit;
        changed.padding.assign(changed.kernel.size(), PadPair{});
        changed.padding_asymmetric = false;
    } else if (layer.IsResampling() && !info.Has(kLayerPooling)) {
        changed.stride.assign(changed.kernel.size(), 1);
    }
    if (!info.Has(kLayerAlignCorners)) changed.align_corners = false;
    if (type != LayerType::UpsampleNearest && type != LayerType::UpsampleLinear)
        changed.size.clear();
    if (!info.Has(kLayerPaddingMode)) changed.padding_mode = PaddingMode::Zeros;
    if (!info.Has(kLayerOutputPadding)) changed.output_padding.assign(changed.kernel.size(), 0);
    if (!info.Has(kLayerDilation)) changed.dilation.assign(changed.kernel.size(), 1);
    if (!info.Has(kLayerGroups)) changed.groups = 1;
    return changed;
}

ValidLayer::ValidLayer(Layer layer) : layer_(std::move(layer)) { ValidateLayer(layer_); }

ValidLayer ValidLayer::WithChannels(int64_t in_channels, int64_t out_channels) const {
    Layer layer = layer_;
    layer.in_channels = in_channels;
    layer.out_channels = out_channels;
    CheckChannels(layer);
    return ValidLayer(std::move(layer), Checked{});
}

Layer MakeLayer(LayerType type, std::vector<int64_t> kernel) {
    Layer layer;
    layer.type = type;
    const size_t dims = kernel.size();
    const bool stride_is_kernel =
        TypeInfo(type).Has(kLayerPooling) || TypeInfo(type).Has(kLayerResampling);
    layer.stride = stride_is_kernel ? kernel : std::vector<int64_t>(dims, 1);
    layer.kernel = std::move(kernel);
    layer.dilation.assign(dims, 1);
    layer.output_padding.assign(dims, 0);
    layer.padding.assign(dims, PadPair{});
    return layer;
}

std::string DimLabel(int dim, int dims) {
    if (dims == 1) return "the only dimension";
    return "dimension " + std::to_string(dim + 1) + " of " + std::to_string(dims);
}

void ValidateLayer(const Layer& layer) {
    const int dims = layer.Dims();
    if (dims < 1 || dims > kMaxSpatialDims) {
        throw Error("a layer has 1, 2 or 3 spatial dimensions; this kernel has " + Str(dims));
    }
    CheckLength(layer.stride, dims, "stride");
    CheckLength(layer.dilation, dims, "dilation");
    CheckLength(layer.output_padding, dims, "output_padding");
    CheckRange(layer.kernel, 1, "kernel size", "a kernel has at least one tap");
    CheckRange(layer.stride, 1, "stride", "PyTorch refuses a non-positive stride");
    CheckRange(layer.dilation, 1, "dilation", "PyTorch refuses a non-positive dilation");
    CheckRange(layer.output_padding, 0, "output_padding", "it adds cells, it cannot remove them");
    if (layer.padding_form == PaddingForm::Explicit) {
        if (static_cast<int>(layer.padding.size()) != dims) {
            throw Error("padding has " + Str(static_cast<int64_t>(layer.padding.size())) +
                        " values but the kernel has " + Str(dims) + " dimensions");
        }
        for (int d = 0; d < dims; ++d) {
            const PadPair& p = layer.padding[d];
            if (p.before < 0 || p.after < 0) {
                throw Error(
                    "padding must not be negative (PyTorch refuses negative padding), got [" +
                    Str(p.before) + ", " + Str(p.after) + "] in " + DimLabel(d, dims));
            }
            if (p.before > kMaxExtent || p.after > kMaxExtent) {
                throw Error("padding in " + DimLabel(d, dims) +
                            " is larger than ConvScope's limit of " + Str(kMaxExtent));
            }
        }
    }

    CheckChannels(layer);

    switch (layer.type) {
        case LayerType::Conv:
            break;
        case LayerType::ConvTranspose:
            if (layer.padding_mode != PaddingMode::Zeros) {
                throw Error(std::string("transposed convolution pads with zeros only (PyTorch: "
                                        "Only \"zeros\" padding mode is supported), got ") +
                            PaddingModeName(layer.padding_mode) + ". Fix: use zeros");
            }
            for (int d = 0; d < dims; ++d) {
                const int64_t limit = std::max(layer.stride[d], layer.dilation[d]);
                if (layer.output_padding[d] >= limit) {
                    throw Error(
                        "output_padding must be smaller than either stride or dilation: "
                        "output_padding " +
                        Str(layer.output_padding[d]) + ", stride " + Str(layer.stride[d]) +
                        ", dilation " + Str(layer.dilation[d]) + " in " + DimLabel(d, dims) +
                        ". Fix: use output_padding " + Str(limit - 1) +
                        " or less, or a larger stride");
                }
            }
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            if (layer.padding_mode != PaddingMode::Zeros) {
                throw Error(
                    std::string("pooling has no padding_mode (its padding is never read: "
                                "max pooling skips it, average pooling counts it as 0), got ") +
                    PaddingModeName(layer.padding_mode) + ". Fix: use zeros");
            }
            if (layer.groups != 1) {
                throw Error("pooling works on each channel alone; groups must be 1, got " +
                            Str(layer.groups));
            }
            if (!TypeInfo(layer.type).Has(kLayerDilation)) {
                for (int d = 0; d < dims; ++d) {
                    if (layer.dilation[d] != 1) {
                        throw Error(
                            "average pooling has no dilation in PyTorch (AvgPool takes "
                            "none), got dilation " +
                            Str(layer.dilation[d]) + " in " + DimLabel(d, dims) +
                            ". Fix: use dilation 1, or max pooling");
                    }
                }
            }
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            ValidateResampling(layer);
            break;
    }
    if (layer.align_corners && !TypeInfo(layer.type).Has(kLayerAlignCorners)) {
        throw Error(std::string("align_corners belongs to linear upsampling; ") +
                    LayerTypeName(layer.type) + " has none. Fix: leave align_corners out");
    }
    if (!TypeInfo(layer.type).Has(kLayerOutputPadding)) {
        for (int d = 0; d < dims; ++d) {
            if (layer.output_padding[d] != 0) {
                throw Error("output_padding belongs to transposed convolution; " +
                            std::string(LayerTypeName(layer.type)) + " got " +
                            Str(layer.output_padding[d]) + ". Fix: use output_padding 0");
            }
        }
    }
}

const LayerTypeInfo* FindLayerType(std::string_view json_name) {
    for (const LayerTypeInfo& info : kLayerTypes) {
        if (json_name == info.json_name) return &info;
    }
    return nullptr;
}

const LayerTypeInfo* FindLayerTypeByToken(char token) {
    for (const LayerTypeInfo& info : kLayerTypes) {
        if (token == info.token) return &info;
    }
    return nullptr;
}

std::string LayerTypeNameList() {
    std::string list;
    for (const LayerTypeInfo& info : kLayerTypes)
        list += (list.empty() ? "" : ", ") + std::string(info.json_name);
    return list;
}

std::string FrameworkClassName(const char* pattern, int dims) {
    std::string name = pattern;
    const size_t hash = name.find('#');
    if (hash != std::string::npos) name.replace(hash, 1, std::to_string(dims));
    return name;
}

bool PoolsMax(LayerType type) {
    switch (type) {
        case LayerType::MaxPool:
            return true;
        case LayerType::Conv:
        case LayerType::ConvTranspose:
        case LayerType::AvgPool:
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            return false;
    }
    return false;
}

const char* LayerTypeName(LayerType type) { return TypeInfo(type).json_name; }

const char* PaddingModeName(PaddingMode mode) {
    switch (mode) {
        case PaddingMode::Zeros:
            return "zeros";
        case PaddingMode::Reflect:
            return "reflect";
        case PaddingMode::Replicate:
            return "replicate";
        case PaddingMode::Circular:
            return "circular";
    }
    return "?";
}

const char* SameRuleName(SameRule rule) {
    switch (rule) {
        case SameRule::PyTorch:
            return "pytorch";
        case SameRule::TensorFlow:
            return "tensorflow";
        case SameRule::OnnxUpper:
            return "onnx_upper";
        case SameRule::OnnxLower:
            return "onnx_lower";
    }
    return "?";
}

bool FindPaddingMode(std::string_view name, PaddingMode& mode) {
    for (const PaddingMode m : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate,
                                PaddingMode::Circular}) {
        if (name == PaddingModeName(m)) return mode = m, true;
    }
    return false;
}

bool FindSameRule(std::string_view name, SameRule& rule) {
    for (const SameRule r :
         {SameRule::PyTorch, SameRule::TensorFlow, SameRule::OnnxUpper, SameRule::OnnxLower}) {
        if (name == SameRuleName(r)) return rule = r, true;
    }
    return false;
}

const char* PaddingFormName(PaddingForm form) {
    switch (form) {
        case PaddingForm::Explicit:
            return "explicit";
        case PaddingForm::Same:
            return "same";
        case PaddingForm::Valid:
            return "valid";
        case PaddingForm::Full:
            return "full";
    }
    return "?";
}

}  // namespace convscope
