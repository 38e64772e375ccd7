// Font bytes embedded into the program at build time (cmake/EmbedFile.cmake writes the
// definitions from the subset TTF that src/app/CMakeLists.txt makes).
#pragma once

#include <cstddef>

namespace convscope::app {

extern const unsigned char kInterfaceFont[];
extern const std::size_t kInterfaceFontSize;

}  // namespace convscope::app
