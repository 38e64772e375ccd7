// The heat-map renderer (see heat_map_gl.h). It runs inside ImGui's OpenGL3 renderer, as a
// draw-list callback: it sets only what it needs (scissor, program, texture, vertex array),
// puts back the bindings it changed, and lets ImDrawCallback_ResetRenderState restore the
// rest of ImGui's state.
#include "platform/heat_map_gl.h"

#include <imgui.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/widgets/heat_map.h"
#include "platform/gl.h"

namespace convscope::platform {

// The shader bodies, generated from shaders/ by cmake/EmbedFile.cmake (no #version line,
// no terminating zero).
extern const unsigned char kHeatMapVertexShader[];
extern const std::size_t kHeatMapVertexShaderSize;
extern const unsigned char kHeatMapFragmentShader[];
extern const std::size_t kHeatMapFragmentShaderSize;

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kGlslPrelude = "#version 300 es\nprecision highp float;\n";
#else
constexpr const char* kGlslPrelude = "#version 330 core\n";
#endif

// heat_map.frag declares u_stops[5] and spaces them over 0..1 by that count.
static_assert(app::kColourStopCount == 5, "shaders/heat_map.frag assumes five colour stops");

GLuint CompileStage(GLenum stage, const unsigned char* body, std::size_t size, const char* name) {
    const GLuint shader = glCreateShader(stage);
    const GLchar* parts[2] = {kGlslPrelude, reinterpret_cast<const GLchar*>(body)};
    const GLint lengths[2] = {static_cast<GLint>(std::strlen(kGlslPrelude)),
                              static_cast<GLint>(size)};
    glShaderSource(shader, 2, parts, lengths);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint log_size = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &log_size);
        std::string log(static_cast<size_t>(log_size > 1 ? log_size : 1), '\0');
        glGetShaderInfoLog(shader, log_size, nullptr, log.data());
        std::fprintf(
            stderr,
            "ConvScope: shaders/%s does not compile, heat maps fall back to rectangles:\n%s\n",
            name, log.c_str());
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

class HeatMapGl final : public app::HeatMapRenderer {
public:
    bool Create();
    void Destroy();
    int MaxSide() const override { return max_side_; }
    void Render(const app::HeatMap& map, const ImVec4& clip_rect) override;

private:
    GLuint program_ = 0;
    GLuint texture_ = 0;
    GLuint vertex_array_ = 0;  // empty: the vertex shader makes the corners itself
    GLint projection_ = -1, rect_ = -1, lo_ = -1, range_ = -1, cell_px_ = -1, border_px_ = -1;
    int texture_rows_ = 0, texture_cols_ = 0;
    int max_side_ = 0;
};

bool HeatMapGl::Create() {
    const GLuint vertex = CompileStage(GL_VERTEX_SHADER, kHeatMapVertexShader,
                                       kHeatMapVertexShaderSize, "heat_map.vert");
    const GLuint fragment = CompileStage(GL_FRAGMENT_SHADER, kHeatMapFragmentShader,
                                         kHeatMapFragmentShaderSize, "heat_map.frag");
    if (!vertex || !fragment) {
        if (vertex) glDeleteShader(vertex);
        if (fragment) glDeleteShader(fragment);
        return false;
    }
    program_ = glCreateProgram();
    glAttachShader(program_, vertex);
    glAttachShader(program_, fragment);
    glLinkProgram(program_);
    glDetachShader(program_, vertex);
    glDetachShader(program_, fragment);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    GLint ok = GL_FALSE;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint log_size = 0;
        glGetProgramiv(program_, GL_INFO_LOG_LENGTH, &log_size);
        std::string log(static_cast<size_t>(log_size > 1 ? log_size : 1), '\0');
        glGetProgramInfoLog(program_, log_size, nullptr, log.data());
        std::fprintf(
            stderr,
            "ConvScope: the heat-map shaders do not link, heat maps fall back to rectangles:\n%s\n",
            log.c_str());
        glDeleteProgram(program_);
        program_ = 0;
        return false;
    }
    projection_ = glGetUniformLocation(program_, "u_projection");
    rect_ = glGetUniformLocation(program_, "u_rect");
    lo_ = glGetUniformLocation(program_, "u_lo");
    range_ = glGetUniformLocation(program_, "u_range");
    cell_px_ = glGetUniformLocation(program_, "u_cell_px");
    border_px_ = glGetUniformLocation(program_, "u_border_px");

    // What never changes is set once: uniforms belong to the program.
    GLint last_program = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &last_program);
    glUseProgram(program_);
    glUniform1i(glGetUniformLocation(program_, "u_values"), 0);
    glUniform3fv(glGetUniformLocation(program_, "u_stops"), app::kColourStopCount,
                 &app::kColourStops[0][0]);
    glUniform1f(glGetUniformLocation(program_, "u_border_alpha"),
                static_cast<float>((app::kCellBorderColour >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f);
    glUseProgram(static_cast<GLuint>(last_program));

    // R32F cannot be filtered on WebGL2, and a texture left with the default mipmapped
    // minification filter would be incomplete (texelFetch would read zeros).
    GLint last_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));

    // A core profile draws nothing without a vertex array object bound, even an empty one.
    glGenVertexArrays(1, &vertex_array_);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_side_);
    return true;
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
    if (!draw_data || map.rows <= 0 || map.cols <= 0) return;
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

    GLint last_active_texture = 0, last_program = 0, last_texture = 0, last_vertex_array = 0;
    GLint last_unpack_alignment = 0, last_unpack_row_length = 0;
    glGetIntegerv(GL_ACTIVE_TEXTURE, &last_active_texture);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_CURRENT_PROGRAM, &last_program);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &last_vertex_array);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &last_unpack_alignment);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &last_unpack_row_length);

    // One texel per cell. The texture is shared by every heat map and reallocated only when
    // the grid's size changes.
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
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

    glBindVertexArray(static_cast<GLuint>(last_vertex_array));
    glUseProgram(static_cast<GLuint>(last_program));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
    glPixelStorei(GL_UNPACK_ALIGNMENT, last_unpack_alignment);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, last_unpack_row_length);
    glActiveTexture(static_cast<GLenum>(last_active_texture));
}

HeatMapGl g_heat_map;

}  // namespace

bool InstallHeatMapRenderer() {
    if (!g_heat_map.Create()) {
        g_heat_map.Destroy();
        return false;
    }
    app::SetHeatMapRenderer(&g_heat_map);
    return true;
}

void RemoveHeatMapRenderer() {
    if (app::GetHeatMapRenderer() == &g_heat_map) app::SetHeatMapRenderer(nullptr);
    g_heat_map.Destroy();
}

}  // namespace convscope::platform
