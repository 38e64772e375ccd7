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

}  // namespace convscope::app
