// Interface font loading (see fonts.h).
#include "app/widgets/fonts.h"

#include <imgui.h>

#include "app/widgets/embedded_fonts.h"

namespace convscope::app {

namespace {
ImFont* g_code_font = nullptr;
}  // namespace

ImFont* CodeFont() { return g_code_font ? g_code_font : ImGui::GetFont(); }

void LoadInterfaceFonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are static, embedded in the program
    config.OversampleH = 2;
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin and Latin-1 (×, ·, ²)
        0x0391, 0x03C9,  // Greek (σ, Δ)
        0x2010, 0x2044,  // dashes, quotes, ellipsis, fraction slash
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // mathematical operators (∑, ≤, ⌊ lives below)
        0x2308, 0x230B,  // floor and ceiling brackets
        0x25A0, 0x25FF,  // geometric shapes (play/pause)
        0,
    };
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kInterfaceFont),
                                   static_cast<int>(kInterfaceFontSize), kTextSize * pixel_ratio,
                                   &config, ranges);
    static const ImWchar code_ranges[] = {0x0020, 0x007E, 0x00B7, 0x00B7, 0x00D7, 0x00D7, 0};
    g_code_font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kCodeFont),
                                                 static_cast<int>(kCodeFontSize),
                                                 kTextSize * pixel_ratio, &config, code_ranges);
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.Fonts->Build();
}

}  // namespace convscope::app
