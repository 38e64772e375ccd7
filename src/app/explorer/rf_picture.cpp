// The explorer's picture (see rf_picture.h). Grids show the last two dimensions; a 3-D
// stack adds the depth: a slider for the unit's depth and one for the input slice shown.
#include "app/explorer/rf_picture.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

std::vector<KeyItem> FieldKey(bool effective) {
    const Theme& theme = CurrentTheme();
    if (effective) {
        return {{KeyItem::Mark::Outline, theme.current, "theoretical field"},
                {KeyItem::Mark::Fill, theme.current, "selected unit"}};
    }
    return {{KeyItem::Mark::Fill, theme.tap, "in the receptive field"},
            {KeyItem::Mark::Fill, theme.empty_cell, "outside it"},
            {KeyItem::Mark::Fill, theme.current, "selected unit"}};
}

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

bool Within(int64_t v, const CellRange& r) { return v >= r.lo && v <= r.hi; }

}  // namespace

nlohmann::json RfPicture::TestValues(const RfState& state, RfModel& model) const {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok()) return values;
    if (model.Dims() == 3) values["rf_slice"] = input_slice_;
    nlohmann::json range = nlohmann::json::array();
    for (const CellRange& r : model.SelectedRange()) range.push_back({r.lo, r.hi});
    values["rf_range"] = range;
    values["rf_unit"] = model.SelectedUnit();
    if (state.show_effective && model.SelectedLayer() >= 0) {
        values["erf_ms"] = erf_ms_;
        // Cached by the model since the frame drew it.
        if (const ErfResult* erf = model.EffectiveField(state.random_weights, state.seed)) {
            values["erf"] = {{"peak", erf->peak},
                             {"radius50", erf->radius50},
                             {"radius90", erf->radius90},
                             {"nonzero", erf->nonzero},
                             {"macs", erf->macs}};
        }
    }
    return values;
}

