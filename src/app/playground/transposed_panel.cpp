// The transposed-convolution panel (see transposed_panel.h). The construction and both
// outputs come from the core (MakeTransposedEquivalent, RunTransposedAsConvolution,
// RunLayer), recomputed only when the playground's model changes.
#include "app/playground/transposed_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/error.h"
#include "core/numeric/numeric.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Extent(const Cell& c, int dims) {
    if (dims == 1) return Num(c[2]);
    if (dims == 2) return Num(c[1]) + "×" + Num(c[2]);
    return Num(c[0]) + "×" + Num(c[1]) + "×" + Num(c[2]);  // first dimension first, as I=4x5x5
}

// What a cell of the expanded input is along one dimension.
enum class Kind { Input, InsertedZero, Padding };

Kind KindAlong(int64_t j, int64_t pad_before, int64_t inserted, int64_t stride) {
    const int64_t idx = j - pad_before;
    if (idx < 0 || idx >= inserted) return Kind::Padding;
    return idx % stride == 0 ? Kind::Input : Kind::InsertedZero;
}

// The expanded input of a 1-D or 2-D layer as its grid shows it (one row in 1-D), and the
// current output's window on it: cells o + t·D for every tap t.
struct ExpandedGrid {
    int64_t pb_r = 0, pb_c = 0, ins_r = 1, ins_c = 1, s_r = 1, s_c = 1, dil_r = 1, dil_c = 1;
    Cell k{1, 1, 1}, current{0, 0, 0};

    ExpandedGrid(const TransposedEquivalent& eq, const PlaygroundModel& model, const Cell& at) {
        const int dims = model.Dims();
        const Layer& layer = model.GetLayer();
        pb_r = dims == 2 ? eq.pad_before[0] : 0;
        pb_c = eq.pad_before[dims - 1];
        ins_r = dims == 2 ? eq.inserted[0] : 1;
        ins_c = eq.inserted[dims - 1];
        s_r = dims == 2 ? layer.stride[0] : 1;
        s_c = layer.stride[dims - 1];
        dil_r = dims == 2 ? layer.dilation[0] : 1;
        dil_c = layer.dilation[dims - 1];
        k = model.KernelExtent();
        current = at;
    }
    Kind RowKind(int64_t r, int dims) const {
        return dims == 2 ? KindAlong(r, pb_r, ins_r, s_r) : Kind::Input;
    }
    Kind ColumnKind(int64_t c) const { return KindAlong(c, pb_c, ins_c, s_c); }
    bool InWindow(int64_t r, int64_t c) const {
        const int64_t dr = r - current[1], dc = c - current[2];
        return dr >= 0 && dc >= 0 && dr % dil_r == 0 && dc % dil_c == 0 && dr / dil_r < k[1] &&
               dc / dil_c < k[2];
    }
};

}  // namespace

std::vector<std::string> TransposedPanel::Lines(const PlaygroundModel& model) const {
    const int dims = model.Dims();
    const Layer& layer = model.GetLayer();
    const Shape& shape = model.GetShape();
    // Per dimension when they differ (for the last dimension otherwise).
    bool uniform = true;
    for (int d = 1; d < dims; ++d) {
        uniform &= equivalent_.pad_before[d] == equivalent_.pad_before[0] &&
                   equivalent_.pad_after[d] == equivalent_.pad_after[0] &&
                   layer.stride[d] == layer.stride[0] &&
                   shape.effective_kernel[d] == shape.effective_kernel[0];
    }
    std::vector<std::string> lines;
    for (int d = uniform ? dims - 1 : 0; d < dims; ++d) {
        const int64_t s = layer.stride[d], keff = shape.effective_kernel[d];
        const int64_t pb = equivalent_.pad_before[d], pa = equivalent_.pad_after[d];
        std::string line = uniform ? "" : std::string(AxisName(d, dims)) + ": ";
        line += Num(s - 1) + " zero" + (s - 1 == 1 ? "" : "s") +
                " between cells: " + Num(shape.input[d]) + " → " + Num(equivalent_.inserted[d]) +
                "; implicit padding k_eff−1−P = " + Num(keff) + "−1−" + Num(shape.pads[d].before) +
                " = " + Num(pb) + " before, k_eff−1−P+output_padding = " + Num(pa) + " after";
        if (pb < 0 || pa < 0) line += " (negative: cropped)";
        line += "; stride-1 convolution: " + Num(equivalent_.expanded[d]) + " − " + Num(keff) +
                " + 1 = " + Num(shape.output[d]);
        lines.push_back(line);
    }
    return lines;
}

