// ImGui's draw lists, vertex stage: display coordinates to clip space, texture coordinates
// and the vertex colour passed on. The platform adds the #version line.

uniform mat4 u_projection;  // ImGui's orthographic projection of its display coordinates

// The locations are the renderer's (src/platform/imgui_renderer_gl.cpp, kPosition...).
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;  // RGBA bytes, normalised

out vec2 v_uv;
out vec4 v_colour;

void main() {
    v_uv = a_uv;
    v_colour = a_colour;
    gl_Position = u_projection * vec4(a_position, 0.0, 1.0);
}
