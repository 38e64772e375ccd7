// Channel arithmetic: groups, connections and the cost of each version (see channels.h).
#include "core/layer/channels.h"

#include <cmath>
#include <numeric>

#include "core/layer/error.h"

namespace convscope {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// "Conv2d(8, 16, 3, groups=2)": the layer's channels, kernel (one number when square) and
// groups, the rest of its arguments left to the Code panel.
std::string ShortCode(const Layer& layer) {
    std::string kernel = Str(layer.kernel[0]);
    if (!SameInEveryDimension(layer.kernel)) {
        kernel = "(";
        for (size_t d = 0; d < layer.kernel.size(); ++d)
            kernel += (d ? ", " : "") + Str(layer.kernel[d]);
        kernel += ")";
    }
    std::string code = FrameworkClassName(TypeInfo(layer.type).pytorch, layer.Dims()) + "(" +
                       Str(layer.in_channels) + ", " + Str(layer.out_channels) + ", " + kernel;
    if (layer.groups != 1) code += ", groups=" + Str(layer.groups);
    return code + ")";
}

// The layer with other channel counts; its spatial arguments stay.
Layer WithCounts(const Layer& layer, int64_t out_channels, int64_t groups) {
    Layer changed = layer;
    changed.out_channels = out_channels;
    changed.groups = groups;
    return changed;
}

// A 1x1 convolution from `in` to `out` channels (stride 1, no padding) on `input`.
Layer Pointwise(const Layer& like, int64_t in, int64_t out) {
    Layer pointwise = MakeLayer(LayerType::Conv, Extents(like.kernel.size(), 1));
    pointwise.in_channels = in;
    pointwise.out_channels = out;
    pointwise.bias = like.bias;
    return pointwise;
}

LayerCost Sum(const LayerCost& a, const LayerCost& b) {
    LayerCost sum;
    sum.known = a.known && b.known;
    sum.parameters = a.parameters + b.parameters;
    sum.macs = a.macs + b.macs;
    return sum;
}

}  // namespace

std::string WeightShapeText(const Layer& layer) {
    const bool transposed = layer.IsTransposed();
    const int64_t first = transposed ? layer.in_channels : layer.out_channels;
    const int64_t second = (transposed ? layer.out_channels : layer.in_channels) / layer.groups;
    std::string text = "(" + Str(first) + ", " + Str(second);
    for (const int64_t k : layer.kernel) text += ", " + Str(k);
    return text + ")";
}

ChannelRange InputChannelsOf(const Layer& layer, int64_t out_channel) {
    ChannelRange range;
    if (!TypeInfo(layer.type).Has(kLayerHasWeights)) {
        range.first = out_channel;
        range.group = out_channel;
        return range;
    }
    const int64_t groups = std::max<int64_t>(layer.groups, 1);
    const int64_t out_per_group = std::max<int64_t>(layer.out_channels / groups, 1);
    range.count = std::max<int64_t>(layer.in_channels / groups, 1);
    range.group = out_channel / out_per_group;
    range.first = range.group * range.count;
    return range;
}

Layer WithDepthMultiplier(const Layer& layer, int64_t multiplier) {
    Layer changed = layer;
    changed.groups = std::max<int64_t>(layer.in_channels, 1);
    changed.out_channels = changed.groups * multiplier;
    return changed;
}

int64_t DepthMultiplierOf(const Layer& layer) {
    const int64_t c = layer.in_channels;
    if (c <= 1 || layer.groups != c || layer.out_channels % c != 0) return 0;
    return layer.out_channels / c;
}

std::vector<int64_t> GroupChoices(int64_t in_channels, int64_t out_channels) {
    std::vector<int64_t> choices;
    const int64_t limit =
        std::gcd(std::max<int64_t>(in_channels, 1), std::max<int64_t>(out_channels, 1));
    for (int64_t g = 1; g <= limit; ++g)
        if (limit % g == 0) choices.push_back(g);
    return choices;
}

