// The whole application in a headless ImGui, for the app tests: frames are built, never
// rasterised, as the platform drives them (NewFrame, Application::Frame, Render).
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "app/shell/application.h"

class HeadlessApplication {
public:
    HeadlessApplication() {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280.0f, 800.0f);
        io.DeltaTime = 1.0f / 60.0f;
        app.Init();
        app.BuildFonts(1.0f, true);
    }
    ~HeadlessApplication() { ImGui::DestroyContext(context_); }
    // Draws `count` frames with the mouse at `mouse` (over the grids of the playground's
    // default layout, so that hover and tooltips are drawn too).
    void Frames(int count, ImVec2 mouse = ImVec2(700.0f, 300.0f)) {
        for (int i = 0; i < count; ++i) {
            ImGui::GetIO().MousePos = mouse;
            ImGui::NewFrame();
            app.Frame();
            ImGui::Render();
        }
    }
    nlohmann::json Get() { return nlohmann::json::parse(app.TestCommand(R"({"cmd":"get"})")); }

    convscope::app::Application app;

private:
    ImGuiContext* context_ = nullptr;
};
