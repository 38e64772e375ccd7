// The JSON API's receptive-field explorer requests (presets, network_from_text,
// network_to_text, rf_table, effective_rf, unet_plan), registered by json_api.cpp's
// dispatch table and documented in docs/api.md. Each throws Error for refusals.
#pragma once

#include <nlohmann/json.hpp>

namespace convscope::rf_ops {

nlohmann::json OpPresets(const nlohmann::json& request);
nlohmann::json OpNetworkFromText(const nlohmann::json& request);
nlohmann::json OpNetworkToText(const nlohmann::json& request);
nlohmann::json OpRfTable(const nlohmann::json& request);
nlohmann::json OpEffectiveRf(const nlohmann::json& request);
nlohmann::json OpUNetPlan(const nlohmann::json& request);

}  // namespace convscope::rf_ops
