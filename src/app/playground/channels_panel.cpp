// The Channels panel (see channels_panel.h). The values and costs come from the core through
// ChannelModel, rebuilt only when the playground's model changes; the frame draws them.
#include "app/playground/channels_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Ratio(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, ratio >= 0.1 ? "%.2f" : "%.3f", ratio);
    return text;
}

// "a grouped convolution": what the layer's channel mixing is called.
std::string KindOf(const Layer& layer) {
    if (layer.groups == 1) return "a standard";
    if (DepthMultiplierOf(layer) > 0) return "a depthwise";
    return "a grouped";
}

// After C_in or C_out changed: a depthwise layer stays depthwise, other groups shrink to the
// largest choice that still divides both counts.
void KeepGroupsValid(Layer& layer, int64_t depth_multiplier) {
    if (depth_multiplier > 0) {
        layer = WithDepthMultiplier(layer, depth_multiplier);
        return;
    }
    int64_t groups = 1;
    for (const int64_t g : GroupChoices(layer.in_channels, layer.out_channels))
        if (g <= layer.groups) groups = g;
    layer.groups = groups;
}

// A number field's width: three digits besides the - and + buttons (touch-sized on a phone).
float FieldWidth() {
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImGui::GetFontSize() * 2.5f + style.FramePadding.x * 2.0f +
           2.0f * (ImGui::GetFrameHeight() + style.ItemInnerSpacing.x);
}

// The room a field and its label take on a line.
float FieldRoom(const char* label) {
    return FieldWidth() + ImGui::GetStyle().ItemInnerSpacing.x + TextWidth(label);
}

bool ChannelField(const char* label, int64_t& value, int64_t lo, int64_t hi) {
    int shown = static_cast<int>(value);
    ImGui::SetNextItemWidth(FieldWidth());
    if (!ListedInputInt(label, &shown)) return false;
    value = std::clamp<int64_t>(shown, lo, hi);
    return true;
}

}  // namespace

void ChannelsPanel::Refresh(const PlaygroundState& state, const PlaygroundModel& model) {
    if (model.Generation() == generation_) return;
    generation_ = model.Generation();
    channels_.Rebuild(state, model);
}

bool ChannelsPanel::DrawControls(PlaygroundState& state) {
    Layer& layer = state.layer;
    const bool weighted = TypeInfo(layer.type).Has(kLayerHasWeights);
    const int64_t multiplier = DepthMultiplierOf(layer);
    layer.in_channels = std::max<int64_t>(layer.in_channels, 1);
    layer.out_channels = std::max<int64_t>(layer.out_channels, 1);
    bool changed = false;
    if (!weighted) {
        // Pooling and upsampling: one count, each channel alone.
        if (ChannelField("channels", layer.in_channels, 1, kMaxPlaygroundChannels)) {
            layer.out_channels = layer.in_channels;
            changed = true;
        }
        ProbeLastItem("control:channels");
        return changed;
    }
    if (ChannelField("C_in", layer.in_channels, 1, kMaxPlaygroundChannels)) {
        KeepGroupsValid(layer, multiplier);
        changed = true;
    }
    ProbeLastItem("control:C_in");
    SameLineIfFits(FieldRoom("C_out"));
    if (ChannelField("C_out", layer.out_channels, 1, kMaxPlaygroundChannels)) {
        KeepGroupsValid(layer, 0);
        changed = true;
    }
    ProbeLastItem("control:C_out");
    SameLineIfFits(ImGui::GetFontSize() * 8.0f + TextWidth(" groups"));
    const std::vector<int64_t> choices = GroupChoices(layer.in_channels, layer.out_channels);
    std::vector<std::string> labels;
    int selected = -1;
    for (const int64_t g : choices) {
        if (g == layer.groups) selected = static_cast<int>(labels.size());
        labels.push_back(Num(g) + (g == 1                   ? " (standard)"
                                   : g == layer.in_channels ? " (depthwise)"
                                                            : ""));
    }
    const std::string preview = Num(layer.groups) + " (does not divide)";
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    const int picked =
        ListedCombo("groups", labels, selected, selected < 0 ? preview.c_str() : nullptr);
    ProbeLastItem("control:groups");
    if (picked >= 0) {
        layer.groups = choices[static_cast<size_t>(picked)];
        changed = true;
    }
    if (multiplier > 0) {
        SameLineIfFits(FieldRoom("depth multiplier"));
        int64_t m = multiplier;
        if (ChannelField("depth multiplier", m, 1,
                         std::max<int64_t>(1, kMaxPlaygroundChannels / layer.in_channels))) {
            layer = WithDepthMultiplier(layer, m);
            changed = true;
        }
        ProbeLastItem("control:depth_multiplier");
    } else if (layer.in_channels > 1) {
        SameLineIfFits(TextWidth("make it depthwise") + ImGui::GetFontSize());
        if (InlineButton("make it depthwise")) {
            layer = WithDepthMultiplier(layer, 1);
            changed = true;
        }
        ProbeLastItem("control:make_depthwise");
    }
    SameLineIfFits(ImGui::GetFrameHeight() + TextWidth(" bias") + ImGui::GetFontSize());
    changed |= ImGui::Checkbox("bias", &layer.bias);
    ProbeLastItem("control:bias");
    return changed;
}

