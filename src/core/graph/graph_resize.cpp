// Ops that change the spatial sampling: Resize (opsets 10 to 18), Upsample, DepthToSpace
// and SpaceToDepth. A resized unit reads the source cells its coordinate mapping picks, in
// exact rational arithmetic, and only real cells (the mapping clamps at the edges).
#include <algorithm>
#include <string>

#include "core/graph/graph_ops.h"
#include "core/layer/arithmetic.h"

namespace convscope::graph_detail {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

enum class Coordinates { HalfPixel, PytorchHalfPixel, AlignCorners, Asymmetric, TfHalfPixelForNn };
enum class Rounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil, Simple };
enum class Interpolation { Nearest, Linear, Cubic };

// How one spatial dimension is resampled: n cells to m, scale p/q.
struct Resampling {
    int64_t n = 1, m = 1;
    Fraction scale;
    Coordinates coordinates = Coordinates::HalfPixel;
    Rounding rounding = Rounding::RoundPreferFloor;
    Interpolation interpolation = Interpolation::Nearest;
};

// The source coordinate of output unit o as the fraction num/den (den > 0), by ONNX's
// coordinate_transformation_mode.
void SourceCoordinate(const Resampling& r, int64_t o, int64_t& num, int64_t& den) {
    const int64_t p = r.scale.numerator, q = r.scale.denominator;
    const auto mul = [](int64_t a, int64_t b) { return CheckedMul(a, b, "a resize coordinate"); };
    switch (r.coordinates) {
        case Coordinates::Asymmetric:  // o / scale
            num = mul(o, q);
            den = p;
            return;
        case Coordinates::PytorchHalfPixel:
            if (r.m <= 1) {
                num = 0;
                den = 1;
                return;
            }
            [[fallthrough]];
        case Coordinates::HalfPixel:  // (o + 1/2) / scale - 1/2
            num = mul(2 * o + 1, q) - p;
            den = 2 * p;
            return;
        case Coordinates::TfHalfPixelForNn:  // (o + 1/2) / scale
            num = mul(2 * o + 1, q);
            den = 2 * p;
            return;
        case Coordinates::AlignCorners:  // o * (n - 1) / (m - 1)
            if (r.m <= 1) {
                num = 0;
                den = 1;
                return;
            }
            num = mul(o, r.n - 1);
            den = r.m - 1;
            return;
    }
}

int64_t Clamp(int64_t i, int64_t n) { return std::min(std::max<int64_t>(i, 0), n - 1); }

// The source cells output unit o reads (first and last; the cells between them too).
CellRange Sources(const Resampling& r, int64_t o) {
    int64_t num = 0, den = 1;
    SourceCoordinate(r, o, num, den);
    const int64_t floor = FloorDiv(num, den);
    const int64_t rest = num - floor * den;  // 0 <= rest < den
    switch (r.interpolation) {
        case Interpolation::Nearest: {
            int64_t index = floor;
            switch (r.rounding) {
                case Rounding::RoundPreferFloor:
                    index = 2 * rest > den ? floor + 1 : floor;
                    break;
                case Rounding::RoundPreferCeil:
                    index = 2 * rest >= den ? floor + 1 : floor;
                    break;
                case Rounding::Floor:
                    break;
                case Rounding::Ceil:
                    index = rest != 0 ? floor + 1 : floor;
                    break;
                case Rounding::Simple:
                    // Upsample and Resize-10: truncation when enlarging, ceiling when shrinking.
                    if (r.scale.numerator < r.scale.denominator && rest != 0) index = floor + 1;
                    break;
            }
            const int64_t cell = Clamp(index, r.n);
            return CellRange{cell, cell};
        }
        case Interpolation::Linear: {
            // The coordinate is clamped to [0, n - 1]; a cell whose weight is exactly 0 (the
            // coordinate falls on a cell) is not read.
            if (num <= 0) return CellRange{0, 0};
            if (floor >= r.n - 1) return CellRange{r.n - 1, r.n - 1};
            return rest == 0 ? CellRange{floor, floor} : CellRange{floor, floor + 1};
        }
        case Interpolation::Cubic:
            // Four cells around the coordinate, indices clamped to the edges; on a cell the
            // cubic's other weights are 0.
            if (rest == 0) return CellRange{Clamp(floor, r.n), Clamp(floor, r.n)};
            return CellRange{Clamp(floor - 1, r.n), Clamp(floor + 2, r.n)};
    }
    return CellRange{};
}

// The jump's factor: source cells between neighbouring output units.
Fraction Slope(const Resampling& r) {
    if (r.coordinates == Coordinates::AlignCorners) {
        return r.m > 1 ? MakeFraction(r.n - 1, r.m - 1) : Fraction{1, 1};
    }
    return MakeFraction(r.scale.denominator, r.scale.numerator);
}

