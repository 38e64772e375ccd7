// The desktop program's remembered settings (see desktop_settings.h).
#include "platform/desktop_settings.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/layer/link_text.h"

namespace convscope::platform {

namespace {

// The largest window remembered (larger values are ignored as damaged).
constexpr int kMaxSide = 16384;
// A remembered link longer than this is ignored (links are a few hundred bytes).
constexpr size_t kMaxLink = 1 << 16;

// mkdir -p for the folders of `path` (its last part is the file).
bool MakeFolders(const std::string& path) {
    for (size_t at = path.find('/', 1); at != std::string::npos; at = path.find('/', at + 1)) {
        const std::string folder = path.substr(0, at);
        if (mkdir(folder.c_str(), 0755) != 0 && errno != EEXIST) return false;
    }
    return true;
}

}  // namespace

std::string SettingsPath(const std::string& dir) {
    if (!dir.empty()) return dir + "/settings.json";
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/convscope/settings.json";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/') return std::string(home) + "/.config/convscope/settings.json";
    return "";
}

DesktopSettings LoadSettings(const std::string& path) {
    DesktopSettings settings;
    if (path.empty()) return settings;
    std::ifstream file(path);
    if (!file) return settings;  // the first run
    std::stringstream text;
    text << file.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object()) {
        std::fprintf(stderr,
                     "convscope-desktop: %s is not a JSON object; starting with the defaults "
                     "(it is rewritten on exit)\n",
                     path.c_str());
        return settings;
    }
    const auto number = [&](const char* key, double lo, double hi, double fallback) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_number()) return fallback;
        const double v = it->get<double>();
        return v >= lo && v <= hi ? v : fallback;
    };
    settings.width = static_cast<int>(number("width", 320, kMaxSide, 0));
    settings.height = static_cast<int>(number("height", 240, kMaxSide, 0));
    if (settings.width == 0 || settings.height == 0) settings.width = settings.height = 0;
    settings.zoom = static_cast<float>(number("zoom", 0.5, 3.0, 1.0));
    const auto link = j.find("link");
    if (link != j.end() && link->is_string() && link->get<std::string>().size() <= kMaxLink)
        settings.link = link->get<std::string>();
    return settings;
}

std::string StartingLink(const std::string& given, const DesktopSettings& remembered) {
    if (given.empty()) return remembered.link;
    const auto theme_of = [](const std::string& link) -> std::string {
        for (const LinkPair& pair : SplitLink(link))
            if (pair.key == "theme") return pair.value;
        return "";
    };
    const std::string theme = theme_of(remembered.link);
    if (theme.empty() || !theme_of(given).empty()) return given;
    return given + "&theme=" + theme;
}

bool SaveSettings(const std::string& path, const DesktopSettings& settings) {
    if (path.empty()) return false;
    const nlohmann::json j = {{"width", settings.width},
                              {"height", settings.height},
                              {"zoom", settings.zoom},
                              {"link", settings.link}};
    const std::string temporary = path + ".new";
    bool ok = MakeFolders(path);
    if (ok) {
        std::ofstream file(temporary, std::ios::trunc);
        file << j.dump(2) << "\n";
        ok = static_cast<bool>(file);
    }
    // Replaced in one step, so that a crash mid-write leaves the old settings.
    ok = ok && std::rename(temporary.c_str(), path.c_str()) == 0;
    if (!ok) {
        std::fprintf(stderr, "convscope-desktop: could not save the settings to %s: %s\n",
                     path.c_str(), std::strerror(errno));
    }
    return ok;
}

}  // namespace convscope::platform
