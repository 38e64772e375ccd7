// SDL2 window, GL context, the ImGui backends and the heat-map renderer, shared by the
// desktop and web platforms.
#include "platform/sdl_window.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "platform/gl.h"
#include "platform/heat_map_gl.h"
#include "platform/imgui_renderer_gl.h"

namespace convscope::platform {

namespace {
// ImGui updates hover state and layout one frame after the input that changed them, so a
// few frames are drawn after every event before the loop goes idle.
constexpr int kSettleFrames = 3;

ImGuiGlRenderer g_renderer;

double Milliseconds() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

namespace {

// The screen's scale before the window exists (SdlWindow::DisplayScale).
float ScreenScale() {
#ifdef __EMSCRIPTEN__
    return 1.0f;  // the browser's devicePixelRatio is the pixel ratio
#else
    float scale = 0.0f;
    if (const char* gdk = std::getenv("GDK_SCALE")) scale = static_cast<float>(std::atof(gdk));
    float ddpi = 0.0f, hdpi = 0.0f, vdpi = 0.0f;
    if (scale <= 0.0f && SDL_GetDisplayDPI(0, &ddpi, &hdpi, &vdpi) == 0 && hdpi > 0.0f)
        scale = std::round(hdpi / 96.0f * 4.0f) / 4.0f;
    return std::clamp(scale > 0.0f ? scale : 1.0f, 1.0f, 4.0f);
#endif
}

}  // namespace

bool SdlWindow::Open(const RunOptions& options, const AppCallbacks& app) {
    app_ = &app;
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "ConvScope: SDL could not start: %s\n", SDL_GetError());
        return false;
    }
#ifdef __EMSCRIPTEN__
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE |
                                                    SDL_WINDOW_ALLOW_HIGHDPI);
    display_scale_ = ScreenScale();
    const float size_scale = options.scale_size ? display_scale_ : 1.0f;
    window_ =
        SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                         static_cast<int>(static_cast<float>(options.width) * size_scale),
                         static_cast<int>(static_cast<float>(options.height) * size_scale), flags);
    if (!window_) {
        std::fprintf(stderr, "ConvScope: no window: %s\n", SDL_GetError());
        return false;
    }
    gl_context_ = SDL_GL_CreateContext(window_);
    if (!gl_context_) {
        std::fprintf(stderr, "ConvScope: no OpenGL context: %s\n", SDL_GetError());
        return false;
    }
    SDL_GL_MakeCurrent(window_, gl_context_);
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the state lives in links, not in an ini file
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_);
    if (!g_renderer.Create()) return false;
    // Without it (a shader that does not compile) grids are drawn with rectangles instead.
    InstallHeatMapRenderer();
    if (app_->init) app_->init();
    return true;
}

