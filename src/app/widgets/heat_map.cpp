// Heat maps (see heat_map.h): per-frame copies of the values for the renderer's draw-list
// callbacks, and the rectangle fallback.
#include "app/widgets/heat_map.h"

#include <imgui_internal.h>  // context hooks: the per-frame copies are released on NewFrame

#include <algorithm>
#include <cmath>
#include <memory>

#include "app/widgets/grid_view.h"

namespace convscope::app {

namespace {

HeatMapRenderer* g_renderer = nullptr;

// The heat maps of one ImGui frame. ImGui renders a frame's draw lists after the frame is
// built and before the next one starts, so the copies made while building a frame are
// released when the next frame starts (a context hook on NewFrame). Each map is allocated
// once and kept, so the pointers handed to the draw list stay valid however many maps a
// frame holds.
struct FrameMaps {
    const ImGuiContext* context = nullptr;  // the context whose hooks are installed
    size_t used = 0;
    HeatMapCount count;
    std::vector<std::unique_ptr<HeatMap>> pool;
};

FrameMaps g_frame;

void StartFrame(ImGuiContext*, ImGuiContextHook*) {
    g_frame.used = 0;
    g_frame.count = HeatMapCount{};
}

// A context destroyed and another created at the same address must get hooks again.
void ForgetContext(ImGuiContext*, ImGuiContextHook*) {
    g_frame.context = nullptr;
    StartFrame(nullptr, nullptr);
}

FrameMaps& CurrentFrame() {
    ImGuiContext* context = ImGui::GetCurrentContext();
    if (g_frame.context != context) {
        g_frame.context = context;
        StartFrame(nullptr, nullptr);
        ImGuiContextHook hook;
        hook.Type = ImGuiContextHookType_NewFramePre;
        hook.Callback = StartFrame;
        ImGui::AddContextHook(context, &hook);
        hook.Type = ImGuiContextHookType_Shutdown;
        hook.Callback = ForgetContext;
        ImGui::AddContextHook(context, &hook);
    }
    return g_frame;
}

void RenderHeatMapCallback(const ImDrawList*, const ImDrawCmd* cmd) {
    // The renderer may have been removed between building and rendering the frame; the
    // map is then simply not drawn for this one frame.
    if (g_renderer)
        g_renderer->Render(*static_cast<const HeatMap*>(cmd->UserCallbackData), cmd->ClipRect);
}

void DrawWithRects(ImDrawList* draw, const HeatMap& map) {
    const float cell_w = (map.max.x - map.min.x) / static_cast<float>(map.cols);
    const float cell_h = (map.max.y - map.min.y) / static_cast<float>(map.rows);
    const float range = map.hi - map.lo;
    for (int r = 0; r < map.rows; ++r) {
        for (int c = 0; c < map.cols; ++c) {
            const ImVec2 a(map.min.x + cell_w * static_cast<float>(c),
                           map.min.y + cell_h * static_cast<float>(r));
            const ImVec2 b(a.x + cell_w, a.y + cell_h);
            const float v = map.values[static_cast<size_t>(r) * static_cast<size_t>(map.cols) +
                                       static_cast<size_t>(c)];
            draw->AddRectFilled(a, b, ColourMap((v - map.lo) / range));
            if (map.borders) draw->AddRect(a, b, kCellBorderColour);
        }
    }
}

}  // namespace

void SetHeatMapRenderer(HeatMapRenderer* renderer) { g_renderer = renderer; }

HeatMapRenderer* GetHeatMapRenderer() { return g_renderer; }

HeatMapCount HeatMapsThisFrame() { return CurrentFrame().count; }

bool DrawHeatMap(ImDrawList* draw, ImVec2 min, ImVec2 max, int rows, int cols, const float* values,
                 float lo, float hi) {
    if (rows <= 0 || cols <= 0 || !values) return false;
    FrameMaps& frame = CurrentFrame();
    if (frame.used == frame.pool.size()) frame.pool.push_back(std::make_unique<HeatMap>());
    HeatMap& map = *frame.pool[frame.used];
    map.min = min;
    map.max = max;
    map.rows = rows;
    map.cols = cols;
    // The same normalisation as the numbers view: a flat grid sits at the ramp's start.
    map.lo = lo;
    map.hi = hi > lo ? hi : lo + 1.0f;
    map.borders = std::min((max.x - min.x) / static_cast<float>(cols),
                           (max.y - min.y) / static_cast<float>(rows)) >= kMinBorderedCell;
    const size_t count = static_cast<size_t>(rows) * static_cast<size_t>(cols);
    // A GPU's handling of NaN and infinity varies; ColourMap() puts them at the ramp's
    // start, so they become lo here.
    map.values.resize(count);
    std::transform(values, values + count, map.values.begin(),
                   [lo](float v) { return std::isfinite(v) ? v : lo; });
    ++frame.count.drawn;

    HeatMapRenderer* renderer = g_renderer;
    if (!renderer || rows > renderer->MaxSide() || cols > renderer->MaxSide()) {
        DrawWithRects(draw, map);
        return false;
    }
    ++frame.used;
    ++frame.count.by_renderer;
    draw->AddCallback(RenderHeatMapCallback, &map);
    draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    return true;
}

}  // namespace convscope::app
