// The U-Net planner against Ronneberger et al.'s Fig. 1 (572 in, 388 out, crops 568->392,
// 280->200, 136->104, 64->56), same-padded U-Nets on sizes that do and do not divide, and
// the seed thread's question of sizing the up path to match the down path.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/api/json_api.h"
#include "core/network/unet_planner.h"
#include "helpers.h"

using namespace convscope;
using nlohmann::json;

TEST_CASE("the original U-Net: 572 -> 388 with the paper's crops", "[unet][published]") {
    const UNetPlan plan = PlanUNet(OriginalUNetSpec({572, 572}));
    REQUIRE(plan.levels.size() == 4);
    CHECK(plan.output == std::vector<int64_t>{388, 388});
    CHECK(plan.bottom == std::vector<int64_t>{28, 28});
    const int64_t skip[4] = {568, 280, 136, 64}, up[4] = {392, 200, 104, 56},
                  down[4] = {284, 140, 68, 32};
    const int64_t up_output[4] = {388, 196, 100, 52};
    for (size_t l = 0; l < 4; ++l) {
        INFO("level " << l + 1);
        const UNetLevel& level = plan.levels[l];
        CHECK(level.level == static_cast<int>(l + 1));
        CHECK(level.skip[0] == skip[l]);
        CHECK(level.down[1] == down[l]);
        CHECK(level.up[0] == up[l]);
        CHECK(level.mismatch[0] == skip[l] - up[l]);
        CHECK(level.crop[0] == PadPair{(skip[l] - up[l]) / 2, (skip[l] - up[l]) / 2});
        CHECK(level.concat[0] == up[l]);
        CHECK(level.up_output[1] == up_output[l]);
        CHECK_FALSE(level.down_uneven[0]);
        // No padding of a 2x2 stride-2 up-convolution grows it to the skip: crop instead.
        CHECK(level.fixes.empty());
        CHECK(level.fix_note.find("no padding") != std::string::npos);
    }
    CHECK(plan.clean);
    CHECK(plan.flags.empty());
    CHECK_FALSE(plan.skips_exact);
    // Clean inputs of a valid depth-4 U-Net are 124 + 16k.
    CHECK(plan.clean_below == std::vector<int64_t>{556, 556});
    CHECK(plan.clean_above == std::vector<int64_t>{588, 588});
    CHECK(plan.exact_below == std::vector<int64_t>{-1, -1});
    CHECK(plan.exact_above == std::vector<int64_t>{-1, -1});
}

TEST_CASE("a valid U-Net on a size that does not divide", "[unet]") {
    const UNetPlan plan = PlanUNet(OriginalUNetSpec({570}));
    CHECK_FALSE(plan.clean);
    // 570 -> 566 -> 283: level 2's skip 279 is odd, its pool drops a cell.
    CHECK(plan.levels[1].skip[0] == 279);
    CHECK(plan.levels[1].down_uneven[0]);
    REQUIRE(!plan.flags.empty());
    CHECK(plan.flags[0].find("level 2") != std::string::npos);
    CHECK(plan.flags[0].find("279") != std::string::npos);
    CHECK(plan.clean_below[0] == 556);
    CHECK(plan.clean_above[0] == 572);
}

TEST_CASE("same-padded U-Nets: exact skips on multiples of 16, fixes elsewhere", "[unet]") {
    const UNetPlan good = PlanUNet(OriginalUNetSpec({256, 256}, true));
    CHECK(good.clean);
    CHECK(good.skips_exact);
    CHECK(good.output == std::vector<int64_t>{256, 256});
    for (const UNetLevel& l : good.levels)
        CHECK(l.fix_note == "the up-sampled map already matches the skip");

    const UNetPlan odd = PlanUNet(OriginalUNetSpec({572}, true));
    CHECK_FALSE(odd.clean);
    CHECK_FALSE(odd.skips_exact);
    // 572 -> 286 -> 143 -> 71 -> 35: levels 3 and 4 are odd; coming back up, 35 -> 70
    // meets the skip 71, one short.
    CHECK(odd.levels[3].skip[0] == 71);
    CHECK(odd.levels[3].up[0] == 70);
    CHECK(odd.levels[3].mismatch[0] == 1);
    // Level 3: 143 against 140, an odd 3: the centre crop takes 1 before and 2 after.
    CHECK(odd.levels[2].mismatch[0] == 3);
    CHECK(odd.levels[2].crop[0] == PadPair{1, 2});
    // The fix: output_padding 1 on that level's 2x2 stride-2 up-convolution.
    REQUIRE(!odd.levels[3].fixes.empty());
    CHECK(odd.levels[3].fixes[0].output_padding == std::vector<int64_t>{1});
    CHECK(odd.levels[3].fixes[0].pads[0] == PadPair{0, 0});
    // With level 4 fixed, level 3's up-convolution sees 71 -> 142 and needs one more;
    // levels 2 and 1 then match by themselves (143 -> 286 -> 572).
    REQUIRE(!odd.levels[2].fixes.empty());
    CHECK(odd.levels[2].fixes[0].output_padding == std::vector<int64_t>{1});
    CHECK(odd.levels[1].fixes.empty());
    CHECK(odd.levels[1].fix_note == "matches once the levels below line up with their skips");
    CHECK(odd.levels[0].fix_note == "matches once the levels below line up with their skips");
    CHECK(odd.exact_below[0] == 560);
    CHECK(odd.exact_above[0] == 576);
    CHECK(odd.clean_below[0] == 560);
    bool odd_difference = false;
    for (const std::string& f : odd.flags)
        odd_difference = odd_difference || f.find("odd difference") != std::string::npos;
    CHECK(odd_difference);
}

