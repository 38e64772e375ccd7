// The sums written under the playground's grids: weighted terms, weights of 0 left out, and
// long sums shortened to their first six and last two terms, in the steps view and the
// channels panel alike.
#include <catch2/catch.hpp>
#include <string>

#include "app/playground/playground_model.h"
#include "app/playground/playground_state.h"
#include "app/playground/sum_terms.h"

using namespace convscope::app;

TEST_CASE("a sum's terms are written as w·x, or x for a weight of 1", "[playground][sum]") {
    CHECK(WeightedTerm(1.0f, 7.0f) == "7");
    CHECK(WeightedTerm(0.5f, 3.0f) == "0.5·3");
    SumTerms sum;
    sum.AddWeighted(1.0f, 2.0f);
    sum.AddWeighted(0.0f, 9.0f);  // left out
    sum.AddWeighted(-2.0f, 4.0f);
    CHECK(sum.Count() == 2);
    CHECK(sum.Text() == "2 + -2·4");
    SumTerms maxima(", ");
    maxima.Add("3");
    maxima.Add("5");
    CHECK(maxima.Text() == "3, 5");
    CHECK(SumTerms().Text().empty());
}

TEST_CASE("a long sum keeps its first six and last two terms and says how many",
          "[playground][sum]") {
    SumTerms twelve, thirteen;
    for (int i = 1; i <= 12; ++i) twelve.Add(std::to_string(i));
    for (int i = 1; i <= 13; ++i) thirteen.Add(std::to_string(i));
    CHECK(twelve.Text() == "1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12");
    CHECK(thirteen.Text() == "1 + 2 + 3 + 4 + 5 + 6 + … + 12 + 13 (13 terms)");
}

TEST_CASE("the steps view writes a 15-tap window's sum shortened", "[playground][sum]") {
    PlaygroundState state;
    state.layer = convscope::MakeLayer(convscope::LayerType::Conv, {15});
    state.input = {15};
    state.RegenerateValues();
    state.kernel_values.assign(15, 1.0f);
    for (size_t i = 0; i < state.input_values.size(); ++i)
        state.input_values[i] = static_cast<float>(i + 1);
    PlaygroundModel model;
    model.Rebuild(state);
    REQUIRE(model.Ok());
    REQUIRE(model.OutputCount() == 1);
    CHECK(model.SumText(Cell{0, 0, 0}) == "1 + 2 + 3 + 4 + 5 + 6 + … + 14 + 15 (15 terms) = 120");
}
