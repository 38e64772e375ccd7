// The receptive-field explorer view (see rf_view.h). Sections:
//   1. stack editor   2. headline   3. table
// The picture is drawn by RfPicture (rf_picture.cpp), the growth plot by RfGrowthPlot.
#include "app/explorer/rf_view.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/keyboard.h"
#include "app/widgets/layer_editor.h"
#include "app/widgets/panel_tabs.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/link_text.h"
#include "core/network/network_text.h"
#include "core/network/rf_table.h"
#include "core/network/table_text.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

// The explorer's layer editor: number fields for any size, the padding forms networks use
// (TensorFlow's same, causal), and the output channels that give parameter counts.
const LayerEditorStyle& ExplorerEditorStyle() {
    static const LayerEditorStyle style = [] {
        LayerEditorStyle s;
        s.padding_choices = {{PaddingChoice::Explicit, "explicit"},
                             {PaddingChoice::Same, "same (TensorFlow)"},
                             {PaddingChoice::Valid, "valid"},
                             {PaddingChoice::Causal, "causal (left only)"}};
        s.out_channels = true;
        return s;
    }();
    return style;
}

// Whether one value per setting describes the state: the input and every layer alike in all
// dimensions, so that the per-dimension fields can start linked.
bool SameInEveryDim(const RfState& s) {
    return SameInEveryDimension(s.input) &&
           std::all_of(s.layers.begin(), s.layers.end(),
                       [](const Layer& l) { return SameInEveryDimension(l); });
}

Layer NewLayer(const char* token, int dims) {
    Layer layer;
    std::string error;
    ParseLayerToken(token, dims, layer, error);
    return layer;
}

// The headline's numbers: the last layer's output and field (its central unit's, and the
// smallest and largest over its units), and how much of the input the field covers.
struct Headline {
    std::vector<int64_t> out, rf, rf_min, rf_max;
    std::string coverage;
};

// "188–204" per dimension where units differ, once when every dimension agrees; "" when no
// dimension's units differ.
std::string SpreadText(const std::vector<int64_t>& lo, const std::vector<int64_t>& hi) {
    bool varies = false;
    std::vector<std::string> parts;
    for (size_t d = 0; d < lo.size(); ++d) {
        varies = varies || lo[d] != hi[d];
        parts.push_back(std::to_string(lo[d]) + "–" + std::to_string(hi[d]));
    }
    if (!varies) return "";
    const bool same = std::all_of(parts.begin(), parts.end(),
                                  [&](const std::string& p) { return p == parts.front(); });
    std::string text;
    for (size_t d = 0; d < (same ? 1 : parts.size()); ++d) text += (d ? " × " : "") + parts[d];
    return text;
}

Headline HeadlineOf(const RfModel& model) {
    const std::vector<LayerField>& fields = model.Fields();
    const std::vector<int64_t>& input = model.Input();
    const std::vector<int64_t> ones(input.size(), 1);
    Headline h{input, ones, ones, ones, ""};
    if (!fields.empty()) {
        h.out = fields.back().shape.output;
        h.rf = fields.back().rf;
        h.rf_min = fields.back().rf_min;
        h.rf_max = fields.back().rf_max;
    }
    double covered = 1.0, total = 1.0;
    for (size_t d = 0; d < input.size(); ++d) {
        covered *= static_cast<double>(std::min(h.rf[d], input[d]));
        total *= static_cast<double>(input[d]);
    }
    char coverage[32];
    std::snprintf(coverage, sizeof coverage, "%.1f%%", 100.0 * covered / total);
    h.coverage = coverage;
    return h;
}

// A preset's published numbers against this stack's table, one line each.
struct PublishedCheck {
    size_t layer;  // from 1
    bool holds;
    std::string line, source;
};

std::vector<PublishedCheck> CheckPublished(const NetworkPreset& preset,
                                           const std::vector<RfTableRow>& rows) {
    std::vector<PublishedCheck> checks;
    for (const PublishedField& p : preset.published) {
        if (p.layer + 1 >= rows.size()) continue;
        const RfTableRow& row = rows[p.layer + 1];
        std::string line = "layer " + Num(static_cast<int64_t>(p.layer) + 1) + ":";
        bool holds = true;
        const auto part = [&](const char* name, const std::optional<int64_t>& published,
                              int64_t ours) {
            if (!published) return;
            line += std::string(" ") + name + " " + Num(*published);
            holds &= *published == ours;
        };
        part("RF", p.rf, row.rf.back());
        part("jump", p.jump, row.jump.back().denominator == 1 ? row.jump.back().numerator : -1);
        part("effective padding", p.effective_padding, row.effective_padding.back());
        part("output", p.output, row.output.back());
        line += holds ? " (matches)" : " (differs here: the input or a layer was changed)";
        checks.push_back({p.layer + 1, holds, line, p.source});
    }
    return checks;
}

