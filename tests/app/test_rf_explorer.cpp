// The explorer's derived numbers: the growth plot's reference stacks against their closed
// forms (1 + 2L and 2^(L+1) - 1), a 3-D stack through the model (table and effective
// field), a pasted print(model) with Conv3d layers landing as a 3-D stack, the stack the
// explorer starts with, which is the first preset built alone, and the U-Net panel's
// verdict lines.
#include <catch2/catch.hpp>
#include <cmath>

#include "app/explorer/rf_growth_plot.h"
#include "app/explorer/rf_model.h"
#include "app/explorer/rf_state.h"
#include "app/explorer/unet_panel.h"
#include "app/widgets/link_keys.h"
#include "core/network/network_presets.h"
#include "core/network/network_text.h"

using namespace convscope;
using namespace convscope::app;

TEST_CASE("growth references: stacked 3x3 grows linearly, dilated 3x3 exponentially",
          "[explorer]") {
    const GrowthReference four = ComputeGrowthReference(4);
    CHECK(four.linear == std::vector<double>{1, 3, 5, 7, 9});
    CHECK(four.dilated == std::vector<double>{1, 3, 7, 15, 31});
    const GrowthReference none = ComputeGrowthReference(0);
    CHECK(none.linear == std::vector<double>{1});
    CHECK(none.dilated == std::vector<double>{1});
    // The dilated stack stops at dilation 2^30 (layer 31), the core's largest extent.
    const GrowthReference deep = ComputeGrowthReference(50);
    REQUIRE(deep.linear.size() == 51);
    CHECK(deep.linear.back() == 101);
    REQUIRE(deep.dilated.size() == kMaxDilatedReferenceLayers + 1);
    for (size_t l = 0; l < deep.dilated.size(); ++l)
        CHECK(deep.dilated[l] == std::pow(2.0, static_cast<double>(l) + 1) - 1);
}

TEST_CASE("a 3-D stack through the explorer's model", "[explorer]") {
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("rf_in=16x64x64&stack=c3p1;m1x2x2;c3p1&layer=3&unit=4x5x6", s, notes);
    REQUIRE(notes.empty());
    RfModel model;
    model.Rebuild(s);
    REQUIRE(model.Ok());
    CHECK(model.Dims() == 3);
    // Depth: 3, then 3 (k 1), then 3 + 2 = 5; height and width: 3, 3 + 1 = 4 (jump 2 after
    // the pool), 4 + 2*2 = 8. Output 16 x 32 x 32.
    const std::vector<RfTableRow>& rows = model.TableRows();
    REQUIRE(rows.size() == 4);
    CHECK(rows.back().rf == std::vector<int64_t>{5, 8, 8});
    CHECK(rows.back().output == std::vector<int64_t>{16, 32, 32});
    CHECK(rows.back().effective_padding == std::vector<int64_t>{2, 3, 3});
    // Unit (4, 5, 6): depth 4 - 2 .. 4 + 2, rows 2*5 - 3 .. 2*5 + 4, columns 12 - 3 .. 12 + 4.
    const std::vector<CellRange>& range = model.SelectedRange();
    REQUIRE(range.size() == 3);
    CHECK(range[0].lo == 2);
    CHECK(range[0].hi == 6);
    CHECK(range[1].lo == 7);
    CHECK(range[1].hi == 14);
    CHECK(range[2].lo == 9);
    CHECK(range[2].hi == 16);
    // The effective field is N-d: a map over the whole volume, zero outside the field.
    const ErfResult* erf = model.EffectiveField(false, 1);
    REQUIRE(erf != nullptr);
    CHECK(erf->map.size() == 16u * 64u * 64u);
    CHECK(erf->nonzero > 0);
    CHECK(erf->nonzero <= 5 * 8 * 8);
}

