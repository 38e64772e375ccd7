// GL programs from the embedded shaders (see gl_program.h).
#include "platform/gl_program.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace convscope::platform {

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kGlslPrelude = "#version 300 es\nprecision highp float;\n";
#else
constexpr const char* kGlslPrelude = "#version 330 core\n";
#endif

// A shader's or a program's log, read with the matching pair of GL functions.
template <typename GetParameter, typename GetLog>
std::string InfoLog(GLuint object, GetParameter get_parameter, GetLog get_log) {
    GLint size = 0;
    get_parameter(object, GL_INFO_LOG_LENGTH, &size);
    std::string log(static_cast<size_t>(size > 1 ? size : 1), '\0');
    get_log(object, size, nullptr, log.data());
    return log;
}

GLuint CompileStage(GLenum stage, const ShaderSource& source, const char* fallback) {
    const GLuint shader = glCreateShader(stage);
    const GLchar* parts[2] = {kGlslPrelude, reinterpret_cast<const GLchar*>(source.body)};
    const GLint lengths[2] = {static_cast<GLint>(std::strlen(kGlslPrelude)),
                              static_cast<GLint>(source.size)};
    glShaderSource(shader, 2, parts, lengths);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        std::fprintf(stderr, "ConvScope: shaders/%s does not compile, %s:\n%s\n", source.name,
                     fallback, InfoLog(shader, glGetShaderiv, glGetShaderInfoLog).c_str());
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

}  // namespace

GLuint BuildProgram(const ShaderSource& vertex_source, const ShaderSource& fragment_source,
                    const char* fallback) {
    const GLuint vertex = CompileStage(GL_VERTEX_SHADER, vertex_source, fallback);
    const GLuint fragment = CompileStage(GL_FRAGMENT_SHADER, fragment_source, fallback);
    if (!vertex || !fragment) {
        if (vertex) glDeleteShader(vertex);
        if (fragment) glDeleteShader(fragment);
        return 0;
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    glDetachShader(program, vertex);
    glDetachShader(program, fragment);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        std::fprintf(stderr, "ConvScope: shaders/%s and %s do not link, %s:\n%s\n",
                     vertex_source.name, fragment_source.name, fallback,
                     InfoLog(program, glGetProgramiv, glGetProgramInfoLog).c_str());
        glDeleteProgram(program);
        program = 0;
    }
    return program;
}

}  // namespace convscope::platform
