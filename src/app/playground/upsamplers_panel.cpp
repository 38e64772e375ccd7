// The up-samplers panel (see upsamplers_panel.h): CompareUpsamplers on the playground's
// input and kernel, recomputed only when the playground's model changes.
#include "app/playground/upsamplers_panel.h"

#include <imgui.h>

#include <algorithm>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/error.h"

namespace convscope::app {

namespace {

std::vector<int64_t> Spatial(const Tensor& y) { return {y.shape.begin() + 2, y.shape.end()}; }

}  // namespace

void UpsamplersPanel::Recompute(const PlaygroundModel& model) {
    generation_ = model.Generation();
    error_.clear();
    outputs_.clear();
    try {
        Tensor x;
        x.shape = {1, 1};
        const Extents& input = model.GetShape().input;
        x.shape.insert(x.shape.end(), input.begin(), input.end());
        x.data = model.InputValues();
        Tensor kernel;
        kernel.shape = model.GetLayer().kernel;
        kernel.data = model.KernelValues();
        outputs_ = CompareUpsamplers(x, kernel, model.GetLayer());
    } catch (const Error& e) {
        error_ = e.what();
    }
}

bool UpsamplersPanel::Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure) {
    const Theme& theme = CurrentTheme();
    if (!model.Ok()) return false;
    if (!model.GetLayer().IsTransposed()) {
        ListedTextWrappedF(
            "Decoders grow their maps with a transposed convolution, or with nearest or "
            "bilinear upsampling followed by a convolution, or with a convolution to more "
            "channels followed by pixel shuffle. Choose a transposed convolution to see the "
            "four side by side on this input.");
        if (FittingButton("Compare them: an image patch, I=6, a 3x3 box kernel, S=2, P=1, op=1",
                          "Compare: I=6, K=3 box, S=2, P=1, op=1")) {
            std::vector<std::string> notes;
            ApplyQuery(
                "type=conv_transpose&I=6&K=3&S=2&P=1&D=1&op=1&input=image&kernel=box&panel="
                "upsamplers",
                state, notes);
            return true;
        }
        ProbeLastItem("control:upsamplers_example");
        return false;
    }
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(error_);
        ImGui::PopStyleColor();
        return false;
    }
    if (model.Dims() == 3) {
        TextWrappedDisabled("The grids show 1-D and 2-D layers; this 3-D one compares as above.");
        return false;
    }
    // One colour scale for all four, so that their values compare.
    float lo = 0.0f, hi = 0.0f;
    bool first = true;
    int64_t columns = 0;
    for (const UpsamplerOutput& out : outputs_) {
        for (const float v : out.y.data) {
            lo = first ? v : std::min(lo, v);
            hi = first ? v : std::max(hi, v);
            first = false;
        }
        columns += out.y.shape.back() + 2;
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    int64_t widest = 0;
    for (const UpsamplerOutput& out : outputs_) widest = std::max(widest, out.y.shape.back());
    const float across =
        NarrowLayout() ? static_cast<float>(2 * widest + 3) : static_cast<float>(columns + 2);
    const float cell = std::clamp(avail / across, 8.0f, 36.0f);
    const float height =
        std::max(60.0f, ImGui::GetContentRegionAvail().y - (figure ? 4 : 7) * line);
    for (size_t i = 0; i < outputs_.size(); ++i) {
        const UpsamplerOutput& out = outputs_[i];
        const std::vector<int64_t> size = Spatial(out.y);
        const int rows = size.size() == 2 ? static_cast<int>(size[0]) : 1;
        const int cols = static_cast<int>(size.back());
        const float width = std::max(cell * static_cast<float>(cols), 120.0f);
        if (i > 0 && ImGui::GetItemRectMax().x + cell + width <
                         ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine(0.0f, cell);
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ListedTextWrapped(std::to_string(i + 1) + ". " + out.name);
        ListedTextWrapped(SizeText(size) + ", " + std::to_string(out.parameters) + " weights");
        ImGui::PopTextWrapPos();
        const std::string id = "upsampler" + std::to_string(i + 1);
        const GridResult g = DrawGrid(
            id.c_str(), rows, cols, cell, ImVec2(avail, height), lo, hi, [&](int r, int c) {
                CellLook look;
                look.value = out.y.data[static_cast<size_t>(r * cols + c)];
                return look;
            });
        ProbeRect(g.min, g.max, g.cell, ("grid:" + id).c_str());
        ImGui::EndGroup();
    }
    if (!figure) {
        TextWrappedDisabled(
            "The same input and the same kernel in each; one colour scale. The transposed "
            "convolution's uneven overlap shows as a pattern of period S (the Overlap panel "
            "counts it); the resize-then-convolve outputs are smooth; pixel shuffle gives each "
            "output cell its own kernel (here all alike, so its blocks repeat) for S² times the "
            "weights.");
    }
    return false;
}

nlohmann::json UpsamplersPanel::TestValues(const PlaygroundModel& model) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok() || !model.GetLayer().IsTransposed()) return values;
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) {
        values["upsamplers_error"] = error_;
        return values;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const UpsamplerOutput& out : outputs_) {
        list.push_back({{"name", out.name},
                        {"shape", Spatial(out.y)},
                        {"parameters", out.parameters},
                        {"values", out.y.data}});
    }
    values["upsamplers"] = list;
    return values;
}

}  // namespace convscope::app
