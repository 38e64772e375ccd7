// The heat-map renderer for WebGL2 and desktop OpenGL 3.3: the GLSL of shaders/heat_map.*
// (compiled into the program), one quad per heat map, the values in a float texture.
// See src/app/heat_map.h for what the application asks of it.
#pragma once

namespace convscope::platform {

// Compiles the heat-map program and installs the renderer into the application. Call once
// the GL context is current and ImGui's OpenGL3 backend is started. On failure it prints
// why and installs nothing: heat maps are then drawn with ImGui rectangles.
bool InstallHeatMapRenderer();
// Removes the renderer and frees its GL objects, while the GL context is still current.
void RemoveHeatMapRenderer();

}  // namespace convscope::platform
