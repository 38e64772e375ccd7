// The U-Net planner panel of the explorer: input size, depth and the operators of a level
// (down block, down-sampler, up-sampler, up block, as layer tokens of the explorer's stack),
// the sizes along both paths, each skip's mismatch and crop, and the fixes: the nearest
// input sizes that work and the up-sampler paddings that line up a level. The blocks serve
// every level; the samplers may differ per level (one token per level from the top).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/widgets/link_keys.h"
#include "core/layer/layer.h"
#include "core/network/unet_planner.h"

namespace convscope::app {

class UNetPanel {
public:
    UNetPanel();
    void Draw();
    // What the planner shows, for the test hook: unet_operators, then unet_error or the plan
    // (unet_levels, unet_output, unet_exact, unet_nearest, unet_flags, and unet_fixes: each
    // level's verdict line as drawn, top level first).
    nlohmann::json TestValues();
    // Link keys: unet_in, unet_depth, unet_same (1: the same-padded U-Net's blocks, 0: the
    // valid ones), unet_down_block, unet_down, unet_up, unet_up_block (layer tokens, blocks
    // joined by ';'), read from a link through the planner's table (LinkKeys()); a bad value
    // is ignored with a note in `notes`.
    void ReadLink(LinkReader& reader, std::vector<std::string>& notes);
    // "&unet_in=256&..." with what differs from the original U-Net, "" when nothing does.
    std::string Query() const;

private:
    enum Part { kDownBlock, kDown, kUp, kUpBlock, kParts };
    // Reads the text of `part` into its layers; false with `error` set when a token fails.
    bool Parse(int part, const std::string& text, std::string& error);
    void SetPart(int part, const std::string& text);
    void Recompute();
    bool ReadKey(const std::string& key, const std::string& value, std::string& why);
    bool SameBlocks() const;  // the blocks are the same-padded U-Net's (unet_same=1)
    // The plan's flags as shown: a square input's two dimensions flagged once.
    std::vector<std::string> ShownFlags() const;
    void WritePart(int part, bool same_blocks, LinkWriter& out) const;
    static const std::vector<LinkKey<UNetPanel>>& LinkKeys();

    int64_t input_ = 572;
    int depth_ = 4;
    char text_[kParts][256] = {};        // what the fields show, as typed
    std::vector<Layer> layers_[kParts];  // the last text of each part that read
    std::string parse_error_[kParts];    // why the field's text does not read ("" if it does)
    bool dirty_ = true;
    std::string error_;
    UNetPlan plan_;
};

}  // namespace convscope::app
