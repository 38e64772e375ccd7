// The U-Net planner panel of the explorer: input size, depth and valid or same padding of
// the original U-Net, the sizes along both paths, each skip's mismatch and crop, and the
// fixes: the nearest input sizes that work and the up-sampler paddings that line up a level.
#pragma once

#include <cstdint>
#include <string>

#include "core/unet_planner.h"

namespace convscope::app {

class UNetPanel {
public:
    void Draw();
    // Link keys: unet_in, unet_depth, unet_same.
    void Apply(const std::string& key, const std::string& value);
    std::string Query() const;

private:
    void Recompute();

    int64_t input_ = 572;
    int depth_ = 4;
    bool same_padding_ = false;
    bool dirty_ = true;
    std::string error_;
    UNetPlan plan_;
};

}  // namespace convscope::app
