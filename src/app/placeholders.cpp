// First views of the two places: one default configuration each, computed by the core.
#include <imgui.h>

#include "app/views.h"
#include "core/arithmetic.h"

namespace convscope::app {

void DrawPlaygroundPlaceholder() {
    const int64_t input = 5, kernel = 3, stride = 1, padding = 0, dilation = 1;
    const int64_t k_eff = EffectiveKernel(kernel, dilation);
    const int64_t output = ConvOutputSize(input, kernel, stride, padding, padding, dilation);
    ImGui::TextUnformatted("Convolution, one axis: I = 5, K = 3, S = 1, P = 0, D = 1");
    ImGui::Spacing();
    ImGui::Text("k_eff = D·(K−1)+1 = %lld·(%lld−1)+1 = %lld", static_cast<long long>(dilation),
                static_cast<long long>(kernel), static_cast<long long>(k_eff));
    ImGui::Text("O = ⌊(I + 2P − k_eff)/S⌋ + 1 = ⌊(%lld + %lld − %lld)/%lld⌋ + 1 = %lld",
                static_cast<long long>(input), static_cast<long long>(2 * padding),
                static_cast<long long>(k_eff), static_cast<long long>(stride),
                static_cast<long long>(output));
}

void DrawReceptiveFieldPlaceholder() {
    ImGui::TextUnformatted("Three 3×3 convolutions, stride 1, padding 1:");
    ImGui::Spacing();
    if (ImGui::BeginTable("rf", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("layer");
        ImGui::TableSetupColumn("receptive field");
        ImGui::TableSetupColumn("jump");
        ImGui::TableSetupColumn("first unit starts at");
        ImGui::TableHeadersRow();
        AxisField field;
        for (int layer = 1; layer <= 3; ++layer) {
            field = GrowField(field, AxisLayer{3, 1, 1, 1});
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("conv %d", layer);
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.size));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.jump));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.first));
        }
        ImGui::EndTable();
    }
}

}  // namespace convscope::app
