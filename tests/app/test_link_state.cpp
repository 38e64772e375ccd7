// Links reproduce a state: for random playground and explorer states, parsing the printed
// link gives the same state back; hand-typed and random malformed links give notes, never
// a crash or a changed state where the value was bad.
#include <catch2/catch.hpp>
#include <random>

#include "app/explorer/rf_model.h"
#include "app/explorer/rf_state.h"
#include "app/explorer/unet_panel.h"
#include "app/playground/playground_state.h"
#include "core/layer/link_text.h"

using namespace convscope;
using namespace convscope::app;

namespace {

int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
}

PlaygroundState RandomPlayground(std::mt19937& rng) {
    PlaygroundState s;
    const int dims = static_cast<int>(Pick(rng, 1, 3));
    const LayerType type = static_cast<LayerType>(Pick(rng, 0, kLayerTypeCount - 1));
    const LayerTypeInfo& info = TypeInfo(type);
    const int64_t max_in = dims == 3 ? kMaxPlaygroundInput3d : kMaxPlaygroundInput;
    Extents input, kernel, stride, dilation, output_padding;
    std::vector<PadPair> pads;
    for (int d = 0; d < dims; ++d) {
        input.push_back(Pick(rng, 1, max_in));
        kernel.push_back(Pick(rng, 1, kMaxPlaygroundKernel));
        stride.push_back(Pick(rng, 1, kMaxPlaygroundStep));
        dilation.push_back(Pick(rng, 1, kMaxPlaygroundStep));
        output_padding.push_back(
            info.Has(kLayerOutputPadding) ? Pick(rng, 0, kMaxPlaygroundStep - 1) : 0);
        pads.push_back(
            PadPair{Pick(rng, 0, kMaxPlaygroundPadding), Pick(rng, 0, kMaxPlaygroundPadding)});
    }
    Layer& layer = s.layer;
    layer = MakeLayer(type, kernel);
    layer.stride = stride;
    layer.dilation = dilation;
    layer.output_padding = output_padding;
    layer.padding = pads;
    const PaddingChoice choices[] = {PaddingChoice::Symmetric, PaddingChoice::Asymmetric,
                                     PaddingChoice::Same, PaddingChoice::Valid,
                                     PaddingChoice::Full};
    SetPaddingChoice(layer, choices[Pick(rng, 0, 4)]);
    layer.same_rule = static_cast<SameRule>(Pick(rng, 0, 3));
    layer.padding_mode = info.Has(kLayerPaddingMode) ? static_cast<PaddingMode>(Pick(rng, 0, 3))
                                                     : PaddingMode::Zeros;
    layer.ceil_mode = rng() % 2;
    layer.count_include_pad = rng() % 2;
    // A resampling layer takes only its factor (and linear upsampling align_corners), as
    // the editor leaves it when the type is chosen.
    if (info.Has(kLayerResampling)) layer = ChangeLayerType(layer, type);
    layer.align_corners = info.Has(kLayerAlignCorners) && rng() % 2 == 0;
    // Nearest and linear upsampling now and then to an output size instead of a factor.
    if ((type == LayerType::UpsampleNearest || type == LayerType::UpsampleLinear) &&
        rng() % 3 == 0) {
        layer.kernel.assign(static_cast<size_t>(dims), 1);
        layer.stride = layer.kernel;
        layer.size.clear();
        for (int d = 0; d < dims; ++d) layer.size.push_back(Pick(rng, 1, 4 * max_in));
    }
    s.input = input;
    s.seed = static_cast<uint32_t>(Pick(rng, 0, 1000));
    s.step = Pick(rng, 0, 100);
    s.panel = static_cast<Panel>(Pick(rng, 0, 7));
    // Channels: counts that groups divide, or a depthwise layer; bias on or off.
    const int64_t groups = info.Has(kLayerGroups) ? Pick(rng, 1, 4) : 1;
    layer.groups = groups;
    layer.in_channels = groups * Pick(rng, 1, kMaxPlaygroundChannels / 4);
    layer.out_channels = groups * Pick(rng, 1, kMaxPlaygroundChannels / 4);
    layer.bias = !info.Has(kLayerHasWeights) || rng() % 2 == 0;
    s.out_channel = Pick(rng, 0, kMaxPlaygroundChannels - 1);
    return s;
}

}  // namespace

