// Small builders shared by the core tests.
#pragma once

#include <initializer_list>
#include <vector>

#include "core/layer/layer.h"

namespace convscope::test {

inline Layer Conv(std::vector<int64_t> kernel, std::vector<int64_t> stride = {},
                  std::vector<int64_t> pad = {}, std::vector<int64_t> dilation = {},
                  LayerType type = LayerType::Conv) {
    Layer layer = MakeLayer(type, kernel);
    if (!stride.empty()) layer.stride = stride;
    if (!dilation.empty()) layer.dilation = dilation;
    if (!pad.empty()) {
        layer.padding.clear();
        for (const int64_t p : pad) layer.padding.push_back(PadPair{p, p});
    }
    return layer;
}

inline Layer WithSame(Layer layer, SameRule rule) {
    layer.padding_form = PaddingForm::Same;
    layer.same_rule = rule;
    return layer;
}

}  // namespace convscope::test

#include <catch2/catch.hpp>
#include <string>

namespace Catch {
template <>
struct StringMaker<convscope::PadPair> {
    static std::string convert(const convscope::PadPair& p) {
        return "[" + std::to_string(p.before) + ", " + std::to_string(p.after) + "]";
    }
};
}  // namespace Catch
