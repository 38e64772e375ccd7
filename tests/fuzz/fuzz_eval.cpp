// libFuzzer target for the JSON entry point: any bytes in, a JSON response out, never a
// crash, a hang or a sanitizer report. The response must always parse and be an object.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/api/json_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string request(reinterpret_cast<const char*>(data), size);
    const std::string response = convscope::EvalRequest(request);
    const nlohmann::json parsed = nlohmann::json::parse(response, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) std::abort();
    return 0;
}