void SdlWindow::Close() {
    if (app_ && app_->shutdown) app_->shutdown();
    if (ImGui::GetCurrentContext()) {
        RemoveHeatMapRenderer();
        g_renderer.Destroy();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (gl_context_) SDL_GL_DeleteContext(gl_context_);
    if (window_) SDL_DestroyWindow(window_);
    gl_context_ = nullptr;
    window_ = nullptr;
    SDL_Quit();
}

void SdlWindow::RecreateGlObjects() {
    // The old objects belonged to the lost context: deleting them only drops the handles.
    RemoveHeatMapRenderer();
    g_renderer.Destroy();
    g_renderer.Create();
    InstallHeatMapRenderer();
    RequestFrames();
}

float SdlWindow::CurrentScale() const {
    int width = 0, height = 0;
    SDL_GetWindowSize(window_, &width, &height);
    int drawable_w = 0, drawable_h = 0;
    SDL_GL_GetDrawableSize(window_, &drawable_w, &drawable_h);
    // A window whose pixels outnumber its points is scaled by its pixel ratio instead.
    const float screen = drawable_w > width ? 1.0f : display_scale_;
    const float scale = app_->interface_scale
                            ? app_->interface_scale(static_cast<float>(width) / screen,
                                                    static_cast<float>(height) / screen)
                            : 1.0f;
    return scale * screen * zoom_;
}

bool SdlWindow::HandleZoomKey(const SDL_Event& e) {
#ifdef __EMSCRIPTEN__
    (void)e;
    return false;  // the browser zooms the page itself
#else
    if (e.type != SDL_KEYDOWN || !(e.key.keysym.mod & KMOD_CTRL)) return false;
    switch (e.key.keysym.sym) {
        case SDLK_EQUALS:
        case SDLK_PLUS:
        case SDLK_KP_PLUS:
            zoom_ = std::min(3.0f, zoom_ * 1.1f);
            return true;
        case SDLK_MINUS:
        case SDLK_KP_MINUS:
            zoom_ = std::max(0.5f, zoom_ / 1.1f);
            return true;
        case SDLK_0:
        case SDLK_KP_0:
            zoom_ = 1.0f;
            return true;
        default:
            return false;
    }
#endif
}

bool SdlWindow::HandleAppKey(const SDL_Event& e, bool& keep_running) {
#ifdef __EMSCRIPTEN__
    (void)e;
    (void)keep_running;
    return false;  // the browser's own keys
#else
    if (e.type != SDL_KEYDOWN || !(e.key.keysym.mod & KMOD_CTRL)) return false;
    switch (e.key.keysym.sym) {
        case SDLK_q:
            keep_running = false;
            return true;
        case SDLK_o:
            if (app_->open_model_action) app_->open_model_action();
            RequestFrames();
            return true;
        default:
            return false;
    }
#endif
}

namespace {
double Now() { return static_cast<double>(SDL_GetTicks64()) / 1000.0; }
// How far a finger moves (CSS pixels, points) before its gesture is decided; until then, or
// until it lifts, its press waits (as a browser waits before it scrolls or clicks).
constexpr int kSwipeSlop = 10;
}  // namespace

void SdlWindow::DeliverHeldPress() {
    gesture_.state = TouchGesture::State::None;
    ImGui_ImplSDL2_ProcessEvent(&gesture_.press);
}

bool SdlWindow::HandleTouchGesture(const SDL_Event& e) {
    using State = TouchGesture::State;
    switch (e.type) {
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.which != SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT)
                return false;
            gesture_ = TouchGesture{State::Deciding, e, e.button.x, e.button.y, e.button.y};
            return true;
        case SDL_MOUSEMOTION: {
            if (e.motion.which != SDL_TOUCH_MOUSEID || gesture_.state == State::None) return false;
            const int dx = e.motion.x - gesture_.x0, dy = e.motion.y - gesture_.y0;
            if (gesture_.state == State::Deciding) {
                if (std::abs(dy) >= kSwipeSlop && std::abs(dy) > std::abs(dx)) {
                    gesture_.state = State::Scrolling;
                } else if (std::abs(dx) >= kSwipeSlop) {
                    DeliverHeldPress();
                    return false;
                } else {
                    return false;
                }
            }
            // ImGui scrolls 5 lines of text per wheel step: the content follows the finger.
            const float step = 5.0f * ImGui::GetFontSize() * CurrentScale();
            ImGui::GetIO().MouseWheel += static_cast<float>(e.motion.y - gesture_.last_y) / step;
            gesture_.last_y = e.motion.y;
            return true;
        }
        case SDL_MOUSEBUTTONUP:
            if (e.button.which != SDL_TOUCH_MOUSEID || gesture_.state == State::None) return false;
            if (gesture_.state == State::Deciding) {
                DeliverHeldPress();  // a tap: the press, then this release
                return false;
            }
            gesture_.state = State::None;  // the end of a swipe: ImGui saw no press
            return true;
        default:
            return false;
    }
}

void SdlWindow::SetTouch(bool touch) {
    if (touch == touch_) return;
    touch_ = touch;
    if (app_->touch_input) app_->touch_input(touch);
}

float SdlWindow::CurrentPixelRatio() const {
    int window_w = 0, window_h = 0, drawable_w = 0, drawable_h = 0;
    SDL_GetWindowSize(window_, &window_w, &window_h);
    SDL_GL_GetDrawableSize(window_, &drawable_w, &drawable_h);
    if (window_w <= 0 || drawable_w <= 0) return 1.0f;
    return static_cast<float>(drawable_w) / static_cast<float>(window_w);
}

