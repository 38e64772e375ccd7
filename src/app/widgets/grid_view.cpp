// Grid drawing (see grid_view.h): numbers in large cells, a heat map with overlays in small ones.
#include "app/widgets/grid_view.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/heat_map.h"
#include "app/widgets/keyboard.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

std::string FormatValue(float value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    char text[32];
    if (std::fabs(value - std::round(value)) < 1e-4f && std::fabs(value) < 1e7f) {
        std::snprintf(text, sizeof text, "%.0f", static_cast<double>(std::round(value)) + 0.0);
    } else {
        std::snprintf(text, sizeof text, "%.3g", static_cast<double>(value));
    }
    return text;
}

ImU32 ColourMap(float t, float alpha) {
    // The stops of heat_map.h, interpolated linearly: the heat-map shader does the same.
    t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) *
        static_cast<float>(kColourStopCount - 1);
    const int i = std::min(kColourStopCount - 2, static_cast<int>(t));
    const float f = t - static_cast<float>(i);
    float rgb[3];
    for (int c = 0; c < 3; ++c)
        rgb[c] = kColourStops[i][c] + (kColourStops[i + 1][c] - kColourStops[i][c]) * f;
    return ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], alpha));
}

namespace {

// A grid's id in words: "output0" is "output grid", "input-1" "input grid, depth slice -1",
// "tr_expanded" "transposed expanded grid"; the explorer's "rf_" and the dilation panel's
// "dilation_" prefixes are dropped.
std::string GridName(const std::string& id) {
    // The Channels panel's grids: "ch_in3", "ch_out3", "ch_w2_1" (output 2's weights for the
    // first-plus-one input channel of its group).
    if (id.rfind("ch_in", 0) == 0) return "input channel " + id.substr(5) + " grid";
    if (id.rfind("ch_out", 0) == 0) return "output channel " + id.substr(6) + " grid";
    if (id.rfind("ch_w", 0) == 0) {
        const size_t split = id.find('_', 4);
        return "weights grid of output channel " + id.substr(4, split - 4) + ", slice " +
               id.substr(split + 1);
    }
    std::string base = id;
    for (const auto& [prefix, words] : {std::pair<const char*, const char*>{"rf_", ""},
                                        {"tr_", "transposed "},
                                        {"dilation_", ""}}) {
        if (base.rfind(prefix, 0) == 0) base = words + base.substr(std::strlen(prefix));
    }
    size_t digits = base.find_last_not_of("-0123456789") + 1;
    const std::string slice = base.substr(digits);
    base.resize(digits);
    std::replace(base.begin(), base.end(), '_', ' ');
    return base + " grid" + (slice.empty() || slice == "0" ? "" : ", depth slice " + slice);
}

constexpr float kMinNumberCell = 22.0f;  // smaller cells show colour only, numbers on hover
constexpr float kMinNumberText = 11.0f;  // numbers are never drawn smaller (CSS pixels)

// Whether every value fits its cell in text of at least kMinNumberText pixels (a number
// wider than the cell is drawn smaller to fit).
bool NumbersReadable(float cell, int rows, int cols,
                     const std::function<CellLook(int, int)>& look) {
    const float widest = (cell - 4.0f) * ImGui::GetFontSize() / kMinNumberText;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const CellLook l = look(r, c);
            if (l.show_value && ImGui::CalcTextSize(FormatValue(l.value).c_str()).x > widest)
                return false;
        }
    }
    return true;
}
const ImU32 kEmptyCellColour = IM_COL32(60, 60, 70, 255);
const ImU32 kPaddingStrokeColour = IM_COL32(255, 255, 255, 50);

ImVec2 CellMin(ImVec2 origin, float cell, int row, int col) {
    return ImVec2(origin.x + cell * static_cast<float>(col),
                  origin.y + cell * static_cast<float>(row));
}

// A diagonal stroke marks border cells whatever their value.
void DrawPaddingStroke(ImDrawList* draw, ImVec2 a, ImVec2 b) {
    draw->AddLine(ImVec2(a.x + 2, b.y - 2), ImVec2(b.x - 2, a.y + 2), kPaddingStrokeColour);
}

void DrawHighlight(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour) {
    draw->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), colour, 0.0f, 0, 3.0f);
}