TEST_CASE("playground links round-trip", "[links]") {
    std::mt19937 rng(7);
    for (int n = 0; n < 500; ++n) {
        const PlaygroundState original = RandomPlayground(rng);
        const std::string link = ToQuery(original);
        PlaygroundState parsed;
        std::vector<std::string> notes;
        ApplyQuery(link, parsed, notes);
        INFO(link);
        CHECK(notes.empty());
        CHECK(ToQuery(parsed) == link);
        // The layer the core computes is the same, on the same input.
        const Layer &a = original.layer, &b = parsed.layer;
        CHECK(parsed.input == original.input);
        CHECK(a.kernel == b.kernel);
        CHECK(a.stride == b.stride);
        CHECK(a.dilation == b.dilation);
        CHECK(a.padding_form == b.padding_form);
        CHECK(a.type == b.type);
        CHECK(a.output_padding == b.output_padding);
        CHECK(a.padding_mode == b.padding_mode);
        CHECK(a.padding_asymmetric == b.padding_asymmetric);
        CHECK(a.align_corners == b.align_corners);
        CHECK(a.size == b.size);
        CHECK(a.in_channels == b.in_channels);
        CHECK(a.out_channels == b.out_channels);
        CHECK(a.groups == b.groups);
        CHECK(a.bias == b.bias);
        CHECK(parsed.out_channel == original.out_channel);
        if (a.padding_form == PaddingForm::Explicit) CHECK(a.padding == b.padding);
    }
}

TEST_CASE("playground links: malformed values are ignored with a note", "[links]") {
    PlaygroundState s;
    std::vector<std::string> notes;
    ApplyQuery("#S=0&K=99&P=-1&D=two&mode=mirror&I=5x5x5x5&Q=1&type=&&=&panel=nowhere", s, notes);
    CHECK(notes.size() == 10);
    CHECK(ToQuery(s) == ToQuery(PlaygroundState{}));
    // Random bytes never crash and never leave an out-of-range state.
    std::mt19937 rng(11);
    for (int n = 0; n < 2000; ++n) {
        std::string junk;
        const int length = static_cast<int>(Pick(rng, 0, 60));
        for (int i = 0; i < length; ++i) junk += "ISKPDx=&:0123456789-#?%ab"[rng() % 25];
        PlaygroundState t;
        std::vector<std::string> ignored;
        ApplyQuery(junk, t, ignored);
        // One size per dimension of the layer, each in range.
        REQUIRE(t.input.size() == t.layer.kernel.size());
        REQUIRE(t.layer.stride.size() == t.layer.kernel.size());
        REQUIRE(t.layer.padding.size() == t.layer.kernel.size());
        for (size_t d = 0; d < t.input.size(); ++d) {
            REQUIRE(t.input[d] >= 1);
            REQUIRE(t.input[d] <= kMaxPlaygroundInput);
            REQUIRE(t.layer.stride[d] >= 1);
            REQUIRE(t.layer.kernel[d] <= kMaxPlaygroundKernel);
        }
    }
}

