// The overlap map of a transposed convolution: taps per output cell, the period and the
// unevenness (Odena et al.'s checkerboard), and the remedies' maps.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/layer/error.h"
#include "core/layer/layer_text.h"
#include "core/layer/overlap.h"
#include "core/numeric/upsampler_comparison.h"

using namespace convscope;

namespace {

Layer Token(const std::string& token, int dims) {
    Layer layer;
    std::string error;
    REQUIRE(ParseLayerToken(token, dims, layer, error));
    return layer;
}

}  // namespace

TEST_CASE("overlap: kernel 3, stride 2 lands 1-2-1-2 taps, 1-2-4 in 2-D", "[overlap]") {
    const OverlapMap line = TransposedOverlap(Token("t3s2", 1), {4});
    CHECK(line.axes[0].counts == std::vector<int64_t>{1, 1, 2, 1, 2, 1, 2, 1, 1});
    CHECK(line.axes[0].period == 2);
    CHECK(line.axes[0].pattern == std::vector<int64_t>{1, 2});
    CHECK(line.axes[0].border_before == 1);
    CHECK(line.axes[0].border_after == 1);
    CHECK_FALSE(line.Even());
    CHECK(line.Summary() == "1-2-1-2: uneven, a checkerboard of period 2");

    const OverlapMap square = TransposedOverlap(Token("t3s2", 2), {4, 4});
    CHECK(square.inner_counts == std::vector<int64_t>{1, 2, 4});
    CHECK(square.Count({2, 2}) == 4);
    CHECK(square.Count({2, 3}) == 2);
    CHECK(square.Count({3, 3}) == 1);
    CHECK(square.Summary() ==
          "1-2-1-2 along each axis; 1, 2 or 4 taps per cell in 2-D: uneven, a checkerboard of "
          "period 2");
}

TEST_CASE("overlap: kernel 4, stride 2 is even inside the border", "[overlap]") {
    const OverlapMap map = TransposedOverlap(Token("t4s2p1", 2), {4, 4});
    CHECK(map.output == std::vector<int64_t>{8, 8});
    CHECK(map.axes[0].counts == std::vector<int64_t>{1, 2, 2, 2, 2, 2, 2, 1});
    CHECK(map.Even());
    CHECK(map.inner_counts == std::vector<int64_t>{4});
    CHECK(map.Summary() == "4 taps on every cell inside the border: even");
    // Kernel 5, stride 2: 2-3-2-3; kernel 6, stride 3 even; kernel 5, stride 3: 1-2-2 (from
    // cell 2, the first whose count repeats a period on).
    CHECK(TransposedOverlap(Token("t5s2", 1), {6}).axes[0].pattern == std::vector<int64_t>{2, 3});
    CHECK(TransposedOverlap(Token("t6s3", 1), {6}).Even());
    CHECK(TransposedOverlap(Token("t5s3", 1), {6}).axes[0].pattern ==
          std::vector<int64_t>{1, 2, 2});
}

TEST_CASE("overlap: every remedy of kernel 3, stride 2 is even", "[overlap]") {
    const std::vector<OverlapMap> remedies = OverlapRemedies(Token("t3s2p1o1", 2), {4, 4});
    REQUIRE(remedies.size() == 3);
    CHECK(remedies[0].name == "kernel 4, stride 2 (the stride divides it)");
    CHECK(remedies[1].name == "nearest x2, then conv 3 (resize, then convolve)");
    CHECK(remedies[2].name == "conv 3 to 4x the channels, then pixel shuffle 2");
    for (const OverlapMap& map : remedies) {
        INFO(map.name);
        CHECK(map.Even());
        CHECK(map.output == std::vector<int64_t>{8, 8});
    }
    CHECK(remedies[1].inner_counts == std::vector<int64_t>{9});
    // A kernel the stride already divides needs no larger kernel.
    CHECK(OverlapRemedies(Token("t4s2p1", 2), {4, 4}).size() == 2);
    CHECK_THROWS_WITH(TransposedOverlap(Token("c3", 2), {4, 4}),
                      Catch::Contains("transposed convolution's"));
}

TEST_CASE("four up-samplers of one input: shapes, parameters, values", "[overlap][upsamplers]") {
    Tensor x = MakeTensor({1, 1, 4, 4}, "x");
    for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = static_cast<float>(i + 1);
    Tensor kernel = MakeTensor({3, 3}, "kernel");
    for (float& v : kernel.data) v = 1.0f;
    const std::vector<UpsamplerOutput> outputs = CompareUpsamplers(x, kernel, Token("t3s2p1o1", 2));
    REQUIRE(outputs.size() == 4);
    CHECK(outputs[0].name == "transposed conv 3, stride 2");
    CHECK(outputs[3].name == "conv 3 to 4 channels, then pixel shuffle 2");
    for (const UpsamplerOutput& out : outputs) {
        INFO(out.name);
        CHECK(out.y.shape == std::vector<int64_t>{1, 1, 8, 8});
    }
    CHECK(outputs[0].parameters == 9);
    CHECK(outputs[1].parameters == 9);
    CHECK(outputs[3].parameters == 36);
    // Transposed with ones: output (2, 2) reads input (1, 1) alone, output (3, 3) four cells.
    CHECK(outputs[0].y.data[2 * 8 + 2] == 6.0f);
    CHECK(outputs[0].y.data[3 * 8 + 3] == 6.0f + 7.0f + 10.0f + 11.0f);
    // Nearest then a 3x3 sum: output (0, 0) sums the upsampled 2x2 corner of 1s (4 cells).
    CHECK(outputs[1].y.data[0] == 4.0f);
    // Conv then shuffle: every 2x2 block repeats the convolution's cell.
    CHECK(outputs[3].y.data[0] == outputs[3].y.data[1]);
    CHECK(outputs[3].y.data[0] == outputs[3].y.data[8]);
    CHECK(outputs[3].y.data[0] == 1.0f + 2.0f + 5.0f + 6.0f);
    CHECK_THROWS_WITH(CompareUpsamplers(x, kernel, Token("c3", 2)),
                      Catch::Contains("starts from a transposed convolution"));
}
