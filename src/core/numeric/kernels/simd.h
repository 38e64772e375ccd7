// A minimal float vector for the fast kernels, chosen at compile time: wasm simd128 on the
// web, AVX2 with FMA or SSE2 natively, one float elsewhere. Only what the kernels use.
#pragma once

// CONVSCOPE_SIMD_ISA names the instruction set once, as a string literal so that the
// registry can paste it into the fast kernels' names ("conv_f32_direct__avx2") and
// SimdIsaName() can return it: the two cannot disagree.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define CONVSCOPE_SIMD_ISA "wasmsimd"
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define CONVSCOPE_SIMD_ISA "avx2"
#elif defined(__SSE2__)
#include <emmintrin.h>
#define CONVSCOPE_SIMD_ISA "sse2"
#else
#define CONVSCOPE_SIMD_ISA "scalar"
#endif

namespace convscope::simd {

inline constexpr const char* kIsa = CONVSCOPE_SIMD_ISA;

#if defined(__wasm_simd128__)
inline constexpr int kWidth = 4;
using Vec = v128_t;
inline Vec Zero() { return wasm_f32x4_splat(0.0f); }
inline Vec Splat(float v) { return wasm_f32x4_splat(v); }
inline Vec Load(const float* p) { return wasm_v128_load(p); }
inline void Store(float* p, Vec v) { wasm_v128_store(p, v); }
// simd128 has no fused multiply-add (that is relaxed SIMD, absent from this toolchain).
inline Vec MulAdd(Vec a, Vec b, Vec acc) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
inline Vec Add(Vec a, Vec b) { return wasm_f32x4_add(a, b); }
inline Vec Max(Vec a, Vec b) { return wasm_f32x4_max(a, b); }
#elif defined(__AVX2__) && defined(__FMA__)
inline constexpr int kWidth = 8;
using Vec = __m256;
inline Vec Zero() { return _mm256_setzero_ps(); }
inline Vec Splat(float v) { return _mm256_set1_ps(v); }
inline Vec Load(const float* p) { return _mm256_loadu_ps(p); }
inline void Store(float* p, Vec v) { _mm256_storeu_ps(p, v); }
inline Vec MulAdd(Vec a, Vec b, Vec acc) { return _mm256_fmadd_ps(a, b, acc); }
inline Vec Add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
inline Vec Max(Vec a, Vec b) { return _mm256_max_ps(a, b); }
#elif defined(__SSE2__)
inline constexpr int kWidth = 4;
using Vec = __m128;
inline Vec Zero() { return _mm_setzero_ps(); }
inline Vec Splat(float v) { return _mm_set1_ps(v); }
inline Vec Load(const float* p) { return _mm_loadu_ps(p); }
inline void Store(float* p, Vec v) { _mm_storeu_ps(p, v); }
inline Vec MulAdd(Vec a, Vec b, Vec acc) { return _mm_add_ps(acc, _mm_mul_ps(a, b)); }
inline Vec Add(Vec a, Vec b) { return _mm_add_ps(a, b); }
inline Vec Max(Vec a, Vec b) { return _mm_max_ps(a, b); }
#else
inline constexpr int kWidth = 1;
using Vec = float;
inline Vec Zero() { return 0.0f; }
inline Vec Splat(float v) { return v; }
inline Vec Load(const float* p) { return *p; }
inline void Store(float* p, Vec v) { *p = v; }
inline Vec MulAdd(Vec a, Vec b, Vec acc) { return acc + a * b; }
inline Vec Add(Vec a, Vec b) { return a + b; }
inline Vec Max(Vec a, Vec b) { return a > b ? a : b; }
#endif

}  // namespace convscope::simd