// One text for per-dimension values: once when every dimension agrees, else "a × b × c".
template <typename Values, typename Format>
std::string Joined(const Values& values, const Format& format) {
    std::string text;
    bool all_same = true;
    for (size_t d = 1; d < values.size(); ++d) all_same &= format(values[d]) == format(values[0]);
    for (size_t d = 0; d < (all_same ? 1 : values.size()); ++d)
        text += (d ? " × " : "") + format(values[d]);
    return text;
}

std::string NumberText(int64_t v) { return std::to_string(v); }

constexpr const char* kChannelsUnknown = "channels unknown";

std::string JumpColumn(const RfTableRow& row) { return Joined(row.jump, FractionText); }

std::string ReadsColumn(const RfTableRow& row) {
    std::string reads;
    for (size_t d = 0; d < row.range.size(); ++d)
        reads +=
            (d ? " × " : "") + ("[" + Num(row.range[d].lo) + ", " + Num(row.range[d].hi) + "]");
    return reads;
}

// The conventions stay in sight: tables elsewhere differ on both by half a pixel or a sign.
const char* const kConventions =
    "Receptive field: the central unit's (output cell (size−1)/2). After a transposed layer "
    "units differ; the smallest and largest over all units follow it (188 (188–204)). The "
    "other columns describe each layer's first unit (output cell 0). Centres in pixel indices: "
    "pixel k at coordinate k, "
    "the first pixel's centre at 0 (add 0.5 for the convention where pixel k spans [k, k+1)); "
    "unit u's centre is "
    "centre + u × jump. Effective padding: how far the first unit's field starts before input "
    "cell 0 (−lo; "
    "negative when it starts inside), Google receptive_field's definition.";

}  // namespace

RfView::RfView() = default;

void RfView::OpenModel(const std::string& name, ModelAnalyser analyse) {
    model_panel_.Open(name, std::move(analyse));
    state_.panel = RfPanel::Model;
    panel_requested_ = true;
}

std::vector<std::string> RfView::Apply(LinkReader& link) {
    std::vector<std::string> notes;
    ReadRfLink(link, state_, notes);
    unet_panel_.ReadLink(link, notes);
    notes_ = notes;
    panel_requested_ = true;
    linked_dims_ = SameInEveryDim(state_);
    Rebuild();
    return notes;
}

const RfModel& RfView::Model() const {
    if (model_stale_) {
        // Timed for the benchmark (bench/explorer_timing.mjs reads it through the test hook).
        const auto start = std::chrono::steady_clock::now();
        model_.Rebuild(state_);
        model_stale_ = false;
        rebuild_ms_ =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
    }
    return model_;
}

void RfView::Draw() {
    if (single_panel_) {
        if (state_.panel != RfPanel::Model) DrawHeadline();
        ImGui::Separator();
        DrawPanel(state_.panel);
        return;
    }
    // A phone or a narrow window: the figure first, the stack under it, one scrolling page.
    const bool narrow = NarrowLayout();
    if (!narrow) {
        const float left_width = std::min(340.0f, ImGui::GetContentRegionAvail().x * 0.36f);
        ImGui::BeginChild("rf_stack", ImVec2(left_width, 0), true);
        DrawStackEditor();
        ImGui::EndChild();
        ImGui::SameLine();
    }
    if (!narrow) ImGui::BeginChild("rf_stage", ImVec2(0, 0), false);
    // The headline is the stack's; the model panel has its own.
    if (state_.panel != RfPanel::Model) DrawHeadline();
    static const std::pair<RfPanel, const char*> tabs[] = {{RfPanel::Picture, "Field on the input"},
                                                           {RfPanel::Table, "Table"},
                                                           {RfPanel::Growth, "Growth"},
                                                           {RfPanel::UNet, "U-Net planner"},
                                                           {RfPanel::Model, "Your model"}};
    DrawPanelTabs("rf_panels", tabs, state_.panel, panel_requested_,
                  ImGuiWindowFlags_HorizontalScrollbar, [&](RfPanel panel) { DrawPanel(panel); });
    if (!narrow) ImGui::EndChild();
    if (narrow) {
        ImGui::Separator();
        DrawStackEditor();
    }
}

