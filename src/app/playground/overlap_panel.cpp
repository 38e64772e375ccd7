// The overlap panel (see overlap_panel.h). The maps come from the core (TransposedOverlap,
// OverlapRemedies), recomputed only when the playground's model changes.
#include "app/playground/overlap_panel.h"

#include <imgui.h>

#include <algorithm>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/error.h"

namespace convscope::app {

namespace {

// The map's last two dimensions as rows and columns (1-D: one row; 3-D: the middle slice).
struct Plane {
    int rows = 1, cols = 1;
    int64_t depth = 0;  // the slice of a 3-D map
};

Plane PlaneOf(const OverlapMap& map) {
    Plane plane;
    const size_t dims = map.output.size();
    plane.cols = static_cast<int>(map.output[dims - 1]);
    if (dims >= 2) plane.rows = static_cast<int>(map.output[dims - 2]);
    if (dims == 3) plane.depth = map.output[0] / 2;
    return plane;
}

int64_t CountAt(const OverlapMap& map, const Plane& plane, int row, int col) {
    std::vector<int64_t> cell;
    if (map.output.size() == 3) cell.push_back(plane.depth);
    if (map.output.size() >= 2) cell.push_back(row);
    cell.push_back(col);
    return map.Count(cell);
}

int64_t Largest(const OverlapMap& map) {
    int64_t largest = 1;
    for (const OverlapAxis& axis : map.axes) {
        largest *=
            axis.counts.empty() ? 1 : *std::max_element(axis.counts.begin(), axis.counts.end());
    }
    return largest;
}

// One map as a grid of counts, under its caption; `id` names its probe rectangle.
void DrawMap(const char* id, const std::string& caption, const OverlapMap& map, float cell,
             ImVec2 room, float width) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ListedTextWrapped(caption);
    ImGui::PopTextWrapPos();
    const Plane plane = PlaneOf(map);
    const float hi = static_cast<float>(Largest(map));
    const GridResult g =
        DrawGrid(id, plane.rows, plane.cols, cell, room, 0.0f, hi, [&](int r, int c) {
            CellLook look;
            look.value = static_cast<float>(CountAt(map, plane, r, c));
            return look;
        });
    ProbeRect(g.min, g.max, g.cell, (std::string("grid:") + id).c_str());
    ImGui::EndGroup();
}

}  // namespace

void OverlapPanel::Recompute(const PlaygroundModel& model) {
    generation_ = model.Generation();
    error_.clear();
    remedies_.clear();
    try {
        map_ = TransposedOverlap(model.GetLayer(), model.GetShape().input);
        remedies_ = OverlapRemedies(model.GetLayer(), model.GetShape().input);
    } catch (const Error& e) {
        error_ = e.what();
    }
}

bool OverlapPanel::Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure) {
    const Theme& theme = CurrentTheme();
    if (!model.Ok()) return false;
    if (!model.GetLayer().IsTransposed()) {
        ListedTextWrappedF(
            "A transposed convolution spreads every input cell over a kernel-sized patch of its "
            "output, the patches a stride apart. Where the stride does not divide the kernel, "
            "some output cells get more taps than their neighbours: the checkerboard of "
            "upsampled images. Choose a transposed convolution to count them.");
        const char* show = "Show the checkerboard: I=4, K=3, S=2, P=1, output_padding=1";
        if (FittingButton(show, "Show it: I=4, K=3, S=2, P=1, op=1")) {
            std::vector<std::string> notes;
            ApplyQuery("type=conv_transpose&I=4&K=3&S=2&P=1&D=1&op=1&panel=overlap", state, notes);
            return true;
        }
        ProbeLastItem("control:overlap_example");
        return false;
    }
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(error_);
        ImGui::PopStyleColor();
        return false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, map_.Even() ? theme.good_text : theme.error_text);
    ListedTextWrapped("Taps per output cell: " + map_.Summary() + ".");
    ImGui::PopStyleColor();
    if (map_.output.size() == 3) {
        TextWrappedDisabled("The grids show the middle slice of the 3-D output.");
    }

    // The map on the left, the remedies to its right (or below, when narrow), all at one
    // cell size so that their patterns compare.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    int64_t columns = PlaneOf(map_).cols;
    for (const OverlapMap& remedy : remedies_) columns += PlaneOf(remedy).cols + 2;
    // A narrow screen puts two maps to a row, so their cells may be larger.
    int64_t widest = PlaneOf(map_).cols;
    for (const OverlapMap& remedy : remedies_)
        widest = std::max<int64_t>(widest, PlaneOf(remedy).cols);
    const float across =
        NarrowLayout() ? static_cast<float>(2 * widest + 3) : static_cast<float>(columns + 2);
    const float cell = std::clamp(avail / across, 8.0f, 30.0f);
    const float height =
        std::max(60.0f, ImGui::GetContentRegionAvail().y - (figure ? 3 : 6) * line);
    const auto width_of = [&](const OverlapMap& map) {
        return std::max(cell * static_cast<float>(PlaneOf(map).cols), 110.0f);
    };
    DrawMap("overlap", "This layer: " + map_.name, map_, cell, ImVec2(avail, height),
            width_of(map_));
    for (size_t i = 0; i < remedies_.size(); ++i) {
        const OverlapMap& remedy = remedies_[i];
        const float width = width_of(remedy);
        if (ImGui::GetItemRectMax().x + cell + width <
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine(0.0f, cell);
        const std::string id = "overlap_fix" + std::to_string(i + 1);
        DrawMap(id.c_str(), std::to_string(i + 1) + ". " + remedy.name, remedy, cell,
                ImVec2(avail, height), width);
    }
    if (!figure) {
        TextWrappedDisabled(
            "Each number is how many kernel taps land on that output cell from real input "
            "cells. The remedies keep the output size: a kernel the stride divides, nearest "
            "upsampling then a convolution, or a convolution to s² times the channels then "
            "pixel shuffle (ESPCN), each even inside its border.");
    }
    return false;
}

nlohmann::json OverlapPanel::TestValues(const PlaygroundModel& model) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok() || !model.GetLayer().IsTransposed()) return values;
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) {
        values["overlap_error"] = error_;
        return values;
    }
    values["overlap_summary"] = map_.Summary();
    const Plane plane = PlaneOf(map_);
    nlohmann::json counts = nlohmann::json::array();
    for (int r = 0; r < plane.rows; ++r)
        for (int c = 0; c < plane.cols; ++c) counts.push_back(CountAt(map_, plane, r, c));
    values["overlap_counts"] = counts;
    nlohmann::json remedies = nlohmann::json::array();
    for (const OverlapMap& remedy : remedies_) {
        remedies.push_back(
            {{"name", remedy.name}, {"summary", remedy.Summary()}, {"even", remedy.Even()}});
    }
    values["overlap_remedies"] = remedies;
    return values;
}

}  // namespace convscope::app
