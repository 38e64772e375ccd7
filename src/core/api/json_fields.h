// Reading and writing the fields every JSON API op shares: spatial size lists, counts that
// print as integers when whole, and [before, after] padding pairs. Used by json_api.cpp and
// json_rf_ops.cpp, so both answer a malformed size list with the same message.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

// request[field] as 1 to 3 whole sizes up to kMaxExtent; throws Error naming the field.
std::vector<int64_t> ReadSizes(const nlohmann::json& request, const char* field);

// A parameter or MAC count: an integer when it is a whole number, else a double.
nlohmann::json CountJson(double value);

// [[before, after], ...] per dimension.
nlohmann::json PadsJson(const std::vector<PadPair>& pads);

}  // namespace convscope