std::string RfView::StatusText() const {
    if (state_.panel == RfPanel::Model) return model_panel_.StatusText();
    if (!Model().Ok()) return Model().Error();
    const Headline h = HeadlineOf(Model());
    const std::string spread = SpreadText(h.rf_min, h.rf_max);
    return "Receptive field " + SizeText(h.rf) + (spread.empty() ? "" : " (units " + spread + ")") +
           ", output size " + SizeText(h.out) + ".";
}

nlohmann::json RfView::TestValues() {
    nlohmann::json values = nlohmann::json::object();
    values["rf_state"] = RfQuery(state_);
    if (!single_panel_) {
        values["rf_rebuild_ms"] = rebuild_ms_;
        const NetworkPreset* preset =
            state_.preset.empty() ? nullptr : FindNetworkPreset(state_.preset);
        if (preset && !Model().TableRows().empty()) {
            nlohmann::json checks = nlohmann::json::array();
            for (const PublishedCheck& c : CheckPublished(*preset, Model().TableRows()))
                checks.push_back({{"layer", c.layer}, {"holds", c.holds}});
            values["rf_published"] = checks;
        }
        values["rf_paste_report"] = paste_report_;
        // The box exists once the paste header was first opened.
        if (!paste_buffer_.empty()) values["rf_paste_length"] = std::strlen(paste_buffer_.data());
    }
    if (!Model().Ok()) {
        values["rf_error"] = Model().Error();
    } else {
        const Headline h = HeadlineOf(Model());
        values["rf_headline"] = {{"output", h.out},
                                 {"rf", h.rf},
                                 {"rf_min", h.rf_min},
                                 {"rf_max", h.rf_max},
                                 {"coverage", h.coverage}};
    }
    // The panel on screen (a click on a tab writes it to the state).
    switch (state_.panel) {
        case RfPanel::Picture:
            values.update(picture_.TestValues(state_, MutableModel()));
            break;
        case RfPanel::Table:
            if (Model().Ok()) {
                values["rf_conventions"] = kConventions;
                nlohmann::json rows = nlohmann::json::array();
                for (const RfTableRow& row : Model().TableRows()) {
                    rows.push_back({{"output", row.output},
                                    {"rf", row.rf},
                                    {"rf_min", row.rf_min},
                                    {"rf_max", row.rf_max},
                                    {"jump", JumpColumn(row)},
                                    {"effective_padding", row.effective_padding},
                                    {"reads", ReadsColumn(row)}});
                }
                values["rf_table"] = rows;
            }
            break;
        case RfPanel::Growth:
            values.update(growth_.TestValues(state_, Model()));
            break;
        case RfPanel::UNet:
            values.update(unet_panel_.TestValues());
            break;
        case RfPanel::Model:
            values.update(model_panel_.TestValues());
            break;
    }
    return values;
}

void RfView::DrawPanel(RfPanel panel) {
    switch (panel) {
        case RfPanel::Picture:
            picture_.Draw(state_, MutableModel(), [this] {
                Rebuild();
                Model();
            });
            break;
        case RfPanel::Table:
            DrawTable();
            break;
        case RfPanel::Growth:
            growth_.Draw(state_, Model());
            break;
        case RfPanel::UNet:
            unet_panel_.Draw();
            break;
        case RfPanel::Model:
            model_panel_.Draw();
            break;
    }
}

// ---- 1. Stack editor ----------------------------------------------------------------------