TEST_CASE("explorer links round-trip the whole stack", "[links]") {
    std::mt19937 rng(3);
    const char* const tokens[] = {"c3p1", "c3s2p1",   "m2",       "m3s2p1",    "a2",
                                  "t2s2", "t4s2p1o1", "c2d4p4:0", "c7s2p3c64", "c3d2p2",
                                  "cps",  "c1",       "m3s2C"};
    // Tokens with one value per dimension, for 3-D stacks.
    const char* const tokens3[] = {"c3x3x3p1", "c1x3x3p0x1x1",         "m1x2x2",
                                   "t2x2x2s2", "c3x1x1d2x1x1p2:0x0x0", "a2x1x1"};
    for (int n = 0; n < 300; ++n) {
        RfState s;
        s.dims = static_cast<int>(Pick(rng, 1, 3));
        s.input.clear();
        for (int d = 0; d < s.dims; ++d) s.input.push_back(Pick(rng, 1, MaxRfInput(s.dims)));
        const int count = static_cast<int>(Pick(rng, 0, 12));
        for (int i = 0; i < count; ++i) {
            Layer layer;
            std::string error;
            std::string token = tokens[rng() % 13];
            if (token == "cps") token = "c3ps";
            if (s.dims == 3 && rng() % 2) token = tokens3[rng() % 6];
            REQUIRE(ParseLayerToken(token, s.dims, layer, error));
            s.layers.push_back(layer);
        }
        s.selected_layer = static_cast<int>(Pick(rng, -1, count - 1));
        s.unit.clear();
        for (int d = 0; d < s.dims; ++d) s.unit.push_back(Pick(rng, 0, 50));
        s.panel = static_cast<RfPanel>(Pick(rng, 0, 3));
        s.random_weights = rng() % 2;
        s.log_scale = rng() % 2;
        s.compare = rng() % 2;
        const std::string link = RfQuery(s);
        RfState parsed;
        std::vector<std::string> notes;
        ApplyRfQuery(link, parsed, notes);
        INFO(link);
        CHECK(notes.empty());
        CHECK(RfQuery(parsed) == link);
        REQUIRE(parsed.layers.size() == s.layers.size());
        for (size_t i = 0; i < s.layers.size(); ++i)
            CHECK(LayerToken(parsed.layers[i]) == LayerToken(s.layers[i]));
        CHECK(parsed.input == s.input);
        CHECK(parsed.unit == s.unit);
        CHECK(parsed.compare == s.compare);
    }
}

TEST_CASE("explorer links carry 3-D stacks", "[links]") {
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("rf_dims=3&rf_in=16x64x64&stack=c3x3x3p1;m1x2x2;c3x1x1p1x0x0&layer=3&unit=2x5x7",
                 s, notes);
    CHECK(notes.empty());
    CHECK(s.dims == 3);
    CHECK(s.input == std::vector<int64_t>{16, 64, 64});
    REQUIRE(s.layers.size() == 3);
    CHECK(s.layers[1].kernel == std::vector<int64_t>{1, 2, 2});
    CHECK(s.layers[1].stride == std::vector<int64_t>{1, 2, 2});
    CHECK(s.layers[2].padding[1] == PadPair{0, 0});
    CHECK(s.unit == std::vector<int64_t>{2, 5, 7});
    // Equal values per dimension print once.
    const std::string link = RfQuery(s);
    // The third layer is selected at first, so the link leaves layer=3 out.
    CHECK(link == "rf_in=16x64x64&rf_dims=3&stack=c3p1;m1x2x2;c3x1x1p1x0x0&unit=2x5x7");
    RfState parsed;
    ApplyRfQuery(link, parsed, notes);
    CHECK(notes.empty());
    CHECK(RfQuery(parsed) == link);
    // Three sizes alone make a 3-D input; a 2-D unit leaves the depth at 0.
    RfState implied;
    ApplyRfQuery("rf_in=8x9x10&unit=3x4", implied, notes);
    CHECK(notes.empty());
    CHECK(implied.dims == 3);
    CHECK(implied.unit == std::vector<int64_t>{0, 3, 4});
    // 3-D inputs stop at 256 per side, with a note; four dimensions are refused.
    RfState big;
    ApplyRfQuery("rf_in=300x64x64&rf_dims=4", big, notes);
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].find("rf_dims") != std::string::npos);
    CHECK(notes[1].find("3-D inputs are limited to 256") != std::string::npos);
    CHECK(big.input == std::vector<int64_t>{256, 64, 64});
}

