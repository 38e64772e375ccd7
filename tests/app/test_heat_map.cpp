// Heat maps without a GPU: ColourMap() against the shared ramp stops, the copies handed to
// the renderer through draw-list callbacks, the rectangle fallback, and DrawGrid's switch
// from numbers to a heat map; and the UI probe those grids report to, which the whole
// application's frames leave alone until a test attaches. ImGui runs headless: frames are
// built, never rasterised.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "app/playground/playground_model.h"
#include "app/shell/application.h"
#include "app/widgets/control_list.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/heat_map.h"
#include "app/widgets/keyboard.h"
#include "app/widgets/ui_probe.h"
#include "headless_application.h"

using namespace convscope::app;

namespace {

// Records what the application asks a GPU renderer to draw.
class RecordingRenderer final : public HeatMapRenderer {
public:
    int max_side = 4096;
    std::vector<HeatMap> maps;
    std::vector<ImVec4> clip_rects;
    int MaxSide() override { return max_side; }
    void Render(const HeatMap& map, const ImVec4& clip_rect) override {
        maps.push_back(map);
        clip_rects.push_back(clip_rect);
    }
};

// An ImGui context with no backend: a display size and a built font atlas are all a frame
// needs. Each frame is one full-screen window, as the application draws.
class HeadlessImGui {
public:
    HeadlessImGui() {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800.0f, 600.0f);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ~HeadlessImGui() {
        SetHeatMapRenderer(nullptr);
        ImGui::DestroyContext(context_);
    }
    void BeginFrame() {
        UiProbe::Get().BeginFrame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("grid test", nullptr, ImGuiWindowFlags_NoDecoration);
    }
    // Ends the frame and returns what a renderer would receive.
    const ImDrawData& EndFrame() {
        ImGui::End();
        ImGui::Render();
        return *ImGui::GetDrawData();
    }

private:
    ImGuiContext* context_ = nullptr;
};

// Runs the draw data's callbacks the way imgui_impl_opengl3 does, and lists them:
// 'H' for a heat map, 'R' for ImDrawCallback_ResetRenderState.
std::string RunCallbacks(const ImDrawData& data) {
    std::string order;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (!cmd.UserCallback) continue;
            if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                order += 'R';
            } else {
                order += 'H';
                cmd.UserCallback(list, &cmd);
            }
        }
    }
    return order;
}

std::set<ImU32> VertexColours(const ImDrawData& data) {
    std::set<ImU32> colours;
    for (int n = 0; n < data.CmdListsCount; ++n)
        for (const ImDrawVert& v : data.CmdLists[n]->VtxBuffer) colours.insert(v.col);
    return colours;
}

ImU32 StopColour(int i) {
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(kColourStops[i][0], kColourStops[i][1], kColourStops[i][2], 1.0f));
}

int Channel(ImU32 colour, int shift) { return static_cast<int>((colour >> shift) & 0xFF); }

}  // namespace

TEST_CASE("ColourMap passes through the shared stops and interpolates between them", "[heat_map]") {
    for (int i = 0; i < kColourStopCount; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(kColourStopCount - 1);
        CHECK(ColourMap(t) == StopColour(i));
    }
    // Half-way between the first two stops, per channel (8-bit rounding allows 1 off).
    const ImU32 mid = ColourMap(0.125f);
    for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
        const int want = (Channel(StopColour(0), shift) + Channel(StopColour(1), shift)) / 2;
        CHECK(std::abs(Channel(mid, shift) - want) <= 1);
    }
    // Outside 0..1 clamps; NaN and infinity sit at the start of the ramp.
    CHECK(ColourMap(-3.0f) == StopColour(0));
    CHECK(ColourMap(7.0f) == StopColour(kColourStopCount - 1));
    CHECK(ColourMap(std::numeric_limits<float>::quiet_NaN()) == StopColour(0));
    CHECK(ColourMap(std::numeric_limits<float>::infinity()) == StopColour(0));
}

