// First views of the two places: one default configuration each, computed by the core.
#include <imgui.h>

#include "app/views.h"
#include "core/arithmetic.h"
#include "core/receptive_field.h"
#include "core/shape.h"

namespace convscope::app {

void DrawPlaygroundPlaceholder() {
    const int64_t input = 5, kernel = 3, stride = 1, padding = 0, dilation = 1;
    const int64_t k_eff = EffectiveKernel(kernel, dilation);
    const int64_t output = ComputeShape({input}, [&] { Layer l = MakeLayer(LayerType::Conv, {kernel}); l.stride = {stride}; l.padding = {PadPair{padding, padding}}; l.dilation = {dilation}; return l; }()).output[0];
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
