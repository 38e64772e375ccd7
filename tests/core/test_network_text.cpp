// Networks from text: fomoro fragments both ways, and PyTorch's print(model) for models
// printed by PyTorch 1.13 (tests/data/torch_print, with the sizes and first-unit fields
// PyTorch computed for them), plus hand-made texts for the odd cases and random garbage.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "core/api/json_api.h"
#include "core/layer/error.h"
#include "core/network/network_text.h"
#include "core/network/receptive_field.h"
#include "helpers.h"

using namespace convscope;

namespace {

std::string ReadData(const std::string& name) {
    std::ifstream in(std::string(CONVSCOPE_TEST_DATA_DIR) + "/torch_print/" + name);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool HasNote(const ParsedNetwork& p, const std::string& words) {
    for (const TextNote& n : p.notes) {
        if (n.message.find(words) != std::string::npos) return true;
    }
    return false;
}

std::string Warnings(const ParsedNetwork& p) {
    std::string text;
    for (const TextNote& n : p.warnings) text += std::to_string(n.line) + ": " + n.message + "\n";
    return text;
}

// The warning that names `module` and says `words`, or null.
const TextNote* WarningAbout(const ParsedNetwork& p, const std::string& module,
                             const std::string& words) {
    for (const TextNote& n : p.warnings) {
        if (n.message.find("'" + module + "'") != std::string::npos &&
            n.message.find(words) != std::string::npos)
            return &n;
    }
    return nullptr;
}

const char* const kOnnx = "torch.onnx.export(model, x, \"model.onnx\")";

}  // namespace

TEST_CASE("fomoro fragments read and write", "[text][fomoro]") {
    const ParsedNetwork p = ParseFomoro("#4,2,1,VALID;4,2,1,VALID;3,1,2,SAME;3,1,1,1", 2);
    REQUIRE(p.network.layers.size() == 4);
    CHECK(p.format == "fomoro");
    CHECK(p.network.layers[0].kernel == std::vector<int64_t>{4, 4});
    CHECK(p.network.layers[0].stride == std::vector<int64_t>{2, 2});
    CHECK(p.network.layers[0].padding_form == PaddingForm::Valid);
    CHECK(p.network.layers[2].dilation == std::vector<int64_t>{2, 2});
    CHECK(p.network.layers[2].padding_form == PaddingForm::Same);
    CHECK(p.network.layers[2].same_rule == SameRule::TensorFlow);
    CHECK(p.network.layers[3].padding[1] == PadPair{1, 1});
    CHECK(FomoroText(p.network.layers) == "#4,2,1,VALID;4,2,1,VALID;3,1,2,SAME;3,1,1,1");

    // A whole link, blanks, lower case and an empty layer are fine.
    const ParsedNetwork link =
        ParseFomoro("https://example.org/rf/#3, 1, 1, same ;; 2,2,1,valid;", 1);
    REQUIRE(link.network.layers.size() == 2);
    CHECK(link.network.layers[0].Dims() == 1);
    CHECK(FomoroText(link.network.layers) == "#3,1,1,SAME;2,2,1,VALID");

    // The chapter's three 3x3 convolutions through the fragment: RF 7.
    const auto f =
        ComputeReceptiveFields({32}, ParseFomoro("#3,1,1,1;3,1,1,1;3,1,1,1", 1).network.layers);
    CHECK(f.back().rf[0] == 7);
}

TEST_CASE("fomoro refusals name the layer and the field", "[text][fomoro][errors]") {
    CHECK_THROWS_WITH(ParseFomoro("#3,1,1", 2),
                      Catch::Contains("layer 1") && Catch::Contains("3 fields"));
    CHECK_THROWS_WITH(ParseFomoro("#3,1,1,SAME;x,1,1,SAME", 2),
                      Catch::Contains("layer 2") && Catch::Contains("kernel 'x'"));
    CHECK_THROWS_WITH(ParseFomoro("#3,0,1,SAME", 2), Catch::Contains("stride '0'"));
    CHECK_THROWS_WITH(ParseFomoro("#3,1,1,HALF", 2), Catch::Contains("padding 'HALF'"));
    CHECK_THROWS_WITH(ParseFomoro("#3,1,1,-1", 2), Catch::Contains("padding '-1'"));
    CHECK_THROWS_WITH(ParseFomoro("#99999999999,1,1,0", 2), Catch::Contains("kernel"));
    CHECK_THROWS_WITH(ParseFomoro("#", 2), Catch::Contains("no layers"));
    CHECK_THROWS_WITH(ParseFomoro("#3,1,1,0", 4), Catch::Contains("1, 2 or 3"));

    using convscope::test::Conv;
    CHECK_THROWS_WITH(FomoroText({Conv({3}), Conv({2}, {2}, {0}, {}, LayerType::ConvTranspose)}),
                      Catch::Contains("layer 2") && Catch::Contains("transposed"));
    CHECK_THROWS_WITH(FomoroText({Conv({3, 1})}), Catch::Contains("per dimension"));
    Layer causal = Conv({2});
    causal.padding = {PadPair{1, 0}};
    CHECK_THROWS_WITH(FomoroText({causal}), Catch::Contains("[1, 0]"));
    Layer reflect = Conv({3}, {1}, {1});
    reflect.padding_mode = PaddingMode::Reflect;
    CHECK_THROWS_WITH(FomoroText({reflect}), Catch::Contains("reflect"));
    // Pooling has a fomoro form (the same field as a convolution).
    CHECK(FomoroText({Conv({2}, {2}, {}, {}, LayerType::MaxPool)}) == "#2,2,1,0");
}

TEST_CASE("PyTorch prints agree with PyTorch's own sizes and fields",
          "[text][torch][differential]") {
    const nlohmann::json expect = nlohmann::json::parse(ReadData("expect.json"));
    const std::map<std::string, size_t> layer_counts = {{"resnet18", 18}, {"resnet50", 50},
                                                        {"vgg16", 18},    {"patchgan", 5},
                                                        {"wavenet", 20},  {"mixed", 10}};
    REQUIRE(expect.size() == layer_counts.size());
    for (const auto& [name, e] : expect.items()) {
        INFO(name);
        const ParsedNetwork p = ParseTorchPrint(ReadData(name + ".txt"));
        CHECK(p.format == "torch");
        CHECK(p.unparsed.empty());
        CHECK(p.network.layers.size() == layer_counts.at(name));
        const std::vector<int64_t> input = e["input"].get<std::vector<int64_t>>();
        const auto fields = ComputeReceptiveFields(input, p.network.layers);
        CHECK(fields.back().shape.output == e["output"].get<std::vector<int64_t>>());
        // PyTorch's autograd gives the input cells the first unit reads; the trace may also
        // count padding cells, so it is clipped to the input.
        for (size_t d = 0; d < input.size(); ++d) {
            const CellRange& r = fields.back().range[d];
            CHECK(std::max<int64_t>(r.lo, 0) == e["first_unit_input_range"][d][0].get<int64_t>());
            CHECK(std::min<int64_t>(r.hi, input[d] - 1) ==
                  e["first_unit_input_range"][d][1].get<int64_t>());
        }
    }
}

TEST_CASE("PyTorch prints: names, notes and what each module becomes", "[text][torch]") {
    const ParsedNetwork r18 = ParseTorchPrint(ReadData("resnet18.txt"));
    CHECK(r18.network.names[0] == "conv1");
    CHECK(r18.network.names[1] == "maxpool");
    CHECK(r18.network.names[6] == "layer2.0.conv1");
    CHECK(r18.network.layers[6].stride == std::vector<int64_t>{2, 2});
    CHECK(r18.network.layers[6].in_channels == 64);
    CHECK(r18.network.layers[6].out_channels == 128);
    CHECK_FALSE(r18.network.layers[6].bias);
    CHECK(HasNote(r18, "3 shortcut branch(es)"));
    // The residual blocks add their input (the shortcuts are skipped): only the root note.
    REQUIRE(r18.warnings.size() == 1);
    CHECK(r18.warnings[0].message.find("blocks (BasicBlock) included") != std::string::npos);
    CHECK(HasNote(r18, "AdaptiveAvgPool2d depends on sizes"));
    CHECK(HasNote(r18, "BatchNorm2d (17 modules, first on line 3)"));
    const auto f = ComputeReceptiveFields({224, 224}, r18.network.layers);
    CHECK(f.back().rf[0] == 435);

    TorchParseOptions keep;
    keep.skip_shortcuts = false;
    CHECK(ParseTorchPrint(ReadData("resnet18.txt"), keep).network.layers.size() == 21);

    const ParsedNetwork mixed = ParseTorchPrint(ReadData("mixed.txt"));
    const std::vector<Layer>& l = mixed.network.layers;
    REQUIRE(l.size() == 10);
    CHECK(l[0].padding_mode == PaddingMode::Reflect);  // ReflectionPad2d((3, 3, 3, 3))
    CHECK(l[0].padding[0] == PadPair{3, 3});
    CHECK(l[2].groups == 32);
    CHECK(l[2].padding_mode == PaddingMode::Reflect);
    CHECK(l[3].padding_form == PaddingForm::Same);
    CHECK(l[3].same_rule == SameRule::PyTorch);
    CHECK(l[4].type == LayerType::AvgPool);
    CHECK(l[5].type == LayerType::ConvTranspose);
    CHECK(l[5].output_padding == std::vector<int64_t>{1, 1});
    CHECK(l[6].padding[0] == PadPair{2, 0});  // ZeroPad2d((1, 0, 2, 0)): top 2
    CHECK(l[6].padding[1] == PadPair{1, 0});  //   left 1
    CHECK(l[7].type == LayerType::MaxPool);
    CHECK(l[7].kernel == std::vector<int64_t>{3, 2});
    CHECK(l[7].dilation == std::vector<int64_t>{2, 1});
    CHECK(l[7].ceil_mode);
    CHECK(l[8].type == LayerType::UpsampleNearest);  // Upsample nearest x2
    CHECK(l[8].kernel == std::vector<int64_t>{2, 2});
    CHECK(l[9].padding_form == PaddingForm::Valid);
    CHECK(mixed.network.names[0] == "stem.0");
    CHECK(HasNote(mixed, "ceil_mode nor count_include_pad"));
    CHECK(HasNote(mixed, "Odd: unknown module ignored"));
    CHECK(HasNote(mixed, "1 layer(s) after the stop"));
}

TEST_CASE("PyTorch prints: repeats, unreadable lines, dimensions", "[text][torch][errors]") {
    const std::string text =
        "Net(\n"
        "  (blocks): ModuleList(\n"
        "    (0-2): 3 x Sequential(\n"
        "      (0): Conv1d(8, 8, kernel_size=(3,), stride=(1,), padding=(1,))\n"
        "      (1): GELU(approximate='none')\n"
        "    )\n"
        "  )\n"
        "  (odd): this is not a module line\n"
        "  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "  (broken): Conv1d(8, 8, kernel_size=(3,), stride=(0,))\n"
        "  (up): Upsample(scale_factor=2.0, mode=bilinear)\n"
        "  (late): Conv1d(8, 8, kernel_size=(3,), stride=(1,))\n"
        ")\n"
        ")\n";
    const ParsedNetwork p = ParseTorchPrint(text);
    REQUIRE(p.network.layers.size() == 3);
    CHECK(p.network.names[0] == "blocks.0.0");
    CHECK(p.network.names[2] == "blocks.2.0");
    REQUIRE(p.unparsed.size() == 4);
    CHECK(p.unparsed[0].line == 8);
    CHECK(p.unparsed[0].message.find("not a module line") != std::string::npos);
    CHECK(p.unparsed[1].line == 9);
    CHECK(p.unparsed[1].message.find("2-D module in a 1-D network") != std::string::npos);
    CHECK(p.unparsed[2].line == 10);
    CHECK(p.unparsed[2].message.find("stride") != std::string::npos);
    CHECK(p.unparsed[3].line == 14);
    CHECK(HasNote(p, "bilinear"));
    CHECK(HasNote(p, "1 layer(s) after the stop"));
}

TEST_CASE("network text never throws on garbage", "[text][torch][fuzz]") {
    std::mt19937 rng(11);
    const std::string base = ReadData("resnet18.txt");
    const std::string alphabet = "()[]{}:=,x- '\"\n0123456789abcdefConv2dPoolkernel_size=stride";
    for (int round = 0; round < 400; ++round) {
        std::string text = base;
        // Mutate: delete, duplicate or replace characters.
        for (int m = 0; m < 1 + static_cast<int>(rng() % 40); ++m) {
            if (text.empty()) break;
            const size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0:
                    text.erase(at, 1 + rng() % 8);
                    break;
                case 1:
                    text.insert(at, text.substr(at, 1 + rng() % 30));
                    break;
                default:
                    text[at] = alphabet[rng() % alphabet.size()];
                    break;
            }
        }
        if (round % 4 == 0) {
            text.clear();
            for (int i = 0; i < 200; ++i) text += alphabet[rng() % alphabet.size()];
        }
        CHECK_NOTHROW(ParseTorchPrint(text));
        const std::string response =
            EvalRequest(nlohmann::json({{"op", "network_from_text"}, {"text", text}}).dump());
        CHECK(response.front() == '{');
    }
    // Nesting and repeats are bounded.
    std::string deep;
    for (int i = 0; i < 400; ++i) deep += "(a): Seq(\n";
    CHECK_NOTHROW(ParseTorchPrint(deep));
    std::string repeats = "M(\n";
    for (int i = 0; i < 4; ++i) repeats += "(0-999): 1000 x Seq(\n";
    repeats += "(0): Conv2d(1, 1, kernel_size=(1, 1), stride=(1, 1))\n))))\n)\n";
    const ParsedNetwork capped = ParseTorchPrint(repeats);
    CHECK(capped.network.layers.size() <= 4096);
    CHECK(HasNote(capped, "more than 4096 layers"));
    // Repeats of repeats of blocks without layers: nothing to read, and the modules kept for
    // the warnings stay bounded (1000^4 blocks otherwise).
    std::string empty_blocks = "M(\n";
    for (int i = 0; i < 4; ++i) empty_blocks += "(0-999): 1000 x Block(\n";
    empty_blocks += "(0): ReLU()\n))))\n)\n";
    const ParsedNetwork none = ParseTorchPrint(empty_blocks);
    CHECK(none.network.layers.empty());
    CHECK_FALSE(none.warnings.empty());
}

