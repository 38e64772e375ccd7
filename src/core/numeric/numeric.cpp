// Numeric layers: checking tensors against the layer, and dispatch to the kernels of the
// registry (see numeric.h and kernels/kernels.inc).
#include "core/numeric/numeric.h"

#include <array>
#include <iterator>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/numeric/kernels/kernels.h"
#include "core/numeric/kernels/simd.h"

namespace convscope {

namespace {

// About ten seconds of single-threaded work at the slowest kernel: anything larger is
// refused rather than left to hang a browser tab.
constexpr double kMaxMacs = 4.0e9;

std::string ShapeText(const std::vector<int64_t>& shape) {
    std::string text = "(";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + ")";
}

// Where PyTorch's weight tensor keeps the channels.
enum class WeightLayout {
    OutFirst,  // convolution: (C_out, C_in/groups, k...)
    InFirst,   // transposed convolution: (C_in, C_out/groups, k...)
};

const char* WeightShapeText(WeightLayout layout) {
    switch (layout) {
        case WeightLayout::OutFirst:
            return "(C_out, C_in/groups, k...)";
        case WeightLayout::InFirst:
            return "(C_in, C_out/groups, k...)";
    }
    return "";
}

// Checks w and b against the layer and x's `cin` channels; returns the output channels.
int64_t CheckWeights(const Layer& layer, const LayerInputs& in, int64_t cin, WeightLayout layout) {
    const int dims = layer.Dims();
    if (!in.w) throw Error(std::string(LayerTypeName(layer.type)) + " needs weights w");
    const Tensor& w = *in.w;
    if (static_cast<int>(w.shape.size()) != dims + 2) {
        throw Error("w has shape " + ShapeText(w.shape) + "; a " + std::to_string(dims) + "-D " +
                    LayerTypeName(layer.type) + " takes " + WeightShapeText(layout));
    }
    if (static_cast<int64_t>(w.data.size()) != CheckedElementCount(w.shape, "w")) {
        throw Error("w holds " + std::to_string(w.data.size()) + " values but its shape " +
                    ShapeText(w.shape) + " needs more");
    }
    if (cin % layer.groups != 0) {
        throw Error("in_channels must be divisible by groups: " + std::to_string(cin) + " % " +
                    std::to_string(layer.groups) + " != 0");
    }
    const int64_t cin_g = cin / layer.groups;
    int64_t cout = 0;
    switch (layout) {
        case WeightLayout::OutFirst:
            cout = w.shape[0];
            if (w.shape[1] != cin_g) {
                throw Error("w has shape " + ShapeText(w.shape) +
                            ": its second dimension must be C_in/groups = " + std::to_string(cin) +
                            "/" + std::to_string(layer.groups) + " = " + std::to_string(cin_g));
            }
            break;
        case WeightLayout::InFirst:
            if (w.shape[0] != cin) {
                throw Error("w has shape " + ShapeText(w.shape) +
                            ": a transposed convolution's weight starts with C_in = " +
                            std::to_string(cin));
            }
            cout = CheckedMul(w.shape[1], layer.groups, "C_out");
            break;
    }
    for (int d = 0; d < dims; ++d) {
        if (w.shape[2 + d] != layer.kernel[d]) {
            throw Error("w has shape " + ShapeText(w.shape) + " but the layer's kernel size in " +
                        DimLabel(d, dims) + " is " + std::to_string(layer.kernel[d]));
        }
    }
    if (layer.out_channels != 0 && layer.out_channels != cout) {
        throw Error("out_channels is " + std::to_string(layer.out_channels) + " but w gives " +
                    std::to_string(cout));
    }
    if (cout % layer.groups != 0) {
        throw Error("out_channels must be divisible by groups: " + std::to_string(cout) + " % " +
                    std::to_string(layer.groups) + " != 0");
    }
    if (in.b && (in.b->shape.size() != 1 || in.b->shape[0] != cout ||
                 static_cast<int64_t>(in.b->data.size()) != cout)) {
        throw Error("b must hold one value per output channel (" + std::to_string(cout) + ")");
    }
    return cout;
}

}  // namespace

ConvProblem PrepareProblem(const ValidLayer& valid, const LayerInputs& in, Shape* shape_out,
                           Tensor* y) {
    if (!in.x) throw Error("the request has no input tensor x");
    Layer layer = valid.Get();
    const int dims = layer.Dims();
    const Tensor& x = *in.x;
    if (static_cast<int>(x.shape.size()) != dims + 2) {
        throw Error("x has shape " + ShapeText(x.shape) + " but a " + std::to_string(dims) +
                    "-D layer takes (N, C, " + std::to_string(dims) + " spatial sizes)");
    }
    const int64_t x_count = CheckedElementCount(x.shape, "x");
    if (static_cast<int64_t>(x.data.size()) != x_count) {
        throw Error("x holds " + std::to_string(x.data.size()) + " values but its shape " +
                    ShapeText(x.shape) + " needs " + std::to_string(x_count));
    }
    const int64_t batch = x.shape[0], cin = x.shape[1];
    if (layer.in_channels != 0 && layer.in_channels != cin) {
        throw Error("in_channels is " + std::to_string(layer.in_channels) + " but x has " +
                    std::to_string(cin) + " channels");
    }
    layer.in_channels = cin;
    int64_t cout = cin;
    switch (layer.type) {
        case LayerType::Conv:
            cout = CheckWeights(layer, in, cin, WeightLayout::OutFirst);
            break;
        case LayerType::ConvTranspose:
            cout = CheckWeights(layer, in, cin, WeightLayout::InFirst);
            break;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            if (in.w || in.b) throw Error("pooling has no weights or bias; remove w and b");
            break;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            if (in.w || in.b) {
                throw Error(std::string(TypeInfo(layer.type).label) +
                            " has no weights or bias; remove w and b");
            }
            layer.in_channels = cin;
            ValidateLayer(layer);  // pixel shuffle: channels divisible by r^2
            cout = ChannelsAfter(layer, cin);
            if (cout <= 0) throw Error("x's channel count is out of ConvScope's range");
            break;
    }
    layer.out_channels = cout;

    const Extents spatial(x.shape.begin() + 2, x.shape.end());
    Shape shape = ComputeShape(spatial, valid.WithChannels(cin, cout));
    std::vector<int64_t> y_shape = {batch, cout};
    y_shape.insert(y_shape.end(), shape.output.begin(), shape.output.end());
    const int64_t y_elements = CheckedElementCount(y_shape, "the output y");
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::ConvTranspose: {
            const double work = static_cast<double>(batch) * ComputeCost(layer, shape).macs;
            if (work > kMaxMacs) {
                throw Error("this layer needs " + std::to_string(static_cast<long long>(work)) +
                            " multiply-accumulates, more than ConvScope's limit of " +
                            std::to_string(static_cast<long long>(kMaxMacs)) + " per request");
            }
            break;
        }
        case LayerType::MaxPool:
        case LayerType::AvgPool:
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle: {
            double taps = 1;
            if (layer.IsPooling()) {
                for (const int64_t k : layer.kernel) taps *= static_cast<double>(k);
            } else if (layer.type == LayerType::UpsampleLinear) {
                taps = static_cast<double>(1 << dims);
            }
            if (static_cast<double>(y_elements) * taps > kMaxMacs) {
                throw Error("this layer reads more than ConvScope's limit of " +
                            std::to_string(static_cast<long long>(kMaxMacs)) +
                            " cells per request");
            }
            break;
        }
    }
    *y = MakeTensor(y_shape, "the output y");

