// Web platform: the browser's animation frames drive the loop; frames are only drawn after
// input or while animating, and the page is told when the first frame is on the canvas.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/api/json_api.h"
#include "platform/platform.h"
#include "platform/sdl_window.h"
#include "platform/throttle.h"

namespace convscope::platform {

namespace {

SdlWindow g_window;
bool g_first_frame_reported = false;

// Each EM_JS body is JavaScript, which clang-format would break as if it were C++ ("() = >",
// "! =="): formatting is off around each.

// Whether the page was opened by a test that reads the UI probe (web/index.html passes
// window.ConvScopeTestProbe on as Module.testProbe).
// clang-format off
EM_JS(int, TestProbeRequested, (), { return Module.testProbe ? 1 : 0; });
// clang-format on

// The page (web/index.html) hides its loading indicator in Module.onFirstFrame.
// clang-format off
EM_JS(void, ReportFirstFrame, (), {
    if (typeof Module !== 'undefined' && Module.onFirstFrame) Module.onFirstFrame();
});
// clang-format on

// Whether the page's main pointer is a finger (a phone or a tablet).
// clang-format off
EM_JS(int, CoarsePointer, (), {
    return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0;
});
// clang-format on

// Whether the reader's system prefers a dark colour scheme.
// clang-format off
EM_JS(int, PrefersDark, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});
// clang-format on

bool g_paused = false;
std::string g_pending_paste;  // pasted text waiting for Ctrl's release

// The browser clipboard: navigator.clipboard where the page is a secure context (https,
// localhost), else the older execCommand('copy'), which also works inside iframes that were
// not given the clipboard-write permission. Both need the user's click, which the Copy
// buttons are.
// clang-format off
EM_JS(void, CopyToBrowserClipboard, (const char* utf8), {
    const text = UTF8ToString(utf8);
    Module.lastCopiedText = text;
    const fallback = () => {
        const area = document.createElement('textarea');
        area.value = text;
        area.readOnly = true;
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        try { document.execCommand('copy'); } catch (e) {}
        area.remove();
        const canvas = document.getElementById('canvas');
        if (canvas) canvas.focus();
    };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).catch(fallback);
    } else {
        fallback();
    }
});
// clang-format on

std::string g_clipboard;  // what ImGui reads back (the browser's clipboard is read-protected)

void SetClipboard(void*, const char* text) {
    g_clipboard = text ? text : "";
    CopyToBrowserClipboard(g_clipboard.c_str());
}

const char* GetClipboard(void*) { return g_clipboard.c_str(); }

void Wake() {
    if (g_paused) {
        g_paused = false;
        emscripten_resume_main_loop();
    }
}

void WakeFromTimer(void*) { Wake(); }

// The state in the page's address: the query (embed options) and the fragment (the state).
// clang-format off
EM_JS(char*, ReadAddressState, (), {
    const parts = [location.search.substring(1), location.hash.substring(1)];
    // %XX escapes stay: the link reader decodes each value after splitting at '&' and '=',
    // so a value may itself hold them (an exercise card written as JSON).
    return allocateUTF8(parts.filter((p) => p.length > 0).join('&'));
});
// clang-format on

// clang-format off
EM_JS(char*, ReadAddressBase, (), {
    return allocateUTF8(location.origin + location.pathname);
});
// clang-format on

// replaceState: the address follows the state without adding a history entry per change.
// clang-format off
EM_JS(void, WriteAddressState, (const char* utf8), {
    const hash = '#' + UTF8ToString(utf8);
    if (location.hash !== hash) history.replaceState(history.state, document.title, hash);
});
// clang-format on

// The canvas as PNG at device resolution, taken in the same task as the frame was drawn
// (WebGL keeps the drawing buffer until the task ends), then offered as a download.
// clang-format off
EM_JS(void, SaveCanvasPng, (const char* utf8_name), {
    const name = UTF8ToString(utf8_name);
    const canvas = Module.canvas;
    canvas.toBlob((blob) => {
        if (!blob) return;
        Module.lastExport = { name: name, width: canvas.width, height: canvas.height, bytes: blob.size };
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }, 'image/png');
});
// clang-format on

// While an ImGui text field is active, a hidden textarea of the page holds the browser's
// focus: only an editable element receives the 'paste' event (and, on phones, raises the
// keyboard). Key events still reach SDL, which listens on the window.
// clang-format off
EM_JS(void, SetTextSinkFocus, (int wanted), {
    const sink = document.getElementById('text-sink');
    if (!sink) return;
    if (wanted && document.activeElement !== sink) {
        sink.focus({ preventScroll: true });
    } else if (!wanted && document.activeElement === sink) {
        Module.canvas.focus({ preventScroll: true });
    }
});
// clang-format on