bool ChannelsPanel::Draw(PlaygroundState& state, const PlaygroundModel& model, bool figure) {
    const Theme& theme = CurrentTheme();
    if (DrawControls(state)) {
        state.out_channel = std::min(state.out_channel, state.layer.out_channels - 1);
        return true;
    }
    if (!model.Ok()) return false;  // the formula above says why, the controls stay
    Refresh(state, model);
    if (!channels_.Ok()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(channels_.Error());
        ImGui::PopStyleColor();
        return false;
    }
    state.out_channel = std::clamp<int64_t>(state.out_channel, 0, channels_.OutChannels() - 1);
    const Layer& layer = channels_.GetLayer();
    const int64_t cin = channels_.InChannels(), cout = channels_.OutChannels();
    if (channels_.Weighted()) {
        const ChannelRange first = channels_.InputsOf(0);
        const LayerCost cost = ComputeCost(layer, model.GetShape());
        const std::string summary =
            "This is " + KindOf(layer) + " " + TypeInfo(layer.type).label + ": " + Num(cin) +
            " → " + Num(cout) + " channels in " + Num(layer.groups) +
            (layer.groups == 1 ? " group" : " groups") + "; each output channel reads " +
            (first.count == cin
                 ? (cin == 1 ? "the input channel" : "all " + Num(cin) + " input channels")
                 : Num(first.count) + " of the " + Num(cin) + " input channels") +
            ".";
        ListedTextWrapped(summary);
        // Counts on a line of their own: wrapping would split 5,184 at its comma.
        const std::string parameters = CountText(cost.parameters) + " parameters (weight " +
                                       WeightShapeText(layer) + (layer.bias ? " + bias" : "") + ")";
        const std::string macs = CountText(cost.macs) + " multiply-accumulates";
        if (NarrowLayout()) {
            ListedText(parameters + ",");
            ListedText(macs);
        } else {
            ListedText(parameters + ", " + macs);
        }
    } else {
        ListedTextWrapped(std::string(TypeInfo(layer.type).label) + " works on each of the " +
                          Num(cin) +
                          " channels alone: output channel c reads input channel c, with no "
                          "weights and no groups.");
    }
    if (!channels_.HasValues()) TextWrappedDisabled("%s", channels_.ValuesNote().c_str());
    if (model.Dims() == 3) {
        TextWrappedDisabled(
            "The channel figure draws 1-D and 2-D layers; the counts hold for 3-D.");
    } else if (channels_.HasValues()) {
        // A wide stage puts the sums and the versions beside the figure, so that the figure
        // may take the height.
        const float room = ImGui::GetContentRegionAvail().x;
        const float side = room >= 880.0f ? 540.0f : room >= 680.0f ? 400.0f : 0.0f;
        const bool beside = !NarrowLayout() && side > 0.0f;
        ImGui::BeginGroup();
        DrawFigure(state, model, figure, side);
        ImGui::EndGroup();
        if (beside) {
            ImGui::SameLine(0.0f, ImGui::GetFontSize() * 1.5f);
            ImGui::BeginGroup();
        }
        DrawStepper(state, model);
        if (channels_.Weighted()) DrawVersions(figure, beside);
        if (beside) ImGui::EndGroup();
        const Theme& key = CurrentTheme();
        DrawGridKey("channels",
                    {{KeyItem::Mark::Outline, key.tap, "read by the current output"},
                     {KeyItem::Mark::Outline, key.current, "output being computed"},
                     {KeyItem::Mark::Outline, key.feed, "outputs the pointed input feeds"}});
        if (cin > kMaxDrawnChannels || cout > kMaxDrawnChannels) {
            TextWrappedDisabled(
                "Drawn: the first %lld of %lld input and %lld of %lld output channels; the "
                "matrix below shows every connection.",
                static_cast<long long>(std::min(cin, kMaxDrawnChannels)),
                static_cast<long long>(cin),
                static_cast<long long>(std::min(cout, kMaxDrawnChannels)),
                static_cast<long long>(cout));
        }
    } else if (channels_.Weighted()) {
        DrawVersions(figure, false);
    }
    if (!figure) DrawConnectionMatrix();
    return false;
}

