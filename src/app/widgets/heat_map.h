// Heat maps: a grid of values drawn as colour in one piece by a shader the platform provides
// (shaders/heat_map.*), instead of one rectangle per cell. Without a renderer (unit tests, a
// shader that failed to compile, grids larger than a texture) the same picture is drawn with
// ImGui rectangles. The colour ramp's stops live here, for ColourMap() and the shader alike.
#pragma once

#include <imgui.h>

#include <vector>

namespace convscope::app {

// The viridis-like ramp from dark blue through teal to yellow, linear in between. The
// shader receives these as a uniform array, so the CPU and GPU colours cannot drift apart.
inline constexpr int kColourStopCount = 5;
inline constexpr float kColourStops[kColourStopCount][3] = {{0.267f, 0.005f, 0.329f},
                                                            {0.230f, 0.322f, 0.546f},
                                                            {0.128f, 0.567f, 0.551f},
                                                            {0.369f, 0.789f, 0.383f},
                                                            {0.993f, 0.906f, 0.144f}};

// Every cell has a thin translucent outline (1 screen pixel each side) once cells are large
// enough to keep some colour between the lines.
inline constexpr ImU32 kCellBorderColour = IM_COL32(0, 0, 0, 90);
inline constexpr float kMinBorderedCell = 6.0f;

// One heat map as the renderer receives it, in ImGui display coordinates.
struct HeatMap {
    ImVec2 min, max;  // the grid's screen rectangle
    int rows = 0, cols = 0;
    float lo = 0.0f, hi = 1.0f;  // values map to lo..hi -> 0..1 on the ramp; hi > lo
    bool borders = false;        // draw the cell outlines
    std::vector<float> values;   // rows * cols, row-major, all finite
};

// Implemented by the platform with its GPU API and installed once the API is ready.
class HeatMapRenderer {
public:
    virtual ~HeatMapRenderer() = default;
    // The largest rows or cols the renderer takes (its texture size limit), 0 when it cannot
    // draw. Asked before each heat map is drawn; the first call may make the GPU objects.
    virtual int MaxSide() = 0;
    // Draws `map` from inside ImGui's renderer (a draw-list callback). `clip_rect` is the
    // draw command's ClipRect, in display coordinates like ImDrawCmd's. ImGui's own
    // render state is reset after the call.
    virtual void Render(const HeatMap& map, const ImVec4& clip_rect) = 0;
};

// nullptr removes the renderer; heat maps are then drawn with rectangles.
void SetHeatMapRenderer(HeatMapRenderer* renderer);
HeatMapRenderer* GetHeatMapRenderer();

// Draws `values` (rows x cols, row-major) over [min, max]. The values are copied: the
// caller's buffer may go away at once. Returns true when the renderer will draw it, false
// when it was drawn with rectangles.
bool DrawHeatMap(ImDrawList* draw, ImVec2 min, ImVec2 max, int rows, int cols, const float* values,
                 float lo, float hi);

// How many heat maps the current ImGui frame has drawn so far, and how many of them by the
// renderer (the rest fell back to rectangles).
struct HeatMapCount {
    int drawn = 0;
    int by_renderer = 0;
};
HeatMapCount HeatMapsThisFrame();

}  // namespace convscope::app