// The page's clock and timers, for the throttles below. A timer runs late when the page is
// busy (a service worker installing, a figure compiling): the throttle allows for it.
const ThrottleClock kPageClock{&emscripten_get_now, &emscripten_async_call};

// The address follows the state at most four times a second, and once more when it settles:
// a slider drag changes the state every frame, and each history.replaceState costs the
// browser a few milliseconds (it also throttles pages that call it too often).
std::string g_last_link;     // the state's latest link
std::string g_written_link;  // what the address holds

void WriteAddress() {
    if (g_written_link == g_last_link) return;
    g_written_link = g_last_link;
    WriteAddressState(g_written_link.c_str());
}

Throttle g_address_throttle(250.0, WriteAddress, kPageClock);

void MirrorStateToAddress() {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->current_link) return;
    std::string link = app->current_link();
    if (link == g_last_link) return;
    g_last_link = std::move(link);
    g_address_throttle.Request();
}

// After each drawn frame: the page's screen-reader mirror gets the controls (JSON, or "" when
// unchanged), the keyboard-focused control's id and the status line (web/index.html).
// clang-format off
EM_JS(void, ReportFrameToMirror, (const char* controls, unsigned focused, const char* status), {
    if (typeof Module !== 'undefined' && Module.onFrameDrawn)
        Module.onFrameDrawn(UTF8ToString(controls), focused >>> 0, UTF8ToString(status));
});
// clang-format on

// The mirror follows the frames at most ten times a second, and once more when they stop:
// while the pointer hovers or drags, every frame changes a caption, and rebuilding the
// mirror each time doubled a frame's cost. A move of the keyboard's focus goes at once.
unsigned g_mirror_focus = 0;

void SendMirror() {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->mirror_controls || !app->focused_control || !app->status_text) return;
    const std::string controls = app->mirror_controls();
    const std::string status = app->status_text();
    g_mirror_focus = app->focused_control();
    ReportFrameToMirror(controls.c_str(), g_mirror_focus, status.c_str());
}

Throttle g_mirror_throttle(100.0, SendMirror, kPageClock);

void UpdateMirror() {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->focused_control) return;
    g_mirror_throttle.Request(app->focused_control() != g_mirror_focus);
}

void TypePendingPaste(bool& had_input) {
    ImGuiIO& io = ImGui::GetIO();
    if (g_pending_paste.empty() || io.KeyCtrl || io.KeySuper) return;
    io.AddInputCharactersUTF8(g_pending_paste.c_str());
    g_pending_paste.clear();
    had_input = true;
}

// Model files: the page's picker (an <input type=file>), and the model reader, a module of its
// own that the page loads when the first model is opened (web/index.html,
// src/platform/model_reader_web.cpp); it answers graph requests on the model it read.
// clang-format off
EM_JS(void, PickModelFile, (), {
    if (Module.pickModelFile) Module.pickModelFile();
});
EM_JS(char*, AnalyseOpenModel, (const char* request), {
    const answer = Module.analyseOpenModel ? Module.analyseOpenModel(UTF8ToString(request))
                                           : '{"error":"the model reader is not loaded"}';
    return allocateUTF8(answer);
});
// clang-format on

// After a lost WebGL context is restored, every object of the old one is gone: Emscripten's
// tables still map the old handles to them, and deleting through those would make the
// browser warn of objects from another context. Dropping the entries turns the deletes
// that precede recreation into no-ops.
// clang-format off
EM_JS(void, ForgetLostGlObjects, (), {
    ['buffers', 'programs', 'textures', 'vaos', 'shaders', 'framebuffers', 'renderbuffers',
     'queries', 'samplers', 'transformFeedbacks', 'syncs'].forEach((name) => {
        const table = GL[name];
        if (table) for (let i = 0; i < table.length; ++i) table[i] = null;
    });
});
// clang-format on

bool ContextLost() {
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_get_current_context();
    return context != 0 && emscripten_is_webgl_context_lost(context);
}

