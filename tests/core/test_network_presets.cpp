// Every preset network against the numbers published for it (Google's receptive_field
// table, the chapter, the papers), plus the padding conventions that do and do not
// reproduce TF-slim's ResNet-v1-50 table entry, and the link grammar the presets are written in.
#include <catch2/catch.hpp>
#include <set>

#include "core/layer/layer_text.h"
#include "core/network/network_presets.h"
#include "core/network/receptive_field.h"
#include "core/network/rf_table.h"

using namespace convscope;

namespace {

const NetworkPreset& Preset(const std::string& key) {
    const NetworkPreset* p = FindNetworkPreset(key);
    REQUIRE(p != nullptr);
    return *p;
}

std::vector<LayerField> Fields(const NetworkPreset& p) {
    return ComputeReceptiveFields(p.network.input, p.network.layers);
}

}  // namespace

TEST_CASE("every preset reproduces its published numbers", "[presets][published]") {
    REQUIRE(NetworkPresets().size() >= 14);
    std::set<std::string> keys;
    for (const NetworkPreset& p : NetworkPresets()) {
        INFO("preset " << p.key);
        CHECK(keys.insert(p.key).second);
        CHECK(!p.description.empty());
        CHECK(p.network.names.size() == p.network.layers.size());
        REQUIRE(!p.published.empty());
        const std::vector<LayerField> fields = Fields(p);
        for (const PublishedField& f : p.published) {
            INFO("layer " << f.layer << " (" << p.network.names[f.layer] << "), " << f.source);
            REQUIRE(f.layer < fields.size());
            const LayerField& field = fields[f.layer];
            for (size_t d = 0; d < field.rf.size(); ++d) {
                if (f.rf) CHECK(field.rf[d] == *f.rf);
                if (f.jump) {
                    CHECK(field.jump[d].numerator == *f.jump);
                    CHECK(field.jump[d].denominator == 1);
                }
                if (f.effective_padding)
                    CHECK(EffectivePadding(field.range[d]) == *f.effective_padding);
                if (f.output) CHECK(field.shape.output[d] == *f.output);
            }
        }
    }
}

TEST_CASE("Google's table: VGG-16, AlexNet v2 and ResNet-v1-50 end-points",
          "[presets][published]") {
    const auto vgg = Fields(Preset("vgg16"));
    CHECK(vgg.back().rf[0] == 212);
    CHECK(vgg.back().jump[0].numerator == 32);
    CHECK(vgg.back().range[0].lo == -90);
    const auto alex = Fields(Preset("alexnet_v2"));
    CHECK(alex.back().rf[1] == 195);
    CHECK(alex.back().jump[1].numerator == 32);
    CHECK(alex.back().range[1].lo == -64);
    const auto resnet = Fields(Preset("resnet50_v1_slim"));
    CHECK(resnet.back().rf[0] == 483);
    CHECK(resnet.back().jump[0].numerator == 32);
    CHECK(resnet.back().range[0].lo == -239);
    CHECK(resnet.back().shape.output == std::vector<int64_t>{7, 7});
}

TEST_CASE("ResNet-v1-50's effective padding 239 needs TF-slim's padding mix",
          "[presets][published]") {
    const NetworkPreset& slim = Preset("resnet50_v1_slim");
    // Everything explicit and symmetric, as PyTorch writes it (pool padding 1): 241.
    Network explicit_pads = slim.network;
    for (Layer& l : explicit_pads.layers) {
        if (l.padding_form == PaddingForm::Same) {
            l.padding_form = PaddingForm::Explicit;
            for (size_t d = 0; d < l.padding.size(); ++d)
                l.padding[d] = PadPair{(l.kernel[d] - 1) / 2, (l.kernel[d] - 1) / 2};
        }
    }
    const auto a = ComputeReceptiveFields(explicit_pads.input, explicit_pads.layers);
    CHECK(a.back().rf[0] == 483);
    CHECK(EffectivePadding(a.back().range[0]) == 241);
    // TensorFlow 'SAME' on the strided convolutions too (no conv2d_same): 210.
    Network all_same = slim.network;
    for (Layer& l : all_same.layers) {
        if (l.type == LayerType::Conv && l.kernel[0] > 1) {
            l.padding_form = PaddingForm::Same;
            l.same_rule = SameRule::TensorFlow;
        }
    }
    const auto b = ComputeReceptiveFields(all_same.input, all_same.layers);
    CHECK(b.back().rf[0] == 483);
    CHECK(EffectivePadding(b.back().range[0]) == 210);
}

TEST_CASE("torchvision ResNets: the per-stage fields of the published gist",
          "[presets][published]") {
    const auto r18 = Fields(Preset("resnet18_torchvision"));
    CHECK(r18.back().rf[0] == 435);
    const auto r50 = Fields(Preset("resnet50_torchvision"));
    CHECK(r50.back().rf[0] == 427);
    CHECK(r50.back().shape.output[0] == 7);
    // Parameters of the main path's convolutions with torchvision's channels: conv1 is
    // 3*64*49 = 9408 weights and bias=False is not modelled, so check the count with bias.
    CHECK(r50.front().cost.parameters == 3 * 64 * 49 + 64);
}

TEST_CASE("WaveNet, PatchGAN, ASPP and U-Net presets", "[presets][published]") {
    const auto wave = Fields(Preset("wavenet"));
    for (size_t i = 0; i < wave.size(); ++i) CHECK(wave[i].rf[0] == (int64_t{2} << i));
    CHECK(wave.back().range[0].hi == 0);  // causal
    const auto patch = Fields(Preset("patchgan70"));
    CHECK(patch.back().rf == std::vector<int64_t>{70, 70});
    CHECK(patch.back().shape.output == std::vector<int64_t>{30, 30});
    int branches = 0;
    for (const NetworkPreset& p : NetworkPresets()) {
        if (p.group != "deeplab_aspp") continue;
        ++branches;
        const auto f = Fields(p);
        CHECK(f[0].rf[0] == 2 * p.network.layers[0].dilation[0] + 1);
        CHECK(f[0].shape.output == p.network.input);
    }
    CHECK(branches == 4);
    const auto unet = Fields(Preset("unet_valid"));
    CHECK(unet.back().shape.output == std::vector<int64_t>{388, 388});
    CHECK(unet[1].shape.output[0] == 568);
}

TEST_CASE("presets are written in the link grammar and read back the same", "[presets]") {
    for (const NetworkPreset& preset : NetworkPresets()) {
        INFO(preset.key);
        const int dims = static_cast<int>(preset.network.input.size());
        for (const Layer& layer : preset.network.layers) {
            // A token that did not parse would leave a layer without a kernel.
            REQUIRE(layer.Dims() == dims);
            CHECK_NOTHROW(ValidLayer(layer));
        }
        std::vector<std::string> notes;
        const std::vector<Layer> again = ParseStack(StackText(preset.network.layers), dims, notes);
        CHECK(notes.empty());
        REQUIRE(again.size() == preset.network.layers.size());
        for (size_t i = 0; i < again.size(); ++i)
            CHECK(LayerToken(again[i]) == LayerToken(preset.network.layers[i]));
    }
}
