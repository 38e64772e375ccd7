// The parameter playground view (see playground_view.h). Sections:
//   1. controls   2. formula   3. grids and hover   4. step bar   5. what to try
#include "app/playground/playground_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/playground/code_panel.h"
#include "app/playground/dilation_panel.h"
#include "app/playground/embed_strip.h"
#include "app/playground/presets.h"
#include "app/playground/solver_panel.h"
#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/keyboard.h"
#include "app/widgets/layer_editor.h"
#include "app/widgets/panel_tabs.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/arithmetic.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

// The playground's layer editor: sliders within its teaching limits, every padding form
// and same rule, the mode, and dilation for every type (the core says why average pooling
// refuses it).
const LayerEditorStyle& PlaygroundEditorStyle() {
    static const LayerEditorStyle style = [] {
        LayerEditorStyle s;
        s.sliders = true;
        s.letters = true;
        s.probe = "control:";
        s.label_room = 90.0f;
        s.max_kernel = kMaxPlaygroundKernel;
        s.max_step = kMaxPlaygroundStep;
        s.max_padding = kMaxPlaygroundPadding;
        s.max_size = 4 * kMaxPlaygroundInput;
        s.padding_choices = {{PaddingChoice::Symmetric, "P on both sides"},
                             {PaddingChoice::Asymmetric, "before / after"},
                             {PaddingChoice::Same, "same"},
                             {PaddingChoice::Valid, "valid (none)"},
                             {PaddingChoice::Full, "full (k_eff - 1)"}};
        s.every_same_rule = true;
        s.padding_mode = true;
        s.dilation_always = true;
        s.count_include_pad = true;
        return s;
    }();
    return style;
}

// The formula with this layer's numbers: the lines on screen and the same in LaTeX.
struct FormulaText {
    std::vector<std::string> lines, latex;
};

FormulaText BuildFormula(const PlaygroundModel& model) {
    const Layer& layer = model.GetLayer();
    const Shape& shape = model.GetShape();
    FormulaText formula;
    // One set of lines when every dimension has the same numbers.
    bool uniform = true;
    for (int d = 1; d < model.Dims(); ++d) {
        uniform &= shape.input[d] == shape.input[0] && layer.kernel[d] == layer.kernel[0] &&
                   layer.stride[d] == layer.stride[0] && layer.dilation[d] == layer.dilation[0] &&
                   shape.pads[d] == shape.pads[0] &&
                   shape.output_padding[d] == shape.output_padding[0];
    }
    const int shown_dims = uniform ? 1 : model.Dims();
    for (int d = 0; d < shown_dims; ++d) {
        const int64_t I = shape.input[d], K = layer.kernel[d], S = layer.stride[d],
                      D = layer.dilation[d];
        const int64_t keff = shape.effective_kernel[d], O = shape.output[d];
        const PadPair p = shape.pads[d];
        const std::string pads =
            p.before == p.after ? "2·" + Num(p.before) : Num(p.before) + " + " + Num(p.after);
        if (layer.IsResampling()) {
            // The factor r is the whole story: each input cell becomes r cells, or r cells one.
            const std::string axis = uniform ? (model.Dims() > 1 ? "every dimension:  " : "")
                                             : std::string(AxisName(d, model.Dims())) + ":  ";
            const bool up = layer.IsUpsampling();
            if (!layer.size.empty()) {
                // To a size: the size is the output; PyTorch steps by I/O input cells.
                formula.lines.push_back(axis + "O = size = " + Num(O) + "  (each output cell " +
                                        "steps I/O = " + Num(I) + "/" + Num(O) + " input cells)");
                formula.latex.push_back("O = \\mathrm{size} = " + Num(O) +
                                        ",\\quad \\text{step } I/O = " + Num(I) + "/" + Num(O));
                continue;
            }
            formula.lines.push_back(axis + (up ? "O = I·r = " : "O = I / r = ") + Num(I) +
                                    (up ? "·" : " / ") + Num(K) + " = " + Num(O));
            formula.latex.push_back(std::string(up ? "O = I\\cdot r = " : "O = I / r = ") + Num(I) +
                                    (up ? "\\cdot " : " / ") + Num(K) + " = " + Num(O));
            continue;
        }
        std::string keff_line =
            "k_eff = D·(K−1)+1 = " + Num(D) + "·(" + Num(K) + "−1)+1 = " + Num(keff);
        std::string out_line;
        if (layer.IsTransposed()) {
            const int64_t op = shape.output_padding[d];
            out_line = "O = (I−1)·S − P_before − P_after + k_eff − 1 + output_padding + 1 = (" +
                       Num(I) + "−1)·" + Num(S) + " − " + Num(p.before) + " − " + Num(p.after) +
                       " + " + Num(keff - 1) + " + " + Num(op) + " + 1 = " + Num(O);
        } else {
            const int64_t span = I + p.before + p.after - keff;
            const bool ceil = layer.IsPooling() && layer.ceil_mode;
            const char* open = ceil ? "⌈" : "⌊";
            const char* close = ceil ? "⌉" : "⌋";
            out_line = std::string("O = ") + open + "(I + " +
                       (p.before == p.after ? "2P" : "P_b + P_a") + " − k_eff)/S" + close +
                       " + 1 = " + open + "(" + Num(I) + " + " + pads + " − " + Num(keff) + ")/" +
                       Num(S) + close + " + 1 = " + open + Num(span) + "/" + Num(S) + close +
                       " + 1";
            const int64_t rem = ((span % S) + S) % S;
            if (!ceil && rem != 0)
                out_line +=
                    " = " + Num(FloorDiv(span, S)) + " + 1 (remainder " + Num(rem) + " dropped)";
            out_line += " = " + Num(O);
            if (ceil && shape.ceil_window_dropped[d])
                out_line += "  (last window would start in the right padding: dropped)";
        }
        const std::string axis = uniform ? (model.Dims() > 1 ? "every dimension:  " : "")
                                         : std::string(AxisName(d, model.Dims())) + ":  ";
        // The same derivation in LaTeX, for slides and notes.
        const std::string tex_axis =
            axis.empty() ? "" : "\\text{" + axis.substr(0, axis.find(':')) + ": }";
        const std::string tex_keff = "k_{\\mathrm{eff}} = D(K-1)+1 = " + Num(D) + "\\cdot(" +
                                     Num(K) + "-1)+1 = " + Num(keff);
        std::string tex_out;
        if (layer.IsTransposed()) {
            tex_out = "O = (I-1)S - P_b - P_a + k_{\\mathrm{eff}} + \\mathrm{op} = (" + Num(I) +
                      "-1)\\cdot " + Num(S) + " - " + Num(p.before) + " - " + Num(p.after) + " + " +
                      Num(keff) + " + " + Num(shape.output_padding[d]) + " = " + Num(O);
        } else {
            const bool ceil = layer.IsPooling() && layer.ceil_mode;
            const std::string l = ceil ? "\\left\\lceil " : "\\left\\lfloor ",
                              r = ceil ? " \\right\\rceil" : " \\right\\rfloor";
            const std::string padding = p.before == p.after ? "2\\cdot " + Num(p.before)
                                                            : Num(p.before) + " + " + Num(p.after);
            tex_out = "O = " + l + "\\frac{I + " + (p.before == p.after ? "2P" : "P_b + P_a") +
                      " - k_{\\mathrm{eff}}}{S}" + r + " + 1 = " + l + "\\frac{" + Num(I) + " + " +
                      padding + " - " + Num(keff) + "}{" + Num(S) + "}" + r + " + 1 = " + Num(O);
        }
        if (!layer.IsPooling() || D != 1) {
            formula.lines.push_back(axis + keff_line);
            formula.latex.push_back(tex_axis + tex_keff);
        }
        formula.lines.push_back(axis + out_line);
        formula.latex.push_back(tex_axis + tex_out);
    }
    return formula;
}

}  // namespace

