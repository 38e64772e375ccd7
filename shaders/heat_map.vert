// Heat map, vertex stage: one quad over the grid's screen rectangle. The four corners come
// from gl_VertexID (drawn as a 4-vertex triangle strip), so no vertex buffer is needed.
// The platform adds the #version line (GLSL ES 3.00 on WebGL2, GLSL 3.30 core on desktop).

uniform mat4 u_projection;  // ImGui's orthographic projection of its display coordinates
uniform vec4 u_rect;        // the grid: min.xy, max.xy in display coordinates

out vec2 v_grid_uv;         // 0..1 across the grid, top-left origin like ImGui's

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    v_grid_uv = corner;
    gl_Position = u_projection * vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
}
