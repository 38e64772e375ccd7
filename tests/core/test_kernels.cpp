// Every fast kernel of the registry against its reference, on random problems with a fixed
// seed that sweep the edge sizes: widths around the SIMD tile, strides, dilations, pads,
// padding modes, groups, channel counts that leave remainders, 1-D to 3-D. Also the
// registry's shape (names, one reference per operation) and that RunProblem dispatches to it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <iterator>
#include <random>
#include <string>

#include "core/layer/error.h"
#include "core/numeric/numeric.h"

using namespace convscope;

namespace {

struct Case {
    Layer layer;
    Tensor x, w, b;
    bool with_bias = true;
};

// Deterministic values in [-1, 1) from the generator's raw bits (the same on every
// standard library, unlike std::uniform_real_distribution).
float Value(std::mt19937& rng) { return static_cast<float>(rng() % 2000) / 1000.0f - 1.0f; }
int64_t Pick(std::mt19937& rng, int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
}

Tensor RandomTensor(std::mt19937& rng, std::vector<int64_t> shape) {
    Tensor t = MakeTensor(shape, "test tensor");
    for (float& v : t.data) v = Value(rng);
    return t;
}

Case RandomPoolCase(std::mt19937& rng) {
    const int dims = static_cast<int>(Pick(rng, 1, 3));
    const LayerType type = rng() % 2 ? LayerType::MaxPool : LayerType::AvgPool;
    std::vector<int64_t> kernel(dims), input(dims);
    for (auto& k : kernel) k = Pick(rng, 1, dims == 3 ? 3 : 5);
    Case c;
    c.layer = MakeLayer(type, kernel);
    Layer& l = c.layer;
    l.ceil_mode = rng() % 2 == 0;
    l.count_include_pad = rng() % 2 == 0;
    for (int d = 0; d < dims; ++d) {
        l.stride[d] = Pick(rng, 1, 3);
        l.dilation[d] = type == LayerType::MaxPool ? Pick(rng, 1, 3) : 1;
        const int64_t p = Pick(rng, 0, kernel[d] / 2);
        l.padding[d] = PadPair{p, p};
        const int64_t widest = d == dims - 1 ? (dims == 3 ? 20 : 70) : (dims == 3 ? 6 : 12);
        input[d] = std::max(Pick(rng, 1, widest), kernel[d]);
    }
    const int64_t channels = Pick(rng, 1, 3), batch = Pick(rng, 1, 2);
    std::vector<int64_t> x_shape = {batch, channels};
    x_shape.insert(x_shape.end(), input.begin(), input.end());
    c.x = RandomTensor(rng, x_shape);
    return c;
}

// Upsampling (nearest or linear, either align_corners) or pixel (un)shuffle, with factors
// that take PyTorch's index rules through their float paths (odd factors, 41).
Case RandomResampleCase(std::mt19937& rng, KernelOp op) {
    const bool shuffle = op == KernelOp::Shuffle;
    const int dims = shuffle ? 2 : static_cast<int>(Pick(rng, 1, 3));
    LayerType type = shuffle ? (rng() % 2 ? LayerType::PixelShuffle : LayerType::PixelUnshuffle)
                             : (rng() % 2 ? LayerType::UpsampleNearest : LayerType::UpsampleLinear);
    std::vector<int64_t> factor(dims);
    for (auto& f : factor) f = Pick(rng, 1, 4);
    if (!shuffle && rng() % 8 == 0) factor.back() = rng() % 2 ? 41 : 7;
    if (shuffle) factor[1] = factor[0];
    Case c;
    c.layer = MakeLayer(type, factor);
    c.layer.align_corners = type == LayerType::UpsampleLinear && rng() % 2 == 0;
    std::vector<int64_t> input(dims);
    for (int d = 0; d < dims; ++d) {
        input[d] = Pick(rng, 1, dims == 3 ? 5 : 12);
        if (type == LayerType::PixelUnshuffle) input[d] *= factor[d];
    }
    int64_t channels = Pick(rng, 1, 3);
    if (type == LayerType::PixelShuffle) channels *= factor[0] * factor[0];
    std::vector<int64_t> x_shape = {Pick(rng, 1, 2), channels};
    x_shape.insert(x_shape.end(), input.begin(), input.end());
    c.x = RandomTensor(rng, x_shape);
    return c;
}

Case RandomCase(std::mt19937& rng, KernelOp op) {
    if (op == KernelOp::Pool) return RandomPoolCase(rng);
    if (op == KernelOp::Resample || op == KernelOp::Shuffle) return RandomResampleCase(rng, op);
    const LayerType type = op == KernelOp::Conv ? LayerType::Conv : LayerType::ConvTranspose;
    const int dims = static_cast<int>(Pick(rng, 1, 3));
    std::vector<int64_t> kernel(dims);
    for (auto& k : kernel) k = Pick(rng, 1, dims == 3 ? 3 : 5);
    Case c;
    c.layer = MakeLayer(type, kernel);
    Layer& l = c.layer;
    std::vector<int64_t> input(dims);
    for (int d = 0; d < dims; ++d) {
        l.stride[d] = Pick(rng, 1, 3);
        l.dilation[d] = Pick(rng, 1, 3);
        const int64_t k_eff = l.dilation[d] * (kernel[d] - 1) + 1;
        // The last dimension is the vectorised one: sweep it widely around the tiles.
        const int64_t widest = d == dims - 1 ? (dims == 3 ? 20 : 70) : (dims == 3 ? 6 : 12);
        input[d] = Pick(rng, 1, widest);
        if (type == LayerType::Conv) {
            const int64_t pb = Pick(rng, 0, 3), pa = Pick(rng, 0, 3);
            l.padding[d] = PadPair{pb, pa};
            if (input[d] + pb + pa < k_eff) input[d] = k_eff;
        } else {
            const int64_t p = Pick(rng, 0, 2);
            l.padding[d] = PadPair{p, p};
            l.output_padding[d] = Pick(rng, 0, std::max(l.stride[d], l.dilation[d]) - 1);
        }
    }
    l.padding_asymmetric = true;
    if (type == LayerType::Conv) {
        const PaddingMode modes[] = {PaddingMode::Zeros, PaddingMode::Reflect,
                                     PaddingMode::Replicate, PaddingMode::Circular};
        l.padding_mode = modes[rng() % 4];
        for (int d = 0; d < dims; ++d) {
            // Respect the modes' limits so the case is valid.
            const int64_t limit = l.padding_mode == PaddingMode::Reflect ? input[d] - 1 : input[d];
            if (l.padding_mode != PaddingMode::Zeros && l.padding_mode != PaddingMode::Replicate) {
                l.padding[d].before = std::min(l.padding[d].before, limit);
                l.padding[d].after = std::min(l.padding[d].after, limit);
            }
            const int64_t k_eff = l.dilation[d] * (kernel[d] - 1) + 1;
            while (input[d] + l.padding[d].before + l.padding[d].after < k_eff) {
                ++input[d];
            }
        }
    }
    l.groups = Pick(rng, 1, 3);
    const int64_t cin = l.groups * Pick(rng, 1, 3);
    const int64_t cout = l.groups * Pick(rng, 1, 4);
    const int64_t batch = Pick(rng, 1, 2);
    std::vector<int64_t> x_shape = {batch, cin};
    x_shape.insert(x_shape.end(), input.begin(), input.end());
    std::vector<int64_t> w_shape = type == LayerType::Conv
                                       ? std::vector<int64_t>{cout, cin / l.groups}
                                       : std::vector<int64_t>{cin, cout / l.groups};
    w_shape.insert(w_shape.end(), kernel.begin(), kernel.end());
    c.x = RandomTensor(rng, x_shape);
    c.w = RandomTensor(rng, w_shape);
    c.b = RandomTensor(rng, {cout});
    c.with_bias = rng() % 3 != 0;
    return c;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
    return text.size() > suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const KernelInfo& ReferenceFor(KernelOp op) {
    for (const KernelInfo& k : KernelRegistry()) {
        if (k.reference && k.op == op) return k;
    }
    FAIL("no reference kernel");
    return KernelRegistry().front();
}

}  // namespace

TEST_CASE("every fast kernel matches its reference", "[kernels]") {
    std::mt19937 rng(20261121);
    int compared = 0;
    for (const KernelInfo& kernel : KernelRegistry()) {
        if (kernel.reference) continue;
        const KernelInfo& reference = ReferenceFor(kernel.op);
        int ran = 0;
        for (int attempt = 0; ran < 300 && attempt < 2000; ++attempt) {
            Case c = RandomCase(rng, kernel.op);
            const bool pooling = !TypeInfo(c.layer.type).Has(kLayerHasWeights);
            LayerInputs in{&c.x, pooling ? nullptr : &c.w,
                           (c.with_bias && !pooling) ? &c.b : nullptr};
            Tensor fast, slow;
            ConvProblem p;
            try {
                p = PrepareProblem(ValidLayer(c.layer), in, nullptr, &fast);
            } catch (const Error&) {
                continue;  // e.g. a transposed output cropped away: not a kernel question
            }
            slow = fast;
            ConvProblem q = p;
            q.y = slow.data.data();
            kernel.run(p);
            reference.run(q);
            double worst = 0;
            for (size_t i = 0; i < fast.data.size(); ++i) {
                // An all-padding max window: -infinity in both.
                if (std::isinf(slow.data[i]) && fast.data[i] == slow.data[i]) continue;
                worst = std::max(worst, std::fabs(double(fast.data[i]) - slow.data[i]) /
                                            (1.0 + std::fabs(double(slow.data[i]))));
            }
            INFO(kernel.name << " vs " << reference.name << ", case " << ran << ", dims "
                             << c.layer.Dims() << ", output " << fast.data.size() << " values");
            CHECK(worst < 1e-5);
            ++ran;
            ++compared;
        }
        CHECK(ran == 300);
    }
    CHECK(compared >= 1500);
}

TEST_CASE("the registry names every kernel by op, type and ISA", "[kernels]") {
    const std::string isa_suffix = std::string("__") + SimdIsaName();
    int references = 0;
    for (const KernelInfo& k : KernelRegistry()) {
        const std::string name = k.name;
        INFO(name);
        CHECK(name.find("_f32_") != std::string::npos);
        if (k.reference) {
            ++references;
            // Plain C++, the same on every ISA: no "__isa" suffix.
            CHECK(name.find("__") == std::string::npos);
            CHECK(EndsWith(name, "_reference"));
        } else {
            CHECK(name.find("__") != std::string::npos);
            CHECK(EndsWith(name, isa_suffix));
        }
    }
    CHECK(references == 5);
}

TEST_CASE("every kernel operation has one reference and a fast kernel", "[kernels]") {
    for (const KernelOp op : kKernelOps) {
        INFO(KernelOpName(op));
        int references = 0, fast = 0;
        const KernelInfo* first_fast = nullptr;
        const KernelInfo* reference = nullptr;
        for (const KernelInfo& k : KernelRegistry()) {
            if (k.op != op) continue;
            if (k.reference) {
                ++references;
                reference = &k;
            } else {
                ++fast;
                if (!first_fast) first_fast = &k;
            }
        }
        CHECK(references == 1);
        CHECK(fast >= 1);
        // Dispatch runs exactly these entries of the registry.
        CHECK(&KernelFor(op, KernelChoice::Reference) == reference);
        CHECK(&KernelFor(op, KernelChoice::Fast) == first_fast);
    }
    // No kernel is filed under an operation missing from kKernelOps.
    for (const KernelInfo& k : KernelRegistry()) {
        INFO(k.name);
        CHECK(std::find(std::begin(kKernelOps), std::end(kKernelOps), k.op) !=
              std::end(kKernelOps));
    }
}

TEST_CASE("layer types map to their kernel operation", "[kernels]") {
    CHECK(KernelOpFor(LayerType::Conv) == KernelOp::Conv);
    CHECK(KernelOpFor(LayerType::ConvTranspose) == KernelOp::ConvTranspose);
    CHECK(KernelOpFor(LayerType::MaxPool) == KernelOp::Pool);
    CHECK(KernelOpFor(LayerType::AvgPool) == KernelOp::Pool);
    CHECK(KernelOpFor(LayerType::UpsampleNearest) == KernelOp::Resample);
    CHECK(KernelOpFor(LayerType::UpsampleLinear) == KernelOp::Resample);
    CHECK(KernelOpFor(LayerType::PixelShuffle) == KernelOp::Shuffle);
    CHECK(KernelOpFor(LayerType::PixelUnshuffle) == KernelOp::Shuffle);
}

TEST_CASE("RunProblem runs the registry's kernels", "[kernels]") {
    std::mt19937 rng(20261122);
    int ran = 0;
    for (const LayerType type :
         {LayerType::Conv, LayerType::ConvTranspose, LayerType::MaxPool, LayerType::AvgPool}) {
        for (const KernelChoice choice : {KernelChoice::Fast, KernelChoice::Reference}) {
            const KernelInfo& kernel = KernelFor(KernelOpFor(type), choice);
            for (int attempt = 0; attempt < 50; ++attempt) {
                Case c = RandomCase(rng, KernelOpFor(type));
                if (c.layer.type != type) continue;  // pooling cases draw max or average
                const bool pooling = !TypeInfo(c.layer.type).Has(kLayerHasWeights);
                LayerInputs in{&c.x, pooling ? nullptr : &c.w, pooling ? nullptr : &c.b};
                Tensor dispatched, direct;
                ConvProblem p;
                try {
                    p = PrepareProblem(ValidLayer(c.layer), in, nullptr, &dispatched);
                } catch (const Error&) {
                    continue;
                }
                direct = dispatched;
                ConvProblem q = p;
                q.y = direct.data.data();
                RunProblem(p, choice);
                kernel.run(q);
                INFO(kernel.name << ", " << LayerTypeName(type));
                // The same kernel on the same problem: the same bits (NaN-free inputs).
                CHECK(dispatched.data == direct.data);
                ++ran;
                break;
            }
        }
    }
    CHECK(ran == 8);
}

TEST_CASE("dispatch without a kernel throws instead of aborting", "[kernels]") {
    const KernelOp unknown_op = static_cast<KernelOp>(99);
    CHECK_THROWS_AS(KernelFor(unknown_op, KernelChoice::Fast), Error);
    CHECK_THROWS_AS(KernelFor(unknown_op, KernelChoice::Reference), Error);
    CHECK_THROWS_AS(KernelOpFor(static_cast<LayerType>(99)), Error);
    ConvProblem p;
    p.type = static_cast<LayerType>(99);
    CHECK_THROWS_AS(RunProblem(p, KernelChoice::Fast), Error);
}

TEST_CASE("pooling reference follows PyTorch's divisor rules", "[kernels][pool]") {
    // avg_pool1d on [1, 2, 3], k=4, s=2, ceil_mode: the window [0, 4) reaches past the input;
    // with count_include_pad the divisor is clipped to input + padding = 3: 6 / 3 = 2.
    Layer pool = MakeLayer(LayerType::AvgPool, {4});
    pool.stride = {2};
    pool.ceil_mode = true;
    Tensor x;
    x.shape = {1, 1, 3};
    x.data = {1, 2, 3};
    Tensor y = RunLayer(pool, LayerInputs{&x, nullptr, nullptr});
    REQUIRE(y.data.size() == 1);
    CHECK(y.data[0] == Approx(2.0f));
    // All-ones input of 6, k=3, s=2, p=1, ceil: [2/3, 1, 1, 1/2] (PyTorch 1.13).
    Layer padded = MakeLayer(LayerType::AvgPool, {3});
    padded.stride = {2};
    padded.padding = {PadPair{1, 1}};
    padded.ceil_mode = true;
    Tensor ones;
    ones.shape = {1, 1, 6};
    ones.data.assign(6, 1.0f);
    const Tensor z = RunLayer(padded, LayerInputs{&ones, nullptr, nullptr});
    REQUIRE(z.data.size() == 4);
    CHECK(z.data[0] == Approx(2.0f / 3));
    CHECK(z.data[1] == Approx(1.0f));
    CHECK(z.data[3] == Approx(0.5f));
}

TEST_CASE("average pooling over a 'same' window larger than the input averages its real cells",
          "[kernels][pool][same]") {
    // A 4x2x1 input (values 1..8, depth first) under a 3x3x3 TensorFlow/ONNX 'same' window,
    // stride 1: every window covers all of the height and width, and depth cells o-1..o+1.
    // count_include_pad false divides by the real cells only (PyTorch on the padded input
    // divided by the padded ones gives the same); true divides by the 27 taps of the window.
    Tensor x;
    x.shape = {1, 1, 4, 2, 1};
    x.data = {1, 2, 3, 4, 5, 6, 7, 8};
    Layer pool = MakeLayer(LayerType::AvgPool, {3, 3, 3});
    pool.stride = {1, 1, 1};
    pool.padding_form = PaddingForm::Same;
    for (const SameRule rule : {SameRule::TensorFlow, SameRule::OnnxUpper, SameRule::OnnxLower}) {
        pool.same_rule = rule;
        for (const KernelChoice choice : {KernelChoice::Fast, KernelChoice::Reference}) {
            pool.count_include_pad = false;
            const Tensor mean = RunLayer(pool, LayerInputs{&x, nullptr, nullptr}, choice);
            CHECK(mean.shape == std::vector<int64_t>{1, 1, 4, 2, 1});
            const std::vector<float> real = {2.5f, 2.5f, 3.5f, 3.5f, 5.5f, 5.5f, 6.5f, 6.5f};
            REQUIRE(mean.data.size() == real.size());
            for (size_t i = 0; i < real.size(); ++i) CHECK(mean.data[i] == Approx(real[i]));
            pool.count_include_pad = true;
            const Tensor counted = RunLayer(pool, LayerInputs{&x, nullptr, nullptr}, choice);
            const std::vector<float> sums = {10, 10, 21, 21, 33, 33, 26, 26};
            REQUIRE(counted.data.size() == sums.size());
            for (size_t i = 0; i < sums.size(); ++i)
                CHECK(counted.data[i] == Approx(sums[i] / 27.0f));
        }
    }
    // Issue 16's example: 2x2x2 with a 3x3x3 window, every window covering all eight cells.
    Tensor cube;
    cube.shape = {1, 1, 2, 2, 2};
    cube.data = {1, 2, 3, 4, 5, 6, 7, 8};
    pool.same_rule = SameRule::TensorFlow;
    pool.count_include_pad = false;
    const Tensor y = RunLayer(pool, LayerInputs{&cube, nullptr, nullptr});
    REQUIRE(y.data.size() == 8);
    for (const float v : y.data) CHECK(v == Approx(4.5f));
}
