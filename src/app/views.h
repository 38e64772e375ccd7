// The views of the two places. Each draws into the current ImGui window.
#pragma once

namespace convscope::app {

void DrawReceptiveFieldPlaceholder();

}  // namespace convscope::app