// Large cells: every cell drawn with the draw list, its value written in it.
void DrawCellsWithNumbers(ImDrawList* draw, ImVec2 origin, float cell, int rows, int cols, float lo,
                          float hi, const std::function<CellLook(int, int)>& look) {
    const float range = hi > lo ? hi - lo : 1.0f;
    const ImU32 text_dark = IM_COL32(20, 20, 28, 255), text_light = IM_COL32(245, 245, 245, 255);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const CellLook l = look(r, c);
            const ImVec2 a = CellMin(origin, cell, r, c);
            const ImVec2 b(a.x + cell, a.y + cell);
            const float t = (l.value - lo) / range;
            ImU32 fill = l.fill_override ? l.fill_override
                                         : (l.show_value ? ColourMap(t, l.padding ? 0.45f : 1.0f)
                                                         : kEmptyCellColour);
            draw->AddRectFilled(a, b, fill);
            if (l.padding) DrawPaddingStroke(draw, a, b);
            draw->AddRect(a, b, kCellBorderColour);
            if (l.show_value) {
                const std::string text = FormatValue(l.value);
                const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
                // Dark text on light fills (the ramp's yellow end, a theme's tap colour).
                const ImVec4 f = ImGui::ColorConvertU32ToFloat4(fill);
                const float luminance =
                    (0.2126f * f.x + 0.7152f * f.y + 0.0722f * f.z) * f.w + (1.0f - f.w) * 0.1f;
                const bool light_fill = luminance > 0.45f;
                const float scale = ts.x > cell - 4 ? (cell - 4) / ts.x : 1.0f;
                const ImVec2 pos(a.x + (cell - ts.x * scale) * 0.5f,
                                 a.y + (cell - ts.y * scale) * 0.5f);
                draw->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale, pos,
                              light_fill ? text_dark : text_light, text.c_str());
            }
            if (l.highlight) DrawHighlight(draw, a, b, l.highlight);
        }
    }
}

// Small cells: the values go to the heat-map shader in one piece; the draw list adds only
// what the shader does not know about, on top of it.
void DrawCellsAsHeatMap(ImDrawList* draw, ImVec2 origin, float cell, int rows, int cols, float lo,
                        float hi, const std::function<CellLook(int, int)>& look) {
    struct Marked {
        int row, col;
        CellLook look;
    };
    // Kept between frames so a large grid does not allocate every frame.
    static std::vector<float> values;
    static std::vector<Marked> marked;
    values.resize(static_cast<size_t>(rows) * static_cast<size_t>(cols));
    marked.clear();
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const CellLook l = look(r, c);
            values[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)] =
                l.value;
            if (l.padding || !l.show_value || l.fill_override || l.highlight)
                marked.push_back({r, c, l});
        }
    }
    const ImVec2 max(origin.x + cell * static_cast<float>(cols),
                     origin.y + cell * static_cast<float>(rows));
    DrawHeatMap(draw, origin, max, rows, cols, values.data(), lo, hi);

    // Padding is the colour at 45% over the window: the window's colour at 55% over the
    // full colour gives the same pixel.
    ImVec4 veil = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    veil.w = 0.55f;
    const ImU32 veil_colour = ImGui::ColorConvertFloat4ToU32(veil);
    const bool borders = cell >= kMinBorderedCell;
    // A cell's cover: its own fill, the empty colour, the padding's veil, or none (0).
    const auto cover = [&](const CellLook& l) -> ImU32 {
        if (l.fill_override) return l.fill_override;
        if (!l.show_value) return kEmptyCellColour;
        return l.padding ? veil_colour : 0;
    };
    for (size_t i = 0; i < marked.size(); ++i) {
        const Marked& m = marked[i];
        const ImU32 fill = cover(m.look);
        if (fill == 0) continue;
        // Without outlines or padding strokes, a run of equally covered cells in a row is one
        // rectangle: a 224x224 field is a few hundred rectangles, not 50,176.
        size_t last = i;
        while (!borders && !m.look.padding && last + 1 < marked.size() &&
               marked[last + 1].row == m.row && marked[last + 1].col == marked[last].col + 1 &&
               !marked[last + 1].look.padding && cover(marked[last + 1].look) == fill)
            ++last;
        const ImVec2 a = CellMin(origin, cell, m.row, m.col);
        const ImVec2 b(a.x + cell * static_cast<float>(marked[last].col - m.col + 1), a.y + cell);
        draw->AddRectFilled(a, b, fill);
        if (m.look.padding) DrawPaddingStroke(draw, a, b);
        if (borders) draw->AddRect(a, b, kCellBorderColour);
        i = last;
    }
    // Outlines last: they reach over the neighbours' edges.
    for (const Marked& m : marked) {
        if (!m.look.highlight) continue;
        const ImVec2 a = CellMin(origin, cell, m.row, m.col);
        DrawHighlight(draw, a, ImVec2(a.x + cell, a.y + cell), m.look.highlight);
    }
}

}  // namespace

