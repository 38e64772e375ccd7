// Font bytes embedded into the program at build time (cmake/EmbedFile.cmake writes the
// definitions from the subset TTFs that src/app/widgets/CMakeLists.txt makes).
#pragma once

#include <cstddef>

namespace convscope::app {

extern const unsigned char kInterfaceFont[];
extern const std::size_t kInterfaceFontSize;
extern const unsigned char kCodeFont[];
extern const std::size_t kCodeFontSize;

}  // namespace convscope::app
