// The U-Net planner: for an input size, a depth and the operators of a level (the down
// block and down-sampler, the up-sampler and up block), the sizes along the contracting and
// expanding paths, each skip connection's mismatch and the centre crop that fixes it, flags
// where a size does not divide, the nearest input sizes without flags, and the paddings of
// the up-sampler that make a level line up exactly (the question of sizing the up path so
// that "the layers at the same depth of the down and up paths" match).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/layer/padding_solver.h"

namespace convscope {

struct UNetSpec {
    std::vector<int64_t> input;       // spatial sizes (1 to 3 dimensions)
    int depth = 4;                    // number of down-sampling steps (1 to 16)
    std::vector<Layer> down_block;    // each contracting level, before its down-sampler
    Layer down_sample;                // e.g. 2x2 max pooling
    std::vector<Layer> bottom_block;  // at the bottom; empty: the down block again
    Layer up_sample;                  // e.g. 2x2 transposed convolution, stride 2
    std::vector<Layer> up_block;      // each expanding level, after the concatenation
    std::vector<Layer> head;          // after the top level (e.g. a 1x1 convolution)
    // Levels whose samplers differ: entry l serves level l + 1 (1: full resolution); levels
    // past the end of a list use down_sample / up_sample.
    std::vector<Layer> level_down_samples;
    std::vector<Layer> level_up_samples;
};

// The down- and up-sampler of `level` (1: full resolution).
const Layer& DownSamplerOf(const UNetSpec& spec, int level);
const Layer& UpSamplerOf(const UNetSpec& spec, int level);

// Ronneberger et al.'s U-Net for `input`: two 3x3 convolutions (valid, or padding 1 when
// `same_padding`), 2x2 max pooling, 2x2 stride-2 transposed convolution, two 3x3
// convolutions, a 1x1 head; depth 4.
UNetSpec OriginalUNetSpec(const std::vector<int64_t>& input, bool same_padding = false);

// One fix of a level's up-sampler: the padding solver's paddings and output_padding, and how
// PyTorch applies them. PyTorch's modules pad both ends of a dimension alike, so the module
// takes the smaller padding of each [before, after] (`module_padding`, with the fix's
// output_padding) and, where the fix is asymmetric, one line of PyTorch handles the extra
// cell: after a transposed convolution, whose padding crops its output, a slice that crops
// it (`x = x[..., :64, :64]`); before a layer whose padding grows its input, F.pad
// (`x = F.pad(x, (0, 1, 0, 1))`, last dimension first as F.pad reads; -inf for max pooling).
// An upsampling or pixel shuffle up-sampler takes no padding: its one fix pads its output to
// the skip's size (`pads` are F.pad's amounts, negative where it crops; `pytorch` the line,
// after the up-sampler).
struct UNetFix : PaddingSolution {
    std::vector<int64_t> module_padding;
    std::string pytorch;  // "" when the module takes the whole fix
    bool pytorch_after_up_sampler = false;
    bool pads_output = false;  // a resampling up-sampler's: `pytorch` pads its output
};

struct UNetLevel {
    int level = 1;                     // 1: the full-resolution level
    std::vector<int64_t> block_input;  // entering the level's down block
    std::vector<int64_t> skip;         // leaving it: what the skip connection carries
    std::vector<int64_t> down;         // after the down-sampler (the next level's input)
    std::vector<bool> down_uneven;     // the down-sampler leaves real cells of the skip unread
                                       // (with ceil_mode: its last window hangs over the edge)
    std::vector<int64_t> up;           // the up-sampler's output arriving at this level
    std::vector<int64_t> mismatch;     // skip - up
    std::vector<PadPair> crop;         // centre crop of the skip (cells removed before, after)
    std::vector<int64_t> concat;       // size after cropping and concatenation
    std::vector<int64_t> up_output;    // after the level's up block
    // The verdict, from the bottom up, is for the decoder as it will be once every fix of
    // the deeper levels is in place (a level that matches as it stands may not match then).
    // `up_with_fixes_below` is what the up-sampler gives then. `fixes` are the paddings and
    // output_paddings of the up-sampler that make it equal `skip`, best first (the padding
    // solver); empty with `fix_note` saying why when none exists, the level already
    // matches, or it matches once the levels below are fixed. With fixes, `fix_note` says
    // what the up-sampler gives once the levels below are fixed when that differs from `up`.
    std::vector<int64_t> up_with_fixes_below;
    std::vector<UNetFix> fixes;
    std::string fix_note;
};

struct UNetPlan {
    std::vector<int64_t> input, bottom, output;
    std::vector<UNetLevel> levels;   // level 1 (top) first
    std::vector<std::string> flags;  // one sentence per problem, empty when clean
    bool clean = false;              // no flags: every down-sampler divides, every crop is centred
    bool skips_exact = false;        // every skip matches its up-sampled map without a crop
    // Per dimension, the nearest input sizes below and above `input` whose plan is clean,
    // and whose skips match exactly; -1 when none lies within kUNetSearchRange (a shorter
    // range for specs so large that kUNetSearchBudget layer evaluations would not cover it).
    std::vector<int64_t> clean_below, clean_above, exact_below, exact_above;
};

inline constexpr int64_t kUNetSearchRange = 1024;
inline constexpr int64_t kUNetSearchBudget = int64_t{1} << 20;

// Plans a U-Net. Throws Error when the spec is invalid or a size vanishes on the way
// (naming the level and the operator).
UNetPlan PlanUNet(const UNetSpec& spec);

// The same plan without the nearest input sizes (their lists stay empty), which cost a
// thousand walks per dimension: for callers that plan many U-Nets.
UNetPlan PlanUNetLevels(const UNetSpec& spec);

// `spec` with every level's first fix of `plan` (PlanUNet(spec)) in its up-sampler, as
// per-level up-samplers; levels without a fix keep theirs, and so do resampling up-samplers,
// whose fix pads their output outside any layer. Planned again, every level that had a fix
// of its up-sampler or matched then matches as it stands.
UNetSpec WithFixesApplied(const UNetSpec& spec, const UNetPlan& plan);

}  // namespace convscope
