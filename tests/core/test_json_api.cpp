// The JSON API: every seed document's number (tests/data/seed_cases.json) through the one
// entry point, and malformed or hostile requests answered with errors, never a crash.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/api/json_api.h"

using convscope::EvalRequest;
using nlohmann::json;

namespace {

json LoadJson(const std::string& name) {
    std::ifstream file(std::string(CONVSCOPE_TEST_DATA_DIR) + "/" + name);
    REQUIRE(file.good());
    return json::parse(file);
}

// "solutions.0.pads" -> response["solutions"][0]["pads"]; null when missing.
const json* Lookup(const json& root, const std::string& path) {
    const json* node = &root;
    std::stringstream parts(path);
    std::string part;
    while (std::getline(parts, part, '.')) {
        if (node->is_object() && node->contains(part)) {
            node = &(*node)[part];
        } else if (node->is_array() && !part.empty() &&
                   std::isdigit(static_cast<unsigned char>(part[0])) &&
                   std::stoul(part) < node->size()) {
            node = &(*node)[std::stoul(part)];
        } else {
            return nullptr;
        }
    }
    return node;
}

bool Matches(const json& got, const json& want) {
    if (want.is_number() && got.is_number()) {
        const double g = got.get<double>(), w = want.get<double>();
        return std::fabs(g - w) <= 1e-4 * std::max(1.0, std::fabs(w));
    }
    if (want.is_array() && got.is_array()) {
        if (want.size() != got.size()) return false;
        for (size_t i = 0; i < want.size(); ++i) {
            if (!Matches(got[i], want[i])) return false;
        }
        return true;
    }
    return got == want;
}

}  // namespace

TEST_CASE("every number of the seed documents comes out of the core", "[api][seed]") {
    const json cases = LoadJson("seed_cases.json");
    REQUIRE(cases.size() >= 150);
    int checked = 0;
    for (const json& c : cases) {
        const std::string id = c["id"];
        INFO(id << ": " << c["source"].get<std::string>());
        const json response = json::parse(EvalRequest(c["request"].dump()));
        INFO("response: " << response.dump().substr(0, 400));
        const json& expect = c["expect"];
        if (expect.contains("error")) {
            CHECK(response.contains("error"));
            if (c.contains("error_mentions")) {
                for (const json& word : c["error_mentions"]) {
                    CHECK(response.value("error", "").find(word.get<std::string>()) !=
                          std::string::npos);
                }
            }
            ++checked;
            continue;
        }
        REQUIRE_FALSE(response.contains("error"));
        for (auto it = expect.begin(); it != expect.end(); ++it) {
            INFO("field " << it.key() << " expected " << it.value().dump());
            const json* got = Lookup(response, it.key());
            REQUIRE(got != nullptr);
            CHECK(Matches(*got, it.value()));
        }
        ++checked;
    }
    CHECK(checked == static_cast<int>(cases.size()));
}

TEST_CASE("the chapter's 5x5 example through the API", "[api][seed]") {
    const std::string request =
        R"({"op":"conv","layer":{"kernel":3,"stride":2},"x":[[[[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],[21,22,23,24,25]]]],"w":[[[[1,0,1],[0,1,0],[1,0,1]]]]})";
    const json r = json::parse(EvalRequest(request));
    CHECK(r["output"] == json({1, 1, 2, 2}));
    CHECK(r["y"] == json::parse("[[[[35.0,45.0],[85.0,95.0]]]]"));
}

TEST_CASE("malformed and hostile requests get a clear error", "[api][errors]") {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"", "malformed JSON"},
        {"nonsense", "malformed JSON"},
        {"[1,2,3]", "JSON object"},
        {R"({"op":"shape"})", "input"},
        {R"({"op":"fly"})", "unknown op"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":3,"stride":0}})",
         "stride must be at least 1"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":3.5}})", "whole number"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":"3"}})", "whole number"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":3,"strides":2}})",
         "unknown layer field 'strides'"},
        {R"({"op":"shape","input":[5,5],"layer":{"kernel":[3,3,3]}})", "3 values"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":3,"padding":"sometimes"}})",
         "not a padding name"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":3,"padding":[[1,2,3]]}})",
         "[before, after] pair"},
        {R"({"op":"shape","input":[99999999999999999999],"layer":{"kernel":3}})", "whole number"},
        {R"({"op":"shape","input":[18446744073709551615],"layer":{"kernel":3}})", "limit"},
        {R"({"op":"shape","input":[5],"layer":{"kernel":1e300}})", "whole number"},
        {R"({"op":"shape","input":[1,2,3,4],"layer":{"kernel":1}})", "1, 2 or 3"},
        {R"({"op":"conv","layer":{"kernel":3},"x":[[[1,2,3]]]})", "needs weights"},
        {R"({"op":"conv","layer":{"kernel":3},"x":[[[1,2,3],[4,5]]],"w":[[[1,1,1]]]})",
         "not rectangular"},
        {R"({"op":"conv","layer":{"kernel":3},"x":[[[1,2,"a"]]],"w":[[[1,1,1]]]})",
         "where a number belongs"},
        {R"({"op":"conv","layer":{"kernel":2},"x":[[[1,2,3]]],"w":[[[1,1,1]]]})", "kernel size"},
        {R"({"op":"conv","layer":{"type":"max_pool","kernel":2},"x":[[[1,2,3]]],"w":[[[1,1]]]})",
         "no weights"},
        {R"({"op":"receptive_field","input":[32],"layers":[{"kernel":3},{"kernel":40}]})",
         "layer 2"},
        {R"({"op":"solve_padding","input":[32],"target":[10],"layer":{"kernel":3}})", "already 30"},
    };
    for (const auto& [request, words] : bad) {
        INFO("request: " << request);
        const json r = json::parse(EvalRequest(request));
        REQUIRE(r.contains("error"));
        CHECK(r["error"].get<std::string>().find(words) != std::string::npos);
    }
}

