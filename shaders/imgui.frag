// ImGui's draw lists, fragment stage: the vertex colour times the font atlas's coverage (its
// white pixel serves every untextured shape). The platform adds the #version line.

uniform sampler2D u_texture;  // one channel: coverage

in vec2 v_uv;
in vec4 v_colour;

out vec4 o_colour;

void main() {
    o_colour = v_colour * vec4(1.0, 1.0, 1.0, texture(u_texture, v_uv).r);
}