void DrawGridKey(const char* id, const std::vector<KeyItem>& items) {
    const float side = ImGui::GetFontSize() * 0.9f;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    nlohmann::json labels = nlohmann::json::array();
    for (size_t i = 0; i < items.size(); ++i) {
        const KeyItem& item = items[i];
        const float width = side + spacing * 0.5f + ImGui::CalcTextSize(item.label).x;
        if (i > 0) SameLineIfFits(width, spacing * 2.0f);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float y = pos.y + (ImGui::GetTextLineHeight() - side) * 0.5f;
        const ImVec2 a(pos.x, y), b(pos.x + side, y + side);
        switch (item.mark) {
            case KeyItem::Mark::Outline:
                draw->AddRectFilled(a, b, ColourMap(0.3f));
                DrawHighlight(draw, a, b, item.colour);
                break;
            case KeyItem::Mark::Fill:
                draw->AddRectFilled(a, b, item.colour);
                break;
            case KeyItem::Mark::Padding:
                draw->AddRectFilled(a, b, item.colour ? item.colour : ColourMap(0.0f, 0.45f));
                DrawPaddingStroke(draw, a, b);
                break;
            case KeyItem::Mark::Empty:
                draw->AddRectFilled(a, b, kEmptyCellColour);
                break;
        }
        draw->AddRect(a, b, kCellBorderColour);
        ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0.0f, spacing * 0.5f);
        ImGui::TextUnformatted(item.label);
        labels.push_back(item.label);
    }
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled())
        probe.Value(std::string("key:") + id, labels);
}

