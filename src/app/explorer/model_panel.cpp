// The explorer's "Your model" panel (see model_panel.h).
#include "app/explorer/model_panel.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/heat_map.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/api/json_graph_ops.h"
#include "core/graph/graph_table.h"
#include "core/layer/error.h"
#include "core/network/table_text.h"

namespace convscope::app {

namespace {

std::string Joined(const std::vector<int64_t>& sizes, const char* separator) {
    std::string text;
    for (size_t i = 0; i < sizes.size(); ++i)
        text += (i ? separator : "") + std::to_string(sizes[i]);
    return text;
}

// "1x3x224x224" or "1,3,224,224" as sizes; empty when it is not a list of whole numbers.
std::vector<int64_t> ParseShape(const std::string& text) {
    std::vector<int64_t> sizes;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find_first_of("x,× ", start);
        const std::string part = text.substr(start, end - start);
        if (part.empty() || part.size() > 9 ||
            part.find_first_not_of("0123456789") != std::string::npos)
            return {};
        sizes.push_back(std::stoll(part));
        if (end == std::string::npos) return sizes;
        start = end + 1;
    }
}

// Where a node's field picture takes its rows and columns: the last two spatial dimensions
// (a 1-D model: one row).
struct PictureAxes {
    int64_t height = 1, width = 1;
    CellRange rows{0, 0}, columns{0, 0};
};

PictureAxes AxesOf(const NodeAnalysis& node, const std::vector<int64_t>& input_shape) {
    PictureAxes axes;
    const size_t dims = node.fields.size();
    axes.width = input_shape[input_shape.size() - 1];
    axes.columns = node.fields[dims - 1].central;
    if (dims >= 2) {
        axes.height = input_shape[input_shape.size() - 2];
        axes.rows = node.fields[dims - 2].central;
    }
    return axes;
}

}  // namespace

void ModelPanel::DrawOpenAction() {
    if (ImGui::Button("Open model…")) {
        if (picker_)
            request_ = std::string();
        else
            path_open_ = !path_open_;
    }
    ProbeLastItem("rf:open_model");
    SameLineIfFits(TextWidth("an .onnx file"));
    TextWrappedDisabled(picker_ ? "an .onnx file, or drop one on the figure"
                                : "an .onnx file, or drop one on the window");
    if (!path_open_) return;
    bool entered = false;
    ImGui::SetNextItemWidth(-1.0f);
    TextFieldOptions path_field;
    path_field.name = "Path of the .onnx file";
    ListedInputText("##model_path", path_.data(), path_.size(), &entered, path_field);
    ProbeLastItem("rf:model_path");
    if ((ImGui::Button("Open") || entered) && path_[0] != '\0') {
        request_ = std::string(path_.data());
        path_open_ = false;
    }
}

void ModelPanel::ShowOpenAction() {
    if (picker_)
        request_ = std::string();
    else
        path_open_ = true;
}

std::optional<std::string> ModelPanel::TakeOpenRequest() {
    std::optional<std::string> request;
    request.swap(request_);
    return request;
}

void ModelPanel::Open(const std::string& name, ModelAnalyser analyse) {
    name_ = name;
    analyse_ = std::move(analyse);
    selected_ = -1;
    filter_[0] = '\0';
    Analyse({});
}

void ModelPanel::Analyse(const std::vector<int64_t>& input_shape) {
    const auto start = std::chrono::steady_clock::now();
    nlohmann::json request = nlohmann::json::object();
    if (!input_shape.empty()) request["input_shape"] = input_shape;
    if (show_effective_ && selected_ >= 0 && selected_ < static_cast<int>(analysis_.nodes.size()))
        request["effective_field"] = analysis_.nodes[static_cast<size_t>(selected_)].name;
    error_.clear();
    try {
        const std::string answer = analyse_(request.dump());
        analysis_ = graph_ops::GraphAnalysisFromJson(nlohmann::json::parse(answer));
        analysed_ = true;
        const std::string shape = Joined(analysis_.input_shape, "x");
        std::snprintf(shape_text_.data(), shape_text_.size(), "%s", shape.c_str());
    } catch (const Error& e) {
        error_ = e.what();
    } catch (const nlohmann::json::exception&) {
        error_ = "the model reader's answer is not JSON";
    }
    if (!error_.empty() && !analysed_) analysis_ = GraphAnalysis{};
    analyse_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // The deepest node whose units see part of the input is the one to see first.
    if (selected_ < 0 || selected_ >= static_cast<int>(analysis_.nodes.size())) {
        selected_ = -1;
        for (size_t i = analysis_.nodes.size(); i-- > 0;) {
            if (!analysis_.nodes[i].fields.empty() && !analysis_.nodes[i].whole_input) {
                selected_ = static_cast<int>(i);
                break;
            }
        }
    }
    ApplyFilter();
}

