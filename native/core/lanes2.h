// Two doubles computed side by side, lane by lane, with IEEE operations only: SSE2 registers
// on x86-64 (its baseline), two scalars elsewhere. Each operation rounds each lane exactly as
// one scalar operation would, and the build turns off floating-point contraction, so a loop
// written with Lanes2 gives the same bits on every architecture: the pair loop's two-lane
// sums on arm64 are those of x86-64 (pair_kernel.cc, IplInteriorPaired).
#pragma once

#include <cstdint>

#include "simd.h"

#if defined(SOFTSPOT_SSE2)
#include <emmintrin.h>
#endif

namespace softspot {

#if defined(SOFTSPOT_SSE2)
struct Lanes2 {
  __m128d v;
  static Lanes2 Both(double a) { return {_mm_set1_pd(a)}; }
  static Lanes2 Of(double lo, double hi) { return {_mm_setr_pd(lo, hi)}; }
  static Lanes2 Zero() { return {_mm_setzero_pd()}; }
  double Lo() const { return _mm_cvtsd_f64(v); }
  double Hi() const { return _mm_cvtsd_f64(_mm_unpackhi_pd(v, v)); }
  friend Lanes2 operator+(Lanes2 a, Lanes2 b) { return {_mm_add_pd(a.v, b.v)}; }
  friend Lanes2 operator-(Lanes2 a, Lanes2 b) { return {_mm_sub_pd(a.v, b.v)}; }
  friend Lanes2 operator*(Lanes2 a, Lanes2 b) { return {_mm_mul_pd(a.v, b.v)}; }
  friend Lanes2 operator/(Lanes2 a, Lanes2 b) { return {_mm_div_pd(a.v, b.v)}; }
  /** 1.0 in each lane where a < b, else +0.0 (NaN: +0.0). */
  friend Lanes2 OneWhereLess(Lanes2 a, Lanes2 b) { return {_mm_and_pd(_mm_cmplt_pd(a.v, b.v), _mm_set1_pd(1.0))}; }
  /** Each lane rounded towards zero; |lane| < 2^31 (exact: the integer part). */
  friend Lanes2 Truncated(Lanes2 a) { return {_mm_cvtepi32_pd(_mm_cvttpd_epi32(a.v))}; }
};
#else
struct Lanes2 {
  double lo, hi;
  static Lanes2 Both(double a) { return {a, a}; }
  static Lanes2 Of(double lo, double hi) { return {lo, hi}; }
  static Lanes2 Zero() { return {0.0, 0.0}; }
  double Lo() const { return lo; }
  double Hi() const { return hi; }
  friend Lanes2 operator+(Lanes2 a, Lanes2 b) { return {a.lo + b.lo, a.hi + b.hi}; }
  friend Lanes2 operator-(Lanes2 a, Lanes2 b) { return {a.lo - b.lo, a.hi - b.hi}; }
  friend Lanes2 operator*(Lanes2 a, Lanes2 b) { return {a.lo * b.lo, a.hi * b.hi}; }
  friend Lanes2 operator/(Lanes2 a, Lanes2 b) { return {a.lo / b.lo, a.hi / b.hi}; }
  /** 1.0 in each lane where a < b, else +0.0 (NaN: +0.0). */
  friend Lanes2 OneWhereLess(Lanes2 a, Lanes2 b) { return {a.lo < b.lo ? 1.0 : 0.0, a.hi < b.hi ? 1.0 : 0.0}; }
  /** Each lane rounded towards zero; |lane| < 2^31 (exact: the integer part). */
  friend Lanes2 Truncated(Lanes2 a) {
    return {static_cast<double>(static_cast<int32_t>(a.lo)), static_cast<double>(static_cast<int32_t>(a.hi))};
  }
};
#endif

}  // namespace softspot
