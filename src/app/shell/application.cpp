// The application frame: a full-window host with the menu bar, the tab bar of the two
// places and the About box (see application.h).
#include "app/shell/application.h"

#include <imgui.h>

#include <algorithm>

#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/fonts.h"
#include "app/widgets/keyboard.h"
#include "app/widgets/link_keys.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/link_text.h"
#include "core/layer/version.h"

namespace convscope::app {

void Application::Init() {
    KeyboardFocus::Get().Install();
    ApplyChosenTheme();
}

void Application::SetSystemDark(bool dark) {
    system_dark_ = dark;
    ApplyChosenTheme();
}

void Application::ApplyChosenTheme() {
    // A figure in a course page follows the reader's colour scheme unless its link says;
    // ConvScope's own page is dark unless its link says.
    const std::string& choice = theme_choice_.empty() ? (embed_ ? "auto" : "dark") : theme_choice_;
    const bool dark = choice == "auto" ? system_dark_ : choice == "dark";
    if ((CurrentTheme().name == ThemeName::Dark) != dark || !theme_applied_)
        ApplyTheme(dark ? ThemeName::Dark : ThemeName::Light);
    theme_applied_ = true;
}

void Application::BuildFonts(float pixel_ratio, bool all_glyphs) {
    LoadInterfaceFonts(pixel_ratio, all_glyphs ? FontGlyphs::kAll : FontGlyphs::kDrawn);
}

double Application::Frame() {
    UiProbe::Get().BeginFrame();
    ControlList::Get().BeginFrame();
    KeyboardFocus::Get().BeginFrame();
    if (!pending_link_.empty()) {
        const std::string link = pending_link_;
        pending_link_.clear();
        ApplyLink(link);
    }
    double next_frame = kOnlyOnInput;
    // The desktop program's Ctrl+C outside a text field copies the link (the page has its
    // address bar, and a course page's reader may be copying its text).
    const ImGuiIO& io = ImGui::GetIO();
    const bool desktop = link_base_.rfind("http", 0) != 0 && link_base_.rfind("file:", 0) != 0;
    if (desktop && !embed_ && io.KeyCtrl && !io.WantTextInput &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C), false)) {
        CopyLink();
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags host_flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | (embed_ ? 0 : ImGuiWindowFlags_MenuBar);
    ImGui::Begin("ConvScope", nullptr, host_flags);
    if (embed_) {
        // Inside a course page's iframe: the one place (or widget) the link names, under
        // the exercise card when the link opened one.
        pending_link_ = exercise_.Draw(true);
        // The caption goes under the figure, which takes the height above it.
        const float wrap = ImGui::GetContentRegionAvail().x;
        const float caption_height =
            caption_.empty() ? 0.0f
                             : ImGui::CalcTextSize(caption_.c_str(), nullptr, false, wrap).y +
                                   2.0f * ImGui::GetStyle().ItemSpacing.y;
        if (!caption_.empty()) ImGui::BeginChild("figure", ImVec2(0.0f, -caption_height));
        if (place_ == Place::ReceptiveField) {
            explorer_.Draw();
        } else {
            next_frame = std::min(next_frame, playground_.Draw());
        }
        if (!caption_.empty()) {
            ImGui::EndChild();
            ImGui::TextWrapped("%s", caption_.c_str());
            ProbeLastItem("caption");
        }
        help_.Draw();
        ImGui::End();
        return next_frame;
    }
    DrawMenuBar();
    const std::string card_link = exercise_.Draw(false);
    if (!card_link.empty()) pending_link_ = card_link;

    if (ImGui::BeginTabBar("places")) {
        // A requested tab is shown from the next frame on (ImGui selects it as the tab bar is
        // laid out): the request stands until then, and the link names it meanwhile.
        const auto tab = [this](const char* label, Place place) {
            const bool requested = requested_place_ == static_cast<int>(place);
            if (ImGui::BeginTabItem(label, nullptr,
                                    requested ? ImGuiTabItemFlags_SetSelected : 0)) {
                // A narrow screen scrolls the place as one page: another place starts at its top.
                if (place_ != place) ImGui::SetScrollY(0.0f);
                place_ = place;
                if (requested) requested_place_ = -1;
                ImGui::EndTabItem();
                return true;
            }
            return false;
        };
        if (tab("Parameter playground", Place::Playground))
            next_frame = std::min(next_frame, playground_.Draw());
        if (tab("Receptive-field explorer", Place::ReceptiveField)) explorer_.Draw();
        ImGui::EndTabBar();
    }
    DrawAboutBox();
    help_.Draw();
    ImGui::End();
    ControlList::Get().EndFrame();
    UpdateStatus();
    return next_frame;
}

