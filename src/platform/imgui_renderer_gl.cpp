// ImGui's draw lists drawn with GL (see imgui_renderer_gl.h).
#include "platform/imgui_renderer_gl.h"

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "platform/gl_program.h"

namespace convscope::platform {

// The shader bodies, generated from shaders/ by cmake/EmbedFile.cmake.
extern const unsigned char kImGuiVertexShader[];
extern const std::size_t kImGuiVertexShaderSize;
extern const unsigned char kImGuiFragmentShader[];
extern const std::size_t kImGuiFragmentShaderSize;

namespace {
constexpr GLuint kPosition = 0, kUv = 1, kColour = 2;  // layout(location) in imgui.vert
static_assert(sizeof(ImDrawIdx) == 4, "the index type is set in cmake/Dependencies.cmake");
}  // namespace

bool ImGuiGlRenderer::Create() {
    program_ = BuildProgram({kImGuiVertexShader, kImGuiVertexShaderSize, "imgui.vert"},
                            {kImGuiFragmentShader, kImGuiFragmentShaderSize, "imgui.frag"},
                            "nothing can be drawn");
    if (!program_) return false;
    projection_ = glGetUniformLocation(program_, "u_projection");
    glUseProgram(program_);
    glUniform1i(glGetUniformLocation(program_, "u_texture"), 0);

    // The vertex array keeps the attribute layout and the index buffer binding.
    glGenVertexArrays(1, &vertex_array_);
    glGenBuffers(1, &vertex_buffer_);
    glGenBuffers(1, &index_buffer_);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer_);
    const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
    glEnableVertexAttribArray(kPosition);
    glEnableVertexAttribArray(kUv);
    glEnableVertexAttribArray(kColour);
    glVertexAttribPointer(kPosition, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(kUv, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(kColour, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);

    // The fonts are built for the first frame's pixel ratio, then uploaded; a context restored
    // after a loss gets the atlas it had.
    glGenTextures(1, &font_texture_);
    if (ImGui::GetIO().Fonts->IsBuilt()) UpdateFontTexture();
    ImGui::GetIO().BackendRendererName = "convscope_gl";
    return true;
}

void ImGuiGlRenderer::Destroy() {
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    if (index_buffer_) glDeleteBuffers(1, &index_buffer_);
    if (vertex_buffer_) glDeleteBuffers(1, &vertex_buffer_);
    if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
    if (program_) glDeleteProgram(program_);
    font_texture_ = index_buffer_ = vertex_buffer_ = vertex_array_ = program_ = 0;
    if (ImGui::GetCurrentContext()) ImGui::GetIO().Fonts->SetTexID(nullptr);
}

void ImGuiGlRenderer::UpdateFontTexture() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    // Coverage only, one byte a texel (imgui.frag makes it the alpha of white): a quarter of
    // the RGBA upload, which on a software GL was a visible part of the first frame.
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
}

void ImGuiGlRenderer::SetRenderState(const ImDrawData& draw_data, int framebuffer_width,
                                     int framebuffer_height) {
    // Alpha blending over the cleared background, scissored per command. Depth, stencil and
    // face culling are never enabled in ConvScope's context.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, framebuffer_width, framebuffer_height);

    // Display coordinates (top-left origin) to clip space.
    const float l = draw_data.DisplayPos.x, r = l + draw_data.DisplaySize.x;
    const float t = draw_data.DisplayPos.y, b = t + draw_data.DisplaySize.y;
    const float projection[4][4] = {
        {2.0f / (r - l), 0.0f, 0.0f, 0.0f},
        {0.0f, 2.0f / (t - b), 0.0f, 0.0f},
        {0.0f, 0.0f, -1.0f, 0.0f},
        {(r + l) / (l - r), (t + b) / (b - t), 0.0f, 1.0f},
    };
    glUseProgram(program_);
    glUniformMatrix4fv(projection_, 1, GL_FALSE, &projection[0][0]);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
}

void ImGuiGlRenderer::RebindAfterCallback() {
    // The projection is a uniform of our program, so it survives another program's use.
    glUseProgram(program_);
    glBindVertexArray(vertex_array_);
}

void ImGuiGlRenderer::UploadLists(const ImDrawData& draw_data) {
    vertices_.resize(draw_data.TotalVtxCount);
    indices_.resize(draw_data.TotalIdxCount);
    ImDrawVert* vertex = vertices_.Data;
    ImDrawIdx* index = indices_.Data;
    ImDrawIdx base = 0;
    for (int n = 0; n < draw_data.CmdListsCount; ++n) {
        const ImDrawList& list = *draw_data.CmdLists[n];
        std::memcpy(vertex, list.VtxBuffer.Data,
                    static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        for (const ImDrawIdx i : list.IdxBuffer) *index++ = i + base;
        vertex += list.VtxBuffer.Size;
        base += static_cast<ImDrawIdx>(list.VtxBuffer.Size);
    }
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices_.size_in_bytes()),
                 vertices_.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices_.size_in_bytes()),
                 indices_.Data, GL_STREAM_DRAW);
}

void ImGuiGlRenderer::Render(const ImDrawData& draw_data) {
    const ImVec2 scale = draw_data.FramebufferScale;
    const int framebuffer_width = static_cast<int>(draw_data.DisplaySize.x * scale.x);
    const int framebuffer_height = static_cast<int>(draw_data.DisplaySize.y * scale.y);
    if (!program_ || framebuffer_width <= 0 || framebuffer_height <= 0) return;
    SetRenderState(draw_data, framebuffer_width, framebuffer_height);
    UploadLists(draw_data);

    GLuint bound_texture = 0;
    std::size_t list_index_start = 0;  // where the list's indices are in the index buffer
    for (int n = 0; n < draw_data.CmdListsCount; ++n) {
        const ImDrawList& list = *draw_data.CmdLists[n];
        for (const ImDrawCmd& command : list.CmdBuffer) {
            if (command.UserCallback) {
                // A heat map sets its own program, texture and vertex array: ours again (the
                // reset ImGui's convention puts after a callback asks for no more).
                if (command.UserCallback != ImDrawCallback_ResetRenderState)
                    command.UserCallback(&list, &command);
                RebindAfterCallback();
                bound_texture = 0;
                continue;
            }
            // The clip rectangle in framebuffer pixels (GL's y axis points up).
            const float x0 = (command.ClipRect.x - draw_data.DisplayPos.x) * scale.x;
            const float y0 = (command.ClipRect.y - draw_data.DisplayPos.y) * scale.y;
            const float x1 = (command.ClipRect.z - draw_data.DisplayPos.x) * scale.x;
            const float y1 = (command.ClipRect.w - draw_data.DisplayPos.y) * scale.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor(static_cast<int>(x0), static_cast<int>(framebuffer_height - y1),
                      static_cast<int>(x1 - x0), static_cast<int>(y1 - y0));
            const auto texture =
                static_cast<GLuint>(reinterpret_cast<std::intptr_t>(command.TextureId));
            if (texture != bound_texture) {
                glBindTexture(GL_TEXTURE_2D, texture);
                bound_texture = texture;
            }
            const std::size_t first = list_index_start + command.IdxOffset;
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(command.ElemCount), GL_UNSIGNED_INT,
                           reinterpret_cast<void*>(first * sizeof(ImDrawIdx)));
        }
        list_index_start += static_cast<std::size_t>(list.IdxBuffer.Size);
    }
    // The next frame's clear covers the whole framebuffer.
    glDisable(GL_SCISSOR_TEST);
}

}  // namespace convscope::platform
