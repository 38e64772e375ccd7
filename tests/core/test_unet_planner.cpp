// The U-Net planner against Ronneberger et al.'s Fig. 1 (572 in, 388 out, crops 568->392,
// 280->200, 136->104, 64->56), same-padded U-Nets on sizes that do and do not divide, the
// seed thread's question of sizing the up path to match the down path, and fixes planned
// bottom-up with the deeper levels fixed (overshooting up-samplers, asymmetric fixes as the
// PyTorch lines that apply them, every fix applied together).
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/api/json_api.h"
#include "core/layer/error.h"
#include "core/layer/layer_text.h"
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

namespace {

Layer Token(const std::string& token, int dims) {
    Layer layer;
    std::string error;
    if (!ParseLayerToken(token, dims, layer, error)) FAIL(token << ": " << error);
    return layer;
}

// The panel's U-Net: blocks of two 3x3 convolutions (same or valid), 2x2 max pooling or
// `down`, and the up-samplers as the panel's link gives them ("t4s2;t3s2p1": one token per
// level from the top, the last serving the levels below).
UNetSpec PanelUNet(std::vector<int64_t> input, int depth, bool same, const std::string& ups,
                   const std::string& down = "m2") {
    const int dims = static_cast<int>(input.size());
    UNetSpec spec = OriginalUNetSpec(input, same);
    spec.depth = depth;
    spec.down_sample = Token(down, dims);
    for (const std::string& up : SplitText(ups, ';'))
        spec.level_up_samples.push_back(Token(up, dims));
    spec.up_sample = spec.level_up_samples.back();
    return spec;
}

bool AllZero(const std::vector<int64_t>& values) {
    return std::all_of(values.begin(), values.end(), [](int64_t v) { return v == 0; });
}

}  // namespace

// 64 -> skips 64, 32 -> bottom 16. Level 2's 3x3 stride-2 pad-1 up-convolution gives
// (16 - 1)*2 - 2 + 3 = 31 against 32: output_padding 1. Level 1's 4x4 stride-2 one gives
// (31 - 1)*2 + 4 = 64 as it stands, but 66 from the fixed 32: it needs padding 1.
TEST_CASE("a level that matches as it stands gets a fix once the level below is fixed", "[unet]") {
    const UNetSpec spec = PanelUNet({64, 64}, 2, true, "t4s2;t3s2p1");
    const UNetPlan plan = PlanUNet(spec);
    const UNetLevel& top = plan.levels[0];
    const UNetLevel& second = plan.levels[1];
    CHECK(second.up == std::vector<int64_t>{31, 31});
    REQUIRE_FALSE(second.fixes.empty());
    CHECK(second.fixes[0].output_padding == std::vector<int64_t>{1, 1});
    CHECK(second.fixes[0].pads == std::vector<PadPair>{{1, 1}, {1, 1}});
    CHECK(top.up == std::vector<int64_t>{64, 64});
    CHECK(top.mismatch == std::vector<int64_t>{0, 0});
    CHECK(top.up_with_fixes_below == std::vector<int64_t>{66, 66});
    REQUIRE_FALSE(top.fixes.empty());
    CHECK(top.fixes[0].pads == std::vector<PadPair>{{1, 1}, {1, 1}});
    CHECK(top.fixes[0].output_padding == std::vector<int64_t>{0, 0});
    CHECK(top.fixes[0].module_padding == std::vector<int64_t>{1, 1});
    CHECK(top.fixes[0].pytorch.empty());
    CHECK(top.fix_note ==
          "it matches as it stands, but once the levels below line up, the up-sampler gives "
          "66 × 66 against the skip's 64 × 64");
    // Both fixes together: every skip matches as it stands.
    const UNetPlan fixed = PlanUNet(WithFixesApplied(spec, plan));
    CHECK(fixed.skips_exact);
    for (const UNetLevel& level : fixed.levels) {
        INFO("level " << level.level);
        CHECK(level.fix_note == "the up-sampled map already matches the skip");
        CHECK(level.fixes.empty());
    }
    CHECK(fixed.output == std::vector<int64_t>{64, 64});
    // The JSON op says the same.
    const json answer = json::parse(convscope::EvalRequest(
        R"({"op":"unet_plan","input":[64,64],"depth":2,"padding":"same",
        "ups":[{"type":"conv_transpose","kernel":4,"stride":2},
               {"type":"conv_transpose","kernel":3,"stride":2,"padding":1}]})"));
    REQUIRE_FALSE(answer.contains("error"));
    CHECK(answer["levels"][0]["up_with_fixes_below"] == json({66, 66}));
    CHECK(answer["levels"][0]["fixes"][0]["pads"] == json({{1, 1}, {1, 1}}));
    CHECK(answer["levels"][0]["fixes"][0]["module_padding"] == json({1, 1}));
    CHECK_FALSE(answer["levels"][0]["fixes"][0].contains("pytorch"));
}

