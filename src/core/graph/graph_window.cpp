// Ops that slide a window over the spatial dimensions: Conv, ConvTranspose, MaxPool,
// AveragePool, LpPool and the global poolings, with ONNX's shape rules (auto_pad, pads
// larger than half the kernel, ceil_mode, output_shape).
#include <algorithm>
#include <string>

#include "core/graph/graph_ops.h"
#include "core/layer/arithmetic.h"
#include "core/layer/shape.h"

namespace convscope::graph_detail {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

int64_t PositiveMod(int64_t a, int64_t m) {
    const int64_t r = a % m;
    return r < 0 ? r + m : r;
}

// A window's parameters resolved for one input: per spatial dimension.
struct Window {
    std::vector<int64_t> kernel, stride, dilation, output;
    std::vector<PadPair> pads;
    std::string auto_pad;
};

// An attribute list of `count` values, or `fallback` in each when it is absent.
std::vector<int64_t> PerDim(const NodeRun& run, const char* name, size_t count, int64_t fallback) {
    std::vector<int64_t> values = run.IntList(name);
    if (values.empty()) return std::vector<int64_t>(count, fallback);
    if (values.size() != count) {
        throw Error(std::string(name) + " has " + Str(static_cast<int64_t>(values.size())) +
                    " values for " + Str(static_cast<int64_t>(count)) + " spatial dimensions");
    }
    for (const int64_t v : values) {
        if (v < 1) throw Error(std::string(name) + " must be at least 1, got " + Str(v));
    }
    return values;
}

// Kernel, strides, dilations and pads of a window op on `input` spatial sizes. The pads come
// from auto_pad (SAME_UPPER and SAME_LOWER by the core's ONNX same rules) or `pads`.
Window ResolveWindow(const NodeRun& run, const std::vector<int64_t>& input,
                     std::vector<int64_t> kernel) {
    const size_t n = input.size();
    Window w;
    if (kernel.size() != n) {
        throw Error("kernel_shape has " + Str(static_cast<int64_t>(kernel.size())) +
                    " values for " + Str(static_cast<int64_t>(n)) + " spatial dimensions");
    }
    for (const int64_t k : kernel) {
        if (k < 1) throw Error("kernel sizes must be at least 1, got " + Str(k));
    }
    w.kernel = std::move(kernel);
    w.stride = PerDim(run, "strides", n, 1);
    w.dilation = PerDim(run, "dilations", n, 1);
    w.auto_pad = run.Text("auto_pad", "NOTSET");
    if (w.auto_pad.empty()) w.auto_pad = "NOTSET";
    if (w.auto_pad == "SAME_UPPER" || w.auto_pad == "SAME_LOWER") {
        Layer layer = MakeLayer(LayerType::Conv, w.kernel);
        layer.stride = w.stride;
        layer.dilation = w.dilation;
        layer.padding_form = PaddingForm::Same;
        layer.same_rule = w.auto_pad == "SAME_UPPER" ? SameRule::OnnxUpper : SameRule::OnnxLower;
        w.pads = ResolvePadding(input, layer);
    } else if (w.auto_pad == "VALID") {
        w.pads.assign(n, PadPair{});
    } else if (w.auto_pad == "NOTSET") {
        const std::vector<int64_t> pads = run.IntList("pads");
        if (!pads.empty() && pads.size() != 2 * n) {
            throw Error("pads has " + Str(static_cast<int64_t>(pads.size())) + " values; " +
                        Str(static_cast<int64_t>(2 * n)) + " expected (begins, then ends)");
        }
        w.pads.assign(n, PadPair{});
        for (size_t d = 0; d < n && !pads.empty(); ++d) w.pads[d] = PadPair{pads[d], pads[d + n]};
    } else {
        throw Error("auto_pad '" + w.auto_pad +
                    "' is none of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    }
    return w;
}

// Output sizes of a convolution or pooling: floor (or, for pooling with ceil_mode, ceiling)
// of (input + pads - effective kernel) / stride, plus one.
void WindowOutput(Window& w, const std::vector<int64_t>& input, bool ceil_mode) {
    w.output.resize(input.size());
    for (size_t d = 0; d < input.size(); ++d) {
        const int64_t k_eff = EffectiveKernel(w.kernel[d], w.dilation[d]);
        const int64_t padded = input[d] + w.pads[d].before + w.pads[d].after;
        const int64_t span = padded - k_eff;
        int64_t out = (ceil_mode ? CeilDiv(span, w.stride[d]) : FloorDiv(span, w.stride[d])) + 1;
        // With ceil_mode a last window that would start in the right padding is dropped
        // (PyTorch, onnxruntime and ONNX's reference agree on this).
        if (ceil_mode && out > 0 && (out - 1) * w.stride[d] >= input[d] + w.pads[d].before) --out;
        if (out < 1) {
            throw Error("the window of " + Str(k_eff) + " cells does not fit in " + Str(padded) +
                        " padded cells (input " + Str(input[d]) + ", pads " +
                        Str(w.pads[d].before) + " and " + Str(w.pads[d].after) + ")");
        }
        w.output[d] = out;
    }
}

std::vector<int64_t> Spatial(const std::vector<int64_t>& shape) {
    return std::vector<int64_t>(shape.begin() + 2, shape.end());
}

const ValueState& WindowInput(const NodeRun& run) {
    const ValueState& x = run.In(0);
    if (x.Rank() < 3 || x.Rank() > 5) {
        throw Error(run.node.op + " needs an input of rank 3 to 5 (N, C, spatial...), got " +
                    ShapeText(x.shape));
    }
    return x;
}

// Whether `x`'s fields can be followed through a window op: its spatial axes are the op's.
// Otherwise the output depends on the input (wholly, for all the analysis can tell) or not.
bool FollowFields(const ValueState& x, ValueState& out, NodeRun& run) {
    if (!x.depends) return false;
    out.depends = true;
    out.whole = x.whole;
    if (StandardLayout(x, run.context.dims)) return true;
    LoseLayout(x, out, run, run.node.op + std::string(" over axes that are not the input's"));
    return false;
}

void ConvLikeFields(const ValueState& x, const Window& w, bool pooling, ValueState& out,
                    NodeRun& run) {
    if (!FollowFields(x, out, run)) return;
    const int dims = run.context.dims;
    out.axes = x.axes;
    for (int d = 0; d < dims; ++d) {
        const size_t i = static_cast<size_t>(d);
        const AxisPtr input = x.fields[i];
        const int64_t s = w.stride[i], dl = w.dilation[i], k = w.kernel[i];
        const int64_t before = w.pads[i].before;
        if (CheckedMul(w.output[i], k, "the taps") > kMaxTapsPerDim) {
            throw LimitError(run.node.name + ": " + Str(w.output[i]) + " units of " + Str(k) +
                             " taps are more than the analysis follows");
        }
        // A convolution's taps all weigh 1; a pooling window averages (a max pool too, so that
        // every cell of the window counts, as in the effective field's usual model).
        const double weight = pooling ? 1.0 / static_cast<double>(k) : 1.0;
        out.fields.push_back(MakeTappedAxis(
            run.context, w.output[i], Times(input->jump, Fraction{s, 1}), input->aligned, {input},
            [s, dl, k, before, weight](int64_t o, TapList& taps) {
                const int64_t first =
                    CheckedAdd(CheckedMul(o, s, "a unit index"), -before, "a unit index");
                for (int64_t t = 0; t < k; ++t) taps.push_back(Tap{0, first + t * dl, weight});
            }));
    }
}

// The group attribute of a Conv or ConvTranspose, checked with the weights' rank.
int64_t CheckedGroup(const NodeRun& run, const ValueState& x, const ValueState& weights) {
    const int64_t group = run.Int("group", 1);
    if (weights.Rank() != x.Rank()) {
        throw Error("the weights " + ShapeText(weights.shape) + " and the input " +
                    ShapeText(x.shape) + " differ in rank");
    }
    if (group < 1) throw Error("group must be at least 1, got " + Str(group));
    return group;
}

void RunConv(NodeRun& run) {
    const ValueState& x = WindowInput(run);
    const ValueState& weights = run.In(1);
    const int64_t group = CheckedGroup(run, x, weights);
    if (weights.shape[1] * group != x.shape[1]) {
        throw Error("the input has " + Str(x.shape[1]) + " channels but the weights " +
                    ShapeText(weights.shape) + " with group " + Str(group) + " take " +
                    Str(weights.shape[1] * group));
    }
    std::vector<int64_t> kernel = run.IntList("kernel_shape");
    if (kernel.empty()) kernel = Spatial(weights.shape);
    const std::vector<int64_t> input = Spatial(x.shape);
    Window w = ResolveWindow(run, input, kernel);
    WindowOutput(w, input, false);
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {x.shape[0], weights.shape[0]};
    out.shape.insert(out.shape.end(), w.output.begin(), w.output.end());
    ConvLikeFields(x, w, false, out, run);
}

void RunPool(NodeRun& run) {
    const ValueState& x = WindowInput(run);
    const std::vector<int64_t> input = Spatial(x.shape);
    const std::vector<int64_t> kernel = run.IntList("kernel_shape");
    if (kernel.empty()) throw Error(run.node.op + " has no kernel_shape");
    Window w = ResolveWindow(run, input, kernel);
    WindowOutput(w, input, run.Int("ceil_mode", 0) != 0);
    for (ValueState& out : run.out) {  // MaxPool's second output, the indices, too
        out.known = true;
        out.shape = {x.shape[0], x.shape[1]};
        out.shape.insert(out.shape.end(), w.output.begin(), w.output.end());
    }
    ConvLikeFields(x, w, true, run.out[0], run);
    for (size_t i = 1; i < run.out.size(); ++i) {
        ValueState& indices = run.out[i];
        indices.depends = run.out[0].depends;
        indices.whole = run.out[0].whole;
        indices.axes = run.out[0].axes;
        indices.fields = run.out[0].fields;
    }
}

void RunConvTranspose(NodeRun& run) {
    const ValueState& x = WindowInput(run);
    const ValueState& weights = run.In(1);
    const int64_t group = CheckedGroup(run, x, weights);
    if (weights.shape[0] != x.shape[1]) {
        throw Error("the input has " + Str(x.shape[1]) + " channels but the weights " +
                    ShapeText(weights.shape) + " take " + Str(weights.shape[0]));
    }
    std::vector<int64_t> kernel = run.IntList("kernel_shape");
    if (kernel.empty()) kernel = Spatial(weights.shape);
    const std::vector<int64_t> input = Spatial(x.shape);
    const size_t n = input.size();
    // Pads come from `pads` (NOTSET), are zero (VALID), or follow from the output size
    // (SAME: input x stride; or an explicit output_shape) by ConvTranspose's own rule.
    const std::string auto_pad = run.Text("auto_pad", "NOTSET");
    const bool same = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER";
    Window w;
    {
        w.kernel = kernel;
        if (w.kernel.size() != n) {
            throw Error("kernel_shape has " + Str(static_cast<int64_t>(kernel.size())) +
                        " values for " + Str(static_cast<int64_t>(n)) + " spatial dimensions");
        }
        w.stride = PerDim(run, "strides", n, 1);
        w.dilation = PerDim(run, "dilations", n, 1);
        w.pads.assign(n, PadPair{});
        const std::vector<int64_t> pads = run.IntList("pads");
        if (!same && auto_pad != "VALID" && !pads.empty()) {
            if (pads.size() != 2 * n) {
                throw Error("pads has " + Str(static_cast<int64_t>(pads.size())) + " values; " +
                            Str(static_cast<int64_t>(2 * n)) + " expected (begins, then ends)");
            }
            for (size_t d = 0; d < n; ++d) w.pads[d] = PadPair{pads[d], pads[d + n]};
        }
    }
    std::vector<int64_t> output_padding = run.IntList("output_padding");
    if (output_padding.empty()) output_padding.assign(n, 0);
    if (output_padding.size() != n) throw Error("output_padding has the wrong length");
    std::vector<int64_t> output_shape = run.IntList("output_shape");
    if (output_shape.size() == n + 2)
        output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
    if (!output_shape.empty() && output_shape.size() != n) {
        throw Error("output_shape has the wrong length");
    }
    if (same && output_shape.empty()) {
        output_shape.resize(n);
        for (size_t d = 0; d < n; ++d)
            output_shape[d] = CheckedMul(input[d], w.stride[d], "a size");
    }
    w.output.resize(n);
    for (size_t d = 0; d < n; ++d) {
        const int64_t k_eff = EffectiveKernel(w.kernel[d], w.dilation[d]);
        const int64_t full = (input[d] - 1) * w.stride[d] + k_eff + output_padding[d];
        if (!output_shape.empty()) {
            // ONNX: the pads that give the requested size, the odd cell at the end under
            // SAME_UPPER and at the beginning otherwise.
            const int64_t total = full - output_shape[d];
            w.pads[d] = auto_pad == "SAME_UPPER" ? PadPair{total / 2, total - total / 2}
                                                 : PadPair{total - total / 2, total / 2};
            w.output[d] = output_shape[d];
        } else {
            w.output[d] = full - w.pads[d].before - w.pads[d].after;
        }
        if (w.output[d] < 1) {
            throw Error("transposed convolution output size " + Str(w.output[d]) +
                        " is less than 1");
        }
    }
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {x.shape[0], CheckedMul(weights.shape[1], group, "channels")};
    out.shape.insert(out.shape.end(), w.output.begin(), w.output.end());
    if (!FollowFields(x, out, run)) return;
    out.axes = x.axes;
    for (int d = 0; d < run.context.dims; ++d) {
        const size_t i = static_cast<size_t>(d);
        const AxisPtr field = x.fields[i];
        const int64_t s = w.stride[i], dl = w.dilation[i], k = w.kernel[i];
        const int64_t before = w.pads[i].before, size = input[i];
        if (CheckedMul(w.output[i], k, "the taps") > kMaxTapsPerDim) {
            throw LimitError(run.node.name + ": " + Str(w.output[i]) + " units of " + Str(k) +
                             " taps are more than the analysis follows");
        }
        // Output o (uncropped x = o + P_before) receives input i through tap t when
        // i*S + t*D == x; only real input cells contribute.
        out.fields.push_back(MakeTappedAxis(
            run.context, w.output[i], Times(field->jump, MakeFraction(1, s)), field->aligned,
            {field}, [s, dl, k, before, size](int64_t o, TapList& taps) {
                const int64_t x_full = o + before;
                for (int64_t t = 0; t < k; ++t) {
                    const int64_t num = x_full - t * dl;
                    if (PositiveMod(num, s) != 0) continue;
                    const int64_t cell = num / s;
                    if (cell >= 0 && cell < size) taps.push_back(Tap{0, cell, 1.0});
                }
            }));
    }
}

void RunGlobalPool(NodeRun& run) {
    const ValueState& x = WindowInput(run);
    ValueState& out = run.out[0];
    out.known = true;
    out.shape = {x.shape[0], x.shape[1]};
    out.shape.resize(x.shape.size(), 1);
    if (!x.depends) return;
    if (!FollowFields(x, out, run)) return;
    out.whole = true;
    out.axes = x.axes;
    for (const AxisPtr& field : x.fields) {
        // One unit over the whole map, the average of all its units; its jump is the input's
        // (a window of the whole map at stride 1, as an adaptive pooling to size 1 is).
        const int64_t n = field->size;
        out.fields.push_back(MakeTappedAxis(
            run.context, 1, field->jump, field->aligned, {field}, [n](int64_t, TapList& taps) {
                for (int64_t u = 0; u < n; ++u)
                    taps.push_back(Tap{0, u, 1.0 / static_cast<double>(n)});
            }));
    }
}

}  // namespace

void AddWindowOps(OpTable& table) {
    table["Conv"] = RunConv;
    table["ConvTranspose"] = RunConvTranspose;
    table["MaxPool"] = RunPool;
    table["AveragePool"] = RunPool;
    table["LpPool"] = RunPool;
    table["GlobalAveragePool"] = RunGlobalPool;
    table["GlobalMaxPool"] = RunGlobalPool;
    table["GlobalLpPool"] = RunGlobalPool;
}

}  // namespace convscope::graph_detail
