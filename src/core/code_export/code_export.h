// Framework code for one layer: runnable PyTorch, Keras/TensorFlow and ONNX snippets that
// give exactly the output shape the core computes (and, for PyTorch, the same values), with
// notes wherever a framework cannot state the layer directly: which of its rules refuses it
// and what the snippet does instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

struct CodeExport {
    std::string pytorch;  // NCHW; builds `layer`, runs it on `x`, prints the output shape
    std::string keras;    // channels_last; same structure
    std::string onnx;     // one graph built with onnx.helper, checked and shape-inferred
    // One sentence each, starting with the framework they concern ("PyTorch: ",
    // "Keras: ", "ONNX: ") or "All: ".
    std::vector<std::string> notes;
    std::vector<int64_t> output;  // spatial output sizes, as ComputeShape gives them
    int64_t in_channels = 1;      // channels the snippets use (the layer's, or defaults)
    int64_t out_channels = 1;
};

// Padding spelled the frameworks' ways, for the snippets and for the playground's solver:
// F.pad's tuple, last dimension first ("(0, 0, 1, 2)"); its entries' names
// ("(left, right, top, bottom)"); Keras' ZeroPadding argument ("((1, 2), (0, 0))"); ONNX's
// pads, every begin then every end ("[1, 0, 2, 0]").
std::string TorchPadTuple(const std::vector<PadPair>& pads);
std::string TorchPadOrder(int dims);
std::string KerasPairs(const std::vector<PadPair>& pads);
std::string OnnxPadsText(const std::vector<PadPair>& pads);

// Computes the layer's shape on `input` (spatial sizes) and writes the three snippets.
// Channel counts come from the layer; when it gives none, convolutions use `groups`
// channels in and out (1 without groups) and pooling uses 1. Throws Error for every
// configuration the core refuses (the same messages as ComputeShape).
CodeExport ExportCode(const Layer& layer, const std::vector<int64_t>& input);

}  // namespace convscope
