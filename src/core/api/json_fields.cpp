// Shared JSON API fields (see json_fields.h).
#include "core/api/json_fields.h"

#include <cmath>
#include <string>

#include "core/layer/error.h"

namespace convscope {

using nlohmann::json;

std::vector<int64_t> ReadSizes(const json& request, const char* field) {
    if (!request.contains(field))
        throw Error(std::string("the request needs \"") + field + "\": a list of spatial sizes");
    const json& v = request[field];
    if (!v.is_array() || v.empty())
        throw Error(std::string(field) + " must be a list of 1 to 3 sizes, got " +
                    v.dump().substr(0, 40));
    if (v.size() > static_cast<size_t>(kMaxSpatialDims)) {
        throw Error(std::string(field) + " has " + std::to_string(v.size()) +
                    " sizes; ConvScope handles 1, 2 or 3 spatial dimensions");
    }
    std::vector<int64_t> sizes;
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number_integer())
            throw Error(std::string(field) + "[" + std::to_string(i) +
                        "] must be a whole number, got " + v[i].dump().substr(0, 40));
        if (v[i].is_number_unsigned() && v[i].get<uint64_t>() > static_cast<uint64_t>(kMaxExtent)) {
            throw Error(std::string(field) + "[" + std::to_string(i) + "] is " + v[i].dump() +
                        ", larger than ConvScope's limit of " + std::to_string(kMaxExtent));
        }
        sizes.push_back(v[i].get<int64_t>());
    }
    return sizes;
}

json CountJson(double value) {
    if (value >= 0 && value < 9.0e15 && value == std::floor(value))
        return static_cast<int64_t>(value);
    return value;
}

json PadsJson(const std::vector<PadPair>& pads) {
    json out = json::array();
    for (const PadPair& p : pads) out.push_back({p.before, p.after});
    return out;
}

}  // namespace convscope