int TransposedPanel::TapsOnInput(const PlaygroundModel& model, const Cell& current) const {
    const ExpandedGrid grid(equivalent_, model, current);
    int taps = 0;
    for (int64_t tr = 0; tr < grid.k[1]; ++tr) {
        for (int64_t tc = 0; tc < grid.k[2]; ++tc) {
            const int64_t r = current[1] + tr * grid.dil_r, c = current[2] + tc * grid.dil_c;
            if (r >= expanded_[1] || c >= expanded_[2]) continue;
            taps +=
                grid.RowKind(r, model.Dims()) == Kind::Input && grid.ColumnKind(c) == Kind::Input;
        }
    }
    return taps;
}

nlohmann::json TransposedPanel::TestValues(const PlaygroundModel& model, const Cell& current) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok() || !model.GetLayer().IsTransposed()) return values;
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) return values;
    values["transposed_lines"] = Lines(model);
    values["transposed_equal"] = Equal();
    values["transposed_expanded"] = std::vector<int64_t>(equivalent_.expanded);
    if (model.Dims() != 3) values["transposed_taps_on_input"] = TapsOnInput(model, current);
    return values;
}

void TransposedPanel::Recompute(const PlaygroundModel& model) {
    generation_ = model.Generation();
    error_.clear();
    const Layer& layer = model.GetLayer();
    try {
        const Extents& spatial = model.Input();
        equivalent_ = MakeTransposedEquivalent(spatial, layer);
        Tensor x, w;
        x.shape = {1, 1};
        x.shape.insert(x.shape.end(), spatial.begin(), spatial.end());
        x.data = model.InputValues();
        w.shape = {1, 1};
        w.shape.insert(w.shape.end(), layer.kernel.begin(), layer.kernel.end());
        w.data = model.KernelValues();
        const Tensor expanded = InsertZerosAndPad(x, layer.stride, equivalent_);
        const Tensor flipped = FlipTransposedWeight(w, 1);
        const Tensor y =
            RunLayer(equivalent_.convolution, LayerInputs{&expanded, &flipped, nullptr});
        expanded_ = VolumeOf(equivalent_.expanded);
        expanded_values_ = expanded.data;
        flipped_kernel_ = flipped.data;
        output_ = y.data;
        max_difference_ = 0.0f;
        const std::vector<float>& direct = model.OutputValues();
        if (direct.size() != output_.size()) throw Error("the two outputs differ in size");
        for (size_t i = 0; i < output_.size(); ++i)
            max_difference_ = std::max(max_difference_, std::fabs(direct[i] - output_[i]));
    } catch (const Error& e) {
        error_ = e.what();
    }
}

