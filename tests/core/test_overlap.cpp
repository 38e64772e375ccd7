// The overlap map of a transposed convolution: taps per output cell, the period and the
// unevenness (Odena et al.'s checkerboard), and the remedies' maps.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/layer/error.h"
#include "core/layer/layer_text.h"
#include "core/layer/overlap.h"

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
