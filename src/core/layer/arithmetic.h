// Integer arithmetic used by the shape rules: floor and ceiling division that are right
// for negative numerators, and the effective kernel of a dilated kernel.
#pragma once

#include <cstdint>
#include <string>

namespace convscope {

// D*(K-1)+1: the span of input cells one output reads when its taps sit D apart.
inline int64_t EffectiveKernel(int64_t kernel, int64_t dilation) {
    return dilation * (kernel - 1) + 1;
}

// Division rounding toward minus infinity (C++ rounds toward zero). Divisor > 0.
inline int64_t FloorDiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// Division rounding toward plus infinity. Divisor > 0.
inline int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

}  // namespace convscope

#include "core/layer/error.h"

namespace convscope {

// a*b and a+b, refused with an Error instead of wrapping around.
inline int64_t CheckedMul(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        throw Error(std::string(what) + " overflows 64-bit integers");
    return r;
}
inline int64_t CheckedAdd(int64_t a, int64_t b, const char* what) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw Error(std::string(what) + " overflows 64-bit integers");
    return r;
}

}  // namespace convscope
