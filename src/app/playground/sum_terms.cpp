// Written-out sums (see sum_terms.h).
#include "app/playground/sum_terms.h"

#include "app/widgets/grid_view.h"

namespace convscope::app {

std::string WeightedTerm(float weight, float value) {
    return weight == 1.0f ? FormatValue(value) : FormatValue(weight) + "·" + FormatValue(value);
}

std::string SumTerms::Text() const {
    const bool shortened = terms_.size() > kMaxShown;
    std::string text;
    for (size_t i = 0; i < terms_.size(); ++i) {
        if (shortened && i == kHead) {
            text += separator_ + "…";
            i = terms_.size() - kTail;
        }
        text += (i ? separator_ : std::string()) + terms_[i];
    }
    if (shortened) text += " (" + std::to_string(terms_.size()) + " terms)";
    return text;
}

}  // namespace convscope::app