std::vector<KeyItem> StepsKey(bool padding) {
    const Theme& theme = CurrentTheme();
    std::vector<KeyItem> key = {
        {KeyItem::Mark::Outline, theme.tap, "read by the current output"},
        {KeyItem::Mark::Outline, theme.current, "output being computed"},
        {KeyItem::Mark::Outline, theme.feed, "outputs the pointed input feeds"}};
    if (padding) key.push_back({KeyItem::Mark::Padding, 0, "padding"});
    return key;
}

PlaygroundView::PlaygroundView() {
    state_.RegenerateValues();
    Rebuild();
}

std::vector<std::string> PlaygroundView::Apply(LinkReader& link) {
    std::vector<std::string> notes;
    ReadPlaygroundLink(link, state_, notes);
    // A link with other values per dimension shows them per dimension (and keeps them).
    linked_dims_ = SameInEveryDimension(state_.input) && SameInEveryDimension(state_.layer);
    Rebuild();
    notes_ = notes;
    panel_requested_ = true;
    editor_close_requested_ = true;  // the edited cell may no longer exist
    return notes;
}

void PlaygroundView::Rebuild() {
    model_.Rebuild(state_);
    if (model_.Ok()) state_.step = std::clamp<int64_t>(state_.step, 0, model_.OutputCount() - 1);
    const int64_t out_channels = TypeInfo(state_.layer.type).Has(kLayerHasWeights)
                                     ? state_.layer.out_channels
                                     : state_.layer.in_channels;
    state_.out_channel =
        std::clamp<int64_t>(state_.out_channel, 0, std::max<int64_t>(out_channels, 1) - 1);
}

