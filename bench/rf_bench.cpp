// Receptive-field benchmark: milliseconds for what the explorer recomputes when its stack
// changes (the theoretical fields and the table of a 50-layer stack, with its CSV and
// Markdown) and for the effective field of ResNet-50's main path on 224x224, natively or
// under Node. Prints figures; asserts nothing about time.
//   usage: rf_bench [--quick]   (--quick: a few runs each, for a smoke check)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "core/network/effective_rf.h"
#include "core/network/network_presets.h"
#include "core/network/receptive_field.h"
#include "core/network/rf_table.h"
#include "core/numeric/numeric.h"

using namespace convscope;

namespace {

double Seconds() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// The median of runs until `budget` seconds have passed (at least `min_runs`), in ms.
double MedianMs(const std::function<void()>& work, double budget, int min_runs) {
    std::vector<double> times;
    const double start = Seconds();
    while (static_cast<int>(times.size()) < min_runs ||
           (Seconds() - start < budget && times.size() < 2000)) {
        const double t0 = Seconds();
        work();
        times.push_back((Seconds() - t0) * 1e3);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const double budget = quick ? 0.0 : 1.0;
    const int runs = quick ? 2 : 5;
    std::printf("ConvScope receptive-field benchmark, SIMD: %s, one thread\n", SimdIsaName());
    std::printf("%-58s %10s\n", "work", "median ms");
    size_t sink = 0;

    const NetworkPreset& r50 = *FindNetworkPreset("resnet50_torchvision");
    const Network& net = r50.network;
    std::printf("%-58s %10.4f\n", "theoretical fields, ResNet-50 main path (50 layers)",
                MedianMs([&] { sink += ComputeReceptiveFields(net.input, net.layers).size(); },
                         budget, runs));
    std::printf("%-58s %10.4f\n", "table rows, ResNet-50 main path",
                MedianMs([&] { sink += ComputeRfTable(net).size(); }, budget, runs));
    std::printf("%-58s %10.4f\n", "table rows + CSV + Markdown, ResNet-50 main path",
                MedianMs(
                    [&] {
                        const std::vector<RfTableRow> rows = ComputeRfTable(net);
                        sink += RfTableCsv(rows).size() + RfTableMarkdown(rows).size();
                    },
                    budget, runs));

    struct Case {
        const char* label;
        const char* preset;
        ErfWeights weights;
        int64_t channels;
    };
    const Case cases[] = {
        {"effective field, ResNet-50 torchvision, 224, uniform", "resnet50_torchvision",
         ErfWeights::Uniform, 1},
        {"effective field, ResNet-v1-50 TF-slim, 224, uniform", "resnet50_v1_slim",
         ErfWeights::Uniform, 1},
        {"effective field, ResNet-50 torchvision, 224, random x1", "resnet50_torchvision",
         ErfWeights::Random, 1},
        {"effective field, ResNet-50 torchvision, 224, random x4", "resnet50_torchvision",
         ErfWeights::Random, 4},
        {"effective field, VGG-16, 224, uniform", "vgg16", ErfWeights::Uniform, 1},
        {"effective field, U-Net (valid), 572, uniform", "unet_valid", ErfWeights::Uniform, 1},
    };
    for (const Case& c : cases) {
        const Network& n = FindNetworkPreset(c.preset)->network;
        ErfOptions options;
        options.weights = c.weights;
        options.channels = c.channels;
        const double ms =
            MedianMs([&] { sink += ComputeEffectiveField(n.input, n.layers, options).map.size(); },
                     quick ? 0.0 : 2.0, quick ? 1 : 3);
        std::printf("%-58s %10.2f\n", c.label, ms);
    }
    std::printf("(checksum %zu)\n", sink);
    return 0;
}