bool TransposedPanel::Draw(PlaygroundState& state, const PlaygroundModel& model,
                           const Cell& current, bool figure) {
    const Theme& theme = CurrentTheme();
    if (!model.Ok()) return false;
    const Layer& layer = model.GetLayer();
    if (!layer.IsTransposed()) {
        ListedTextWrappedF(
            "A transposed convolution (the upsampling layer of decoders and GANs) is an ordinary "
            "convolution "
            "in disguise: insert S−1 zeros between the input cells, pad k_eff−1−P cells around, "
            "and "
            "slide the flipped kernel with stride 1. Choose a transposed convolution to see it.");
        bool changed = false;
        const char* show = "Show a transposed convolution: I=3, K=3, S=2, P=1, output_padding=1";
        if (FittingButton(show, "Show one: I=3, K=3, S=2, P=1, op=1")) {
            std::vector<std::string> notes;
            ApplyQuery("type=conv_transpose&I=3&K=3&S=2&P=1&D=1&op=1", state, notes);
            changed = true;
        }
        ProbeLastItem("control:transposed_example");
        return changed;
    }
    if (model.Generation() != generation_) Recompute(model);
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(error_);
        ImGui::PopStyleColor();
        return false;
    }
    const int dims = model.Dims();
    for (const std::string& line : Lines(model)) ListedTextWrapped(line);
    const bool equal = Equal();
    ImGui::PushStyleColor(ImGuiCol_Text, equal ? theme.good_text : theme.error_text);
    const std::string verdict =
        !equal   ? "The two outputs differ by " + FormatValue(max_difference_) + "."
        : figure ? "Same output (checked on these values)."
                 : "Same output as the transposed convolution: checked on these values, largest "
                   "difference " +
                       FormatValue(max_difference_) + ".";
    ListedTextWrapped(verdict);
    ImGui::PopStyleColor();

    if (dims == 3) {
        TextWrappedDisabled(
            "The grids show 1-D and 2-D layers; the sizes above hold for each dimension of this "
            "3-D one.");
        return false;
    }
    const Cell k = model.KernelExtent(), out = model.OutputExtent();
    const ExpandedGrid grid(equivalent_, model, current);
    const Cell in = model.InputExtent();
    const ValueRange in_range = model.InputRange(), k_range = model.KernelRange(),
                     out_range = model.OutputRange();

    const float avail = ImGui::GetContentRegionAvail().x;
    const float total = static_cast<float>(expanded_[2] + k[2] + out[2] + in[2]) + 6.0f;
    const float cell = std::clamp(avail / total, 6.0f, 32.0f);
    // Below the grids' captions (up to two lines): the grids, their key (up to two lines) and
    // (not in a figure) a remark.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float height = figure ? std::max(48.0f, ImGui::GetContentRegionAvail().y - 6.5f * line)
                                : std::max(100.0f, ImGui::GetContentRegionAvail().y - 40.0f);
    // A caption wraps at its grid's width (at least a short word's), so narrow iframes keep
    // all four grids in one row.
    const auto column = [&](const std::string& caption, int64_t grid_cols) {
        ImGui::BeginGroup();
        const float width = std::max(cell * static_cast<float>(grid_cols), 70.0f);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ListedTextWrapped(caption);
        ImGui::PopTextWrapPos();
    };
    column("Input " + Extent(in, dims), in[2]);
    DrawGrid("tr_input", static_cast<int>(in[1]), static_cast<int>(in[2]), cell,
             ImVec2(avail, height), in_range.lo, in_range.hi, [&](int r, int c) {
                 CellLook look;
                 look.value = model.InputValues()[static_cast<size_t>(r * in[2] + c)];
                 return look;
             });
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, cell);
    column("1. zeros inserted, padded: " + Extent(expanded_, dims), expanded_[2]);
    const GridResult g =
        DrawGrid("tr_expanded", static_cast<int>(expanded_[1]), static_cast<int>(expanded_[2]),
                 cell, ImVec2(avail, height), in_range.lo, in_range.hi, [&](int r, int c) {
                     CellLook look;
                     const Kind kr = grid.RowKind(r, dims);
                     const Kind kc = grid.ColumnKind(c);
                     look.value = expanded_values_[static_cast<size_t>(r * expanded_[2] + c)];
                     if (kr == Kind::Padding || kc == Kind::Padding) {
                         look.padding = true;
                         look.fill_override = theme.padding_cell;
                     } else if (kr == Kind::InsertedZero || kc == Kind::InsertedZero) {
                         look.fill_override = theme.empty_cell;
                     }
                     if (grid.InWindow(r, c)) look.highlight = theme.tap;
                     return look;
                 });
    ProbeRect(g.min, g.max, g.cell, "grid:transposed_expanded");
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, cell);
    column("2. kernel flipped", k[2]);
    DrawGrid("tr_kernel", static_cast<int>(k[1]), static_cast<int>(k[2]), cell,
             ImVec2(avail, height), k_range.lo, k_range.hi, [&](int r, int c) {
                 CellLook look;
                 look.value = flipped_kernel_[static_cast<size_t>(r * k[2] + c)];
                 return look;
             });
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, cell);
    column("3. stride-1 convolution = output " + Extent(out, dims), out[2]);
    DrawGrid("tr_output", static_cast<int>(out[1]), static_cast<int>(out[2]), cell,
             ImVec2(avail, height), out_range.lo, out_range.hi, [&](int r, int c) {
                 CellLook look;
                 look.value = output_[static_cast<size_t>(r * out[2] + c)];
                 if (r == current[1] && c == current[2]) look.highlight = theme.current;
                 return look;
             });
    ImGui::EndGroup();
    DrawGridKey("transposed", {{KeyItem::Mark::Padding, theme.padding_cell, "implicit padding"},
                               {KeyItem::Mark::Fill, theme.empty_cell, "inserted zeros"},
                               {KeyItem::Mark::Outline, theme.tap, "window of the current output"},
                               {KeyItem::Mark::Outline, theme.current, "current output"}});
    if (!figure) {
        TextWrappedDisabled(
            "Step through or hover the current output in \"Step through\"; %d of its window's "
            "taps land on real input cells.",
            TapsOnInput(model, current));
    }
    return false;
}

}  // namespace convscope::app
