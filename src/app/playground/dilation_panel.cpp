// The dilation view (see dilation_panel.h). Every number comes from the core: k_eff from
// ComputeShape, the stacked receptive fields from ComputeReceptiveFields.
#include "app/playground/dilation_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "app/widgets/control_list.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/network/receptive_field.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

// The chapter's comments on its table, for a 3-wide kernel; other kernels get the generic one.
std::string Comment(int64_t k, int64_t d, int64_t keff) {
    if (d == 1) return "Ordinary " + Num(k) + "×" + Num(k) + " convolution.";
    if (k == 3 && d == 2) return "5×5 coverage, still 9 weights. Used in many segmentation heads.";
    if (k == 3 && d == 4) return "9×9 coverage; one layer already covers a chunk.";
    if (k == 3 && d == 8) return "WaveNet-scale; used in the upper layers of the dilated stack.";
    return Num(keff) + "×" + Num(keff) + " coverage, still " + Num(k * k) + " weights.";
}

// The receptive field of a stack of K-wide stride-1 layers with the given dilations.
int64_t StackedField(int64_t k, const std::vector<int64_t>& dilations) {
    std::vector<Layer> layers;
    for (int64_t d : dilations) {
        Layer layer = MakeLayer(LayerType::Conv, {k});
        layer.dilation = {d};
        layers.push_back(layer);
    }
    int64_t needed = 1;
    for (int64_t d : dilations) needed += EffectiveKernel(k, d) - 1;
    return ComputeReceptiveFields({needed}, layers).back().rf[0];
}

// The numbers the panel shows for a state: the kernel's width and dilation along the last
// dimension, the input grid the taps are drawn on and the k_eff sentence.
struct DilationView {
    int64_t k = 1, dilation = 1, keff = 1, weights = 1;
    int64_t n = 9, offset = 0;  // the input grid is n wide; the dilated kernel starts at offset
    int rows = 1;               // n, or 1 in 1-D
    int64_t kernel_rows = 1;
    bool one_d = false;
    std::string keff_line;

    explicit DilationView(const PlaygroundState& state) {
        // The width: the chapter's widget is about one square kernel.
        one_d = state.Dims() == 1;
        k = state.layer.kernel.back();
        dilation = state.layer.dilation.back();
        keff = EffectiveKernel(k, dilation);
        weights = one_d ? k : k * k;
        keff_line = "k_eff = D·(K−1) + 1 = " + Num(dilation) + "·(" + Num(k) +
                    "−1) + 1 = " + Num(keff) + "   (still only " + Num(weights) +
                    " learned weights)";
        // 9 wide as in the chapter, wider when the dilated kernel needs it.
        n = std::max<int64_t>(9, keff + ((keff % 2) ? 0 : 1));
        offset = (n - keff) / 2;
        rows = one_d ? 1 : static_cast<int>(n);
        kernel_rows = one_d ? 1 : k;
    }
    // Whether input cell (r, c) is a tap, and which kernel cell lands there.
    bool IsTap(int64_t r, int64_t c, int64_t* tap_r, int64_t* tap_c) const {
        const int64_t rr = one_d ? 0 : r - offset, cc = c - offset;
        if (rr < 0 || cc < 0 || rr % dilation || cc % dilation) return false;
        *tap_r = rr / dilation;
        *tap_c = cc / dilation;
        return *tap_r < kernel_rows && *tap_c < k;
    }
    // The chapter's table rows: D = 1, 2, 4, 8 and the current D.
    std::vector<int64_t> TableDilations() const {
        std::vector<int64_t> rows_d = {1, 2, 4, 8};
        if (std::find(rows_d.begin(), rows_d.end(), dilation) == rows_d.end())
            rows_d.push_back(dilation);
        std::sort(rows_d.begin(), rows_d.end());
        return rows_d;
    }
};

