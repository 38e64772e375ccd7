// The application frame: a full-window host with the menu bar, the tab bar of the two
// places and the About box (see application.h).
#include "app/application.h"

#include <algorithm>

#include <imgui.h>

#include "app/fonts.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "core/version.h"

namespace convscope::app {

void Application::Init() { ApplyTheme(ThemeName::Dark); }

void Application::BuildFonts(float pixel_ratio) { LoadInterfaceFonts(pixel_ratio); }

double Application::Frame() {
    UiProbe::Get().BeginFrame();
    double next_frame = kOnlyOnInput;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags host_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_MenuBar |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("ConvScope", nullptr, host_flags);
    DrawMenuBar();

    if (ImGui::BeginTabBar("places")) {
        const auto tab = [this](const char* label, Place place) {
            const ImGuiTabItemFlags flags =
                requested_place_ == static_cast<int>(place) ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(label, nullptr, flags)) {
                place_ = place;
                ImGui::EndTabItem();
                return true;
            }
            return false;
        };
        if (tab("Parameter playground", Place::Playground)) next_frame = std::min(next_frame, playground_.Draw());
        if (tab("Receptive-field explorer", Place::ReceptiveField)) explorer_.Draw();
        requested_place_ = -1;
        ImGui::EndTabBar();
    }
    DrawAboutBox();
    ImGui::End();
    UiProbe::Get().Value("place", place_ == Place::Playground ? "playground" : "receptive_field");
    UiProbe::Get().Value("theme", CurrentTheme().name == ThemeName::Light ? "light" : "dark");
    return next_frame;
}

std::string Application::TestCommand(const std::string& command) {
    const nlohmann::json request = nlohmann::json::parse(command, nullptr, false);
    if (request.is_discarded() || !request.is_object()) return R"({"error":"the test command must be a JSON object"})";
    const std::string cmd = request.value("cmd", "");
    nlohmann::json response = nlohmann::json::object();
    if (cmd == "set") {
        response["notes"] = ApplyLink(request.value("query", ""));
        response["state"] = playground_.Query();
        response["rf_state"] = explorer_.Query();
    } else if (cmd == "get") {
        response = UiProbe::Get().Snapshot();
        response["state"] = playground_.Query();
        response["rf_state"] = explorer_.Query();
    } else {
        response["error"] = "unknown test command '" + cmd + "' (set, get)";
    }
    return response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> Application::ApplyLink(const std::string& query) {
    if (query.find("view=rf") != std::string::npos) requested_place_ = static_cast<int>(Place::ReceptiveField);
    if (query.find("view=playground") != std::string::npos) requested_place_ = static_cast<int>(Place::Playground);
    if (query.find("theme=light") != std::string::npos) ApplyTheme(ThemeName::Light);
    if (query.find("theme=dark") != std::string::npos) ApplyTheme(ThemeName::Dark);
    std::vector<std::string> notes = playground_.Apply(query);
    const std::vector<std::string> explorer_notes = explorer_.Apply(query);
    notes.insert(notes.end(), explorer_notes.begin(), explorer_notes.end());
    return notes;
}

std::string Application::Link() const {
    std::string link = std::string("view=") + (place_ == Place::ReceptiveField ? "rf" : "playground");
    link += "&" + playground_.Query() + "&" + explorer_.Query();
    if (CurrentTheme().name == ThemeName::Light) link += "&theme=light";
    return link;
}

void Application::DrawMenuBar() {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Parameter playground", nullptr, place_ == Place::Playground)) {
            requested_place_ = static_cast<int>(Place::Playground);
        }
        if (ImGui::MenuItem("Receptive-field explorer", nullptr, place_ == Place::ReceptiveField)) {
            requested_place_ = static_cast<int>(Place::ReceptiveField);
        }
        ImGui::Separator();
        const bool light = CurrentTheme().name == ThemeName::Light;
        if (ImGui::MenuItem("Light theme", nullptr, light)) ApplyTheme(light ? ThemeName::Dark : ThemeName::Light);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Share")) {
        // Web: the page's address with the state after '#'; desktop: the command line.
        const bool copy = ImGui::MenuItem("Copy link");
        ProbeLastItem("menu:copy_link");
        if (copy) {
            const bool web = link_base_.rfind("http", 0) == 0 || link_base_.rfind("file:", 0) == 0;
            const std::string text = web ? link_base_ + "#" + Link() : link_base_ + " '" + Link() + "'";
            ImGui::SetClipboardText(text.c_str());
            link_copied_at_ = ImGui::GetTime();
        }
        ImGui::EndMenu();
    }
    ProbeLastItem("menu:share");
    if (ImGui::GetTime() - link_copied_at_ < 2.0) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CurrentTheme().good_text), "link copied");
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("About ConvScope")) about_requested_ = true;
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void Application::DrawAboutBox() {
    if (about_requested_) {
        ImGui::OpenPopup("About ConvScope");
        about_requested_ = false;
    }
    if (ImGui::BeginPopupModal("About ConvScope", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("ConvScope %s", kVersion);
        ImGui::TextUnformatted("Convolution arithmetic you can see: shapes, padding,");
        ImGui::TextUnformatted("dilation, transposed convolution and receptive fields.");
        ImGui::Text("Built with Dear ImGui %s and SDL2.", IMGUI_VERSION);
        ImGui::Separator();
        if (ImGui::Button("Close", ImVec2(120.0f, 0.0f))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace convscope::app