std::vector<ChannelVariant> ChannelVariants(const ValidLayer& valid, const Extents& input) {
    const Layer& layer = valid;
    if (!TypeInfo(layer.type).Has(kLayerHasWeights)) {
        throw Error(std::string(TypeInfo(layer.type).label) +
                    " has no weights: each channel is processed alone, so there are no grouped "
                    "or separable versions to compare. Fix: choose a convolution");
    }
    if (layer.in_channels <= 0 || layer.out_channels <= 0) {
        throw Error(
            "comparing channel versions needs in_channels and out_channels. Fix: give "
            "both, e.g. 8 and 16");
    }
    const int64_t cin = layer.in_channels, cout = layer.out_channels;
    const auto cost_of = [&](const Layer& version) {
        const ValidLayer checked(version);
        return ComputeCost(checked, ComputeShape(input, checked));
    };
    std::vector<ChannelVariant> variants;
    const auto add = [&](ChannelVariant::Kind kind, std::string name, const Layer& spatial,
                         const Layer* pointwise) {
        ChannelVariant v;
        v.kind = kind;
        v.name = std::move(name);
        v.groups = spatial.groups;
        v.code = ShortCode(spatial);
        v.weights = WeightShapeText(spatial);
        v.cost = cost_of(spatial);
        v.out_channels = spatial.out_channels;
        if (pointwise) {
            // The 1x1 layer runs on the spatial layer's output.
            const ValidLayer checked(*pointwise);
            const Shape after = ComputeShape(input, ValidLayer(spatial));
            v.cost = Sum(v.cost, ComputeCost(checked, ComputeShape(after.output, checked)));
            v.code += " → " + ShortCode(*pointwise);
            v.weights += " + " + WeightShapeText(*pointwise);
            v.out_channels = pointwise->out_channels;
        } else {
            v.is_this_layer = spatial.groups == layer.groups && spatial.out_channels == cout;
        }
        variants.push_back(v);
    };

    add(ChannelVariant::Kind::Standard, "standard", WithCounts(layer, cout, 1), nullptr);
    const std::vector<int64_t> choices = GroupChoices(cin, cout);
    int64_t grouped = layer.groups;
    if (grouped == 1 || grouped == cin) {
        // The smallest grouping that is neither standard nor depthwise, if any.
        grouped = 0;
        for (const int64_t g : choices)
            if (g > 1 && g < cin) {
                grouped = g;
                break;
            }
    }
    if (grouped > 1) {
        add(ChannelVariant::Kind::Grouped, "grouped (groups " + Str(grouped) + ")",
            WithCounts(layer, cout, grouped), nullptr);
    }
    if (cin > 1) {
        const int64_t multiplier = cout % cin == 0 ? cout / cin : 1;
        add(ChannelVariant::Kind::Depthwise,
            "depthwise" + (multiplier > 1 ? " ×" + Str(multiplier) : std::string()),
            WithCounts(layer, cin * multiplier, cin), nullptr);
        const Layer depthwise = WithCounts(layer, cin, cin);
        const Layer pointwise = Pointwise(layer, cin, cout);
        add(ChannelVariant::Kind::Separable, "depthwise-separable", depthwise, &pointwise);
    }
    const LayerCost standard = variants.front().cost;
    for (ChannelVariant& v : variants) {
        v.parameter_ratio = standard.parameters > 0 ? v.cost.parameters / standard.parameters : 1;
        v.mac_ratio = standard.macs > 0 ? v.cost.macs / standard.macs : 1;
    }
    return variants;
}

std::string CountText(double count) {
    const std::string digits = std::to_string(static_cast<long long>(std::llround(count)));
    std::string text;
    const size_t n = digits.size();
    for (size_t i = 0; i < n; ++i) {
        text += digits[i];
        const size_t left = n - 1 - i;
        if (left > 0 && left % 3 == 0 && digits[i] != '-') text += ',';
    }
    return text;
}

}  // namespace convscope