void RfView::DrawStackEditor() {
    bool changed = false;
    // Presets: the chapter's stacks and the reference networks, checked against their
    // published numbers in the core's tests (and here, against this table).
    const NetworkPreset* current =
        state_.preset.empty() ? nullptr : FindNetworkPreset(state_.preset);
    ImGui::SetNextItemWidth(-1.0f);
    std::vector<std::string> names;
    int current_preset = -1;
    for (const NetworkPreset& preset : NetworkPresets()) {
        if (current == &preset) current_preset = static_cast<int>(names.size());
        names.push_back(preset.name);
    }
    const int picked = ListedCombo(
        "##preset", names, current_preset, current ? nullptr : "Load a preset…", 0, [](int i) {
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s",
                                  NetworkPresets()[static_cast<size_t>(i)].description.c_str());
        });
    if (picked >= 0) {
        const NetworkPreset& preset = NetworkPresets()[static_cast<size_t>(picked)];
        LoadPreset(preset, state_, true);
        ClearRfUnit(state_);
        linked_dims_ = SameInEveryDim(state_);
        notes_.clear();
        Rebuild();
        current = &preset;
    }
    ProbeLastItem("rf:preset");
    if (current) {
        TextWrappedDisabled("%s", current->description.c_str());
        DrawPublishedCheck(*current);
    }
    model_panel_.DrawOpenAction();
    DrawPasteBox();
    ImGui::Separator();
    ImGui::TextUnformatted("Input");
    int dims = state_.dims;
    ListedRadio("1D", &dims, 1);
    ImGui::SameLine();
    ListedRadio("2D", &dims, 2);
    ImGui::SameLine();
    ListedRadio("3D", &dims, 3);
    ProbeLastItem("rf:dims3");
    if (dims != state_.dims) {
        notes_.clear();
        ChangeRfDims(state_, dims, notes_);
        changed = true;
    }
    if (state_.dims >= 2) {
        const char* linked = state_.dims == 2 ? "square" : "cube";
        SameLineIfFits(CheckWidth(linked));
        ImGui::Checkbox(linked, &linked_dims_);
    }
    const LayerEditor editor(ExplorerEditorStyle(), linked_dims_);
    changed |= editor.PerDim("input size", state_.input, 1, MaxRfInput(state_.dims), linked_dims_);
    if (state_.dims == 3) {
        TextWrappedDisabled(
            "Depth × height × width, up to %lld per side (3-D stacks are read through the table; "
            "the "
            "picture shows one depth slice).",
            static_cast<long long>(kMaxRfInput3d));
    }

    ImGui::Separator();
    ImGui::Text("Layers (%zu)", state_.layers.size());
    int remove = -1, duplicate = -1, move_from = -1, move_to = -1;
    bool keep_focus = false;
    for (size_t i = 0; i < state_.layers.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const std::string label =
            Num(static_cast<int64_t>(i) + 1) + ". " + DescribeLayer(state_.layers[i]);
        const bool selected = state_.selected_layer == static_cast<int>(i);
        const ImGuiStyle& style = ImGui::GetStyle();
        const float buttons = ImGui::CalcTextSize("dup").x + ImGui::CalcTextSize("×").x +
                              4.0f * style.FramePadding.x + 2.0f * style.ItemSpacing.x + 4.0f;
        if (ImGui::Selectable(label.c_str(), selected, 0,
                              ImVec2(ImGui::GetContentRegionAvail().x - buttons, 0))) {
            state_.selected_layer = static_cast<int>(i);
            changed = true;
        }
        ProbeLastItem("rf:layer", i + 1);
        // Alt+Up and Alt+Down move the row with the keyboard focus (the keyboard's drag).
        if (const int step = KeyboardFocus::Get().AltArrowOnLastItem(); step != 0) {
            const int to = static_cast<int>(i) + step;
            if (to >= 0 && to < static_cast<int>(state_.layers.size())) {
                move_from = static_cast<int>(i);
                move_to = to;
                keep_focus = true;
            }
        }
        // Drag a row onto another to move it there.
        if (ImGui::BeginDragDropSource()) {
            const int index = static_cast<int>(i);
            ImGui::SetDragDropPayload("rf_layer", &index, sizeof index);
            ImGui::TextUnformatted(label.c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("rf_layer")) {
                move_from = *static_cast<const int*>(payload->Data);
                move_to = static_cast<int>(i);
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::SameLine();
        // Named for the mirror with their layer ("dup" and "×" alone say neither).
        ControlList::Get().DescribeNext(ControlRole::Button,
                                        "duplicate layer " + std::to_string(i + 1));
        if (InlineButton("dup")) duplicate = static_cast<int>(i);
        ProbeLastItem("rf:dup", i + 1);
        ImGui::SameLine();
        ControlList::Get().DescribeNext(ControlRole::Button,
                                        "remove layer " + std::to_string(i + 1));
        if (InlineButton("×")) remove = static_cast<int>(i);
        ProbeLastItem("rf:remove", i + 1);
        ImGui::PopID();
    }
    if (remove >= 0) {
        state_.layers.erase(state_.layers.begin() + remove);
        state_.selected_layer =
            std::min(state_.selected_layer, static_cast<int>(state_.layers.size()) - 1);
        changed = true;
    }
    if (duplicate >= 0 && state_.layers.size() < kMaxRfLayers) {
        state_.layers.insert(state_.layers.begin() + duplicate + 1,
                             state_.layers[static_cast<size_t>(duplicate)]);
        changed = true;
    }
    if (move_from >= 0 && move_from != move_to) {
        const Layer moved = state_.layers[static_cast<size_t>(move_from)];
        state_.layers.erase(state_.layers.begin() + move_from);
        state_.layers.insert(state_.layers.begin() + move_to, moved);
        state_.selected_layer = move_to;
        changed = true;
        // The keyboard's focus moves with the row (its id follows its place and number).
        if (keep_focus) {
            ImGui::PushID(move_to);
            const std::string label = Num(move_to + 1) + ". " + DescribeLayer(moved);
            KeyboardFocus::Get().FocusControl(ImGui::GetID(label.c_str()), false);
            ImGui::PopID();
        }
    }
    // Adding: the chapter's layers one click each.
    struct Addition {
        const char* label;
        const char* token;
    };
    static const Addition additions[] = {{"+ conv 3×3", "c3p1"},
                                         {"+ conv 3×3 stride 2", "c3s2p1"},
                                         {"+ max pool 2", "m2"},
                                         {"+ dilated ×2", "c3d2p2"},
                                         {"+ transposed 2 s2", "t2s2"}};
    for (size_t a = 0; a < sizeof additions / sizeof additions[0]; ++a) {
        if (a > 0) SameLineIfFits(ButtonWidth(additions[a].label));
        if (ImGui::Button(additions[a].label) && state_.layers.size() < kMaxRfLayers) {
            state_.layers.push_back(NewLayer(additions[a].token, state_.dims));
            state_.selected_layer = static_cast<int>(state_.layers.size()) - 1;
            changed = true;
        }
        ProbeLastItem("rf:add:", additions[a].token);
    }
    if (!state_.layers.empty() && ImGui::Button("clear")) {
        state_.layers.clear();
        state_.selected_layer = -1;
        changed = true;
    }

    if (state_.selected_layer >= 0 &&
        state_.selected_layer < static_cast<int>(state_.layers.size())) {
        ImGui::Separator();
        ImGui::Text("Layer %d", state_.selected_layer + 1);
        Layer& layer = state_.layers[static_cast<size_t>(state_.selected_layer)];
        changed |= editor.Type(layer);
        changed |= editor.Window(layer);
        changed |= editor.Padding(layer, false);
        changed |= editor.Extras(layer);
    }
    for (const std::string& note : notes_) ListedTextWrapped("Note: " + note);
    if (changed) {
        state_.preset.clear();
        Rebuild();
    }
}

void RfView::DrawPublishedCheck(const NetworkPreset& preset) {
    for (const PublishedCheck& check : CheckPublished(preset, Model().TableRows())) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              check.holds ? CurrentTheme().good_text : CurrentTheme().error_text);
        ListedTextWrapped(check.line);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("published in %s", check.source.c_str());
    }
}