// Every input from 32 to 256, depth 1 to 4, same and valid blocks, and up-samplers that land
// exactly, overshoot or undershoot, alone or one per level: with the first fix of every
// level applied together, planning again finds every level that had a fix or matched
// matching as it stands, and nothing more to fix. One dimension stands for all (they are
// planned independently); the 2-D example above checks two. The nearest input sizes, which
// the fixes do not use, are left out (PlanUNetLevels), so the sweep takes a second.
TEST_CASE("all fixes applied together line every fixable level up", "[unet][fixes]") {
    const char* const up_samplers[] = {
        "t2s2",   "t4s2",        "t3s2p1",      "t3s2",      "t3s2p1o1",       "t4s2p1",
        "t2s2p1", "t4s2;t3s2p1", "t3s2p1;t4s2", "t3s2;t4s2", "t4s2;t2s2;t3s2", "t2s2;t3s2p1;t4s2"};
    int planned = 0, refused = 0, levels = 0, fixed_levels = 0, matched_but_fixed = 0,
        not_fixable = 0;
    for (int64_t input = 32; input <= 256; ++input) {
        for (int depth = 1; depth <= 4; ++depth) {
            for (const bool same : {true, false}) {
                for (const std::string ups : up_samplers) {
                    const UNetSpec spec = PanelUNet({input}, depth, same, ups);
                    UNetPlan plan;
                    try {
                        plan = PlanUNetLevels(spec);
                    } catch (const Error&) {
                        ++refused;  // a valid U-Net too deep for its input
                        continue;
                    }
                    ++planned;
                    const UNetPlan again = PlanUNetLevels(WithFixesApplied(spec, plan));
                    for (size_t l = 0; l < plan.levels.size(); ++l) {
                        const UNetLevel& before = plan.levels[l];
                        const UNetLevel& after = again.levels[l];
                        ++levels;
                        fixed_levels += !before.fixes.empty();
                        matched_but_fixed += !before.fixes.empty() && AllZero(before.mismatch);
                        const bool fixable =
                            !before.fixes.empty() || before.up_with_fixes_below == before.skip;
                        if (!fixable) ++not_fixable;
                        if (fixable == AllZero(after.mismatch) && after.fixes.empty() &&
                            (!fixable ||
                             after.fix_note == "the up-sampled map already matches the skip"))
                            continue;
                        FAIL_CHECK("input " << input << ", depth " << depth
                                            << (same ? ", same" : ", valid") << ", up " << ups
                                            << ", level " << l + 1 << ": skip " << after.skip[0]
                                            << ", up " << after.up[0] << ", note '"
                                            << after.fix_note << "'");
                    }
                }
            }
        }
    }
    // The sweep covers the rule: levels that match as they stand but not once fixed below.
    CHECK(planned > 10000);
    CHECK(refused > 0);
    CHECK(fixed_levels > 1000);
    CHECK(matched_but_fixed > 100);
    CHECK(not_fixable > 1000);
    CHECK(levels > planned);
}

// 3x3 stride-2 on 18 gives 37 against a skip of 36. The best fix is padding 1 with
// output_padding 1; the next, padding 0:1, is asymmetric in the first dimension, which
// PyTorch's module cannot take: padding 0 there and a slice that crops the extra cell.
TEST_CASE("an asymmetric fix of a transposed convolution is a slice after it", "[unet]") {
    const UNetPlan plan = PlanUNet(PanelUNet({36, 36}, 1, true, "t3s2"));
    const UNetLevel& level = plan.levels[0];
    CHECK(level.up == std::vector<int64_t>{37, 37});
    REQUIRE(level.fixes.size() >= 2);
    CHECK(level.fixes[0].symmetric);
    CHECK(level.fixes[0].pytorch.empty());
    const UNetFix& next = level.fixes[1];
    CHECK(next.pads == std::vector<PadPair>{{0, 1}, {1, 1}});
    CHECK(next.output_padding == std::vector<int64_t>{0, 1});
    CHECK(next.module_padding == std::vector<int64_t>{0, 1});
    CHECK(next.pytorch == "x = x[..., :36, :]");
    CHECK(next.pytorch_after_up_sampler);

    // A stride-1 up-convolution takes no output_padding: 3x3 on 63 gives 65 against 64, and
    // the only fix crops one cell after, in both dimensions.
    UNetSpec spec = PanelUNet({64, 64}, 1, true, "t3", "m2s1");
    const UNetPlan stride_one = PlanUNet(spec);
    const UNetLevel& top = stride_one.levels[0];
    CHECK(top.up == std::vector<int64_t>{65, 65});
    REQUIRE_FALSE(top.fixes.empty());
    CHECK(top.fixes[0].pads == std::vector<PadPair>{{0, 1}, {0, 1}});
    CHECK(top.fixes[0].module_padding == std::vector<int64_t>{0, 0});
    CHECK(top.fixes[0].pytorch == "x = x[..., :64, :64]");
    CHECK(top.fixes[0].pytorch_after_up_sampler);
    CHECK(PlanUNet(WithFixesApplied(spec, stride_one)).skips_exact);
    const json answer = json::parse(convscope::EvalRequest(
        R"({"op":"unet_plan","input":[64,64],"depth":1,"padding":"same",
        "pool":{"type":"max_pool","kernel":2,"stride":1},
        "up":{"type":"conv_transpose","kernel":3}})"));
    REQUIRE_FALSE(answer.contains("error"));
    const json& fix = answer["levels"][0]["fixes"][0];
    CHECK(fix["pytorch"] == "x = x[..., :64, :64]");
    CHECK(fix["pytorch_applies"] == "after the up-sampler");
    CHECK(fix["module_padding"] == json({0, 0}));
    CHECK(fix["symmetric"] == false);

    // The extra cell before: a slice from 1.
    spec.level_up_samples = {};
    spec.up_sample = Token("t3", 2);
    UNetPlan plan_before = PlanUNet(spec);
    REQUIRE(plan_before.levels[0].fixes.size() >= 2);
    bool slice_from_one = false;
    for (const UNetFix& f : plan_before.levels[0].fixes)
        slice_from_one = slice_from_one || f.pytorch == "x = x[..., 1:, :64]";
    CHECK(slice_from_one);
}