namespace {

// A U-Net whose blocks keep the size (3x3, padding 1) and whose samplers are strided
// convolutions: conv 3x3 stride 2 padding 1 down, transposed 3x3 stride 2 padding 1
// output_padding 1 up (the pair of many encoder-decoders).
UNetSpec StridedUNet(int64_t input) {
    using convscope::test::Conv;
    UNetSpec spec = OriginalUNetSpec({input}, true);
    spec.down_sample = Conv({3}, {2}, {1});
    spec.up_sample = Conv({3}, {2}, {1}, {}, LayerType::ConvTranspose);
    spec.up_sample.output_padding = {1};
    return spec;
}

}  // namespace

// PyTorch's shape arithmetic by hand (nn.Conv1d / nn.ConvTranspose1d, checked with torch):
//   conv:       out = floor((in + 2p - (k - 1) - 1) / s) + 1
//   transposed: out = (in - 1) s - 2p + (k - 1) + output_padding + 1
// Down 256: floor((256 + 2 - 2 - 1) / 2) + 1 = 128, then 64, 32, 16 (the blocks keep sizes).
// Up 16: 15*2 - 2 + 2 + 1 + 1 = 32, then 64, 128, 256: every skip matches.
TEST_CASE("a U-Net with strided convolutions down and up: exact skips on 256", "[unet]") {
    const UNetPlan plan = PlanUNet(StridedUNet(256));
    REQUIRE(plan.levels.size() == 4);
    const int64_t skip[4] = {256, 128, 64, 32}, down[4] = {128, 64, 32, 16};
    for (size_t l = 0; l < 4; ++l) {
        INFO("level " << l + 1);
        CHECK(plan.levels[l].skip[0] == skip[l]);
        CHECK(plan.levels[l].down[0] == down[l]);
        CHECK(plan.levels[l].up[0] == skip[l]);
        CHECK(plan.levels[l].mismatch[0] == 0);
        // The window past the last real cell reads only the padding after it: nothing of the
        // skip is dropped, so the level is not flagged uneven.
        CHECK_FALSE(plan.levels[l].down_uneven[0]);
        CHECK(plan.levels[l].fix_note == "the up-sampled map already matches the skip");
    }
    CHECK(plan.bottom == std::vector<int64_t>{16});
    CHECK(plan.output == std::vector<int64_t>{256});
    CHECK(plan.flags.empty());
    CHECK(plan.clean);
    CHECK(plan.skips_exact);
    // Exact sizes are the multiples of 16.
    CHECK(plan.exact_below[0] == 240);
    CHECK(plan.exact_above[0] == 272);
}

// Down 250: 125, floor(124 / 2) + 1 = 63, floor(62 / 2) + 1 = 32, 16. Up: 32 (level 4
// matches), 64 against the skip 63, then from the cropped 63: 62*2 - 2 + 2 + 1 + 1 = 126
// against 125, then from 125: 250, which matches.
TEST_CASE("a U-Net with strided convolutions on 250: up-sampled maps one too large", "[unet]") {
    const UNetPlan plan = PlanUNet(StridedUNet(250));
    const int64_t skip[4] = {250, 125, 63, 32}, up[4] = {250, 126, 64, 32};
    for (size_t l = 0; l < 4; ++l) {
        INFO("level " << l + 1);
        CHECK(plan.levels[l].skip[0] == skip[l]);
        CHECK(plan.levels[l].up[0] == up[l]);
        CHECK_FALSE(plan.levels[l].down_uneven[0]);
    }
    CHECK(plan.output == std::vector<int64_t>{250});
    CHECK_FALSE(plan.clean);
    REQUIRE(plan.flags.size() == 2);
    CHECK(plan.flags[0].find("level 3") != std::string::npos);
    CHECK(plan.flags[0].find("(64) is 1 larger than the skip (63)") != std::string::npos);
    CHECK(plan.flags[1].find("level 2") != std::string::npos);
    // The fix of level 3 turns 32 into 63: 31*2 - (before + after) + 2 + output_padding + 1.
    REQUIRE(!plan.levels[2].fixes.empty());
    const PaddingSolution& fix = plan.levels[2].fixes.front();
    const int64_t op = fix.output_padding.empty() ? 0 : fix.output_padding[0];
    CHECK(31 * 2 - (fix.pads[0].before + fix.pads[0].after) + 2 + op + 1 == 63);
    // Level 2 then sees 63 and needs 125: 62*2 - (before + after) + 2 + output_padding + 1.
    REQUIRE(!plan.levels[1].fixes.empty());
    const PaddingSolution& fix2 = plan.levels[1].fixes.front();
    const int64_t op2 = fix2.output_padding.empty() ? 0 : fix2.output_padding[0];
    CHECK(62 * 2 - (fix2.pads[0].before + fix2.pads[0].after) + 2 + op2 + 1 == 125);
}

