// The layer's keys of a link (core/layer/layer_link.h): what the playground's links and the
// CLI's --link read, the fitting of per-dimension values, refusals, and the whole-address
// form of a link.
#include <catch2/catch.hpp>

#include "core/layer/layer_link.h"
#include "core/layer/link_text.h"

using namespace convscope;

namespace {

// Reads every pair of `link` onto the defaults; `refused` collects the keys refused.
LayerLink Read(const std::string& link, std::vector<std::string>* refused = nullptr,
               std::vector<std::string>* others = nullptr) {
    LayerLinkReading reading(LayerLink{}, LayerLinkLimits{});
    for (const LinkPair& pair : SplitLink(link)) {
        switch (reading.Read(pair.key, pair.value)) {
            case LayerLinkReading::Result::Read:
                break;
            case LayerLinkReading::Result::Refused:
                if (refused) refused->push_back(pair.key);
                break;
            case LayerLinkReading::Result::NotALayerKey:
                if (others) others->push_back(pair.key);
                break;
        }
    }
    return reading.Finish();
}

std::string Write(const LayerLink& link) {
    std::string text;
    for (const auto& [key, value] : LayerLinkPairs(link))
        text += (text.empty() ? "" : "&") + key + "=" + value;
    return text;
}

}  // namespace

TEST_CASE("layer links: values fit the dimensions the whole link gives", "[layer_link]") {
    // K before I: still a 3x3 kernel on the 5x7 input.
    LayerLink link = Read("K=3&I=5x7");
    CHECK(link.input == Extents{5, 7});
    CHECK(link.layer.kernel == Extents{3, 3});
    // Several values name the last dimensions; dims=3 with one input value makes a cube.
    link = Read("I=6&dims=3&K=3x1&S=2");
    CHECK(link.input == Extents{6, 6, 6});
    CHECK(link.layer.kernel == Extents{3, 3, 1});
    CHECK(link.layer.stride == Extents{2, 2, 2});
    CHECK(link.layer.padding.size() == 3);
    // Before:after pads per dimension, and the forms by name.
    link = Read("I=7x5&P=1:2x0:1");
    CHECK(link.layer.padding_asymmetric);
    CHECK(link.layer.padding == std::vector<PadPair>{{1, 2}, {0, 1}});
    CHECK(Read("P=same&rule=tensorflow").layer.padding_form == PaddingForm::Same);
    CHECK(Read("P=same&rule=tensorflow").layer.same_rule == SameRule::TensorFlow);
    CHECK(Read("P=full").layer.padding_form == PaddingForm::Full);
}

TEST_CASE("layer links: what a type does not take is dropped", "[layer_link]") {
    const LayerLink pool = Read("type=max_pool&mode=reflect&op=1&ceil=1");
    CHECK(pool.layer.type == LayerType::MaxPool);
    CHECK(pool.layer.padding_mode == PaddingMode::Zeros);
    CHECK(pool.layer.output_padding == Extents{0, 0});
    CHECK(pool.layer.ceil_mode);
    const LayerLink transposed = Read("type=conv_transpose&S=2&op=1&I=3");
    CHECK(transposed.layer.output_padding == Extents{1, 1});
    CHECK(Write(transposed) == "I=3&K=3&S=2&P=0&D=1&type=conv_transpose&op=1");
}

TEST_CASE("layer links: malformed values are refused, other keys are left", "[layer_link]") {
    std::vector<std::string> refused, others;
    const LayerLink link =
        Read("S=0&K=x&P=1:2:3&D=-1&I=5x5x5x5&type=pixel&mode=mirror&ceil=2&panel=code&zz=1",
             &refused, &others);
    CHECK(refused == std::vector<std::string>{"S", "K", "P", "D", "I", "type", "mode", "ceil"});
    CHECK(others == std::vector<std::string>{"panel", "zz"});
    CHECK(Write(link) == Write(LayerLink{}));
    // Limits: a reader can take less than the core does.
    LayerLinkLimits small;
    small.max_kernel = 7;
    LayerLinkReading reading(LayerLink{}, small);
    CHECK(reading.Read("K", "9") == LayerLinkReading::Result::Refused);
    CHECK(reading.Read("K", "7") == LayerLinkReading::Result::Read);
}

TEST_CASE("layer links round-trip through their pairs", "[layer_link]") {
    const char* const links[] = {
        "I=5&K=3&S=2&P=1&D=1",
        "I=100x20&K=4x1&S=1&P=same&D=1&rule=tensorflow",
        "I=7&dims=3&K=3&S=1&P=1:0x1:1x0:2&D=2&mode=circular",
        "I=16&dims=1&K=5&S=1&P=full&D=2&type=avg_pool&ceil=1&cip=0",
    };
    for (const char* text : links) {
        INFO(text);
        CHECK(Write(Read(text)) == text);
    }
}

TEST_CASE("a whole address is read from its '#'", "[layer_link]") {
    const std::vector<LinkPair> pairs = SplitLink("https://example.org/convscope/?x=1#I=9&K=3");
    REQUIRE(pairs.size() == 2);
    CHECK(pairs[0].key == "I");
    CHECK(pairs[1].value == "3");
    CHECK(SplitLink("http://host/page?I=4").front().value == "4");
    CHECK(SplitLink("#I=4&K=2").size() == 2);
}

TEST_CASE("layer links: channels, groups, the depth multiplier and bias", "[layer_link]") {
    LayerLink link = Read("Cin=4&Cout=8&G=2&bias=0");
    CHECK(link.layer.in_channels == 4);
    CHECK(link.layer.out_channels == 8);
    CHECK(link.layer.groups == 2);
    CHECK_FALSE(link.layer.bias);
    CHECK(Write(link) == "I=5&K=3&S=1&P=0&D=1&Cin=4&Cout=8&G=2&bias=0");
    // dm=2 is depthwise with two outputs per input channel, whatever order the keys come in.
    link = Read("dm=2&Cin=3");
    CHECK(link.layer.groups == 3);
    CHECK(link.layer.out_channels == 6);
    CHECK(Write(link).find("Cin=3&Cout=6&G=3") != std::string::npos);
    // A pooling layer takes no groups; a zero or a word is refused and the rest read.
    CHECK(Read("type=max_pool&G=4").layer.groups == 1);
    std::vector<std::string> refused;
    link = Read("Cin=0&G=x&Cout=5", &refused);
    CHECK(refused == std::vector<std::string>{"Cin", "G"});
    CHECK(link.layer.out_channels == 5);
}