// A layer whose padding grows its input (here a 3x3 convolution in the up-sampler's place,
// 63 -> 61 against 64) gets F.pad before it, last dimension first: padding 1:2 is the
// module's padding 1 and one more cell after.
TEST_CASE("an asymmetric fix of a convolution is F.pad before it", "[unet]") {
    UNetSpec spec = PanelUNet({64, 64}, 1, true, "c3", "c2");
    const UNetPlan plan = PlanUNet(spec);
    const UNetLevel& level = plan.levels[0];
    CHECK(level.up == std::vector<int64_t>{61, 61});
    REQUIRE_FALSE(level.fixes.empty());
    CHECK(level.fixes[0].pads == std::vector<PadPair>{{1, 2}, {1, 2}});
    CHECK(level.fixes[0].module_padding == std::vector<int64_t>{1, 1});
    CHECK(level.fixes[0].pytorch == "x = F.pad(x, (0, 1, 0, 1))");
    CHECK_FALSE(level.fixes[0].pytorch_after_up_sampler);
    CHECK(PlanUNet(WithFixesApplied(spec, plan)).skips_exact);
    // A reflecting convolution must reflect the real edge: F.pad takes all of its padding.
    spec.level_up_samples[0].padding_mode = PaddingMode::Reflect;
    spec.up_sample = spec.level_up_samples[0];
    const UNetPlan reflecting = PlanUNet(spec);
    const UNetFix& reflect = reflecting.levels[0].fixes.at(0);
    CHECK(reflect.module_padding == std::vector<int64_t>{0, 0});
    CHECK(reflect.pytorch == "x = F.pad(x, (1, 2, 1, 2), mode='reflect')");
    // The JSON op says where the line goes.
    const json answer = json::parse(convscope::EvalRequest(
        R"({"op":"unet_plan","input":[64,64],"depth":1,"padding":"same",
        "pool":{"type":"conv","kernel":2},"up":{"type":"conv","kernel":3}})"));
    REQUIRE_FALSE(answer.contains("error"));
    CHECK(answer["levels"][0]["fixes"][0]["pytorch"] == "x = F.pad(x, (0, 1, 0, 1))");
    CHECK(answer["levels"][0]["fixes"][0]["pytorch_applies"] == "before the up-sampler");
}

TEST_CASE("nearest and bilinear up-samplers are fixed by padding their output", "[unet]") {
    // Same-padded, depth 3, on 70: levels 3 and 2 come back one short (16 of 17, then 34 of
    // 35 once level 3 is padded); level 1 then matches.
    const UNetSpec spec = PanelUNet({70}, 3, true, "n2");
    const UNetPlan plan = PlanUNet(spec);
    REQUIRE(plan.levels.size() == 3);
    CHECK(plan.levels[2].fixes.size() == 1);
    CHECK(plan.levels[2].fixes[0].pytorch == "x = F.pad(x, (0, 1))");
    CHECK(plan.levels[2].fixes[0].pytorch_after_up_sampler);
    CHECK(plan.levels[2].fixes[0].pads_output);
    CHECK(plan.levels[1].up == std::vector<int64_t>{32});
    CHECK(plan.levels[1].up_with_fixes_below == std::vector<int64_t>{34});
    CHECK(plan.levels[1].fixes[0].pads[0] == PadPair{0, 1});
    CHECK(plan.levels[1].fix_note.find("takes no padding") != std::string::npos);
    CHECK(plan.levels[0].fixes.empty());
    CHECK(plan.levels[0].fix_note == "matches once the levels below line up with their skips");
    // A larger map is cropped (F.pad takes negative amounts), last dimension first.
    // (Same-padded on 20: pooled to 10, upsampled x4 to 40.)
    const UNetPlan over = PlanUNet(PanelUNet({20, 20}, 1, true, "b4"));
    REQUIRE(over.levels[0].fixes.size() == 1);
    CHECK(over.levels[0].fixes[0].pytorch == "x = F.pad(x, (-10, -10, -10, -10))");
}