TEST_CASE("huge and deep requests are refused before they cost memory", "[api][limits]") {
    // A tensor of 2^26 cells is refused from its shape, before its values are read.
    const std::string big_shape =
        R"({"op":"shape","input":[1073741824,1073741824],"layer":{"kernel":1}})";
    CHECK_FALSE(json::parse(EvalRequest(big_shape)).contains("error"));
    std::string deep(100000, '[');
    CHECK(json::parse(EvalRequest(deep))["error"].get<std::string>().find("deeper") !=
          std::string::npos);
    // Work caps: a huge convolution is refused by its multiply-accumulate count.
    const json r = json::parse(EvalRequest(
        R"({"op":"shape","input":[1073741824],"layer":{"kernel":1073741824,"stride":1,"padding":0}})"));
    CHECK(r["output"] == json({1}));
    std::string wide = R"({"op":"conv","layer":{"kernel":1},"x":[[[)";
    for (int i = 0; i < 1000; ++i) wide += (i ? ",1" : "1");
    wide += R"(]]],"w":[[[1]]],"b":[0]})";
    CHECK(json::parse(EvalRequest(wide))["output"] == json({1, 1, 1000}));
}

TEST_CASE("an id travels from request to response", "[api]") {
    const json r =
        json::parse(EvalRequest(R"({"op":"shape","id":"a7","input":[5],"layer":{"kernel":3}})"));
    CHECK(r["id"] == "a7");
    const json e =
        json::parse(EvalRequest(R"({"op":"shape","id":7,"input":[5],"layer":{"kernel":9}})"));
    CHECK(e["id"] == 7);
    CHECK(e.contains("error"));
}

TEST_CASE("taps: which cells an output reads and which outputs read a cell", "[api][taps]") {
    const json r = json::parse(EvalRequest(
        R"({"op":"taps","input":[9],"layer":{"kernel":3,"stride":2,"padding":1,"dilation":2},"output_index":[0],"input_index":[3]})"));
    REQUIRE(r["taps"].size() == 1);
    CHECK(r["taps"][0][0]["input"] == -1);
    CHECK(r["taps"][0][0]["padding"] == true);
    CHECK(r["taps"][0][2]["input"] == 3);
    CHECK(r["outputs"] == json::parse("[[0,1,2]]"));
    CHECK(json::parse(EvalRequest(
              R"({"op":"taps","input":[9],"layer":{"kernel":3},"output_index":[7]})"))["error"]
              .get<std::string>()
              .find("outside 0..6") != std::string::npos);
}

TEST_CASE("a max-pooling window wholly in padding is written \"-inf\"", "[api][pool]") {
    // JSON has no infinity (docs/api.md): PyTorch's -inf for an empty max window is the
    // string "-inf". Kernel 2 dilated 3 reads cells o - pad_before and o - pad_before + 3.
    // On [7] with TensorFlow's 'same' (pads [1, 2]) the one window reads -1 and 2: padding.
    const json empty = json::parse(
        EvalRequest(R"({"op":"conv","layer":{"type":"max_pool","kernel":2,"stride":1,"dilation":3,)"
                    R"("padding":"same","same_rule":"tensorflow"},"x":[[[7]]]})"));
    CHECK(empty["pads"] == json::parse("[[1,2]]"));
    CHECK(empty["y"] == json::parse(R"([[["-inf"]]])"));
    // 'full' on [4, 9] (pads [3, 3]): window 2 reads -1 and 2, both padding; the others
    // hold an input cell and stay numbers.
    const json full = json::parse(
        EvalRequest(R"({"op":"conv","layer":{"type":"max_pool","kernel":2,"stride":1,"dilation":3,)"
                    R"("padding":"full"},"x":[[[4,9]]]})"));
    CHECK(full["pads"] == json::parse("[[3,3]]"));
    CHECK(full["y"] == json::parse(R"([[[4.0,9.0,"-inf",4.0,9.0]]])"));
    CHECK(full["y"][0][0][0].is_number());
}

TEST_CASE("padding modes fill the border as PyTorch does", "[api][modes]") {
    // A 1x1 identity kernel with padding 2 shows the padded input itself.
    const auto padded = [](const char* mode) {
        const json r = json::parse(EvalRequest(
            std::string(R"({"op":"conv","layer":{"kernel":1,"padding":2,"padding_mode":")") + mode +
            R"("},"x":[[[1,2,3]]],"w":[[[1]]]})"));
        return r["y"][0][0];
    };
    CHECK(padded("zeros") == json::parse("[0,0,1,2,3,0,0]"));
    CHECK(padded("reflect") == json::parse("[3,2,1,2,3,2,1]"));  // the edge cell is not repeated
    CHECK(padded("replicate") == json::parse("[1,1,1,2,3,3,3]"));
    CHECK(padded("circular") == json::parse("[2,3,1,2,3,1,2]"));
}
