// The UI probe (see ui_probe.h).
#include "app/widgets/ui_probe.h"

namespace convscope::app {

UiProbe& UiProbe::Get() {
    static UiProbe probe;
    return probe;
}

void UiProbe::BeginFrame() {
    if (!enabled_) return;
    last_rects_ = std::move(rects_);
    last_values_ = std::move(values_);
    rects_ = nlohmann::json::object();
    values_ = nlohmann::json::object();
}

void UiProbe::Rect(const std::string& name, ImVec2 min, ImVec2 max, float cell) {
    if (!enabled_) {
        ++calls_while_disabled_;
        return;
    }
    nlohmann::json r = {{"x", min.x}, {"y", min.y}, {"w", max.x - min.x}, {"h", max.y - min.y}};
    if (cell > 0) r["cell"] = cell;
    rects_[name] = r;
}

void UiProbe::Value(const std::string& key, nlohmann::json value) {
    if (!enabled_) {
        ++calls_while_disabled_;
        return;
    }
    values_[key] = std::move(value);
}

nlohmann::json UiProbe::Snapshot() const {
    // The page answers test commands between frames, when the current record holds the
    // whole of the last drawn frame; the one before is only for a frame not yet drawn.
    if (rects_.empty() && values_.empty())
        return {{"rects", last_rects_}, {"values", last_values_}};
    return {{"rects", rects_}, {"values", values_}};
}

}  // namespace convscope::app