// Reads input and draws a frame if one is due; the page's first frame is drawn by Run
// itself, without waiting for the display's next refresh.
void DrawFrame() {
    bool had_input = false;
    g_window.PumpEvents(had_input);  // a page is never closed from inside
    TypePendingPaste(had_input);
    if (g_window.DrawIfNeeded(had_input)) {
        if (!g_first_frame_reported) {
            // The first frame is shown before anything else is done: the address and the
            // mirror follow it a moment later (by their throttles).
            g_first_frame_reported = true;
            ReportFirstFrame();
            g_address_throttle.RestartInterval();
            g_mirror_throttle.RestartInterval();
        }
        MirrorStateToAddress();
        UpdateMirror();
        SetTextSinkFocus(ImGui::GetIO().WantTextInput ? 1 : 0);
        const AppCallbacks* app = g_window.App();
        if (app && app->take_export_request) {
            const std::string name = app->take_export_request();
            if (!name.empty()) SaveCanvasPng(name.c_str());
        }
        if (app && app->take_model_request && app->take_model_request()) PickModelFile();
    }
}

void LoopIteration() {
    // While the page has released the context (the figure is off screen) nothing is drawn;
    // convscope_gl_restored wakes the loop again.
    if (ContextLost()) {
        g_paused = true;
        emscripten_pause_main_loop();
        return;
    }
    DrawFrame();
    // Nothing to draw until input or the application's next timed frame: stop the
    // animation-frame loop, so an idle page (or many idle iframes) costs no CPU. The page
    // wakes it on any input event (web/index.html); a timer wakes it for timed frames.
    if (!g_window.WantsFrame()) {
        const double wait = g_window.SecondsUntilDue();
        g_paused = true;
        emscripten_pause_main_loop();
        if (wait < kNoTimer)
            emscripten_async_call(WakeFromTimer, nullptr, static_cast<int>(wait * 1000.0));
    }
}

}  // namespace

// The page's JavaScript API: ConvScope.eval(request) in web/index.html calls this with the
// request's JSON text and copies the response out before the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_eval(const char* request) {
    static std::string response;
    response = convscope::EvalRequest(request ? request : "");
    return response.c_str();
}

// The browser tests' hook: ConvScope.test(command) in web/index.html.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_test(const char* command) {
    static std::string response;
    const AppCallbacks* app = g_window.App();
    const std::string text = command ? command : "";
    // The figure's WebAssembly memory in bytes, which the tests of many figures add up.
    if (text == R"({"cmd":"wasm_memory"})") {
        response = "{\"bytes\":" + std::to_string(__builtin_wasm_memory_size(0) * 65536) + "}";
        return response.c_str();
    }
    response = (app && app->test_command) ? app->test_command(text) : "{}";
    g_window.RequestFrames();
    Wake();
    return response.c_str();
}

// Where the drawn frames' time went (bench/frame_cost.mjs): "frames app_ms imgui_ms draw_ms",
// summed since start.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_frame_timings() {
    static char text[128];
    const FrameTimings& t = g_window.Timings();
    std::snprintf(text, sizeof text, "%d %.3f %.3f %.3f", t.frames, t.app_ms, t.imgui_ms,
                  t.draw_ms);
    return text;
}

// Draws a frame now, in the caller's task, so that the page can copy the canvas (WebGL
// keeps the drawing buffer only until the task ends): before it releases the context of a
// figure that left the screen, it keeps this frame as a picture in its place.
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_draw_now() {
    if (!g_window.Window() || ContextLost()) return;
    g_window.RequestFrames();
    g_window.DrawIfNeeded(false);
}

// Called by the page when the canvas's WebGL context was restored (after the page released
// it, or after the browser dropped it): creates the GL objects again and draws at once.
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_gl_restored() {
    if (!g_window.Window()) return;
    ForgetLostGlObjects();
    g_window.RecreateGlObjects();
    g_window.DrawIfNeeded(false);
    Wake();
}

// Called by the page when the reader's colour scheme changes (theme=auto follows it).
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_colour_scheme(int dark) {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->colour_scheme) return;
    app->colour_scheme(dark != 0);
    g_window.RequestFrames();
    Wake();
}

// Asked by the page on Tab: 1 when the key should leave ConvScope for the host page.
extern "C" EMSCRIPTEN_KEEPALIVE int convscope_tab_leaves(int backward) {
    const AppCallbacks* app = g_window.App();
    return app && app->tab_leaves && app->tab_leaves(backward != 0) ? 1 : 0;
}

// Asked by the page on Escape in an embedded figure: 1 when the key should give the focus
// back to the host page.
extern "C" EMSCRIPTEN_KEEPALIVE int convscope_escape_leaves() {
    const AppCallbacks* app = g_window.App();
    return app && app->escape_leaves && app->escape_leaves() ? 1 : 0;
}

// The screen-reader mirror's operations (see AppCallbacks), on the next frame.
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_focus_control(unsigned id, int press) {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->focus_control) return;
    app->focus_control(id, press != 0);
    g_window.RequestFrames();
    Wake();
}

