// The receptive-field explorer's JSON requests: one answer each, the refusals, and that
// malformed requests come back as {"error": ...} without throwing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/api/json_api.h"

using convscope::EvalRequest;
using nlohmann::json;

namespace {

json Ask(const json& request) { return json::parse(EvalRequest(request.dump())); }

}  // namespace

TEST_CASE("presets op", "[json][presets]") {
    const json all = Ask({{"op", "presets"}});
    REQUIRE(all.contains("presets"));
    CHECK(all["presets"].size() >= 14);
    const json one = Ask({{"op", "presets"}, {"key", "vgg16"}});
    const json& vgg = one["preset"];
    CHECK(vgg["input"] == json({224, 224}));
    CHECK(vgg["layers"].size() == 18);
    CHECK(vgg["layers"][0]["name"] == "conv1_1");
    CHECK(vgg["fomoro"] ==
          "#3,1,1,SAME;3,1,1,SAME;2,2,1,0;3,1,1,SAME;3,1,1,SAME;2,2,1,0;3,1,1,SAME;3,1,1,SAME;3,1,"
          "1,SAME;"
          "2,2,1,0;3,1,1,SAME;3,1,1,SAME;3,1,1,SAME;2,2,1,0;3,1,1,SAME;3,1,1,SAME;3,1,1,SAME;2,2,1,"
          "0");
    CHECK(vgg["published"][12]["rf"] == 212);
    CHECK(vgg["published"][12]["effective_padding"] == 90);
    // The preset's layers go straight back into the receptive_field op.
    const json rf =
        Ask({{"op", "receptive_field"}, {"input", vgg["input"]}, {"layers", vgg["layers"]}});
    CHECK(rf["layers"][17]["rf"] == json({212, 212}));
    CHECK(Ask({{"op", "presets"}, {"key", "vgg17"}}).contains("error"));
}

TEST_CASE("network_from_text and network_to_text ops", "[json][text]") {
    const json f =
        Ask({{"op", "network_from_text"}, {"text", "#3,1,1,SAME;2,2,1,VALID"}, {"dims", 1}});
    CHECK(f["format"] == "fomoro");
    CHECK(f["dims"] == 1);
    CHECK(f["layers"].size() == 2);
    CHECK(f["fomoro"] == "#3,1,1,SAME;2,2,1,VALID");
    const json t = Ask(
        {{"op", "network_from_text"},
         {"text",
          "Sequential(\n  (0): Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n"
          "  (1): ReLU()\n  (2): what is this\n)\n"}});
    CHECK(t["format"] == "torch");
    CHECK(t["dims"] == 2);
    REQUIRE(t["layers"].size() == 1);
    CHECK(t["layers"][0]["stride"] == json({2, 2}));
    CHECK(t["layers"][0]["name"] == "0");
    CHECK(t["unparsed"][0]["line"] == 4);
    CHECK(t["notes"][0]["line"] == 3);
    const json back =
        Ask({{"op", "network_to_text"}, {"input", {32, 32}}, {"layers", t["layers"]}});
    CHECK(back["fomoro"] == "#3,2,1,1");
    CHECK(Ask({{"op", "network_from_text"}, {"text", "#3,1"}})["error"].get<std::string>().find(
              "layer 1") != std::string::npos);
    CHECK(Ask({{"op", "network_from_text"}, {"text", 5}}).contains("error"));
    CHECK(Ask({{"op", "network_from_text"}, {"text", "#3,1,1,1"}, {"format", "keras"}})
              .contains("error"));
    CHECK(
        Ask({{"op", "network_to_text"}, {"layers", {{{"type", "conv_transpose"}, {"kernel", 2}}}}})
            .contains("error"));
}

TEST_CASE("rf_table op", "[json][table]") {
    const json csv = Ask({{"op", "rf_table"}, {"preset", "chapter_3x3"}, {"format", "csv"}});
    CHECK(csv["text"].get<std::string>().rfind("layer,name,type,dim,", 0) == 0);
    const json md = Ask({{"op", "rf_table"},
                         {"input", {7, 7}},
                         {"layers", {{{"kernel", 3}, {"padding", 1}}}},
                         {"format", "markdown"}});
    CHECK(md["text"].get<std::string>().find("| 1 |  | conv 3x3 p1 | 7×7 | 3×3 |") !=
          std::string::npos);
    const json rows = Ask({{"op", "rf_table"}, {"preset", "resnet50_v1_slim"}});
    CHECK(rows["rows"].back()["rf"] == json({483, 483}));
    CHECK(rows["rows"].back()["effective_padding"] == json({239, 239}));
    CHECK(rows["rows"].back()["centre_index"] == json({2.0, 2.0}));
    CHECK(rows["rows"].back()["centre_pixel"] == json({2.5, 2.5}));
    // Another input for a preset.
    CHECK(Ask({{"op", "rf_table"}, {"preset", "vgg16"}, {"input", {32, 32}}})["rows"]
              .back()["output"] == json({1, 1}));
    CHECK(Ask({{"op", "rf_table"}, {"preset", "vgg16"}, {"input", {32}}}).contains("error"));
    CHECK(
        Ask({{"op", "rf_table"}, {"preset", "chapter_3x3"}, {"format", "xml"}}).contains("error"));
}

