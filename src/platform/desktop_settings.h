// What the desktop program remembers between runs: its window size, its zoom and the last
// state (a link's text, which holds the theme; a state given on the command line keeps the
// remembered theme), in $XDG_CONFIG_HOME/convscope/settings.json
// (~/.config when XDG_CONFIG_HOME is not set), as JSON.
#pragma once

#include <string>

namespace convscope::platform {

struct DesktopSettings {
    int width = 0;  // 0: none remembered
    int height = 0;
    float zoom = 1.0f;
    std::string link;  // the state in the links' key=value form
};

// The state to start in: the command line's when given (with the remembered theme unless it
// names one), else the remembered state.
std::string StartingLink(const std::string& given, const DesktopSettings& remembered);

// The settings file in `dir` or, when `dir` is empty, in the XDG configuration folder; ""
// when neither XDG_CONFIG_HOME nor HOME says where that is.
std::string SettingsPath(const std::string& dir);

// The remembered settings; a missing file gives the defaults, an unreadable or malformed one
// too, with a message on standard error naming the file. Sizes and the zoom are kept in
// sensible ranges.
DesktopSettings LoadSettings(const std::string& path);

// Writes the settings (creating the folder); false, with a message on standard error, when
// it cannot.
bool SaveSettings(const std::string& path, const DesktopSettings& settings);

}  // namespace convscope::platform
