// The never-throwing envelope of JSON requests (see json_answer.h).
#include "core/api/json_answer.h"

#include <exception>
#include <new>

#include "core/layer/error.h"

namespace convscope {

namespace {

using nlohmann::json;

// Deeply nested input would only waste memory: parsing stops beyond the depth any request
// needs (a 3-D tensor is 5 levels inside the request object).
constexpr int kMaxJsonDepth = 16;

std::string Text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string AnswerJsonText(const std::string& request_text,
                           const std::function<json(const json&)>& answer) {
    json id;
    try {
        if (request_text.size() > kMaxRequestBytes) {
            throw Error("the request is " + std::to_string(request_text.size()) +
                        " bytes, more than the limit of " + std::to_string(kMaxRequestBytes));
        }
        const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t, json&) {
            if (depth > kMaxJsonDepth)
                throw Error("the request nests deeper than " + std::to_string(kMaxJsonDepth) +
                            " levels");
            return true;
        };
        const json request = json::parse(request_text, limit_depth);
        if (request.is_object() && request.contains("id")) id = request["id"];
        return Text(answer(request));
    } catch (const Error& e) {
        json out = {{"error", e.what()}};
        if (!id.is_null()) out["id"] = id;
        return Text(out);
    } catch (const json::exception& e) {
        return Text({{"error", std::string("malformed JSON: ") + e.what()}});
    } catch (const std::bad_alloc&) {
        return R"({"error":"out of memory while answering the request"})";
    } catch (const std::exception& e) {
        return Text({{"error", std::string("internal error: ") + e.what()}});
    }
}

}  // namespace convscope
