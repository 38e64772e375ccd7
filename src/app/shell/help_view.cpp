// The help view (see help_view.h).
#include "app/shell/help_view.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/explorer/rf_picture.h"
#include "app/playground/playground_view.h"
#include "app/widgets/control_list.h"
#include "app/widgets/grid_view.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"

namespace convscope::app {

namespace {

constexpr const char* kTitle = "ConvScope help";

// The headings, in the order they are drawn.
constexpr const char* kSections[] = {"The two places",           "Parameter playground",
                                     "Receptive-field explorer", "Keys and gestures",
                                     "What the colours mean",    "Links, figures and images"};

void Heading(int index) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, CurrentTheme().heading_text);
    ListedHeading(kSections[index]);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

// "name: what it does", the name set apart.
void Entry(const char* name, const char* text) {
    ImGui::Bullet();
    ImGui::TextUnformatted(name);
    ImGui::SameLine(0.0f, ImGui::GetFontSize() * 0.4f);
    ImGui::TextWrapped("%s", text);
    ListText(std::string(name) + ": " + text);
}

void DrawContents() {
    Heading(0);
    ListedTextWrappedF(
        "ConvScope works out convolution arithmetic and shows it. The parameter playground "
        "takes one layer apart: how its sizes, stride, padding and dilation give the output. "
        "The receptive-field explorer follows a stack of layers: how much of the input each "
        "unit sees. Switch with the tabs at the top (or View).");

    Heading(1);
    ListedTextWrappedF(
        "Set the layer on the left: its type (convolution, transposed convolution, max or "
        "average pooling, nearest or linear upsampling, pixel shuffle or unshuffle), 1-D, 2-D "
        "or 3-D, the sizes, the padding and its mode. The formula above the panels works the "
        "output size out with your numbers.");
    Entry("Step through:",
          "the input, kernel and output grids; each step computes one output "
          "cell from the input cells it reads, its sum written below.");
    Entry("Channels:",
          "C_in, C_out, groups and the depth multiplier: every channel drawn, each output "
          "channel wired to the input channels of its group, and the parameters and "
          "multiply-accumulates of the standard, grouped, depthwise and separable versions.");
    Entry("Dilation:", "the cells a dilated kernel reads, and the chapter's k_eff table.");
    Entry("Transposed = convolution:",
          "a transposed convolution redone as zeros inserted, padding and an ordinary "
          "convolution with the flipped kernel, checked on the values.");
    Entry("Overlap:",
          "how many kernel taps of a transposed convolution land on each output cell (the "
          "checkerboard of kernel 3, stride 2), beside three even remedies.");
    Entry("Up-samplers:",
          "one input through a transposed convolution, nearest or bilinear upsampling then a "
          "convolution, and a convolution then pixel shuffle, with shapes and weights.");
    Entry("Padding solver:",
          "the padding that gives the output size you want, as PyTorch, "
          "TensorFlow and ONNX write it.");
    Entry("Code:", "the layer as PyTorch, Keras or ONNX code, with its output shape.");

    Heading(2);
    ListedTextWrappedF(
        "Build a stack with the + buttons, load a preset (VGG, ResNet, WaveNet, ...) or paste "
        "a network printed by PyTorch. Select a layer to edit it.");
    Entry("Field on the input:",
          "click a unit of a layer's output: its receptive field on the "
          "input, or (effective field) how strongly each input cell "
          "moves it.");
    Entry("Table:",
          "every layer's output size, receptive field, jump and where its field "
          "starts; copy it as CSV or Markdown.");
    Entry("Growth:", "the receptive field against depth, beside linear and dilated growth.");
    Entry("U-Net planner:", "input sizes for which every skip connection lines up.");

    Heading(3);
    Entry("Space", "plays or pauses the steps; Left and Right arrows step back and on.");
    Entry("?", "opens this help; Esc closes it and any open box.");
    Entry("Tab",
          "moves between the controls (Shift+Tab back); arrows change a slider or move the "
          "cell of a grid, which shows its taps; Enter or Space presses. In a course page, Tab "
          "after the last control or Esc goes back to the page. Alt+Up and Alt+Down move the "
          "focused layer of a stack.");
    Entry("Click or tap a cell",
          "of the input or kernel to type its value; an output cell "
          "to go to its step.");
    Entry("Point at an input cell", "to see the outputs it feeds.");
    Entry("Drag a slider", "to change a number; Ctrl+click it to type one.");
    Entry("Wheel or swipe", "scrolls a panel; Ctrl+V pastes into a text field.");
    Entry("In the desktop program",
          "Ctrl+Q quits, Ctrl+O opens a model, Ctrl+C copies the link (outside a text field), "
          "Ctrl + and Ctrl - zoom, Ctrl+0 resets it; the window, zoom, theme and state come "
          "back at the next start.");

    Heading(4);
    // The places' own keys: the help cannot name a colour differently from the grids.
    std::vector<KeyItem> key = StepsKey(true);
    for (const KeyItem& item : FieldKey(false)) key.push_back(item);
    DrawGridKey("help", key);
    DrawColourScale("help", "cell values, smallest to largest:", 0.0f, 1.0f);
    ListedTextWrappedF(
        "Grids too small for readable numbers are drawn as heat maps: point at (or tap) a "
        "cell for its value.");

    Heading(5);
    ListedTextWrappedF(
        "The address always holds the current state. Share -> Copy link gives it to others; "
        "Share -> Copy embed code gives an iframe for a course page; Share -> Save image "
        "saves the view as PNG.");
}

}  // namespace

void HelpView::Draw() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && !open_) {
        const bool question =
            std::find(io.InputQueueCharacters.begin(), io.InputQueueCharacters.end(),
                      static_cast<ImWchar>('?')) != io.InputQueueCharacters.end();
        if (question) open_requested_ = true;
    }
    if (open_requested_) {
        ImGui::OpenPopup(kTitle);
        open_requested_ = false;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImVec2 size(std::min(viewport->WorkSize.x * 0.94f, ImGui::GetFontSize() * 46.0f),
                      viewport->WorkSize.y * 0.88f);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                   viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    open_ = ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_NoResize);
    if (!open_) return;
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("help_text", ImVec2(0.0f, -footer));
    DrawContents();
    ImGui::EndChild();
    const bool close = ImGui::Button("Close", ImVec2(ImGui::GetFontSize() * 7.0f, 0.0f));
    ProbeLastItem("help:close");
    if (close || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ImGui::CloseCurrentPopup();
        open_ = false;
    }
    ImGui::EndPopup();
}

nlohmann::json HelpView::TestValues() const {
    nlohmann::json sections = nlohmann::json::array();
    for (const char* section : kSections) sections.push_back(section);
    return {{"open", open_}, {"sections", sections}};
}

}  // namespace convscope::app