void RfView::DrawPasteBox() {
    const bool open = ImGui::CollapsingHeader("Paste a network");
    ProbeLastItem("rf:paste_header");
    if (!open) return;
    TextWrappedDisabled(
        "PyTorch's print(model), or a fragment like 4,2,1,VALID;4,2,1,VALID (kernel, stride, "
        "dilation, "
        "padding per layer). Modules are read as one chain in print order; warnings below name "
        "the blocks where that gives wrong figures (side-by-side branches, a stride applied "
        "twice, modules registered out of order). torchvision's downsample shortcuts and "
        "squeeze-excitation gates are skipped.");
    if (paste_buffer_.empty()) paste_buffer_.assign(64 * 1024, '\0');
    TextFieldOptions field;
    field.name = "network text";
    field.multiline = true;
    field.size = ImVec2(-1.0f, 110.0f);
    ListedInputText("##paste", paste_buffer_.data(), paste_buffer_.size(), nullptr, field);
    ProbeLastItem("rf:paste_text");
    if (ImGui::Button("Read as a stack")) ReadPastedText(std::string(paste_buffer_.data()));
    ProbeLastItem("rf:paste_read");
    for (const std::string& line : paste_report_) ListedTextWrapped(line);
}

void RfView::ReadPastedText(const std::string& text) {
    paste_report_.clear();
    ParsedNetwork parsed;
    try {
        parsed = ParseNetworkText(text, "auto", 0);
    } catch (const Error& e) {
        // A fragment that does not read (print(model) text never throws: it lists lines).
        paste_report_.push_back(e.what());
        return;
    }
    // What may make the chain's figures wrong comes first, right after the count of layers.
    for (const TextNote& note : parsed.warnings) {
        paste_report_.push_back((note.line ? "line " + Num(note.line) + ": " : std::string()) +
                                note.message);
    }
    for (const TextNote& note : parsed.unparsed) {
        paste_report_.push_back("not read, line " + Num(note.line) + ": " + note.message);
    }
    for (const TextNote& note : parsed.notes) {
        paste_report_.push_back((note.line ? "line " + Num(note.line) + ": " : std::string()) +
                                note.message);
    }
    const std::vector<Layer>& layers = parsed.network.layers;
    if (layers.empty()) {
        paste_report_.insert(paste_report_.begin(), "No layers found in the text.");
    } else {
        std::vector<std::string> notes;
        ChangeRfDims(state_, layers.front().Dims(), notes);
        paste_report_.insert(paste_report_.end(), notes.begin(), notes.end());
        state_.layers.assign(layers.begin(), layers.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                  layers.size(), kMaxRfLayers)));
        state_.preset.clear();
        state_.selected_layer = static_cast<int>(state_.layers.size()) - 1;
        paste_report_.insert(paste_report_.begin(),
                             "Read " + Num(static_cast<int64_t>(state_.layers.size())) +
                                 " layers (" + parsed.format + " form), in print order.");
        linked_dims_ = SameInEveryDim(state_);
        Rebuild();
    }
}

