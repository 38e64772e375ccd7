// The four up-samplers (see upsampler_comparison.h), each a short stack of the core's layers.
#include "core/numeric/upsampler_comparison.h"

#include "core/layer/error.h"
#include "core/layer/layer_text.h"
#include "core/numeric/numeric.h"

namespace convscope {

namespace {

// A stride-1 convolution without bias, padded "same" by PyTorch's rule (k-1, the odd cell
// after), so that it keeps its input's size.
Layer SameConv(const Extents& kernel) {
    Layer conv = MakeLayer(LayerType::Conv, kernel);
    conv.padding_form = PaddingForm::Same;
    conv.bias = false;
    return conv;
}

int64_t Volume(const Extents& extents) {
    int64_t volume = 1;
    for (const int64_t e : extents) volume *= e;
    return volume;
}

// `layers` run in turn on x; convolutions take `w` (C_out, C_in, k...).
Tensor Run(const std::vector<Layer>& layers, const std::vector<const Tensor*>& weights,
           const Tensor& x) {
    Tensor y = x;
    for (size_t i = 0; i < layers.size(); ++i) y = RunLayer(layers[i], LayerInputs{&y, weights[i]});
    return y;
}

}  // namespace

std::vector<UpsamplerOutput> CompareUpsamplers(const Tensor& x, const Tensor& kernel,
                                               const Layer& transposed) {
    if (transposed.type != LayerType::ConvTranspose)
        throw Error("the comparison starts from a transposed convolution");
    const int dims = transposed.Dims();
    const Extents& k = transposed.kernel;
    const Extents& factor = transposed.stride;
    Tensor w = kernel;
    w.shape = {1, 1};
    w.shape.insert(w.shape.end(), k.begin(), k.end());
    if (static_cast<int64_t>(w.data.size()) != Volume(k))
        throw Error("the kernel holds " + std::to_string(w.data.size()) + " values, not " +
                    std::to_string(Volume(k)));
    const std::string k_text = PerDimText(k), s_text = PerDimText(factor);
    std::vector<UpsamplerOutput> outputs;

    UpsamplerOutput tr;
    tr.name = "transposed conv " + k_text + ", stride " + s_text;
    tr.layers = {transposed};
    tr.layers[0].bias = false;
    tr.y = Run(tr.layers, {&w}, x);
    tr.parameters = Volume(k);
    outputs.push_back(std::move(tr));

    for (const LayerType type : {LayerType::UpsampleNearest, LayerType::UpsampleLinear}) {
        UpsamplerOutput up;
        up.name = std::string(type == LayerType::UpsampleNearest ? "nearest" : "bilinear") + " x" +
                  s_text + ", then conv " + k_text;
        up.layers = {MakeLayer(type, factor), SameConv(k)};
        up.y = Run(up.layers, {nullptr, &w}, x);
        up.parameters = Volume(k);
        outputs.push_back(std::move(up));
    }

    if (dims == 2 && factor[0] == factor[1]) {
        const int64_t r = factor[0];
        UpsamplerOutput shuffle;
        shuffle.name = "conv " + k_text + " to " + std::to_string(r * r) +
                       " channels, then pixel shuffle " + std::to_string(r);
        shuffle.layers = {SameConv(k), MakeLayer(LayerType::PixelShuffle, factor)};
        Tensor deep = w;
        deep.shape[0] = r * r;
        deep.data.clear();
        for (int64_t c = 0; c < r * r; ++c)
            deep.data.insert(deep.data.end(), w.data.begin(), w.data.end());
        shuffle.y = Run(shuffle.layers, {&deep, nullptr}, x);
        shuffle.parameters = r * r * Volume(k);
        outputs.push_back(std::move(shuffle));
    }
    return outputs;
}

}  // namespace convscope
