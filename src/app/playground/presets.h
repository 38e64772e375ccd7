// Input and kernel presets of the playground: the chapter's 5x5 ramp and corners-plus-centre
// kernel, and the usual teaching examples, generated in code for any size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/playground/volume.h"

namespace convscope::app {

struct PresetInfo {
    const char* key;    // used in links: input=ramp
    const char* label;  // shown in the menu
};

const std::vector<PresetInfo>& InputPresets();
const std::vector<PresetInfo>& KernelPresets();

// Values of a preset over a volume (depth, height, width), row-major. Unknown keys give
// the first preset. `seed` drives the random presets.
std::vector<float> MakeInput(const std::string& key, const Cell& volume, uint32_t seed);
std::vector<float> MakeKernel(const std::string& key, const Cell& volume, uint32_t seed);

// `channels` input channels one after the other, as the preset fills a volume `channels`
// times as deep: the ramp numbers every cell of the (C, ...) tensor (torch.arange), the
// checkerboard flips its phase from channel to channel, the random values go on. The first
// channel is MakeInput's.
std::vector<float> MakeInputChannels(const std::string& key, const Cell& volume, uint32_t seed,
                                     int64_t channels);
// `count` kernels one after the other: the preset, then the integer-valued presets in turn
// (identity, Sobel x and y, Laplacian, random, corners), so that the filters of a layer with
// many channels differ and their sums stay readable. The first kernel is MakeKernel's.
std::vector<float> MakeKernelSet(const std::string& key, const Cell& volume, uint32_t seed,
                                 int64_t count);

}  // namespace convscope::app