TEST_CASE("without a renderer a heat map is drawn with ImGui rectangles", "[heat_map]") {
    HeadlessImGui imgui;
    SetHeatMapRenderer(nullptr);
    imgui.BeginFrame();
    const float values[6] = {0, 1, 2, 3, 4, 5};
    CHECK_FALSE(DrawHeatMap(ImGui::GetWindowDrawList(), ImVec2(10, 10), ImVec2(34, 26), 2, 3,
                            values, 0.0f, 5.0f));
    CHECK(HeatMapsThisFrame().drawn == 1);
    CHECK(HeatMapsThisFrame().by_renderer == 0);
    const ImDrawData& data = imgui.EndFrame();
    CHECK(RunCallbacks(data).empty());
    const std::set<ImU32> colours = VertexColours(data);
    for (float v : values) CHECK(colours.count(ColourMap(v / 5.0f)) == 1);
}

TEST_CASE("with a renderer the values reach it through a callback and a render-state reset",
          "[heat_map]") {
    HeadlessImGui imgui;
    RecordingRenderer renderer;
    SetHeatMapRenderer(&renderer);
    imgui.BeginFrame();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const int vertices_before = draw->VtxBuffer.Size;
    // Many maps in one frame, each from a buffer that is overwritten at once: every map must
    // still hold its own values when the frame is rendered.
    constexpr int kMaps = 40;
    std::vector<float> buffer(6);
    for (int m = 0; m < kMaps; ++m) {
        for (int i = 0; i < 6; ++i) buffer[static_cast<size_t>(i)] = static_cast<float>(m * 10 + i);
        if (m == 1) buffer[2] = std::numeric_limits<float>::quiet_NaN();
        const float lo = m == 2 ? 7.0f : 0.0f, hi = m == 2 ? 7.0f : 500.0f;  // map 2: a flat range
        CHECK(DrawHeatMap(draw, ImVec2(10, 20), ImVec2(40, 40), 2, 3, buffer.data(), lo, hi));
        std::fill(buffer.begin(), buffer.end(), -1.0f);
    }
    CHECK(draw->VtxBuffer.Size == vertices_before);  // the renderer draws; the draw list does not
    CHECK(HeatMapsThisFrame().drawn == kMaps);
    CHECK(HeatMapsThisFrame().by_renderer == kMaps);
    const ImDrawData& data = imgui.EndFrame();

    std::string want;
    for (int m = 0; m < kMaps; ++m) want += "HR";
    CHECK(RunCallbacks(data) == want);
    REQUIRE(renderer.maps.size() == static_cast<size_t>(kMaps));
    for (int m = 0; m < kMaps; ++m) {
        const HeatMap& map = renderer.maps[static_cast<size_t>(m)];
        CHECK(map.rows == 2);
        CHECK(map.cols == 3);
        CHECK(map.min.x == 10.0f);
        CHECK(map.max.y == 40.0f);
        CHECK(map.values.size() == 6);
        CHECK(map.values[0] == static_cast<float>(m * 10));
        CHECK(map.values[5] == static_cast<float>(m * 10 + 5));
        CHECK(map.borders);  // 10-pixel cells
    }
    CHECK(renderer.maps[1].values[2] == 0.0f);  // NaN became lo
    CHECK(renderer.maps[2].lo == 7.0f);
    CHECK(renderer.maps[2].hi == 8.0f);  // a flat range still divides by something
    // The clip rectangle is the window's, as the draw command carries it.
    const ImVec4 clip = renderer.clip_rects[0];
    CHECK(clip.x <= 10.0f);
    CHECK(clip.z >= 40.0f);
    CHECK(clip.w <= 600.0f);
}

TEST_CASE("grids beyond the renderer's texture size fall back to rectangles", "[heat_map]") {
    HeadlessImGui imgui;
    RecordingRenderer renderer;
    renderer.max_side = 4;
    SetHeatMapRenderer(&renderer);
    imgui.BeginFrame();
    const std::vector<float> values(5 * 3, 1.0f);
    CHECK_FALSE(DrawHeatMap(ImGui::GetWindowDrawList(), ImVec2(0, 0), ImVec2(30, 50), 5, 3,
                            values.data(), 0.0f, 2.0f));
    CHECK(HeatMapsThisFrame().drawn == 1);
    CHECK(HeatMapsThisFrame().by_renderer == 0);
    CHECK(RunCallbacks(imgui.EndFrame()).empty());
    CHECK(renderer.maps.empty());
}

