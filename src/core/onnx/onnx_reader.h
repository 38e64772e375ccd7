// ONNX models (a ModelProto, .onnx) read into a Graph: nodes, inputs, outputs, declared
// shapes and the small constants that give shapes, axes and scales. The file is read as a
// stream and weights are skipped as they pass, so a model of any size is never held whole.
#pragma once

#include <cstddef>
#include <string>

#include "core/graph/graph.h"

namespace convscope {

// Where a model's bytes come from, read front to back in pieces.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Copies up to `size` next bytes into `buffer`; returns how many, 0 at the end.
    virtual size_t Read(void* buffer, size_t size) = 0;
};

// Constants with at most this many elements keep their values (shapes, axes, scales, pads);
// larger ones (weights) keep only their dimensions.
inline constexpr size_t kMaxKeptConstantElements = 4096;

// Reads a model. Throws Error naming what is wrong (not an ONNX model, truncated, no graph).
Graph ReadOnnxModel(ByteSource& source);
Graph ReadOnnxModelBytes(const std::string& bytes);
// The bytes as base64 text (the JSON API's "model" field).
Graph ReadOnnxModelBase64(const std::string& text);
Graph ReadOnnxModelFile(const std::string& path);

}  // namespace convscope