void DrawColourScale(const char* id, const char* label, float lo, float hi) {
    const std::string lo_text = FormatValue(lo), hi_text = FormatValue(hi);
    const float width = ImGui::GetFontSize() * 7.0f, height = ImGui::GetFontSize() * 0.8f;
    ImGui::TextUnformatted(label);
    // The ramp with its two ends stays on one line, under the label if need be.
    SameLineIfFits(TextWidth(lo_text.c_str()) + width + TextWidth(hi_text.c_str()) +
                   2.0f * ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextUnformatted(lo_text.c_str());
    ImGui::SameLine();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float y = pos.y + (ImGui::GetTextLineHeight() - height) * 0.5f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // The ramp between its stops, each piece a horizontal gradient.
    for (int i = 0; i + 1 < kColourStopCount; ++i) {
        const float t0 = static_cast<float>(i) / static_cast<float>(kColourStopCount - 1);
        const float t1 = static_cast<float>(i + 1) / static_cast<float>(kColourStopCount - 1);
        const ImU32 c0 = ColourMap(t0), c1 = ColourMap(t1);
        draw->AddRectFilledMultiColor(ImVec2(pos.x + width * t0, y),
                                      ImVec2(pos.x + width * t1, y + height), c0, c1, c1, c0);
    }
    draw->AddRect(ImVec2(pos.x, y), ImVec2(pos.x + width, y + height), kCellBorderColour);
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::TextUnformatted(hi_text.c_str());
    if (UiProbe& probe = UiProbe::Get(); probe.Enabled())
        probe.Value(std::string("scale:") + id, {lo, hi});
}

GridResult DrawGrid(const char* id, int rows, int cols, float max_cell, ImVec2 max_size, float lo,
                    float hi, const std::function<CellLook(int, int)>& look) {
    GridResult result;
    const float cell =
        std::max(1.0f, std::min({max_cell, max_size.x / static_cast<float>(std::max(cols, 1)),
                                 max_size.y / static_cast<float>(std::max(rows, 1))}));
    const ImVec2 size(cell * static_cast<float>(cols), cell * static_cast<float>(rows));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // A grid with the keyboard focus has a cell of its own, moved by the arrows; it stands for
    // the pointer (the cell "hovered") and Enter or Space click it.
    static std::unordered_map<ImGuiID, std::pair<int, int>> keyboard_cells;
    KeyboardFocus& keyboard = KeyboardFocus::Get();
    const ImGuiID item = ImGui::GetID(id);
    const bool focused = rows > 0 && cols > 0 && keyboard.FocusedId() == item;
    std::pair<int, int>& at = keyboard_cells[item];
    if (int dr = 0, dc = 0; focused && keyboard.TakeGridMove(item, &dr, &dc)) {
        at.first += dr;
        at.second += dc;
    }
    at.first = std::clamp(at.first, 0, std::max(rows - 1, 0));
    at.second = std::clamp(at.second, 0, std::max(cols - 1, 0));
    // For the keyboard and the screen-reader mirror: "input grid, 5 by 5", and the focused
    // cell with its value.
    std::string name = GridName(id) + ", " + std::to_string(rows) + " by " + std::to_string(cols);
    if (focused) {
        const CellLook l = look(at.first, at.second);
        name += "; row " + std::to_string(at.first) + ", column " + std::to_string(at.second) +
                (l.show_value ? ": " + FormatValue(l.value) : std::string(": empty"));
    }
    ControlList::Get().DescribeNext(ControlRole::Grid, name);
    const bool pressed =
        ImGui::InvisibleButton(id, ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    result.clicked = ImGui::IsItemClicked() || (focused && pressed);
    result.min = origin;
    result.max = ImVec2(origin.x + size.x, origin.y + size.y);
    result.cell = cell;
    // (ImGui calls a keyboard-focused item hovered too: the keyboard's cell comes first.)
    if (focused) {
        result.hovered_row = at.first;
        result.hovered_col = at.second;
    } else if (ImGui::IsItemHovered()) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        result.hovered_col = std::clamp(static_cast<int>((mouse.x - origin.x) / cell), 0, cols - 1);
        result.hovered_row = std::clamp(static_cast<int>((mouse.y - origin.y) / cell), 0, rows - 1);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    UiProbe& probe = UiProbe::Get();
    result.heat_map =
        rows > 0 && cols > 0 && (cell < kMinNumberCell || !NumbersReadable(cell, rows, cols, look));
    if (result.heat_map) {
        DrawCellsAsHeatMap(draw, origin, cell, rows, cols, lo, hi, look);
        if (probe.Enabled()) {
            const ImVec2 clip_min = draw->GetClipRectMin(), clip_max = draw->GetClipRectMax();
            probe.Value(std::string("heat_map:") + id,
                        {{"rows", rows},
                         {"cols", cols},
                         {"lo", lo},
                         {"hi", hi},
                         {"clip", {clip_min.x, clip_min.y, clip_max.x, clip_max.y}}});
        }
    } else {
        DrawCellsWithNumbers(draw, origin, cell, rows, cols, lo, hi, look);
    }
    if (probe.Enabled()) {
        const HeatMapCount heat_maps = HeatMapsThisFrame();
        probe.Value("heat_maps", heat_maps.drawn);
        probe.Value("heat_maps_by_renderer", heat_maps.by_renderer);
    }

    if (focused) {
        // The focus ring (ImGui draws none for an invisible button), and the keyboard's cell
        // in its colour.
        const ImVec2 a(origin.x + cell * static_cast<float>(at.second),
                       origin.y + cell * static_cast<float>(at.first));
        const ImU32 ring = ImGui::GetColorU32(ImGuiCol_NavHighlight);
        draw->AddRect(ImVec2(origin.x - 4.0f, origin.y - 4.0f),
                      ImVec2(result.max.x + 4.0f, result.max.y + 4.0f), ring, 0.0f, 0, 2.0f);
        draw->AddRect(a, ImVec2(a.x + cell, a.y + cell), ring, 0.0f, 0,
                      std::max(2.0f, std::min(3.0f, cell * 0.15f)));
        if (probe.Enabled()) probe.Value(std::string("keyboard_cell:") + id, {at.first, at.second});
    }
    if (result.heat_map && result.hovered_row >= 0) {
        const CellLook l = look(result.hovered_row, result.hovered_col);
        if (l.show_value) {
            const std::string text = FormatValue(l.value);
            // The keyboard's cell has its value beside it (the pointer's follows the pointer).
            if (focused)
                ImGui::SetNextWindowPos(
                    ImVec2(origin.x + cell * static_cast<float>(at.second + 1) + 4.0f,
                           origin.y + cell * static_cast<float>(at.first + 1) + 4.0f));
            ImGui::SetTooltip("%s", text.c_str());
            if (probe.Enabled()) probe.Value("tooltip", text);
        }
    }
    return result;
}

}  // namespace convscope::app
