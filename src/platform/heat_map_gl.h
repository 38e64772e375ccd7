// The heat-map renderer for WebGL2 and desktop OpenGL 3.3: the GLSL of shaders/heat_map.*
// (compiled into the program), one quad per heat map, the values in a float texture.
// See src/app/heat_map.h for what the application asks of it.
#pragma once

namespace convscope::platform {

// Installs the renderer into the application. Its program is compiled when the first heat
// map is drawn (the GL context is current then); if that fails it prints why, and heat maps
// are drawn with ImGui rectangles.
void InstallHeatMapRenderer();
// Removes the renderer and frees its GL objects, while the GL context is still current.
void RemoveHeatMapRenderer();

}  // namespace convscope::platform
