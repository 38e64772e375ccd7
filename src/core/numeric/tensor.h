// A dense float32 tensor in PyTorch's layout (N, C, spatial...), row-major, and the
// element-count check every allocation in the core goes through.
#pragma once

#include <cstdint>
#include <vector>

namespace convscope {

struct Tensor {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

// The number of elements of `shape`, refused with an Error (naming `what` and the limit)
// when it exceeds kMaxTensorElements or a dimension is not positive.
int64_t CheckedElementCount(const std::vector<int64_t>& shape, const char* what);

// A zero-filled tensor of `shape`, after CheckedElementCount.
Tensor MakeTensor(const std::vector<int64_t>& shape, const char* what);

}  // namespace convscope
