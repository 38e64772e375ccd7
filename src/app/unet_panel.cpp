// The U-Net planner panel (see unet_panel.h). Every size comes from the core's PlanUNet.
#include "app/unet_panel.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <imgui.h>

#include "app/theme.h"
#include "app/ui_probe.h"
#include "core/error.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Sizes(const std::vector<int64_t>& v) {
    std::string text;
    for (size_t d = 0; d < v.size(); ++d) text += (d ? "×" : "") + Num(v[d]);
    return text;
}

}  // namespace

void UNetPanel::Apply(const std::string& key, const std::string& value) {
    const long long v = std::atoll(value.c_str());
    if (key == "unet_in" && v >= 1 && v <= 8192) input_ = v;
    if (key == "unet_depth" && v >= 1 && v <= 8) depth_ = static_cast<int>(v);
    if (key == "unet_same") same_padding_ = value == "1";
    dirty_ = true;
}

std::string UNetPanel::Query() const {
    std::string q;
    if (input_ != 572) q += "&unet_in=" + Num(input_);
    if (depth_ != 4) q += "&unet_depth=" + Num(depth_);
    if (same_padding_) q += "&unet_same=1";
    return q;
}

void UNetPanel::Recompute() {
    dirty_ = false;
    error_.clear();
    try {
        UNetSpec spec = OriginalUNetSpec({input_, input_}, same_padding_);
        spec.depth = depth_;
        plan_ = PlanUNet(spec);
    } catch (const Error& e) {
        error_ = e.what();
    }
}

void UNetPanel::Draw() {
    const Theme& theme = CurrentTheme();
    TextWrappedDisabled("Ronneberger et al.'s U-Net: per level two 3×3 convolutions, 2×2 max pooling down, a 2×2 stride-2 "
                        "transposed convolution up, the skip connection cropped to the up-sampled size and concatenated.");
    int input = static_cast<int>(input_);
    ImGui::SetNextItemWidth(130.0f);
    if (ImGui::InputInt("input size", &input)) {
        input_ = std::clamp(input, 1, 8192);
        dirty_ = true;
    }
    ProbeLastItem("unet:input");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(100.0f);
    if (ImGui::SliderInt("depth", &depth_, 1, 8)) dirty_ = true;
    ImGui::SameLine();
    if (ImGui::Checkbox("same padding (3×3 convs pad 1)", &same_padding_)) dirty_ = true;
    if (dirty_) Recompute();
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
        UiProbe::Get().Value("unet_error", error_);
        return;
    }
    ImGui::Text("Input %s → output %s (bottom %s)", Sizes(plan_.input).c_str(), Sizes(plan_.output).c_str(), Sizes(plan_.bottom).c_str());
    nlohmann::json levels = nlohmann::json::array();
    if (ImGui::BeginTable("unet", 8, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const char* name : {"level", "block in", "skip", "down", "up arrives", "mismatch", "crop (before, after)", "level out"}) {
            ImGui::TableSetupColumn(name);
        }
        ImGui::TableHeadersRow();
        for (const UNetLevel& level : plan_.levels) {
            ImGui::TableNextRow();
            const bool mismatch = std::any_of(level.mismatch.begin(), level.mismatch.end(), [](int64_t m) { return m != 0; });
            const bool uneven = std::any_of(level.down_uneven.begin(), level.down_uneven.end(), [](bool b) { return b; });
            ImGui::TableNextColumn();
            ImGui::Text("%d", level.level);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Sizes(level.block_input).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Sizes(level.skip).c_str());
            ImGui::TableNextColumn();
            if (uneven) ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
            ImGui::TextUnformatted((Sizes(level.down) + (uneven ? " (uneven)" : "")).c_str());
            if (uneven) ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Sizes(level.up).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Sizes(level.mismatch).c_str());
            ImGui::TableNextColumn();
            std::string crop;
            for (const PadPair& p : level.crop) crop += (crop.empty() ? "" : " × ") + ("(" + Num(p.before) + ", " + Num(p.after) + ")");
            ImGui::TextUnformatted(mismatch ? crop.c_str() : "none");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Sizes(level.up_output).c_str());
            levels.push_back({{"level", level.level}, {"skip", level.skip}, {"up", level.up}, {"crop", crop}});
        }
        ImGui::EndTable();
    }
    UiProbe::Get().Value("unet_levels", levels);
    UiProbe::Get().Value("unet_output", plan_.output);
    const auto nearest = [](int64_t below, int64_t above) {
        std::string text;
        if (below > 0) text += Num(below) + " below";
        if (above > 0) text += (text.empty() ? "" : ", ") + Num(above) + " above";
        return text.empty() ? std::string("none within range") : text;
    };
    if (!plan_.clean_below.empty()) {
        ImGui::Text("Nearest input sizes with every pooling even and every crop centred: %s",
                    nearest(plan_.clean_below.back(), plan_.clean_above.back()).c_str());
        ImGui::Text("Nearest input sizes whose skips match without any crop: %s",
                    nearest(plan_.exact_below.back(), plan_.exact_above.back()).c_str());
        UiProbe::Get().Value("unet_nearest", {plan_.clean_below.back(), plan_.clean_above.back(), plan_.exact_below.back(),
                                              plan_.exact_above.back()});
    }
    // A square input flags both dimensions alike: one line each, the dimension left out.
    std::vector<std::string> shown;
    for (std::string flag : plan_.flags) {
        const size_t dim = flag.find(" (dimension ");
        const size_t close = dim == std::string::npos ? dim : flag.find(')', dim);
        if (close != std::string::npos && input_ > 0) flag.erase(dim, close - dim + 1);
        if (std::find(shown.begin(), shown.end(), flag) == shown.end()) shown.push_back(flag);
    }
    for (const std::string& flag : shown) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ImGui::TextWrapped("%s", flag.c_str());
        ImGui::PopStyleColor();
    }
    UiProbe::Get().Value("unet_flags", shown);
    for (const UNetLevel& level : plan_.levels) {
        if (level.fixes.empty() && level.fix_note.empty()) continue;
        std::string line = "Level " + std::to_string(level.level) + ": ";
        if (!level.fixes.empty()) {
            const PaddingSolution& fix = level.fixes.front();
            line += "the up-sampler with padding " + Num(fix.pads.back().before) + (fix.symmetric ? "" : ":" + Num(fix.pads.back().after)) +
                    (fix.output_padding.empty() ? "" : ", output_padding " + Num(fix.output_padding.back())) +
                    " makes the skip line up without a crop";
        } else {
            line += level.fix_note;
        }
        ImGui::TextWrapped("%s", line.c_str());
    }
}

}  // namespace convscope::app