double PlaygroundView::Draw() {
    HandleKeys();
    const double next_frame = Animate();
    if (NarrowLayout() && !single_panel_) {
        // A phone or a narrow window: the figure first, its controls below it at full
        // width, the place scrolling as one page.
        DrawFormula();
        DrawPanels(nullptr);
        ImGui::Separator();
        DrawControls();
        DrawCellEditor();
        return next_frame;
    }
    if (single_panel_) {
        // One embedded widget: the numbers it needs in a strip above it, the rest its own.
        if (DrawEmbedStrip(state_, locked_)) Rebuild();
        DrawFormula();
        DrawPanels(nullptr);
        DrawCellEditor();
        return next_frame;
    }
    const float controls_width = std::min(330.0f, ImGui::GetContentRegionAvail().x * 0.38f);
    ImGui::BeginChild("controls", ImVec2(controls_width, 0), true);
    DrawControls();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("stage", ImVec2(0, 0), false);
    DrawFormula();
    DrawPanels(nullptr);
    ImGui::EndChild();
    DrawCellEditor();
    return next_frame;
}

std::string PlaygroundView::StatusText() const {
    if (!model_.Ok()) return model_.Error();
    return "Output size " + SizeText(std::vector<int64_t>(model_.GetShape().output)) + ".";
}

nlohmann::json PlaygroundView::TestValues() {
    nlohmann::json values = nlohmann::json::object();
    values["state"] = ToQuery(state_);
    if (!locked_.empty()) values["locked"] = locked_;
    values["notes"] = notes_;
    if (!model_.Ok()) {
        values["error"] = model_.Error();
    } else {
        const FormulaText formula = BuildFormula(model_);
        values["formula"] = formula.lines;
        values["formula_latex"] = formula.latex;
        const Shape& shape = model_.GetShape();
        values["output_size"] = std::vector<int64_t>(shape.output);
        nlohmann::json pads = nlohmann::json::array();
        for (const PadPair& p : shape.pads) pads.push_back({p.before, p.after});
        values["pads"] = pads;
    }
    // The panel on screen (a click on a tab writes it to the state).
    switch (state_.panel) {
        case Panel::Steps:
            if (model_.Ok()) {
                const Cell& lo = model_.ShownLo();
                values["input_origin"] = {lo[0], lo[1], lo[2]};
                nlohmann::json outputs = nlohmann::json::array();
                // The first 4096 values: enough for every test, cheap for a 256x256 output.
                const int64_t recorded = std::min<int64_t>(model_.OutputCount(), 4096);
                for (int64_t i = 0; i < recorded; ++i)
                    outputs.push_back(model_.OutputValue(model_.OutputCellOfStep(i)));
                values["output_values"] = outputs;
            }
            break;
        case Panel::Dilation:
            values.update(DilationPanelTestValues(state_));
            break;
        case Panel::Transposed:
            values.update(transposed_panel_.TestValues(
                model_, model_.Ok() ? model_.OutputCellOfStep(state_.step) : Cell{0, 0, 0}));
            break;
        case Panel::Solver:
            values.update(SolverPanelTestValues(state_, model_));
            break;
        case Panel::Code:
            values.update(code_panel_.TestValues(model_));
            break;
        case Panel::Overlap:
            values.update(overlap_panel_.TestValues(model_));
            break;
        case Panel::Upsamplers:
            values.update(upsamplers_panel_.TestValues(model_));
            break;
        case Panel::Channels:
            values.update(channels_panel_.TestValues(state_, model_));
            break;
    }
    return values;
}

// ---- 1. Controls --------------------------------------------------------------------

