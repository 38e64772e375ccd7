// Interface font loading (see fonts.h).
#include "app/widgets/fonts.h"

#include <imgui.h>

#include "app/widgets/embedded_fonts.h"

namespace convscope::app {

namespace {
ImFont* g_code_font = nullptr;
}  // namespace

ImFont* CodeFont() { return g_code_font ? g_code_font : ImGui::GetFont(); }

void LoadInterfaceFonts(float pixel_ratio, FontGlyphs glyphs) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    g_code_font = nullptr;
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are static, embedded in the program
    config.OversampleH = 2;
    // The glyphs each font was cut down to (src/app/widgets/CMakeLists.txt).
    static const ImWchar drawn_ranges[] = {CONVSCOPE_DRAWN_GLYPHS, 0};
    static const ImWchar interface_ranges[] = {CONVSCOPE_INTERFACE_GLYPHS, 0};
    const bool all = glyphs == FontGlyphs::kAll;
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kInterfaceFont),
                                   static_cast<int>(kInterfaceFontSize), kTextSize * pixel_ratio,
                                   &config, all ? interface_ranges : drawn_ranges);
    if (all) {
        static const ImWchar code_ranges[] = {CONVSCOPE_CODE_GLYPHS, 0};
        g_code_font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kCodeFont),
                                                     static_cast<int>(kCodeFontSize),
                                                     kTextSize * pixel_ratio, &config, code_ranges);
    }
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.Fonts->Build();
}

}  // namespace convscope::app