void ModelPanel::ApplyFilter() {
    shown_.clear();
    cells_ = {GraphTableHeader()};
    cells_.front().insert(cells_.front().begin(), "#");
    const std::string filter = filter_.data();
    for (size_t i = 0; i < analysis_.nodes.size(); ++i) {
        if (!show_constants_ && !analysis_.nodes[i].depends_on_input) continue;
        if (!GraphNodeMatches(analysis_.nodes[i], filter)) continue;
        shown_.push_back(i);
        std::vector<std::string> row = GraphTableRow(analysis_.nodes[i]);
        row.insert(row.begin(), std::to_string(i + 1));
        cells_.push_back(std::move(row));
    }
}

void ModelPanel::SelectNode(int node) {
    selected_ = node;
    if (show_effective_) reanalyse_ = true;
}

void ModelPanel::Draw() {
    if (!HasModel()) {
        ListedTextWrapped(
            "Open an ONNX model to see every node's output shape and receptive field, with its "
            "branches and merges. Export it from PyTorch with torch.onnx.export(model, x, "
            "\"model.onnx\") (docs/models.md). The file is read here and never leaves this "
            "computer.");
        DrawOpenAction();
        return;
    }
    // Asked for while the table or the field was drawn; done before anything refers to the
    // analysis it replaces.
    if (reanalyse_) {
        reanalyse_ = false;
        Analyse(analysis_.input_shape);
    }
    ListedHeading(name_ + ": " + std::to_string(analysis_.nodes.size()) + " nodes, input '" +
                  analysis_.input_name + "'");
    DrawInputShape();
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, CurrentTheme().error_text);
        ListedTextWrapped(error_);
        ImGui::PopStyleColor();
        if (!analysed_) return;
    }
    for (const std::string& note : analysis_.notes) ListedTextWrapped("Note: " + note);
    DrawField();
    ImGui::Separator();
    DrawTable();
}

