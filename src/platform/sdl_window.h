// The part of the platform that desktop and web share: an SDL2 window with an OpenGL
// (ES) context, Dear ImGui's SDL2 and OpenGL3 backends, and one frame of drawing.
#pragma once

#include <SDL.h>

#include <string>
#include <vector>

#include "platform/platform.h"

namespace convscope::platform {

// Where the drawn frames' time went, summed since the window opened (bench/frame_cost.mjs).
struct FrameTimings {
    int frames = 0;
    double app_ms = 0.0;    // the application's frame: ConvScope's code and the widgets it calls
    double imgui_ms = 0.0;  // ImGui's own frame work: input, NewFrame, Render (the draw lists)
    double draw_ms = 0.0;   // handing the draw lists to GL (on the web, WebGL's JavaScript)
};

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
    const FrameTimings& Timings() const { return timings_; }

    // The pointer is a finger (SDL reports touches, and mouse events made from them).
    void SetTouch(bool touch);
    // Files dropped on the window since the last call (desktop), by path.
    std::vector<std::string> TakeDroppedFiles() { return std::move(dropped_files_); }

    // The screen's scale, which the interface follows: on the desktop GDK_SCALE when the
    // desktop sets it, else the display's DPI over 96 in quarter steps (1 to 4); 1 on the
    // web and where the window's pixels already outnumber its points (the pixel ratio).
    float DisplayScale() const { return display_scale_; }
    // The user's zoom (Ctrl +, Ctrl -, Ctrl 0), which the desktop program remembers.
    float Zoom() const { return zoom_; }
    void SetZoom(float zoom) { zoom_ = zoom; }

private:
    std::vector<std::string> dropped_files_;
    float CurrentPixelRatio() const;
    // The interface scale for the window's size times the user's zoom.
    float CurrentScale() const;
    // Desktop: Ctrl +, Ctrl - and Ctrl 0 change the zoom. Returns true for those keys.
    bool HandleZoomKey(const SDL_Event& e);
    // Ctrl+Q (quit: clears `keep_running`) and Ctrl+O (the application's Open model).
    bool HandleAppKey(const SDL_Event& e, bool& keep_running);
    // A finger's press waits until its gesture is known: a vertical swipe scrolls (ImGui never
    // sees the press); a tap or a sideways drag is the press it was. Returns true for the
    // events it took.
    bool HandleTouchGesture(const SDL_Event& e);
    void DeliverHeldPress();

    struct TouchGesture {
        enum class State { None, Deciding, Scrolling };
        State state = State::None;
        SDL_Event press{};
        int x0 = 0, y0 = 0, last_y = 0;
    };
    TouchGesture gesture_;

    const AppCallbacks* app_ = nullptr;
    // Events not yet handed to ImGui: from a key release whose press the same frame saw
    // onwards, in order. Dear ImGui 1.86 reads key state once per frame and would miss a
    // quick tap, or see a chord's modifier already released.
    std::vector<SDL_Event> pending_;
    SDL_Window* window_ = nullptr;
    SDL_GLContext gl_context_ = nullptr;
    float pixel_ratio_ = 0.0f;    // device pixels per interface pixel the fonts are made for
    bool all_glyphs_ = false;     // the fonts hold every glyph, not only the first frame's
    float zoom_ = 1.0f;           // the user's zoom (desktop)
    float display_scale_ = 1.0f;  // the screen's own scale (desktop, DisplayScale)
    bool touch_ = false;
    double next_due_ = kNoTimer;  // seconds on the SDL clock
    int settle_frames_ = 3;
    int frames_drawn_ = 0;
    FrameTimings timings_;
};

}  // namespace convscope::platform