TEST_CASE(
    "torchvision prints: exact chains get only the root note, the others a warning "
    "naming the block",
    "[text][torch][warnings]") {
    // tests/data/torch_print/make_torchvision_prints.py: the texts of print(model) and, by
    // autograd, the last feature map's size and the input cells its central unit reads.
    const nlohmann::json truth = nlohmann::json::parse(ReadData("torchvision.json"));
    const auto chain_agrees = [&](const std::string& name, const ParsedNetwork& p) {
        const nlohmann::json& t = truth.at(name);
        const std::vector<int64_t> input = t["input"].get<std::vector<int64_t>>();
        std::vector<LayerField> fields;
        try {
            fields = ComputeReceptiveFields(input, p.network.layers);
        } catch (const Error&) {
            return false;  // the chain does not even fit the input
        }
        const LayerField& last = fields.back();
        if (last.shape.output != t["output"].get<std::vector<int64_t>>()) return false;
        for (size_t d = 0; d < input.size(); ++d) {
            const CellRange& c = last.central[d];
            if (std::max<int64_t>(c.lo, 0) != t["central_unit_input_range"][d][0] ||
                std::min<int64_t>(c.hi, input[d] - 1) != t["central_unit_input_range"][d][1])
                return false;
        }
        return true;
    };
    for (const char* name : {"alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2",
                             "squeezenet1_0", "densenet121", "convnext_tiny"}) {
        INFO(name);
        const ParsedNetwork p = ParseTorchPrint(ReadData(std::string("tv_") + name + ".txt"));
        INFO(Warnings(p));
        CHECK(p.unparsed.empty());
        CHECK(chain_agrees(name, p));
        // Only the root note, which says nothing doubtful was found.
        REQUIRE(p.warnings.size() == 1);
        CHECK(p.warnings[0].line == 0);
        CHECK(p.warnings[0].message.find("forward() is not in the text") != std::string::npos);
        CHECK(p.warnings[0].message.find("the order they were registered") != std::string::npos);
        CHECK(p.warnings[0].message.find("Nothing in the text suggests") != std::string::npos);
    }

    // GoogLeNet: the Inception blocks' branches in series. Sizes hold; the field does not
    // (the central unit reads 379 cells of 1024 in PyTorch, the chain says 1019).
    const ParsedNetwork googlenet = ParseTorchPrint(ReadData("tv_googlenet.txt"));
    INFO(Warnings(googlenet));
    CHECK_FALSE(chain_agrees("googlenet", googlenet));
    REQUIRE(googlenet.warnings.size() == 2);
    const TextNote* inception =
        WarningAbout(googlenet, "inception3a", "sibling branches 'inception3a.branch2'");
    REQUIRE(inception != nullptr);
    CHECK(inception == &googlenet.warnings.front());  // the first warning, on the first block
    CHECK(inception->line == 16);
    CHECK(inception->message.find("The receptive field after 'inception3a' comes out too large") !=
          std::string::npos);
    CHECK(inception->message.find("sizes are right") != std::string::npos);
    CHECK(inception->message.find("8 more Inception modules (the last: 'inception5b')") !=
          std::string::npos);
    CHECK(inception->message.find(kOnnx) != std::string::npos);
    CHECK(inception->message.find("convscope graph model.onnx") != std::string::npos);
    CHECK(googlenet.warnings.back().message.find("The warnings above") != std::string::npos);

    // Inception-v3: branches in series everywhere, and the reduction blocks' two strided
    // branches halve the size twice.
    const ParsedNetwork inception3 = ParseTorchPrint(ReadData("tv_inception_v3.txt"));
    INFO(Warnings(inception3));
    CHECK_FALSE(chain_agrees("inception_v3", inception3));
    CHECK(WarningAbout(inception3, "Mixed_5b",
                       "receptive field after 'Mixed_5b' comes out too "
                       "large") == &inception3.warnings.front());
    const TextNote* reduction = WarningAbout(inception3, "Mixed_6a", "stride is applied twice");
    REQUIRE(reduction != nullptr);
    CHECK(reduction->message.find("'Mixed_6a.branch3x3' and 'Mixed_6a.branch3x3dbl_1' are both "
                                  "strided") != std::string::npos);
    CHECK(reduction->message.find("sizes after 'Mixed_6a' come out 2x too small") !=
          std::string::npos);
    CHECK(WarningAbout(inception3, "Mixed_7a", "stride is applied twice") != nullptr);

    // ShuffleNetV2: branch1 and branch2 of each stage's first block are both strided.
    const ParsedNetwork shufflenet = ParseTorchPrint(ReadData("tv_shufflenet_v2_x1_0.txt"));
    INFO(Warnings(shufflenet));
    CHECK_FALSE(chain_agrees("shufflenet_v2_x1_0", shufflenet));
    CHECK(shufflenet.unparsed.empty());
    // The later blocks' empty branch1 is an empty Sequential, not an unknown module.
    CHECK(HasNote(shufflenet, "Sequential (13 modules, first on line 29): empty container"));
    CHECK_FALSE(HasNote(shufflenet, "unknown module"));
    const TextNote* shuffle = WarningAbout(shufflenet, "stage2.0", "stride is applied twice");
    REQUIRE(shuffle == &shufflenet.warnings.front());
    CHECK(shuffle->message.find("'stage2.0.branch1' and 'stage2.0.branch2' are both strided") !=
          std::string::npos);
    CHECK(shuffle->message.find("2 more InvertedResidual modules (the last: 'stage4.0')") !=
          std::string::npos);

    // RegNet-Y: the projection shortcut 'proj' is read in series with the strided main path,
    // and the squeeze-excitation gates are skipped with a warning (not a stop).
    const ParsedNetwork regnet = ParseTorchPrint(ReadData("tv_regnet_y_400mf.txt"));
    INFO(Warnings(regnet));
    CHECK_FALSE(chain_agrees("regnet_y_400mf", regnet));
    CHECK(regnet.network.layers.size() == 53);
    const TextNote* proj = WarningAbout(regnet, "trunk_output.block1.block1-0.proj",
                                        "is named like a projection shortcut");
    REQUIRE(proj == &regnet.warnings.front());
    CHECK(proj->message.find("stride is applied twice") != std::string::npos);
    const TextNote* gate = WarningAbout(regnet, "trunk_output.block1.block1-0.f.se",
                                        "the receptive field after it is the whole input");
    REQUIRE(gate != nullptr);
    CHECK(gate->message.find("15 more SqueezeExcitation modules") != std::string::npos);

    // The tutorial U-Net registers `ups` before `downs`: the chain starts at the decoder.
    const ParsedNetwork unet = ParseTorchPrint(ReadData("tv_unet_ups_first.txt"));
    INFO(Warnings(unet));
    CHECK_FALSE(chain_agrees("unet_ups_first", unet));
    const TextNote* order = WarningAbout(unet, "ups.0", "takes 1024 channels");
    REQUIRE(order == &unet.warnings.front());
    CHECK(order->message.find("'downs.0.conv.0', registered later, takes 3") != std::string::npos);
    CHECK(order->message.find("'ups' is registered before 'downs'") != std::string::npos);
    CHECK(order->message.find("every size and receptive field it gives is wrong") !=
          std::string::npos);
    CHECK(order->message.find(kOnnx) != std::string::npos);
}

