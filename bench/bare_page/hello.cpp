// The bare page: Dear ImGui and SDL2 with nothing of ConvScope, built with the page's own
// compiler and linker settings. bench/size_report.py and bench/load_time.mjs measure
// ConvScope against it: its bytes are the floor a Dear ImGui page cannot go below, and its
// time to first frame is what the toolchain alone costs.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <imgui_internal.h>

namespace {

SDL_Window* g_window = nullptr;
bool g_first_frame_reported = false;

// clang-format off
EM_JS(void, ReportFirstFrame, (), { if (Module.onFirstFrame) Module.onFirstFrame(); });
// clang-format on

void Frame() {
    SDL_Event event;
    while (SDL_PollEvent(&event)) ImGui_ImplSDL2_ProcessEvent(&event);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    ImGui::Begin("Hello");
    ImGui::Text("Hello, world");
    static int clicks = 0;
    if (ImGui::Button("Click")) ++clicks;
    ImGui::SameLine();
    ImGui::Text("%d", clicks);
    ImGui::End();
    ImGui::Render();
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(g_window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!g_first_frame_reported) {
        g_first_frame_reported = true;
        ReportFirstFrame();
    }
}

}  // namespace

// The page's ImGui is built with the test engine's item hooks (the keyboard's Tab order and
// the screen-reader mirror use them); the bare page answers them with nothing.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect&, ImGuiID) {}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID, const char*, ImGuiItemStatusFlags) {}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

int main() {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) return 1;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    g_window = SDL_CreateWindow("Hello", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE);
    if (!g_window) return 1;
    SDL_GLContext context = SDL_GL_CreateContext(g_window);
    SDL_GL_MakeCurrent(g_window, context);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplSDL2_InitForOpenGL(g_window, context);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    emscripten_set_main_loop(Frame, 0, false);
    return 0;
}