void RfPicture::Draw(RfState& state, RfModel& model, const std::function<void()>& rebuild) {
    if (!model.Ok()) return;
    const Theme& theme = CurrentTheme();
    const int dims = model.Dims();
    const std::vector<int64_t> input = model.Input();
    const std::vector<CellRange> range = model.SelectedRange();
    const int layer = model.SelectedLayer();
    const std::vector<int64_t> unit = model.SelectedUnit();
    const std::vector<int64_t> size = model.SizeOf(layer);

    // Whose unit is selected: 0 is the input, then the layers (also a click in the list).
    int layer_number = layer + 1;
    ImGui::SetNextItemWidth(std::min(360.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    if (ListedSliderInt("unit of layer (0: input)", &layer_number, 0,
                        static_cast<int>(model.Layers().size()))) {
        state.selected_layer = layer_number - 1;
        rebuild();
    }
    ProbeLastItem("rf:layer_slider");
    if (dims == 3) {
        // The grids below are one depth slice each; every number is in the table.
        TextWrappedDisabled(
            "A 3-D stack is shown through the table; here one depth slice of the input and of the "
            "layer's output.");
        int unit_depth = static_cast<int>(unit[0]);
        ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.35f));
        if (ListedSliderInt("unit depth", &unit_depth, 0, static_cast<int>(size[0]) - 1)) {
            state.unit.front() = unit_depth;
            rebuild();
        }
        ProbeLastItem("rf:unit_depth");
        // The input slice follows the centre of the field whenever the selection changes.
        if (slice_generation_ != model.Generation()) {
            slice_generation_ = model.Generation();
            input_slice_ = std::clamp<int64_t>(range.empty() ? 0 : (range[0].lo + range[0].hi) / 2,
                                               0, input[0] - 1);
        }
        ImGui::SameLine(0.0f, 20.0f);
        int slice = static_cast<int>(input_slice_);
        ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.5f));
        if (ListedSliderInt("input depth slice", &slice, 0, static_cast<int>(input[0]) - 1))
            input_slice_ = slice;
        ProbeLastItem("rf:input_slice");
    }
    // Theoretical field (every cell that can matter) or effective field (how much each does).
    ImGui::TextUnformatted("Show");
    SameLineIfFits(CheckWidth("theoretical field"));
    if (ListedRadio("theoretical field", !state.show_effective)) state.show_effective = false;
    ProbeLastItem("rf:show_theoretical");
    SameLineIfFits(CheckWidth("effective field"));
    if (ListedRadio("effective field", state.show_effective)) state.show_effective = true;
    ProbeLastItem("rf:show_effective");
    const ErfResult* erf = nullptr;
    if (state.show_effective && layer >= 0) {
        SameLineIfFits(CheckWidth("uniform weights"), 20.0f);
        if (ListedRadio("uniform weights", !state.random_weights)) state.random_weights = false;
        SameLineIfFits(CheckWidth("random weights"));
        if (ListedRadio("random weights", state.random_weights)) state.random_weights = true;
        if (state.random_weights) {
            SameLineIfFits(ButtonWidth("new seed"));
            if (InlineButton("new seed")) ++state.seed;
        }
        const auto start = std::chrono::steady_clock::now();
        erf = model.EffectiveField(state.random_weights, state.seed);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (ms > 0.05) erf_ms_ = ms;  // the frame that computed it, not the cached ones
        TextWrappedDisabled(
            "Heat map: how strongly each input cell moves the selected unit (the gradient of the "
            "unit with "
            "respect to the input, %s weights, no non-linearities; Luo et al. 2016). The outline "
            "is the "
            "theoretical field; the effective one is concentrated near its centre.",
            state.random_weights ? "seeded random" : "uniform");
        if (!erf && !model.ErfError().empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
            ListedTextWrapped(model.ErfError());
            ImGui::PopStyleColor();
        }
    }
    // Grid rows and columns are the last two dimensions (one row in 1-D); in 3-D the input
    // grid is depth slice `input_slice_` and the output grid the unit's own depth.
    const int row_dim = dims >= 2 ? dims - 2 : -1;
    const int64_t slice_cells = dims == 3 ? input[1] * input[2] : 0;
    const bool slice_inside = dims < 3 || (!range.empty() && Within(input_slice_, range[0]));
    const float avail_w = ImGui::GetContentRegionAvail().x;
    // Side by side where both grids get room, else (a phone held upright) the output grid
    // under the input.
    const bool stacked =
        avail_w < ImGui::GetFontSize() * 30.0f && ImGui::GetContentRegionAvail().y > avail_w * 0.8f;
    // Below the grids: the effective field's numbers, the unit's cells and (3-D) the slice.
    const float avail_h =
        std::max(160.0f, ImGui::GetContentRegionAvail().y -
                             5.0f * ImGui::GetTextLineHeightWithSpacing() - 12.0f);
    const int rows = row_dim < 0 ? 1 : static_cast<int>(input[static_cast<size_t>(row_dim)]);
    const int cols = static_cast<int>(input.back());
    const auto inside = [&](int r, int c) {
        const bool row_in = row_dim < 0 || Within(r, range[static_cast<size_t>(row_dim)]);
        return slice_inside && row_in && Within(c, range.back());
    };
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(stacked ? 0.0f : ImGui::GetCursorPosX() + avail_w * 0.55f);
    if (dims == 3) {
        ListedTextWrappedF("Input %s, depth %lld: the selected unit's %s field",
                           SizeText(input).c_str(), static_cast<long long>(input_slice_),
                           erf ? "effective" : "receptive");
    } else {
        ListedTextWrappedF("Input %s: the selected unit's %s field", SizeText(input).c_str(),
                           erf ? "effective" : "receptive");
    }
    ImGui::PopTextWrapPos();
    const ImVec2 input_room =
        stacked ? ImVec2(avail_w, std::min(avail_h, avail_w)) : ImVec2(avail_w * 0.55f, avail_h);
    const GridResult in =
        DrawGrid("rf_input", rows, cols, 28.0f, input_room, 0.0f, 1.0f, [&](int r, int c) {
            CellLook look;
            if (erf) {
                const size_t at = static_cast<size_t>(input_slice_ * slice_cells) +
                                  static_cast<size_t>(r) * static_cast<size_t>(cols) +
                                  static_cast<size_t>(c);
                look.value = erf->map[at];
                return look;
            }
            look.show_value = false;
            look.fill_override = inside(r, c) ? theme.tap : theme.empty_cell;
            return look;
        });
    ProbeRect(in.min, in.max, in.cell, "rf:grid:input");
    // The field's outline, also where it runs past the input (padding).
    if (!range.empty() && slice_inside) {
        const CellRange rr = row_dim < 0 ? CellRange{0, 0} : range[static_cast<size_t>(row_dim)];
        const CellRange& cr = range.back();
        const ImVec2 a(in.min.x + in.cell * static_cast<float>(cr.lo),
                       in.min.y + in.cell * static_cast<float>(rr.lo));
        const ImVec2 b(in.min.x + in.cell * static_cast<float>(cr.hi + 1),
                       in.min.y + in.cell * static_cast<float>(rr.hi + 1));
        // Clipped to the grid: the part in the padding is named in the sentence below.
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->PushClipRect(in.min, in.max, true);
        draw->AddRect(a, b, theme.current, 0.0f, 0, 2.5f);
        draw->PopClipRect();
    }
    ImGui::EndGroup();

    // The selected layer's output units: click one to select it.
    if (!stacked) ImGui::SameLine(0.0f, 24.0f);
    ImGui::BeginGroup();
    const std::string whose = layer < 0 ? "Input" : "Layer " + Num(layer + 1) + " output";
    if (dims == 3) {
        ListedTextWrappedF("%s %s, depth %lld: click a unit", whose.c_str(), SizeText(size).c_str(),
                           static_cast<long long>(unit[0]));
    } else {
        ListedTextWrappedF("%s %s: click a unit", whose.c_str(), SizeText(size).c_str());
    }
    const int out_rows = row_dim < 0 ? 1 : static_cast<int>(size[static_cast<size_t>(row_dim)]);
    const GridResult out =
        DrawGrid("rf_output", out_rows, static_cast<int>(size.back()), 28.0f,
                 stacked ? ImVec2(avail_w, std::min(avail_h, avail_w) * 0.6f)
                         : ImVec2(ImGui::GetContentRegionAvail().x, avail_h),
                 0.0f, 1.0f, [&](int r, int c) {
                     CellLook look;
                     look.show_value = false;
                     const bool chosen = c == unit.back() &&
                                         (row_dim < 0 || r == unit[static_cast<size_t>(row_dim)]);
                     look.fill_override = chosen ? theme.current : theme.empty_cell;
                     return look;
                 });
    ProbeRect(out.min, out.max, out.cell, "rf:grid:output");
    if (out.clicked && out.hovered_row >= 0) {
        if (dims >= 2) state.unit[state.unit.size() - 2] = out.hovered_row;
        state.unit.back() = out.hovered_col;
        rebuild();
    }
    ImGui::EndGroup();
    DrawGridKey("rf", FieldKey(erf != nullptr));
    if (erf) DrawColourScale("erf", "influence on the unit (1: the strongest)", 0.0f, 1.0f);
    if (erf) {
        ListedTextWrappedF(
            "Effective field: half its mass within %.1f cells of the centre, 90%% within %.1f; "
            "%lld cells non-zero%s.",
            erf->radius50, erf->radius90, static_cast<long long>(erf->nonzero),
            dims == 3 ? " (in the whole volume)" : "");
    }
    if (!range.empty()) {
        std::string cells;
        bool in_padding = false;
        for (size_t d = 0; d < range.size(); ++d) {
            cells += (d ? " × " : "") + std::string("[") + Num(range[d].lo) + ", " +
                     Num(range[d].hi) + "]";
            in_padding |= range[d].lo < 0 || range[d].hi >= input[d];
        }
        std::string at;
        for (size_t d = 0; d < unit.size(); ++d) at += (d ? ", " : "") + Num(unit[d]);
        ListedTextWrappedF("Unit (%s) reads input cells %s%s", at.c_str(), cells.c_str(),
                           in_padding ? " (part of it lies in the padding)" : "");
        if (dims == 3 && !slice_inside) {
            TextWrappedDisabled("Depth slice %lld lies outside the field's depths [%lld, %lld].",
                                static_cast<long long>(input_slice_),
                                static_cast<long long>(range[0].lo),
                                static_cast<long long>(range[0].hi));
        }
    }
}

}  // namespace convscope::app