TEST_CASE("explorer: changing the dimensions keeps the stack and caps the input", "[links]") {
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("rf_in=1024x20&stack=c3p1x0;m2", s, notes);
    REQUIRE(notes.empty());
    ChangeRfDims(s, 3, notes);
    CHECK(s.dims == 3);
    // The new depth starts at the height; 1024 is beyond the 3-D limit.
    CHECK(s.input == std::vector<int64_t>{256, 256, 20});
    REQUIRE(notes.size() == 1);
    CHECK(StackText(s.layers) == "c3;m2");
    notes.clear();
    ChangeRfDims(s, 1, notes);
    CHECK(notes.empty());
    CHECK(s.input == std::vector<int64_t>{20});
    CHECK(StackText(s.layers) == "c3;m2");
}

TEST_CASE("the explorer opens on the chapter's three 3x3 convolutions", "[links]") {
    const RfState first;
    CHECK(StackText(first.layers) == "c3p1;c3p1;c3p1");
    CHECK(first.input == std::vector<int64_t>{7, 7});
    CHECK(first.selected_layer == 2);
    CHECK(first.unit == std::vector<int64_t>{3, 3});
    CHECK_FALSE(first.show_effective);
    RfModel model;
    model.Rebuild(first);
    REQUIRE(model.Ok());
    REQUIRE(model.TableRows().size() == 4);  // the input and three layers
    CHECK(model.TableRows().back().rf == std::vector<int64_t>{7, 7});
    // Its link is the input alone; an empty stack and the effective field are written.
    CHECK(RfQuery(first) == "rf_in=7x7");
    RfState edited;
    edited.layers.clear();
    edited.preset.clear();
    edited.selected_layer = -1;
    edited.show_effective = true;
    const std::string link = RfQuery(edited);
    CHECK(link == "rf_in=7x7&stack=&layer=0&erf=uniform");
    RfState parsed;
    std::vector<std::string> notes;
    ApplyRfQuery(link, parsed, notes);
    CHECK(notes.empty());
    CHECK(parsed.layers.empty());
    CHECK(parsed.selected_layer == -1);
    CHECK(parsed.show_effective);
}

TEST_CASE("explorer links name presets and reload their exact stack", "[links]") {
    for (const NetworkPreset& preset : NetworkPresets()) {
        if (preset.network.input.size() > 2) continue;
        RfState s;
        LoadPreset(preset, s, true);
        s.selected_layer = std::min<int>(1, static_cast<int>(s.layers.size()) - 1);
        const std::string link = RfQuery(s);
        INFO(link);
        // The first state's preset goes without saying.
        CHECK((link.find("rf_preset=" + preset.key) != std::string::npos) ==
              (preset.key != kFirstRfPreset));
        RfState parsed;
        std::vector<std::string> notes;
        ApplyRfQuery(link, parsed, notes);
        CHECK(notes.empty());
        CHECK(StackText(parsed.layers) == StackText(preset.network.layers));
        CHECK(parsed.selected_layer == s.selected_layer);
        CHECK(parsed.input.back() == preset.network.input.back());
    }
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("rf_preset=nonexistent", s, notes);
    REQUIRE(notes.size() == 1);
    // The note lists the valid names; the names people type find their preset.
    CHECK(notes[0].find("the presets are chapter_3x3, ") != std::string::npos);
    CHECK(notes[0].find("vgg16") != std::string::npos);
    notes.clear();
    ApplyRfQuery("rf_preset=resnet50", s, notes);
    CHECK(notes.empty());
    CHECK(s.preset == "resnet50_torchvision");
    CHECK(RfQuery(s).find("rf_preset=resnet50_torchvision") != std::string::npos);
}

TEST_CASE("playground links: T=auto returns the solver to its default target", "[links]") {
    PlaygroundState s;
    std::vector<std::string> notes;
    ApplyQuery("I=8&T=12", s, notes);
    CHECK(s.target == Extents{12, 12});
    ApplyQuery("T=auto", s, notes);
    CHECK(s.target.empty());
    CHECK(notes.empty());
    CHECK(ToQuery(s).find("T=") == std::string::npos);
}