extern "C" EMSCRIPTEN_KEEPALIVE void convscope_set_control_value(unsigned id, double value) {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->set_control_value) return;
    app->set_control_value(id, value);
    g_window.RequestFrames();
    Wake();
}

extern "C" EMSCRIPTEN_KEEPALIVE void convscope_set_control_text(unsigned id, const char* text,
                                                                int submit) {
    const AppCallbacks* app = g_window.App();
    if (!app || !app->set_control_text || text == nullptr) return;
    app->set_control_text(id, text, submit != 0);
    g_window.RequestFrames();
    Wake();
}

// Called by the page on every input event while the loop may be paused.
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_wake() { Wake(); }

// The JavaScript API's ConvScope.getState(): the state as a link's key=value text.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_get_state() {
    static std::string state;
    const AppCallbacks* app = g_window.App();
    state = (app && app->current_link) ? app->current_link() : "";
    return state.c_str();
}

// ConvScope.setState(text): applies a link's state; returns the notes as a JSON array.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_set_state(const char* text) {
    static std::string notes_json;
    const AppCallbacks* app = g_window.App();
    notes_json = "[";
    if (app && app->apply_link) {
        bool first = true;
        for (const std::string& note : app->apply_link(text ? text : "")) {
            std::string escaped;
            for (const char c : note) {
                if (c == '"' || c == '\\') escaped += '\\';
                if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
            }
            notes_json += (first ? "\"" : ",\"") + escaped + "\"";
            first = false;
        }
    }
    notes_json += "]";
    g_window.RequestFrames();
    Wake();
    return notes_json.c_str();
}

// Called by the page's 'paste' listener with the browser clipboard's text. The page keeps
// Ctrl+V from SDL (which would cancel the browser's paste); the text is typed into the
// active ImGui field once Ctrl is released (ImGui ignores typed characters while it is held).
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_paste_text(const char* text) {
    g_clipboard = text ? text : "";
    g_pending_paste.clear();
    for (const char c : g_clipboard) {
        if (c != '\r') g_pending_paste += c == '\t' ? ' ' : c;
    }
    g_window.RequestFrames();
    Wake();
}

// Called by the page when its model reader has read a file the reader picked or dropped on
// the figure (web/index.html): the model's graph stays in the reader, which answers the
// application's graph requests.
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_model_opened(const char* name) {
    const AppCallbacks* app = g_window.App();
    if (app && app->model_opened) {
        app->model_opened(name ? name : "", [](const std::string& request) {
            char* answer = AnalyseOpenModel(request.c_str());
            std::string text = answer;
            std::free(answer);
            return text;
        });
    }
    g_window.RequestFrames();
    Wake();
}

// Called by the page when the address's fragment is changed by hand (hashchange).
extern "C" EMSCRIPTEN_KEEPALIVE void convscope_apply_address() {
    const AppCallbacks* app = g_window.App();
    char* text = ReadAddressState();
    if (app && app->apply_link) {
        for (const std::string& note : app->apply_link(text))
            std::fprintf(stderr, "ConvScope: %s\n", note.c_str());
    }
    std::free(text);
    g_window.RequestFrames();
    Wake();
}

int Run(const RunOptions& options, const AppCallbacks& app) {
    // 1 tells the page that the program could not start (web/index.html says why).
    if (!g_window.Open(options, app)) return 1;
    g_window.SetTouch(CoarsePointer() != 0);
    if (app.colour_scheme) app.colour_scheme(PrefersDark() != 0);
    ImGuiIO& io = ImGui::GetIO();
    io.SetClipboardTextFn = SetClipboard;
    io.GetClipboardTextFn = GetClipboard;
    if (app.model_files) app.model_files(true);
    if (app.link_base) {
        char* base = ReadAddressBase();
        app.link_base(base);
        std::free(base);
    }
    if (app.apply_link) {
        char* text = ReadAddressState();
        for (const std::string& note : app.apply_link(text))
            std::fprintf(stderr, "ConvScope: %s\n", note.c_str());
        std::free(text);
    }
    // Attached before the first frame, so that the test's first get already holds a whole
    // frame's rectangles; a user's page never attaches and its frames record nothing.
    if (app.test_command && TestProbeRequested()) app.test_command(R"({"cmd":"attach"})");
    DrawFrame();
    // 0 fps: use requestAnimationFrame. The loop never returns to main.
    emscripten_set_main_loop(LoopIteration, 0, true);
    return 0;
}

}  // namespace convscope::platform