TEST_CASE("DrawGrid shows numbers in large cells and a heat map with overlays in small ones",
          "[heat_map]") {
    HeadlessImGui imgui;
    RecordingRenderer renderer;
    SetHeatMapRenderer(&renderer);
    UiProbe::Get().SetEnabled(true);  // as a browser test attaches it
    const ImU32 highlight = IM_COL32(255, 0, 0, 255), override_fill = IM_COL32(0, 255, 0, 255);
    const auto look = [&](int r, int c) {
        CellLook l;
        l.value = static_cast<float>(r * 32 + c);
        l.padding = r == 0;
        if (r == 5 && c == 5) l.highlight = highlight;
        if (r == 6 && c == 6) l.fill_override = override_fill;
        return l;
    };

    // 32 x 32 cells of at most 8 pixels: a heat map. The second frame has the mouse over
    // cell (5, 7), which ImGui sees as hovered once the window exists.
    GridResult result;
    for (int frame = 0; frame < 2; ++frame) {
        ImGui::GetIO().MousePos = ImVec2(-100.0f, -100.0f);
        if (frame == 1)
            ImGui::GetIO().MousePos =
                ImVec2(result.min.x + 7.5f * result.cell, result.min.y + 5.5f * result.cell);
        renderer.maps.clear();
        imgui.BeginFrame();
        result = DrawGrid("big", 32, 32, 8.0f, ImVec2(700.0f, 500.0f), 0.0f, 1023.0f, look);
        const nlohmann::json probe = UiProbe::Get().Snapshot()["values"];
        const ImDrawData& data = imgui.EndFrame();
        CHECK(RunCallbacks(data) == "HR");
        CHECK(result.heat_map);
        CHECK(result.cell == 8.0f);
        CHECK(probe["heat_maps"] == 1);
        CHECK(probe["heat_maps_by_renderer"] == 1);
        CHECK(probe["heat_map:big"]["rows"] == 32);
        CHECK(probe["heat_map:big"]["hi"] == 1023.0f);
        REQUIRE(renderer.maps.size() == 1);
        const HeatMap& map = renderer.maps[0];
        CHECK(map.values[5 * 32 + 7] == 167.0f);
        CHECK(map.lo == 0.0f);
        CHECK(map.hi == 1023.0f);
        CHECK(map.max.x - map.min.x == 256.0f);
        // What the shader does not know is drawn on top: outlines, special fills, the padding
        // row's veil and stroke.
        const std::set<ImU32> colours = VertexColours(data);
        CHECK(colours.count(highlight) == 1);
        CHECK(colours.count(override_fill) == 1);
        CHECK(colours.count(IM_COL32(255, 255, 255, 50)) == 1);
        // and no cell is filled from the colour map by the draw list
        CHECK(colours.count(ColourMap(400.0f / 1023.0f)) == 0);
        if (frame == 1) {
            CHECK(result.hovered_row == 5);
            CHECK(result.hovered_col == 7);
            CHECK(probe["tooltip"] == "167");
        }
    }

    // 5 x 5 cells of 36 pixels: numbers, no heat map, and the count says so.
    renderer.maps.clear();
    ImGui::GetIO().MousePos = ImVec2(-100.0f, -100.0f);
    imgui.BeginFrame();
    result = DrawGrid("small", 5, 5, 36.0f, ImVec2(700.0f, 500.0f), 0.0f, 24.0f, look);
    const nlohmann::json probe = UiProbe::Get().Snapshot()["values"];
    CHECK(RunCallbacks(imgui.EndFrame()).empty());
    CHECK_FALSE(result.heat_map);
    CHECK(probe["heat_maps"] == 0);
    CHECK(renderer.maps.empty());
}

namespace {

// Every place and panel, large grids drawn as heat maps, an exercise card and an embed.
const char* const kEveryView[] = {
    "view=playground&card=qc-stride",
    "card=&panel=steps",
    "I=32x32&K=3&input=ramp&panel=steps",
    "I=5&panel=dilation",
    "type=conv_transpose&I=3&K=3&S=2&P=1&op=1&panel=transposed",
    "type=conv&I=100x20&K=4x1&P=0&op=0&panel=solver",
    "panel=code",
    "I=3x4x4&K=3&P=1&panel=steps",
    "view=rf&rf_preset=resnet50_torchvision&rf_panel=picture&erf=uniform",
    "rf_panel=table",
    "rf_panel=growth",
    "rf_panel=unet",
    "embed=1&panel=dilation",
};

}  // namespace

