// Known answers for the one-dimensional output-size formula: the seed chapter's stride table.
#include <catch2/catch.hpp>

#include "core/arithmetic.h"

using namespace convscope;

TEST_CASE("effective kernel is D*(K-1)+1", "[arithmetic]") {
    CHECK(EffectiveKernel(3, 1) == 3);
    CHECK(EffectiveKernel(3, 2) == 5);
    CHECK(EffectiveKernel(3, 4) == 9);
    CHECK(EffectiveKernel(1, 7) == 1);
}

TEST_CASE("the chapter's stride table", "[arithmetic][seed]") {
    // I, K, S -> O = floor((I-K)/S)+1 (seed 001, "Stride")
    CHECK(ConvOutputSize(32, 3, 1, 0, 0, 1) == 30);
    CHECK(ConvOutputSize(32, 3, 2, 0, 0, 1) == 15);
    CHECK(ConvOutputSize(32, 3, 4, 0, 0, 1) == 8);
    CHECK(ConvOutputSize(32, 7, 2, 0, 0, 1) == 13);
    CHECK(ConvOutputSize(5, 3, 1, 0, 0, 1) == 3);
    CHECK(ConvOutputSize(5, 3, 2, 0, 0, 1) == 2);
    // Quick check: 224, k=3, p=1, s=2 -> 112
    CHECK(ConvOutputSize(224, 3, 2, 1, 1, 1) == 112);
}

TEST_CASE("a kernel larger than the padded input gives no output", "[arithmetic]") {
    CHECK(ConvOutputSize(2, 5, 1, 0, 0, 1) == 0);
    CHECK(ConvOutputSize(4, 3, 1, 0, 0, 2) == 0);
}

TEST_CASE("three stacked 3x3 convolutions see 7 input cells", "[arithmetic][seed]") {
    AxisField field;
    for (int i = 0; i < 3; ++i) field = GrowField(field, AxisLayer{3, 1, 1, 1});
    CHECK(field.size == 7);
    CHECK(field.jump == 1);
    CHECK(field.first == -3);
}