// Four k-wide layers with D = 1, 1, 1, 1 and with D = 1, 2, 4, 8: their fields depend on the
// kernel width only, so they are traced when it changes, not per frame. {0, 0} when the core
// refuses (which playground sizes never make it do).
std::pair<int64_t, int64_t> StackedFields(int64_t k) {
    static int64_t traced_k = -1, linear = 0, exponential = 0;
    if (k != traced_k) {
        traced_k = k;
        try {
            linear = StackedField(k, {1, 1, 1, 1});
            exponential = StackedField(k, {1, 2, 4, 8});
        } catch (const Error&) {
            linear = exponential = 0;
        }
    }
    return {linear, exponential};
}

}  // namespace

nlohmann::json DilationPanelTestValues(const PlaygroundState& state) {
    const DilationView view(state);
    nlohmann::json values = nlohmann::json::object();
    values["dilation_keff"] = view.keff_line;
    int taps = 0;
    for (int64_t r = 0; r < view.rows; ++r) {
        for (int64_t c = 0; c < view.n; ++c) {
            int64_t tr = 0, tc = 0;
            taps += view.IsTap(r, c, &tr, &tc) ? 1 : 0;
        }
    }
    values["dilation_taps"] = taps;
    nlohmann::json table = nlohmann::json::array();
    for (int64_t d : view.TableDilations())
        table.push_back({d, EffectiveKernel(view.k, d), view.weights});
    values["dilation_table"] = table;
    const auto [linear, exponential] = StackedFields(view.k);
    if (linear > 0) values["dilation_stack"] = {linear, exponential};
    return values;
}