void ModelPanel::DrawInputShape() {
    // Analysed again when the entry ends (Enter), not at every digit typed.
    bool entered = false;
    TextFieldOptions field;
    field.name = "Input shape (N x C x spatial sizes)";
    ImGui::SetNextItemWidth(std::min(200.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    ListedInputText("input shape", shape_text_.data(), shape_text_.size(), &entered, field);
    ProbeLastItem("rf:model_input_shape");
    if (!entered) return;
    const std::vector<int64_t> shape = ParseShape(shape_text_.data());
    if (shape.empty()) {
        error_ = "the input shape is whole numbers joined by x, e.g. 1x3x224x224, got '" +
                 std::string(shape_text_.data()) + "'";
        return;
    }
    Analyse(shape);
}

void ModelPanel::DrawField() {
    if (selected_ < 0) {
        TextWrappedDisabled("No node keeps the input's spatial layout: nothing to draw on it.");
        return;
    }
    const NodeAnalysis& node = analysis_.nodes[static_cast<size_t>(selected_)];
    if (node.fields.empty()) {
        ListedTextWrapped("'" + node.name + "' (" + node.op + ") has no field per position: " +
                          (node.whole_input ? "each of its values depends on the whole input."
                                            : "its output does not keep the input's layout."));
        return;
    }
    // Theoretical field (every cell that can matter) or effective field (how much each does).
    const bool was_effective = show_effective_;
    if (ListedRadio("theoretical field", !show_effective_)) show_effective_ = false;
    ProbeLastItem("rf:model_theoretical");
    SameLineIfFits(CheckWidth("effective field"));
    if (ListedRadio("effective field", show_effective_)) show_effective_ = true;
    ProbeLastItem("rf:model_effective");
    if (show_effective_ != was_effective) reanalyse_ = true;
    const PictureAxes axes = AxesOf(node, analysis_.input_shape);
    // The picture spans the input and the field, which may reach into padding; beside it (or
    // under it, on a narrow screen) what it shows in words.
    const int64_t top = std::min<int64_t>(0, axes.rows.lo);
    const int64_t left = std::min<int64_t>(0, axes.columns.lo);
    const int64_t bottom = std::max(axes.height - 1, axes.rows.hi);
    const int64_t right = std::max(axes.width - 1, axes.columns.hi);
    const float span = static_cast<float>(std::max(bottom - top + 1, right - left + 1));
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool beside = avail >= 560.0f;
    const float side = std::min(beside ? 200.0f : avail, 260.0f);
    const float cell = side / span;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const auto at = [&](int64_t row, int64_t column) {
        return ImVec2(origin.x + static_cast<float>(column - left) * cell,
                      origin.y + static_cast<float>(row - top) * cell);
    };
    const float height = static_cast<float>(bottom - top + 1) * cell;
    ImGui::Dummy(ImVec2(side, std::max(height, 4.0f)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Theme& theme = CurrentTheme();
    const ImVec2 input_min = at(0, 0), input_max = at(axes.height, axes.width);
    draw->AddRectFilled(input_min, input_max, theme.empty_cell);
    if (show_effective_) DrawEffectiveField(input_min, input_max);
    if (!axes.rows.Empty() && !axes.columns.Empty()) {
        const ImVec2 field_min = at(axes.rows.lo, axes.columns.lo);
        const ImVec2 field_max = at(axes.rows.hi + 1, axes.columns.hi + 1);
        // Inside the input the field is filled; the part in padding is only outlined.
        if (!show_effective_) {
            draw->AddRectFilled(
                ImVec2(std::max(field_min.x, input_min.x), std::max(field_min.y, input_min.y)),
                ImVec2(std::min(field_max.x, input_max.x), std::min(field_max.y, input_max.y)),
                theme.tap);
        }
        draw->AddRect(field_min, field_max, theme.current, 0.0f, 0, 2.0f);
    }
    // The input's edge on top, so it shows where the field covers all of it.
    draw->AddRect(input_min, input_max, ImGui::GetColorU32(ImGuiCol_Text), 0.0f, 0, 1.5f);
    if (beside) {
        ImGui::SameLine(0.0f, 16.0f);
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(0.0f);
    }
    const std::vector<std::string> cells = GraphTableRow(node);
    ListedTextWrapped("'" + node.name + "' (" + node.op + ", output " + Joined(node.shape, "x") +
                      "): receptive field " + cells[3] + ", jump " + cells[4] + ".");
    const std::string input = Joined(
        std::vector<int64_t>(analysis_.input_shape.begin() + 2, analysis_.input_shape.end()), "x");
    const bool two = node.fields.size() >= 2;
    ListedTextWrapped("Its central unit reads " +
                      (two ? "rows " + RangeText(axes.rows) + ", columns " + RangeText(axes.columns)
                           : "cells " + RangeText(axes.columns)) +
                      " of the " + input +
                      " input: filled inside the input, outlined where it reaches into the "
                      "padding beyond the input's edge.");
    if (show_effective_) {
        const GraphEffectiveField& erf = analysis_.effective_field;
        if (!erf.unavailable.empty()) {
            ListedTextWrapped("No effective field: " + erf.unavailable + ".");
        } else if (!erf.values.empty()) {
            const auto strong = std::count_if(erf.values.begin(), erf.values.end(),
                                              [](double v) { return v >= 0.01; });
            ListedTextWrapped(
                "Effective field (heat map): how much each input cell weighs in the central unit "
                "with every weight 1 and no activations (pooling averages, merges add their "
                "paths). " +
                std::to_string(strong) + " of the " + std::to_string(erf.values.size()) +
                " cells weigh at least 1% of the strongest.");
        }
    }
    for (const std::string& flag : node.flags) ListedTextWrapped("Flag: " + flag);
    if (beside) {
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    }
}

void ModelPanel::DrawEffectiveField(ImVec2 input_min, ImVec2 input_max) {
    const GraphEffectiveField& erf = analysis_.effective_field;
    if (!analysis_.has_effective_field || erf.values.empty() || erf.shape.empty()) return;
    // Rows and columns: the last two spatial dimensions; a 3-D field shows its largest value
    // along depth.
    const size_t dims = erf.shape.size();
    const int64_t cols = erf.shape[dims - 1];
    const int64_t rows = dims >= 2 ? erf.shape[dims - 2] : 1;
    const int64_t depth = dims >= 3 ? erf.shape[0] : 1;
    std::vector<float> map(static_cast<size_t>(rows * cols), 0.0f);
    for (int64_t z = 0; z < depth; ++z)
        for (size_t i = 0; i < map.size(); ++i)
            map[i] = std::max(
                map[i], static_cast<float>(erf.values[static_cast<size_t>(z) * map.size() + i]));
    DrawHeatMap(ImGui::GetWindowDrawList(), input_min, input_max, static_cast<int>(rows),
                static_cast<int>(cols), map.data(), 0.0f, 1.0f);
    UiProbe& probe = UiProbe::Get();
    if (probe.Enabled()) {
        probe.Value("heat_maps", HeatMapsThisFrame().drawn);
        probe.Value("heat_maps_by_renderer", HeatMapsThisFrame().by_renderer);
    }
}

void ModelPanel::DrawTable() {
    ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x));
    TextFieldOptions filter_field;
    filter_field.name = "Filter nodes by name, op, shape or flag";
    if (ListedInputText("Filter", filter_.data(), filter_.size(), nullptr, filter_field))
        ApplyFilter();
    ProbeLastItem("rf:model_filter");
    SameLineIfFits(ButtonWidth("Copy CSV"));
    const auto shown_nodes = [this] {
        std::vector<NodeAnalysis> nodes;
        for (const size_t i : shown_) nodes.push_back(analysis_.nodes[i]);
        return nodes;
    };
    if (ImGui::Button("Copy CSV")) {
        ImGui::SetClipboardText(GraphTableCsv(shown_nodes(), shown_).c_str());
        copied_at_ = ImGui::GetTime();
    }
    ProbeLastItem("rf:model_copy_csv");
    SameLineIfFits(ButtonWidth("Copy Markdown"));
    if (ImGui::Button("Copy Markdown")) {
        ImGui::SetClipboardText(GraphTableMarkdown(shown_nodes()).c_str());
        copied_at_ = ImGui::GetTime();
    }
    ProbeLastItem("rf:model_copy_markdown");
    if (ImGui::GetTime() - copied_at_ < 2.0) {
        ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CurrentTheme().good_text), "copied");
    }
    SameLineIfFits(CheckWidth("Show constant nodes"));
    if (ImGui::Checkbox("Show constant nodes", &show_constants_)) ApplyFilter();
    ProbeLastItem("rf:model_constants");
    ListedTextWrapped(std::to_string(shown_.size()) + " of " +
                      std::to_string(analysis_.nodes.size()) + " nodes shown" +
                      (show_constants_ ? "" : " (not those of weights and shape constants)") +
                      ". Select a node to see its field on the input.");
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX;
    const int columns = static_cast<int>(cells_.front().size());
    if (ImGui::BeginTable("model_table", columns, flags,
                          ImVec2(0, std::max(200.0f, ImGui::GetContentRegionAvail().y - 10.0f)))) {
        ImGui::TableSetupScrollFreeze(2, 1);
        for (const std::string& name : cells_.front()) ImGui::TableSetupColumn(name.c_str());
        ImGui::TableHeadersRow();
        // Only the rows on screen are drawn: a model has hundreds of nodes.
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown_.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const size_t node = shown_[static_cast<size_t>(r)];
                const std::vector<std::string>& row = cells_[static_cast<size_t>(r) + 1];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(r);
                const bool selected = static_cast<int>(node) == selected_;
                if (ImGui::Selectable(row[0].c_str(), selected,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    SelectNode(static_cast<int>(node));
                ProbeLastItem("rf:model_row_", row[1]);
                ImGui::PopID();
                for (size_t c = 1; c < row.size(); ++c) {
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(row[c].c_str());
                }
            }
        }
        ImGui::EndTable();
    }
    ListTable("Nodes of " + name_, cells_);
}

