// The heat-map renderer (see heat_map_gl.h). It runs inside the ImGui renderer
// (imgui_renderer_gl.h), as a draw-list callback: it sets what it needs (scissor, program,
// texture, vertex array) and leaves it; the ImGui renderer sets its own state again after
// every callback, so nothing is queried or put back.
#include "platform/heat_map_gl.h"

#include <imgui.h>

#include <cstddef>

#include "app/widgets/heat_map.h"
#include "platform/gl.h"
#include "platform/gl_program.h"

namespace convscope::platform {

// The shader bodies, generated from shaders/ by cmake/EmbedFile.cmake (no #version line,
// no terminating zero).
extern const unsigned char kHeatMapVertexShader[];
extern const std::size_t kHeatMapVertexShaderSize;
extern const unsigned char kHeatMapFragmentShader[];
extern const std::size_t kHeatMapFragmentShaderSize;

namespace {

// heat_map.frag declares u_stops[5] and spaces them over 0..1 by that count.
static_assert(app::kColourStopCount == 5, "shaders/heat_map.frag assumes five colour stops");

// Its GL objects are made when the first heat map is drawn, not at start-up: most views
// draw none, and the page's first frame does not wait for a shader program it does not use.
class HeatMapGl final : public app::HeatMapRenderer {
public:
    // Frees the GL objects (while the context is current); the next heat map makes them again.
    void Forget() {
        Destroy();
        made_ = Made::kNotYet;
    }
    int MaxSide() override { return Ready() ? max_side_ : 0; }
    void Render(const app::HeatMap& map, const ImVec4& clip_rect) override;

private:
    enum class Made { kNotYet, kYes, kFailed };
    bool Create();
    void Destroy();
    // Makes the GL objects on the first call; false if that failed (heat maps are then drawn
    // with rectangles).
    bool Ready();

    Made made_ = Made::kNotYet;
    GLuint program_ = 0;
    GLuint texture_ = 0;
    GLuint vertex_array_ = 0;  // empty: the vertex shader makes the corners itself
    GLint projection_ = -1, rect_ = -1, lo_ = -1, range_ = -1, cell_px_ = -1, border_px_ = -1;
    int texture_rows_ = 0, texture_cols_ = 0;
    int max_side_ = 0;
};

bool HeatMapGl::Create() {
    program_ = BuildProgram({kHeatMapVertexShader, kHeatMapVertexShaderSize, "heat_map.vert"},
                            {kHeatMapFragmentShader, kHeatMapFragmentShaderSize, "heat_map.frag"},
                            "heat maps fall back to rectangles");
    if (!program_) return false;
    projection_ = glGetUniformLocation(program_, "u_projection");
    rect_ = glGetUniformLocation(program_, "u_rect");
    lo_ = glGetUniformLocation(program_, "u_lo");
    range_ = glGetUniformLocation(program_, "u_range");
    cell_px_ = glGetUniformLocation(program_, "u_cell_px");
    border_px_ = glGetUniformLocation(program_, "u_border_px");

    // What never changes is set once: uniforms belong to the program. (No binding needs
    // putting back: the ImGui renderer sets its own state before each draw.)
    glUseProgram(program_);
    glUniform1i(glGetUniformLocation(program_, "u_values"), 0);
    glUniform3fv(glGetUniformLocation(program_, "u_stops"), app::kColourStopCount,
                 &app::kColourStops[0][0]);
    glUniform1f(glGetUniformLocation(program_, "u_border_alpha"),
                static_cast<float>((app::kCellBorderColour >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f);

    // R32F cannot be filtered on WebGL2, and a texture left with the default mipmapped
    // minification filter would be incomplete (texelFetch would read zeros).
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);

    // A core profile draws nothing without a vertex array object bound, even an empty one.
    glGenVertexArrays(1, &vertex_array_);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_side_);
    return true;
}

bool HeatMapGl::Ready() {
    if (made_ == Made::kNotYet) {
        made_ = Create() ? Made::kYes : Made::kFailed;
        if (made_ == Made::kFailed) Destroy();
    }
    return made_ == Made::kYes;
}

void HeatMapGl::Destroy() {
    if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
    if (texture_) glDeleteTextures(1, &texture_);
    if (program_) glDeleteProgram(program_);
    vertex_array_ = texture_ = program_ = 0;
    texture_rows_ = texture_cols_ = 0;
}

void HeatMapGl::Render(const app::HeatMap& map, const ImVec4& clip_rect) {
    const ImDrawData* draw_data = ImGui::GetDrawData();
    if (!draw_data || map.rows <= 0 || map.cols <= 0 || !Ready()) return;
    const ImVec2 pos = draw_data->DisplayPos, size = draw_data->DisplaySize,
                 scale = draw_data->FramebufferScale;

    // The draw command's clip rectangle in framebuffer pixels, exactly as ImGui's backend
    // projects its own (GL's y axis points up).
    const int fb_height = static_cast<int>(size.y * scale.y);
    const ImVec2 clip_min((clip_rect.x - pos.x) * scale.x, (clip_rect.y - pos.y) * scale.y);
    const ImVec2 clip_max((clip_rect.z - pos.x) * scale.x, (clip_rect.w - pos.y) * scale.y);
    if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) return;
    glScissor(static_cast<int>(clip_min.x),
              static_cast<int>(static_cast<float>(fb_height) - clip_max.y),
              static_cast<int>(clip_max.x - clip_min.x), static_cast<int>(clip_max.y - clip_min.y));

    // One texel per cell. The texture is shared by every heat map and reallocated only when
    // the grid's size changes.
    glBindTexture(GL_TEXTURE_2D, texture_);
    if (map.rows != texture_rows_ || map.cols != texture_cols_) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, map.cols, map.rows, 0, GL_RED, GL_FLOAT,
                     map.values.data());
        texture_rows_ = map.rows;
        texture_cols_ = map.cols;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, map.cols, map.rows, GL_RED, GL_FLOAT,
                        map.values.data());
    }

    // ImGui's orthographic projection (imgui_impl_opengl3's SetupRenderState).
    const float l = pos.x, r = pos.x + size.x, t = pos.y, b = pos.y + size.y;
    const float projection[4][4] = {
        {2.0f / (r - l), 0.0f, 0.0f, 0.0f},
        {0.0f, 2.0f / (t - b), 0.0f, 0.0f},
        {0.0f, 0.0f, -1.0f, 0.0f},
        {(r + l) / (l - r), (t + b) / (b - t), 0.0f, 1.0f},
    };
    const float cell_w = (map.max.x - map.min.x) / static_cast<float>(map.cols);
    const float cell_h = (map.max.y - map.min.y) / static_cast<float>(map.rows);
    glUseProgram(program_);
    glUniformMatrix4fv(projection_, 1, GL_FALSE, &projection[0][0]);
    glUniform4f(rect_, map.min.x, map.min.y, map.max.x, map.max.y);
    glUniform1f(lo_, map.lo);
    glUniform1f(range_, map.hi - map.lo);
    glUniform2f(cell_px_, cell_w * scale.x, cell_h * scale.y);
    // One display pixel, like the draw list's 1-pixel outlines.
    glUniform1f(border_px_, map.borders ? scale.x : 0.0f);
    glBindVertexArray(vertex_array_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

HeatMapGl g_heat_map;

}  // namespace

void InstallHeatMapRenderer() { app::SetHeatMapRenderer(&g_heat_map); }

void RemoveHeatMapRenderer() {
    if (app::GetHeatMapRenderer() == &g_heat_map) app::SetHeatMapRenderer(nullptr);
    g_heat_map.Forget();
}

}  // namespace convscope::platform
