// Program entry for the desktop and web builds: reads the platform's own options, hands
// the rest to the application and lets the platform run it.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/shell/application.h"
#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/keyboard.h"
#include "core/layer/version.h"
#include "platform/platform.h"

namespace {

void PrintUsage() {
    std::printf(
        "usage: convscope-desktop [STATE] [MODEL.onnx] [--frames N | --seconds S]\n"
        "                         [--screenshot FILE.png] [--print-state] [--version]\n"
        "  STATE              a link's state, e.g. 'I=7&K=3&S=2&P=1&panel=solver' (as after # in "
        "the page's address)\n"
        "  MODEL.onnx         an ONNX model to open in the explorer's Your model panel\n"
        "  --frames N         draw N frames, then exit (for tests)\n"
        "  --seconds S        run as usual for S seconds, then exit (for tests)\n"
        "  --screenshot FILE  with --frames or --seconds: save the last frame as PNG\n"
        "  --print-state      print the state as a link's text and the status line on exit\n"
        "  --settings-dir DIR remember the window, zoom and state in DIR/settings.json\n"
        "                     (default: $XDG_CONFIG_HOME/convscope, or ~/.config/convscope;\n"
        "                     runs with --frames or --seconds remember only with this option)\n"
        "  --forget           neither read nor save the remembered settings\n"
        "\n"
        "keys: Ctrl+Q quits, Ctrl+O opens a model, Ctrl+C (outside a text field) copies the\n"
        "link, Ctrl +/-/0 zoom, ? the help\n");
}

}  // namespace

int main(int argc, char** argv) {
    convscope::platform::RunOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--frames" && i + 1 < argc) {
            options.max_frames = std::atoi(argv[++i]);
            if (options.max_frames <= 0) {
                std::fprintf(stderr, "convscope-desktop: --frames needs a positive count\n");
                return 2;
            }
        } else if (arg == "--seconds" && i + 1 < argc) {
            options.seconds = std::atof(argv[++i]);
            if (!(options.seconds > 0.0 && options.seconds <= 3600.0)) {
                std::fprintf(stderr, "convscope-desktop: --seconds needs 0 < S <= 3600\n");
                return 2;
            }
        } else if (arg == "--settings-dir" && i + 1 < argc) {
            options.settings_dir = argv[++i];
        } else if (arg == "--forget") {
            options.remember = false;
        } else if (arg == "--print-state") {
            options.print_state = true;
        } else if (arg == "--screenshot" && i + 1 < argc) {
            options.screenshot_path = argv[++i];
        } else if (arg == "--version") {
            std::printf("ConvScope %s\n", convscope::kVersion);
            return 0;
        } else if (arg == "--help" || arg == "-h") {
            PrintUsage();
            return 0;
        } else if (arg.find('=') != std::string::npos) {
            options.state = arg;
        } else if (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".onnx") == 0) {
            options.model_path = arg;
        } else {
            std::fprintf(stderr, "convscope-desktop: unknown argument '%s'\n", arg.c_str());
            PrintUsage();
            return 2;
        }
    }
    if (!options.screenshot_path.empty() && options.max_frames == 0 && options.seconds == 0.0)
        options.max_frames = 10;
    // A counted or timed run (a test, a script) leaves the user's settings alone unless it
    // names a settings folder of its own.
    if ((options.max_frames > 0 || options.seconds > 0.0) && options.settings_dir.empty())
        options.remember = false;

    static convscope::app::Application application;
    convscope::platform::AppCallbacks callbacks;
    callbacks.init = [] { application.Init(); };
    callbacks.apply_link = [](const std::string& link) { return application.ApplyLink(link); };
    callbacks.current_link = [] { return application.Link(); };
    callbacks.link_base = [](const std::string& base) { application.SetLinkBase(base); };
    callbacks.take_export_request = [] { return application.TakeExportRequest(); };
    callbacks.build_fonts = [](float ratio, bool all) { application.BuildFonts(ratio, all); };
    callbacks.frame = [] { return application.Frame(); };
    callbacks.interface_scale = [](float width, float height) {
        return convscope::app::InterfaceScale(width, height);
    };
    callbacks.touch_input = [](bool touch) { convscope::app::SetTouchInput(touch); };
    callbacks.colour_scheme = [](bool dark) { application.SetSystemDark(dark); };
    callbacks.mirror_controls = [] { return convscope::app::ControlList::Get().MirrorJson(); };
    callbacks.focused_control = [] { return convscope::app::KeyboardFocus::Get().FocusedId(); };
    callbacks.status_text = [] { return application.StatusText(); };
    callbacks.focus_control = [](uint32_t id, bool press) {
        convscope::app::KeyboardFocus::Get().FocusControl(id, press);
    };
    callbacks.set_control_value = [](uint32_t id, double value) {
        convscope::app::ControlList::Get().RequestValue(id, value);
    };
    callbacks.tab_leaves = [](bool backward) {
        return convscope::app::KeyboardFocus::Get().TabLeaves(backward);
    };
    callbacks.escape_leaves = [] { return convscope::app::KeyboardFocus::Get().EscapeLeaves(); };
    callbacks.set_control_text = [](uint32_t id, const std::string& text, bool submit) {
        convscope::app::ControlList::Get().RequestText(id, text, submit);
    };
    callbacks.model_files = [](bool picker) { application.SetModelFilePicker(picker); };
    callbacks.take_model_request = [] { return application.TakeModelRequest(); };
    callbacks.open_model_action = [] { application.ShowOpenModel(); };
    callbacks.model_opened = [](const std::string& name,
                                convscope::platform::ModelAnalyser analyse) {
        application.OpenModel(name, std::move(analyse));
    };
    callbacks.shutdown = [] { application.Shutdown(); };
    callbacks.test_command = [](const std::string& command) {
        return application.TestCommand(command);
    };
    return convscope::platform::Run(options, callbacks);
}
