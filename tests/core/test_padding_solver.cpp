// The padding solver against the practitioners' questions in the seed threads.
#include <catch2/catch.hpp>

#include "core/layer/error.h"
#include "core/layer/padding_solver.h"
#include "core/layer/shape.h"
#include "helpers.h"

using namespace convscope;
using namespace convscope::test;

TEST_CASE("smallest symmetric padding when one exists", "[solver]") {
    // Dilation 2, kernel 3, keep 32: P = 2 (seed 000).
    auto s = SolvePadding({32}, {32}, Conv({3}, {1}, {}, {2}));
    REQUIRE(!s.empty());
    CHECK(s[0].pads == std::vector<PadPair>{{2, 2}});
    CHECK(s[0].symmetric);
    // 19x19, k=3, d=6: P = 6 (seed 002).
    CHECK(SolvePadding({19, 19}, {19, 19}, Conv({3, 3}, {1, 1}, {}, {6, 6}))[0].pads ==
          std::vector<PadPair>{{6, 6}, {6, 6}});
    // 224 -> 112 with k=3, s=2: P = 1.
    CHECK(SolvePadding({224}, {112}, Conv({3}, {2}))[0].pads == std::vector<PadPair>{{1, 1}});
}

TEST_CASE("otherwise the smallest asymmetric pair, extra cell after", "[solver]") {
    // Keras Conv2D((4,1), padding='same') on 100x20 -> F.pad(x, (0, 0, 1, 2)) (seed 003).
    const auto s = SolvePadding({100, 20}, {100, 20}, Conv({4, 1}));
    CHECK(s[0].pads == std::vector<PadPair>{{1, 2}, {0, 0}});
    CHECK_FALSE(s[0].symmetric);
    // The alternative split is offered too.
    bool has_before = false;
    for (const auto& solution : s) has_before |= solution.pads[0] == PadPair{2, 1};
    CHECK(has_before);
    // Every solution really reaches the target.
    for (const auto& solution : s) {
        Layer layer = Conv({4, 1});
        layer.padding = solution.pads;
        CHECK(ComputeShape({100, 20}, layer).output == std::vector<int64_t>{100, 20});
    }
}

TEST_CASE("transposed convolution: output_padding to hit a size", "[solver][transpose]") {
    // 7 -> 14 with k=3, s=2: (7-1)*2 - P + 3 + op = 14 -> P + ... ; P=1 needs op=1.
    const auto s = SolvePadding({7}, {14}, Conv({3}, {2}, {}, {}, LayerType::ConvTranspose));
    REQUIRE(!s.empty());
    CHECK(s[0].pads == std::vector<PadPair>{{1, 1}});
    CHECK(s[0].output_padding == std::vector<int64_t>{1});
    // 28 -> 56 with k=4, s=2: P=1, op=0.
    const auto u = SolvePadding({28}, {56}, Conv({4}, {2}, {}, {}, LayerType::ConvTranspose));
    CHECK(u[0].pads == std::vector<PadPair>{{1, 1}});
    CHECK(u[0].output_padding == std::vector<int64_t>{0});
}

TEST_CASE("no padding can shrink: the reason is given", "[solver][errors]") {
    CHECK_THROWS_WITH(SolvePadding({32}, {10}, Conv({3})),
                      Catch::Contains("without padding the output is already 30"));
    CHECK_THROWS_WITH(SolvePadding({4}, {100}, Conv({3}, {1}, {}, {}, LayerType::ConvTranspose)),
                      Catch::Contains("at most"));
    // Reflect padding cannot exceed input - 1.
    Layer reflect = Conv({9});
    reflect.padding_mode = PaddingMode::Reflect;
    CHECK_THROWS_WITH(SolvePadding({3}, {3}, reflect), Catch::Contains("reflect"));
    // Pooling may not pad more than half its kernel.
    CHECK_THROWS_WITH(SolvePadding({4}, {8}, Conv({2}, {1}, {}, {}, LayerType::MaxPool)),
                      Catch::Contains("half"));
}

TEST_CASE("huge strides do not make the solver slow", "[solver][limits]") {
    const auto s = SolvePadding({5}, {1}, Conv({3}, {1 << 29}));
    CHECK(s[0].pads == std::vector<PadPair>{{0, 0}});
    // Reaching 2 outputs needs the second window at 2^29: padding 2^29 - 2 in all.
    const auto far = SolvePadding({5}, {2}, Conv({3}, {1 << 29}));
    CHECK(far[0].pads == std::vector<PadPair>{{(1 << 28) - 1, (1 << 28) - 1}});
}
