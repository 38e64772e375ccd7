// How the explorer writes sizes on screen: "16×64×64".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convscope::app {

inline std::string SizeText(const std::vector<int64_t>& sizes) {
    std::string text;
    for (size_t d = 0; d < sizes.size(); ++d) text += (d ? "×" : "") + std::to_string(sizes[d]);
    return text;
}

}  // namespace convscope::app
