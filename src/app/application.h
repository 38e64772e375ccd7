// The ConvScope application: the two places (parameter playground, receptive-field
// explorer) under one menu bar. Pure ImGui and core; the platform calls it each frame.
#pragma once

namespace convscope::app {

enum class Place { Playground, ReceptiveField };

class Application {
public:
    void Init();
    // Loads the interface fonts rasterised for the device pixel ratio, so text is crisp.
    void BuildFonts(float pixel_ratio);
    // Builds one frame; returns true while something animates.
    bool Frame();
    void Shutdown() {}

private:
    void DrawMenuBar();
    void DrawAboutBox();

    Place place_ = Place::Playground;
    int requested_place_ = -1;  // a tab the menu asked to select, or -1
    bool about_requested_ = false;
};

}  // namespace convscope::app
