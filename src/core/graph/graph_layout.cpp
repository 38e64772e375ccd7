// Ops that move, select or regroup elements: Pad, Slice, Concat, Split, Reshape, Flatten,
// Transpose, Squeeze, Unsqueeze, Gather, Tile, Expand, and the shape arithmetic that feeds
// them (Shape, Size, ConstantOfShape, Range), folded when the values are constants.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/graph/graph_ops.h"
#include "core/layer/arithmetic.h"
#include "core/layer/shape.h"

namespace convscope::graph_detail {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// The output keeps x's dependence and fields, its spatial dimensions now at `axes`.
void CarryFields(const ValueState& x, ValueState& out, std::vector<int> axes) {
    out.depends = x.depends;
    out.whole = x.whole;
    if (!x.HasFields()) return;
    out.axes = std::move(axes);
    out.fields = x.fields;
}

// The index of `axis` among x's spatial axes, or -1.
int SpatialIndex(const ValueState& x, int axis) {
    for (size_t d = 0; d < x.axes.size(); ++d)
        if (x.axes[d] == axis) return static_cast<int>(d);
    return -1;
}

// Small constant contents carried through an op that keeps the element order.
void CarryContents(const ValueState& x, ValueState& out) {
    out.has_ints = x.has_ints;
    out.ints = x.ints;
    out.has_floats = x.has_floats;
    out.floats = x.floats;
}

// The contents of `out` (shape set) taken from `x`'s: output element i reads the input
// element `source(index of i per axis)` returns, for the small constants shape arithmetic
// is made of (a pads list reversed by Slice and Transpose, as exporters write F.pad).
template <typename Source>
void GatherContents(const ValueState& x, ValueState& out, Source source) {
    if (!x.has_ints && !x.has_floats) return;
    const int64_t count = ElementCount(out.shape);
    std::vector<int64_t> index(out.shape.size(), 0);
    for (int64_t i = 0; i < count; ++i) {
        const std::vector<int64_t> from = source(index);
        int64_t flat = 0;
        for (size_t a = 0; a < from.size(); ++a) flat = flat * x.shape[a] + from[a];
        if (x.has_ints) out.ints.push_back(x.ints[static_cast<size_t>(flat)]);
        if (x.has_floats) out.floats.push_back(x.floats[static_cast<size_t>(flat)]);
        for (size_t a = index.size(); a-- > 0;) {
            if (++index[a] < out.shape[a]) break;
            index[a] = 0;
        }
    }
    out.has_ints = x.has_ints;
    out.has_floats = x.has_floats;
}

// The axes of Squeeze and Unsqueeze: an attribute before opset 13, an input from 13.
std::vector<int64_t> AxesOf(const NodeRun& run, size_t input, const char* attribute) {
    if (run.opset >= 13) return run.Has(input) ? run.Ints(input, "axes") : std::vector<int64_t>{};
    return run.IntList(attribute);
}

// ---- Pad ----

void RunPad(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    std::vector<int64_t> pads;
    if (run.opset < 11) {
        pads = run.HasAttr("pads") ? run.IntList("pads") : run.IntList("paddings");
    } else {
        pads = run.Ints(1, "pads input of Pad");
    }
    std::vector<int> axes;
    if (run.opset >= 18 && run.Has(3)) {
        for (const int64_t a : run.Ints(3, "axes input of Pad"))
            axes.push_back(NormaliseAxis(a, rank, "axis"));
    } else {
        for (int a = 0; a < rank; ++a) axes.push_back(a);
    }
    if (pads.size() != 2 * axes.size()) {
        throw Error("pads has " + Str(static_cast<int64_t>(pads.size())) + " values; " +
                    Str(static_cast<int64_t>(2 * axes.size())) + " expected (begins, then ends)");
    }
    std::vector<PadPair> per_axis(static_cast<size_t>(rank));
    for (size_t i = 0; i < axes.size(); ++i)
        per_axis[static_cast<size_t>(axes[i])] = PadPair{pads[i], pads[i + axes.size()]};
    const std::string mode_name = run.Text("mode", "constant");
    PaddingMode mode = PaddingMode::Zeros;
    if (mode_name == "reflect") {
        mode = PaddingMode::Reflect;
    } else if (mode_name == "edge") {
        mode = PaddingMode::Replicate;
    } else if (mode_name == "wrap") {
        mode = PaddingMode::Circular;
    } else if (mode_name != "constant") {
        throw Error("mode '" + mode_name + "' is none of constant, reflect, edge, wrap");
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = x.shape;
    for (int a = 0; a < rank; ++a) {
        const size_t i = static_cast<size_t>(a);
        out.shape[i] = x.shape[i] + per_axis[i].before + per_axis[i].after;
        if (out.shape[i] < 0) throw Error("pads crop axis " + Str(a) + " below size 0");
        if (mode == PaddingMode::Reflect &&
            (per_axis[i].before >= x.shape[i] || per_axis[i].after >= x.shape[i])) {
            throw Error("reflect padding needs pads smaller than the size: pads " +
                        Str(per_axis[i].before) + " and " + Str(per_axis[i].after) + " on " +
                        Str(x.shape[i]) + " cells of axis " + Str(a));
        }
    }
    CarryFields(x, out, x.axes);
    for (size_t d = 0; d < out.fields.size(); ++d) {
        const size_t axis = static_cast<size_t>(x.axes[d]);
        const AxisPtr field = x.fields[d];
        const int64_t before = per_axis[axis].before, n = x.shape[axis], m = out.shape[axis];
        // Inside the padded output a pad cell reads its source by the mode (a constant cell
        // extends the input's field linearly); beyond it, the input's field continues.
        out.fields[d] =
            MakeTappedAxis(run.context, m, field->jump, field->aligned, {field},
                           [before, n, m, mode](int64_t o, TapList& taps) {
                               const int64_t j = o - before;
                               const bool copied = o < 0 || o >= m || mode == PaddingMode::Zeros;
                               taps.push_back(Tap{0, copied ? j : PaddedSource(j, n, mode), 1.0});
                           });
    }
}

// ---- Slice ----

struct SliceAxis {
    int axis = 0;
    int64_t start = 0, step = 1, count = 0;
};

void RunSlice(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    std::vector<int64_t> starts, ends, axes_list, steps;
    if (run.opset < 10) {
        starts = run.IntList("starts");
        ends = run.IntList("ends");
        axes_list = run.IntList("axes");
    } else {
        starts = run.Ints(1, "starts input of Slice");
        ends = run.Ints(2, "ends input of Slice");
        if (run.Has(3)) axes_list = run.Ints(3, "axes input of Slice");
        if (run.Has(4)) steps = run.Ints(4, "steps input of Slice");
    }
    if (axes_list.empty())
        for (size_t i = 0; i < starts.size(); ++i) axes_list.push_back(static_cast<int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes_list.size() != starts.size() ||
        steps.size() != starts.size()) {
        throw Error("starts, ends, axes and steps of Slice differ in length");
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = x.shape;
    std::vector<SliceAxis> sliced;
    for (size_t i = 0; i < starts.size(); ++i) {
        SliceAxis s;
        s.axis = NormaliseAxis(axes_list[i], rank, "axis");
        s.step = steps[i];
        if (s.step == 0) throw Error("a Slice step is 0");
        const int64_t n = x.shape[static_cast<size_t>(s.axis)];
        // ONNX's clamping: negative indices count from the end, then starts and ends are
        // clamped to [0, n] (stepping forward) or [0, n - 1] and [-1, n - 1] (backward).
        // (An index below -n is below 0 however it is counted: -1 stands for it.)
        int64_t start = starts[i] < 0 ? (starts[i] < -n ? -1 : starts[i] + n) : starts[i];
        int64_t end = ends[i] < 0 ? (ends[i] < -n ? -1 : ends[i] + n) : ends[i];
        if (n == 0) {
            s.count = 0;
        } else if (s.step > 0) {
            start = std::clamp<int64_t>(start, 0, n);
            end = std::clamp<int64_t>(end, 0, n);
            s.count = end > start ? (end - start + s.step - 1) / s.step : 0;
        } else {
            start = std::clamp<int64_t>(start, 0, n - 1);
            end = std::clamp<int64_t>(end, -1, n - 1);
            s.count = start > end ? (start - end + (-s.step) - 1) / (-s.step) : 0;
        }
        s.start = start;
        out.shape[static_cast<size_t>(s.axis)] = s.count;
        sliced.push_back(s);
    }
    GatherContents(x, out, [&sliced](std::vector<int64_t> index) {
        for (const SliceAxis& s : sliced) {
            int64_t& i = index[static_cast<size_t>(s.axis)];
            i = s.start + i * s.step;
        }
        return index;
    });
    CarryFields(x, out, x.axes);
    for (const SliceAxis& s : sliced) {
        const int d = SpatialIndex(x, s.axis);
        if (d < 0 || !out.HasFields()) continue;
        const AxisPtr field = x.fields[static_cast<size_t>(d)];
        const int64_t start = s.start, step = s.step;
        out.fields[static_cast<size_t>(d)] = MakeTappedAxis(
            run.context, s.count, Times(field->jump, Fraction{step < 0 ? -step : step, 1}),
            field->aligned, {field}, [start, step](int64_t o, TapList& taps) {
                taps.push_back(
                    Tap{0, CheckedAdd(start, CheckedMul(o, step, "an index"), "an index"), 1.0});
            });
    }
}

// ---- Concat and Split ----

void RunConcat(NodeRun& run) {
    std::vector<const ValueState*> inputs;
    for (size_t i = 0; i < run.in.size(); ++i)
        if (run.Has(i)) inputs.push_back(&run.In(i));
    if (inputs.empty()) throw Error("Concat has no inputs");
    const int rank = inputs[0]->Rank();
    const int axis = NormaliseAxis(run.Int("axis", 0), rank, "axis");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = inputs[0]->shape;
    out.shape[static_cast<size_t>(axis)] = 0;
    bool fold = rank == 1;
    for (const ValueState* v : inputs) {
        bool fits = v->Rank() == rank;
        for (int a = 0; fits && a < rank; ++a)
            fits =
                a == axis || v->shape[static_cast<size_t>(a)] == out.shape[static_cast<size_t>(a)];
        if (!fits) {
            throw Error("Concat along axis " + Str(axis) + " of " + ShapeText(inputs[0]->shape) +
                        " and " + ShapeText(v->shape));
        }
        out.shape[static_cast<size_t>(axis)] += v->shape[static_cast<size_t>(axis)];
        fold = fold && (v->has_ints || v->has_floats);
    }
    if (fold) {
        bool all_ints = true;
        for (const ValueState* v : inputs) all_ints = all_ints && v->has_ints;
        for (const ValueState* v : inputs) {
            if (all_ints) {
                out.ints.insert(out.ints.end(), v->ints.begin(), v->ints.end());
            } else if (v->has_floats) {
                out.floats.insert(out.floats.end(), v->floats.begin(), v->floats.end());
            } else {
                out.floats.insert(out.floats.end(), v->ints.begin(), v->ints.end());
            }
        }
        out.has_ints = all_ints;
        out.has_floats = !all_ints;
    }
    // Along a spatial axis the inputs' units sit side by side; along any other axis each
    // unit depends on the inputs' units at its place (their union).
    const ValueState* carrier = nullptr;
    for (const ValueState* v : inputs)
        if (v->HasFields() && carrier == nullptr) carrier = v;
    const int concat_dim = carrier ? SpatialIndex(*carrier, axis) : -1;
    MergeFields(inputs, out, run, concat_dim);
    if (concat_dim < 0 || !out.HasFields()) return;
    // Each piece reads its input's units (a piece that does not depend on the input reads
    // none); beyond the ends, the first or last piece's field continues.
    struct Piece {
        int source;  // into `sources`, or -1
        int64_t offset, size;
    };
    std::vector<Piece> pieces;
    std::vector<AxisPtr> sources;
    int64_t offset = 0;
    bool aligned = true;
    Fraction jump = carrier->fields[static_cast<size_t>(concat_dim)]->jump;
    for (const ValueState* v : inputs) {
        const int64_t size = v->shape[static_cast<size_t>(axis)];
        int source = -1;
        if (v->HasFields()) {
            const AxisPtr& field = v->fields[static_cast<size_t>(concat_dim)];
            aligned = aligned && field->aligned;
            source = static_cast<int>(sources.size());
            sources.push_back(field);
        }
        pieces.push_back(Piece{source, offset, size});
        offset += size;
    }
    out.fields[static_cast<size_t>(concat_dim)] = MakeTappedAxis(
        run.context, offset, jump, aligned, std::move(sources), [pieces](int64_t o, TapList& taps) {
            const Piece* piece = &pieces.front();
            if (o >= 0) {
                for (const Piece& p : pieces) {
                    piece = &p;
                    if (o < p.offset + p.size) break;
                }
            }
            if (piece->source >= 0)
                taps.push_back(Tap{static_cast<size_t>(piece->source), o - piece->offset, 1.0});
        });
}

void RunSplit(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    const int axis = NormaliseAxis(run.Int("axis", 0), rank, "axis");
    const int64_t n = x.shape[static_cast<size_t>(axis)];
    const size_t outputs = run.out.size();
    std::vector<int64_t> split;
    if (run.opset >= 13 && run.Has(1)) {
        split = run.Ints(1, "split input of Split");
    } else if (run.opset < 13) {
        split = run.IntList("split");
    }
    if (split.empty()) {
        const int64_t parts =
            run.HasAttr("num_outputs") ? run.Int("num_outputs", 1) : static_cast<int64_t>(outputs);
        if (parts < 1) throw Error("Split into " + Str(parts) + " parts");
        // Opset 18's num_outputs: parts of ceil(n / parts), the last one smaller.
        const int64_t chunk = run.HasAttr("num_outputs") ? CeilDiv(n, parts) : n / parts;
        if (!run.HasAttr("num_outputs") && n % parts != 0) {
            throw Error("axis " + Str(axis) + " of size " + Str(n) + " does not split into " +
                        Str(parts) + " equal parts");
        }
        int64_t left = n;
        for (int64_t p = 0; p < parts; ++p) {
            split.push_back(std::min(chunk, left));
            left -= split.back();
        }
    }
    if (split.size() != outputs) {
        throw Error("Split gives " + Str(static_cast<int64_t>(split.size())) + " parts to " +
                    Str(static_cast<int64_t>(outputs)) + " outputs");
    }
    int64_t total = 0;
    for (const int64_t s : split) total += s;
    if (total != n) {
        throw Error("Split parts add up to " + Str(total) + ", not the axis size " + Str(n));
    }
    const int d = SpatialIndex(x, axis);
    int64_t offset = 0;
    for (size_t k = 0; k < outputs; ++k) {
        ValueState& out = run.out[k];
        out.known = true;
        out.shape = x.shape;
        out.shape[static_cast<size_t>(axis)] = split[k];
        if (rank == 1 && (x.has_ints || x.has_floats)) {
            const auto from = static_cast<std::ptrdiff_t>(offset);
            const auto to = from + static_cast<std::ptrdiff_t>(split[k]);
            if (x.has_ints) out.ints.assign(x.ints.begin() + from, x.ints.begin() + to);
            if (x.has_floats) out.floats.assign(x.floats.begin() + from, x.floats.begin() + to);
            out.has_ints = x.has_ints;
            out.has_floats = x.has_floats;
        }
        CarryFields(x, out, x.axes);
        if (d >= 0 && out.HasFields()) {
            const AxisPtr field = x.fields[static_cast<size_t>(d)];
            const int64_t start = offset;
            out.fields[static_cast<size_t>(d)] =
                MakeTappedAxis(run.context, split[k], field->jump, field->aligned, {field},
                               [start](int64_t o, TapList& taps) {
                                   taps.push_back(Tap{0, o + start, 1.0});
                               });
        }
        offset += split[k];
    }
}

// ---- Reshapes ----

// After a reshape, the fields follow when the spatial axes were the last ones and the new
// shape ends with the same sizes (e.g. a channel shuffle's (N, g, C/g, H, W)).
void ReshapeFields(const ValueState& x, ValueState& out, NodeRun& run, const char* op) {
    if (!x.depends) return;
    if (!x.HasFields()) {
        CarryFields(x, out, {});
        return;
    }
    const int dims = static_cast<int>(x.axes.size());
    bool keeps = out.Rank() >= dims;
    for (int d = 0; keeps && d < dims; ++d) {
        const int in_axis = x.Rank() - dims + d, out_axis = out.Rank() - dims + d;
        keeps = x.axes[static_cast<size_t>(d)] == in_axis &&
                x.shape[static_cast<size_t>(in_axis)] == out.shape[static_cast<size_t>(out_axis)];
    }
    if (!keeps) {
        LoseLayout(x, out, run, op);
        return;
    }
    std::vector<int> axes;
    for (int d = 0; d < dims; ++d) axes.push_back(out.Rank() - dims + d);
    CarryFields(x, out, axes);
}

void RunReshape(NodeRun& run) {
    const ValueState& x = run.In(0);
    const std::vector<int64_t> requested =
        run.opset < 5 ? run.IntList("shape") : run.Ints(1, "shape input of Reshape");
    const bool allow_zero = run.Int("allowzero", 0) != 0;
    std::vector<int64_t> shape(requested.size());
    int inferred = -1;
    int64_t known = 1;
    for (size_t i = 0; i < requested.size(); ++i) {
        int64_t s = requested[i];
        if (s == 0 && !allow_zero) {
            if (i >= x.shape.size())
                throw Error("Reshape copies axis " + Str(static_cast<int64_t>(i)) +
                            " that the input lacks");
            s = x.shape[i];
        }
        if (s == -1) {
            if (inferred >= 0) throw Error("Reshape has more than one -1");
            inferred = static_cast<int>(i);
            continue;
        }
        if (s < 0) throw Error("Reshape size " + Str(s) + " is invalid");
        shape[i] = s;
        known = CheckedMul(known, s, "the element count");
    }
    const int64_t count = ElementCount(x.shape);
    if (inferred >= 0) {
        if (known == 0 || count % known != 0) {
            throw Error("Reshape cannot infer -1: " + Str(count) + " elements into " +
                        ShapeText(requested));
        }
        shape[static_cast<size_t>(inferred)] = count / known;
    } else if (known != count) {
        throw Error("Reshape of " + ShapeText(x.shape) + " (" + Str(count) + " elements) to " +
                    ShapeText(shape));
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = shape;
    CarryContents(x, out);
    ReshapeFields(x, out, run, "Reshape");
}

void RunFlatten(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    int64_t axis = run.Int("axis", 1);
    if (axis < 0) axis += rank;
    if (axis < 0 || axis > rank) throw Error("Flatten axis " + Str(axis) + " is outside the rank");
    int64_t outer = 1, inner = 1;
    for (int a = 0; a < rank; ++a) {
        int64_t& part = a < axis ? outer : inner;
        part = CheckedMul(part, x.shape[static_cast<size_t>(a)], "the element count");
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {outer, inner};
    CarryContents(x, out);
    ReshapeFields(x, out, run, "Flatten");
}

void RunTranspose(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    std::vector<int64_t> perm = run.IntList("perm");
    if (perm.empty())
        for (int a = rank - 1; a >= 0; --a) perm.push_back(a);
    if (static_cast<int>(perm.size()) != rank) throw Error("perm has the wrong length");
    ValueState& out = run.out[0];
    out.known = true;
    for (const int64_t p : perm)
        out.shape.push_back(x.shape[static_cast<size_t>(NormaliseAxis(p, rank, "perm"))]);
    GatherContents(x, out, [&perm, rank](const std::vector<int64_t>& index) {
        std::vector<int64_t> from(static_cast<size_t>(rank));
        for (int j = 0; j < rank; ++j)
            from[static_cast<size_t>(NormaliseAxis(perm[static_cast<size_t>(j)], rank, "perm"))] =
                index[static_cast<size_t>(j)];
        return from;
    });
    std::vector<int> axes;
    for (const int a : x.axes) {
        for (int j = 0; j < rank; ++j)
            if (perm[static_cast<size_t>(j)] == a) axes.push_back(j);
    }
    CarryFields(x, out, axes);
}

void RunSqueeze(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    std::vector<bool> drop(static_cast<size_t>(rank), false);
    const std::vector<int64_t> axes = AxesOf(run, 1, "axes");
    if (axes.empty()) {
        for (int a = 0; a < rank; ++a)
            drop[static_cast<size_t>(a)] = x.shape[static_cast<size_t>(a)] == 1;
    }
    for (const int64_t a : axes) {
        const int i = NormaliseAxis(a, rank, "axis");
        if (x.shape[static_cast<size_t>(i)] != 1) {
            throw Error("Squeeze of axis " + Str(i) + " of size " +
                        Str(x.shape[static_cast<size_t>(i)]));
        }
        drop[static_cast<size_t>(i)] = true;
    }
    ValueState& out = run.out[0];
    out.known = true;
    std::vector<int> new_index(static_cast<size_t>(rank), -1);
    for (int a = 0; a < rank; ++a) {
        if (drop[static_cast<size_t>(a)]) continue;
        new_index[static_cast<size_t>(a)] = out.Rank();
        out.shape.push_back(x.shape[static_cast<size_t>(a)]);
    }
    CarryContents(x, out);
    std::vector<int> moved;
    for (const int a : x.axes) {
        if (new_index[static_cast<size_t>(a)] < 0) {
            LoseLayout(x, out, run, "Squeeze of a spatial axis");
            return;
        }
        moved.push_back(new_index[static_cast<size_t>(a)]);
    }
    CarryFields(x, out, moved);
}

void RunUnsqueeze(NodeRun& run) {
    const ValueState& x = run.In(0);
    const std::vector<int64_t> axes = AxesOf(run, 1, "axes");
    const int rank = x.Rank() + static_cast<int>(axes.size());
    std::vector<bool> inserted(static_cast<size_t>(rank), false);
    for (const int64_t a : axes) {
        const int i = NormaliseAxis(a, rank, "axis");
        if (inserted[static_cast<size_t>(i)])
            throw Error("Unsqueeze names axis " + Str(i) + " twice");
        inserted[static_cast<size_t>(i)] = true;
    }
    ValueState& out = run.out[0];
    out.known = true;
    std::vector<int> new_index;
    for (int a = 0, from = 0; a < rank; ++a) {
        if (inserted[static_cast<size_t>(a)]) {
            out.shape.push_back(1);
        } else {
            new_index.push_back(a);
            out.shape.push_back(x.shape[static_cast<size_t>(from++)]);
        }
    }
    CarryContents(x, out);
    std::vector<int> moved;
    for (const int a : x.axes) moved.push_back(new_index[static_cast<size_t>(a)]);
    CarryFields(x, out, moved);
}

// ---- Gather, Tile, Expand ----

void RunGather(NodeRun& run) {
    const ValueState& x = run.In(0);
    const ValueState& indices = run.In(1);
    const int rank = x.Rank();
    const int axis = NormaliseAxis(run.Int("axis", 0), rank, "axis");
    const int64_t n = x.shape[static_cast<size_t>(axis)];
    ValueState& out = run.out[0];
    out.known = true;
    out.shape.assign(x.shape.begin(), x.shape.begin() + axis);
    out.shape.insert(out.shape.end(), indices.shape.begin(), indices.shape.end());
    out.shape.insert(out.shape.end(), x.shape.begin() + axis + 1, x.shape.end());
    std::vector<int64_t> picked;
    if (indices.has_ints) {
        for (const int64_t i : indices.ints) {
            const int64_t at = i < 0 ? i + n : i;
            if (at < 0 || at >= n) throw Error("Gather index " + Str(i) + " is outside " + Str(n));
            picked.push_back(at);
        }
    }
    if (rank == 1 && indices.has_ints && (x.has_ints || x.has_floats)) {
        for (const int64_t at : picked) {
            if (x.has_ints) out.ints.push_back(x.ints[static_cast<size_t>(at)]);
            if (x.has_floats) out.floats.push_back(x.floats[static_cast<size_t>(at)]);
        }
        out.has_ints = x.has_ints;
        out.has_floats = x.has_floats;
    }
    const int d = SpatialIndex(x, axis);
    const int shift = indices.Rank() - 1;
    if (d >= 0) {
        // Along a spatial axis: constant indices in a list pick units, like a slice.
        if (indices.Rank() != 1 || !indices.has_ints) {
            if (x.depends) LoseLayout(x, out, run, "Gather along a spatial axis");
            return;
        }
        CarryFields(x, out, x.axes);
        const AxisPtr field = x.fields[static_cast<size_t>(d)];
        out.fields[static_cast<size_t>(d)] =
            MakeTappedAxis(run.context, static_cast<int64_t>(picked.size()), field->jump,
                           field->aligned, {field}, [picked](int64_t o, TapList& taps) {
                               if (o >= 0 && o < static_cast<int64_t>(picked.size()))
                                   taps.push_back(Tap{0, picked[static_cast<size_t>(o)], 1.0});
                           });
        return;
    }
    std::vector<int> moved;
    for (const int a : x.axes) moved.push_back(a > axis ? a + shift : a);
    CarryFields(x, out, moved);
}

void RunTile(NodeRun& run) {
    const ValueState& x = run.In(0);
    const std::vector<int64_t> repeats = run.Ints(1, "repeats input of Tile");
    if (static_cast<int>(repeats.size()) != x.Rank()) throw Error("repeats has the wrong length");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = x.shape;
    for (size_t a = 0; a < repeats.size(); ++a) {
        if (repeats[a] < 0) throw Error("a negative repeat");
        out.shape[a] = CheckedMul(x.shape[a], repeats[a], "a size");
    }
    CarryFields(x, out, x.axes);
    for (size_t d = 0; d < out.fields.size(); ++d) {
        const size_t axis = static_cast<size_t>(x.axes[d]);
        if (repeats[axis] == 1) continue;
        const AxisPtr field = x.fields[d];
        const int64_t n = x.shape[axis];
        out.fields[d] = MakeTappedAxis(run.context, out.shape[axis], field->jump, field->aligned,
                                       {field}, [n](int64_t o, TapList& taps) {
                                           taps.push_back(Tap{0, ((o % n) + n) % n, 1.0});
                                       });
    }
}

void RunExpand(NodeRun& run) {
    const ValueState& x = run.In(0);
    const std::vector<int64_t> shape = run.Ints(1, "shape input of Expand");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = BroadcastShapes({x.shape, shape});
    MergeFields({&x}, out, run);
}

// ---- Shape arithmetic ----

void RunShape(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int64_t rank = x.Rank();
    int64_t start = run.Int("start", 0), end = run.Int("end", rank);
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, 0, rank);
    ValueState& out = run.out[0];
    out.known = true;
    out.has_ints = true;
    for (int64_t a = start; a < end; ++a) out.ints.push_back(x.shape[static_cast<size_t>(a)]);
    out.shape = {static_cast<int64_t>(out.ints.size())};
}

void RunSize(NodeRun& run) {
    const ValueState& x = run.In(0);
    ValueState& out = run.out[0];
    out.known = true;
    out.has_ints = true;
    out.ints = {ElementCount(x.shape)};
}

void RunConstantOfShape(NodeRun& run) {
    const std::vector<int64_t> shape = run.Ints(0, "shape input of ConstantOfShape");
    for (const int64_t s : shape)
        if (s < 0) throw Error("ConstantOfShape of a negative size");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = shape;
    // The fill value: the `value` attribute's one element (float 0 when absent).
    const int64_t count = ElementCount(shape);
    if (count > kMaxFoldedElements) return;
    const auto found = run.node.attributes.find("value");
    const GraphAttribute* value = found == run.node.attributes.end() ? nullptr : &found->second;
    if (value && !value->ints.empty()) {
        out.has_ints = true;
        out.ints.assign(static_cast<size_t>(count), value->ints[0]);
    } else {
        out.has_floats = true;
        out.floats.assign(static_cast<size_t>(count),
                          value && !value->floats.empty() ? value->floats[0] : 0.0);
    }
}

void RunRange(NodeRun& run) {
    const std::vector<double> start = run.Floats(0, "start of Range");
    const std::vector<double> limit = run.Floats(1, "limit of Range");
    const std::vector<double> delta = run.Floats(2, "delta of Range");
    if (start.size() != 1 || limit.size() != 1 || delta.size() != 1 || delta[0] == 0) {
        throw Error("Range needs scalar start, limit and a non-zero delta");
    }
    const double steps = std::ceil((limit[0] - start[0]) / delta[0]);
    const int64_t count = steps > 0 ? static_cast<int64_t>(steps) : 0;
    if (count > kMaxFoldedElements) throw Error("Range of " + Str(count) + " elements");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {count};
    const bool ints = run.In(0).has_ints && run.In(2).has_ints;
    for (int64_t i = 0; i < count; ++i) {
        const double v = start[0] + static_cast<double>(i) * delta[0];
        if (ints) {
            out.ints.push_back(static_cast<int64_t>(v));
        } else {
            out.floats.push_back(v);
        }
    }
    out.has_ints = ints;
    out.has_floats = !ints;
}

}  // namespace

void AddLayoutOps(OpTable& table) {
    table["Pad"] = RunPad;
    table["Slice"] = RunSlice;
    table["Concat"] = RunConcat;
    table["Split"] = RunSplit;
    table["Reshape"] = RunReshape;
    table["Flatten"] = RunFlatten;
    table["Transpose"] = RunTranspose;
    table["Squeeze"] = RunSqueeze;
    table["Unsqueeze"] = RunUnsqueeze;
    table["Gather"] = RunGather;
    table["Tile"] = RunTile;
    table["Expand"] = RunExpand;
    table["Shape"] = RunShape;
    table["Size"] = RunSize;
    table["ConstantOfShape"] = RunConstantOfShape;
    table["Range"] = RunRange;
}

}  // namespace convscope::graph_detail