void Application::UpdateStatus() {
    const std::string result =
        place_ == Place::Playground ? playground_.StatusText() : explorer_.StatusText();
    if (exercise_.FeedbackCount() != feedback_seen_) {
        feedback_seen_ = exercise_.FeedbackCount();
        status_ = exercise_.Feedback();
    } else if (link_copied_at_ != link_copied_seen_) {
        link_copied_seen_ = link_copied_at_;
        status_ = "Link copied.";
    } else if (result != result_status_) {
        status_ = result;
    }
    result_status_ = result;
}

nlohmann::json Application::TestValues() {
    nlohmann::json values = exercise_.TestValues();
    values["embed"] = embed_;
    values["help"] = help_.TestValues();
    values["keyboard"] = KeyboardFocus::Get().TestValues();
    // The interface's size in its own pixels, and how it is laid out.
    const ImGuiIO& io = ImGui::GetIO();
    values["display"] = {{"width", io.DisplaySize.x},    {"height", io.DisplaySize.y},
                         {"text", ImGui::GetFontSize()}, {"touch", TouchInput()},
                         {"narrow", NarrowLayout()},     {"cut_off", WindowsCutOffAtRight()}};
    values["place"] = place_ == Place::Playground ? "playground" : "receptive_field";
    values["theme"] = CurrentTheme().name == ThemeName::Light ? "light" : "dark";
    // The colour of a tap (a field's cell) as red, green, blue, for tests reading pixels.
    const ImU32 tap = CurrentTheme().tap;
    values["tap_colour"] = {tap & 0xFF, (tap >> 8) & 0xFF, (tap >> 16) & 0xFF};
    if (!caption_.empty()) values["caption"] = caption_;
    // The place on screen: the other one is not drawn.
    values.update(place_ == Place::Playground ? playground_.TestValues() : explorer_.TestValues());
    return values;
}

