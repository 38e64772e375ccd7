// Input and kernel presets (see presets.h).
#include "app/playground/presets.h"

#include <cmath>

namespace convscope::app {

namespace {

// A small deterministic generator, so a seed in a link gives the same values everywhere.
float Random01(uint32_t& state) {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
}

float Round1(float v) { return std::round(v * 10.0f) / 10.0f; }

}  // namespace

const std::vector<PresetInfo>& InputPresets() {
    static const std::vector<PresetInfo> presets = {{"ramp", "Ramp 1, 2, 3, ..."},
                                                    {"random", "Random integers"},
                                                    {"checker", "Checkerboard"},
                                                    {"image", "Natural-image patch"}};
    return presets;
}

const std::vector<PresetInfo>& KernelPresets() {
    static const std::vector<PresetInfo> presets = {{"corners", "Corners plus centre"},
                                                    {"identity", "Identity"},
                                                    {"box", "Box (mean)"},
                                                    {"gauss", "Gaussian"},
                                                    {"sobelx", "Sobel x"},
                                                    {"sobely", "Sobel y"},
                                                    {"laplace", "Laplacian"},
                                                    {"random", "Random"}};
    return presets;
}

std::vector<float> MakeInput(const std::string& key, const Cell& e, uint32_t seed) {
    std::vector<float> v(static_cast<size_t>(e[0] * e[1] * e[2]));
    uint32_t state = seed * 2654435761u + 17u;
    for (int64_t z = 0; z < e[0]; ++z)
        for (int64_t y = 0; y < e[1]; ++y)
            for (int64_t x = 0; x < e[2]; ++x) {
                const size_t i = static_cast<size_t>((z * e[1] + y) * e[2] + x);
                if (key == "random") {
                    v[i] = std::floor(Random01(state) * 10.0f);
                } else if (key == "checker") {
                    v[i] = ((x + y + z) % 2 == 0) ? 1.0f : 0.0f;
                } else if (key == "image") {
                    // A soft disc on a gradient with a little texture: edges and flat regions, the
                    // things filters react to, in values 0..9.
                    const float cx =
                        (static_cast<float>(x) + 0.5f) / static_cast<float>(e[2]) - 0.55f;
                    const float cy =
                        (static_cast<float>(y) + 0.5f) / static_cast<float>(e[1]) - 0.45f;
                    const float disc =
                        1.0f / (1.0f + std::exp((std::sqrt(cx * cx + cy * cy) - 0.28f) * 25.0f));
                    const float value =
                        2.0f + 2.5f * static_cast<float>(y) / static_cast<float>(e[1]) +
                        5.0f * disc +
                        0.6f * std::sin(static_cast<float>(x) * 1.7f + static_cast<float>(z));
                    v[i] = Round1(value);
                } else {
                    v[i] = static_cast<float>(i + 1);
                }
            }
    return v;
}

std::vector<float> MakeKernel(const std::string& key, const Cell& e, uint32_t seed) {
    const size_t count = static_cast<size_t>(e[0] * e[1] * e[2]);
    std::vector<float> v(count, 0.0f);
    uint32_t state = seed * 2246822519u + 3u;
    for (int64_t z = 0; z < e[0]; ++z)
        for (int64_t y = 0; y < e[1]; ++y)
            for (int64_t x = 0; x < e[2]; ++x) {
                const size_t i = static_cast<size_t>((z * e[1] + y) * e[2] + x);
                const bool edge_y = y == 0 || y == e[1] - 1, edge_x = x == 0 || x == e[2] - 1;
                const bool centre = 2 * y == e[1] - 1 && 2 * x == e[2] - 1 && 2 * z == e[0] - 1;
                // Position relative to the centre, for the derivative kernels.
                const float dy = static_cast<float>(y) - static_cast<float>(e[1] - 1) / 2.0f;
                const float dx = static_cast<float>(x) - static_cast<float>(e[2] - 1) / 2.0f;
                const float dz = static_cast<float>(z) - static_cast<float>(e[0] - 1) / 2.0f;
                if (key == "identity") {
                    v[i] = centre ? 1.0f : 0.0f;
                } else if (key == "box") {
                    v[i] = Round1(1.0f / static_cast<float>(count) * 100.0f) / 100.0f;
                } else if (key == "gauss") {
                    const float sigma =
                        std::max(0.5f, static_cast<float>(std::max(e[1], e[2])) / 4.0f);
                    v[i] = std::exp(-(dx * dx + dy * dy + dz * dz) / (2.0f * sigma * sigma));
                } else if (key == "sobelx") {
                    v[i] = (dx > 0 ? 1.0f : dx < 0 ? -1.0f : 0.0f) * (dy == 0 ? 2.0f : 1.0f);
                } else if (key == "sobely") {
                    v[i] = (dy > 0 ? 1.0f : dy < 0 ? -1.0f : 0.0f) * (dx == 0 ? 2.0f : 1.0f);
                } else if (key == "laplace") {
                    v[i] = centre ? -static_cast<float>(count - 1) : 1.0f;
                } else if (key == "random") {
                    v[i] = std::round((Random01(state) * 2.0f - 1.0f) * 2.0f);
                } else {
                    v[i] = ((edge_y && edge_x) || centre) ? 1.0f : 0.0f;
                }
            }
    if (key == "gauss") {
        float sum = 0;
        for (const float w : v) sum += w;
        for (float& w : v) w = std::round(w / sum * 1000.0f) / 1000.0f;
    }
    return v;
}

std::vector<float> MakeInputChannels(const std::string& key, const Cell& e, uint32_t seed,
                                     int64_t channels) {
    return MakeInput(key, Cell{e[0] * channels, e[1], e[2]}, seed);
}

std::vector<float> MakeKernelSet(const std::string& key, const Cell& e, uint32_t seed,
                                 int64_t count) {
    static const char* const kCycle[] = {"identity", "sobelx", "sobely",
                                         "laplace",  "random", "corners"};
    constexpr int64_t kCycleLength = sizeof kCycle / sizeof kCycle[0];
    std::vector<float> values;
    for (int64_t i = 0; i < count; ++i) {
        const std::string preset = i == 0 ? key : kCycle[(i - 1) % kCycleLength];
        const std::vector<float> kernel =
            MakeKernel(preset, e, seed + static_cast<uint32_t>(i / kCycleLength));
        values.insert(values.end(), kernel.begin(), kernel.end());
    }
    return values;
}

}  // namespace convscope::app