TEST_CASE("print(model) warnings: projections, parallel paths, padding in forward()",
          "[text][torch][warnings]") {
    // ResNet-18 with its shortcuts read: the downsample's stride 2 comes on top of conv1's.
    TorchParseOptions keep;
    keep.skip_shortcuts = false;
    const ParsedNetwork r18 = ParseTorchPrint(ReadData("tv_resnet18.txt"), keep);
    INFO(Warnings(r18));
    const TextNote* down = WarningAbout(r18, "layer2.0.downsample", "projection shortcut");
    REQUIRE(down != nullptr);
    CHECK(down->message.find("stride is applied twice") != std::string::npos);
    CHECK(down->message.find("2 more BasicBlock modules (the last: 'layer4.0')") !=
          std::string::npos);

    // A block whose two children both read its input (64 channels), neither named a branch:
    // a 3x3 and a 5x5 side by side. Sizes hold, the field is too large.
    const std::string parallel =
        "Net(\n"
        "  (stem): Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "  (mix): Mix(\n"
        "    (small): Conv2d(64, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "    (large): Conv2d(64, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))\n"
        "  )\n"
        "  (head): Conv2d(64, 10, kernel_size=(1, 1), stride=(1, 1))\n"
        ")\n";
    const ParsedNetwork mix = ParseTorchPrint(parallel);
    INFO(Warnings(mix));
    const TextNote* both = WarningAbout(mix, "mix.small",
                                        "both take the block's input (64 "
                                        "channels)");
    REQUIRE(both == &mix.warnings.front());
    CHECK(both->line == 3);
    CHECK(both->message.find("'mix.large'") != std::string::npos);
    CHECK(both->message.find("receptive field after 'mix' comes out too large") !=
          std::string::npos);
    // The same children in series (the second takes the first's 32 channels): exact.
    std::string series = parallel;
    series.replace(series.find("Conv2d(64, 32, kernel_size=(5, 5)"), 13, "Conv2d(32, 64");
    CHECK(ParseTorchPrint(series).warnings.size() == 1);
    // A 1x1 side path (SqueezeNet's expand1x1 next to expand3x3) adds nothing: exact.
    std::string pointwise = parallel;
    pointwise.replace(pointwise.find("kernel_size=(5, 5), stride=(1, 1), padding=(2, 2)"), 48,
                      "kernel_size=(1, 1), stride=(1, 1)");
    CHECK(ParseTorchPrint(pointwise).warnings.size() == 1);

    // A TensorFlow port padding in forward(): no layer pads, a 3x3 stride-2 conv would need it.
    const ParsedNetwork tf = ParseTorchPrint(
        "Net(\n"
        "  (conv_stem): Conv2d(3, 32, kernel_size=(3, 3), stride=(2, 2), bias=False)\n"
        "  (dw): Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), groups=32, bias=False)\n"
        "  (pool): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        ")\n");
    INFO(Warnings(tf));
    const TextNote* pad = WarningAbout(tf, "conv_stem", "no layer in the text pads");
    REQUIRE(pad == &tf.warnings.front());
    CHECK(pad->message.find("output sizes after it and the first unit's range are wrong") !=
          std::string::npos);
    CHECK(pad->message.find("the receptive field's size is not") != std::string::npos);
    // The original U-Net is unpadded on purpose, with windows no wider than their stride
    // where it strides (2x2 pools): no warning.
    const ParsedNetwork valid = ParseTorchPrint(
        "Sequential(\n"
        "  (0): Conv2d(1, 64, kernel_size=(3, 3), stride=(1, 1))\n"
        "  (1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1))\n"
        "  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        ")\n");
    INFO(Warnings(valid));
    REQUIRE(valid.warnings.size() == 1);
    CHECK(valid.warnings[0].message.find("Sequential of standard modules") != std::string::npos);
    // A module whose class says it pads in forward() (timm's Conv2dSame).
    const ParsedNetwork same = ParseTorchPrint(
        "Net(\n"
        "  (conv_stem): Conv2dSame(3, 32, kernel_size=(3, 3), stride=(2, 2), bias=False)\n"
        "  (conv): Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        ")\n");
    INFO(Warnings(same));
    const TextNote* named = WarningAbout(same, "conv_stem", "its name says it pads in forward()");
    REQUIRE(named == &same.warnings.front());
    CHECK(named->line == 2);

    // Other text forms have no warnings.
    CHECK(ParseFomoro("#3,1,1,1", 1).warnings.empty());
}
