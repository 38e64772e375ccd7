// A network as the receptive-field explorer sees it: an input size, a chain of layers and a
// name per layer. Presets, the text parsers, the table export, the effective-field
// computation and the U-Net planner all exchange this one structure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

struct Network {
    std::vector<int64_t> input;      // spatial sizes; empty when the source does not say
    std::vector<Layer> layers;       // applied in order; branches are not represented
    std::vector<std::string> names;  // one per layer ("" when unnamed)
};

// One-line summaries of a layer, ASCII only so that they can go into CSV files and
// terminals: "conv 3x3 s2 p1 64->128", "max_pool 2x2 s2", "conv 2 d2 p[2,0]" (asymmetric:
// [before,after]), "conv 3x3 SAME" (TensorFlow's rule; PyTorch's is "same", ONNX's
// "same_upper"/"same_lower"). Only values other than PyTorch's defaults are shown, except
// a pooling layer's stride.
std::string LayerSummary(const Layer& layer);

}  // namespace convscope
