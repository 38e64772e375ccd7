// The one error type of the core: a configuration or request that cannot be computed, with
// a message for people that names the rule and the numbers involved.
#pragma once

#include <stdexcept>
#include <string>

namespace convscope {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Limits that keep every size computation inside 64-bit arithmetic and every allocation
// inside a browser tab. Checked before anything is computed or allocated.
inline constexpr long long kMaxExtent = 1LL << 30;          // any size, stride, pad, ...
inline constexpr long long kMaxTensorElements = 1LL << 24;  // 16M floats = 64 MiB
inline constexpr int kMaxSpatialDims = 3;

}  // namespace convscope
