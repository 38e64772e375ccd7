// What the last frame showed, recorded for the browser tests' hook: screen rectangles of
// named widgets and the values the views displayed. Views write to it while drawing; the
// test hook reads it between frames. Costs a few map writes per frame.
#pragma once

#include <imgui.h>

#include <nlohmann/json.hpp>
#include <string>

namespace convscope::app {

class UiProbe {
public:
    static UiProbe& Get();
    void BeginFrame();
    void Rect(const std::string& name, ImVec2 min, ImVec2 max, float cell = 0.0f);
    void Value(const std::string& key, nlohmann::json value);
    // The last frame's record: {"rects": {...}, "values": {...}}.
    nlohmann::json Snapshot() const;

private:
    nlohmann::json rects_ = nlohmann::json::object();
    nlohmann::json values_ = nlohmann::json::object();
    nlohmann::json last_rects_ = nlohmann::json::object();
    nlohmann::json last_values_ = nlohmann::json::object();
};

// Records the last ImGui item's rectangle under `name`.
inline void ProbeLastItem(const std::string& name) {
    UiProbe::Get().Rect(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace convscope::app