// ---- 2. Headline: the chapter's growth widget -----------------------------------------------

void RfView::DrawHeadline() {
    const Theme& theme = CurrentTheme();
    if (!Model().Ok()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(Model().Error());
        ImGui::PopStyleColor();
        return;
    }
    const std::vector<LayerField>& fields = Model().Fields();
    const Headline h = HeadlineOf(Model());
    // Four numbers, as many to a line as fit. Where the last layer's units differ (after a
    // transposed layer), the field is the central unit's and their range follows it.
    const std::string spread = SpreadText(h.rf_min, h.rf_max);
    const std::string parts[] = {
        "Input " + SizeText(Model().Input()), "Output size " + SizeText(h.out),
        "Receptive field " + SizeText(h.rf) + (spread.empty() ? "" : " (units " + spread + ")"),
        "RF coverage " + h.coverage + " of input"};
    for (const std::string& part : parts) {
        if (&part != &parts[0])
            SameLineIfFits(TextWidth(part.c_str()), 2.0f * ImGui::GetFontSize());
        ImGui::TextUnformatted(part.c_str());
    }
    ListText(parts[0] + ", " + parts[1] + ", " + parts[2] + ", " + parts[3] + ".");
    // The recursion with this stack's numbers (last dimension).
    std::string recursion = "RF: 1";
    int64_t jump = 1;
    // The recursion holds only without transposed layers, anywhere in the stack (the terms
    // shown stop at 12).
    const bool exact =
        std::none_of(Model().Layers().begin(), Model().Layers().end(),
                     [](const Layer& l) { return l.IsTransposed() || l.IsUpsampling(); });
    for (size_t i = 0; i < fields.size() && i < 12; ++i) {
        const Layer& l = Model().Layers()[i];
        const int64_t k = EffectiveKernel(l.kernel.back(), l.dilation.back());
        recursion += " + " + Num(k - 1) + (jump != 1 ? "·" + Num(jump) : "");
        jump *= l.stride.back();
    }
    if (fields.size() > 12) recursion += " + …";
    if (!fields.empty()) recursion += " = " + Num(fields.back().rf.back());
    if (exact) {
        TextWrappedDisabled("r_n = r_(n−1) + (k_n − 1)·d_n·jump_(n−1):   %s", recursion.c_str());
    } else {
        TextWrappedDisabled(
            "A transposed or upsampling layer divides the jump; fields are traced unit by unit "
            "(exact). Units "
            "then differ: the receptive field is the central unit's, with the smallest and "
            "largest over all units beside it.");
    }
}

// ---- 3. Table -----------------------------------------------------------------------------

