// Building a GL program from two GLSL bodies of shaders/ (compiled into the program by
// cmake/EmbedFile.cmake): the platform's #version line goes first, and what fails to compile
// or link is printed with the shader's name.
#pragma once

#include <cstddef>

#include "platform/gl.h"

namespace convscope::platform {

struct ShaderSource {
    const unsigned char* body;  // no #version line, no terminating zero
    std::size_t size;
    const char* name;  // the file in shaders/, for messages
};

// The linked program, or 0 after printing why not; `fallback` says what happens then.
GLuint BuildProgram(const ShaderSource& vertex, const ShaderSource& fragment, const char* fallback);

}  // namespace convscope::platform
