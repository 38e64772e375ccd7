// Ops that combine elements where they stand, and those that mix whole axes: unary and
// n-ary element-wise ops (with numpy broadcasting), normalisations, Softmax, reductions,
// Gemm and MatMul. Small integer and float constants are folded through the arithmetic that
// exporters use to compute shapes and scales.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/graph/graph_ops.h"
#include "core/layer/arithmetic.h"

namespace convscope::graph_detail {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// ---- Folding small constants ----

// For each element of `out_shape`, the flat index of the element of `shape` that
// broadcasting maps onto it.
std::vector<size_t> BroadcastIndex(const std::vector<int64_t>& shape,
                                   const std::vector<int64_t>& out_shape) {
    const int64_t count = ElementCount(out_shape);
    std::vector<size_t> index(static_cast<size_t>(count));
    const size_t shift = out_shape.size() - shape.size();
    for (int64_t flat = 0; flat < count; ++flat) {
        int64_t rest = flat, from = 0, stride = 1;
        for (size_t a = out_shape.size(); a-- > 0;) {
            const int64_t coordinate = rest % out_shape[a];
            rest /= out_shape[a];
            if (a < shift) continue;
            const int64_t size = shape[a - shift];
            from += (size == 1 ? 0 : coordinate) * stride;
            stride *= size;
        }
        index[static_cast<size_t>(flat)] = static_cast<size_t>(from);
    }
    return index;
}

bool FoldableOp(const std::string& op) {
    return op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Max" || op == "Min" ||
           op == "Sum";
}

template <typename T>
T Apply(const std::string& op, T a, T b) {
    if (op == "Add" || op == "Sum") return a + b;
    if (op == "Sub") return a - b;
    if (op == "Mul") return a * b;
    if (op == "Div") {
        if (b == T{0}) throw Error("a constant division by 0");
        return a / b;
    }
    if (op == "Max") return std::max(a, b);
    return std::min(a, b);
}

void FoldNary(const std::vector<const ValueState*>& inputs, ValueState& out,
              const std::string& op) {
    if (!FoldableOp(op) || ElementCount(out.shape) > kMaxFoldedElements) return;
    bool ints = true;
    for (const ValueState* v : inputs) {
        if (!v->has_ints && !v->has_floats) return;
        ints = ints && v->has_ints;
    }
    const int64_t count = ElementCount(out.shape);
    std::vector<std::vector<size_t>> index;
    for (const ValueState* v : inputs) index.push_back(BroadcastIndex(v->shape, out.shape));
    for (int64_t e = 0; e < count; ++e) {
        const size_t i = static_cast<size_t>(e);
        if (ints) {
            int64_t value = inputs[0]->ints[index[0][i]];
            for (size_t k = 1; k < inputs.size(); ++k)
                value = Apply<int64_t>(op, value, inputs[k]->ints[index[k][i]]);
            out.ints.push_back(value);
        } else {
            const auto at = [&](size_t k) {
                const ValueState* v = inputs[k];
                return v->has_floats ? v->floats[index[k][i]]
                                     : static_cast<double>(v->ints[index[k][i]]);
            };
            double value = at(0);
            for (size_t k = 1; k < inputs.size(); ++k) value = Apply<double>(op, value, at(k));
            out.floats.push_back(value);
        }
    }
    out.has_ints = ints;
    out.has_floats = !ints;
}

// ONNX's integer element types (TensorProto.DataType): UINT8 to INT64, BOOL, UINT32, UINT64.
bool IntegerType(int64_t type) {
    return (type >= 2 && type <= 7) || type == 9 || type == 12 || type == 13;
}

void FoldUnary(const ValueState& x, ValueState& out, const NodeRun& run) {
    if (!x.has_ints && !x.has_floats) return;
    const std::string& op = run.node.op;
    if (op == "Cast") {
        if (IntegerType(run.Int("to", 1))) {
            out.has_ints = true;
            if (x.has_ints) {
                out.ints = x.ints;
            } else {
                for (const double v : x.floats)
                    out.ints.push_back(static_cast<int64_t>(std::trunc(v)));
            }
        } else {
            out.has_floats = true;
            if (x.has_floats) {
                out.floats = x.floats;
            } else {
                out.floats.assign(x.ints.begin(), x.ints.end());
            }
        }
        return;
    }
    const auto f = [&](double v) {
        if (op == "Neg") return -v;
        if (op == "Abs") return std::fabs(v);
        if (op == "Floor") return std::floor(v);
        if (op == "Ceil") return std::ceil(v);
        if (op == "Sqrt") return std::sqrt(v);
        return v;
    };
    if (op != "Identity" && op != "Neg" && op != "Abs" && op != "Floor" && op != "Ceil" &&
        op != "Sqrt") {
        return;
    }
    if (x.has_ints && op != "Sqrt") {
        out.has_ints = true;
        for (const int64_t v : x.ints)
            out.ints.push_back(op == "Neg" ? -v : op == "Abs" ? std::abs(v) : v);
        return;
    }
    out.has_floats = true;
    if (x.has_floats) {
        for (const double v : x.floats) out.floats.push_back(f(v));
    } else {
        for (const int64_t v : x.ints) out.floats.push_back(f(static_cast<double>(v)));
    }
}

// ---- Mixing along axes ----

// The output keeps x's layout, but along each spatial axis in `mixed` every unit depends on
// all of x's units there (a softmax or a reduction over that axis). When every spatial
// dimension is mixed, the output depends on the whole input. `sizes` are the output's sizes
// of the mixed axes (1 for a reduction that keeps its axes).
void MixAlong(const ValueState& x, const std::vector<bool>& mixed, ValueState& out, NodeRun& run) {
    if (!x.depends) return;
    out.depends = true;
    out.whole = x.whole;
    if (!x.HasFields()) return;
    out.axes = x.axes;
    bool all = true;
    for (size_t d = 0; d < x.fields.size(); ++d) {
        const AxisPtr field = x.fields[d];
        const size_t axis = static_cast<size_t>(x.axes[d]);
        if (!mixed[axis]) {
            all = false;
            out.fields.push_back(field);
            continue;
        }
        // Every unit mixes (sums, averages, picks from) all of the axis' units.
        const int64_t n = field->size;
        out.fields.push_back(
            MakeTappedAxis(run.context, out.shape[axis], field->jump, field->aligned, {field},
                           [n](int64_t, TapList& taps) {
                               for (int64_t u = 0; u < n; ++u)
                                   taps.push_back(Tap{0, u, 1.0 / static_cast<double>(n)});
                           }));
    }
    if (all) out.whole = true;
}

// ---- Handlers ----

void RunUnary(NodeRun& run) {
    const ValueState& x = run.In(0);
    for (size_t k = 0; k < run.out.size(); ++k) {
        ValueState& out = run.out[k];
        out.known = true;
        out.shape = x.shape;
        out.depends = x.depends;
        out.whole = x.whole;
        out.axes = x.axes;
        out.fields = x.fields;
    }
    FoldUnary(x, run.out[0], run);
    const std::string& op = run.node.op;
    if (op == "BatchNormalization") {
        // Training outputs (running mean and variance, saved statistics): per channel.
        for (size_t k = 1; k < run.out.size(); ++k) {
            run.out[k] = ValueState{};
            run.out[k].known = x.Rank() >= 2;
            if (x.Rank() >= 2) run.out[k].shape = {x.shape[1]};
        }
    }
    if ((op == "InstanceNormalization" || op == "MeanVarianceNormalization" ||
         op == "LayerNormalization" || op == "GroupNormalization") &&
        x.HasFields()) {
        run.flags.push_back(op +
                            ": its statistics are taken over the spatial axes, so every unit "
                            "also depends on the whole map through them; the fields shown "
                            "follow the values' own path");
        if (op == "LayerNormalization") {
            for (size_t k = 1; k < run.out.size(); ++k) run.out[k] = ValueState{};
        }
    }
}

void RunNary(NodeRun& run) {
    std::vector<const ValueState*> inputs;
    std::vector<std::vector<int64_t>> shapes;
    for (size_t i = 0; i < run.in.size(); ++i) {
        if (!run.Has(i)) continue;
        inputs.push_back(&run.In(i));
        shapes.push_back(inputs.back()->shape);
    }
    if (inputs.empty()) throw Error(run.node.op + " has no inputs");
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = BroadcastShapes(shapes);
    FoldNary(inputs, out, run.node.op);
    MergeFields(inputs, out, run);
}

void RunMixing(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = x.shape;
    std::vector<bool> mixed(static_cast<size_t>(rank), false);
    const std::string& op = run.node.op;
    if (op == "LpNormalization" || run.opset >= 13) {
        const int axis = NormaliseAxis(run.Int("axis", -1), rank, "axis");
        mixed[static_cast<size_t>(axis)] = true;
    } else {
        // Before opset 13 the input is taken as 2-D from `axis`: all later axes mix.
        const int axis = NormaliseAxis(run.Int("axis", 1), rank, "axis");
        for (int a = axis; a < rank; ++a) mixed[static_cast<size_t>(a)] = true;
    }
    MixAlong(x, mixed, out, run);
}

void RunReduce(NodeRun& run) {
    const ValueState& x = run.In(0);
    const int rank = x.Rank();
    const std::string& op = run.node.op;
    const bool arg = op == "ArgMax" || op == "ArgMin";
    std::vector<int64_t> axes;
    bool axes_from_input = false;
    if (arg) {
        axes = {run.Int("axis", 0)};
    } else if ((op == "ReduceSum" && run.opset >= 13) || run.opset >= 18) {
        axes_from_input = true;
        if (run.Has(1)) axes = run.Ints(1, "axes input");
    } else {
        axes = run.IntList("axes");
    }
    std::vector<bool> reduced(static_cast<size_t>(rank), false);
    if (axes.empty()) {
        if (axes_from_input && run.Int("noop_with_empty_axes", 0) != 0) {
            reduced.assign(static_cast<size_t>(rank), false);
        } else {
            reduced.assign(static_cast<size_t>(rank), true);
        }
    }
    for (const int64_t a : axes)
        reduced[static_cast<size_t>(NormaliseAxis(a, rank, "axis"))] = true;
    const bool keep = run.Int("keepdims", 1) != 0;
    ValueState& out = run.out[0];
    out.known = true;
    std::vector<int> new_index(static_cast<size_t>(rank), -1);
    for (int a = 0; a < rank; ++a) {
        if (!reduced[static_cast<size_t>(a)]) {
            new_index[static_cast<size_t>(a)] = out.Rank();
            out.shape.push_back(x.shape[static_cast<size_t>(a)]);
        } else if (keep) {
            new_index[static_cast<size_t>(a)] = out.Rank();
            out.shape.push_back(1);
        }
    }
    if (!x.depends) return;
    if (keep) {
        MixAlong(x, reduced, out, run);
        return;
    }
    bool all = x.HasFields(), any = false;
    for (const int a : x.axes) {
        all = all && reduced[static_cast<size_t>(a)];
        any = any || reduced[static_cast<size_t>(a)];
    }
    if (all) {
        out.depends = out.whole = true;
    } else if (any) {
        LoseLayout(x, out, run, op + " over a spatial axis without keepdims");
    } else {
        out.depends = true;
        out.whole = x.whole;
        if (x.HasFields()) {
            for (const int a : x.axes) out.axes.push_back(new_index[static_cast<size_t>(a)]);
            out.fields = x.fields;
        }
    }
}

void RunGemm(NodeRun& run) {
    const ValueState& a = run.In(0);
    const ValueState& b = run.In(1);
    if (a.Rank() != 2 || b.Rank() != 2) {
        throw Error("Gemm needs matrices, got " + ShapeText(a.shape) + " and " +
                    ShapeText(b.shape));
    }
    const bool ta = run.Int("transA", 0) != 0, tb = run.Int("transB", 0) != 0;
    const int64_t m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
    const int64_t kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
    if (k != kb) {
        throw Error("Gemm of " + ShapeText(a.shape) + (ta ? " (transposed)" : "") + " and " +
                    ShapeText(b.shape) + (tb ? " (transposed)" : "") + ": inner sizes " + Str(k) +
                    " and " + Str(kb) + " differ");
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {m, n};
    for (size_t i = 0; i < run.in.size(); ++i) {
        if (run.Has(i) && run.In(i).depends) LoseLayout(run.In(i), out, run, "Gemm");
    }
}

void RunMatMul(NodeRun& run) {
    const ValueState& a = run.In(0);
    const ValueState& b = run.In(1);
    std::vector<int64_t> sa = a.shape, sb = b.shape;
    if (sa.empty() || sb.empty()) throw Error("MatMul of a scalar");
    const bool a_vector = sa.size() == 1, b_vector = sb.size() == 1;
    if (a_vector) sa.insert(sa.begin(), 1);
    if (b_vector) sb.push_back(1);
    if (sa.back() != sb[sb.size() - 2]) {
        throw Error("MatMul of " + ShapeText(a.shape) + " and " + ShapeText(b.shape) +
                    ": inner sizes differ");
    }
    std::vector<int64_t> batch = BroadcastShapes({std::vector<int64_t>(sa.begin(), sa.end() - 2),
                                                  std::vector<int64_t>(sb.begin(), sb.end() - 2)});
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = batch;
    if (!a_vector) out.shape.push_back(sa[sa.size() - 2]);
    if (!b_vector) out.shape.push_back(sb.back());
    if (a.depends) LoseLayout(a, out, run, "MatMul");
    if (b.depends) LoseLayout(b, out, run, "MatMul");
}

}  // namespace

void AddElementwiseOps(OpTable& table) {
    for (const char* op : {"Relu",
                           "LeakyRelu",
                           "Sigmoid",
                           "Tanh",
                           "Elu",
                           "Selu",
                           "Celu",
                           "HardSigmoid",
                           "HardSwish",
                           "Softplus",
                           "Softsign",
                           "Gelu",
                           "Erf",
                           "Sqrt",
                           "Exp",
                           "Log",
                           "Neg",
                           "Abs",
                           "Reciprocal",
                           "Floor",
                           "Ceil",
                           "Round",
                           "Sign",
                           "Sin",
                           "Cos",
                           "Tan",
                           "Asin",
                           "Acos",
                           "Atan",
                           "Sinh",
                           "Cosh",
                           "Asinh",
                           "Acosh",
                           "Atanh",
                           "Not",
                           "IsNaN",
                           "IsInf",
                           "Cast",
                           "CastLike",
                           "Identity",
                           "Mish",
                           "ThresholdedRelu",
                           "Shrink",
                           "Clip",
                           "BatchNormalization",
                           "InstanceNormalization",
                           "MeanVarianceNormalization",
                           "LayerNormalization",
                           "GroupNormalization",
                           "LRN",
                           "Dropout",
                           "DequantizeLinear",
                           "QuantizeLinear",
                           "BitwiseNot"}) {
        table[op] = RunUnary;
    }
    for (const char* op : {"Add",      "Sub",        "Mul",       "Div",         "Pow",
                           "Max",      "Min",        "Sum",       "Mean",        "PRelu",
                           "Equal",    "Less",       "Greater",   "LessOrEqual", "GreaterOrEqual",
                           "And",      "Or",         "Xor",       "Mod",         "Where",
                           "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor"}) {
        table[op] = RunNary;
    }
    for (const char* op : {"Softmax", "LogSoftmax", "Hardmax", "LpNormalization"})
        table[op] = RunMixing;
    for (const char* op :
         {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd", "ReduceL1", "ReduceL2",
          "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin"}) {
        table[op] = RunReduce;
    }
    table["Gemm"] = RunGemm;
    table["MatMul"] = RunMatMul;
}

OpHandler FindOpHandler(const std::string& op) {
    static const OpTable table = [] {
        OpTable t;
        AddWindowOps(t);
        AddResizeOps(t);
        AddLayoutOps(t);
        AddElementwiseOps(t);
        return t;
    }();
    const auto found = table.find(op);
    return found == table.end() ? nullptr : found->second;
}

}  // namespace convscope::graph_detail
