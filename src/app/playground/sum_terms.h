// The terms of a sum as the playground writes it out under its grids ("1 + 0.5·3 + 7 = 8.5"):
// one spelling of a weighted term and one rule for shortening long sums, shared by the
// steps view and the channels panel.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace convscope::app {

// "x" for a weight of 1, else "w·x".
std::string WeightedTerm(float weight, float value);

class SumTerms {
public:
    // Sums that hold more terms than this keep their first kHead and last kTail.
    static constexpr size_t kMaxShown = 12, kHead = 6, kTail = 2;

    explicit SumTerms(std::string separator = " + ") : separator_(std::move(separator)) {}

    void Add(std::string term) { terms_.push_back(std::move(term)); }
    // A weight of 0 adds nothing: the term is left out of the written sum.
    void AddWeighted(float weight, float value) {
        if (weight != 0.0f) Add(WeightedTerm(weight, value));
    }
    size_t Count() const { return terms_.size(); }
    // The terms joined by the separator; a long sum is "t1 + … + t6 + … + t29 + t30 (30 terms)".
    std::string Text() const;

private:
    std::string separator_;
    std::vector<std::string> terms_;
};

}  // namespace convscope::app
