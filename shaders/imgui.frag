// ImGui's draw lists, fragment stage: the vertex colour times the texture (the font atlas,
// whose white pixel serves every untextured shape). The platform adds the #version line.

uniform sampler2D u_texture;

in vec2 v_uv;
in vec4 v_colour;

out vec4 o_colour;

void main() {
    o_colour = v_colour * texture(u_texture, v_uv);
}