// Output shape and fields of a resampling of x with a scale (and size) per axis.
void Resample(NodeRun& run, const ValueState& x, const std::vector<Fraction>& scales,
              const std::vector<int64_t>& sizes, Resampling common) {
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = sizes;
    if (!x.depends) return;
    out.depends = true;
    out.whole = x.whole;
    if (!x.HasFields()) return;
    out.axes = x.axes;
    for (size_t d = 0; d < x.fields.size(); ++d) {
        const size_t axis = static_cast<size_t>(x.axes[d]);
        const AxisPtr field = x.fields[d];
        Resampling r = common;
        r.n = x.shape[axis];
        r.m = sizes[axis];
        r.scale = scales[axis];
        // The cells a unit interpolates from share its weight equally (the effective field's
        // model does not follow the interpolation's own weights).
        out.fields.push_back(MakeTappedAxis(
            run.context, r.m, Times(field->jump, Slope(r)), field->aligned, {field},
            [r](int64_t o, TapList& taps) {
                const CellRange cells = Sources(r, o);
                const double weight = 1.0 / static_cast<double>(std::max<int64_t>(cells.Size(), 1));
                for (int64_t c = cells.lo; c <= cells.hi; ++c) taps.push_back(Tap{0, c, weight});
            }));
    }
}

Interpolation ReadInterpolation(const std::string& mode) {
    if (mode == "nearest") return Interpolation::Nearest;
    if (mode == "linear" || mode == "bilinear" || mode == "trilinear") return Interpolation::Linear;
    if (mode == "cubic") return Interpolation::Cubic;
    throw Unsupported{"mode '" + mode + "'"};
}

// Sizes from scales: floor(input x scale), exactly.
std::vector<int64_t> ScaledSizes(const std::vector<int64_t>& shape,
                                 const std::vector<Fraction>& scales) {
    std::vector<int64_t> sizes(shape.size());
    for (size_t a = 0; a < shape.size(); ++a) {
        sizes[a] =
            FloorDiv(CheckedMul(shape[a], scales[a].numerator, "a size"), scales[a].denominator);
        if (sizes[a] < 1 && shape[a] > 0) {
            throw Error("scale " + FractionText(scales[a]) + " gives size " + Str(sizes[a]) +
                        " on axis " + Str(static_cast<int64_t>(a)));
        }
    }
    return sizes;
}

std::vector<Fraction> ReadScales(const std::vector<double>& values) {
    std::vector<Fraction> scales;
    for (const double v : values) scales.push_back(ApproximateFraction(v));
    return scales;
}

void RunResize(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    Resampling common;
    common.interpolation = ReadInterpolation(run.Text("mode", "nearest"));
    if (run.opset < 11) {
        common.coordinates = Coordinates::Asymmetric;
        common.rounding = Rounding::Simple;
    } else {
        const std::string mode = run.Text("coordinate_transformation_mode", "half_pixel");
        if (mode == "half_pixel") {
            common.coordinates = Coordinates::HalfPixel;
        } else if (mode == "pytorch_half_pixel") {
            common.coordinates = Coordinates::PytorchHalfPixel;
        } else if (mode == "align_corners") {
            common.coordinates = Coordinates::AlignCorners;
        } else if (mode == "asymmetric") {
            common.coordinates = Coordinates::Asymmetric;
        } else if (mode == "tf_half_pixel_for_nn") {
            common.coordinates = Coordinates::TfHalfPixelForNn;
        } else {
            throw Unsupported{"coordinate_transformation_mode '" + mode + "'"};
        }
        const std::string nearest = run.Text("nearest_mode", "round_prefer_floor");
        if (nearest == "round_prefer_floor") {
            common.rounding = Rounding::RoundPreferFloor;
        } else if (nearest == "round_prefer_ceil") {
            common.rounding = Rounding::RoundPreferCeil;
        } else if (nearest == "floor") {
            common.rounding = Rounding::Floor;
        } else if (nearest == "ceil") {
            common.rounding = Rounding::Ceil;
        } else {
            throw Error("nearest_mode '" + nearest + "' is not an ONNX nearest mode");
        }
    }
    // Opset 18's axes: the scales or sizes given apply to these axes only.
    std::vector<int> axes;
    for (const int64_t a : run.IntList("axes")) axes.push_back(NormaliseAxis(a, rank, "axis"));
    if (axes.empty())
        for (int a = 0; a < rank; ++a) axes.push_back(a);

    std::vector<Fraction> scales(static_cast<size_t>(rank), Fraction{1, 1});
    std::vector<int64_t> sizes = x.shape;
    const size_t scales_input = run.opset < 11 ? 1 : 2;
    const bool has_sizes = run.opset >= 11 && run.Has(3) && ElementCount(run.In(3).shape) > 0;
    if (has_sizes) {
        const std::vector<int64_t> given = run.Ints(3, "sizes input of Resize");
        if (given.size() != axes.size()) throw Error("sizes has the wrong length");
        const std::string policy = run.Text("keep_aspect_ratio_policy", "stretch");
        if (policy == "stretch") {
            for (size_t i = 0; i < axes.size(); ++i) {
                const size_t a = static_cast<size_t>(axes[i]);
                sizes[a] = given[i];
                scales[a] = MakeFraction(given[i], x.shape[a]);
            }
        } else if (policy == "not_larger" || policy == "not_smaller") {
            // One scale for every axis given: the smallest (largest) ratio; sizes rounded.
            Fraction chosen{0, 1};
            for (size_t i = 0; i < axes.size(); ++i) {
                const Fraction f = MakeFraction(given[i], x.shape[static_cast<size_t>(axes[i])]);
                const bool smaller =
                    f.numerator * chosen.denominator < chosen.numerator * f.denominator;
                if (i == 0 || (policy == "not_larger") == smaller) chosen = f;
            }
            for (const int a : axes) {
                const size_t i = static_cast<size_t>(a);
                scales[i] = chosen;
                sizes[i] = FloorDiv(2 * x.shape[i] * chosen.numerator + chosen.denominator,
                                    2 * chosen.denominator);
            }
        } else {
            throw Error("keep_aspect_ratio_policy '" + policy + "' is not an ONNX policy");
        }
    } else {
        const std::vector<Fraction> given =
            ReadScales(run.Floats(scales_input, "scales input of Resize"));
        if (given.size() != axes.size()) {
            throw Error("scales has " + Str(static_cast<int64_t>(given.size())) + " values for " +
                        Str(static_cast<int64_t>(axes.size())) + " axes");
        }
        for (size_t i = 0; i < axes.size(); ++i) scales[static_cast<size_t>(axes[i])] = given[i];
        sizes = ScaledSizes(x.shape, scales);
    }
    if (run.Int("antialias", 0) != 0 && common.interpolation != Interpolation::Nearest) {
        for (const Fraction& f : scales) {
            if (f.numerator < f.denominator) throw Unsupported{"antialias when shrinking"};
        }
    }
    Resample(run, x, scales, sizes, common);
}

