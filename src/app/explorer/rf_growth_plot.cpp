// The growth plot (see rf_growth_plot.h): the reference stacks go through the same core
// functions as the user's stack, so the curves agree with the table by construction.
#include "app/explorer/rf_growth_plot.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/network/receptive_field.h"

namespace convscope::app {

namespace {

// One 1-D 3x3-style layer (kernel 3) with padding equal to its dilation, so that a 1-cell
// input keeps its size at any depth; the padding changes no receptive field.
Layer Reference3(int64_t dilation) {
    Layer layer = MakeLayer(LayerType::Conv, {3});
    layer.dilation = {dilation};
    layer.padding = {PadPair{dilation, dilation}};
    return layer;
}

std::vector<double> GrowthOf(const std::vector<Layer>& layers) {
    std::vector<double> rf = {1.0};
    for (const LayerField& f : ComputeReceptiveFields({1}, layers))
        rf.push_back(static_cast<double>(f.rf.back()));
    return rf;
}

// Dashes for the reference curves, so they read as guides beside the stack's own lines.
// The segment is first cut to the rows [top, bottom]: on the linear scale the dilated
// reference runs millions of pixels above the plot.
// A line of `dash`-long pieces `gap` apart, cut to the plot's rows top..bottom.
void DashedLine(ImDrawList* draw, ImVec2 a, ImVec2 b, float top, float bottom, ImU32 colour,
                float thickness, float dash, float gap) {
    const auto cut = [&](ImVec2& p, const ImVec2& q, float y) {
        const float t = (y - p.y) / (q.y - p.y);
        p = ImVec2(p.x + (q.x - p.x) * t, y);
    };
    if ((a.y < top && b.y < top) || (a.y > bottom && b.y > bottom)) return;
    if (a.y < top) cut(a, b, top);
    if (b.y < top) cut(b, a, top);
    if (a.y > bottom) cut(a, b, bottom);
    if (b.y > bottom) cut(b, a, bottom);
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float length = std::sqrt(dx * dx + dy * dy);
    for (float t = 0.0f; t < length; t += dash + gap) {
        const float e = std::min(t + dash, length);
        draw->AddLine(ImVec2(a.x + dx * t / length, a.y + dy * t / length),
                      ImVec2(a.x + dx * e / length, a.y + dy * e / length), colour, thickness);
    }
}

std::string Label(double v) {
    char text[32];
    std::snprintf(text, sizeof text, v < 1e7 ? "%.0f" : "%.2g", v);
    return text;
}

}  // namespace

GrowthReference ComputeGrowthReference(size_t layers) {
    GrowthReference reference;
    std::vector<Layer> linear(layers, Reference3(1)), dilated;
    for (size_t l = 0; l < std::min(layers, kMaxDilatedReferenceLayers); ++l)
        dilated.push_back(Reference3(int64_t{1} << l));
    reference.linear = GrowthOf(linear);
    reference.dilated = GrowthOf(dilated);
    return reference;
}

const GrowthReference& RfGrowthPlot::Reference(size_t layers) {
    if (reference_layers_ != layers) {
        reference_layers_ = layers;
        reference_ = ComputeGrowthReference(layers);
    }
    return reference_;
}

std::vector<double> RfGrowthPlot::Growth(const RfModel& model) {
    std::vector<double> rf = {1.0};
    for (const LayerField& f : model.Fields()) rf.push_back(static_cast<double>(f.rf.back()));
    return rf;
}

nlohmann::json RfGrowthPlot::TestValues(const RfState& state, const RfModel& model) {
    nlohmann::json values = nlohmann::json::object();
    if (!model.Ok()) return values;
    const GrowthReference& reference = Reference(model.Fields().size());
    values["rf_growth"] = Growth(model);
    values["rf_growth_reference"] = {
        {"shown", state.compare}, {"linear", reference.linear}, {"dilated", reference.dilated}};
    return values;
}

void RfGrowthPlot::Draw(RfState& state, const RfModel& model) {
    if (!model.Ok()) return;
    const Theme& theme = CurrentTheme();
    const std::vector<LayerField>& fields = model.Fields();
    const GrowthReference& reference = Reference(fields.size());
    ImGui::Checkbox("log scale", &state.log_scale);
    ProbeLastItem("rf:log_scale");
    SameLineIfFits(CheckWidth("compare"));
    ImGui::Checkbox("compare", &state.compare);
    ProbeLastItem("rf:compare");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "Two reference stacks of the same depth: 3×3 convolutions (the field grows by 2 per "
            "layer)\n"
            "and 3×3 convolutions dilated 1, 2, 4, … (the field doubles per layer).");
    }
    const char* what = "receptive field (last dimension) and jump against depth";
    SameLineIfFits(TextWidth(what));
    TextWrappedDisabled("%s", what);
    const std::vector<double> rf = Growth(model);
    std::vector<double> jump = {1.0};
    for (const LayerField& f : fields) jump.push_back(f.jump.back().Value());
    const std::vector<double>& linear = reference.linear;
    const std::vector<double>& dilated = reference.dilated;
    // The plot's points as a table for the screen-reader mirror.
    std::vector<std::vector<std::string>> listed = {{"depth", "receptive field", "jump"}};
    if (state.compare) {
        listed.front().push_back("stacked 3×3");
        listed.front().push_back("3×3 dilated 1, 2, 4, …");
    }
    for (size_t i = 0; i < rf.size(); ++i) {
        listed.push_back({std::to_string(i), Label(rf[i]), i < jump.size() ? Label(jump[i]) : ""});
        if (state.compare) {
            listed.back().push_back(i < linear.size() ? Label(linear[i]) : "");
            listed.back().push_back(i < dilated.size() ? Label(dilated[i]) : "");
        }
    }
    ListTable("Receptive field and jump by depth", std::move(listed));
    // The linear scale keeps the stack readable: the exponential reference may leave the
    // plot at the top (the log scale shows it whole).
    double top = *std::max_element(rf.begin(), rf.end());
    if (state.compare) top = std::max(top, linear.back());
    const double dilated_top = dilated.back();
    bool dilated_clipped = false;
    if (state.compare) {
        if (state.log_scale || dilated_top <= 4.0 * top) {
            top = std::max(top, dilated_top);
        } else {
            dilated_clipped = true;
        }
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // As wide as the room, as tall as the room left but no taller than 3/4 of its width (a
    // phone's long page would stretch it into a needle).
    const float plot_width = std::max(200.0f, ImGui::GetContentRegionAvail().x - 20.0f);
    const ImVec2 size(
        plot_width,
        std::max(160.0f, std::min(plot_width * 0.75f,
                                  ImGui::GetContentRegionAvail().y -
                                      2.0f * ImGui::GetFrameHeightWithSpacing() - 20.0f)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float left = 64.0f, bottom = 24.0f;
    const ImVec2 plot_min(origin.x + left, origin.y + 6.0f),
        plot_max(origin.x + size.x, origin.y + size.y - bottom);
    draw->AddRect(plot_min, plot_max, ImGui::GetColorU32(ImGuiCol_Border));
    const double log_top = std::max(std::log2(std::max(top, 2.0)), 1e-9);
    const auto y_of = [&](double v) {
        const double t =
            state.log_scale ? std::log2(std::max(v, 1.0)) / log_top : v / std::max(top, 1.0);
        return plot_max.y - static_cast<float>(t) * (plot_max.y - plot_min.y);
    };
    const auto x_of = [&](size_t i) {
        return plot_min.x + (plot_max.x - plot_min.x) * static_cast<float>(i) /
                                static_cast<float>(std::max<size_t>(rf.size() - 1, 1));
    };
    // Gridlines with labels: powers of two on the log scale, quarters otherwise.
    for (int g = 0; g <= 4; ++g) {
        const double v = state.log_scale ? std::pow(2.0, log_top * g / 4.0) : top * g / 4.0;
        const float y = y_of(v);
        draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y),
                      ImGui::GetColorU32(ImGuiCol_Separator, 0.5f));
        draw->AddText(ImVec2(origin.x + 4.0f, y - 8.0f), ImGui::GetColorU32(ImGuiCol_Text),
                      Label(v).c_str());
    }
    for (size_t i = 0; i < rf.size(); ++i) {
        char label[24];
        std::snprintf(label, sizeof label, "%zu", i);
        if (rf.size() < 40 || i % 5 == 0)
            draw->AddText(ImVec2(x_of(i) - 4.0f, plot_max.y + 4.0f),
                          ImGui::GetColorU32(ImGuiCol_Text), label);
    }
    draw->PushClipRect(ImVec2(plot_min.x, plot_min.y - 4.0f), ImVec2(plot_max.x + 4.0f, plot_max.y),
                       true);
    // The stack first, the dashed references over it: where they coincide both stay visible.
    for (size_t i = 1; i < rf.size(); ++i) {
        draw->AddLine(ImVec2(x_of(i - 1), y_of(rf[i - 1])), ImVec2(x_of(i), y_of(rf[i])), theme.tap,
                      2.5f);
        draw->AddLine(ImVec2(x_of(i - 1), y_of(jump[i - 1])), ImVec2(x_of(i), y_of(jump[i])),
                      theme.feed, 2.0f);
    }
    for (size_t i = 0; i < rf.size(); ++i)
        draw->AddCircleFilled(ImVec2(x_of(i), y_of(rf[i])), 3.5f, theme.tap);
    const ImU32 linear_colour = theme.good_text, dilated_colour = theme.current;
    if (state.compare) {
        for (size_t i = 1; i < linear.size(); ++i) {
            DashedLine(draw, ImVec2(x_of(i - 1), y_of(linear[i - 1])),
                       ImVec2(x_of(i), y_of(linear[i])), plot_min.y, plot_max.y, linear_colour,
                       1.5f, 7.0f, 5.0f);
        }
        for (size_t i = 1; i < dilated.size(); ++i) {
            DashedLine(draw, ImVec2(x_of(i - 1), y_of(dilated[i - 1])),
                       ImVec2(x_of(i), y_of(dilated[i])), plot_min.y, plot_max.y, dilated_colour,
                       2.0f, 2.0f, 4.0f);
        }
        // Each reference curve also carries its formula at its end (or where it leaves the
        // plot): told apart by dash, label and colour, not by colour alone.
        const auto label_end = [&](const std::vector<double>& curve, const char* text) {
            size_t last = 0;
            while (last + 1 < curve.size() && y_of(curve[last + 1]) >= plot_min.y) ++last;
            const ImVec2 text_size = ImGui::CalcTextSize(text);
            const float x = std::min(x_of(last) + 4.0f, plot_max.x - text_size.x);
            const float y = std::max(y_of(curve[last]) - text_size.y - 2.0f, plot_min.y);
            draw->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), text);  // 4.5:1
        };
        label_end(linear, "1 + 2L");
        label_end(dilated, "2^(L+1) − 1");
    }
    draw->PopClipRect();
    ImGui::Dummy(size);
    // The legend, then the three fields at the stack's depth side by side.
    // Each entry: a sample of its line (colour and dash), then its words in the text colour
    // (coloured words would fall below 4.5:1 on the light background).
    bool first_key = true;
    const float sample = ImGui::GetFontSize() * 1.6f;
    const auto key = [&](ImU32 colour, float dash, float gap, const char* text) {
        const float width = sample + ImGui::GetStyle().ItemInnerSpacing.x + TextWidth(text);
        if (!first_key) SameLineIfFits(width, 16.0f);
        first_key = false;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float y = at.y + ImGui::GetTextLineHeight() * 0.5f;
        DashedLine(draw, ImVec2(at.x, y), ImVec2(at.x + sample, y), y - 1.0f, y + 1.0f, colour,
                   2.5f, dash, gap);
        ImGui::Dummy(ImVec2(sample, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::TextUnformatted(text);
    };
    key(theme.tap, sample, 0.0f, "receptive field (this stack)");
    key(theme.feed, sample, 0.0f, "jump");
    if (state.compare) {
        key(linear_colour, 7.0f, 5.0f, "stacked 3×3: 1 + 2L");
        key(dilated_colour, 2.0f, 4.0f, "3×3 dilated 1, 2, 4, …: 2^(L+1) − 1");
    }
    SameLineIfFits(TextWidth("x: depth (layers)"), 16.0f);
    ImGui::TextDisabled("x: depth (layers)");
    if (state.compare) {
        const size_t depth = fields.size();
        std::string line = "At depth " + std::to_string(depth) + ": this stack " +
                           Label(rf.back()) + ", stacked 3×3 " + Label(linear.back()) +
                           ", dilated 3×3 " + Label(dilated.back());
        if (depth > kMaxDilatedReferenceLayers)
            line += " (at " + std::to_string(kMaxDilatedReferenceLayers) +
                    " layers, its largest dilation)";
        if (dilated_clipped)
            line += "; the dilated curve leaves the plot (log scale shows it whole)";
        TextWrappedDisabled("%s.", line.c_str());
    }
}

}  // namespace convscope::app