std::string Application::TestCommand(const std::string& command) {
    const nlohmann::json request = nlohmann::json::parse(command, nullptr, false);
    if (request.is_discarded() || !request.is_object())
        return R"({"error":"the test command must be a JSON object"})";
    const std::string cmd = request.value("cmd", "");
    nlohmann::json response = nlohmann::json::object();
    if (cmd == "set") {
        response["notes"] = ApplyLink(request.value("query", ""));
        response["state"] = playground_.Query();
        response["rf_state"] = explorer_.Query();
    } else if (cmd == "get") {
        // What only the frame knows (rectangles, hover), then what the models say.
        UiProbe& probe = UiProbe::Get();
        response = probe.Snapshot();
        response["values"].update(TestValues());
        response["state"] = playground_.Query();
        response["rf_state"] = explorer_.Query();
        // A get without "attach" first finds no rectangles: the frames from now on record them.
        probe.SetEnabled(true);
    } else if (cmd == "attach") {
        UiProbe::Get().SetEnabled(true);
        response["attached"] = true;
    } else {
        response["error"] = "unknown test command '" + cmd + "' (set, get, attach)";
    }
    return response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> Application::ApplyLink(const std::string& query) {
    // An exercise card first: its state sets the widget up, then the link's own keys (a
    // copied link restores what the student had changed).
    std::vector<std::string> notes;
    for (const LinkPair& pair : SplitLink(query)) {
        if (pair.key != "card") continue;
        std::string card_state;
        if (exercise_.Open(pair.value, card_state, notes) && !card_state.empty()) {
            const std::vector<std::string> state_notes = ApplyState(card_state);
            notes.insert(notes.end(), state_notes.begin(), state_notes.end());
        }
    }
    const std::vector<std::string> state_notes = ApplyState(query);
    notes.insert(notes.end(), state_notes.begin(), state_notes.end());
    return notes;
}

namespace {

// The application's own keys of a link: embed mode and its panel and locks, the place, the
// theme, and the exercise card (opened by ApplyLink before the rest is read, and written by
// the exercise panel). Link() writes them before the playground's and the explorer's keys.
struct AppLink {
    bool embed = false;
    std::string panel, locks, theme, caption;
    bool receptive_field = false;
};

struct AppReading {
    std::string view, theme, embed, panel, lock, caption;
    bool has_caption = false;
    bool has_lock = false;
};

template <std::string AppReading::*Field>
bool ReadText(const std::string& value, AppReading& r, std::string&) {
    r.*Field = value;
    return true;
}

const std::vector<LinkKey<AppLink, AppReading>>& AppKeys() {
    static const std::vector<LinkKey<AppLink, AppReading>> keys = {
        {"embed", ReadText<&AppReading::embed>,
         [](const AppLink& a, LinkWriter& out) {
             if (a.embed) out.Add("embed", "1");
         }},
        {"panel", ReadText<&AppReading::panel>,
         [](const AppLink& a, LinkWriter& out) {
             if (a.embed && !a.panel.empty()) out.Add("panel", a.panel);
         }},
        {"lock",
         [](const std::string& value, AppReading& r, std::string&) {
             r.lock = value;  // "lock=" alone unlocks everything
             r.has_lock = true;
             return true;
         },
         [](const AppLink& a, LinkWriter& out) {
             if (a.embed && !a.locks.empty()) out.Add("lock", a.locks);
         }},
        {"view", ReadText<&AppReading::view>,
         [](const AppLink& a, LinkWriter& out) {
             out.Add("view", a.receptive_field ? "rf" : "playground");
         }},
        {"theme",
         [](const std::string& value, AppReading& r, std::string& why) {
             if (value != "light" && value != "dark" && value != "auto") {
                 why = "a theme is light, dark or auto (the reader's colour scheme)";
                 return false;
             }
             r.theme = value;
             return true;
         },
         [](const AppLink& a, LinkWriter& out) {
             if (!a.theme.empty()) out.Add("theme", a.theme);
         }},
        // A figure's caption, drawn under it (embed=1).
        {"caption",
         [](const std::string& value, AppReading& r, std::string&) {
             r.caption = value.substr(0, 300);
             r.has_caption = true;
             return true;
         },
         [](const AppLink& a, LinkWriter& out) {
             if (!a.caption.empty()) out.Add("caption", PercentEncode(a.caption));
         }},
        {"card", [](const std::string&, AppReading&, std::string&) { return true; }, nullptr},
    };
    return keys;
}

}  // namespace

std::vector<std::string> Application::ApplyState(const std::string& query) {
    LinkReader link(query);
    AppReading app;
    link.Read(AppKeys(), app);
    if (app.view == "rf") requested_place_ = static_cast<int>(Place::ReceptiveField);
    if (app.view == "playground") requested_place_ = static_cast<int>(Place::Playground);
    if (!app.embed.empty()) embed_ = app.embed == "1";
    if (!app.theme.empty()) theme_choice_ = app.theme;
    if (app.has_caption) caption_ = app.caption;
    ApplyChosenTheme();
    if (!app.panel.empty()) {
        embed_panel_ = app.panel;
        if (app.panel.rfind("rf", 0) == 0) {
            requested_place_ = static_cast<int>(Place::ReceptiveField);
        } else if (app.view != "rf") {
            requested_place_ = static_cast<int>(Place::Playground);
        }
    }
    if (app.has_lock) embed_locks_ = app.lock;
    const bool single =
        embed_ && !embed_panel_.empty() && embed_panel_ != "playground" && embed_panel_ != "rf";
    std::vector<std::string> locks;
    for (const std::string& lock : SplitText(embed_locks_, ',')) {
        if (!lock.empty()) locks.push_back(lock);
    }
    playground_.SetEmbed(single, locks);
    explorer_.SetEmbed(single);
    // Without tabs, the place is set here rather than by the tab bar.
    if (embed_ && requested_place_ >= 0) {
        place_ = static_cast<Place>(requested_place_);
        requested_place_ = -1;
    }
    std::vector<std::string> notes = link.TakeNotes();
    const std::vector<std::string> playground_notes = playground_.Apply(link);
    notes.insert(notes.end(), playground_notes.begin(), playground_notes.end());
    const std::vector<std::string> explorer_notes = explorer_.Apply(link);
    notes.insert(notes.end(), explorer_notes.begin(), explorer_notes.end());
    // Reported once, here: a key that no component's table reads. The playground lists them
    // on screen with its own refusals, as a hand-typed link's reader expects to see them.
    const std::vector<std::string> unknown = link.UnknownKeyNotes();
    playground_.AddNotes(unknown);
    notes.insert(notes.end(), unknown.begin(), unknown.end());
    return notes;
}

Place Application::LinkedPlace() const {
    return requested_place_ >= 0 ? static_cast<Place>(requested_place_) : place_;
}

std::string Application::Link() const {
    AppLink app;
    app.embed = embed_;
    app.panel = embed_panel_;
    app.locks = embed_locks_;
    app.receptive_field = LinkedPlace() == Place::ReceptiveField;
    app.theme = theme_choice_;
    app.caption = caption_;
    std::string link =
        WriteLink(AppKeys(), app) + "&" + playground_.Query() + "&" + explorer_.Query();
    if (exercise_.IsOpen()) link += "&" + exercise_.Query();
    return link;
}

void Application::CopyLink() {
    const bool web = link_base_.rfind("http", 0) == 0 || link_base_.rfind("file:", 0) == 0;
    const std::string text = web ? link_base_ + "#" + Link() : link_base_ + " '" + Link() + "'";
    ImGui::SetClipboardText(text.c_str());
    link_copied_at_ = ImGui::GetTime();
}

void Application::ShowOpenModel() {
    explorer_.ShowOpenModel();
    if (!embed_) requested_place_ = static_cast<int>(Place::ReceptiveField);
}

void Application::OpenModel(const std::string& name, ModelAnalyser analyse) {
    explorer_.OpenModel(name, std::move(analyse));
    if (embed_) {
        place_ = Place::ReceptiveField;
    } else {
        requested_place_ = static_cast<int>(Place::ReceptiveField);
    }
}

std::string Application::TakeExportRequest() {
    // The frame with the open menu is not the picture: wait until the menu has closed.
    if (export_countdown_ == 0 || --export_countdown_ > 0) return "";
    return place_ == Place::ReceptiveField ? "convscope-receptive-field.png"
                                           : "convscope-playground.png";
}

void Application::DrawMenuBar() {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("View")) {
        const TouchListSpacing spacing;
        if (ImGui::MenuItem("Parameter playground", nullptr, place_ == Place::Playground)) {
            requested_place_ = static_cast<int>(Place::Playground);
        }
        if (ImGui::MenuItem("Receptive-field explorer", nullptr, place_ == Place::ReceptiveField)) {
            requested_place_ = static_cast<int>(Place::ReceptiveField);
        }
        ImGui::Separator();
        const bool light = CurrentTheme().name == ThemeName::Light;
        if (ImGui::MenuItem("Light theme", nullptr, light)) {
            theme_choice_ = light ? "dark" : "light";
            ApplyChosenTheme();
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Exercises")) {
        const TouchListSpacing spacing;
        // The chapter's quick checks and exercises; each sets its widget up.
        for (const ExerciseCard& card : ChapterExercises()) {
            if (ImGui::MenuItem(card.title.c_str())) pending_link_ = "card=" + card.id;
        }
        if (exercise_.IsOpen()) {
            ImGui::Separator();
            if (ImGui::MenuItem("Close the exercise")) pending_link_ = "card=";
        }
        ImGui::EndMenu();
    }
    ProbeLastItem("menu:exercises");
    if (ImGui::BeginMenu("Share")) {
        const TouchListSpacing spacing;
        // Web: the page's address with the state after '#'; desktop: the command line.
        const bool copy = ImGui::MenuItem("Copy link", "Ctrl+C");
        ProbeLastItem("menu:copy_link");
        if (copy) CopyLink();
        // The iframe HTML a course page pastes: this state, embedded, at a size that fits a
        // column of text.
        const bool copy_embed = ImGui::MenuItem("Copy embed code");
        ProbeLastItem("menu:copy_embed");
        if (copy_embed) {
            // The panel on screen as one widget with its controls in a strip; the theme
            // follows the course page's reader unless the link sets one.
            const std::string panel =
                place_ == Place::ReceptiveField ? explorer_.PanelName() : playground_.PanelName();
            const std::string link = Link();
            const bool named =
                ("&" + link + "&").find("&panel=" + panel + "&") != std::string::npos;
            const std::string html =
                "<iframe src=\"" + link_base_ + "#embed=1&" +
                (named ? "" : "panel=" + panel + "&") + link +
                "\" width=\"720\" height=\"480\" style=\"border:0\" loading=\"lazy\" "
                "title=\"ConvScope: " +
                panel + "\" allow=\"clipboard-write\"></iframe>";
            ImGui::SetClipboardText(html.c_str());
            link_copied_at_ = ImGui::GetTime();
        }
        ImGui::Separator();
        const bool save = ImGui::MenuItem("Save image (PNG)");
        ProbeLastItem("menu:save_png");
        if (save) export_countdown_ = 2;
        ImGui::EndMenu();
    }
    ProbeLastItem("menu:share");
    if (ImGui::GetTime() - link_copied_at_ < 2.0)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CurrentTheme().good_text), "link copied");
    if (ImGui::BeginMenu("Help")) {
        const TouchListSpacing spacing;
        const bool help = ImGui::MenuItem("Help", "?");
        ProbeLastItem("menu:help_view");
        if (help) help_.Open();
        if (ImGui::MenuItem("About ConvScope")) about_requested_ = true;
        ProbeLastItem("menu:about");
        ImGui::EndMenu();
    }
    ProbeLastItem("menu:help");
    ImGui::EndMenuBar();
}

void Application::DrawAboutBox() {
    if (about_requested_) {
        ImGui::OpenPopup("About ConvScope");
        about_requested_ = false;
    }
    if (ImGui::BeginPopupModal("About ConvScope", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("ConvScope %s", kVersion);
        ImGui::TextUnformatted("Convolution arithmetic you can see: shapes, padding,");
        ImGui::TextUnformatted("dilation, transposed convolution and receptive fields.");
        ImGui::Text("Built with Dear ImGui %s and SDL2.", IMGUI_VERSION);
        ImGui::Separator();
        if (ImGui::Button("Close", ImVec2(120.0f, 0.0f))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace convscope::app
