// Draws ImGui's draw lists with WebGL2 or desktop OpenGL 3.3. ConvScope owns its GL context,
// so the renderer sets the state it needs before drawing and after each draw-list callback
// (the heat maps), and never asks GL what the state was: on the web each such question
// (getParameter) is a synchronous round trip that cost more than the rest of a frame.
#pragma once

#include <imgui.h>

#include "platform/gl.h"

namespace convscope::platform {

class ImGuiGlRenderer {
public:
    // Compiles the program and makes the buffers and the font texture; false (after printing
    // why) when the shaders do not build. Needs the current GL context and ImGui's context.
    bool Create();
    void Destroy();
    // After the font atlas was rebuilt (a new pixel ratio).
    void UpdateFontTexture();
    // Draws one frame's lists into the current viewport's framebuffer.
    void Render(const ImDrawData& draw_data);

private:
    void SetRenderState(const ImDrawData& draw_data, int framebuffer_width, int framebuffer_height);
    // The bindings a draw-list callback (a heat map) changes; the rest of the state stays.
    void RebindAfterCallback();
    // All lists in one vertex and one index buffer: two uploads a frame, not two per window.
    void UploadLists(const ImDrawData& draw_data);

    GLuint program_ = 0;
    GLint projection_ = -1;
    GLuint vertex_array_ = 0, vertex_buffer_ = 0, index_buffer_ = 0;
    GLuint font_texture_ = 0;
    ImVector<ImDrawVert> vertices_;  // this frame's lists, concatenated
    ImVector<ImDrawIdx> indices_;    // rebased onto the concatenated vertices
};

}  // namespace convscope::platform
