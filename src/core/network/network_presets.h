// Named network stacks for the receptive-field explorer: the chapter's examples and the
// usual reference networks, each with its input size, a one-line source, and the published
// numbers it must reproduce (the core tests check every one of them).
//
// Conventions of the published numbers (Araujo et al. 2019, Google's receptive_field
// tables): "rf" is the receptive field of the end-point's first unit in input cells,
// "jump" the effective stride, and "effective padding" how many cells the first unit's
// field starts before input cell 0, i.e. -range.lo of ComputeReceptiveFields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/network/network.h"

namespace convscope {

// A number a paper, table or the chapter states for one end-point of a preset; every
// dimension of the end-point has the same value. Absent fields are not published.
struct PublishedField {
    size_t layer = 0;  // 0-based index of the end-point layer
    std::optional<int64_t> rf;
    std::optional<int64_t> jump;
    std::optional<int64_t> effective_padding;
    std::optional<int64_t> output;  // output size of the end-point
    std::string source;             // where the number is printed
};

struct NetworkPreset {
    std::string key;          // stable identifier used in links and the JSON API: "vgg16"
    std::string name;         // shown in menus: "VGG-16 to pool5"
    std::string description;  // one line: the source and the conventions followed
    // Presets sharing a group are parallel branches applied to the same input (DeepLab's
    // ASPP): each is a chain of its own. Empty for ordinary chains.
    std::string group;
    Network network;
    std::vector<PublishedField> published;
};

// Every preset, in menu order. Built once; the references stay valid.
const std::vector<NetworkPreset>& NetworkPresets();
// The first of them (the chapter's three 3x3 convolutions), built alone: the explorer starts
// with it, and building every preset at start-up delayed the page's first frame.
NetworkPreset FirstChapterPreset();

// The preset with this key or a common alias of it ("resnet50", "vgg"), or nullptr.
const NetworkPreset* FindNetworkPreset(const std::string& key);
// "chapter_3x3, ..., unet_valid" for messages that list the valid keys.
std::string NetworkPresetKeyList();

}  // namespace convscope