TEST_CASE("with no test attached, the application's frames write nothing to the probe", "[probe]") {
    UiProbe& probe = UiProbe::Get();
    probe.SetEnabled(false);
    HeadlessApplication headless;
    const uint64_t before = probe.CallsWhileDisabled();
    int frames = 0;
    for (const char* link : kEveryView) {
        const std::vector<std::string> notes = headless.app.ApplyLink(link);
        INFO(link << ": " << (notes.empty() ? "" : notes.front()));
        CHECK(notes.empty());
        headless.Frames(3);
        frames += 3;
    }
    // Not one call reached the probe, so no name or value was built for it either.
    CHECK(probe.CallsWhileDisabled() - before == 0);
    CHECK_FALSE(probe.Enabled());
    INFO(frames << " frames");
    // The hook still answers from the models, and its get attaches the probe for the frames
    // that follow, whose rectangles the next get holds.
    nlohmann::json shown = headless.Get();
    CHECK(shown["rects"].empty());
    CHECK(shown["values"]["embed"] == true);
    CHECK(shown["values"]["dilation_taps"] == 9);
    CHECK(probe.Enabled());
    headless.Frames(2);
    shown = headless.Get();
    CHECK(shown["rects"].contains("grid:dilation_input"));
    probe.SetEnabled(false);
}

TEST_CASE("attached, a get holds the frame's rectangles and the models' values", "[probe]") {
    UiProbe& probe = UiProbe::Get();
    probe.SetEnabled(false);
    HeadlessApplication headless;
    CHECK(nlohmann::json::parse(headless.app.TestCommand(R"({"cmd":"attach"})"))["attached"] ==
          true);
    CHECK(probe.Enabled());
    headless.app.ApplyLink("I=5&K=3&S=1&P=0&D=1&input=ramp&kernel=corners&panel=steps");
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    nlohmann::json shown = headless.Get();
    const nlohmann::json& v = shown["values"];
    CHECK(shown["rects"].contains("grid:input"));
    CHECK(shown["rects"].contains("control:stride S"));
    CHECK(shown["rects"].contains("menu:share"));
    CHECK(v["output_size"] == nlohmann::json::array({3, 3}));
    CHECK(v["output_values"] == nlohmann::json::array({35, 40, 45, 60, 65, 70, 85, 90, 95}));
    CHECK(v["sum"] == "1 + 3 + 7 + 11 + 13 = 35");
    CHECK(v["current_output"] == nlohmann::json::array({0, 0, 0}));
    CHECK(v["place"] == "playground");
    CHECK(v["theme"] == "dark");
    CHECK(v["state"] == shown["state"]);
    // Only the panel and the place on screen speak.
    CHECK_FALSE(v.contains("dilation_taps"));
    CHECK_FALSE(v.contains("rf_headline"));
    headless.app.ApplyLink("view=rf&rf_in=7&stack=c3p1;c3p1;c3p1&rf_panel=table");
    headless.Frames(3);
    shown = headless.Get();
    CHECK(shown["values"]["place"] == "receptive_field");
    CHECK(shown["values"]["rf_headline"]["rf"] == nlohmann::json::array({7, 7}));
    CHECK(shown["values"]["rf_table"].size() == 4);
    CHECK_FALSE(shown["values"].contains("output_size"));
    probe.SetEnabled(false);
}

TEST_CASE("values that are not finite are spelt out, never blank or a platform's spelling",
          "[grid][values]") {
    CHECK(FormatValue(-std::numeric_limits<float>::infinity()) == "-inf");
    CHECK(FormatValue(std::numeric_limits<float>::infinity()) == "inf");
    CHECK(FormatValue(std::numeric_limits<float>::quiet_NaN()) == "nan");
    CHECK(FormatValue(-std::numeric_limits<float>::quiet_NaN()) == "nan");  // glibc: "-nan"
    CHECK(FormatValue(-3.0f) == "-3");
    CHECK(FormatValue(0.125f) == "0.125");
}

