// Tensor allocation with a size cap (see tensor.h).
#include "core/numeric/tensor.h"

#include <string>

#include "core/layer/error.h"

namespace convscope {

int64_t CheckedElementCount(const std::vector<int64_t>& shape, const char* what) {
    int64_t count = 1;
    std::string dims_text;
    for (size_t i = 0; i < shape.size(); ++i) {
        dims_text += (i ? " x " : "") + std::to_string(shape[i]);
    }
    for (const int64_t extent : shape) {
        if (extent < 1)
            throw Error(std::string(what) + " has an empty dimension (" + dims_text + ")");
        if (extent > kMaxTensorElements || count > kMaxTensorElements / extent) {
            throw Error(std::string(what) + " would hold " + dims_text +
                        " elements, more than ConvScope's limit of " +
                        std::to_string(kMaxTensorElements) + " (64 MiB of float32)");
        }
        count *= extent;
    }
    return count;
}

Tensor MakeTensor(const std::vector<int64_t>& shape, const char* what) {
    Tensor t;
    t.data.assign(static_cast<size_t>(CheckedElementCount(shape, what)), 0.0f);
    t.shape = shape;
    return t;
}

}  // namespace convscope
