// The receptive-field table's CSV and Markdown, character for character: the chapter's
// three 3x3 convolutions on its widget's 7x7 input, and a small stack that raises every
// flag (even kernel, causal padding wider than the input, a transposed layer's half jump).
#include <catch2/catch.hpp>

#include "core/network/network_presets.h"
#include "core/network/rf_table.h"

using namespace convscope;

TEST_CASE("the chapter's stack as CSV and Markdown", "[table][seed]") {
    const std::vector<RfTableRow> rows = ComputeRfTable(FindNetworkPreset("chapter_3x3")->network);
    CHECK(RfTableCsv(rows) ==
          "layer,name,type,dim,output,rf,jump,range_lo,range_hi,effective_padding,centre_index,"
          "centre_pixel,"
          "coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels,rf_min,rf_max,"
          "central_lo,central_hi\n"
          "0,input,input,1,7,1,1,0,0,0,0,0.5,14.2857,,,false,false,1,1,3,3\n"
          "0,input,input,2,7,1,1,0,0,0,0,0.5,14.2857,,,false,false,1,1,3,3\n"
          "1,conv1,conv 3x3 p1,1,7,3,1,-1,1,1,0,0.5,42.8571,,,false,false,3,3,2,4\n"
          "1,conv1,conv 3x3 p1,2,7,3,1,-1,1,1,0,0.5,42.8571,,,false,false,3,3,2,4\n"
          "2,conv2,conv 3x3 p1,1,7,5,1,-2,2,2,0,0.5,71.4286,,,false,false,5,5,1,5\n"
          "2,conv2,conv 3x3 p1,2,7,5,1,-2,2,2,0,0.5,71.4286,,,false,false,5,5,1,5\n"
          "3,conv3,conv 3x3 p1,1,7,7,1,-3,3,3,0,0.5,100,,,false,false,7,7,0,6\n"
          "3,conv3,conv 3x3 p1,2,7,7,1,-3,3,3,0,0.5,100,,,false,false,7,7,0,6\n");
    // The coverage column is the chapter widget's "RF coverage": 1x1 of 7x7 is 2.0%.
    CHECK(
        RfTableMarkdown(rows) ==
        "| # | layer | type | output | RF | jump | first unit | eff. padding | centre (index) | "
        "centre (+0.5) | "
        "coverage | params | MACs | flags |\n"
        "|---:|---|---|---|---|---|---|---|---|---|---:|---:|---:|---|\n"
        "| 0 | input | input | 7×7 | 1×1 | 1 | [0, 0] | 0 | 0 | 0.5 | 2.0% |  |  |  |\n"
        "| 1 | conv1 | conv 3x3 p1 | 7×7 | 3×3 | 1 | [-1, 1] | 1 | 0 | 0.5 | 18.4% |  |  |  |\n"
        "| 2 | conv2 | conv 3x3 p1 | 7×7 | 5×5 | 1 | [-2, 2] | 2 | 0 | 0.5 | 51.0% |  |  |  |\n"
        "| 3 | conv3 | conv 3x3 p1 | 7×7 | 7×7 | 1 | [-3, 3] | 3 | 0 | 0.5 | 100.0% |  |  |  |\n");
}

TEST_CASE("flags, fractions, quoting and costs", "[table]") {
    Network n;
    n.input = {4};
    Layer even = MakeLayer(LayerType::Conv, {2});
    even.in_channels = 2;
    even.out_channels = 4;
    Layer wide = MakeLayer(LayerType::Conv, {5});
    wide.padding = {PadPair{4, 0}};
    wide.padding_asymmetric = true;
    Layer up = MakeLayer(LayerType::ConvTranspose, {2});
    up.stride = {2};
    up.out_channels = 1;
    n.layers = {even, wide, up, MakeLayer(LayerType::AvgPool, {2})};
    n.names = {"even", "causal, wide", "up", "pool"};
    const std::vector<RfTableRow> rows = ComputeRfTable(n);
    CHECK(RfTableCsv(rows) ==
          "layer,name,type,dim,output,rf,jump,range_lo,range_hi,effective_padding,centre_index,"
          "centre_pixel,"
          "coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels,rf_min,rf_max,"
          "central_lo,central_hi\n"
          "0,input,input,1,4,1,1,0,0,0,0,0.5,25,,,false,false,1,1,1,1\n"
          "1,even,conv 2 2->4,1,3,2,1,0,1,0,0.5,1,50,20,48,false,true,2,2,1,2\n"
          "2,\"causal, wide\",\"conv 5 p[4,0] "
          "4->?\",1,3,6,1,-4,1,4,-1.5,-1,100,,,true,true,6,6,-3,2\n"
          "3,up,conv_transpose 2 s2 4->1,1,6,6,1/2,-4,1,4,-1.5,-1,100,9,24,true,true,6,6,-3,2\n"
          "4,pool,avg_pool 2 s2,1,3,6,1,-4,1,4,-1.5,-1,100,0,0,true,true,6,6,-3,2\n");
    CHECK(RfTableMarkdown(rows) ==
          "| # | layer | type | output | RF | jump | first unit | eff. padding | centre (index) | "
          "centre (+0.5) | "
          "coverage | params | MACs | flags |\n"
          "|---:|---|---|---|---|---|---|---|---|---|---:|---:|---:|---|\n"
          "| 0 | input | input | 4 | 1 | 1 | [0, 0] | 0 | 0 | 0.5 | 25.0% |  |  |  |\n"
          "| 1 | even | conv 2 2->4 | 3 | 2 | 1 | [0, 1] | 0 | 0.5 | 1 | 50.0% | 20 | 48 | centre "
          "between pixels |\n"
          "| 2 | causal, wide | conv 5 p[4,0] 4->? | 3 | 6 | 1 | [-4, 1] | 4 | -1.5 | -1 | 100.0% "
          "|  |  | "
          "RF > input; centre between pixels |\n"
          "| 3 | up | conv_transpose 2 s2 4->1 | 6 | 6 | 1/2 | [-4, 1] | 4 | -1.5 | -1 | 100.0% | "
          "9 | 24 | "
          "RF > input; centre between pixels |\n"
          "| 4 | pool | avg_pool 2 s2 | 3 | 6 | 1 | [-4, 1] | 4 | -1.5 | -1 | 100.0% | 0 | 0 | "
          "RF > input; centre between pixels |\n");
}