    ConvProblem p;
    p.type = layer.type;
    p.padding_mode = layer.padding_mode;
    p.ceil_mode = layer.ceil_mode;
    p.count_include_pad = layer.count_include_pad;
    p.align_corners = layer.align_corners;
    p.resample_by_size = !layer.size.empty();
    p.batch = batch;
    p.in_channels = cin;
    p.out_channels = cout;
    p.groups = layer.groups;
    const int offset = 3 - dims;
    for (int d = 0; d < dims; ++d) {
        p.input[offset + d] = spatial[d];
        p.output[offset + d] = shape.output[d];
        p.kernel[offset + d] = layer.kernel[d];
        p.stride[offset + d] = layer.stride[d];
        p.dilation[offset + d] = layer.dilation[d];
        p.pad_before[offset + d] = shape.pads[d].before;
        p.pad_after[offset + d] = shape.pads[d].after;
    }
    p.x = x.data.data();
    p.w = in.w ? in.w->data.data() : nullptr;
    p.b = in.b ? in.b->data.data() : nullptr;
    p.y = y->data.data();
    if (shape_out) *shape_out = shape;
    return p;
}

KernelOp KernelOpFor(LayerType type) {
    switch (type) {
        case LayerType::Conv:
            return KernelOp::Conv;
        case LayerType::ConvTranspose:
            return KernelOp::ConvTranspose;
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            return KernelOp::Pool;
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
            return KernelOp::Resample;
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            return KernelOp::Shuffle;
    }
    // No default above, so that -Wswitch names this function when a layer type is added;
    // a value outside the enum gets here and is refused like any other bad input.
    throw Error("layer type " + std::to_string(static_cast<int>(type)) +
                " has no kernel operation (KernelOpFor in numeric.cpp)");
}

