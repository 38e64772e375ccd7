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
    CHECK(HasNote(r18, "BasicBlock may branch"));
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
    CHECK(l[8].type == LayerType::ConvTranspose);  // Upsample nearest x2
    CHECK(l[8].kernel == std::vector<int64_t>{2, 2});
    CHECK(l[9].padding_form == PaddingForm::Valid);
    CHECK(mixed.network.names[0] == "stem.0");
    CHECK(HasNote(mixed, "ceil_mode nor count_include_pad"));
    CHECK(HasNote(mixed, "Odd: unknown module ignored"));
    CHECK(HasNote(mixed, "1 layer(s) after the stop"));
    CHECK(HasNote(mixed, "nearest upsampling"));
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
}