bool SdlWindow::PumpEvents(bool& had_input) {
    bool keep_running = true;
    SDL_Event event;
    while (SDL_PollEvent(&event)) pending_.push_back(event);
    // Hand events to ImGui in order, but stop at a key release whose press this frame
    // already saw: that release and everything after it wait for the next frame, so a quick
    // chord (Ctrl down, A down, A up, Ctrl up in one batch) is seen with Ctrl still held.
    std::vector<SDL_Scancode> pressed_now;
    size_t taken = 0;
    for (; taken < pending_.size(); ++taken) {
        const SDL_Event& e = pending_[taken];
        if (e.type == SDL_KEYUP && std::find(pressed_now.begin(), pressed_now.end(),
                                             e.key.keysym.scancode) != pressed_now.end()) {
            break;
        }
        if (e.type == SDL_KEYDOWN) pressed_now.push_back(e.key.keysym.scancode);
        had_input = true;
        if (e.type == SDL_FINGERDOWN) SetTouch(true);
        if ((e.type == SDL_MOUSEMOTION && e.motion.which != SDL_TOUCH_MOUSEID) ||
            (e.type == SDL_MOUSEBUTTONDOWN && e.button.which != SDL_TOUCH_MOUSEID)) {
            SetTouch(false);
        }
        if (HandleZoomKey(e) || HandleAppKey(e, keep_running) || HandleTouchGesture(e)) continue;
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
            // The backend reads the modifiers from SDL's state after the whole batch was
            // polled; the event's own modifiers are the ones held when it happened.
            ImGuiIO& io = ImGui::GetIO();
            io.KeyShift = (e.key.keysym.mod & KMOD_SHIFT) != 0;
            io.KeyCtrl = (e.key.keysym.mod & KMOD_CTRL) != 0;
            io.KeyAlt = (e.key.keysym.mod & KMOD_ALT) != 0;
            io.KeySuper = (e.key.keysym.mod & KMOD_GUI) != 0;
        }
        if (e.type == SDL_QUIT) keep_running = false;
        if (e.type == SDL_DROPFILE && e.drop.file) {
            dropped_files_.emplace_back(e.drop.file);
            SDL_free(e.drop.file);
        }
        if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
            e.window.windowID == SDL_GetWindowID(window_)) {
            keep_running = false;
        }
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(taken));
    if (!pending_.empty()) had_input = true;  // another frame takes the rest
    return keep_running;
}

double SdlWindow::SecondsUntilDue() const {
    return next_due_ >= kNoTimer ? kNoTimer : next_due_ - Now();
}

bool SdlWindow::DrawIfNeeded(bool had_input) {
    if (had_input) settle_frames_ = kSettleFrames;
    if (settle_frames_ == 0 && SecondsUntilDue() > 0.0) return false;
    if (settle_frames_ > 0) --settle_frames_;

    // ImGui works in interface pixels, `scale` CSS pixels (points) each: fonts are made for
    // the device pixels of one interface pixel.
    const float scale = CurrentScale();
    const float ratio = CurrentPixelRatio() * scale;
    const bool all_glyphs = frames_drawn_ > 0;
    if (ratio != pixel_ratio_ || all_glyphs != all_glyphs_) {
        pixel_ratio_ = ratio;
        all_glyphs_ = all_glyphs;
        if (app_->build_fonts) app_->build_fonts(ratio, all_glyphs);
        g_renderer.UpdateFontTexture();
    }

    const double started = Milliseconds();
    ImGui_ImplSDL2_NewFrame();
    // SDL's own button state says a finger is down: ImGui sees it only once it is a press.
    if (gesture_.state != TouchGesture::State::None) ImGui::GetIO().MouseDown[0] = false;
    if (scale != 1.0f) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(io.DisplaySize.x / scale, io.DisplaySize.y / scale);
        io.DisplayFramebufferScale =
            ImVec2(io.DisplayFramebufferScale.x * scale, io.DisplayFramebufferScale.y * scale);
        if (ImGui::IsMousePosValid(&io.MousePos))
            io.MousePos = ImVec2(io.MousePos.x / scale, io.MousePos.y / scale);
    }
    ImGui::NewFrame();
    const double app_started = Milliseconds();
    const double delay = app_->frame ? app_->frame() : kNoTimer;
    const double app_ended = Milliseconds();
    next_due_ = delay >= kNoTimer ? kNoTimer : Now() + delay;
    ImGui::Render();
    const double rendered = Milliseconds();

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    g_renderer.Render(*ImGui::GetDrawData());
    const double drawn = Milliseconds();
    ++frames_drawn_;
    ++timings_.frames;
    timings_.app_ms += app_ended - app_started;
    timings_.imgui_ms += (app_started - started) + (rendered - app_ended);
    timings_.draw_ms += drawn - rendered;
    return true;
}

}  // namespace convscope::platform