void ChannelsPanel::DrawFigure(PlaygroundState& state, const PlaygroundModel& model, bool figure,
                               float side) {
    const bool beside = side > 0.0f;
    const Theme& theme = CurrentTheme();
    const int64_t cin = channels_.InChannels(), cout = channels_.OutChannels();
    const int64_t shown_in = std::min(cin, kMaxDrawnChannels);
    const int64_t shown_out = std::min(cout, kMaxDrawnChannels);
    const bool weighted = channels_.Weighted();
    const int64_t per_group = weighted ? channels_.InputsOf(0).count : 0;
    const int64_t shown_slices = std::min(per_group, kMaxDrawnChannels);
    const Cell lo = model.ShownLo(), hi = model.ShownHi();
    const Cell out = model.OutputExtent(), k = model.KernelExtent();
    const int in_rows = static_cast<int>(hi[1] - lo[1] + 1);
    const int in_cols = static_cast<int>(hi[2] - lo[2] + 1);
    const int out_rows = static_cast<int>(out[1]), out_cols = static_cast<int>(out[2]);
    const int k_rows = static_cast<int>(k[1]), k_cols = static_cast<int>(k[2]);
    // The same counts as lengths in cells.
    const float in_h = static_cast<float>(in_rows), in_w = static_cast<float>(in_cols);
    const float out_h = static_cast<float>(out_rows), out_w = static_cast<float>(out_cols);
    const float k_h = static_cast<float>(k_rows), k_w = static_cast<float>(k_cols);

    // The current output: the hovered one, else the step's.
    const int64_t current_channel = hover_output_ ? hovered_channel_ : state.out_channel;
    const Cell current = hover_output_ ? hovered_cell_ : model.OutputCellOfStep(state.step);
    const ChannelRange reads = channels_.InputsOf(current_channel);
    const std::vector<Tap> taps = hover_input_ ? std::vector<Tap>{} : model.TapsOf(current);
    const std::vector<Cell> fed =
        hover_input_ ? model.OutputsReading(hovered_cell_) : std::vector<Cell>{};

    // Layout: labels, input channels, the wires, each output's filter slices, Σ, outputs.
    const float font = ImGui::GetFontSize();
    const float label_w = TextWidth("in 00") + 6.0f;
    const float wire_w = std::max(36.0f, font * 3.0f), sum_w = font * 2.2f;
    // Beside the figure (`side` pixels): the stepper and the versions' table; below it: the
    // key, and unless beside, the stepper, its sums and the table.
    const float avail_w = ImGui::GetContentRegionAvail().x - side;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float gap = 4.0f;
    const float fixed = 2 * label_w + wire_w + sum_w + gap * static_cast<float>(shown_slices);
    const float units = static_cast<float>(in_cols + out_cols + shown_slices * k_cols);
    const float by_width = (avail_w - fixed) / std::max(units, 1.0f);
    // The height each channel's row needs at a given cell size.
    const auto height_at = [&](float at) {
        return std::max(static_cast<float>(shown_in) * (in_h * at + gap),
                        static_cast<float>(shown_out) * (std::max(out_h, k_h) * at + gap));
    };
    float cell = std::clamp(by_width, 3.0f, 30.0f);
    if (!NarrowLayout()) {
        // A window or a figure keeps the panel's parts in view: the figure takes what the
        // sums (and, not beside, the versions) leave, but no less than 40 pixels a channel.
        const float reserve = (beside || figure ? 3.0f : 10.0f) * line;
        const float budget = std::max(ImGui::GetContentRegionAvail().y - reserve,
                                      40.0f * static_cast<float>(std::max(shown_in, shown_out)));
        const float by_height =
            std::min((budget / static_cast<float>(shown_in) - gap) / in_h,
                     (budget / static_cast<float>(shown_out) - gap) / std::max(out_h, k_h));
        cell = std::clamp(std::min(by_width, by_height), 3.0f, 30.0f);
    }
    // A phone scrolls as one page: the width sets the cells, the cells the height.
    const float height = height_at(cell);

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 wire = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.45f);
    const float in_x = origin.x + label_w;
    const float w_x = in_x + cell * in_w + wire_w;
    const float out_x = w_x + static_cast<float>(shown_slices) * (cell * k_w + gap) + sum_w;
    const float in_row_h = height / static_cast<float>(shown_in);
    const float out_row_h = height / static_cast<float>(shown_out);
    const ValueRange in_range = channels_.InputRange(), w_range = channels_.WeightRange(),
                     out_range = channels_.OutputRange();
    bool any_output_hover = false, any_input_hover = false;
    nlohmann::json lit = nlohmann::json::array();
    const bool probing = UiProbe::Get().Enabled();

    // Input channels, their taps lit where the current output reads them.
    std::vector<ImVec2> in_ports(static_cast<size_t>(shown_in));
    for (int64_t c = 0; c < shown_in; ++c) {
        const float top =
            origin.y + in_row_h * static_cast<float>(c) + (in_row_h - cell * in_h) / 2.0f;
        const bool read = !hover_input_ && reads.Contains(c);
        ImGui::SetCursorScreenPos(ImVec2(in_x, top));
        const std::string id = "ch_in" + Num(c);
        const GridResult g =
            DrawGrid(id.c_str(), in_rows, in_cols, cell, ImVec2(cell * in_w, cell * in_h),
                     in_range.lo, in_range.hi, [&](int r, int col) {
                         const Cell at{0, lo[1] + r, lo[2] + col};
                         CellLook l;
                         l.value = channels_.Input(c, at, &l.padding);
                         if (read) {
                             for (const Tap& t : taps)
                                 if (t.input == at) l.highlight = theme.tap;
                         }
                         if (hover_input_ && c == hovered_channel_ && at == hovered_cell_)
                             l.highlight = theme.feed;
                         return l;
                     });
        ProbeRect(g.min, g.max, g.cell, "grid:", id);
        draw->AddText(ImVec2(origin.x, top + (g.max.y - g.min.y) / 2 - font / 2), text_colour,
                      ("in " + Num(c)).c_str());
        in_ports[static_cast<size_t>(c)] = ImVec2(g.max.x + 2.0f, (g.min.y + g.max.y) / 2);
        if (g.hovered_row >= 0) {
            any_input_hover = true;
            hovered_channel_ = c;
            hovered_cell_ = Cell{0, lo[1] + g.hovered_row, lo[2] + g.hovered_col};
        }
        if (probing && read) {
            nlohmann::json cells = nlohmann::json::array();
            for (const Tap& t : taps) cells.push_back({t.input[0], t.input[1], t.input[2]});
            lit.push_back({{"channel", c}, {"cells", cells}});
        }
    }

    // Each output channel: its filter slices (one per input channel of its group), wired to
    // those inputs, then Σ and the output grid.
    nlohmann::json fed_json = nlohmann::json::array();
    for (int64_t o = 0; o < shown_out; ++o) {
        const float row_top = origin.y + out_row_h * static_cast<float>(o);
        const bool is_current = o == current_channel && !hover_input_;
        const ChannelRange inputs = channels_.InputsOf(o);
        const bool feeds_from_hover = hover_input_ && inputs.Contains(hovered_channel_);
        for (int64_t j = 0; j < shown_slices; ++j) {
            const float x = w_x + static_cast<float>(j) * (cell * k_w + gap);
            const float top = row_top + (out_row_h - cell * k_h) / 2.0f;
            const int64_t c = inputs.first + j;
            if (c < shown_in) {
                const bool lit_wire = is_current || (feeds_from_hover && c == hovered_channel_);
                draw->AddLine(in_ports[static_cast<size_t>(c)],
                              ImVec2(x - 2.0f, top + cell * k_h / 2), lit_wire ? theme.tap : wire,
                              lit_wire ? 2.5f : 1.0f);
            }
            ImGui::SetCursorScreenPos(ImVec2(x, top));
            const std::string id = "ch_w" + Num(o) + "_" + Num(j);
            const GridResult g =
                DrawGrid(id.c_str(), k_rows, k_cols, cell, ImVec2(cell * k_w, cell * k_h),
                         w_range.lo, w_range.hi, [&](int r, int col) {
                             CellLook l;
                             l.value = channels_.Weight(o, j, Cell{0, r, col});
                             if (is_current)
                                 for (const Tap& t : taps)
                                     if (t.kernel == Cell{0, r, col}) l.highlight = theme.tap;
                             return l;
                         });
            ProbeRect(g.min, g.max, g.cell, "grid:", id);
        }
        if (weighted) {
            draw->AddText(ImVec2(out_x - sum_w + font * 0.4f, row_top + out_row_h / 2 - font / 2),
                          text_colour, "Σ →");
        } else {
            // No weights: each input channel goes straight to its own output.
            if (o < shown_in)
                draw->AddLine(in_ports[static_cast<size_t>(o)],
                              ImVec2(out_x - 4.0f, row_top + out_row_h / 2),
                              is_current ? theme.tap : wire, is_current ? 2.5f : 1.0f);
        }
        const float top = row_top + (out_row_h - cell * out_h) / 2.0f;
        ImGui::SetCursorScreenPos(ImVec2(out_x, top));
        const std::string id = "ch_out" + Num(o);
        const GridResult g =
            DrawGrid(id.c_str(), out_rows, out_cols, cell, ImVec2(cell * out_w, cell * out_h),
                     out_range.lo, out_range.hi, [&](int r, int col) {
                         const Cell at{0, r, col};
                         CellLook l;
                         l.value = channels_.Output(o, at);
                         if (is_current && at == current) l.highlight = theme.current;
                         if (feeds_from_hover)
                             for (const Cell& f : fed)
                                 if (f == at) l.highlight = theme.feed;
                         return l;
                     });
        ProbeRect(g.min, g.max, g.cell, "grid:", id);
        draw->AddText(ImVec2(g.max.x + 6.0f, (g.min.y + g.max.y) / 2 - font / 2), text_colour,
                      ("out " + Num(o)).c_str());
        if (g.hovered_row >= 0) {
            any_output_hover = true;
            hovered_channel_ = o;
            hovered_cell_ = Cell{0, g.hovered_row, g.hovered_col};
        }
        if (g.clicked && g.hovered_row >= 0) {
            state.out_channel = o;
            state.step = g.hovered_row * out[2] + g.hovered_col;
        }
        if (probing && feeds_from_hover) {
            nlohmann::json cells = nlohmann::json::array();
            for (const Cell& f : fed) cells.push_back({f[0], f[1], f[2]});
            fed_json.push_back({{"channel", o}, {"cells", cells}});
        }
    }
    // The figure's room, claimed once its pieces are drawn.
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(out_x - origin.x + cell * out_w + label_w, height));
    hover_output_ = any_output_hover;
    hover_input_ = any_input_hover;
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled()) {
        probe.Value("channel_current", {current_channel, current[0], current[1], current[2]});
        probe.Value("channel_lit", lit);
        probe.Value("channel_fed", fed_json);
    }
}