TEST_CASE("a max-pooling window wholly in padding shows -inf in the grid, sum and mirror",
          "[grid][values][probe]") {
    // 2x2 input, kernel 2 dilated 3, TensorFlow 'same': pads [1, 2] per dimension, so output
    // row or column 0 reads cells -1 and 2 (both padding) and only output (1, 1) reads an
    // input cell, (0, 0).
    UiProbe& probe = UiProbe::Get();
    probe.SetEnabled(false);
    HeadlessApplication headless;
    headless.app.TestCommand(R"({"cmd":"attach"})");
    const std::vector<std::string> notes = headless.app.ApplyLink(
        "I=2&K=2&S=1&D=3&P=same&rule=tensorflow&type=max_pool&input=ramp&panel=steps");
    INFO((notes.empty() ? "" : notes.front()));
    CHECK(notes.empty());
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    const nlohmann::json shown = headless.Get();
    const nlohmann::json& v = shown["values"];
    REQUIRE(v["output_size"] == nlohmann::json::array({2, 2}));
    CHECK(v["pads"] == nlohmann::json::parse("[[1,2],[1,2]]"));
    // Output (0, 0), the current step: the window holds no input cell.
    CHECK(v["sum"] == "max of no input cell (the window is all padding) = -inf");
    // The mirror's table of output values: -inf where the window is all padding.
    const nlohmann::json mirror = nlohmann::json::parse(ControlList::Get().MirrorJson());
    const nlohmann::json* table = nullptr;
    for (const nlohmann::json& item : mirror) {
        if (item.contains("rows") && item["name"].get<std::string>().rfind("Output values", 0) == 0)
            table = &item;
    }
    REQUIRE(table != nullptr);
    const nlohmann::json& rows = (*table)["rows"];
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][1] == "-inf");
    CHECK(rows[1][2] == "-inf");
    CHECK(rows[2][1] == "-inf");
    CHECK(rows[2][2] != "-inf");
    CHECK(rows[2][2] != "nan");
    CHECK_FALSE(rows[2][2].get<std::string>().empty());
    probe.SetEnabled(false);

    // The colour scale spans the finite values, so -inf does not flatten the other cells.
    PlaygroundState state;
    state.layer = convscope::MakeLayer(convscope::LayerType::MaxPool, {2});
    state.layer.stride = {1};
    state.layer.dilation = {3};
    state.layer.padding_form = convscope::PaddingForm::Same;
    state.layer.same_rule = convscope::SameRule::TensorFlow;
    state.input = {2};
    state.RegenerateValues();
    PlaygroundModel model;
    model.Rebuild(state);
    REQUIRE(model.Ok());
    // Pads [1, 2]: output 0 reads -1 and 2 (padding), output 1 reads 0 and 3.
    REQUIRE(model.OutputCount() == 2);
    CHECK(std::isinf(model.OutputValue(Cell{0, 0, 0})));
    CHECK(model.OutputValue(Cell{0, 0, 1}) == model.InputValues()[0]);
    CHECK(model.OutputRange().lo == model.InputValues()[0]);
    CHECK(model.OutputRange().hi == model.InputValues()[0]);
}

