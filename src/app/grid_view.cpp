// Grid drawing (see grid_view.h).
#include "app/grid_view.h"

#include <algorithm>
#include <cmath>

#include "app/playground_model.h"

namespace convscope::app {

ImU32 ColourMap(float t, float alpha) {
    // Five stops of a viridis-like ramp, interpolated linearly.
    static const float stops[5][3] = {
        {0.267f, 0.005f, 0.329f}, {0.230f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f},
        {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};
    t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * 4.0f;
    const int i = std::min(3, static_cast<int>(t));
    const float f = t - static_cast<float>(i);
    float rgb[3];
    for (int c = 0; c < 3; ++c) rgb[c] = stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f;
    return ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], alpha));
}

GridResult DrawGrid(const char* id, int rows, int cols, float max_cell, ImVec2 max_size, float lo, float hi,
                    const std::function<CellLook(int, int)>& look) {
    GridResult result;
    const float cell = std::max(4.0f, std::min({max_cell, max_size.x / static_cast<float>(std::max(cols, 1)),
                                                max_size.y / static_cast<float>(std::max(rows, 1))}));
    const ImVec2 size(cell * static_cast<float>(cols), cell * static_cast<float>(rows));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    result.clicked = ImGui::IsItemClicked();
    result.min = origin;
    result.max = ImVec2(origin.x + size.x, origin.y + size.y);
    result.cell = cell;
    if (ImGui::IsItemHovered()) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        result.hovered_col = std::clamp(static_cast<int>((mouse.x - origin.x) / cell), 0, cols - 1);
        result.hovered_row = std::clamp(static_cast<int>((mouse.y - origin.y) / cell), 0, rows - 1);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool numbers = cell >= 22.0f;
    const float range = hi > lo ? hi - lo : 1.0f;
    const ImU32 text_dark = IM_COL32(20, 20, 28, 255), text_light = IM_COL32(245, 245, 245, 255);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const CellLook l = look(r, c);
            const ImVec2 a(origin.x + cell * static_cast<float>(c), origin.y + cell * static_cast<float>(r));
            const ImVec2 b(a.x + cell, a.y + cell);
            const float t = (l.value - lo) / range;
            ImU32 fill = l.fill_override ? l.fill_override
                                         : (l.show_value ? ColourMap(t, l.padding ? 0.45f : 1.0f) : IM_COL32(60, 60, 70, 255));
            draw->AddRectFilled(a, b, fill);
            if (l.padding) {
                // A diagonal stroke marks border cells whatever their value.
                draw->AddLine(ImVec2(a.x + 2, b.y - 2), ImVec2(b.x - 2, a.y + 2), IM_COL32(255, 255, 255, 50));
            }
            draw->AddRect(a, b, IM_COL32(0, 0, 0, 90));
            if (numbers && l.show_value) {
                const std::string text = FormatValue(l.value);
                const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
                const bool light_fill = !l.fill_override && t > 0.55f;
                const float scale = ts.x > cell - 4 ? (cell - 4) / ts.x : 1.0f;
                const ImVec2 pos(a.x + (cell - ts.x * scale) * 0.5f, a.y + (cell - ts.y * scale) * 0.5f);
                draw->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale, pos,
                              light_fill ? text_dark : text_light, text.c_str());
            }
            if (l.highlight) draw->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), l.highlight, 0.0f, 0, 3.0f);
        }
    }
    if (!numbers && result.hovered_row >= 0) {
        const CellLook l = look(result.hovered_row, result.hovered_col);
        if (l.show_value) ImGui::SetTooltip("%s", FormatValue(l.value).c_str());
    }
    return result;
}

}  // namespace convscope::app