void ChannelsPanel::DrawStepper(PlaygroundState& state, const PlaygroundModel& model) {
    const int64_t cells = model.OutputCount(), cout = channels_.OutChannels();
    const int64_t channel = hover_output_ ? hovered_channel_ : state.out_channel;
    const Cell cell = hover_output_ ? hovered_cell_ : model.OutputCellOfStep(state.step);
    // Steps run through the cells of one output channel, then the next channel.
    const int64_t flat = state.out_channel * cells + ((state.step % cells) + cells) % cells;
    const auto go = [&](int64_t to) {
        to = ((to % (cells * cout)) + cells * cout) % (cells * cout);
        state.out_channel = to / cells;
        state.step = to % cells;
    };
    if (ImGui::ArrowButton("##channel_back", ImGuiDir_Left)) go(flat - 1);
    ProbeLastItem("control:channel_back");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##channel_forward", ImGuiDir_Right)) go(flat + 1);
    ProbeLastItem("control:channel_forward");
    ImGui::SameLine();
    const std::string where = "output channel " + Num(channel) + ", cell " +
                              (model.Dims() == 1 ? "(" + Num(cell[2]) + ")"
                                                 : "(" + Num(cell[1]) + ", " + Num(cell[2]) + ")");
    ListedText(where);
    const std::vector<std::string> lines = channels_.SumLines(model, channel, cell);
    for (const std::string& text : lines) ListedTextWrapped(text);
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled()) probe.Value("channel_sums", lines);
}

