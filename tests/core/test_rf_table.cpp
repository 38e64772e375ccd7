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
          "coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels\n"
          "0,input,input,1,7,1,1,0,0,0,0,0.5,14.2857,,,false,false\n"
          "0,input,input,2,7,1,1,0,0,0,0,0.5,14.2857,,,false,false\n"
          "1,conv1,conv 3x3 p1,1,7,3,1,-1,1,1,0,0.5,42.8571,,,false,false\n"
          "1,conv1,conv 3x3 p1,2,7,3,1,-1,1,1,0,0.5,42.8571,,,false,false\n"
          "2,conv2,conv 3x3 p1,1,7,5,1,-2,2,2,0,0.5,71.4286,,,false,false\n"
          "2,conv2,conv 3x3 p1,2,7,5,1,-2,2,2,0,0.5,71.4286,,,false,false\n"
          "3,conv3,conv 3x3 p1,1,7,7,1,-3,3,3,0,0.5,100,,,false,false\n"
          "3,conv3,conv 3x3 p1,2,7,7,1,-3,3,3,0,0.5,100,,,false,false\n");
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
          "coverage_pct,parameters,macs,rf_exceeds_input,centre_between_pixels\n"
          "0,input,input,1,4,1,1,0,0,0,0,0.5,25,,,false,false\n"
          "1,even,conv 2 2->4,1,3,2,1,0,1,0,0.5,1,50,20,48,false,true\n"
          "2,\"causal, wide\",\"conv 5 p[4,0] 4->?\",1,3,6,1,-4,1,4,-1.5,-1,100,,,true,true\n"
          "3,up,conv_transpose 2 s2 4->1,1,6,6,1/2,-4,1,4,-1.5,-1,100,9,24,true,true\n"
          "4,pool,avg_pool 2 s2,1,3,6,1,-4,1,4,-1.5,-1,100,0,0,true,true\n");
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