bool DrawDilationPanel(PlaygroundState& state, const PlaygroundModel& model, bool figure) {
    bool changed = false;
    const int64_t k = state.layer.kernel.back();
    if (!figure) {
        ListedTextWrappedF(
            "A %lld×%lld kernel always has %lld weights, but dilation D inserts D−1 holes between "
            "its taps: it covers a larger area of the input without learning any new weights.",
            static_cast<long long>(k), static_cast<long long>(k), static_cast<long long>(k * k));
        ImGui::SetNextItemWidth(220.0f);
        int chosen = static_cast<int>(state.layer.dilation.back());
        if (ListedSliderInt("D##dilation_panel", &chosen, 1,
                            static_cast<int>(kMaxPlaygroundStep))) {
            std::fill(state.layer.dilation.begin(), state.layer.dilation.end(), chosen);
            changed = true;
        }
        ProbeLastItem("control:dilation_panel");
    }
    // After the slider: this frame already shows the new D.
    const DilationView view(state);
    const int64_t keff = view.keff, weights = view.weights, n = view.n;
    const int dilation = static_cast<int>(view.dilation);
    const int rows = view.rows;
    ListedTextWrapped(view.keff_line);

    const Theme& theme = CurrentTheme();
    const ValueRange kr = model.KernelRange();
    const auto kernel_value = [&](int64_t tr, int64_t tc) {
        const int64_t z = 0;
        const Cell cell{z, state.Dims() == 1 ? 0 : tr, tc};
        return model.Ok() ? model.KernelValue(cell) : 1.0f;
    };
    const float avail = ImGui::GetContentRegionAvail().x;
    const float cell = std::clamp((avail - 40.0f) / static_cast<float>(n + keff), 6.0f, 30.0f);
    // Below the grids: their key and the table (rows for D = 1, 2, 4, 8 and a header); a
    // figure without room for the table leaves it out.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float table_height =
        static_cast<float>(view.TableDilations().size() + 1) *
        (ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y + 1.0f);
    const float avail_y = ImGui::GetContentRegionAvail().y;
    const bool table = !figure || avail_y - 2.0f * line - table_height - 2.0f * line >= 100.0f;
    const float height =
        figure
            ? std::max(48.0f, avail_y - 2.0f * line - 2.0f * line - (table ? table_height : 0.0f))
            : std::max(100.0f, avail_y - 200.0f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(cell * static_cast<float>(n), 90.0f));
    ListedTextWrappedF("Input grid (%lld×%lld): yellow cells are the %lld taps",
                       static_cast<long long>(rows), static_cast<long long>(n),
                       static_cast<long long>(weights));
    ImGui::PopTextWrapPos();
    const GridResult input = DrawGrid("dilation_input", rows, static_cast<int>(n), cell,
                                      ImVec2(avail * 0.55f, height), 0.0f, 1.0f, [&](int r, int c) {
                                          CellLook look;
                                          int64_t tr = 0, tc = 0;
                                          if (view.IsTap(r, c, &tr, &tc)) {
                                              look.fill_override = theme.tap;
                                              look.value = kernel_value(tr, tc);
                                          } else {
                                              look.fill_override = theme.empty_cell;
                                              look.show_value = false;
                                          }
                                          return look;
                                      });
    ProbeRect(input.min, input.max, input.cell, "grid:dilation_input");
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, 30.0f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ListedTextWrappedF("Kernel as seen (%lld×%lld)",
                       static_cast<long long>(state.Dims() == 1 ? 1 : keff),
                       static_cast<long long>(keff));
    ImGui::PopTextWrapPos();
    DrawGrid("dilation_kernel", state.Dims() == 1 ? 1 : static_cast<int>(keff),
             static_cast<int>(keff), cell, ImVec2(avail * 0.4f, height), kr.lo, kr.hi,
             [&](int r, int c) {
                 CellLook look;
                 const bool tap = (state.Dims() == 1 || r % dilation == 0) && c % dilation == 0;
                 if (tap) {
                     look.value = kernel_value(state.Dims() == 1 ? 0 : r / dilation, c / dilation);
                     look.highlight = theme.tap;
                 } else {
                     look.value = 0.0f;
                     look.fill_override = theme.empty_cell;
                     look.show_value = dilation <= 2;
                 }
                 return look;
             });
    ImGui::EndGroup();
    DrawGridKey("dilation", {{KeyItem::Mark::Fill, theme.tap, "a tap: one learned weight"},
                             {KeyItem::Mark::Outline, theme.tap, "tap of the kernel as seen"},
                             {KeyItem::Mark::Fill, theme.empty_cell, "skipped by the dilation"}});

    // The chapter's table, with this kernel's width; the current D is marked.
    if (table && ImGui::BeginTable("keff_table", 4,
                                   ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                       ImGuiTableFlags_SizingFixedFit)) {
        // The cells as text too, for the screen-reader mirror.
        std::vector<std::vector<std::string>> listed = {
            {"D", "k_eff = D·(K−1) + 1", "Parameters", "Comment"}};
        for (const std::string& name : listed.front())
            ImGui::TableSetupColumn(name.c_str(), name == "Comment"
                                                      ? ImGuiTableColumnFlags_WidthStretch
                                                      : ImGuiTableColumnFlags_None);
        ImGui::TableHeadersRow();
        for (int64_t d : view.TableDilations()) {
            const int64_t e = EffectiveKernel(k, d);
            listed.push_back({Num(d), Num(e), Num(weights), Comment(k, d, e)});
            ImGui::TableNextRow();
            if (d == dilation)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, theme.selected_row);
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(d));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(e));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(weights));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", listed.back().back().c_str());
        }
        ImGui::EndTable();
        ListTable("Dilation and the kernel's reach", std::move(listed));
    }
    const auto [linear, exponential] = StackedFields(k);
    if (linear > 0 && !figure) {
        ListedTextWrappedF(
            "Why it matters: four %lld-wide layers with D = 1, 1, 1, 1 see %lld cells; with D = 1, "
            "2, 4, 8 they "
            "see %lld, with the same %lld weights per layer. Doubling D each layer grows the field "
            "exponentially with depth (WaveNet, DeepLab).",
            static_cast<long long>(k), static_cast<long long>(linear),
            static_cast<long long>(exponential), static_cast<long long>(weights));
    }
    return changed;
}

}  // namespace convscope::app