void RunUpsample(NodeRun& run) {
    const ValueState& x = run.In(0);
    Resampling common;
    common.interpolation = ReadInterpolation(run.Text("mode", "nearest"));
    common.coordinates = Coordinates::Asymmetric;
    common.rounding = Rounding::Simple;
    const std::vector<double> values =
        run.opset >= 9 ? run.Floats(1, "scales input of Upsample") : run.FloatList("scales");
    const std::vector<Fraction> scales = ReadScales(values);
    if (static_cast<int>(scales.size()) != x.Rank()) {
        throw Error("scales has " + Str(static_cast<int64_t>(scales.size())) +
                    " values for a tensor of rank " + Str(x.Rank()));
    }
    Resample(run, x, scales, ScaledSizes(x.shape, scales), common);
}

// DepthToSpace and SpaceToDepth on (N, C, H, W): each unit of the finer map reads one unit
// of the coarser one; each unit of the coarser map reads `block` units of the finer one.
void RunDepthSpace(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int64_t block = run.Int("blocksize", 0);
    if (block < 1) throw Error(run.node.op + " needs blocksize >= 1");
    if (x.Rank() != 4) throw Error(run.node.op + " needs a tensor of rank 4");
    const bool to_space = run.node.op == "DepthToSpace";
    const int64_t area = CheckedMul(block, block, "a block");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = x.shape;
    if (to_space) {
        if (x.shape[1] % area != 0) throw Error("channels are not divisible by blocksize^2");
        out.shape[1] /= area;
        out.shape[2] = CheckedMul(out.shape[2], block, "a size");
        out.shape[3] = CheckedMul(out.shape[3], block, "a size");
    } else {
        if (x.shape[2] % block != 0 || x.shape[3] % block != 0) {
            throw Error("spatial sizes are not divisible by blocksize");
        }
        out.shape[1] = CheckedMul(out.shape[1], area, "channels");
        out.shape[2] /= block;
        out.shape[3] /= block;
    }
    if (!x.depends) return;
    out.depends = true;
    out.whole = x.whole;
    if (!x.HasFields()) return;
    out.axes = x.axes;
    for (size_t d = 0; d < x.fields.size(); ++d) {
        const AxisPtr field = x.fields[d];
        const size_t axis = static_cast<size_t>(x.axes[d]);
        if (axis < 2) {
            LoseLayout(x, out, run, run.node.op);
            return;
        }
        if (to_space) {
            out.fields.push_back(MakeTappedAxis(
                run.context, out.shape[axis], Times(field->jump, MakeFraction(1, block)),
                field->aligned, {field}, [block](int64_t o, TapList& taps) {
                    taps.push_back(Tap{0, FloorDiv(o, block), 1.0});
                }));
        } else {
            out.fields.push_back(
                MakeTappedAxis(run.context, out.shape[axis], Times(field->jump, Fraction{block, 1}),
                               field->aligned, {field}, [block](int64_t o, TapList& taps) {
                                   for (int64_t t = 0; t < block; ++t)
                                       taps.push_back(Tap{0, o * block + t, 1.0});
                               }));
        }
    }
}

}  // namespace

void AddResizeOps(OpTable& table) {
    table["Resize"] = RunResize;
    table["Upsample"] = RunUpsample;
    table["DepthToSpace"] = RunDepthSpace;
    table["SpaceToDepth"] = RunDepthSpace;
}

}  // namespace convscope::graph_detail
