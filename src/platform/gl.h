// The OpenGL API as the platform code sees it: OpenGL ES 3.0 (WebGL2) on the web, desktop
// OpenGL 3.3 core natively, declared by SDL's headers and resolved by the system's libGL
// (Debian's libglvnd exports every core entry point).
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <SDL_opengl.h>
#endif