TEST_CASE("effective_rf op", "[json][erf]") {
    const json r = Ask(
        {{"op", "effective_rf"}, {"input", {9}}, {"layers", {{{"kernel", 3}}, {{"kernel", 3}}}}});
    CHECK(r["unit"] == json({2}));
    CHECK(r["theoretical"] == json({{2, 6}}));
    CHECK(r["map"] == json({0, 0, 0.333333, 0.666667, 1, 0.666667, 0.333333, 0, 0}));
    CHECK(r["nonzero"] == 5);
    const json summary = Ask({{"op", "effective_rf"},
                              {"preset", "resnet50_torchvision"},
                              {"map", false},
                              {"weights", "random"},
                              {"seed", 3},
                              {"channels", 2}});
    CHECK_FALSE(summary.contains("map"));
    CHECK(summary["input"] == json({224, 224}));
    CHECK(summary["radius90"].get<double>() > summary["radius50"].get<double>());
    CHECK(Ask({{"op", "effective_rf"}, {"preset", "vgg16"}, {"weights", "gaussian"}})
              .contains("error"));
    CHECK(Ask({{"op", "effective_rf"}, {"preset", "vgg16"}, {"unit", {99, 0}}}).contains("error"));
    CHECK(Ask({{"op", "effective_rf"}, {"preset", "vgg16"}, {"channels", 100}}).contains("error"));
}

TEST_CASE("unet_plan op", "[json][unet]") {
    const json p = Ask({{"op", "unet_plan"}, {"input", {572, 572}}});
    CHECK(p["output"] == json({388, 388}));
    CHECK(p["levels"][0]["crop"] == json({{88, 88}, {88, 88}}));
    CHECK(p["clean"] == true);
    const json same = Ask({{"op", "unet_plan"}, {"input", {572}}, {"padding", "same"}});
    CHECK(same["levels"][3]["fixes"][0]["output_padding"] == json({1}));
    const json custom = Ask({{"op", "unet_plan"},
                             {"input", {64}},
                             {"depth", 2},
                             {"down", {{{"kernel", 3}, {"padding", 1}}}},
                             {"up_block", json::array()},
                             {"head", json::array()},
                             {"up", {{"type", "conv_transpose"}, {"kernel", 2}, {"stride", 2}}}});
    CHECK(custom["output"] == json({64}));
    CHECK(custom["skips_exact"] == true);
    CHECK(Ask({{"op", "unet_plan"}, {"input", {100}}})["error"].get<std::string>().find("bottom") !=
          std::string::npos);
    CHECK(Ask({{"op", "unet_plan"}, {"input", {572}}, {"padding", "full"}}).contains("error"));
    CHECK(Ask({{"op", "unet_plan"}, {"input", {572}}, {"depth", 0}}).contains("error"));
}

TEST_CASE("malformed explorer requests never throw", "[json][errors]") {
    const char* requests[] = {
        R"({"op":"presets","key":7})",
        R"({"op":"rf_table"})",
        R"({"op":"rf_table","input":[7],"layers":{}})",
        R"({"op":"rf_table","input":[7],"layers":[{"kernel":3,"name":5}]})",
        R"({"op":"effective_rf","input":[7],"layers":[]})",
        R"({"op":"effective_rf","input":[0],"layers":[{"kernel":1}]})",
        R"({"op":"effective_rf","input":[7],"layers":[{"kernel":3}],"layer":-2})",
        R"({"op":"effective_rf","input":[7],"layers":[{"kernel":3}],"seed":-1})",
        R"({"op":"effective_rf","input":[7],"layers":[{"kernel":3}],"map":"yes"})",
        R"({"op":"effective_rf","input":[1073741824,1073741824],"layers":[{"kernel":1}]})",
        R"({"op":"unet_plan","input":[572],"pool":{"type":"max_pool","kernel":[2,2]}})",
        R"({"op":"unet_plan","input":[1],"depth":16})",
        R"({"op":"network_to_text","layers":[{"kernel":[3,1]}],"dims":2})",
        R"({"op":"network_from_text","text":"#0,0,0,0"})",
        R"({"op":"network_from_text","text":"((((((((","dims":9})",
    };
    for (const char* r : requests) {
        INFO(r);
        std::string response;
        CHECK_NOTHROW(response = EvalRequest(r));
        CHECK(json::parse(response).contains("error"));
    }
}
