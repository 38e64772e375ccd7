// The part of the platform that desktop and web share: an SDL2 window with an OpenGL
// (ES) context, Dear ImGui's SDL2 and OpenGL3 backends, and one frame of drawing.
#pragma once

#include <SDL.h>

#include <vector>

#include "platform/platform.h"

namespace convscope::platform {

class SdlWindow {
public:
    // Opens the window and the GL context and starts ImGui. Returns false (with the reason
    // printed) when SDL or GL cannot be started.
    bool Open(const RunOptions& options, const AppCallbacks& app);
    void Close();

    // Handles pending events; returns false once the window was asked to close.
    // Sets had_input when anything arrived that may change what is drawn.
    bool PumpEvents(bool& had_input);
    // Draws one frame if needed: always after input, then for a few frames more (ImGui
    // settles hover and layout one frame late), and while the application animates.
    // Returns true when a frame was drawn.
    bool DrawIfNeeded(bool had_input);
    // True when the next DrawIfNeeded will draw without new input.
    bool WantsFrame() const { return settle_frames_ > 0 || SecondsUntilDue() <= 0.0; }
    // Seconds until the application's next timed frame (kNoTimer when none).
    double SecondsUntilDue() const;
    // Draws a few frames even without input (after a change made from outside).
    void RequestFrames() { settle_frames_ = 3; }
    // Creates ImGui's and the heat map's GL objects again, in a GL context that was lost and
    // restored (the page releases a figure's context while it is off screen).
    void RecreateGlObjects();
    const AppCallbacks* App() const { return app_; }

    SDL_Window* Window() const { return window_; }
    int FramesDrawn() const { return frames_drawn_; }

private:
    float CurrentPixelRatio() const;

    const AppCallbacks* app_ = nullptr;
    // Events not yet handed to ImGui: from a key release whose press the same frame saw
    // onwards, in order. Dear ImGui 1.86 reads key state once per frame and would miss a
    // quick tap, or see a chord's modifier already released.
    std::vector<SDL_Event> pending_;
    SDL_Window* window_ = nullptr;
    SDL_GLContext gl_context_ = nullptr;
    float pixel_ratio_ = 0.0f;
    double next_due_ = kNoTimer;  // seconds on the SDL clock
    int settle_frames_ = 3;
    int frames_drawn_ = 0;
};

}  // namespace convscope::platform