void PlaygroundView::DrawControls() {
    bool changed = false, sizes = false;
    const LayerEditor editor(PlaygroundEditorStyle(), linked_dims_, locked_);
    Layer& layer = state_.layer;
    const Extents kernel_before = layer.kernel;
    ImGui::TextUnformatted("Layer");
    changed |= editor.Type(layer);
    int dims = state_.Dims();
    ImGui::TextUnformatted("dimensions");
    ImGui::SameLine();
    for (int d = 1; d <= 3; ++d) {
        ImGui::SameLine();
        const std::string label = std::to_string(d) + "D";
        ImGui::BeginDisabled(Locked("dims"));
        if (ListedRadio(label.c_str(), &dims, d)) sizes = true;
        ImGui::EndDisabled();
        ProbeLastItem("control:dims", d);
    }
    if (dims != state_.Dims()) {
        state_.ChangeDims(dims);
        if (dims == 3) {
            // Keep 3-D grids readable: a few slices of modest size.
            for (int64_t& v : state_.input) v = std::min<int64_t>(v, 6);
            for (int64_t& v : layer.kernel) v = std::min<int64_t>(v, 3);
        }
    }
    if (state_.Dims() > 1) ImGui::Checkbox("same for every dimension", &linked_dims_);

    ImGui::Separator();
    ImGui::TextUnformatted("Sizes");
    ImGui::BeginDisabled(Locked("I"));
    sizes |= editor.PerDim("input I", state_.input, 1,
                           state_.Dims() == 3 ? kMaxPlaygroundInput3d : kMaxPlaygroundInput,
                           linked_dims_, "I");
    ImGui::EndDisabled();
    changed |= editor.Window(layer, state_.input);
    sizes |= layer.kernel != kernel_before;  // the kernel's values follow its size

    // A resampling layer has no padding; linear upsampling's align_corners is its option.
    const bool has_options = !layer.IsResampling() || TypeInfo(layer.type).Has(kLayerAlignCorners);
    if (has_options) {
        ImGui::Separator();
        ImGui::TextUnformatted(layer.IsResampling() ? "Options" : "Padding");
    }
    // A refused layer keeps the mode open: the mode may be what fixes it (reflect on P >= I).
    bool any_padding = !model_.Ok();
    if (model_.Ok())
        for (const PadPair& p : model_.GetShape().pads) any_padding |= p.before > 0 || p.after > 0;
    changed |= editor.Padding(layer, any_padding);
    changed |= editor.Extras(layer);

    ImGui::Separator();
    ImGui::TextUnformatted("Values");
    const auto preset_combo = [&](const char* label, std::string& key,
                                  const std::vector<PresetInfo>& presets) {
        std::vector<std::string> labels;
        int selected = -1;
        for (const auto& p : presets) {
            if (key == p.key) selected = static_cast<int>(labels.size());
            labels.emplace_back(p.label);
        }
        // Both boxes leave room for the longer label.
        ImGui::SetNextItemWidth(
            -(TextWidth("kernel values") + ImGui::GetStyle().ItemInnerSpacing.x));
        const int picked =
            ListedCombo(label, labels, selected, selected < 0 ? key.c_str() : nullptr);
        if (picked >= 0) {
            key = presets[static_cast<size_t>(picked)].key;
            sizes = true;
        }
        ProbeLastItem("control:", label);
    };
    ImGui::BeginDisabled(Locked("values"));
    preset_combo("input values", state_.input_preset, InputPresets());
    const bool weights = TypeInfo(layer.type).Has(kLayerHasWeights);
    if (weights) preset_combo("kernel values", state_.kernel_preset, KernelPresets());
    ImGui::EndDisabled();
    if (state_.input_preset == "random" || (weights && state_.kernel_preset == "random")) {
        if (ImGui::Button("new random values")) {
            ++state_.seed;
            sizes = true;
        }
    }
    if (sizes) state_.RegenerateValues();
    if (sizes || changed) {
        notes_.clear();
        Rebuild();
    }
    for (const std::string& note : notes_) ImGui::TextWrapped("Note: %s", note.c_str());
}

// ---- 1b. Panels -----------------------------------------------------------------------

void PlaygroundView::SetEmbed(bool single_panel, const std::vector<std::string>& locked) {
    single_panel_ = single_panel;
    locked_ = locked;
}

bool PlaygroundView::Locked(const char* control) const {
    return std::find(locked_.begin(), locked_.end(), control) != locked_.end();
}

void PlaygroundView::DrawPanel(Panel panel, bool& changed) {
    switch (panel) {
        case Panel::Steps:
            if (const Layer& layer = state_.layer; layer.in_channels > 1 || layer.out_channels > 1)
                TextWrappedDisabled(
                    "The grids show input channel 0 and output channel 0's first filter slice; "
                    "the Channels panel shows all %lld → %lld channels.",
                    static_cast<long long>(layer.in_channels),
                    static_cast<long long>(TypeInfo(layer.type).Has(kLayerHasWeights)
                                               ? layer.out_channels
                                               : layer.in_channels));
            DrawGrids();
            DrawStepBar();
            if (!single_panel_) {
                ImGui::Separator();
                DrawWhatToTry();
            }
            break;
        case Panel::Dilation:
            changed |= DrawDilationPanel(state_, model_, single_panel_);
            break;
        case Panel::Transposed:
            changed |= transposed_panel_.Draw(
                state_, model_, model_.Ok() ? model_.OutputCellOfStep(state_.step) : Cell{0, 0, 0},
                single_panel_);
            break;
        case Panel::Solver:
            changed |= DrawSolverPanel(state_, model_);
            break;
        case Panel::Code:
            code_panel_.Draw(model_);
            break;
        case Panel::Overlap:
            changed |= overlap_panel_.Draw(state_, model_, single_panel_);
            break;
        case Panel::Upsamplers:
            changed |= upsamplers_panel_.Draw(state_, model_, single_panel_);
            break;
        case Panel::Channels:
            changed |= channels_panel_.Draw(state_, model_, single_panel_);
            break;
    }
}

void PlaygroundView::DrawPanels(double*) {
    if (single_panel_) {
        // Embedded for one widget: no tab bar, just the panel the link names.
        bool changed = false;
        ImGui::Separator();
        DrawPanel(state_.panel, changed);
        if (changed) Rebuild();
        return;
    }
    static const std::pair<Panel, const char*> tabs[] = {
        {Panel::Steps, "Step through"},    {Panel::Channels, "Channels"},
        {Panel::Dilation, "Dilation"},     {Panel::Transposed, "Transposed = convolution"},
        {Panel::Overlap, "Overlap"},       {Panel::Upsamplers, "Up-samplers"},
        {Panel::Solver, "Padding solver"}, {Panel::Code, "Code"}};
    bool changed = false;
    DrawPanelTabs("panels", tabs, state_.panel, panel_requested_, 0,
                  [&](Panel panel) { DrawPanel(panel, changed); });
    if (changed) Rebuild();
}

