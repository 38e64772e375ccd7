// Convolution benchmark: GFLOP/s (2 x multiply-accumulates per second) of every kernel in
// the registry on the shapes the core issue names, natively or under Node. Prints figures;
// asserts nothing about time.
//   usage: conv_bench [--quick]   (--quick: one run each, for a smoke check)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/layer/shape.h"
#include "core/numeric/numeric.h"

using namespace convscope;

namespace {

struct BenchShape {
    const char* name;
    LayerType type;
    int64_t cin, cout, size, kernel, stride, pad, dilation;
};

const BenchShape kShapes[] = {
    {"1->1 512x512 3x3", LayerType::Conv, 1, 1, 512, 3, 1, 0, 1},
    {"3->3 512x512 7x7", LayerType::Conv, 3, 3, 512, 7, 1, 0, 1},
    {"64->64 56x56 3x3", LayerType::Conv, 64, 64, 56, 3, 1, 1, 1},
    {"3->64 224x224 7x7 s2 p3", LayerType::Conv, 3, 64, 224, 7, 2, 3, 1},
    {"32->32 128x128 3x3 d4 p4", LayerType::Conv, 32, 32, 128, 3, 1, 4, 4},
    {"transposed 64->32 56x56 4x4 s2 p1", LayerType::ConvTranspose, 64, 32, 56, 4, 2, 1, 1},
};

double Seconds() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

Tensor Random(std::mt19937& rng, std::vector<int64_t> shape) {
    Tensor t = MakeTensor(shape, "bench tensor");
    for (float& v : t.data) v = static_cast<float>(rng() % 2000) / 1000.0f - 1.0f;
    return t;
}

// Runs `kernel` until `budget` seconds have passed (at least `min_runs` times); returns the
// median time of one run.
double TimeKernel(const KernelInfo& kernel, const ConvProblem& p, double budget, int min_runs) {
    std::vector<double> times;
    const double start = Seconds();
    while (static_cast<int>(times.size()) < min_runs ||
           (Seconds() - start < budget && times.size() < 200)) {
        const double t0 = Seconds();
        kernel.run(p);
        times.push_back(Seconds() - t0);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("ConvScope convolution benchmark, SIMD: %s, one thread\n", SimdIsaName());
    std::printf("%-36s %-38s %10s %10s %9s\n", "shape", "kernel", "ms", "GFLOP/s", "max diff");
    std::mt19937 rng(7);
    double worst_speedup = 1e9, worst_fast = 1e9;
    for (const BenchShape& s : kShapes) {
        Layer layer = MakeLayer(s.type, {s.kernel, s.kernel});
        layer.stride = {s.stride, s.stride};
        layer.dilation = {s.dilation, s.dilation};
        layer.padding = {PadPair{s.pad, s.pad}, PadPair{s.pad, s.pad}};
        const Tensor x = Random(rng, {1, s.cin, s.size, s.size});
        const Tensor w = s.type == LayerType::Conv
                             ? Random(rng, {s.cout, s.cin, s.kernel, s.kernel})
                             : Random(rng, {s.cin, s.cout, s.kernel, s.kernel});
        const Tensor b = Random(rng, {s.cout});
        Shape shape;
        Tensor y_fast, y_ref;
        const ConvProblem p =
            PrepareProblem(ValidLayer(layer), LayerInputs{&x, &w, &b}, &shape, &y_fast);
        y_ref = y_fast;
        ConvProblem q = p;
        q.y = y_ref.data.data();
        Layer counted = layer;
        counted.in_channels = s.cin;
        counted.out_channels = s.cout;
        const double flops = 2.0 * ComputeCost(counted, shape).macs;
        double reference_ms = 0, fast_ms = 0;
        for (const KernelInfo& k : KernelRegistry()) {
            if (k.op != KernelOpFor(s.type)) continue;
            const ConvProblem& run = k.reference ? q : p;
            const double t = TimeKernel(k, run, quick ? 0.0 : (k.reference ? 0.5 : 1.0), 1);
            double diff = 0;
            if (!k.reference) {
                for (size_t i = 0; i < y_fast.data.size(); ++i) {
                    diff = std::max(diff, std::fabs(double(y_fast.data[i]) - y_ref.data[i]) /
                                              (1.0 + std::fabs(double(y_ref.data[i]))));
                }
            }
            // The summary compares the kernels RunProblem runs.
            const KernelChoice choice = k.reference ? KernelChoice::Reference : KernelChoice::Fast;
            if (&k == &KernelFor(k.op, choice)) (k.reference ? reference_ms : fast_ms) = t * 1e3;
            std::printf("%-36s %-38s %10.2f %10.2f %9.1e\n", s.name, k.name, t * 1e3,
                        flops / t * 1e-9, diff);
        }
        const double speedup = reference_ms / fast_ms;
        const double fast_gflops = flops / (fast_ms * 1e-3) * 1e-9;
        worst_speedup = std::min(worst_speedup, speedup);
        worst_fast = std::min(worst_fast, fast_gflops);
        std::printf("%-36s %-38s %10s %9.1fx\n", "", "fast / reference", "", speedup);
    }
    std::printf("slowest fast kernel: %.2f GFLOP/s; smallest speed-up over the reference: %.1fx\n",
                worst_fast, worst_speedup);
    return 0;
}