const char* KernelOpName(KernelOp op) {
    switch (op) {
        case KernelOp::Conv:
            return "convolution";
        case KernelOp::ConvTranspose:
            return "transposed convolution";
        case KernelOp::Pool:
            return "pooling";
        case KernelOp::Resample:
            return "upsampling";
        case KernelOp::Shuffle:
            return "pixel shuffle";
    }
    return "an unknown kernel operation";
}

const std::vector<KernelInfo>& KernelRegistry() {
    using namespace kernels;
    // Fast kernels are named for the ISA simd.h compiled them for; references are not.
    static const std::vector<KernelInfo> registry = {
#define CONVSCOPE_KERNEL(name, op, reference, function) \
    {reference ? #name : #name "__" CONVSCOPE_SIMD_ISA, op, reference, &function},
#include "core/numeric/kernels/kernels.inc"
#undef CONVSCOPE_KERNEL
    };
    return registry;
}

namespace {

// The kernels RunProblem picks from, found in the registry once: per operation, its
// reference and its first fast kernel.
struct OpKernels {
    KernelOp op;
    const KernelInfo* fast = nullptr;
    const KernelInfo* reference = nullptr;
};
using DispatchTable = std::array<OpKernels, std::size(kKernelOps)>;

DispatchTable BuildDispatchTable() {
    DispatchTable table{};
    for (size_t i = 0; i < table.size(); ++i) table[i].op = kKernelOps[i];
    for (const KernelInfo& kernel : KernelRegistry()) {
        for (OpKernels& entry : table) {
            if (entry.op != kernel.op) continue;
            const KernelInfo*& slot = kernel.reference ? entry.reference : entry.fast;
            if (!slot) slot = &kernel;
        }
    }
    return table;
}

}  // namespace

const KernelInfo& KernelFor(KernelOp op, KernelChoice choice) {
    static const DispatchTable table = BuildDispatchTable();
    const bool fast = choice == KernelChoice::Fast;
    for (const OpKernels& entry : table) {
        if (entry.op != op) continue;
        const KernelInfo* kernel = fast ? entry.fast : entry.reference;
        if (kernel) return *kernel;
    }
    throw Error(std::string("ConvScope has no ") + (fast ? "fast" : "reference") + " kernel for " +
                KernelOpName(op) + ": kernels/kernels.inc must list one");
}

const char* SimdIsaName() { return simd::kIsa; }

Tensor RunLayer(const Layer& layer, const LayerInputs& in, KernelChoice choice) {
    return RunLayer(ValidLayer(layer), in, choice);
}

Tensor RunLayer(const ValidLayer& layer, const LayerInputs& in, KernelChoice choice) {
    Tensor y;
    RunProblem(PrepareProblem(layer, in, nullptr, &y), choice);
    return y;
}

void RunProblem(const ConvProblem& p, KernelChoice choice) {
    KernelFor(KernelOpFor(p.type), choice).run(p);
}

}  // namespace convscope