// ---- 2. Formula -----------------------------------------------------------------------

void PlaygroundView::DrawFormula() {
    if (!model_.Ok()) {
        ImGui::PushStyleColor(ImGuiCol_Text, CurrentTheme().error_text);
        ListedTextWrapped(model_.Error());
        ImGui::PopStyleColor();
        return;
    }
    const FormulaText formula = BuildFormula(model_);
    for (const std::string& line : formula.lines) ListedTextWrapped(line);
    if (single_panel_) return;  // a figure in a course page shows the formula alone
    // Copy the derivation: plain text for notes, LaTeX (one aligned line each) for slides.
    if (InlineButton("copy formula")) {
        std::string text;
        for (const std::string& line : formula.lines) text += line + "\n";
        ImGui::SetClipboardText(text.c_str());
    }
    ProbeLastItem("control:copy_formula");
    ImGui::SameLine();
    if (InlineButton("copy LaTeX")) {
        const std::vector<std::string>& latex = formula.latex;
        std::string text;
        for (size_t i = 0; i < latex.size(); ++i)
            text += latex[i] + (i + 1 < latex.size() ? " \\\\\n" : "\n");
        ImGui::SetClipboardText(text.c_str());
    }
    ProbeLastItem("control:copy_latex");
}

// ---- 3. Grids and hover ----------------------------------------------------------------