void ChannelsPanel::DrawVersions(bool figure, bool compact) const {
    const std::vector<ChannelVariant>& versions = channels_.Variants();
    if (versions.empty()) return;
    const Theme& theme = CurrentTheme();
    // The mirror's table has a column for each; on screen each version's PyTorch layers (and,
    // compact or on a phone, its weight shapes) go under its name, and each ratio under its
    // count, so that the table fits beside the figure and on a phone.
    std::vector<std::vector<std::string>> listed = {{"version", "PyTorch", "weights", "parameters",
                                                     "MACs",
                                                     "times the standard: parameters / MACs"}};
    for (const ChannelVariant& v : versions) {
        listed.push_back({v.name + (v.is_this_layer ? " (this layer)" : "") +
                              (v.out_channels != channels_.OutChannels()
                                   ? ", " + Num(v.out_channels) + " outputs"
                                   : ""),
                          v.code, v.weights, CountText(v.cost.parameters), CountText(v.cost.macs),
                          Ratio(v.parameter_ratio) + " / " + Ratio(v.mac_ratio)});
    }
    const bool shapes_column = !compact && !NarrowLayout();
    if (ImGui::BeginTable(
            "channel_versions", shapes_column ? 4 : 3,
            ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("version");
        if (shapes_column) ImGui::TableSetupColumn("weights");
        ImGui::TableSetupColumn("parameters");
        ImGui::TableSetupColumn("MACs");
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < versions.size(); ++i) {
            const ChannelVariant& v = versions[i];
            ImGui::TableNextRow();
            if (v.is_this_layer)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, theme.selected_row);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v.name.c_str());
            if (v.is_this_layer) ImGui::TextUnformatted("this layer");
            if (v.out_channels != channels_.OutChannels())
                ImGui::Text("%lld outputs", static_cast<long long>(v.out_channels));
            // A separable version's two layers, one per line.
            std::string code = v.code;
            if (const size_t at = code.find(" → "); at != std::string::npos) code[at] = '\n';
            ImGui::TextDisabled("%s", code.c_str());
            if (!shapes_column) ImGui::TextDisabled("%s", v.weights.c_str());
            if (shapes_column) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(v.weights.c_str());
            }
            for (const auto& [count, ratio] : {std::pair{v.cost.parameters, v.parameter_ratio},
                                               std::pair{v.cost.macs, v.mac_ratio}}) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(CountText(count).c_str());
                ImGui::TextDisabled("%s×", Ratio(ratio).c_str());
            }
        }
        ImGui::EndTable();
    }
    ListTable("Standard, grouped, depthwise and separable versions of this layer",
              std::move(listed));
    if (!figure) {
        TextWrappedDisabled(
            "Parameters count the weights and, when on, one bias per output channel; "
            "multiply-accumulates are for one image; under each count, its ratio to the "
            "standard version's. Depthwise-separable is a depthwise layer then a 1x1 "
            "convolution to C_out (MobileNet): about 1/C_out + 1/k² of the standard cost.");
    }
}

