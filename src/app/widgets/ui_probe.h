// What only the drawn frame knows, recorded for the browser tests' hook: screen rectangles of
// named widgets and a few frame values (hover highlights, tooltips, heat maps drawn). The
// model's values are not recorded here: the views produce them when the hook asks (their
// TestValues()). The probe is off unless a test attaches; while off, every call returns at once.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

namespace convscope::app {

class UiProbe {
public:
    static UiProbe& Get();
    // Attached by a test (the page's testProbe option, the hook's "attach" command); a user's
    // frames then pay nothing for it.
    void SetEnabled(bool enabled) { enabled_ = enabled; }
    bool Enabled() const { return enabled_; }
    void BeginFrame();
    void Rect(const std::string& name, ImVec2 min, ImVec2 max, float cell = 0.0f);
    // Call sites build `value` only after checking Enabled(), so nothing is built for it
    // while no test is attached.
    void Value(const std::string& key, nlohmann::json value);
    // The last frame's record: {"rects": {...}, "values": {...}}.
    nlohmann::json Snapshot() const;
    // Calls of Rect and Value that arrived while the probe was off: call sites check first,
    // so this stays 0 (app_tests holds it to that).
    uint64_t CallsWhileDisabled() const { return calls_while_disabled_; }

private:
    bool enabled_ = false;
    uint64_t calls_while_disabled_ = 0;
    nlohmann::json rects_ = nlohmann::json::object();
    nlohmann::json values_ = nlohmann::json::object();
    nlohmann::json last_rects_ = nlohmann::json::object();
    nlohmann::json last_values_ = nlohmann::json::object();
};

namespace probe_detail {
inline void Append(std::string& name, const char* part) { name += part; }
inline void Append(std::string& name, const std::string& part) { name += part; }
template <typename Int, std::enable_if_t<std::is_integral_v<Int>, int> = 0>
void Append(std::string& name, Int part) {
    name += std::to_string(part);
}
}  // namespace probe_detail

// Records a rectangle (a grid's, with its cell size) under the name its parts spell
// ("grid:input:z", 2): the name is only put together while a test is attached.
template <typename... Parts>
void ProbeRect(ImVec2 min, ImVec2 max, float cell, const Parts&... parts) {
    UiProbe& probe = UiProbe::Get();
    if (!probe.Enabled()) return;
    std::string name;
    (probe_detail::Append(name, parts), ...);
    probe.Rect(name, min, max, cell);
}

// Records the last ImGui item's rectangle the same way ("control:", label; "rf:layer", 3).
template <typename... Parts>
void ProbeLastItem(const Parts&... parts) {
    if (!UiProbe::Get().Enabled()) return;
    ProbeRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), 0.0f, parts...);
}

}  // namespace convscope::app