void PlaygroundView::DrawGrids() {
    if (!model_.Ok()) return;
    const Cell current = hover_output_ ? hovered_output_ : model_.OutputCellOfStep(state_.step);
    const std::vector<Tap> taps = hover_input_ ? std::vector<Tap>{} : model_.TapsOf(current);
    const std::vector<Cell> fed =
        hover_input_ ? model_.OutputsReading(hovered_input_) : std::vector<Cell>{};
    const Cell lo = model_.ShownLo(), hi = model_.ShownHi();
    const Cell in = model_.InputExtent(), k = model_.KernelExtent(), out = model_.OutputExtent();

    // Colour scales: input, kernel and output each over their own range.
    const ValueRange in_range = model_.InputRange(), k_range = model_.KernelRange(),
                     out_range = model_.OutputRange();

    const float avail = ImGui::GetContentRegionAvail().x;
    const int64_t shown_cols = hi[2] - lo[2] + 1, shown_rows = hi[1] - lo[1] + 1;
    const int64_t in_slices = hi[0] - lo[0] + 1;
    const float total_cols =
        model_.Dims() == 3
            ? static_cast<float>(std::max(shown_cols * in_slices + k[2] * k[0], out[2] * out[0])) +
                  6.0f
            : static_cast<float>(shown_cols + k[2] + out[2]) + 6.0f;
    // Too narrow for the three grids side by side with numbers in them (a phone): the kernel
    // and the output go under the input.
    // (A figure in a course page is bound by its height instead: it keeps one row.)
    const bool wrap =
        !single_panel_ && model_.Dims() < 3 && avail / total_cols < 22.0f &&
        avail / static_cast<float>(std::max(shown_cols, k[2] + out[2] + 2) + 2) >= 22.0f;
    const float cell =
        std::clamp(wrap ? avail / static_cast<float>(std::max(shown_cols, k[2] + out[2] + 2) + 2)
                        : avail / total_cols,
                   8.0f, 36.0f);
    // Below the grids: the key and the scales, the step bar and the sum, and (not in a
    // figure) what to try.
    const float below = single_panel_ ? 6.5f * ImGui::GetFrameHeightWithSpacing()
                                      : 190.0f + 2.0f * ImGui::GetTextLineHeightWithSpacing();
    const float grid_height =
        std::max(single_panel_ ? 64.0f : 120.0f,
                 (ImGui::GetContentRegionAvail().y - below) / (model_.Dims() == 3 ? 2.0f : 1.0f));
    bool any_output_hover = false, any_input_hover = false;
    bool input_heat_map = false, output_heat_map = false;

    const auto caption = [](const char* grid, const std::string& text) {
        ListedText(text);
        if (UiProbe& probe = UiProbe::Get(); probe.Enabled())
            probe.Value(std::string("caption:") + grid, text);
    };
    ImGui::BeginGroup();
    const PadPair pz = model_.Dims() == 3 ? model_.GetShape().pads[0] : PadPair{};
    // Sizes in the link's order, first dimension first: I=4x5x5 reads "Input 4×5×5".
    caption("input",
            "Input " + SizeText(model_.Input()) + (lo[2] < 0 || hi[2] >= in[2] ? ", padded" : ""));
    // Highlight masks, built once a frame: a 256x256 grid asks for every cell's look, and a
    // search through the taps per cell would dominate the frame.
    const auto mask_index = [](int64_t z, int64_t r, int64_t c, const Cell& origin,
                               const Cell& extent) -> int64_t {
        const int64_t dz = z - origin[0], dr = r - origin[1], dc = c - origin[2];
        if (dz < 0 || dr < 0 || dc < 0 || dz >= extent[0] || dr >= extent[1] || dc >= extent[2])
            return -1;
        return (dz * extent[1] + dr) * extent[2] + dc;
    };
    const Cell shown_extent{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
    std::vector<uint8_t> tap_mask(
        static_cast<size_t>(shown_extent[0] * shown_extent[1] * shown_extent[2]), 0);
    for (const Tap& t : taps) {
        const int64_t i = mask_index(t.input[0], t.input[1], t.input[2], lo, shown_extent);
        if (i >= 0) tap_mask[static_cast<size_t>(i)] = 1;
    }
    std::vector<uint8_t> fed_mask(static_cast<size_t>(out[0] * out[1] * out[2]), 0);
    for (const Cell& f : fed) {
        const int64_t i = mask_index(f[0], f[1], f[2], Cell{0, 0, 0}, out);
        if (i >= 0) fed_mask[static_cast<size_t>(i)] = 1;
    }
    for (int64_t z = lo[0]; z <= hi[0]; ++z) {
        if (model_.Dims() == 3 && (z < -pz.before || z > in[0] - 1 + pz.after)) continue;
        if (z > lo[0]) ImGui::SameLine();
        ImGui::BeginGroup();
        if (model_.Dims() == 3) ImGui::Text("z = %lld", static_cast<long long>(z));
        const std::string id = "input" + Num(z);
        const GridResult g =
            DrawGrid(id.c_str(), static_cast<int>(shown_rows), static_cast<int>(shown_cols), cell,
                     ImVec2(avail, grid_height), in_range.lo, in_range.hi, [&](int r, int c) {
                         const Cell at{z, lo[1] + r, lo[2] + c};
                         CellLook l;
                         l.value = model_.InputValue(at, &l.padding);
                         const int64_t i = mask_index(at[0], at[1], at[2], lo, shown_extent);
                         if (i >= 0 && tap_mask[static_cast<size_t>(i)])
                             l.highlight = CurrentTheme().tap;
                         if (hover_input_ && c + lo[2] == hovered_input_[2] &&
                             r + lo[1] == hovered_input_[1] && z == hovered_input_[0]) {
                             l.highlight = CurrentTheme().feed;
                         }
                         return l;
                     });
        input_heat_map |= g.heat_map;
        if (z == std::max<int64_t>(lo[0], 0)) ProbeRect(g.min, g.max, g.cell, "grid:input");
        ProbeRect(g.min, g.max, g.cell, "grid:input:z", z);
        if (g.hovered_row >= 0) {
            any_input_hover = true;
            hovered_input_ = Cell{z, lo[1] + g.hovered_row, lo[2] + g.hovered_col};
            bool padding = false;
            model_.InputValue(hovered_input_, &padding);
            if (g.clicked && !padding) OpenCellEditor(false, hovered_input_);
        }
        ImGui::EndGroup();
    }
    ImGui::EndGroup();

    const bool weights = TypeInfo(model_.GetLayer().type).Has(kLayerHasWeights);
    if (weights) {
        if (!wrap) ImGui::SameLine(0.0f, cell);
        ImGui::BeginGroup();
        caption("kernel", "Kernel " + SizeText(model_.GetLayer().kernel));
        for (int64_t z = 0; z < k[0]; ++z) {
            if (z) ImGui::SameLine();
            const std::string id = "kernel" + Num(z);
            const GridResult g =
                DrawGrid(id.c_str(), static_cast<int>(k[1]), static_cast<int>(k[2]), cell,
                         ImVec2(avail, grid_height), k_range.lo, k_range.hi, [&](int r, int c) {
                             CellLook l;
                             l.value = model_.KernelValue({z, r, c});
                             for (const Tap& t : taps)
                                 if (t.kernel == Cell{z, r, c}) l.highlight = CurrentTheme().tap;
                             return l;
                         });
            if (z == 0) ProbeRect(g.min, g.max, g.cell, "grid:kernel");
            if (g.clicked && g.hovered_row >= 0)
                OpenCellEditor(true, Cell{z, g.hovered_row, g.hovered_col});
        }
        if (model_.GetLayer().dilation != std::vector<int64_t>(model_.Dims(), 1)) {
            ImGui::TextDisabled("taps spread %lld apart,",
                                static_cast<long long>(model_.GetLayer().dilation.back()));
            ImGui::TextDisabled("still %lld weights", static_cast<long long>(k[0] * k[1] * k[2]));
        }
        ImGui::EndGroup();
    }

    // 3-D slices take the width: the output goes under the input there.
    if (model_.Dims() < 3 && (!wrap || weights)) ImGui::SameLine(0.0f, cell);
    ImGui::BeginGroup();
    caption("output", "Output " + SizeText(model_.GetShape().output));
    for (int64_t z = 0; z < out[0]; ++z) {
        if (z) ImGui::SameLine();
        ImGui::BeginGroup();
        if (model_.Dims() == 3) ImGui::Text("z = %lld", static_cast<long long>(z));
        const std::string id = "output" + Num(z);
        const GridResult g = DrawGrid(
            id.c_str(), static_cast<int>(out[1]), static_cast<int>(out[2]), cell,
            ImVec2(avail, grid_height), out_range.lo, out_range.hi, [&](int r, int c) {
                const Cell at{z, r, c};
                CellLook l;
                l.value = model_.OutputValue(at);
                if (!hover_input_ && c == current[2] && r == current[1] && z == current[0]) {
                    l.highlight = CurrentTheme().current;
                }
                if (fed_mask[static_cast<size_t>((z * out[1] + r) * out[2] + c)]) {
                    l.highlight = CurrentTheme().feed;
                }
                return l;
            });
        output_heat_map |= g.heat_map;
        ListValueTable(z);
        if (z == 0) ProbeRect(g.min, g.max, g.cell, "grid:output");
        ProbeRect(g.min, g.max, g.cell, "grid:output:z", z);
        if (g.hovered_row >= 0) {
            any_output_hover = true;
            hovered_output_ = Cell{z, g.hovered_row, g.hovered_col};
        }
        if (g.clicked && g.hovered_row >= 0) {
            state_.step = (z * out[1] + g.hovered_row) * out[2] + g.hovered_col;
            playing_ = false;
        }
        ImGui::EndGroup();
    }
    ImGui::EndGroup();

    // The key: every mark the grids use, and the colour scales of grids drawn as heat maps.
    DrawGridKey("steps", StepsKey(lo[2] < 0 || hi[2] >= in[2] || lo[1] < 0 || hi[1] >= in[1]));
    if (input_heat_map) DrawColourScale("input", "input values", in_range.lo, in_range.hi);
    if (output_heat_map) {
        if (input_heat_map) SameLineIfFits(ImGui::GetFontSize() * 18.0f);
        DrawColourScale("output", "output values", out_range.lo, out_range.hi);
    }

    hover_output_ = any_output_hover;
    hover_input_ = any_input_hover;
    // What this frame highlighted follows the hover of the frame before: only the frame knows.
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled()) {
        nlohmann::json highlighted = nlohmann::json::array();
        for (const Tap& t : taps) highlighted.push_back({t.input[0], t.input[1], t.input[2]});
        nlohmann::json fed_json = nlohmann::json::array();
        for (const Cell& f : fed) fed_json.push_back({f[0], f[1], f[2]});
        probe.Value("highlighted_inputs", highlighted);
        probe.Value("highlighted_outputs", fed_json);
        probe.Value("current_output", {current[0], current[1], current[2]});
    }
}

