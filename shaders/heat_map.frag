// Heat map, fragment stage: looks up the cell's value in a one-channel float texture (one
// texel per cell, read with texelFetch so no filtering applies), maps (v - lo) / (hi - lo)
// through the colour ramp and darkens a thin outline around each cell.
// The ramp's stops arrive in u_stops from kColourStops (src/app/heat_map.h), the same
// array ColourMap() interpolates, so the shader's colours and the CPU's cannot differ.

uniform highp sampler2D u_values;  // R32F, cols x rows; highp keeps large values exact
uniform float u_lo;
uniform float u_range;             // hi - lo, > 0
uniform vec3 u_stops[5];           // kColourStopCount stops, evenly spaced over 0..1
uniform vec2 u_cell_px;            // cell width and height in framebuffer pixels
uniform float u_border_px;         // outline width in framebuffer pixels, 0 for none
uniform float u_border_alpha;      // the outline: black at this opacity over the colour

in vec2 v_grid_uv;
out vec4 o_colour;

vec3 Ramp(float t) {
    float x = clamp(t, 0.0, 1.0) * 4.0;
    int i = min(3, int(x));
    return mix(u_stops[i], u_stops[i + 1], x - float(i));
}

void main() {
    ivec2 size = textureSize(u_values, 0);
    vec2 grid = v_grid_uv * vec2(size);
    ivec2 cell = clamp(ivec2(floor(grid)), ivec2(0), size - 1);
    float value = texelFetch(u_values, cell, 0).r;
    vec3 rgb = Ramp((value - u_lo) / u_range);

    // The outline: a band of u_border_px on each side of every cell edge, as the draw-list
    // version's 1-pixel lines. Cells rarely start on whole pixels, so a pixel is darkened by
    // the part of it the band covers; seams then look equally thick across the grid.
    if (u_border_px > 0.0) {
        vec2 inside = fract(grid) * u_cell_px;  // framebuffer pixels from the cell's top-left
        float edge = min(min(inside.x, inside.y), min(u_cell_px.x - inside.x, u_cell_px.y - inside.y));
        float cover = clamp(u_border_px + 0.5 - edge, 0.0, 1.0);
        rgb = mix(rgb, vec3(0.0), u_border_alpha * cover);
    }
    o_colour = vec4(rgb, 1.0);
}