TEST_CASE("explorer links: bad tokens are skipped with a note naming them", "[links]") {
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("stack=c3p1;q7;c;c3z2;m2s2&rf_in=0&unit=a", s, notes);
    CHECK(s.layers.size() == 2);
    REQUIRE(notes.size() == 5);
    CHECK(notes[0].find("rf_in") != std::string::npos);
    CHECK(notes[2].find("'q7'") != std::string::npos);
    Layer causal;
    std::string error;
    REQUIRE(ParseLayerToken("c2d4p4:0", 1, causal, error));
    CHECK(causal.padding[0] == PadPair{4, 0});
    CHECK(LayerToken(causal) == "c2d4p4:0");
}

TEST_CASE("U-Net planner links carry the operators", "[links]") {
    const auto apply = [](UNetPanel& panel, const std::string& link,
                          std::vector<std::string>& notes) {
        LinkReader reader(link);
        panel.ReadLink(reader, notes);
    };
    std::vector<std::string> notes;
    // The original U-Net writes nothing; the same-padded one only its short name.
    UNetPanel original;
    CHECK(original.Query().empty());
    UNetPanel same;
    apply(same, "unet_same=1", notes);
    CHECK(same.Query() == "&unet_same=1");
    // Strided operators round-trip, written in their shortest token form.
    UNetPanel strided;
    apply(strided, "unet_in=256&unet_same=1&unet_down=c3x3s2p1&unet_up=t3s2p1o1", notes);
    CHECK(notes.empty());
    const std::string link = strided.Query();
    CHECK(link == "&unet_in=256&unet_same=1&unet_down=c3s2p1&unet_up=t3s2p1o1");
    UNetPanel parsed;
    apply(parsed, link.substr(1), notes);
    CHECK(parsed.Query() == link);
    // Blocks of their own; bad values are refused with a note and change nothing.
    UNetPanel custom;
    apply(custom, "unet_down_block=c3p1;c3p1;c3p1&unet_up_block=c5p2", notes);
    CHECK(custom.Query() == "&unet_down_block=c3p1;c3p1;c3p1&unet_up_block=c5p2");
    apply(custom, "unet_down=q2&unet_up=&unet_up_block=c3z&unet_depth=99", notes);
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].find("unet_down") != std::string::npos);
    CHECK(notes[1].find("one layer token") != std::string::npos);
    CHECK(custom.Query() == "&unet_down_block=c3p1;c3p1;c3p1&unet_up_block=c5p2");
    // Samplers per level (one token per level from the top) round-trip too.
    notes.clear();
    UNetPanel levels;
    apply(levels, "unet_down=m2;c3s2p1&unet_up=t2s2;t3s2p1o1", notes);
    CHECK(notes.empty());
    CHECK(levels.Query() == "&unet_down=m2;c3s2p1&unet_up=t2s2;t3s2p1o1");
    apply(levels, "unet_down=m2;m2;m2;m2;m2;m2;m2;m2;m2", notes);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("at most 8") != std::string::npos);
}

TEST_CASE("link keys: each component reads its own keys, unknown ones are noted once", "[links]") {
    LinkReader link("I=7&S=2&rf_in=32x32&stack=c3p1;m2&unet_in=256&panel=solver&zz=1&S=0&card=x");
    PlaygroundState playground;
    RfState explorer;
    UNetPanel unet;
    std::vector<std::string> notes;
    ReadPlaygroundLink(link, playground, notes);
    ReadRfLink(link, explorer, notes);
    unet.ReadLink(link, notes);
    // The refused S=0 is the playground's; neither component lists the other's keys.
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "ignored 'S=0': not a valid value for S");
    CHECK(playground.input == Extents{7, 7});
    CHECK(playground.panel == Panel::Solver);
    CHECK(explorer.layers.size() == 2);
    CHECK(unet.Query() == "&unet_in=256");
    // zz and card are read by no component: card is the application's, zz nobody's.
    const std::vector<std::string> unknown = link.UnknownKeyNotes();
    REQUIRE(unknown.size() == 2);
    CHECK(unknown[0] == "ignored unknown setting 'zz=1'");
    CHECK(unknown[1] == "ignored unknown setting 'card=x'");
}
