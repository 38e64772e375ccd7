// The platform layer: the only code that names SDL, OpenGL contexts or Emscripten.
// It opens the window (a desktop window or the page's canvas), runs the main loop and
// calls the application's callbacks; the application itself never loops.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace convscope::platform {

inline constexpr double kNoTimer = 1e30;

// Answers graph requests on a model the platform holds (AppCallbacks::model_opened).
using ModelAnalyser = std::function<std::string(const std::string& request)>;

// What the platform asks of the application, in the order it calls them.
struct AppCallbacks {
    // After the ImGui context exists and before the first frame.
    std::function<void()> init;
    // The fonts for a device pixel ratio (1 on ordinary screens, 2 on high-DPI ones): before
    // the first frame with only the glyphs the interface draws (quicker to make), before the
    // second with all of them (typed text's too), and again whenever the ratio changes.
    std::function<void(float pixel_ratio, bool all_glyphs)> build_fonts;
    // Builds one ImGui frame. Returns the seconds until the application next needs a frame
    // without input: 0 while it animates continuously, the time to its next step when it
    // changes on a timer, kNoTimer when only input can change what it shows. Between
    // those, the platform draws nothing (the page pauses its animation-frame loop).
    std::function<double()> frame;
    std::function<void()> shutdown;
    // The browser tests' hook (web only): a JSON command in, a JSON answer out. The
    // platform draws a few frames after each command so its effect reaches the screen.
    std::function<std::string(const std::string&)> test_command;
    // Links: applies a state in the links' key=value form (the page's address, the desktop's
    // command line) and returns notes on what was ignored; reads the current state back,
    // which the page mirrors into its address after each drawn frame.
    std::function<std::vector<std::string>(const std::string&)> apply_link;
    std::function<std::string()> current_link;
    // Where a copied link points: the page's address without the fragment, or the desktop
    // program's name. Called once after init.
    std::function<void(const std::string&)> link_base;
    // The interface scale for a window of width x height CSS pixels (points on the
    // desktop); the platform multiplies it by the user's zoom (desktop: Ctrl +, Ctrl -,
    // Ctrl 0; the page leaves those keys to the browser's own zoom) and draws ImGui's pixels
    // that much larger.
    std::function<float(float width, float height)> interface_scale;
    // Whether the reader's system prefers a dark colour scheme (the page's
    // prefers-color-scheme): called before the first link is applied and on every change.
    std::function<void(bool dark)> colour_scheme;
    // Whether a Tab key (backward: Shift+Tab) now passes the last (first) control: the page
    // then leaves the key to the browser, whose focus moves on to the host page.
    std::function<bool(bool backward)> tab_leaves;
    // Whether Escape now has nothing to close (no menu, popup or edit): an embedded figure
    // then gives the keyboard back to its host page.
    std::function<bool()> escape_leaves;
    // The screen-reader mirror the page keeps as hidden HTML: the controls as JSON when they
    // changed since the last call (else ""), the keyboard-focused control's id (0: none), the
    // status line; and the mirror's operations on the next frame: focus (and press) a
    // control, set a slider's or number box's value or a combo box's choice, type a text
    // box's text (`submit`: ended with Enter).
    std::function<std::string()> mirror_controls;
    std::function<uint32_t()> focused_control;
    std::function<std::string()> status_text;
    std::function<void(uint32_t id, bool press)> focus_control;
    std::function<void(uint32_t id, double value)> set_control_value;
    std::function<void(uint32_t id, const std::string& text, bool submit)> set_control_text;
    // Whether the pointer is a finger: called when that changes (a touch, then a mouse).
    std::function<void(bool touch)> touch_input;
    // Image export: after each drawn frame the platform asks whether the application wants
    // that frame saved; a file name means yes (the page downloads it as PNG, the desktop
    // program writes it to the current folder).
    std::function<std::string()> take_export_request;
    // Model files (ONNX). Called once after init: whether the platform has a file picker of
    // its own (the page), or opens the paths the application asks for (desktop).
    std::function<void(bool picker)> model_files;
    // Ctrl+O on the desktop: the application shows its Open model action.
    std::function<void()> open_model_action;
    // After each drawn frame: whether the application wants a model opened; "" asks for the
    // platform's picker, a path names the file.
    std::function<std::optional<std::string>()> take_model_request;
    // A model the platform opened (picked, dropped on the window, named on the command line):
    // its file name and the analyser that answers graph requests on it (the JSON API's graph
    // op, docs/api.md: the options in, the answer out, a refusal or an unreadable file as
    // {"error": "..."}). The platform keeps the model's graph, never its weights.
    std::function<void(const std::string& name, ModelAnalyser analyse)> model_opened;
};

struct RunOptions {
    std::string title = "ConvScope";
    int width = 1280;  // in points: desktop: times the screen's scale, unless `scale_size` is off
    int height = 800;
    bool scale_size = true;
    int max_frames = 0;           // desktop: stop after this many frames (0: run until closed)
    std::string screenshot_path;  // desktop: save the last frame as PNG before stopping
    double seconds = 0.0;         // desktop: run as usual (waiting for input) this long, then stop
    bool print_state = false;     // desktop: print the state as a link's text when stopping
    std::string state;            // desktop: the state to start in, in the links' key=value form
    std::string model_path;       // desktop: a model file to open at start
    // Desktop: whether to start from the remembered window size, zoom and state and to save
    // them on exit (desktop_settings.h), and the folder of the settings file ("": the XDG one).
    bool remember = true;
    std::string settings_dir;
};

// Runs the application until the window closes (desktop) or forever (web).
// Returns the process exit status.
int Run(const RunOptions& options, const AppCallbacks& app);

}  // namespace convscope::platform
