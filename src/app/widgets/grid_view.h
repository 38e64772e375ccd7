// A grid of cells: values as numbers when the cells are large enough, otherwise a heat map
// (colour only, drawn by the heat-map shader, see heat_map.h) with the number on hover;
// hover and click either way.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

namespace convscope::app {

struct CellLook {
    float value = 0.0f;
    bool show_value = true;   // false: an empty cell (e.g. a transposed conv's inserted zero)
    bool padding = false;     // drawn hatched-pale: a border cell
    ImU32 highlight = 0;      // outline colour, 0 for none
    ImU32 fill_override = 0;  // fill instead of the colour map, 0 for none
};

struct GridResult {
    int hovered_row = -1;
    int hovered_col = -1;
    bool clicked = false;
    ImVec2 min, max;        // screen rectangle of the grid
    float cell = 0.0f;      // cell size in screen pixels
    bool heat_map = false;  // cells too small for numbers: drawn as a heat map
};

// Draws `rows` x `cols` cells at the cursor. `look(row, col)` describes each cell; values
// are coloured between `lo` and `hi`. The grid takes at most `max_size` pixels each way.
// While a test is attached (UiProbe) it records "heat_maps" and "heat_maps_by_renderer" (counts
// this frame), "heat_map:<id>" (rows, cols, lo, hi, the clip rectangle) and "tooltip" (the
// hovered number).
GridResult DrawGrid(const char* id, int rows, int cols, float max_cell, ImVec2 max_size, float lo,
                    float hi, const std::function<CellLook(int, int)>& look);

// One entry of a grid's key: how a mark looks and what it means.
struct KeyItem {
    enum class Mark { Outline, Fill, Padding, Empty };
    Mark mark = Mark::Outline;
    ImU32 colour = 0;  // the outline's or the fill's colour (padding: its fill, 0 the grid's)
    const char* label = "";
};

// The key beside a grid: each mark drawn as the grid draws it, with its meaning, in a row
// that wraps at the window's edge. While a test is attached it records "key:<id>" (labels).
void DrawGridKey(const char* id, const std::vector<KeyItem>& items);

// The colour scale of values from lo to hi: "lo [ramp] hi" with a label. While a test is
// attached it records "scale:<id>" ([lo, hi]).
void DrawColourScale(const char* id, const char* label, float lo, float hi);

// Formats a value for a grid cell, a sum, a table and the screen-reader mirror: integers
// without decimals, others with up to three significant decimals, and "-inf" (a max-pooling
// window wholly in padding, as PyTorch gives it), "inf" and "nan" spelt out the same on
// every platform.
std::string FormatValue(float value);

// The colour map (a perceptually ordered dark-blue to yellow ramp, kColourStops in
// heat_map.h) for t in [0, 1]; the heat-map shader computes the same colours.
ImU32 ColourMap(float t, float alpha = 1.0f);

}  // namespace convscope::app
