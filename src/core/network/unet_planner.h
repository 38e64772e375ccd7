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
    // Paddings and output_paddings of the up-sampler that make `up` equal `skip`, best
    // first (the padding solver), assuming the levels below use their own fixes; empty
    // with `fix_note` saying why when none exists, the level already matches, or it
    // matches once the levels below are fixed.
    std::vector<PaddingSolution> fixes;
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

}  // namespace convscope
