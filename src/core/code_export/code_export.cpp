// Framework code export (see code_export.h). Every snippet is built from the core's resolved
// shape, never from the layer's own padding words, so what it prints is what ComputeShape
// says. Sections:
//   1. Python text helpers        2. the plan the three writers share
//   3. PyTorch                    4. Keras / TensorFlow
//   5. ONNX                       6. entry point
#include "core/code_export/code_export.h"

#include <algorithm>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/shape.h"

namespace convscope {

namespace {

using Ints = std::vector<int64_t>;
using Notes = std::vector<std::string>;

// ---- 1. Python text helpers ----------------------------------------------------------

std::string Str(int64_t v) { return std::to_string(v); }

std::string Join(const Ints& v) {
    std::string text;
    for (size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + Str(v[i]);
    return text;
}

bool AllEqual(const Ints& v, int64_t x) {
    return std::all_of(v.begin(), v.end(), [x](int64_t e) { return e == x; });
}

bool AnyAbove(const Ints& v, int64_t x) {
    return std::any_of(v.begin(), v.end(), [x](int64_t e) { return e > x; });
}

// A single value keeps Python's trailing comma: "(5,)".
std::string PyTuple(const Ints& v) { return "(" + Join(v) + (v.size() == 1 ? ",)" : ")"); }
std::string PyList(const Ints& v) { return "[" + Join(v) + "]"; }

// What PyTorch and Keras accept for a per-dimension argument: one number when every
// dimension agrees, a tuple otherwise.
std::string IntOrTuple(const Ints& v) {
    if (!v.empty() && AllEqual(v, v[0])) return Str(v[0]);
    return PyTuple(v);
}

// The kernel taps of a dilated kernel written out, as a numpy slice of a Keras kernel
// (spatial axes first): "[::2, ::2]".
std::string KernelTapSlice(const Ints& dilation) {
    std::string slice;
    for (const int64_t d : dilation)
        slice += (slice.empty() ? "" : ", ") + ("::" + std::to_string(d));
    return "[" + slice + "]";
}

std::string PadsText(const std::vector<PadPair>& pads) {
    std::string text = "[";
    for (size_t d = 0; d < pads.size(); ++d) {
        text += (d ? ", [" : "[") + Str(pads[d].before) + ", " + Str(pads[d].after) + "]";
    }
    return text + "]";
}

std::string TorchPadComment(int dims) {
    return "# padding order: last dimension first, " + TorchPadOrder(dims);
}

// tf.pad: one [before, after] per axis in axis order, batch and channels included.
std::string TfPadList(const std::vector<PadPair>& pads) {
    std::string text = "[[0, 0]";
    for (const PadPair& p : pads) text += ", [" + Str(p.before) + ", " + Str(p.after) + "]";
    return text + ", [0, 0]]";
}

const char* kTfPadComment =
    "# tf.pad: one [before, after] per axis, in axis order (batch, spatial..., channels)";

// ONNX pads: every begin, then every end, first spatial dimension first.
Ints OnnxPads(const std::vector<PadPair>& pads) {
    Ints flat;
    for (const PadPair& p : pads) flat.push_back(p.before);
    for (const PadPair& p : pads) flat.push_back(p.after);
    return flat;
}

const char* kOnnxPadsComment =
    "# ONNX pads: all begins, then all ends ([x1_begin, x2_begin, ..., x1_end, x2_end]), first "
    "dimension first; unlike F.pad, which pairs (before, after) from the last dimension";

// "start:stop" of a Python slice that drops `front` cells and `back` cells.
std::string CropSlice(int64_t front, int64_t back) {
    return (front ? Str(front) : "") + ":" + (back ? "-" + Str(back) : "");
}

// Index text for one spatial slice per dimension: NCHW (PyTorch) or NHWC (TensorFlow).
std::string Index(const std::vector<std::string>& spatial, bool channels_last) {
    std::string text = channels_last ? "[:" : "[:, :";
    for (const std::string& s : spatial) text += ", " + s;
    return text + (channels_last ? ", :]" : "]");
}

// ---- 2. The plan the three writers share ------------------------------------------------

struct Plan {
    Layer layer;
    Ints input;
    Shape shape;
    int dims = 0;
    int64_t cin = 1;
    int64_t cout = 1;

    const std::vector<PadPair>& Pads() const { return shape.pads; }
    const Ints& Out() const { return shape.output; }
    Ints Befores() const {
        Ints v;
        for (const PadPair& p : shape.pads) v.push_back(p.before);
        return v;
    }
    bool AnyPad() const {
        return std::any_of(shape.pads.begin(), shape.pads.end(),
                           [](const PadPair& p) { return p.before || p.after; });
    }
    bool Symmetric() const {
        return std::all_of(shape.pads.begin(), shape.pads.end(),
                           [](const PadPair& p) { return p.before == p.after; });
    }
    // Pooling output along d without ceil_mode, with the resolved pads.
    int64_t FloorOutput(int d) const {
        return FloorDiv(input[d] + shape.pads[d].before + shape.pads[d].after -
                            shape.effective_kernel[d],
                        layer.stride[d]) +
               1;
    }
    bool CeilMatters() const {
        if (!TypeInfo(layer.type).Has(kLayerCeilMode) || !layer.ceil_mode) return false;
        for (int d = 0; d < dims; ++d) {
            if (FloorOutput(d) != shape.output[d]) return true;
        }
        return false;
    }
    // The shape the snippets print: N=1, channels first or last.
    Ints FullOutput(bool channels_last) const {
        Ints v = {1};
        if (!channels_last) v.push_back(cout);
        v.insert(v.end(), shape.output.begin(), shape.output.end());
        if (channels_last) v.push_back(cout);
        return v;
    }
    Ints FullInput(bool channels_last) const {
        Ints v = {1};
        if (!channels_last) v.push_back(cin);
        v.insert(v.end(), input.begin(), input.end());
        if (channels_last) v.push_back(cin);
        return v;
    }
};

// The pads a "same" rule would give this layer at its own stride.
std::vector<PadPair> SamePadsOf(const Plan& p, SameRule rule) {
    Layer same = p.layer;
    same.padding_form = PaddingForm::Same;
    same.same_rule = rule;
    return ResolvePadding(p.input, same);
}

// PyTorch's padding='same' split: total d*(k-1), the odd cell after.
std::vector<PadPair> TorchSamePads(const Plan& p) {
    std::vector<PadPair> pads;
    for (int d = 0; d < p.dims; ++d) {
        const int64_t total = p.shape.effective_kernel[d] - 1;
        pads.push_back(PadPair{total / 2, total - total / 2});
    }
    return pads;
}

// Output length of a pooling window sweep over `size` cells plus pads. PyTorch drops a last
// ceil_mode window that would start inside the right padding; ONNX's formula does not.
int64_t PoolOutput(int64_t size, int64_t before, int64_t after, int64_t k_eff, int64_t stride,
                   bool ceil_mode, bool drop_rule) {
    const int64_t span = size + before + after - k_eff;
    int64_t out = (ceil_mode ? CeilDiv(span, stride) : FloorDiv(span, stride)) + 1;
    if (ceil_mode && drop_rule && out > 0 && (out - 1) * stride >= size + before) --out;
    return out;
}

// How a transposed convolution whose framework crops one symmetric padding per dimension
// and accepts output_padding up to `limit` reaches the core's output along one dimension:
// the module's padding and output_padding, then a slice (crops) or cells appended past the
// full output (fill; they receive no tap, so they hold only the bias).
struct TransposeAxis {
    int64_t padding = 0;
    int64_t output_padding = 0;
    int64_t crop_before = 0;
    int64_t crop_after = 0;
    int64_t fill = 0;
};

TransposeAxis PlanTransposeAxis(const PadPair& pads, int64_t output_padding, int64_t limit,
                                int64_t max_padding) {
    // The core's output ends `need` cells past the end of the full output.
    const int64_t need = output_padding - pads.after;
    TransposeAxis axis;
    // Filling is exact only past the full output, which a module padding of 0 guarantees.
    axis.padding = std::min(max_padding, std::max<int64_t>(0, limit - need));
    axis.output_padding = std::clamp<int64_t>(need + axis.padding, 0, limit);
    axis.crop_before = pads.before - axis.padding;
    axis.crop_after = std::max<int64_t>(0, axis.output_padding - axis.padding - need);
    axis.fill = std::max<int64_t>(0, need + axis.padding - axis.output_padding);
    return axis;
}

// Only the transposed convolution builders call it: their "same" rules set output_padding.
std::string ConvTypeNote(const Plan& p) {
    if (p.layer.padding_form == PaddingForm::Same) {
        return std::string(" (the ") + SameRuleName(p.layer.same_rule) +
               " same rule for a transposed layer: pads " + PadsText(p.Pads()) +
               ", output_padding " + PyList(p.shape.output_padding) + ")";
    }
    return "";
}

// Imports, then the lines that build `layer`, then the lines that run it; a function gets
// two blank lines around it, as PEP 8 asks.
std::string Assemble(const std::string& head, std::string build, const std::string& run) {
    const size_t start = build.find_first_not_of('\n');
    build.erase(0, start == std::string::npos ? build.size() : start);
    const bool function = build.find("def layer") != std::string::npos;
    if (function && build.compare(0, 4, "def ") == 0) return head + "\n" + build + "\n\n" + run;
    return head + build + (function ? "\n\n" : "\n") + run;
}

// ---- 3. PyTorch ------------------------------------------------------------------------

std::string TorchConstantPad(int dims, const std::vector<PadPair>& pads, const char* value) {
    if (dims == 2 && std::string(value) == "0.0")
        return "nn.ZeroPad2d(" + TorchPadTuple(pads) + ")";
    return "nn.ConstantPad" + Str(dims) + "d(" + TorchPadTuple(pads) + ", " + value + ")";
}

std::string TorchConv(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const std::string cls = "nn." + FrameworkClassName(TypeInfo(l.type).pytorch, p.dims);
    // padding='same' only for PyTorch's own rule: a TensorFlow or ONNX layer reads better
    // with its pads spelled out, which is what people porting it look for.
    const bool same_pads = l.padding_form == PaddingForm::Same && AllEqual(l.stride, 1) &&
                           p.Pads() == TorchSamePads(p);
    const bool torch_same = same_pads && l.same_rule == SameRule::PyTorch;
    const bool pre_pad = !torch_same && !p.Symmetric();
    if (same_pads && !torch_same && pre_pad) {
        notes.push_back(
            std::string("PyTorch: at stride 1 the ") + SameRuleName(l.same_rule) +
            " same rule pads as PyTorch's padding='same' does, so that would also work here");
    }
    std::string args = Str(p.cin) + ", " + Str(p.cout) + ", kernel_size=" + IntOrTuple(l.kernel);
    if (!AllEqual(l.stride, 1)) args += ", stride=" + IntOrTuple(l.stride);
    if (torch_same) {
        args += ", padding='same'";
        for (int d = 0; d < p.dims; ++d) {
            const int64_t total = p.shape.effective_kernel[d] - 1;
            if (total % 2) {
                notes.push_back(
                    "PyTorch: padding='same' pads d*(k-1) = " + Str(total) + " cells in " +
                    DimLabel(d, p.dims) +
                    ", an odd total, so it is not symmetric: PyTorch puts the extra cell after (" +
                    Str(total / 2) + " before, " + Str(total - total / 2) + " after)");
            }
        }
    } else if (!pre_pad && p.AnyPad()) {
        args += ", padding=" + IntOrTuple(p.Befores());
    }
    if (!AllEqual(l.dilation, 1)) args += ", dilation=" + IntOrTuple(l.dilation);
    if (l.groups != 1) args += ", groups=" + Str(l.groups);
    if (!l.bias) args += ", bias=False";
    if (l.padding_mode != PaddingMode::Zeros && !pre_pad) {
        args += std::string(", padding_mode='") + PaddingModeName(l.padding_mode) + "'";
    }
    const std::string conv = cls + "(" + args + ")";
    if (!pre_pad) return "layer = " + conv + "\n";

    notes.push_back(
        "PyTorch: " + cls + " pads both ends of a dimension alike; the asymmetric pads " +
        PadsText(p.Pads()) + " are applied before it, and the convolution itself has padding 0");
    if (l.padding_mode == PaddingMode::Zeros) {
        return "layer = nn.Sequential(\n    " + TorchPadComment(p.dims) + "\n    " +
               TorchConstantPad(p.dims, p.Pads(), "0.0") + ",\n    " + conv + ",\n)\n";
    }
    return "conv = " + conv + "\n\n\ndef layer(x):\n    " + TorchPadComment(p.dims) +
           "\n    x = F.pad(x, " + TorchPadTuple(p.Pads()) + ", mode='" +
           PaddingModeName(l.padding_mode) + "')\n    return conv(x)\n";
}

std::string TorchConvTranspose(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const std::string cls = "nn." + FrameworkClassName(TypeInfo(l.type).pytorch, p.dims);
    std::vector<TransposeAxis> axes;
    Ints padding, output_padding;
    bool crop = false, fill = false;
    for (int d = 0; d < p.dims; ++d) {
        const PadPair& pads = p.Pads()[d];
        const int64_t limit = std::max(l.stride[d], l.dilation[d]) - 1;
        axes.push_back(PlanTransposeAxis(pads, p.shape.output_padding[d], limit,
                                         std::min(pads.before, pads.after)));
        padding.push_back(axes.back().padding);
        output_padding.push_back(axes.back().output_padding);
        crop = crop || axes.back().crop_before || axes.back().crop_after;
        fill = fill || axes.back().fill;
    }
    std::string args = Str(p.cin) + ", " + Str(p.cout) + ", kernel_size=" + IntOrTuple(l.kernel);
    if (!AllEqual(l.stride, 1)) args += ", stride=" + IntOrTuple(l.stride);
    if (!AllEqual(padding, 0)) args += ", padding=" + IntOrTuple(padding);
    if (!AllEqual(output_padding, 0)) args += ", output_padding=" + IntOrTuple(output_padding);
    if (l.groups != 1) args += ", groups=" + Str(l.groups);
    if (!l.bias) args += ", bias=False";
    if (!AllEqual(l.dilation, 1)) args += ", dilation=" + IntOrTuple(l.dilation);
    const std::string conv = cls + "(" + args + ")";
    if (!crop && !fill) return "layer = " + conv + "\n";

    std::string code = "conv = " + conv + "\n\n\ndef layer(x):\n    y = conv(x)\n";
    if (fill) {
        std::vector<PadPair> fills;
        Ints counts;
        for (const TransposeAxis& a : axes) {
            fills.push_back(PadPair{0, a.fill});
            counts.push_back(a.fill);
        }
        notes.push_back(
            "PyTorch: output_padding must be smaller than max(stride, dilation); the output "
            "reaches " +
            PyList(counts) +
            " cells further, past the full output, where no tap lands: the snippet appends them "
            "holding only the bias" +
            ConvTypeNote(p));
        code +=
            "    # output_padding stops below max(stride, dilation); the cells past it get no tap, "
            "only the bias\n";
        code += "    " + TorchPadComment(p.dims) + "\n";
        if (l.bias) {
            std::string view = "conv.bias.view(1, -1";
            for (int d = 0; d < p.dims; ++d) view += ", 1";
            code +=
                "    b = " + view + ")\n    y = F.pad(y - b, " + TorchPadTuple(fills) + ") + b\n";
        } else {
            code += "    y = F.pad(y, " + TorchPadTuple(fills) + ")\n";
        }
    }
    if (crop) {
        std::vector<std::string> slices;
        for (const TransposeAxis& a : axes)
            slices.push_back(CropSlice(a.crop_before, a.crop_after));
        notes.push_back("PyTorch: " + cls +
                        " crops one padding from both ends of a dimension; it gets padding " +
                        PyList(padding) + " (the smaller of each [before, after] of " +
                        PadsText(p.Pads()) + ") and a slice crops the rest" + ConvTypeNote(p));
        code += "    # ConvTranspose crops `padding` from both ends; the slice crops the rest of " +
                PadsText(p.Pads()) + "\n";
        code += "    y = y" + Index(slices, false) + "\n";
    }
    return code + "    return y\n";
}

std::string TorchPool(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const bool is_max = PoolsMax(l.type);
    const std::string cls = "nn." + FrameworkClassName(TypeInfo(l.type).pytorch, p.dims);
    bool direct = p.Symmetric();
    for (int d = 0; d < p.dims; ++d) direct = direct && p.Pads()[d].before <= l.kernel[d] / 2;
    // avg_pool3d refuses an input smaller than its kernel before padding (a "same" rule may fit
    // one); padded ahead, the input it sees is large enough.
    bool small_input = false;
    for (int d = 0; d < p.dims; ++d) small_input = small_input || p.input[d] < l.kernel[d];
    const bool avg3d_small = !is_max && p.dims == 3 && small_input;
    direct = direct && !avg3d_small;

    std::string args = "kernel_size=" + IntOrTuple(l.kernel);
    if (l.stride != l.kernel) args += ", stride=" + IntOrTuple(l.stride);
    if (direct && p.AnyPad()) args += ", padding=" + IntOrTuple(p.Befores());
    if (!AllEqual(l.dilation, 1)) args += ", dilation=" + IntOrTuple(l.dilation);
    if (l.ceil_mode) args += ", ceil_mode=True";
    if (direct && TypeInfo(l.type).Has(kLayerCountIncludePad) && !l.count_include_pad)
        args += ", count_include_pad=False";
    const std::string pool = cls + "(" + args + ")";
    if (direct) return "layer = " + pool + "\n";

    // Padded ahead, the pads become input: ceil_mode then keeps a last window that starts in
    // the right padding, which PyTorch drops on the unpadded input.
    std::vector<std::string> slices;
    bool slice = false;
    for (int d = 0; d < p.dims; ++d) {
        const PadPair& pads = p.Pads()[d];
        const int64_t out = PoolOutput(p.input[d] + pads.before + pads.after, 0, 0,
                                       p.shape.effective_kernel[d], l.stride[d], l.ceil_mode, true);
        slice = slice || out != p.Out()[d];
        slices.push_back(":" + Str(p.Out()[d]));
    }
    // Why the pads go ahead of the pooling layer, then how they are filled.
    const std::string why =
        avg3d_small ? "PyTorch: " + cls + " refuses an input smaller than its kernel (input [" +
                          Join(p.input) + "], kernel [" + Join(l.kernel) +
                          "]) even when its padding would fit it"
                    : "PyTorch: " + cls + " takes " +
                          (p.Symmetric() ? std::string("at most half the kernel per side")
                                         : std::string("the same padding on both ends"));
    if (is_max) {
        notes.push_back(
            why + " (pad should be smaller than or equal to half of kernel size); the pads " +
            PadsText(p.Pads()) + " are applied before it with -inf, which max pooling never picks");
    } else if (l.count_include_pad) {
        notes.push_back(why + "; the pads " + PadsText(p.Pads()) +
                        " are applied before it as zeros, which every average counts, as "
                        "count_include_pad=True does");
    } else {
        notes.push_back(why + "; with count_include_pad=False the snippet pads " +
                        PadsText(p.Pads()) +
                        " with zeros and divides each window's average by the average of a "
                        "zero-padded tensor of ones, which leaves the padding out of the count");
    }
    if (slice) {
        notes.push_back(
            "PyTorch: after explicit padding, ceil_mode would keep a last window that starts in "
            "the right padding, which PyTorch drops on the unpadded input; the output is sliced "
            "to " +
            PyList(p.Out()));
    }
    const std::string slice_text = slice ? Index(slices, false) : "";
    if (is_max || l.count_include_pad) {
        const std::string pad =
            TorchConstantPad(p.dims, p.Pads(), is_max ? "float('-inf')" : "0.0");
        if (!slice) {
            return "layer = nn.Sequential(\n    " + TorchPadComment(p.dims) + "\n    " + pad +
                   ",\n    " + pool + ",\n)\n";
        }
        return TorchPadComment(p.dims) + "\npad = " + pad + "\npool = " + pool +
               "\n\n\ndef layer(x):\n    return pool(pad(x))" + slice_text + "\n";
    }
    const std::string pads = TorchPadTuple(p.Pads());
    return "pool = " + pool + "\n\n\ndef layer(x):\n" +
           "    # count_include_pad=False: average over input cells only\n" + "    " +
           TorchPadComment(p.dims) + "\n" + "    ones = torch.ones_like(x)\n" +
           "    return (pool(F.pad(x, " + pads + ")) / pool(F.pad(ones, " + pads + ")))" +
           slice_text + "\n";
}

// nn.Upsample's scale_factor: one number when every dimension agrees.
std::string FactorText(const Ints& factor) {
    return AllEqual(factor, factor[0]) ? Str(factor[0]) : PyTuple(factor);
}

// nn.Upsample's size or scale_factor argument.
std::string UpsampleBy(const Layer& l) {
    return l.size.empty() ? "scale_factor=" + FactorText(l.kernel) : "size=" + FactorText(l.size);
}

std::string TorchResample(const Plan& p) {
    const Layer& l = p.layer;
    switch (l.type) {
        case LayerType::PixelShuffle:
            return "layer = nn.PixelShuffle(" + Str(l.kernel[0]) + ")\n";
        case LayerType::PixelUnshuffle:
            return "layer = nn.PixelUnshuffle(" + Str(l.kernel[0]) + ")\n";
        case LayerType::UpsampleLinear: {
            static const char* const kModes[] = {"linear", "bilinear", "trilinear"};
            return "layer = nn.Upsample(" + UpsampleBy(l) + ", mode='" + kModes[p.dims - 1] +
                   "', align_corners=" + (l.align_corners ? "True" : "False") + ")\n";
        }
        default:
            return "layer = nn.Upsample(" + UpsampleBy(l) + ", mode='nearest')\n";
    }
}

std::string PyTorchCode(const Plan& p, Notes& notes) {
    std::string build;
    switch (p.layer.type) {
        case LayerType::Conv:
            build = TorchConv(p, notes);
            break;
        case LayerType::ConvTranspose:
            build = TorchConvTranspose(p, notes);
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            build = TorchPool(p, notes);
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            build = TorchResample(p);
            break;
    }
    std::string imports = "import torch\nimport torch.nn as nn\n";
    if (build.find("F.pad") != std::string::npos) imports += "import torch.nn.functional as F\n";
    return Assemble(imports + "\ntorch.manual_seed(0)\n", build,
                    "x = torch.randn" + PyTuple(p.FullInput(false)) +
                        "\ny = layer(x)\nprint(tuple(y.shape))  # " + PyTuple(p.FullOutput(false)) +
                        "\n");
}

// ---- 4. Keras / TensorFlow ----------------------------------------------------------------

std::string KerasPadLayer(const std::string& what, int dims, const std::vector<PadPair>& pads) {
    return "layers." + what + Str(dims) + "D(" + KerasPairs(pads) + ")";
}

// Lines that pad `x` (channels last) in a padding mode Keras has no layer for.
std::string TfModePad(const Plan& p, Notes& notes) {
    const PaddingMode mode = p.layer.padding_mode;
    if (mode == PaddingMode::Reflect) {
        notes.push_back(
            "Keras: no padding layer reflects; tf.pad(mode='REFLECT') mirrors without repeating "
            "the edge cell, exactly as PyTorch's reflect");
        return "    " + std::string(kTfPadComment) + "\n    x = tf.pad(x, " + TfPadList(p.Pads()) +
               ", mode='REFLECT')\n";
    }
    std::string code;
    if (mode == PaddingMode::Replicate) {
        notes.push_back(
            "Keras: no padding layer replicates, and tf.pad's 'SYMMETRIC' is not replicate: it "
            "mirrors including the edge cell ([1, 2, 3] padded by 2 gives [2, 1, 1, 2, 3, 3, 2], "
            "replicate gives [1, 1, 1, 2, 3, 3, 3]); the snippet repeats the edge cells with "
            "tf.repeat");
        code += "    # replicate: repeat the first and last cell of each spatial axis\n";
    } else {
        notes.push_back(
            "Keras: no padding layer wraps around and tf.pad has no circular mode; the snippet "
            "concatenates cells from the opposite end of each spatial axis");
        code += "    # circular: wrap cells around from the opposite end of each spatial axis\n";
    }
    for (int d = 0; d < p.dims; ++d) {
        const PadPair& pad = p.Pads()[d];
        if (!pad.before && !pad.after) continue;
        const std::string lead = "x[" + [&] {
            std::string s;
            for (int i = 0; i <= d; ++i) s += ":, ";
            return s;
        }();
        const std::string axis = Str(d + 1);
        std::vector<std::string> parts;
        if (mode == PaddingMode::Replicate) {
            if (pad.before)
                parts.push_back("tf.repeat(" + lead + ":1], " + Str(pad.before) + ", axis=" + axis +
                                ")");
            parts.push_back("x");
            if (pad.after)
                parts.push_back("tf.repeat(" + lead + "-1:], " + Str(pad.after) + ", axis=" + axis +
                                ")");
        } else {
            if (pad.before) parts.push_back(lead + "-" + Str(pad.before) + ":]");
            parts.push_back("x");
            if (pad.after) parts.push_back(lead + ":" + Str(pad.after) + "]");
        }
        std::string list;
        for (size_t i = 0; i < parts.size(); ++i) list += (i ? ", " : "") + parts[i];
        code += "    x = tf.concat([" + list + "], axis=" + axis + ")\n";
    }
    return code;
}

std::string KerasStrideSlice(const Ints& stride) {
    std::vector<std::string> slices;
    for (const int64_t s : stride) slices.push_back(s > 1 ? "::" + Str(s) : ":");
    return Index(slices, true);
}

std::string KerasConv(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const std::string cls = "layers." + FrameworkClassName(TypeInfo(l.type).keras, p.dims);
    // tf.nn.convolution refuses any stride > 1 together with any dilation > 1.
    const bool subsample = AnyAbove(l.stride, 1) && AnyAbove(l.dilation, 1);
    const bool zeros = l.padding_mode == PaddingMode::Zeros;
    const bool keras_same =
        zeros && !subsample && p.AnyPad() && p.Pads() == SamePadsOf(p, SameRule::TensorFlow);
    const bool pad_zeros = zeros && p.AnyPad() && !keras_same;
    const bool pad_mode = !zeros && p.AnyPad();

    std::string args = Str(p.cout) + ", " + IntOrTuple(l.kernel);
    if (!subsample && !AllEqual(l.stride, 1)) args += ", strides=" + IntOrTuple(l.stride);
    if (keras_same) args += ", padding='same'";
    if (!AllEqual(l.dilation, 1)) args += ", dilation_rate=" + IntOrTuple(l.dilation);
    if (l.groups != 1) args += ", groups=" + Str(l.groups);
    if (!l.bias) args += ", use_bias=False";
    const std::string conv = cls + "(" + args + ")";

    if (pad_zeros && p.Pads() == SamePadsOf(p, SameRule::TensorFlow)) {
        notes.push_back("Keras: padding='same' at stride 1 would pad differently; ZeroPadding" +
                        Str(p.dims) + "D applies the strided layer's pads " + PadsText(p.Pads()));
    } else if (pad_zeros && l.padding_form == PaddingForm::Same &&
               l.same_rule == SameRule::OnnxLower) {
        notes.push_back(
            "Keras: padding='same' puts the odd cell after (TensorFlow's rule); ONNX's SAME_LOWER "
            "puts it before, so the pads " +
            PadsText(p.Pads()) + " are padded explicitly");
    } else if (pad_zeros) {
        notes.push_back("Keras: the pads " + PadsText(p.Pads()) +
                        " are not TensorFlow's same rule, so ZeroPadding" + Str(p.dims) +
                        "D applies them and the convolution is 'valid'");
    }
    if (subsample) {
        notes.push_back(
            "Keras: TensorFlow refuses strides > 1 together with dilation_rate > 1 (\"strides > 1 "
            "not supported in conjunction with dilation_rate > 1\"); the snippet runs the dilated "
            "convolution at stride 1 and keeps the outputs at multiples of the stride " +
            IntOrTuple(l.stride) + ", which is the same result");
    }
    if (!pad_mode && !subsample) {
        if (!pad_zeros) return "layer = " + conv + "\n";
        return "layer = keras.Sequential([\n    " + KerasPadLayer("ZeroPadding", p.dims, p.Pads()) +
               ",\n    " + conv + ",\n])\n";
    }
    std::string code = "conv = " + conv + "\n";
    if (pad_zeros) code += "pad = " + KerasPadLayer("ZeroPadding", p.dims, p.Pads()) + "\n";
    code += "\n\ndef layer(x):\n";
    if (pad_zeros) code += "    x = pad(x)\n";
    if (pad_mode) code += TfModePad(p, notes);
    return code + "    return conv(x)" + (subsample ? KerasStrideSlice(l.stride) : "") + "\n";
}

std::string KerasConvTranspose(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const std::string cls = "layers." + FrameworkClassName(TypeInfo(l.type).keras, p.dims);
    // Keras 'same' without output_padding: output input*stride, total k_eff - stride cropped
    // with the odd cell after, or (kernel shorter than the stride) cells appended at the end.
    bool keras_same = true;
    for (int d = 0; d < p.dims; ++d) {
        const int64_t total = p.shape.effective_kernel[d] - l.stride[d];
        const PadPair want = total >= 0 ? PadPair{total / 2, total - total / 2} : PadPair{0, 0};
        const int64_t want_op = total >= 0 ? 0 : -total;
        keras_same = keras_same && p.Pads()[d] == want && p.shape.output_padding[d] == want_op;
    }
    // Otherwise 'valid' (nothing cropped) with output_padding < stride, then cropping or cells
    // holding only the bias appended past the full output.
    std::vector<TransposeAxis> axes;
    bool needs_op = false, crop = false, fill = false;
    for (int d = 0; d < p.dims; ++d) {
        axes.push_back(
            PlanTransposeAxis(p.Pads()[d], p.shape.output_padding[d], l.stride[d] - 1, 0));
        needs_op = needs_op || p.shape.output_padding[d] > p.Pads()[d].after;
    }
    // A 'valid' layer that needs nothing around it reads better than an equivalent 'same'.
    bool plain_valid = !needs_op;
    for (int d = 0; d < p.dims; ++d) {
        const int64_t extra = std::max<int64_t>(0, l.stride[d] - p.shape.effective_kernel[d]);
        plain_valid = plain_valid && p.Pads()[d] == PadPair{} && p.shape.output_padding[d] == extra;
    }
    keras_same = keras_same && !plain_valid;
    Ints output_padding;
    for (int d = 0; d < p.dims && !keras_same; ++d) {
        TransposeAxis& a = axes[d];
        if (!needs_op) {
            // Without output_padding Keras's 'valid' output is max(full, input*stride).
            const int64_t extra = std::max<int64_t>(0, l.stride[d] - p.shape.effective_kernel[d]);
            a.output_padding = 0;
            a.fill = 0;
            a.crop_after = extra - (p.shape.output_padding[d] - p.Pads()[d].after);
        }
        output_padding.push_back(a.output_padding);
        crop = crop || a.crop_before || a.crop_after;
        fill = fill || a.fill;
    }

    // Keras refuses dilation_rate > 1 with strides > 1 for transposed layers, and TensorFlow's
    // CPU kernels refuse it at stride 1 (Keras 2's Conv3DTranspose ignores it): the dilation
    // goes into the kernel instead, D*(K-1)+1 taps with zeros between the layer's own, which
    // is the same transposed convolution.
    const bool dilated = AnyAbove(l.dilation, 1);
    std::string args = Str(l.groups == 1 ? p.cout : p.cout / l.groups) + ", " +
                       IntOrTuple(dilated ? p.shape.effective_kernel : l.kernel);
    if (!AllEqual(l.stride, 1)) args += ", strides=" + IntOrTuple(l.stride);
    if (keras_same) args += ", padding='same'";
    if (!keras_same && needs_op) args += ", output_padding=" + IntOrTuple(output_padding);
    if (!l.bias) args += ", use_bias=False";
    const std::string conv = cls + "(" + args + ")";

    std::vector<PadPair> crops, fills;
    for (const TransposeAxis& a : axes) {
        crops.push_back(PadPair{a.crop_before, a.crop_after});
        fills.push_back(PadPair{0, a.fill});
    }
    if (dilated) {
        notes.push_back("Keras: " + cls +
                        " refuses dilation_rate > 1 with strides > 1, and TensorFlow's kernels "
                        "refuse it at stride 1; the snippet writes the dilation into the kernel: " +
                        IntOrTuple(p.shape.effective_kernel) +
                        " taps, zero between the layer's own (copy trained weights to kernel" +
                        KernelTapSlice(l.dilation) + ")");
    }
    if (fill) {
        notes.push_back(
            "Keras: output_padding must be smaller than the stride; the cells past it lie beyond "
            "the full output, where no tap lands, and the snippet appends them holding only the "
            "bias" +
            ConvTypeNote(p));
    }
    if (crop) {
        notes.push_back("Keras: " + cls + " crops only by TensorFlow's 'same' rule; Cropping" +
                        Str(p.dims) + "D trims its 'valid' output by " + PadsText(crops) +
                        " to the layer's pads " + PadsText(p.Pads()) + ConvTypeNote(p));
    }
    const bool grouped = l.groups != 1;
    if (grouped) {
        notes.push_back("Keras: " + cls +
                        " has no groups argument; the snippet splits the channels into " +
                        Str(l.groups) +
                        " groups, runs one layer per group and concatenates the results, which is "
                        "what groups means");
    }
    if (!grouped && !fill && !dilated) {
        if (!crop) return "layer = " + conv + "\n";
        return "layer = keras.Sequential([\n    " + conv + ",\n    " +
               KerasPadLayer("Cropping", p.dims, crops) + ",\n])\n";
    }
    std::string code;
    if (grouped) {
        code += "convs = [" + conv + " for _ in range(" + Str(l.groups) + ")]\n";
    } else {
        code += "conv = " + conv + "\n";
    }
    if (dilated) {
        const std::string layers = grouped ? "convs" : "[conv]";
        code += "# The dilation in the kernel: taps only every " + IntOrTuple(l.dilation) +
                " cells, zeros between them.\n";
        code += "for c in " + layers + ":\n";
        std::string input_shape = "(None";
        for (int d = 0; d < p.dims; ++d) input_shape += ", None";
        code += "    c.build(" + input_shape + ", " +
                Str(l.groups == 1 ? p.cin : p.cin / l.groups) + "))\n";
        code += "    taps = np.zeros(c.kernel.shape, dtype=np.float32)\n";
        code += "    taps" + KernelTapSlice(l.dilation) + " = 1.0\n";
        code += "    c.kernel.assign(c.kernel * taps)\n";
    }
    if (crop) code += "crop = " + KerasPadLayer("Cropping", p.dims, crops) + "\n";
    code += "\n\ndef layer(x):\n";
    if (grouped) {
        code += "    y = tf.concat([conv(part) for conv, part in zip(convs, tf.split(x, " +
                Str(l.groups) + ", axis=-1))], axis=-1)\n";
    } else {
        code += "    y = conv(x)\n";
    }
    if (fill) {
        code +=
            "    # output_padding stops below the stride; the cells past it get no tap, only the "
            "bias\n";
        code += "    " + std::string(kTfPadComment) + "\n";
        if (l.bias) {
            code += std::string("    b = ") +
                    (grouped ? "tf.concat([conv.bias for conv in convs], axis=0)" : "conv.bias") +
                    "\n";
            code += "    y = tf.pad(y - b, " + TfPadList(fills) + ") + b\n";
        } else {
            code += "    y = tf.pad(y, " + TfPadList(fills) + ")\n";
        }
    }
    if (crop) code += "    y = crop(y)\n";
    return code + "    return y\n";
}

std::string KerasPool(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const bool is_max = PoolsMax(l.type);
    const std::string cls = "layers." + FrameworkClassName(TypeInfo(l.type).keras, p.dims);
    const bool dilated = AnyAbove(l.dilation, 1);
    const bool ceil = p.CeilMatters();
    const bool keras_same = !dilated && !ceil && p.AnyPad() &&
                            p.Pads() == SamePadsOf(p, SameRule::TensorFlow) &&
                            (is_max || !l.count_include_pad);
    std::string args = IntOrTuple(l.kernel);
    if (l.stride != l.kernel) args += ", strides=" + IntOrTuple(l.stride);
    if (keras_same) args += ", padding='same'";
    const std::string pool = cls + "(" + args + ")";
    if (ceil) {
        notes.push_back(
            "Keras: pooling has no ceil_mode; the snippet pads the end explicitly so that a "
            "'valid' pooling gives the ceil_mode output " +
            PyList(p.Out()));
    }
    if (!dilated && !ceil && (!p.AnyPad() || keras_same)) return "layer = " + pool + "\n";
    if (!dilated && !ceil && !is_max && l.count_include_pad) {
        if (p.Pads() == SamePadsOf(p, SameRule::TensorFlow)) {
            notes.push_back(
                "Keras: 'same' average pooling leaves the padding out of the count "
                "(count_include_pad=False); this layer counts it, so ZeroPadding" +
                Str(p.dims) + "D pads the zeros explicitly");
        } else {
            notes.push_back("Keras: pooling takes no explicit pads; ZeroPadding" + Str(p.dims) +
                            "D applies " + PadsText(p.Pads()) +
                            ", counted in every average as count_include_pad=True counts them");
        }
        return "layer = keras.Sequential([\n    " + KerasPadLayer("ZeroPadding", p.dims, p.Pads()) +
               ",\n    " + pool + ",\n])\n";
    }

    // The general construction: pad (before, after') where after' makes a 'valid' sweep end
    // exactly at the core's last window.
    std::vector<PadPair> pads, counted;
    for (int d = 0; d < p.dims; ++d) {
        const int64_t after =
            std::max<int64_t>(0, (p.Out()[d] - 1) * l.stride[d] + p.shape.effective_kernel[d] -
                                     p.input[d] - p.Pads()[d].before);
        pads.push_back(PadPair{p.Pads()[d].before, after});
        counted.push_back(PadPair{p.Pads()[d].before, std::min(after, p.Pads()[d].after)});
    }
    if (is_max) {
        std::string code;
        std::string run;
        if (dilated) {
            notes.push_back(
                "Keras: max pooling has no dilation; tf.nn.pool takes dilations (at stride 1 only: "
                "\"strides > 1 not supported in conjunction with dilation_rate > 1\"), so the "
                "snippet pools at stride 1 and keeps the windows at multiples of the stride " +
                IntOrTuple(l.stride));
            run = "tf.nn.pool(x, window_shape=" + PyList(l.kernel) +
                  ", pooling_type='MAX', padding='VALID', dilations=" + PyList(l.dilation) + ")" +
                  (AnyAbove(l.stride, 1) ? KerasStrideSlice(l.stride) : "");
        } else {
            const std::string valid_pool =
                cls + "(" + IntOrTuple(l.kernel) +
                (l.stride != l.kernel ? ", strides=" + IntOrTuple(l.stride) : "") + ")";
            code += "pool = " + valid_pool + "\n";
            run = "pool(x)";
        }
        if (!dilated && !ceil && p.AnyPad()) {
            notes.push_back("Keras: the pads " + PadsText(p.Pads()) +
                            " are not TensorFlow's same rule; the snippet pads with -inf, which "
                            "max pooling never picks, and pools 'valid'");
        }
        code += "\n\ndef layer(x):\n";
        if (!AllEqual(OnnxPads(pads), 0)) {
            code += "    " + std::string(kTfPadComment) + "\n    x = tf.pad(x, " + TfPadList(pads) +
                    ", constant_values=float('-inf'))\n";
        }
        return code + "    return " + run + "\n";
    }
    if (l.count_include_pad) {
        notes.push_back("Keras: the average counts the pads " + PadsText(p.Pads()) +
                        " but not the cells added for the last window; the snippet divides the "
                        "pooled zero-padded input by the pooled mask of counted cells");
    } else if (p.AnyPad() || ceil) {
        notes.push_back(
            "Keras: the average leaves the padding out of the count; the snippet divides the "
            "pooled zero-padded input by the pooled zero-padded ones");
    }
    std::string code = "pool = " + cls + "(" + IntOrTuple(l.kernel) +
                       (l.stride != l.kernel ? ", strides=" + IntOrTuple(l.stride) : "") +
                       ")\n\n\ndef layer(x):\n";
    code += "    " + std::string(kTfPadComment) + "\n";
    if (l.count_include_pad) {
        std::vector<PadPair> rest;
        for (int d = 0; d < p.dims; ++d)
            rest.push_back(PadPair{0, pads[d].after - counted[d].after});
        code += "    counted = tf.pad(tf.ones_like(x), " + TfPadList(counted) +
                ", constant_values=1.0)\n";
        if (!AllEqual(OnnxPads(rest), 0))
            code += "    counted = tf.pad(counted, " + TfPadList(rest) + ")\n";
    } else {
        code += "    counted = tf.pad(tf.ones_like(x), " + TfPadList(pads) + ")\n";
    }
    code += "    return pool(tf.pad(x, " + TfPadList(pads) + ")) / pool(counted)\n";
    return code;
}

std::string KerasResample(const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const std::string size = p.dims == 1 ? Str(l.kernel[0]) : PyTuple(l.kernel);
    const std::string upsampling = "layers.UpSampling" + Str(p.dims) + "D(size=" + size;
    switch (l.type) {
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle: {
            const bool shuffle = l.type == LayerType::PixelShuffle;
            notes.push_back(std::string("Keras: tf.nn.") +
                            (shuffle ? "depth_to_space" : "space_to_depth") +
                            " orders the deep channels (row, column, channel), PyTorch's " +
                            TypeInfo(l.type).pytorch +
                            " (channel, row, column): the same shape, with the channels permuted");
            return std::string("layer = layers.Lambda(lambda x: tf.nn.") +
                   (shuffle ? "depth_to_space" : "space_to_depth") + "(x, " + Str(l.kernel[0]) +
                   "))\n";
        }
        case LayerType::UpsampleLinear: {
            Ints out = p.Out();
            if (!l.size.empty() && p.dims == 2 && !l.align_corners)
                return "layer = layers.Resizing(" + Str(out[0]) + ", " + Str(out[1]) +
                       ", interpolation='bilinear')\n";
            if (!l.size.empty() && p.dims != 2) {
                notes.push_back("Keras: no layer resizes a " + Str(p.dims) +
                                "-D map to a size; resize it with tf.image.resize per slice");
                return "# no Keras layer: linear resizing to " + PyTuple(out) + " in " +
                       Str(p.dims) + "-D\n";
            }
            if (p.dims == 2 && !l.align_corners)
                return "layer = " + upsampling + ", interpolation='bilinear')\n";
            if (p.dims == 2) {
                notes.push_back(
                    "Keras: UpSampling2D has no align_corners; tf.compat.v1.image.resize has");
                return "layer = layers.Lambda(lambda x: tf.compat.v1.image.resize(\n"
                       "    x, " +
                       PyTuple(out) + ", method='bilinear', align_corners=True))\n";
            }
            notes.push_back("Keras: UpSampling" + Str(p.dims) +
                            "D repeats cells only (nearest); linear upsampling in " + Str(p.dims) +
                            "-D has no Keras layer, so the snippet repeats cells");
            return "layer = " + upsampling + ")  # nearest: Keras has no " + Str(p.dims) +
                   "-D linear upsampling\n";
        }
        default:
            if (!l.size.empty()) {
                const Ints out = p.Out();
                if (p.dims != 2) {
                    notes.push_back("Keras: no layer resizes a " + Str(p.dims) +
                                    "-D map to a size; resize it with tf.image.resize per slice");
                    return "# no Keras layer: nearest resizing to " + PyTuple(out) + " in " +
                           Str(p.dims) + "-D\n";
                }
                // TF2's nearest resize centres its samples (PyTorch's 'nearest-exact'); the v1
                // resize without half-pixel centres picks floor(o · in/out), as 'nearest' does.
                notes.push_back(
                    "Keras: layers.Resizing(interpolation='nearest') centres its samples "
                    "(PyTorch's 'nearest-exact'); tf.compat.v1.image.resize picks the cells "
                    "PyTorch's 'nearest' picks");
                return "layer = layers.Lambda(lambda x: tf.compat.v1.image.resize(\n"
                       "    x, " +
                       PyTuple(out) + ", method='nearest', align_corners=False))\n";
            }
            return "layer = " + upsampling + (p.dims == 2 ? ", interpolation='nearest')" : ")") +
                   "\n";
    }
}

std::string KerasCode(const Plan& p, Notes& notes) {
    std::string build;
    switch (p.layer.type) {
        case LayerType::Conv:
            build = KerasConv(p, notes);
            break;
        case LayerType::ConvTranspose:
            build = KerasConvTranspose(p, notes);
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            build = KerasPool(p, notes);
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            build = KerasResample(p, notes);
            break;
    }
    std::string imports = build.find("np.") != std::string::npos
                              ? "import numpy as np\nimport tensorflow as tf\n"
                              : "import tensorflow as tf\n";
    if (build.find("keras.Sequential") != std::string::npos)
        imports += "from tensorflow import keras\n";
    if (build.find("layers.") != std::string::npos)
        imports += "from tensorflow.keras import layers\n";
    return Assemble(imports + "\n", build,
                    "x = tf.random.normal(" + PyTuple(p.FullInput(true)) +
                        ")\ny = layer(x)\nprint(tuple(y.shape))  # " + PyTuple(p.FullOutput(true)) +
                        "\n");
}

// ---- 5. ONNX -----------------------------------------------------------------------------

struct OnnxGraph {
    std::vector<std::string> nodes;         // helper.make_node(...) expressions
    std::vector<std::string> initializers;  // numpy_helper.from_array(...) expressions
    std::vector<std::string> comments;      // printed above the node list
    int opset = 13;
};

std::string Int64Init(const Ints& values, const std::string& name) {
    return "numpy_helper.from_array(np.array(" + PyList(values) + ", np.int64), '" + name + "')";
}

std::string RandomInit(const Ints& shape, const std::string& name) {
    return "numpy_helper.from_array(rng.standard_normal(" + PyTuple(shape) +
           ").astype(np.float32), '" + name + "')";
}

// A Pad node over every axis (N and C get nothing), reading `from`, writing `to`.
void AddPadNode(OnnxGraph& g, const std::vector<PadPair>& pads, const std::string& mode,
                const std::string& from, const std::string& to, const std::string& value) {
    std::vector<PadPair> all = {PadPair{}, PadPair{}};
    all.insert(all.end(), pads.begin(), pads.end());
    std::string inputs = "['" + from + "', '" + to + "_pads'";
    if (!value.empty()) {
        inputs += ", '" + to + "_value'";
        g.initializers.push_back("numpy_helper.from_array(np.array(" + value + ", np.float32), '" +
                                 to + "_value')");
    }
    g.nodes.push_back("helper.make_node('Pad', inputs=" + inputs + "], outputs=['" + to +
                      "'], mode='" + mode + "')");
    g.initializers.push_back(Int64Init(OnnxPads(all), to + "_pads"));
    g.comments.push_back(
        "# Pad's pads cover every axis (N, C, spatial...): all begins, then all ends");
}

std::string OnnxAttr(const std::string& name, const Ints& values) {
    return ", " + name + "=" + PyList(values);
}

// auto_pad when the layer's own rule is ONNX's and ONNX's formula gives what the core does.
// Never with dilation: ONNX Runtime refuses it for Conv ("Dilation not supported for
// AutoPadType::SAME_UPPER") and sizes MaxPool's output without the dilation, so dilated
// layers get the explicit pads the rule resolves to.
std::string OnnxAutoPad(const Plan& p) {
    const Layer& l = p.layer;
    if (l.padding_form != PaddingForm::Same) return "";
    if (l.same_rule != SameRule::OnnxUpper && l.same_rule != SameRule::OnnxLower) return "";
    if (!AllEqual(l.dilation, 1)) return "";
    for (int d = 0; d < p.dims; ++d) {
        // ONNX's total (ceil(I/S)-1)*S + k_eff - I is not clamped at 0 as TensorFlow's is.
        const int64_t out = CeilDiv(p.input[d], l.stride[d]);
        if ((out - 1) * l.stride[d] + p.shape.effective_kernel[d] - p.input[d] < 0) return "";
    }
    return l.same_rule == SameRule::OnnxUpper ? "SAME_UPPER" : "SAME_LOWER";
}

void OnnxConv(OnnxGraph& g, const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    std::string x = "x";
    std::string attrs = OnnxAttr("kernel_shape", l.kernel);
    if (!AllEqual(l.stride, 1)) attrs += OnnxAttr("strides", l.stride);
    if (!AllEqual(l.dilation, 1)) attrs += OnnxAttr("dilations", l.dilation);
    if (l.padding_mode != PaddingMode::Zeros && p.AnyPad()) {
        const char* mode = l.padding_mode == PaddingMode::Reflect     ? "reflect"
                           : l.padding_mode == PaddingMode::Replicate ? "edge"
                                                                      : "wrap";
        if (l.padding_mode == PaddingMode::Circular) {
            g.opset = 19;
            notes.push_back(
                "ONNX: Pad's mode 'wrap' (PyTorch's circular) exists from opset 19 (onnx 1.14) on; "
                "earlier opsets have no circular padding");
        }
        AddPadNode(g, p.Pads(), mode, "x", "x_padded", "");
        x = "x_padded";
    } else if (const std::string autopad = OnnxAutoPad(p); !autopad.empty()) {
        attrs += ", auto_pad='" + autopad + "'";
        g.comments.push_back("# auto_pad='" + autopad + "' resolves here to pads " +
                             PyList(OnnxPads(p.Pads())));
    } else if (p.AnyPad()) {
        attrs += OnnxAttr("pads", OnnxPads(p.Pads()));
        g.comments.push_back(kOnnxPadsComment);
    }
    if (l.groups != 1) attrs += ", group=" + Str(l.groups);
    Ints w_shape = {p.cout, p.cin / l.groups};
    w_shape.insert(w_shape.end(), l.kernel.begin(), l.kernel.end());
    g.initializers.push_back(RandomInit(w_shape, "w"));
    std::string inputs = "['" + x + "', 'w'";
    if (l.bias) {
        inputs += ", 'b'";
        g.initializers.push_back(RandomInit({p.cout}, "b"));
    }
    g.nodes.push_back("helper.make_node('" + std::string(TypeInfo(l.type).onnx) +
                      "', inputs=" + inputs + "], outputs=['y']" + attrs + ")");
}

void OnnxConvTranspose(OnnxGraph& g, const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    // ONNX's pads may differ at the two ends, so output_padding is needed only for the
    // cells past the full output; ONNX Runtime refuses output_padding >= stride (PyTorch and
    // ONNX's shape inference allow up to max(stride, dilation) - 1), and what lies beyond it
    // is filled with cells holding only the bias.
    Ints output_padding, fills;
    std::vector<PadPair> pads;
    bool fill = false;
    for (int d = 0; d < p.dims; ++d) {
        const PadPair& core = p.Pads()[d];
        const int64_t past_full = std::max<int64_t>(0, p.shape.output_padding[d] - core.after);
        pads.push_back(
            PadPair{core.before, std::max<int64_t>(0, core.after - p.shape.output_padding[d])});
        output_padding.push_back(std::min(past_full, l.stride[d] - 1));
        fills.push_back(past_full - output_padding.back());
        fill = fill || fills.back() > 0;
    }
    std::string attrs = OnnxAttr("kernel_shape", l.kernel);
    if (!AllEqual(l.stride, 1)) attrs += OnnxAttr("strides", l.stride);
    if (!AllEqual(l.dilation, 1)) attrs += OnnxAttr("dilations", l.dilation);
    if (std::any_of(pads.begin(), pads.end(),
                    [](const PadPair& q) { return q.before != 0 || q.after != 0; })) {
        attrs += OnnxAttr("pads", OnnxPads(pads));
        g.comments.push_back(kOnnxPadsComment);
    }
    if (!AllEqual(output_padding, 0)) attrs += OnnxAttr("output_padding", output_padding);
    if (l.groups != 1) attrs += ", group=" + Str(l.groups);
    if (l.padding_form == PaddingForm::Same) {
        notes.push_back(
            std::string("ONNX: ConvTranspose gets the explicit pads and output_padding that the ") +
            SameRuleName(l.same_rule) +
            " same rule resolves to, not auto_pad, whose ConvTranspose form derives pads from an "
            "output_shape");
    }
    Ints w_shape = {p.cin, p.cout / l.groups};
    w_shape.insert(w_shape.end(), l.kernel.begin(), l.kernel.end());
    g.initializers.push_back(RandomInit(w_shape, "w"));
    // Cells past the output_padding limit receive no tap: pad them with zeros and add the
    // bias afterwards, so they hold the bias exactly as the core's do.
    const bool bias_in_node = l.bias && !fill;
    std::string inputs = "['x', 'w'";
    if (bias_in_node) {
        inputs += ", 'b'";
        g.initializers.push_back(RandomInit({p.cout}, "b"));
    }
    const std::string conv_out = fill ? "y_conv" : "y";
    g.nodes.push_back("helper.make_node('" + std::string(TypeInfo(l.type).onnx) +
                      "', inputs=" + inputs + "], outputs=['" + conv_out + "']" + attrs + ")");
    if (!fill) return;
    notes.push_back("ONNX: ONNX Runtime needs output_padding smaller than the stride; " +
                    PyList(fills) +
                    " more cells lie past the full output and hold only the bias, so a Pad node "
                    "appends zeros and an Add node adds the bias after it");
    std::vector<PadPair> fill_pads;
    for (const int64_t f : fills) fill_pads.push_back(PadPair{0, f});
    const std::string padded = l.bias ? "y_filled" : "y";
    AddPadNode(g, fill_pads, "constant", conv_out, padded, "");
    if (l.bias) {
        Ints b_shape = {p.cout};
        for (int d = 0; d < p.dims; ++d) b_shape.push_back(1);
        g.initializers.push_back(RandomInit(b_shape, "b"));
        g.nodes.push_back("helper.make_node('Add', inputs=['y_filled', 'b'], outputs=['y'])");
    }
}

void OnnxPool(OnnxGraph& g, const Plan& p, Notes& notes) {
    const Layer& l = p.layer;
    const bool is_max = PoolsMax(l.type);
    std::string attrs = OnnxAttr("kernel_shape", l.kernel);
    // ONNX pooling strides default to 1, not to the kernel.
    if (!AllEqual(l.stride, 1)) attrs += OnnxAttr("strides", l.stride);
    if (!AllEqual(l.dilation, 1)) attrs += OnnxAttr("dilations", l.dilation);
    std::string x = "x";
    const std::string autopad = p.CeilMatters() ? "" : OnnxAutoPad(p);
    bool pad_node = false, reaches_kernel = false;
    for (int d = 0; d < p.dims; ++d) {
        reaches_kernel =
            reaches_kernel || p.Pads()[d].before >= l.kernel[d] || p.Pads()[d].after >= l.kernel[d];
    }
    // A dilated window can lie wholly in padding while straddling input cells: PyTorch then
    // gives -inf, which ONNX Runtime's padded MaxPool does not; explicit -inf padding does.
    const bool dilated_max = is_max && AnyAbove(l.dilation, 1) && p.AnyPad();
    pad_node = (reaches_kernel || dilated_max) && autopad.empty();
    if (!autopad.empty()) {
        attrs += ", auto_pad='" + autopad + "'";
        g.comments.push_back("# auto_pad='" + autopad + "' resolves here to pads " +
                             PyList(OnnxPads(p.Pads())));
    } else if (pad_node) {
        // Only dilated max pooling gets here (average pooling pads stay below the kernel).
        notes.push_back(
            std::string(reaches_kernel
                            ? "ONNX: onnxruntime refuses pooling pads that reach the kernel "
                              "size (\"Pad should be smaller than kernel\")"
                            : "ONNX: a dilated window may read only padding, where PyTorch "
                              "gives -inf and onnxruntime does not") +
            "; a Pad node with -inf, which max pooling never picks over a real cell, pads " +
            PadsText(p.Pads()) + " instead");
        AddPadNode(g, p.Pads(), "constant", "x", "x_padded", "-np.inf");
        x = "x_padded";
    } else if (p.AnyPad()) {
        attrs += OnnxAttr("pads", OnnxPads(p.Pads()));
        g.comments.push_back(kOnnxPadsComment);
    }
    if (l.ceil_mode) attrs += ", ceil_mode=1";
    if (TypeInfo(l.type).Has(kLayerCountIncludePad) && l.count_include_pad && p.AnyPad()) {
        attrs += ", count_include_pad=1";
        notes.push_back(
            "ONNX: AveragePool's count_include_pad defaults to 0 (PyTorch's to True); the node "
            "sets it to 1");
    }
    Ints slice_ends, slice_axes;
    for (int d = 0; d < p.dims; ++d) {
        const int64_t onnx_out =
            PoolOutput(p.input[d], p.Pads()[d].before, p.Pads()[d].after,
                       p.shape.effective_kernel[d], l.stride[d], l.ceil_mode, false);
        if (onnx_out != p.Out()[d]) {
            slice_ends.push_back(p.Out()[d]);
            slice_axes.push_back(d + 2);
        }
    }
    const std::string op = TypeInfo(l.type).onnx;
    const std::string pool_out = slice_ends.empty() ? "y" : "y_pooled";
    g.nodes.push_back("helper.make_node('" + op + "', inputs=['" + x + "'], outputs=['" + pool_out +
                      "']" + attrs + ")");
    if (slice_ends.empty()) return;
    notes.push_back(
        "ONNX: ceil_mode as onnx's shape inference computes it keeps a last window that starts in "
        "the right padding, which PyTorch drops; a Slice node keeps " +
        PyList(p.Out()) + " (a no-op where a runtime already drops it)");
    g.nodes.push_back(
        "helper.make_node('Slice', inputs=['y_pooled', 'slice_starts', 'slice_ends', "
        "'slice_axes'], outputs=['y'])");
    g.initializers.push_back(Int64Init(Ints(slice_ends.size(), 0), "slice_starts"));
    g.initializers.push_back(Int64Init(slice_ends, "slice_ends"));
    g.initializers.push_back(Int64Init(slice_axes, "slice_axes"));
}

void OnnxResample(OnnxGraph& g, const Plan& p) {
    const Layer& l = p.layer;
    switch (l.type) {
        case LayerType::PixelShuffle:
            g.nodes.push_back(
                "helper.make_node('DepthToSpace', inputs=['x'], outputs=['y'], "
                "blocksize=" +
                Str(l.kernel[0]) + ", mode='CRD')");
            return;
        case LayerType::PixelUnshuffle: {
            // SpaceToDepth orders channels (row, column, channel); PyTorch's order is
            // (channel, row, column), which Reshape, Transpose, Reshape give exactly.
            const int64_t r = l.kernel[0];
            g.comments.push_back(
                "# PixelUnshuffle as PyTorch exports it: SpaceToDepth orders "
                "the channels differently");
            g.nodes.push_back(
                "helper.make_node('Reshape', inputs=['x', 'split_shape'], outputs=['blocks'])");
            g.nodes.push_back(
                "helper.make_node('Transpose', inputs=['blocks'], outputs=['moved'], "
                "perm=[0, 1, 3, 5, 2, 4])");
            g.nodes.push_back(
                "helper.make_node('Reshape', inputs=['moved', 'deep_shape'], outputs=['y'])");
            g.initializers.push_back(
                Int64Init({1, p.cin, p.Out()[0], r, p.Out()[1], r}, "split_shape"));
            g.initializers.push_back(Int64Init({1, p.cout, p.Out()[0], p.Out()[1]}, "deep_shape"));
            return;
        }
        default: {
            const bool linear = l.type == LayerType::UpsampleLinear;
            const std::string transform = !linear           ? "asymmetric"
                                          : l.align_corners ? "align_corners"
                                                            : "pytorch_half_pixel";
            // By a factor: scales; to a size: sizes (Resize takes one of them).
            const bool by_size = !l.size.empty();
            g.nodes.push_back(std::string("helper.make_node('Resize', inputs=['x', '', ") +
                              (by_size ? "'', 'sizes'" : "'scales'") + "], outputs=['y'], mode='" +
                              (linear ? "linear" : "nearest") +
                              "', coordinate_transformation_mode='" + transform + "'" +
                              (linear ? "" : ", nearest_mode='floor'") + ")");
            if (by_size) {
                Ints sizes = {1, p.cin};
                sizes.insert(sizes.end(), l.size.begin(), l.size.end());
                g.initializers.push_back(Int64Init(sizes, "sizes"));
            } else {
                std::string scales = "[1.0, 1.0";
                for (const int64_t f : l.kernel) scales += ", " + Str(f) + ".0";
                scales += "]";
                g.initializers.push_back("numpy_helper.from_array(np.array(" + scales +
                                         ", np.float32), 'scales')");
            }
            return;
        }
    }
}

std::string OnnxCode(const Plan& p, Notes& notes) {
    OnnxGraph g;
    switch (p.layer.type) {
        case LayerType::Conv:
            OnnxConv(g, p, notes);
            break;
        case LayerType::ConvTranspose:
            OnnxConvTranspose(g, p, notes);
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            OnnxPool(g, p, notes);
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            OnnxResample(g, p);
            break;
    }
    std::string code =
        "import numpy as np\nimport onnx\nfrom onnx import TensorProto, helper, numpy_helper\n\n";
    code += "rng = np.random.default_rng(0)\n";
    std::vector<std::string> seen;
    for (const std::string& c : g.comments) {
        if (std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
        seen.push_back(c);
        code += c + "\n";
    }
    code += "nodes = [\n";
    for (const std::string& n : g.nodes) code += "    " + n + ",\n";
    code += "]\ninitializers = [\n";
    for (const std::string& i : g.initializers) code += "    " + i + ",\n";
    std::string unknown;
    for (int i = 0; i < p.dims + 2; ++i) unknown += i ? ", None" : "None";
    code += "]\ngraph = helper.make_graph(\n    nodes, 'convscope',\n";
    code += "    inputs=[helper.make_tensor_value_info('x', TensorProto.FLOAT, " +
            PyList(p.FullInput(false)) + ")],\n";
    code +=
        "    outputs=[helper.make_tensor_value_info('y', TensorProto.FLOAT, [" + unknown + "])],\n";
    code += "    initializer=initializers)\n";
    code += "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', " +
            Str(g.opset) + ")])\n";
    code += "onnx.checker.check_model(model)\n";
    code += "inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)\n";
    code +=
        "print([d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim])  # " +
        PyList(p.FullOutput(false)) + "\n";
    return code;
}

}  // namespace

// Spatial axes named as PyTorch's padding layers document them, counted from the last.
std::string TorchPadOrder(int dims) {
    static const char* names[3] = {"left, right", "top, bottom", "front, back"};
    std::string text;
    for (int i = 0; i < dims; ++i) text += (i ? ", " : "") + std::string(names[i]);
    return "(" + text + ")";
}

// F.pad and the nn.*PadNd layers take the last dimension first.
std::string TorchPadTuple(const std::vector<PadPair>& pads) {
    Ints flat;
    for (auto it = pads.rbegin(); it != pads.rend(); ++it) {
        flat.push_back(it->before);
        flat.push_back(it->after);
    }
    return PyTuple(flat);
}

// Keras ZeroPadding/Cropping: (b, a) in 1D, ((b, a), (b, a)...) otherwise.
std::string KerasPairs(const std::vector<PadPair>& pads) {
    if (pads.size() == 1) return "(" + Str(pads[0].before) + ", " + Str(pads[0].after) + ")";
    std::string text = "(";
    for (size_t d = 0; d < pads.size(); ++d) {
        text += (d ? ", (" : "(") + Str(pads[d].before) + ", " + Str(pads[d].after) + ")";
    }
    return text + ")";
}

// ONNX's pads attribute: every dimension's begin, then every end.
std::string OnnxPadsText(const std::vector<PadPair>& pads) { return PyList(OnnxPads(pads)); }

// ---- 6. Entry point ------------------------------------------------------------------------

CodeExport ExportCode(const Layer& layer, const std::vector<int64_t>& input) {
    Plan p;
    p.layer = layer;
    p.input = input;
    p.shape = ComputeShape(input, layer);
    p.dims = layer.Dims();
    CodeExport out;
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::ConvTranspose:
            p.cin = layer.in_channels > 0 ? layer.in_channels : layer.groups;
            p.cout = layer.out_channels > 0 ? layer.out_channels : layer.groups;
            if (layer.in_channels <= 0 || layer.out_channels <= 0) {
                out.notes.push_back("All: channels not given; the snippets use " + Str(p.cin) +
                                    " in and " + Str(p.cout) + " out");
            }
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            // Each channel is pooled alone: as many channels leave as arrive.
            p.cin = p.cout = layer.in_channels > 0 ? layer.in_channels : 1;
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
            p.cin = p.cout = layer.in_channels > 0 ? layer.in_channels : 1;
            break;
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle: {
            // The fewest channels the factor allows when none are given.
            const int64_t block = layer.kernel[0] * layer.kernel[0];
            const bool shuffle = layer.type == LayerType::PixelShuffle;
            p.cin = layer.in_channels > 0 ? layer.in_channels : shuffle ? block : 1;
            p.cout = ChannelsAfter(layer, p.cin);
            if (layer.in_channels <= 0)
                out.notes.push_back("All: channels not given; the snippets use " + Str(p.cin) +
                                    " in and " + Str(p.cout) + " out");
            break;
        }
    }
    out.pytorch = PyTorchCode(p, out.notes);
    out.keras = KerasCode(p, out.notes);
    out.onnx = OnnxCode(p, out.notes);
    out.output = p.shape.output;
    out.in_channels = p.cin;
    out.out_channels = p.cout;
    return out;
}

}  // namespace convscope