TEST_CASE(
    "the explorer's headline and table give the central unit's field and the range "
    "over units",
    "[explorer][probe][rf_units]") {
    UiProbe& probe = UiProbe::Get();
    probe.SetEnabled(false);
    HeadlessApplication headless;
    headless.app.TestCommand(R"({"cmd":"attach"})");
    // Stride-2 conv, k2 s2 up-sampling, 3x3 conv on 16: the first unit sees 3 cells, the
    // central and every interior one 5.
    CHECK(headless.app.ApplyLink("view=rf&rf_in=16&rf_dims=1&stack=c3s2p1;t2s2;c3p1&rf_panel=table")
              .empty());
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    nlohmann::json v = headless.Get()["values"];
    CHECK(v["rf_headline"]["rf"] == nlohmann::json::array({5}));
    CHECK(v["rf_headline"]["rf_min"] == nlohmann::json::array({3}));
    CHECK(v["rf_headline"]["rf_max"] == nlohmann::json::array({5}));
    REQUIRE(v["rf_table"].size() == 4);
    CHECK(v["rf_table"][3]["rf_min"] == nlohmann::json::array({3}));
    CHECK(v["rf_table"][1]["rf_min"] == v["rf_table"][1]["rf_max"]);
    // What the screen and the mirror say: the headline and the table's cells.
    const nlohmann::json mirror = nlohmann::json::parse(ControlList::Get().MirrorJson());
    bool headline = false, cell = false;
    for (const nlohmann::json& item : mirror) {
        const std::string name = item["name"];
        headline = headline || name.find("Receptive field 5 (units 3–5)") != std::string::npos;
        if (item.contains("rows") && item["rows"].size() == 5) {
            CHECK(item["rows"][4][3] == "5 (3–5)");
            CHECK(item["rows"][2][3] == "3");
            CHECK(item["rows"][4][10].get<std::string>().find("RF varies by unit") !=
                  std::string::npos);
            cell = true;
        }
    }
    CHECK(headline);
    CHECK(cell);
    CHECK(headless.app.StatusText().find("Receptive field 5 (units 3–5)") != std::string::npos);
    // The valid U-Net: 188 at the centre, 188 to 204 over the units.
    CHECK(headless.app.ApplyLink("view=rf&rf_preset=unet_valid&rf_panel=table").empty());
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    v = headless.Get()["values"];
    CHECK(v["rf_headline"]["rf"] == nlohmann::json::array({188, 188}));
    CHECK(v["rf_headline"]["rf_max"] == nlohmann::json::array({204, 204}));
    CHECK(headless.app.StatusText().find("Receptive field 188×188 (units 188–204)") !=
          std::string::npos);
    probe.SetEnabled(false);
}

TEST_CASE("a pasted print(model)'s first warning comes right after the count of layers",
          "[explorer][probe][paste]") {
    UiProbe& probe = UiProbe::Get();
    probe.SetEnabled(false);
    HeadlessApplication headless;
    headless.app.TestCommand(R"({"cmd":"attach"})");
    CHECK(headless.app.ApplyLink("view=rf&rf_in=64x64&stack=c3p1&rf_panel=table").empty());
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    // The mirror's controls, by name.
    const auto control = [&](const std::string& name) -> ImGuiID {
        const nlohmann::json mirror = nlohmann::json::parse(ControlList::Get().MirrorJson());
        for (const nlohmann::json& item : mirror)
            if (item["name"] == name) return item["id"].get<ImGuiID>();
        return 0;
    };
    const ImGuiID header = control("Paste a network");
    REQUIRE(header != 0);
    KeyboardFocus::Get().FocusControl(header, true);
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    const ImGuiID field = control("network text");
    REQUIRE(field != 0);
    // ShuffleNetV2's first block as print(model) shows it: two strided branches.
    ControlList::Get().RequestText(
        field,
        "ShuffleNetV2(\n  (conv1): Conv2d(3, 24, kernel_size=(3, 3), stride=(2, 2), "
        "padding=(1, 1))\n  (block): InvertedResidual(\n    (branch1): Sequential(\n"
        "      (0): Conv2d(24, 24, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n"
        "      (1): Conv2d(24, 58, kernel_size=(1, 1), stride=(1, 1))\n    )\n"
        "    (branch2): Sequential(\n      (0): Conv2d(24, 58, kernel_size=(1, 1), stride=(1, 1))\n"
        "      (1): Conv2d(58, 58, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n"
        "      (2): ReLU(inplace=True)\n    )\n  )\n)\n",
        false);
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    const ImGuiID read = control("Read as a stack");
    REQUIRE(read != 0);
    KeyboardFocus::Get().FocusControl(read, true);
    headless.Frames(3, ImVec2(-100.0f, -100.0f));
    const nlohmann::json report = headless.Get()["values"]["rf_paste_report"];
    INFO(report.dump(1));
    REQUIRE(report.size() >= 3);
    CHECK(report[0] == "Read 5 layers (torch form), in print order.");
    const std::string first = report[1];
    CHECK(first.rfind("line 3: Warning: in 'block' (InvertedResidual)", 0) == 0);
    CHECK(first.find("stride is applied twice") != std::string::npos);
    CHECK(first.find("convscope graph model.onnx") != std::string::npos);
    CHECK(report[2].get<std::string>().find("ShuffleNetV2's forward() is not in the text") !=
          std::string::npos);
    probe.SetEnabled(false);
}
