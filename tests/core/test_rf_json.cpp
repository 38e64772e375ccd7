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
    // A Sequential of standard modules: only the root note, saying it runs in print order.
    REQUIRE(t["warnings"].size() == 1);
    CHECK(t["warnings"][0]["line"] == 0);
    CHECK(t["warnings"][0]["message"].get<std::string>().find("runs them in print order") !=
          std::string::npos);
    CHECK(f["warnings"] == json::array());
    // ShuffleNetV2's first block: two strided sibling branches read in series.
    const json shuffle =
        Ask({{"op", "network_from_text"},
             {"text",
              "Net(\n  (block): InvertedResidual(\n    (branch1): Sequential(\n"
              "      (0): Conv2d(24, 24, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n"
              "      (1): Conv2d(24, 58, kernel_size=(1, 1), stride=(1, 1))\n    )\n"
              "    (branch2): Sequential(\n"
              "      (0): Conv2d(24, 58, kernel_size=(1, 1), stride=(1, 1))\n"
              "      (1): Conv2d(58, 58, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n"
              "    )\n  )\n)\n"}});
    REQUIRE(shuffle["warnings"].size() == 2);
    CHECK(shuffle["warnings"][0]["line"] == 2);
    const std::string first = shuffle["warnings"][0]["message"];
    CHECK(first.find("'block' (InvertedResidual)") != std::string::npos);
    CHECK(first.find("'block.branch1' and 'block.branch2' are both strided") != std::string::npos);
    CHECK(first.find("convscope graph model.onnx") != std::string::npos);
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

TEST_CASE("receptive_field and rf_table ops: the central unit, the smallest and the largest",
          "[json][rf_units]") {
    // Stride-2 conv, k2 s2 up-sampling, 3x3 conv: the first unit 3 cells, interior units 5.
    const json layers = {{{"kernel", 3}, {"stride", 2}, {"padding", 1}},
                         {{"type", "conv_transpose"}, {"kernel", 2}, {"stride", 2}},
                         {{"kernel", 3}, {"padding", 1}}};
    const json rf = Ask({{"op", "receptive_field"}, {"input", {16}}, {"layers", layers}});
    REQUIRE(rf["layers"].size() == 3);
    const json& last = rf["layers"][2];
    CHECK(last["rf"] == json({5}));
    CHECK(last["rf_min"] == json({3}));
    CHECK(last["rf_max"] == json({5}));
    CHECK(last["range"] == json::parse("[[-1,1]]"));
    CHECK(last["central"] == json::parse("[[5,9]]"));
    CHECK(last["flags"] == json({"rf varies from unit to unit (min 3, max 5)"}));
    CHECK(rf["layers"][0]["flags"] == json::array());
    CHECK(rf["layers"][0]["rf_min"] == rf["layers"][0]["rf_max"]);
    const json table = Ask({{"op", "rf_table"}, {"input", {16}}, {"layers", layers}});
    const json& row = table["rows"][3];
    CHECK(row["rf"] == json({5}));
    CHECK(row["rf_min"] == json({3}));
    CHECK(row["rf_max"] == json({5}));
    CHECK(row["central"] == json::parse("[[5,9]]"));
    CHECK(row["flags"] == last["flags"]);
    // The valid U-Net: 188 at the centre, units from 188 to 204 after the up-convolutions.
    const json unet = Ask({{"op", "rf_table"}, {"preset", "unet_valid"}});
    CHECK(unet["rows"].back()["rf"] == json({188, 188}));
    CHECK(unet["rows"].back()["rf_min"] == json({188, 188}));
    CHECK(unet["rows"].back()["rf_max"] == json({204, 204}));
    // Absurd sizes after a transposed layer are refused with the limit, not followed.
    const json huge =
        Ask({{"op", "receptive_field"},
             {"input", {1 << 20}},
             {"layers",
              {{{"type", "conv_transpose"}, {"kernel", 2}, {"stride", 4}}, {{"kernel", 3}}}}});
    CHECK(huge["error"].get<std::string>().find("layer 1 (conv_transpose)") != std::string::npos);
    CHECK(huge["error"].get<std::string>().find("units in all") != std::string::npos);
    // Without transposed layers every unit has the same field and nothing is traced unit by
    // unit, so absurd sizes still answer at once.
    const json wide = Ask({{"op", "receptive_field"},
                           {"input", {1 << 30}},
                           {"layers", {{{"kernel", 3}, {"stride", 2}}, {{"kernel", 5}}}}});
    CHECK(wide["layers"][1]["rf"] == json({11}));
    CHECK(wide["layers"][1]["rf_max"] == json({11}));
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