TEST_CASE("print(model) with Conv3d layers reads as a 3-D stack", "[explorer]") {
    // torch 1.13's print of nn.Sequential(nn.Conv3d(1, 16, 3, padding=1), nn.ReLU(),
    // nn.MaxPool3d((1, 2, 2)), nn.Conv3d(16, 32, 3, stride=2, padding=1)); on 16x64x64
    // PyTorch gives 16x64x64, 16x32x32, 8x16x16.
    const std::string printed = R"(Sequential(
  (0): Conv3d(1, 16, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1))
  (1): ReLU()
  (2): MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=0, dilation=1, ceil_mode=False)
  (3): Conv3d(16, 32, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1))
))";
    const ParsedNetwork parsed = ParseNetworkText(printed, "auto", 0);
    REQUIRE(parsed.network.layers.size() == 3);
    RfState s;
    std::vector<std::string> notes;
    ApplyRfQuery("rf_in=64x64", s, notes);
    ChangeRfDims(s, parsed.network.layers.front().Dims(), notes);
    s.layers = parsed.network.layers;
    CHECK(notes.empty());
    CHECK(s.dims == 3);
    s.input = {16, 64, 64};
    RfModel model;
    model.Rebuild(s);
    REQUIRE(model.Ok());
    CHECK(model.SizeOf(0) == std::vector<int64_t>{16, 64, 64});
    CHECK(model.SizeOf(1) == std::vector<int64_t>{16, 32, 32});
    CHECK(model.SizeOf(2) == std::vector<int64_t>{8, 16, 16});
    CHECK(RfQuery(s).find("stack=c3p1c16;m1x2x2;c3s2p1c32") != std::string::npos);
}

TEST_CASE("the explorer starts with the first preset, built without the others", "[explorer]") {
    const NetworkPreset first = FirstChapterPreset();
    CHECK(first.key == kFirstRfPreset);
    CHECK(first.key == NetworkPresets().front().key);
    CHECK(first.network.layers.size() == NetworkPresets().front().network.layers.size());
    CHECK(FirstRfLayers().size() == 3);
    CHECK(RfState().preset == kFirstRfPreset);
}

TEST_CASE("the U-Net panel states each verdict with the levels below fixed", "[explorer][unet]") {
    const auto fix_lines = [](const std::string& link) {
        UNetPanel panel;
        std::vector<std::string> notes;
        LinkReader reader(link);
        panel.ReadLink(reader, notes);
        CHECK(notes.empty());
        return panel.TestValues()["unet_fixes"];
    };
    // Level 1's 4x4 stride-2 up-convolution matches as it stands (31 -> 64) but not once
    // level 2 gets its output_padding (32 -> 66).
    const nlohmann::json overshoot =
        fix_lines("unet_in=64&unet_depth=2&unet_same=1&unet_up=t4s2;t3s2p1");
    REQUIRE(overshoot.size() == 2);
    CHECK(overshoot[0] ==
          "Level 1: it matches as it stands, but once the levels below line up, the up-sampler "
          "gives 66 × 66 against the skip's 64 × 64; the up-sampler with padding 1 makes the "
          "skip line up without a crop");
    CHECK(overshoot[1] ==
          "Level 2: the up-sampler with padding 1, output_padding 1 makes the skip line up "
          "without a crop");
    // A stride-1 up-convolution takes no output_padding: its fix crops one cell after, which
    // PyTorch's module cannot, so the panel gives the slice.
    const nlohmann::json stride_one =
        fix_lines("unet_in=64&unet_depth=1&unet_same=1&unet_down=m2s1&unet_up=t3");
    REQUIRE(stride_one.size() == 1);
    CHECK(stride_one[0] ==
          "Level 1: the up-sampler with padding 0, then x = x[..., :64, :64], makes the skip "
          "line up without a crop (PyTorch pads both ends of a dimension alike)");
    // A convolution in the up-sampler's place grows its input: F.pad before it.
    const nlohmann::json grow =
        fix_lines("unet_in=64&unet_depth=1&unet_same=1&unet_down=c2&unet_up=c3");
    REQUIRE(grow.size() == 1);
    CHECK(grow[0] ==
          "Level 1: x = F.pad(x, (0, 1, 0, 1)), then the up-sampler with padding 1, makes the "
          "skip line up without a crop (PyTorch pads both ends of a dimension alike)");
}
