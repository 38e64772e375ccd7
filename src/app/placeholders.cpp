// The receptive-field explorer's first view: one default stack, computed by the core.
#include <imgui.h>

#include "app/views.h"
#include "core/arithmetic.h"
#include "core/receptive_field.h"
#include "core/shape.h"

namespace convscope::app {

void DrawReceptiveFieldPlaceholder() {
    ImGui::TextUnformatted("Three 3×3 convolutions, stride 1, padding 1:");
    ImGui::Spacing();
    if (ImGui::BeginTable("rf", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("layer");
        ImGui::TableSetupColumn("receptive field");
        ImGui::TableSetupColumn("jump");
        ImGui::TableSetupColumn("first unit starts at");
        ImGui::TableHeadersRow();
        const Layer conv3 = [] {
            Layer layer = MakeLayer(LayerType::Conv, {3});
            layer.padding = {PadPair{1, 1}};
            return layer;
        }();
        const std::vector<LayerField> fields = ComputeReceptiveFields({32}, {conv3, conv3, conv3});
        for (size_t layer = 0; layer < fields.size(); ++layer) {
            const LayerField& field = fields[layer];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("conv %d", static_cast<int>(layer + 1));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.rf[0]));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.jump[0].numerator));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(field.range[0].lo));
        }
        ImGui::EndTable();
    }
}

}  // namespace convscope::app