TEST_CASE("units that differ: the central unit's RF, the smallest and largest, flagged",
          "[table][rf_units]") {
    // A stride-2 conv, a k2 s2 up-sampling and a 3x3 conv on 16: the first unit sees 3 cells
    // (it reaches into padding), the central one (7) and every interior one 5, the last 3.
    Network n;
    n.input = {16};
    Layer down = MakeLayer(LayerType::Conv, {3});
    down.stride = {2};
    down.padding = {PadPair{1, 1}};
    Layer up = MakeLayer(LayerType::ConvTranspose, {2});
    up.stride = {2};
    Layer conv = MakeLayer(LayerType::Conv, {3});
    conv.padding = {PadPair{1, 1}};
    n.layers = {down, up, conv};
    n.names = {"down", "up", "conv"};
    const std::vector<RfTableRow> rows = ComputeRfTable(n);
    const RfTableRow& last = rows.back();
    CHECK(last.rf == std::vector<int64_t>{5});
    CHECK(last.rf_min == std::vector<int64_t>{3});
    CHECK(last.rf_max == std::vector<int64_t>{5});
    CHECK(last.range[0].lo == -1);
    CHECK(last.range[0].hi == 1);
    CHECK(last.central[0].lo == 5);  // unit 7 reads up units 6..8: down units 3 and 4
    CHECK(last.central[0].hi == 9);
    CHECK(last.flags == std::vector<std::string>{"rf varies from unit to unit (min 3, max 5)"});
    CHECK(last.coverage[0] == 5.0 / 16.0);  // the central unit's field
    const std::string csv = RfTableCsv(rows);
    CHECK(csv.find("\n3,conv,conv 3 p1,1,16,5,1,-1,1,1,0,0.5,31.25,,,false,false,3,5,5,9\n") !=
          std::string::npos);
    const std::string md = RfTableMarkdown(rows);
    CHECK(md.find("| 3 | conv | conv 3 p1 | 16 | 5 (3–5) | 1 | [-1, 1] |") != std::string::npos);
    CHECK(md.find("| RF varies by unit |") != std::string::npos);
    // Layers whose units agree show one number and no flag.
    CHECK(md.find("| 1 | down | conv 3 s2 p1 | 8 | 3 | 2 | [-1, 1] |") != std::string::npos);
    CHECK(rows[1].flags.empty());
}

TEST_CASE("CSV and Markdown quote what would break them", "[table]") {
    Network n;
    n.input = {3};
    n.layers = {MakeLayer(LayerType::Conv, {1})};
    n.names = {"say \"hi\" | bye"};
    const std::vector<RfTableRow> rows = ComputeRfTable(n);
    CHECK(RfTableCsv(rows).find("\n1,\"say \"\"hi\"\" | bye\",conv 1,1,") != std::string::npos);
    CHECK(RfTableMarkdown(rows).find("| 1 | say \"hi\" \\| bye | conv 1 |") != std::string::npos);
}

TEST_CASE("the table's conventions", "[table]") {
    // Google's README: centre = -padding + unit*jump + (rf-1)/2; VGG-16 pool5 unit 0 is at
    // -90 + 0 + 211/2 = 15.5, i.e. 16 in the +0.5 convention.
    const std::vector<RfTableRow> vgg = ComputeRfTable(FindNetworkPreset("vgg16")->network);
    const RfTableRow& pool5 = vgg.back();
    CHECK(pool5.effective_padding[0] == 90);
    CHECK(pool5.centre_index[0] == 15.5);
    CHECK(pool5.centre_pixel[0] == 16.0);
    CHECK(pool5.centre_between_pixels[0]);
    CHECK(pool5.name == "pool5");
    CHECK(pool5.summary == "max_pool 2x2 s2");
    CHECK(vgg[1].summary == "conv 3x3 SAME 3->64");
    CHECK(vgg[1].cost.parameters == 3 * 64 * 9 + 64);
    // A 3x3 stride-2 valid convolution's first unit: centre 1 (index), 1.5 (+0.5).
    Network n;
    n.input = {9, 9};
    Layer c = MakeLayer(LayerType::Conv, {3, 3});
    c.stride = {2, 2};
    n.layers = {c};
    const std::vector<RfTableRow> rows = ComputeRfTable(n);
    CHECK(rows[1].centre_index == std::vector<double>{1, 1});
    CHECK(rows[1].centre_pixel == std::vector<double>{1.5, 1.5});
    CHECK_THROWS_WITH(ComputeRfTable(Network{}), Catch::Contains("input size"));
}
