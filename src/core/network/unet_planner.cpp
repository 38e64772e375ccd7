// The U-Net planner (see unet_planner.h): one walk down and up the U computes every size
// and flag; a second walk up, with each level's fix applied before the level above is
// judged, gives the verdicts and fixes; the nearest clean input sizes come from repeating
// the first walk on one dimension at a time (the dimensions of every layer are independent).
#include "core/network/unet_planner.h"

#include <algorithm>
#include <string>

#include "core/layer/error.h"
#include "core/layer/shape.h"

namespace convscope {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

std::string SizesText(const std::vector<int64_t>& sizes) {
    std::string text;
    for (const int64_t v : sizes) text += (text.empty() ? "" : " × ") + Str(v);
    return text;
}

std::string Where(int level, int d, int dims) {
    return "level " + std::to_string(level) + (dims > 1 ? " (" + DimLabel(d, dims) + ")" : "");
}

std::vector<int64_t> Through(const std::vector<Layer>& block, std::vector<int64_t> size,
                             const std::string& where, const char* part) {
    for (size_t i = 0; i < block.size(); ++i) {
        try {
            size = ComputeShape(size, block[i]).output;
        } catch (const Error& e) {
            throw Error(where + ", " + part + " layer " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return size;
}

Shape ShapeOf(const Layer& layer, const std::vector<int64_t>& size, const std::string& where,
              const char* part) {
    try {
        return ComputeShape(size, layer);
    } catch (const Error& e) {
        throw Error(where + ", " + part + ": " + e.what());
    }
}

// Walks the U once. With `plan`, records levels and flag sentences; without, it only
// answers whether the walk is clean and exact (and stops at the first problem when both
// are already decided).
void Walk(const UNetSpec& spec, const std::vector<int64_t>& input, UNetPlan* plan, bool& clean,
          bool& exact) {
    const int dims = static_cast<int>(input.size());
    clean = exact = true;
    std::vector<UNetLevel> levels(static_cast<size_t>(spec.depth));
    std::vector<int64_t> size = input;
    for (int l = 0; l < spec.depth; ++l) {
        UNetLevel& level = levels[static_cast<size_t>(l)];
        const std::string where = "level " + std::to_string(l + 1);
        level.level = l + 1;
        level.block_input = size;
        level.skip = Through(spec.down_block, size, where, "down block");
        const Layer& down_sample = DownSamplerOf(spec, l + 1);
        const Shape down = ShapeOf(down_sample, level.skip, where, "down-sampler");
        level.down = down.output;
        for (int d = 0; d < dims; ++d) {
            const size_t i = static_cast<size_t>(d);
            const int64_t span =
                level.skip[i] + down.pads[i].before + down.pads[i].after - down.effective_kernel[i];
            const int64_t s = down_sample.stride[i];
            const bool ceil =
                TypeInfo(down_sample.type).Has(kLayerCeilMode) && down_sample.ceil_mode;
            // Cells after the last window: padding there is simply not needed (a 3x3 stride-2
            // convolution with padding 1 on an even size), real cells are dropped.
            const int64_t unread = span % s - down.pads[i].after;
            const bool uneven = ceil ? span % s != 0 : unread > 0;
            level.down_uneven.push_back(uneven);
            if (!uneven) continue;
            clean = false;
            if (!plan) continue;
            plan->flags.push_back(Where(l + 1, d, dims) + ": the down-sampler on " +
                                  Str(level.skip[i]) + " cells: (" + Str(level.skip[i]) + " + " +
                                  Str(down.pads[i].before + down.pads[i].after) + " - " +
                                  Str(down.effective_kernel[i]) + ") = " + Str(span) +
                                  " is not a multiple of stride " + Str(s) + ", so " +
                                  (ceil ? std::string("the last window hangs over the edge")
                                        : "the last " + Str(unread) + " cell(s) are never read") +
                                  " and the way back up cannot restore " + Str(level.skip[i]));
        }
        size = level.down;
    }
    size = Through(spec.bottom_block.empty() ? spec.down_block : spec.bottom_block, size,
                   "the bottom", "block");
    const std::vector<int64_t> bottom = size;
    for (int l = spec.depth - 1; l >= 0; --l) {
        UNetLevel& level = levels[static_cast<size_t>(l)];
        const std::string where = "level " + std::to_string(l + 1);
        level.up = ShapeOf(UpSamplerOf(spec, l + 1), size, where, "up-sampler").output;
        level.concat = level.up;
        for (int d = 0; d < dims; ++d) {
            const size_t i = static_cast<size_t>(d);
            const int64_t m = level.skip[i] - level.up[i];
            level.mismatch.push_back(m);
            level.crop.push_back(m >= 0 ? PadPair{m / 2, m - m / 2} : PadPair{0, 0});
            if (m != 0) exact = false;
            if (m < 0) {
                // The usual remedy crops the up-sampled map to the skip.
                level.concat[i] = level.skip[i];
                clean = false;
                if (plan) {
                    plan->flags.push_back(Where(l + 1, d, dims) + ": the up-sampled map (" +
                                          Str(level.up[i]) + ") is " + Str(-m) +
                                          " larger than the skip (" + Str(level.skip[i]) +
                                          "): crop the up-sampled map or pad the skip");
                }
            } else if (m % 2 != 0) {
                clean = false;
                if (plan) {
                    plan->flags.push_back(Where(l + 1, d, dims) + ": the skip (" +
                                          Str(level.skip[i]) + ") is " + Str(m) +
                                          " larger than the up-sampled map (" + Str(level.up[i]) +
                                          "), an odd difference: the centre crop removes " +
                                          Str(m / 2) + " before and " + Str(m - m / 2) + " after");
                }
            }
            if (!plan && !clean && !exact) return;
        }
        level.up_output = Through(spec.up_block, level.concat, where, "up block");
        size = level.up_output;
    }
    const std::vector<int64_t> output = Through(spec.head, size, "the head", "layer");
    if (plan) {
        plan->input = input;
        plan->bottom = bottom;
        plan->output = output;
        plan->levels = std::move(levels);
    }
}

Layer SliceLayer(const Layer& layer, int d) {
    Layer one = layer;
    const size_t i = static_cast<size_t>(d);
    one.kernel = {layer.kernel[i]};
    one.stride = {layer.stride[i]};
    one.dilation = {layer.dilation[i]};
    one.output_padding = {layer.output_padding[i]};
    one.padding = {layer.padding[i]};
    return one;
}

std::vector<Layer> SliceBlock(const std::vector<Layer>& block, int d) {
    std::vector<Layer> one;
    for (const Layer& layer : block) one.push_back(SliceLayer(layer, d));
    return one;
}

// Nearest sizes in one dimension, below and above, whose walk is clean / exact.
void Search(const UNetSpec& spec, int d, int64_t from, int64_t& clean_below, int64_t& clean_above,
            int64_t& exact_below, int64_t& exact_above) {
    UNetSpec one = spec;
    one.down_block = SliceBlock(spec.down_block, d);
    one.down_sample = SliceLayer(spec.down_sample, d);
    one.bottom_block = SliceBlock(spec.bottom_block, d);
    one.up_sample = SliceLayer(spec.up_sample, d);
    one.up_block = SliceBlock(spec.up_block, d);
    one.head = SliceBlock(spec.head, d);
    one.level_down_samples = SliceBlock(spec.level_down_samples, d);
    one.level_up_samples = SliceBlock(spec.level_up_samples, d);
    clean_below = clean_above = exact_below = exact_above = -1;
    // Very large specs search a shorter range, so that one plan stays interactive.
    const int64_t per_walk =
        static_cast<int64_t>(spec.depth) *
            static_cast<int64_t>(one.down_block.size() + one.up_block.size() + 2) +
        static_cast<int64_t>(one.bottom_block.size() + one.down_block.size() + one.head.size()) + 1;
    const int64_t range = std::max<int64_t>(
        16, std::min<int64_t>(kUNetSearchRange, kUNetSearchBudget / (2 * per_walk)));
    for (int64_t step = 1; step <= range; ++step) {
        for (const int sign : {-1, 1}) {
            const int64_t size = from + sign * step;
            if (size < 1 || size > kMaxExtent) continue;
            int64_t& clean_slot = sign < 0 ? clean_below : clean_above;
            int64_t& exact_slot = sign < 0 ? exact_below : exact_above;
            if (clean_slot >= 0 && exact_slot >= 0) continue;
            bool clean = false, exact = false;
            try {
                Walk(one, {size}, nullptr, clean, exact);
            } catch (const Error&) {
                continue;  // the size vanishes somewhere on the way
            }
            if (clean && clean_slot < 0) clean_slot = size;
            if (exact && exact_slot < 0) exact_slot = size;
        }
        if (clean_below >= 0 && clean_above >= 0 && exact_below >= 0 && exact_above >= 0) break;
    }
}

// How PyTorch applies `solution` to `up_sampler` (see UNetFix); `target` is the skip's size.
UNetFix ForPyTorch(const PaddingSolution& solution, const Layer& up_sampler,
                   const std::vector<int64_t>& target) {
    UNetFix fix;
    static_cast<PaddingSolution&>(fix) = solution;
    // A padding mode other than zeros must pad the real edge, so F.pad then takes all of it.
    const bool whole_padding_in_line = !solution.symmetric &&
                                       TypeInfo(up_sampler.type).Has(kLayerPaddingMode) &&
                                       up_sampler.padding_mode != PaddingMode::Zeros;
    std::vector<PadPair> extra;
    for (const PadPair& p : solution.pads) {
        const int64_t common = whole_padding_in_line ? 0 : std::min(p.before, p.after);
        fix.module_padding.push_back(common);
        extra.push_back(PadPair{p.before - common, p.after - common});
    }
    if (solution.symmetric) return fix;
    if (up_sampler.IsTransposed()) {
        // Its padding crops the output: the module crops the common part, the slice the rest.
        std::string index;
        for (size_t d = 0; d < extra.size(); ++d) {
            index += ", " + (extra[d].before ? Str(extra[d].before) : std::string()) + ":" +
                     (extra[d].after ? Str(target[d]) : std::string());
        }
        fix.pytorch = "x = x[..." + index + "]";
        fix.pytorch_after_up_sampler = true;
        return fix;
    }
    std::string pads;
    for (size_t d = extra.size(); d-- > 0;)
        pads += (pads.empty() ? "" : ", ") + Str(extra[d].before) + ", " + Str(extra[d].after);
    std::string options;
    if (PoolsMax(up_sampler.type)) {
        options = ", value=float('-inf')";
    } else if (whole_padding_in_line) {
        options = std::string(", mode='") + PaddingModeName(up_sampler.padding_mode) + "'";
    }
    fix.pytorch = "x = F.pad(x, (" + pads + ")" + options + ")";
    return fix;
}

// An upsampling or pixel shuffle takes no padding: its output is padded (or, where it is
// larger, cropped: F.pad takes negative amounts) to the skip's size, half before and the odd
// cell after, as U-Net implementations commonly do.
UNetFix PadUpsampledMap(const std::vector<int64_t>& up, const std::vector<int64_t>& skip) {
    UNetFix fix;
    fix.symmetric = true;
    for (size_t d = 0; d < skip.size(); ++d) {
        const int64_t m = skip[d] - up[d];
        const int64_t before = m >= 0 ? m / 2 : -((-m) / 2);
        fix.pads.push_back(PadPair{before, m - before});
        fix.output_padding.push_back(0);
        fix.module_padding.push_back(0);
        fix.symmetric = fix.symmetric && before == m - before;
    }
    std::string pads;
    for (size_t d = fix.pads.size(); d-- > 0;)
        pads +=
            (pads.empty() ? "" : ", ") + Str(fix.pads[d].before) + ", " + Str(fix.pads[d].after);
    fix.pytorch = "x = F.pad(x, (" + pads + "))";
    fix.pytorch_after_up_sampler = true;
    fix.pads_output = true;
    return fix;
}

// Every level's verdict and fixes, bottom-up, each for the decoder with every fix of the
// deeper levels in place: a level's up-sampler then sees what the fixed level below gives,
// not what it gives as it stands. A level without a fix keeps the usual remedy, the crop of
// whichever map is larger. Sizes with the fixes below are never smaller than as they stand
// (a fixed level's up block reads its whole skip), so no layer that passed the first walk
// fails here.
void PlanFixes(const UNetSpec& spec, UNetPlan& plan) {
    std::vector<int64_t> below = plan.bottom;
    for (size_t index = plan.levels.size(); index-- > 0;) {
        UNetLevel& level = plan.levels[index];
        const std::string where = "level " + std::to_string(level.level);
        const Layer& up_sampler = UpSamplerOf(spec, level.level);
        level.up_with_fixes_below =
            ShapeOf(up_sampler, below, where, "up-sampler, with the levels below fixed").output;
        const bool matches_as_it_stands = std::all_of(level.mismatch.begin(), level.mismatch.end(),
                                                      [](int64_t m) { return m == 0; });
        std::vector<int64_t> concat = level.skip;
        if (level.up_with_fixes_below == level.skip) {
            level.fix_note = matches_as_it_stands
                                 ? "the up-sampled map already matches the skip"
                                 : "matches once the levels below line up with their skips";
        } else if (up_sampler.IsResampling()) {
            level.fixes.push_back(PadUpsampledMap(level.up_with_fixes_below, level.skip));
            level.fix_note = std::string(TypeInfo(up_sampler.type).label) +
                             " takes no padding: pad its output to the skip's " +
                             SizesText(level.skip) + " (from " +
                             SizesText(level.up_with_fixes_below) +
                             " with the levels below fixed), or resize it with "
                             "F.interpolate(x, size=skip.shape[2:])";
        } else {
            try {
                const std::vector<PaddingSolution> solutions =
                    SolvePadding(below, level.skip, up_sampler);
                for (size_t i = 0; i < solutions.size() && i < 4; ++i)
                    level.fixes.push_back(ForPyTorch(solutions[i], up_sampler, level.skip));
                if (level.up_with_fixes_below != level.up) {
                    level.fix_note =
                        std::string(matches_as_it_stands ? "it matches as it stands, but " : "") +
                        "once the levels below line up, the up-sampler gives " +
                        SizesText(level.up_with_fixes_below) + " against the skip's " +
                        SizesText(level.skip);
                }
            } catch (const Error& e) {
                level.fix_note =
                    std::string(
                        "no padding of the up-sampler reaches the skip (crop it instead): ") +
                    e.what();
                for (size_t d = 0; d < concat.size(); ++d)
                    concat[d] = std::min(concat[d], level.up_with_fixes_below[d]);
            }
        }
        below = Through(spec.up_block, concat, where, "up block, with the levels below fixed");
    }
}

Layer Square(LayerType type, int dims, int64_t kernel, int64_t stride, int64_t pad) {
    Layer layer = MakeLayer(type, std::vector<int64_t>(static_cast<size_t>(dims), kernel));
    layer.stride.assign(static_cast<size_t>(dims), stride);
    layer.padding.assign(static_cast<size_t>(dims), PadPair{pad, pad});
    return layer;
}

}  // namespace

const Layer& DownSamplerOf(const UNetSpec& spec, int level) {
    const size_t i = static_cast<size_t>(level - 1);
    return level >= 1 && i < spec.level_down_samples.size() ? spec.level_down_samples[i]
                                                            : spec.down_sample;
}

const Layer& UpSamplerOf(const UNetSpec& spec, int level) {
    const size_t i = static_cast<size_t>(level - 1);
    return level >= 1 && i < spec.level_up_samples.size() ? spec.level_up_samples[i]
                                                          : spec.up_sample;
}

UNetSpec OriginalUNetSpec(const std::vector<int64_t>& input, bool same_padding) {
    const int dims = static_cast<int>(input.size());
    const int64_t pad = same_padding ? 1 : 0;
    UNetSpec spec;
    spec.input = input;
    spec.depth = 4;
    spec.down_block = {Square(LayerType::Conv, dims, 3, 1, pad),
                       Square(LayerType::Conv, dims, 3, 1, pad)};
    spec.down_sample = Square(LayerType::MaxPool, dims, 2, 2, 0);
    spec.up_sample = Square(LayerType::ConvTranspose, dims, 2, 2, 0);
    spec.up_block = spec.down_block;
    spec.head = {Square(LayerType::Conv, dims, 1, 1, 0)};
    return spec;
}

UNetPlan PlanUNetLevels(const UNetSpec& spec) {
    const int dims = static_cast<int>(spec.input.size());
    if (dims < 1 || dims > kMaxSpatialDims)
        throw Error("the U-Net's input needs 1, 2 or 3 sizes, got " + Str(dims));
    if (spec.depth < 1 || spec.depth > 16)
        throw Error("depth must be from 1 to 16, got " + std::to_string(spec.depth));
    if (spec.level_down_samples.size() > 16 || spec.level_up_samples.size() > 16) {
        throw Error("at most 16 per-level samplers (one per level), got " +
                    Str(static_cast<int64_t>(
                        std::max(spec.level_down_samples.size(), spec.level_up_samples.size()))));
    }
    if (spec.down_block.size() + spec.bottom_block.size() + spec.up_block.size() +
            spec.head.size() >
        256) {
        throw Error("the U-Net's blocks may hold at most 256 layers in all");
    }
    const auto check = [&](const Layer& layer, const std::string& part) {
        if (layer.Dims() != dims) {
            throw Error(part + " has " + std::to_string(layer.Dims()) +
                        " dimensions but the input has " + std::to_string(dims));
        }
        try {
            ValidateLayer(layer);
        } catch (const Error& e) {
            throw Error(part + ": " + e.what());
        }
    };
    for (const Layer& l : spec.down_block) check(l, "a down-block layer");
    for (const Layer& l : spec.bottom_block) check(l, "a bottom-block layer");
    for (const Layer& l : spec.up_block) check(l, "an up-block layer");
    for (const Layer& l : spec.head) check(l, "a head layer");
    check(spec.down_sample, "the down-sampler");
    check(spec.up_sample, "the up-sampler");
    for (size_t l = 0; l < spec.level_down_samples.size(); ++l)
        check(spec.level_down_samples[l], "level " + std::to_string(l + 1) + "'s down-sampler");
    for (size_t l = 0; l < spec.level_up_samples.size(); ++l)
        check(spec.level_up_samples[l], "level " + std::to_string(l + 1) + "'s up-sampler");

    UNetPlan plan;
    bool clean = false, exact = false;
    Walk(spec, spec.input, &plan, clean, exact);
    plan.clean = clean;
    plan.skips_exact = exact;
    PlanFixes(spec, plan);
    return plan;
}

UNetPlan PlanUNet(const UNetSpec& spec) {
    UNetPlan plan = PlanUNetLevels(spec);
    for (int d = 0; d < static_cast<int>(spec.input.size()); ++d) {
        int64_t cb, ca, eb, ea;
        Search(spec, d, spec.input[static_cast<size_t>(d)], cb, ca, eb, ea);
        plan.clean_below.push_back(cb);
        plan.clean_above.push_back(ca);
        plan.exact_below.push_back(eb);
        plan.exact_above.push_back(ea);
    }
    return plan;
}

UNetSpec WithFixesApplied(const UNetSpec& spec, const UNetPlan& plan) {
    UNetSpec fixed = spec;
    fixed.level_up_samples.clear();
    for (const UNetLevel& level : plan.levels) {
        Layer up_sampler = UpSamplerOf(spec, level.level);
        // A resampling up-sampler's fix pads its output (F.pad), which no layer of the spec
        // holds: it stays as it is.
        if (!level.fixes.empty() && !up_sampler.IsResampling()) {
            const UNetFix& fix = level.fixes.front();
            up_sampler.padding_form = PaddingForm::Explicit;
            up_sampler.padding = fix.pads;
            up_sampler.padding_asymmetric = !fix.symmetric;
            if (TypeInfo(up_sampler.type).Has(kLayerOutputPadding))
                up_sampler.output_padding = fix.output_padding;
        }
        fixed.level_up_samples.push_back(up_sampler);
    }
    return fixed;
}

}  // namespace convscope