// A small output's values as a table for the screen-reader mirror: rows and columns
// numbered from 0 as the step bar numbers them.
void PlaygroundView::ListValueTable(int64_t z) const {
    const Cell out = model_.OutputExtent();
    if (out[1] > kMaxListedRows || out[2] > kMaxListedRows) return;
    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(1, "");
    for (int64_t c = 0; c < out[2]; ++c) rows.front().push_back("column " + Num(c));
    for (int64_t r = 0; r < out[1]; ++r) {
        rows.push_back({"row " + Num(r)});
        for (int64_t c = 0; c < out[2]; ++c)
            rows.back().push_back(FormatValue(model_.OutputValue(Cell{z, r, c})));
    }
    ListTable("Output values" + (model_.Dims() == 3 ? ", z = " + Num(z) : std::string()),
              std::move(rows));
}

// ---- 3b. Editing a value ------------------------------------------------------------------

void PlaygroundView::OpenCellEditor(bool kernel, const Cell& cell) {
    editor_requested_ = true;
    editing_kernel_ = kernel;
    edited_cell_ = cell;
    bool padding = false;
    edited_value_ = kernel ? model_.KernelValue(cell) : model_.InputValue(cell, &padding);
    playing_ = false;
}

void PlaygroundView::DrawCellEditor() {
    if (editor_requested_) {
        ImGui::OpenPopup("edit value");
        editor_requested_ = false;
    }
    if (!ImGui::BeginPopup("edit value")) {
        editor_close_requested_ = false;
        return;
    }
    if (editor_close_requested_ || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        editor_close_requested_ = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const Cell& c = edited_cell_;
    if (model_.Dims() == 3) {
        ImGui::Text("%s value at (%lld, %lld, %lld)", editing_kernel_ ? "kernel" : "input",
                    static_cast<long long>(c[0]), static_cast<long long>(c[1]),
                    static_cast<long long>(c[2]));
    } else {
        ImGui::Text("%s value at (%lld, %lld)", editing_kernel_ ? "kernel" : "input",
                    static_cast<long long>(c[1]), static_cast<long long>(c[2]));
    }
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(160.0f);
    bool apply = ImGui::InputFloat("##value", &edited_value_, 1.0f, 10.0f, "%g",
                                   ImGuiInputTextFlags_EnterReturnsTrue);
    ProbeLastItem("control:edit_value");
    apply |= ImGui::IsItemDeactivatedAfterEdit() || ImGui::IsItemEdited();
    if (!std::isfinite(edited_value_)) edited_value_ = 0.0f;
    edited_value_ = std::clamp(edited_value_, -1e6f, 1e6f);
    if (apply) {
        const Cell ext = editing_kernel_ ? model_.KernelExtent() : model_.InputExtent();
        std::vector<float>& values = editing_kernel_ ? state_.kernel_values : state_.input_values;
        const size_t index = static_cast<size_t>((c[0] * ext[1] + c[1]) * ext[2] + c[2]);
        if (index < values.size()) {
            values[index] = edited_value_;
            Rebuild();
        }
    }
    if (!editing_kernel_) {
        const size_t n = model_.OutputsReading(c).size();
        ImGui::TextDisabled("feeds %zu output cell%s", n, n == 1 ? "" : "s");
    }
    if (ImGui::Button("done")) ImGui::CloseCurrentPopup();
    ProbeLastItem("control:edit_done");
    ImGui::EndPopup();
}

// ---- 4. Step bar ---------------------------------------------------------------------

void PlaygroundView::DrawStepBar() {
    if (!model_.Ok()) return;
    const int64_t count = model_.OutputCount();
    ControlList::Get().DescribeNext(ControlRole::Button, "previous step");
    if (ImGui::ArrowButton("back", ImGuiDir_Left)) state_.step = (state_.step + count - 1) % count;
    ProbeLastItem("control:step_back");
    ImGui::SameLine();
    if (ImGui::Button(playing_ ? "pause" : "play", ImVec2(64, 0))) {
        playing_ = !playing_;
        next_step_time_ = ImGui::GetTime() + 1.0 / speed_;
    }
    ProbeLastItem("control:play");
    ImGui::SameLine();
    ControlList::Get().DescribeNext(ControlRole::Button, "next step");
    if (ImGui::ArrowButton("forward", ImGuiDir_Right)) state_.step = (state_.step + 1) % count;
    ProbeLastItem("control:step_forward");
    ImGui::SameLine();
    ListedText("step " + Num(state_.step + 1) + " / " + Num(count));
    SameLineIfFits(120.0f + ImGui::CalcTextSize("steps/s").x);
    ImGui::SetNextItemWidth(120.0f);
    ListedSliderFloat("steps/s", &speed_, 0.5f, 10.0f, "%.1f");
    const Cell shown = hover_output_ ? hovered_output_ : model_.OutputCellOfStep(state_.step);
    const std::string sum = model_.SumText(shown);
    ListedTextWrapped("output (" + Num(shown[1]) + ", " + Num(shown[2]) + "): " + sum);
    UiProbe& probe = UiProbe::Get();
    if (probe.Enabled()) probe.Value("sum", sum);
    if (hover_input_) {
        const size_t n = model_.OutputsReading(hovered_input_).size();
        ListedText("input (" + Num(hovered_input_[1]) + ", " + Num(hovered_input_[2]) + ") feeds " +
                   std::to_string(n) + " output cell" + (n == 1 ? "" : "s"));
        if (probe.Enabled()) probe.Value("feeds", n);
    }
}

double PlaygroundView::Animate() {
    if (!playing_ || !model_.Ok()) return 1e30;
    const double now = ImGui::GetTime();
    if (now >= next_step_time_) {
        state_.step = (state_.step + 1) % model_.OutputCount();
        next_step_time_ = now + 1.0 / speed_;
    }
    // Only the step changes while playing: one frame per step is enough.
    return std::max(0.0, next_step_time_ - now);
}

void PlaygroundView::HandleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || !model_.Ok()) return;
    const int64_t count = model_.OutputCount();
    // A control with the keyboard focus (a slider, a grid) has the arrows to itself.
    if (KeyboardFocus::Get().FocusedId() != 0) return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
        state_.step = (state_.step + 1) % count;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
        state_.step = (state_.step + count - 1) % count;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) {
        playing_ = !playing_;
        next_step_time_ = ImGui::GetTime() + 1.0 / speed_;
    }
}

// ---- 5. What to try --------------------------------------------------------------------

void PlaygroundView::DrawWhatToTry() {
    ImGui::TextUnformatted("What to try");
    struct Idea {
        const char* label;
        const char* text;
        const char* query;
    };
    // The setting on the button, what it shows beside it (wrapped on a narrow screen).
    static const Idea ideas[] = {
        {"S=2, P=1", "ResNet's downsampling block, (5+2−3)/2+1 = 3", "S=2&P=1&D=1&mode=zeros"},
        {"D=2, P=2", "a \"same\" dilated convolution, output = input", "S=1&P=2&D=2"},
        {"D=2, P=0", "k_eff = 5 fills the input, output 1×1", "S=1&P=0&D=2"},
        {"P=2, reflect", "reflect padding: watch the border cells", "S=1&P=2&D=1&mode=reflect"},
        {"I=6, S=2", "stride 2 on an even input: the floor drops a column", "I=6&S=2&P=0&D=1"},
    };
    for (const Idea& idea : ideas) {
        if (InlineButton(idea.label)) {
            LinkReader link(idea.query);
            Apply(link);
            playing_ = false;
        }
        ImGui::SameLine();
        ImGui::TextWrapped("%s", idea.text);
    }
}

}  // namespace convscope::app
