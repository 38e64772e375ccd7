// The preset networks and their published numbers (see network_presets.h). Sections:
//   1. small builders   2. the chapter's stacks and WaveNet   3. Google's table (TF-slim
//   VGG-16, AlexNet v2, ResNet-v1-50)   4. torchvision ResNets   5. DeepLab ASPP, PatchGAN,
//   U-Net   6. the list
#include "core/network/network_presets.h"

#include <string>
#include <utility>

#include "core/layer/layer_text.h"

namespace convscope {

namespace {

// ---- 1. Small builders ------------------------------------------------------------------

// A layer in the link grammar ("c3s2p1", "m3s2ps", "c2d4p4:0"; core/layer/layer_text.h),
// the form every preset is written in. The presets' tests read every layer back, so a
// token that does not parse fails them.
Layer Token(const std::string& token, int dims) {
    Layer layer;
    std::string error;
    ParseLayerToken(token, dims, layer, error);
    return layer;
}

void Add(Network& net, const std::string& name, Layer layer, int64_t out_channels = 0,
         int64_t in_channels = 0) {
    layer.out_channels = out_channels;
    layer.in_channels = in_channels;
    net.layers.push_back(std::move(layer));
    net.names.push_back(name);
}

PublishedField Field(size_t layer, int64_t rf, int64_t jump, std::optional<int64_t> padding,
                     const std::string& source) {
    PublishedField f;
    f.layer = layer;
    f.rf = rf;
    f.jump = jump;
    f.effective_padding = padding;
    f.source = source;
    return f;
}

PublishedField Output(size_t layer, int64_t output, const std::string& source) {
    PublishedField f;
    f.layer = layer;
    f.output = output;
    f.source = source;
    return f;
}

// The index of the layer called `name` (presets are built here, so the name exists).
size_t IndexOf(const Network& net, const std::string& name) {
    for (size_t i = 0; i < net.names.size(); ++i) {
        if (net.names[i] == name) return i;
    }
    return net.names.size();
}

const char* kChapter = "the chapter, 'Receptive Field Arithmetic'";
const char* kGoogleTable =
    "Google's receptive_field table (RECEPTIVE_FIELD_TABLE.md), resolution 224";

// ---- 2. The chapter's stacks and WaveNet ------------------------------------------------

NetworkPreset ChapterThreeConvs() {
    NetworkPreset p;
    p.key = "chapter_3x3";
    p.name = "Three 3x3 convolutions (chapter)";
    p.description =
        "The chapter's worked example on its widget's 7x7 input: three 3x3 convolutions, stride 1, "
        "padding 1; RF 3, 5, 7.";
    p.network.input = {7, 7};
    for (int i = 1; i <= 3; ++i) Add(p.network, "conv" + std::to_string(i), Token("c3p1", 2));
    for (size_t i = 0; i < 3; ++i) {
        PublishedField f = Field(i, static_cast<int64_t>(3 + 2 * i), 1, std::nullopt, kChapter);
        f.output = 7;
        p.published.push_back(f);
    }
    return p;
}

NetworkPreset ChapterQuickCheck() {
    NetworkPreset p;
    p.key = "chapter_quick_check";
    p.name = "Quick check: conv3, conv3, pool2, conv3, conv3";
    p.description =
        "The chapter's quick check, unpadded on 32x32: the recursion r = r + (k-1)*jump gives "
        "3, 5, 6, 10, 14 (the chapter asks the question without printing the answer).";
    p.network.input = {32, 32};
    Add(p.network, "conv1", Token("c3", 2));
    Add(p.network, "conv2", Token("c3", 2));
    Add(p.network, "pool", Token("m2", 2));
    Add(p.network, "conv3", Token("c3", 2));
    Add(p.network, "conv4", Token("c3", 2));
    const std::string source = std::string(kChapter) + ", quick check, by its recursion";
    const int64_t rf[5] = {3, 5, 6, 10, 14}, jump[5] = {1, 1, 2, 2, 2};
    for (size_t i = 0; i < 5; ++i) p.published.push_back(Field(i, rf[i], jump[i], 0, source));
    return p;
}

NetworkPreset WaveNet() {
    NetworkPreset p;
    p.key = "wavenet";
    p.name = "WaveNet dilated causal stack";
    p.description =
        "van den Oord et al. 2016: ten causal convolutions, kernel 2, dilations 1, 2, ..., 512, "
        "all padding on the left (causal); RF 1024 on one second of 16 kHz audio.";
    p.network.input = {16000};
    for (int64_t d = 1, i = 0; d <= 512; d *= 2, ++i) {
        // Causal: k_eff - 1 = d cells of padding before, none after.
        const std::string dilation = std::to_string(d);
        Add(p.network, "dilation" + dilation, Token("c2d" + dilation + "p" + dilation + ":0", 1));
        PublishedField f = Field(static_cast<size_t>(i), 2 * d, 1, d * 2 - 1,
                                 std::string(kChapter) + ", WaveNet pattern");
        f.output = 16000;
        p.published.push_back(f);
    }
    return p;
}

// ---- 3. Google's table: TF-slim VGG-16, AlexNet v2, ResNet-v1-50 ------------------------

NetworkPreset Vgg16() {
    NetworkPreset p;
    p.key = "vgg16";
    p.name = "VGG-16 to pool5";
    p.description =
        "Simonyan & Zisserman 2015 as TF-slim builds it: 3x3 convolutions with TensorFlow 'SAME', "
        "2x2 stride-2 max pools; RF 212, jump 32, effective padding 90 at pool5 (Google's table).";
    Network& n = p.network;
    n.input = {224, 224};
    const int blocks[5] = {2, 2, 3, 3, 3};
    const int64_t channels[5] = {64, 128, 256, 512, 512};
    int64_t in = 3;
    for (int b = 0; b < 5; ++b) {
        for (int c = 0; c < blocks[b]; ++c) {
            const std::string name = "conv" + std::to_string(b + 1) + "_" + std::to_string(c + 1);
            Add(n, name, Token("c3ps", 2), channels[b], in);
            in = channels[b];
        }
        Add(n, "pool" + std::to_string(b + 1), Token("m2", 2));
    }
    // vgg_16 rows of the table at resolution 224: end-point, RF, effective stride, padding.
    const struct {
        const char* name;
        int64_t rf, jump, pad;
    } rows[] = {{"conv1_1", 3, 1, 1},   {"pool1", 6, 2, 2},       {"conv2_1", 10, 2, 4},
                {"pool2", 16, 4, 6},    {"conv3_1", 24, 4, 10},   {"conv3_2", 32, 4, 14},
                {"pool3", 44, 8, 18},   {"conv4_1", 60, 8, 26},   {"conv4_2", 76, 8, 34},
                {"pool4", 100, 16, 42}, {"conv5_1", 132, 16, 58}, {"conv5_2", 164, 16, 74},
                {"pool5", 212, 32, 90}};
    for (const auto& r : rows)
        p.published.push_back(Field(IndexOf(n, r.name), r.rf, r.jump, r.pad, kGoogleTable));
    p.published.push_back(Output(IndexOf(n, "pool5"), 7, "VGG-16's 7x7x512 pool5 on 224x224"));
    return p;
}

NetworkPreset AlexNetV2() {
    NetworkPreset p;
    p.key = "alexnet_v2";
    p.name = "AlexNet v2 to pool5";
    p.description =
        "TF-slim's alexnet_v2 (Krizhevsky 2014 'one weird trick' variant): conv1 11x11 stride 4 "
        "'VALID', 3x3 stride-2 'VALID' max pools, 'SAME' convolutions; RF 195, jump 32, "
        "effective padding 64 at pool5 (Google's table).";
    Network& n = p.network;
    n.input = {224, 224};
    Add(n, "conv1", Token("c11s4", 2), 64, 3);
    Add(n, "pool1", Token("m3s2", 2));
    Add(n, "conv2", Token("c5ps", 2), 192);
    Add(n, "pool2", Token("m3s2", 2));
    Add(n, "conv3", Token("c3ps", 2), 384);
    Add(n, "conv4", Token("c3ps", 2), 384);
    Add(n, "conv5", Token("c3ps", 2), 256);
    Add(n, "pool5", Token("m3s2", 2));
    const struct {
        const char* name;
        int64_t rf, jump, pad;
    } rows[] = {{"conv1", 11, 4, 0},   {"pool1", 19, 8, 0},    {"conv2", 51, 8, 16},
                {"conv3", 99, 16, 32}, {"conv4", 131, 16, 48}, {"conv5", 163, 16, 64},
                {"pool5", 195, 32, 64}};
    for (const auto& r : rows)
        p.published.push_back(Field(IndexOf(n, r.name), r.rf, r.jump, r.pad, kGoogleTable));
    return p;
}

// TF-slim's ResNet v1: every block's stride sits on the 3x3 convolution of its LAST unit,
// and block4 has stride 1. The 3x3 convolutions go through slim's conv2d_same: with stride
// 1 that is 'SAME', with stride 2 an explicit symmetric pad of (k-1)/2 followed by 'VALID'.
// The root max pool is slim's max_pool2d with 'SAME', which at 112 pads [0, 1]. That mix
// is what reproduces the published effective padding 239: explicit padding everywhere
// (PyTorch style, pool padding 1) gives 241, and 'SAME' on the strided convolutions gives 210.
NetworkPreset ResNet50Slim() {
    NetworkPreset p;
    p.key = "resnet50_v1_slim";
    p.name = "ResNet-v1-50 main path (TF-slim)";
    p.description =
        "He et al. 2016 as TF-slim's resnet_v1_50: stride on the last unit's 3x3 of blocks 1-3; "
        "strided convs padded explicitly (k-1)/2 (slim conv2d_same), stride-1 convs and the 3x3 "
        "max "
        "pool TensorFlow 'SAME'; RF 483, jump 32, effective padding 239 (Google's table).";
    Network& n = p.network;
    n.input = {224, 224};
    Add(n, "conv1", Token("c7s2p3", 2), 64, 3);
    Add(n, "pool1", Token("m3s2ps", 2));
    const struct {
        int units;
        int64_t depth, stride;
    } blocks[4] = {{3, 64, 2}, {4, 128, 2}, {6, 256, 2}, {3, 512, 1}};
    for (int b = 0; b < 4; ++b) {
        for (int u = 1; u <= blocks[b].units; ++u) {
            const std::string prefix =
                "block" + std::to_string(b + 1) + "/unit_" + std::to_string(u) + "/";
            const int64_t stride = u == blocks[b].units ? blocks[b].stride : 1;
            const int64_t depth = blocks[b].depth;
            Add(n, prefix + "conv1", Token("c1", 2), depth);
            Add(n, prefix + "conv2",
                stride == 1 ? Token("c3ps", 2) : Token("c3s" + std::to_string(stride) + "p1", 2),
                depth);
            Add(n, prefix + "conv3", Token("c1", 2), depth * 4);
        }
    }
    const struct {
        const char* name;
        int64_t rf, jump, pad;
    } rows[] = {{"block1/unit_3/conv3", 35, 8, 15},
                {"block2/unit_4/conv3", 99, 16, 47},
                {"block3/unit_6/conv3", 291, 32, 143},
                {"block4/unit_3/conv3", 483, 32, 239}};
    for (const auto& r : rows)
        p.published.push_back(Field(IndexOf(n, r.name), r.rf, r.jump, r.pad, kGoogleTable));
    return p;
}

// ---- 4. torchvision ResNets ------------------------------------------------------------

const char* kTorchvisionGist =
    "the per-stage table of torchvision ResNets in samson-wang's gist 'ResNet Receptive Field "
    "Size'";

// torchvision's layout: conv1 7x7/2 pad 3, max pool 3x3/2 pad 1, the stride on the FIRST
// unit of layers 2-4 (on the 3x3 of a bottleneck: "ResNet v1.5"), every pad explicit.
NetworkPreset ResNetTorchvision(bool bottleneck) {
    NetworkPreset p;
    p.key = bottleneck ? "resnet50_torchvision" : "resnet18_torchvision";
    p.name = bottleneck ? "ResNet-50 main path (torchvision)" : "ResNet-18 main path (torchvision)";
    p.description =
        std::string(
            bottleneck
                ? "torchvision's resnet50 (v1.5: stride on the 3x3 of the first bottleneck of "
                  "layers 2-4)"
                : "torchvision's resnet18 (basic blocks, stride on the first 3x3 of layers 2-4)") +
        ", explicit PyTorch padding, shortcuts left out; RF " + (bottleneck ? "427" : "435") +
        ", jump 32.";
    Network& n = p.network;
    n.input = {224, 224};
    Add(n, "conv1", Token("c7s2p3", 2), 64, 3);
    Add(n, "maxpool", Token("m3s2p1", 2));
    const int units_50[4] = {3, 4, 6, 3}, units_18[4] = {2, 2, 2, 2};
    const int64_t planes[4] = {64, 128, 256, 512};
    for (int l = 0; l < 4; ++l) {
        const int units = bottleneck ? units_50[l] : units_18[l];
        for (int u = 0; u < units; ++u) {
            const std::string prefix =
                "layer" + std::to_string(l + 1) + "." + std::to_string(u) + ".";
            const int64_t stride = (l > 0 && u == 0) ? 2 : 1;
            if (bottleneck) {
                Add(n, prefix + "conv1", Token("c1", 2), planes[l]);
                Add(n, prefix + "conv2", Token("c3s" + std::to_string(stride) + "p1", 2),
                    planes[l]);
                Add(n, prefix + "conv3", Token("c1", 2), planes[l] * 4);
            } else {
                Add(n, prefix + "conv1", Token("c3s" + std::to_string(stride) + "p1", 2),
                    planes[l]);
                Add(n, prefix + "conv2", Token("c3p1", 2), planes[l]);
            }
        }
    }
    const int64_t rf_50[4] = {35, 91, 267, 427}, rf_18[4] = {43, 99, 211, 435};
    const int64_t jumps[4] = {4, 8, 16, 32};
    for (int l = 0; l < 4; ++l) {
        const int units = bottleneck ? units_50[l] : units_18[l];
        const std::string last = "layer" + std::to_string(l + 1) + "." + std::to_string(units - 1) +
                                 (bottleneck ? ".conv3" : ".conv2");
        p.published.push_back(Field(IndexOf(n, last), bottleneck ? rf_50[l] : rf_18[l], jumps[l],
                                    std::nullopt, kTorchvisionGist));
    }
    p.published.push_back(
        Output(n.layers.size() - 1, 7, "torchvision: layer4 is 7x7 on 224x224 (PyTorch 1.13)"));
    return p;
}

// ---- 5. DeepLab ASPP, PatchGAN, U-Net ---------------------------------------------------

// DeepLab-v2's ASPP-L: four parallel 3x3 branches with rates 6, 12, 18, 24 on the stride-8
// feature map (65x65 for a 513x513 crop). Each branch is its own one-layer preset of the
// group "deeplab_aspp"; its field in feature-map cells is the dilated kernel 2r+1.
NetworkPreset AsppBranch(int64_t rate) {
    NetworkPreset p;
    p.key = "deeplab_aspp_r" + std::to_string(rate);
    p.name = "DeepLab ASPP branch, rate " + std::to_string(rate);
    p.group = "deeplab_aspp";
    p.description =
        "Chen et al. 2018 (DeepLab-v2 ASPP-L), one of four parallel branches: 3x3, dilation " +
        std::to_string(rate) + ", padding " + std::to_string(rate) +
        " on the 65x65 stride-8 map of a 513 crop; RF " + std::to_string(2 * rate + 1) +
        " cells of that map = D*(K-1)+1.";
    p.network.input = {65, 65};
    Add(p.network, "aspp_rate" + std::to_string(rate),
        Token("c3d" + std::to_string(rate) + "p" + std::to_string(rate), 2));
    PublishedField f =
        Field(0, 2 * rate + 1, 1, rate,
              "the chapter, 'The DeepLab pattern' (D in {6, 12, 18, 24}) with k_eff = D*(K-1)+1");
    f.output = 65;
    p.published.push_back(f);
    return p;
}

NetworkPreset PatchGan() {
    NetworkPreset p;
    p.key = "patchgan70";
    p.name = "PatchGAN 70x70 discriminator";
    p.description =
        "Isola et al. 2017 (pix2pix) discriminator C64-C128-C256-C512: 4x4 convolutions, "
        "strides 2, 2, 2, 1, 1, padding 1, on input and target (6 channels); RF 70, 30x30 patches "
        "at 256.";
    Network& n = p.network;
    n.input = {256, 256};
    Add(n, "conv1", Token("c4s2p1", 2), 64, 6);
    Add(n, "conv2", Token("c4s2p1", 2), 128);
    Add(n, "conv3", Token("c4s2p1", 2), 256);
    Add(n, "conv4", Token("c4p1", 2), 512);
    Add(n, "conv5", Token("c4p1", 2), 1);
    PublishedField f = Field(4, 70, 8, std::nullopt, "Isola et al. 2017, the 70x70 PatchGAN");
    f.output = 30;
    p.published.push_back(f);
    return p;
}

// The original U-Net (Ronneberger et al. 2015, Fig. 1): valid 3x3 convolutions, 2x2 max
// pools, 2x2 up-convolutions. As a chain the copy-and-crop skips only add channels, so
// every in_channels after an up-convolution is set to the concatenated count.
NetworkPreset UNetValid() {
    NetworkPreset p;
    p.key = "unet_valid";
    p.name = "U-Net (original, valid padding)";
    p.description =
        "Ronneberger et al. 2015: valid 3x3 convolutions, 2x2 max pools, 2x2 stride-2 "
        "up-convolutions, "
        "skips cropped and concatenated (read as a chain); 572x572 in, 388x388 out.";
    Network& n = p.network;
    n.input = {572, 572};
    const int64_t ch[5] = {64, 128, 256, 512, 1024};
    int64_t in = 1;
    for (int level = 0; level < 5; ++level) {
        const std::string lv = std::to_string(level + 1);
        if (level > 0) Add(n, "pool" + std::to_string(level), Token("m2", 2));
        Add(n, "down" + lv + "_conv1", Token("c3", 2), ch[level], in);
        Add(n, "down" + lv + "_conv2", Token("c3", 2), ch[level]);
        in = ch[level];
    }
    for (int level = 3; level >= 0; --level) {
        const std::string lv = std::to_string(level + 1);
        Add(n, "up" + lv, Token("t2s2", 2), ch[level], ch[level + 1]);
        Add(n, "up" + lv + "_conv1", Token("c3", 2), ch[level], 2 * ch[level]);
        Add(n, "up" + lv + "_conv2", Token("c3", 2), ch[level]);
    }
    Add(n, "head", Token("c1", 2), 2);
    // The sizes printed in the paper's Fig. 1, layer by layer.
    const int64_t sizes[] = {570, 568, 284, 282, 280, 140, 138, 136, 68,  66,  64,  32,  30, 28,
                             56,  54,  52,  104, 102, 100, 200, 198, 196, 392, 390, 388, 388};
    for (size_t i = 0; i < n.layers.size(); ++i)
        p.published.push_back(Output(i, sizes[i], "Ronneberger et al. 2015, Fig. 1"));
    return p;
}

// ---- 6. The list -----------------------------------------------------------------------

std::vector<NetworkPreset> BuildPresets() {
    std::vector<NetworkPreset> presets;
    presets.push_back(ChapterThreeConvs());
    presets.push_back(ChapterQuickCheck());
    presets.push_back(WaveNet());
    presets.push_back(Vgg16());
    presets.push_back(AlexNetV2());
    presets.push_back(ResNetTorchvision(false));
    presets.push_back(ResNetTorchvision(true));
    presets.push_back(ResNet50Slim());
    for (const int64_t rate : {6, 12, 18, 24}) presets.push_back(AsppBranch(rate));
    presets.push_back(PatchGan());
    presets.push_back(UNetValid());
    return presets;
}

}  // namespace

NetworkPreset FirstChapterPreset() { return ChapterThreeConvs(); }

const std::vector<NetworkPreset>& NetworkPresets() {
    static const std::vector<NetworkPreset> presets = BuildPresets();
    return presets;
}

const NetworkPreset* FindNetworkPreset(const std::string& key) {
    // The names people type for the networks whose keys say more.
    static const std::pair<const char*, const char*> kAliases[] = {
        {"resnet50", "resnet50_torchvision"},
        {"resnet18", "resnet18_torchvision"},
        {"vgg", "vgg16"},
        {"alexnet", "alexnet_v2"},
        {"unet", "unet_valid"},
        {"patchgan", "patchgan70"},
        {"aspp", "deeplab_aspp_r6"}};
    std::string wanted = key;
    for (const auto& [alias, target] : kAliases) {
        if (key == alias) wanted = target;
    }
    for (const NetworkPreset& p : NetworkPresets()) {
        if (p.key == wanted) return &p;
    }
    return nullptr;
}

std::string NetworkPresetKeyList() {
    std::string keys;
    for (const NetworkPreset& p : NetworkPresets()) keys += (keys.empty() ? "" : ", ") + p.key;
    return keys;
}

}  // namespace convscope