void RfView::DrawTable() {
    if (!Model().Ok()) return;
    const Theme& theme = CurrentTheme();
    const std::vector<RfTableRow>& rows = Model().TableRows();
    // Export: the core's CSV (one line per layer and dimension) and Markdown.
    if (ImGui::Button("Copy CSV")) {
        ImGui::SetClipboardText(RfTableCsv(rows).c_str());
        copied_at_ = ImGui::GetTime();
    }
    ProbeLastItem("rf:copy_csv");
    SameLineIfFits(ButtonWidth("Copy Markdown"));
    if (ImGui::Button("Copy Markdown")) {
        ImGui::SetClipboardText(RfTableMarkdown(rows).c_str());
        copied_at_ = ImGui::GetTime();
    }
    ProbeLastItem("rf:copy_markdown");
    if (ImGui::GetTime() - copied_at_ < 2.0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.good_text), "copied");
    }
    ImGui::SameLine(0.0f, 20.0f);
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "Receptive field: the central unit's (index (size-1)/2); where units differ (after a\n"
            "transposed layer) the smallest and largest over all units follow in brackets.\n"
            "First unit: the output cell at index 0. Its field reads input cells [lo, hi]; lo < 0 "
            "lies in the\n"
            "padding. Effective padding = -lo (Google's receptive_field tables). Centre: pixel k "
            "at\n"
            "coordinate k (index convention); add 0.5 where pixel k spans [k, k+1). Unit u's "
            "centre is\n"
            "centre + u x jump. Coverage: min(RF, input) / input, per dimension, multiplied.");
    }
    TextWrappedDisabled("%s", kConventions);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX;
    // The cells as text, header first: drawn here and listed for the screen-reader mirror.
    std::vector<std::vector<std::string>> cells = {
        {"#", "layer", "output", "receptive field", "jump", "first unit reads", "effective padding",
         "centre (index)", "coverage", "parameters / MACs", "notes"}};
    for (const RfTableRow& row : rows) {
        char coverage[32];
        std::snprintf(coverage, sizeof coverage, "%.1f%%", 100.0 * row.coverage_area);
        char cost[64] = "";
        if (row.index != 0 && row.cost.known)
            std::snprintf(cost, sizeof cost, "%.4g / %.4g", row.cost.parameters, row.cost.macs);
        std::string notes;
        if (std::any_of(row.rf_exceeds_input.begin(), row.rf_exceeds_input.end(),
                        [](bool b) { return b; })) {
            notes += "field exceeds the input (adds no context); ";
        }
        if (std::any_of(row.centre_between_pixels.begin(), row.centre_between_pixels.end(),
                        [](bool b) { return b; })) {
            notes += "centre between pixels; ";
        }
        const std::string spread = SpreadText(row.rf_min, row.rf_max);
        if (!spread.empty()) notes += "RF varies by unit; ";
        cells.push_back(
            {std::to_string(row.index),
             row.index == 0 ? "input" : DescribeLayer(Model().Layers()[row.index - 1]),
             SizeText(row.output),
             Joined(row.rf, NumberText) + (spread.empty() ? "" : " (" + spread + ")"),
             JumpColumn(row), ReadsColumn(row), Joined(row.effective_padding, NumberText),
             Joined(row.centre_index,
                    [](double v) {
                        char text[32];
                        std::snprintf(text, sizeof text, "%g", v);
                        return std::string(text);
                    }),
             coverage, row.index == 0 || row.cost.known ? cost : kChannelsUnknown, notes});
    }
    if (ImGui::BeginTable("rf_table", static_cast<int>(cells.front().size()), flags,
                          ImVec2(0, std::max(160.0f, ImGui::GetContentRegionAvail().y - 10.0f)))) {
        ImGui::TableSetupScrollFreeze(2, 1);
        for (const std::string& name : cells.front()) ImGui::TableSetupColumn(name.c_str());
        ImGui::TableHeadersRow();
        for (size_t r = 1; r < cells.size(); ++r) {
            ImGui::TableNextRow();
            if (static_cast<int>(rows[r - 1].index) - 1 == Model().SelectedLayer())
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, theme.selected_row);
            for (const std::string& cell : cells[r]) {
                ImGui::TableNextColumn();
                if (cell == kChannelsUnknown)
                    ImGui::TextDisabled("%s", cell.c_str());
                else
                    ImGui::TextUnformatted(cell.c_str());
            }
        }
        ImGui::EndTable();
    }
    ListTable("Receptive fields, layer by layer", std::move(cells));
}

}  // namespace convscope::app
