// Desktop platform: a plain loop that sleeps while nothing happens, model files opened from
// the command line, a dropped file or the path the application asks for, and the --frames,
// --seconds, --screenshot and --print-state options that let tests run the real window under
// Xvfb.
#include <SDL.h>
#include <SDL_opengl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/api/json_graph_ops.h"
#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"
#include "platform/atk_bridge.h"
#include "platform/desktop_settings.h"
#include "platform/platform.h"
#include "platform/sdl_window.h"

namespace convscope::platform {

namespace {

bool SaveScreenshot(SDL_Window* window, const std::string& path) {
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(window, &width, &height);
    if (width <= 0 || height <= 0) return false;
    const size_t row_bytes = static_cast<size_t>(width) * 4;
    std::vector<unsigned char> pixels(row_bytes * static_cast<size_t>(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // GL rows start at the bottom; PNG rows start at the top.
    stbi_flip_vertically_on_write(1);
    return stbi_write_png(path.c_str(), width, height, 4, pixels.data(),
                          static_cast<int>(row_bytes)) != 0;
}

// Reads a model file (its graph, never its weights) and hands the application an analyser
// that holds the graph; a file that cannot be read gives an analyser that answers why.
void OpenModelFile(const std::string& path, const AppCallbacks& app) {
    if (!app.model_opened) return;
    const std::string name = path.substr(path.find_last_of('/') + 1);
    try {
        auto graph = std::make_shared<const Graph>(ReadOnnxModelFile(path));
        app.model_opened(name, [graph](const std::string& request) {
            return graph_ops::AnswerGraphRequest(*graph, request);
        });
    } catch (const Error& e) {
        const std::string answer = nlohmann::json({{"error", e.what()}}).dump();
        app.model_opened(name, [answer](const std::string&) { return answer; });
    }
}

}  // namespace

int Run(const RunOptions& options, const AppCallbacks& app) {
    // The window size, zoom and state of the last run, unless told otherwise.
    const std::string settings_path = options.remember ? SettingsPath(options.settings_dir) : "";
    const DesktopSettings remembered = LoadSettings(settings_path);
    RunOptions opened = options;
    if (remembered.width > 0) {  // the window's own size, already on this screen's scale
        opened.width = remembered.width;
        opened.height = remembered.height;
        opened.scale_size = false;
    }
    SdlWindow window;
    if (!window.Open(opened, app)) {
        window.Close();
        return 1;
    }
    window.SetZoom(remembered.zoom);
    if (app.link_base) app.link_base("convscope-desktop");
    // A state or model given on the command line wins over the remembered state (a model
    // opens in the explorer, on the defaults).
    const std::string start = options.model_path.empty() || !options.state.empty()
                                  ? StartingLink(options.state, remembered)
                                  : std::string();
    if (!start.empty() && app.apply_link) {
        for (const std::string& note : app.apply_link(start))
            std::fprintf(stderr, "convscope-desktop: %s\n", note.c_str());
    }
    if (app.model_files) app.model_files(false);
    if (!options.model_path.empty()) OpenModelFile(options.model_path, app);
    // Screen readers see the same controls the page mirrors (atk_bridge.h).
    AtkBridge bridge;
    bridge.Start(app);
    int status = 0;
    const bool counted_run = options.max_frames > 0;
    const Uint64 end_ticks = options.seconds > 0.0
                                 ? SDL_GetTicks64() + static_cast<Uint64>(options.seconds * 1000.0)
                                 : 0;
    for (;;) {
        bool had_input = counted_run;  // a counted run draws every frame
        // A timed run's last frame is drawn whether or not anything changed (its screenshot).
        const bool timed_out = end_ticks != 0 && SDL_GetTicks64() >= end_ticks;
        if (!window.WantsFrame() && !counted_run && !timed_out) {
            // Sleep until something happens instead of drawing an unchanged screen.
            double wait = window.SecondsUntilDue();
            if (end_ticks != 0)
                wait = std::min(wait, static_cast<double>(end_ticks - SDL_GetTicks64()) / 1000.0);
            // An assistive technology's requests are answered within 50 ms, and at once
            // while it sends many.
            if (bridge.Running()) wait = std::min(wait, bridge.Busy() ? 0.0 : 0.05);
            SDL_WaitEventTimeout(nullptr, wait >= 0.5 ? 500 : static_cast<int>(wait * 1000.0) + 1);
        }
        had_input |= timed_out;
        if (bridge.Pump()) window.RequestFrames();
        if (!window.PumpEvents(had_input)) break;
        for (const std::string& path : window.TakeDroppedFiles()) OpenModelFile(path, app);
        if (!window.DrawIfNeeded(had_input)) continue;
        bridge.Update();
        if (app.take_export_request) {
            const std::string name = app.take_export_request();
            if (!name.empty()) {
                if (SaveScreenshot(window.Window(), name)) {
                    std::printf("saved %s\n", name.c_str());
                } else {
                    std::fprintf(stderr, "ConvScope: could not write %s\n", name.c_str());
                }
            }
        }
        if (app.take_model_request) {
            const std::optional<std::string> path = app.take_model_request();
            if (path && !path->empty()) {
                OpenModelFile(*path, app);
                window.RequestFrames();
            }
        }
        if ((counted_run && window.FramesDrawn() >= options.max_frames) || timed_out) {
            if (!options.screenshot_path.empty()) {
                if (SaveScreenshot(window.Window(), options.screenshot_path)) {
                    std::printf("screenshot: %s\n", options.screenshot_path.c_str());
                } else {
                    std::fprintf(stderr, "ConvScope: could not write %s\n",
                                 options.screenshot_path.c_str());
                    status = 1;
                }
            }
            break;
        }
        SDL_GL_SwapWindow(window.Window());
    }
    bridge.Stop();
    if (!settings_path.empty()) {
        DesktopSettings now;
        SDL_GetWindowSize(window.Window(), &now.width, &now.height);
        now.zoom = window.Zoom();
        if (app.current_link) now.link = app.current_link();
        SaveSettings(settings_path, now);
    }
    if (options.print_state && app.current_link)
        std::printf("state: %s\n", app.current_link().c_str());
    if (options.print_state && app.status_text)
        std::printf("status: %s\n", app.status_text().c_str());
    if (options.print_state) std::printf("screen scale: %g\n", window.DisplayScale());
    window.Close();
    return status;
}

}  // namespace convscope::platform