std::string ModelPanel::StatusText() const {
    if (!HasModel()) return "No model open.";
    if (!error_.empty()) return error_;
    return name_ + ": " + std::to_string(analysis_.nodes.size()) + " nodes analysed on a " +
           Joined(analysis_.input_shape, "x") + " input.";
}

nlohmann::json ModelPanel::TestValues() const {
    nlohmann::json values = {{"model_name", name_},
                             {"model_error", error_},
                             {"model_input", analysis_.input_shape},
                             {"model_nodes", analysis_.nodes.size()},
                             {"model_shown", shown_.size()},
                             {"model_analyse_ms", analyse_ms_}};
    if (show_effective_ && analysis_.has_effective_field) {
        const GraphEffectiveField& erf = analysis_.effective_field;
        double centre = 0.0;
        if (!erf.values.empty()) {
            size_t at = 0;
            for (const int64_t size : erf.shape)
                at = at * static_cast<size_t>(size) + static_cast<size_t>((size - 1) / 2);
            centre = erf.values[at];
        }
        values["model_effective"] = {{"node", erf.node},
                                     {"cells", erf.values.size()},
                                     {"nonzero", std::count_if(erf.values.begin(), erf.values.end(),
                                                               [](double v) { return v > 0.0; })},
                                     {"centre", centre},
                                     {"unavailable", erf.unavailable}};
    }
    if (selected_ >= 0) {
        const NodeAnalysis& node = analysis_.nodes[static_cast<size_t>(selected_)];
        std::vector<std::string> row = GraphTableRow(node);
        values["model_selected"] = {{"name", node.name}, {"op", node.op}, {"row", row}};
        if (!node.fields.empty()) {
            nlohmann::json central = nlohmann::json::array();
            for (const DimField& f : node.fields) central.push_back({f.central.lo, f.central.hi});
            values["model_selected"]["central_range"] = central;
        }
    }
    return values;
}

}  // namespace convscope::app