void ChannelsPanel::DrawConnectionMatrix() const {
    const int64_t cin = channels_.InChannels(), cout = channels_.OutChannels();
    if (cin * cout <= 1) return;
    const Theme& theme = CurrentTheme();
    ListedText("Which input channels each output channel reads (rows: outputs, columns: inputs)");
    const float cell = std::clamp(160.0f / static_cast<float>(std::max(cin, cout)), 2.0f, 14.0f);
    const GridResult g =
        DrawGrid("connections", static_cast<int>(cout), static_cast<int>(cin), cell,
                 ImVec2(cell * static_cast<float>(cin), cell * static_cast<float>(cout)), 0.0f,
                 1.0f, [&](int r, int c) {
                     CellLook l;
                     l.value = channels_.InputsOf(r).Contains(c) ? 1.0f : 0.0f;
                     l.show_value = false;
                     l.fill_override = l.value > 0 ? theme.tap : theme.empty_cell;
                     return l;
                 });
    ProbeRect(g.min, g.max, g.cell, "grid:connections");
}

nlohmann::json ChannelsPanel::TestValues(const PlaygroundState& state,
                                         const PlaygroundModel& model) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok()) return values;
    Refresh(state, model);
    if (!channels_.Ok()) {
        values["channel_error"] = channels_.Error();
        return values;
    }
    values["channels"] = {{"in", channels_.InChannels()},
                          {"out", channels_.OutChannels()},
                          {"groups", channels_.Groups()},
                          {"depth_multiplier", DepthMultiplierOf(channels_.GetLayer())}};
    nlohmann::json connections = nlohmann::json::array();
    for (int64_t o = 0; o < channels_.OutChannels(); ++o) {
        const ChannelRange r = channels_.InputsOf(o);
        connections.push_back({r.first, r.count});
    }
    values["channel_connections"] = connections;
    nlohmann::json versions = nlohmann::json::array();
    for (const ChannelVariant& v : channels_.Variants()) {
        versions.push_back({{"name", v.name},
                            {"code", v.code},
                            {"weights", v.weights},
                            {"parameters", v.cost.parameters},
                            {"macs", v.cost.macs},
                            {"parameter_ratio", v.parameter_ratio},
                            {"mac_ratio", v.mac_ratio},
                            {"this_layer", v.is_this_layer}});
    }
    values["channel_versions"] = versions;
    if (!channels_.HasValues()) {
        values["channel_values_note"] = channels_.ValuesNote();
    } else if (channels_.InChannels() * model.InputExtent()[1] * model.InputExtent()[2] <= 4096) {
        values["channel_input"] = channels_.InputTensor();
        values["channel_weights"] = channels_.WeightTensor();
        values["channel_output"] = channels_.OutputTensor();
    }
    return values;
}

}  // namespace convscope::app
