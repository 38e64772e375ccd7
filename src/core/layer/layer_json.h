// A layer in the JSON API's form ({"type": "conv", "kernel": [3, 3], ...}, docs/api.md):
// read with the same checks as every other text form, and written back with explicit lists.
#pragma once

#include <nlohmann/json.hpp>

#include "core/layer/layer.h"

namespace convscope {

// Reads a layer description for `dims` spatial dimensions (scalars stand for every
// dimension) and validates it; throws Error naming the field and what it expected.
ValidLayer ParseLayer(const nlohmann::json& j, int dims);

// The key that holds a resampling layer's factor ("scale_factor" for upsampling,
// "upscale_factor" / "downscale_factor" for pixel shuffle / unshuffle, PyTorch's names);
// null for layers with a kernel. The JSON form also reads "kernel" for it.
const char* FactorKey(LayerType type);

// The layer written back in the request form (explicit lists; a resampling layer as its
// factor, align_corners and channels only).
nlohmann::json LayerToJson(const Layer& layer);

}  // namespace convscope
