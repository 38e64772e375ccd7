// The framework code panel (see code_panel.h).
#include "app/code_panel.h"

#include <imgui.h>

namespace convscope::app {

void DrawCodePanel(const PlaygroundState&, const PlaygroundModel&) { ImGui::TextUnformatted("Framework code"); }

}  // namespace convscope::app