// A strided convolution without padding on an even size does drop the last cell:
// (256 - 3) = 253 is odd, the windows end at cell 254.
TEST_CASE("an unpadded strided down-sampler drops a cell and is flagged", "[unet]") {
    UNetSpec spec = StridedUNet(256);
    spec.down_sample = convscope::test::Conv({3}, {2}, {0});
    spec.depth = 1;
    const UNetPlan plan = PlanUNet(spec);
    CHECK(plan.levels[0].down[0] == 127);
    CHECK(plan.levels[0].down_uneven[0]);
    REQUIRE(!plan.flags.empty());
    CHECK(plan.flags[0].find("the last 1 cell(s) are never read") != std::string::npos);
}

TEST_CASE("U-Net planner refusals name the place", "[unet][errors]") {
    CHECK_THROWS_WITH(PlanUNet(OriginalUNetSpec({100})), Catch::Contains("bottom"));
    UNetSpec deep = OriginalUNetSpec({572});
    deep.depth = 17;
    CHECK_THROWS_WITH(PlanUNet(deep), Catch::Contains("depth"));
    UNetSpec mixed = OriginalUNetSpec({64, 64});
    mixed.up_sample = convscope::test::Conv({2}, {2}, {0}, {}, LayerType::ConvTranspose);
    CHECK_THROWS_WITH(PlanUNet(mixed), Catch::Contains("up-sampler has 1 dimensions"));
}

TEST_CASE("samplers may differ per level", "[unet]") {
    // 64, same-padded 3x3 blocks, depth 3. Down: level 1 max pool 2 (64 -> 32), level 2 a
    // 3x3 stride-2 pad-1 convolution ((32 + 2 - 3)/2 + 1 = 16), level 3 max pool 2 (16 -> 8).
    // Up: level 3 transposed 2 s2 (8 -> 16); level 2 transposed 3 s2 p1 without
    // output_padding ((16 - 1)*2 - 2 + 3 = 31, one short of its skip of 32); level 1
    // transposed 2 s2 (31 -> 62 against 64).
    const json plan = json::parse(
        convscope::EvalRequest(R"({"op":"unet_plan","input":[64],"depth":3,"padding":"same",
        "pool":{"type":"max_pool","kernel":2,"stride":2},
        "pools":[{"type":"max_pool","kernel":2,"stride":2},{"kernel":3,"stride":2,"padding":1}],
        "ups":[{"type":"conv_transpose","kernel":2,"stride":2},{"type":"conv_transpose","kernel":3,"stride":2,"padding":1}],
        "up":{"type":"conv_transpose","kernel":2,"stride":2}})"));
    REQUIRE_FALSE(plan.contains("error"));
    const json& levels = plan["levels"];
    CHECK(levels[0]["down"] == json({32}));
    CHECK(levels[1]["down"] == json({16}));
    CHECK(levels[2]["down"] == json({8}));
    CHECK(levels[2]["up"] == json({16}));
    CHECK(levels[1]["up"] == json({31}));
    CHECK(levels[1]["mismatch"] == json({1}));
    CHECK(levels[0]["up"] == json({62}));
    CHECK(plan["skips_exact"] == false);
    // Level 2's fix is its own up-sampler with output_padding 1: (16 - 1)*2 - 2 + 3 + 1 = 32.
    REQUIRE_FALSE(levels[1]["fixes"].empty());
    CHECK(levels[1]["fixes"][0]["output_padding"] == json({1}));
    CHECK(levels[1]["fixes"][0]["pads"] == json({{1, 1}}));
    // With that output_padding in the per-level list every skip matches.
    const json fixed = json::parse(
        convscope::EvalRequest(R"({"op":"unet_plan","input":[64],"depth":3,"padding":"same",
        "pools":[{"type":"max_pool","kernel":2,"stride":2},{"kernel":3,"stride":2,"padding":1}],
        "ups":[{"type":"conv_transpose","kernel":2,"stride":2},{"type":"conv_transpose","kernel":3,"stride":2,"padding":1,"output_padding":1}]})"));
    CHECK(fixed["skips_exact"] == true);
    CHECK(fixed["output"] == json({64}));
    // A per-level sampler of the wrong rank is refused by name.
    const json bad = json::parse(convscope::EvalRequest(
        R"({"op":"unet_plan","input":[64],"pools":[{"kernel":[3,3],"stride":2}]})"));
    CHECK(bad["error"].get<std::string>().find("pools layer 1") != std::string::npos);
}
