#include "md_evaluator_loops.h"

#include <cmath>

#include "simd.h"

#if defined(SOFTSPOT_SSE2)
#include <emmintrin.h>
#endif

// 256-bit loops for CPUs with AVX2, chosen at run time (simd.h).
#if defined(SOFTSPOT_AVX2_DISPATCH)
#include <immintrin.h>
#endif

namespace softspot {

// The loops run two particles (four doubles) per SSE2 step where available, doing the
// same IEEE operations as the scalar loop on each coordinate (no FMA: the build is ISO
// C++, -ffp-contract=off), so the numbers are the same bit for bit on every path.

namespace {

#if defined(SOFTSPOT_AVX2_DISPATCH)
// ShiftedRange below with 256-bit vectors (four particles per step), for CPUs with AVX2:
// the same IEEE operations per coordinate (no FMA), so the same xs, and the same test
// (d² = dx² + dy² summed in that order by hadd; _CMP_GT_OQ is false for NaN, as `>`).
template <bool kOff, bool kCopy>
__attribute__((target("avx2"))) int ShiftedRangeAvx2(int64_t b, int64_t e, const double* x, const double* off,
                                                      const double* ref, double lim2, double* xs, double* copy) {
  int64_t k = 2 * b;
  const int64_t end = 2 * e;
  const __m256d lim = _mm256_set1_pd(lim2), zero = _mm256_setzero_pd();
  __m256d flag = zero;
  for (; k + 8 <= end; k += 8) {
    const __m256d x0 = _mm256_loadu_pd(x + k), x1 = _mm256_loadu_pd(x + k + 4);
    if (kCopy) {
      _mm256_storeu_pd(copy + k, x0);
      _mm256_storeu_pd(copy + k + 4, x1);
    }
    const __m256d p0 = _mm256_add_pd(x0, kOff ? _mm256_loadu_pd(off + k) : zero);
    const __m256d p1 = _mm256_add_pd(x1, kOff ? _mm256_loadu_pd(off + k + 4) : zero);
    _mm256_storeu_pd(xs + k, p0);
    _mm256_storeu_pd(xs + k + 4, p1);
    const __m256d d0 = _mm256_sub_pd(p0, _mm256_loadu_pd(ref + k)), d1 = _mm256_sub_pd(p1, _mm256_loadu_pd(ref + k + 4));
    const __m256d d2 = _mm256_hadd_pd(_mm256_mul_pd(d0, d0), _mm256_mul_pd(d1, d1));
    flag = _mm256_or_pd(flag, _mm256_cmp_pd(d2, lim, _CMP_GT_OQ));
  }
  int beyond = _mm256_movemask_pd(flag);
  for (; k < end; k += 2) {
    if (kCopy) {
      copy[k] = x[k];
      copy[k + 1] = x[k + 1];
    }
    const double px = x[k] + (kOff ? off[k] : 0.0), py = x[k + 1] + (kOff ? off[k + 1] : 0.0);
    xs[k] = px;
    xs[k + 1] = py;
    const double dx = px - ref[k], dy = py - ref[k + 1];
    beyond |= dx * dx + dy * dy > lim2;
  }
  return beyond;
}
#endif

// Particles [b, e): xs = x + off (kOff) or x + 0.0 (not kOff: the same bits as x + off
// when off is +0, without reading it), copy = x (kCopy); nonzero when one of them is
// farther than √lim2 from ref.
template <bool kOff, bool kCopy>
int ShiftedRange(int64_t b, int64_t e, const double* x, const double* off, const double* ref, double lim2,
                 double* xs, double* copy) {
#if defined(SOFTSPOT_AVX2_DISPATCH)
  if (kCpuHasAvx2) return ShiftedRangeAvx2<kOff, kCopy>(b, e, x, off, ref, lim2, xs, copy);
#endif
  int64_t k = 2 * b;
  const int64_t end = 2 * e;
  int beyond = 0;
#if defined(SOFTSPOT_SSE2)
  const __m128d lim = _mm_set1_pd(lim2), zero = _mm_setzero_pd();
  __m128d flag = zero;
  for (; k + 4 <= end; k += 4) {
    const __m128d x0 = _mm_loadu_pd(x + k), x1 = _mm_loadu_pd(x + k + 2);
    if (kCopy) {
      _mm_storeu_pd(copy + k, x0);
      _mm_storeu_pd(copy + k + 2, x1);
    }
    const __m128d p0 = _mm_add_pd(x0, kOff ? _mm_loadu_pd(off + k) : zero);
    const __m128d p1 = _mm_add_pd(x1, kOff ? _mm_loadu_pd(off + k + 2) : zero);
    _mm_storeu_pd(xs + k, p0);
    _mm_storeu_pd(xs + k + 2, p1);
    const __m128d d0 = _mm_sub_pd(p0, _mm_loadu_pd(ref + k)), d1 = _mm_sub_pd(p1, _mm_loadu_pd(ref + k + 2));
    const __m128d s0 = _mm_mul_pd(d0, d0), s1 = _mm_mul_pd(d1, d1);
    // (dx₀² + dy₀², dx₁² + dy₁²)
    const __m128d d2 = _mm_add_pd(_mm_unpacklo_pd(s0, s1), _mm_unpackhi_pd(s0, s1));
    flag = _mm_or_pd(flag, _mm_cmpgt_pd(d2, lim));
  }
  beyond = _mm_movemask_pd(flag);
#endif
  for (; k < end; k += 2) {
    if (kCopy) {
      copy[k] = x[k];
      copy[k + 1] = x[k + 1];
    }
    const double px = x[k] + (kOff ? off[k] : 0.0), py = x[k + 1] + (kOff ? off[k + 1] : 0.0);
    xs[k] = px;
    xs[k + 1] = py;
    const double dx = px - ref[k], dy = py - ref[k + 1];
    beyond |= dx * dx + dy * dy > lim2;
  }
  return beyond;
}

template <bool kCopy>
bool ShiftedCopy(int64_t n, const double* x, const double* off, const double* ref, double lim2, double* xs,
                 double* copy, const int32_t* shifted, int64_t n_shifted) {
  if (shifted == nullptr) return ShiftedRange<true, kCopy>(0, n, x, off, ref, lim2, xs, copy) == 0;
  int beyond = 0;
  int64_t b = 0;
  for (int64_t s = 0; s < n_shifted; ++s) {
    const int64_t i = shifted[s];
    beyond |= ShiftedRange<false, kCopy>(b, i, x, off, ref, lim2, xs, copy);
    beyond |= ShiftedRange<true, kCopy>(i, i + 1, x, off, ref, lim2, xs, copy);
    b = i + 1;
  }
  beyond |= ShiftedRange<false, kCopy>(b, n, x, off, ref, lim2, xs, copy);
  return beyond == 0;
}

}  // namespace

bool ShiftedCopyWithin(int64_t n, const double* x, const double* off, const double* ref, double lim2, double* xs,
                       double* copy, const int32_t* shifted, int64_t n_shifted) {
  return copy != nullptr ? ShiftedCopy<true>(n, x, off, ref, lim2, xs, copy, shifted, n_shifted)
                         : ShiftedCopy<false>(n, x, off, ref, lim2, xs, nullptr, shifted, n_shifted);
}

void UnpatchCopy(const double* x, double* copy, const int32_t* shifted, int64_t n_shifted) {
  for (int64_t s = 0; s < n_shifted; ++s) {
    const int64_t k = 2 * static_cast<int64_t>(shifted[s]);
    copy[k] = x[k];
    copy[k + 1] = x[k + 1];
  }
}

#if defined(SOFTSPOT_AVX2_DISPATCH)
namespace {

// MaxAbs with 256-bit vectors, for CPUs that have AVX2 (chosen at run time): the same
// maximum (it does not depend on the order), at half the instructions of the SSE2 loop.
__attribute__((target("avx2"))) double MaxAbsAvx2(int64_t length, const double* a) {
  int64_t k = 0;
  double r = 0;
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d m0 = _mm256_setzero_pd(), m1 = m0, m2 = m0, m3 = m0;
  for (; k + 16 <= length; k += 16) {
    m0 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(a + k)), m0);
    m1 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(a + k + 4)), m1);
    m2 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(a + k + 8)), m2);
    m3 = _mm256_max_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(a + k + 12)), m3);
  }
  double lanes[16];
  _mm256_storeu_pd(lanes, m0);
  _mm256_storeu_pd(lanes + 4, m1);
  _mm256_storeu_pd(lanes + 8, m2);
  _mm256_storeu_pd(lanes + 12, m3);
  for (double v : lanes) r = v > r ? v : r;
  for (; k < length; ++k) {
    const double v = std::fabs(a[k]);
    r = v > r ? v : r;
  }
  return r;
}

// NegateMaxAbs with 256-bit vectors (as MaxAbsAvx2).
__attribute__((target("avx2"))) double NegateMaxAbsAvx2(int64_t length, const double* a, double* neg) {
  int64_t k = 0;
  double r = 0;
  const __m256d sign = _mm256_set1_pd(-0.0);
  __m256d m0 = _mm256_setzero_pd(), m1 = m0;
  for (; k + 8 <= length; k += 8) {
    const __m256d a0 = _mm256_loadu_pd(a + k), a1 = _mm256_loadu_pd(a + k + 4);
    _mm256_storeu_pd(neg + k, _mm256_xor_pd(sign, a0));
    _mm256_storeu_pd(neg + k + 4, _mm256_xor_pd(sign, a1));
    m0 = _mm256_max_pd(_mm256_andnot_pd(sign, a0), m0);
    m1 = _mm256_max_pd(_mm256_andnot_pd(sign, a1), m1);
  }
  double lanes[8];
  _mm256_storeu_pd(lanes, m0);
  _mm256_storeu_pd(lanes + 4, m1);
  for (double v : lanes) r = v > r ? v : r;
  for (; k < length; ++k) {
    neg[k] = -a[k];
    const double v = std::fabs(a[k]);
    r = v > r ? v : r;
  }
  return r;
}

}  // namespace
#endif

double MaxAbs(int64_t length, const double* a) {
  // Independent running maxima (the max of a set does not depend on the order; NaN
  // entries never pass `v > m`), combined at the end: no loop-carried latency chain.
#if defined(SOFTSPOT_AVX2_DISPATCH)
  if (kCpuHasAvx2) return MaxAbsAvx2(length, a);
#endif
  int64_t k = 0;
  double r = 0;
#if defined(SOFTSPOT_SSE2)
  // _mm_max_pd(v, m) = v > m ? v : m per lane (m when either is NaN); |v| clears the sign bit.
  const __m128d sign = _mm_set1_pd(-0.0);
  __m128d m0 = _mm_setzero_pd(), m1 = m0, m2 = m0, m3 = m0;
  for (; k + 8 <= length; k += 8) {
    m0 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(a + k)), m0);
    m1 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(a + k + 2)), m1);
    m2 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(a + k + 4)), m2);
    m3 = _mm_max_pd(_mm_andnot_pd(sign, _mm_loadu_pd(a + k + 6)), m3);
  }
  double lanes[8];
  _mm_storeu_pd(lanes, m0);
  _mm_storeu_pd(lanes + 2, m1);
  _mm_storeu_pd(lanes + 4, m2);
  _mm_storeu_pd(lanes + 6, m3);
  for (double v : lanes) r = v > r ? v : r;
#else
  double m[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (; k + 8 <= length; k += 8) {
    for (int l = 0; l < 8; ++l) {
      const double v = std::fabs(a[k + l]);
      m[l] = v > m[l] ? v : m[l];
    }
  }
  for (double v : m) r = v > r ? v : r;
#endif
  for (; k < length; ++k) {
    const double v = std::fabs(a[k]);
    r = v > r ? v : r;
  }
  return r;
}

double NegateMaxAbs(int64_t length, const double* a, double* neg) {
#if defined(SOFTSPOT_AVX2_DISPATCH)
  if (kCpuHasAvx2) return NegateMaxAbsAvx2(length, a, neg);
#endif
  int64_t k = 0;
  double r = 0;
#if defined(SOFTSPOT_SSE2)
  const __m128d sign = _mm_set1_pd(-0.0);
  __m128d m0 = _mm_setzero_pd(), m1 = m0;
  for (; k + 4 <= length; k += 4) {
    const __m128d a0 = _mm_loadu_pd(a + k), a1 = _mm_loadu_pd(a + k + 2);
    _mm_storeu_pd(neg + k, _mm_xor_pd(sign, a0));
    _mm_storeu_pd(neg + k + 2, _mm_xor_pd(sign, a1));
    m0 = _mm_max_pd(_mm_andnot_pd(sign, a0), m0);
    m1 = _mm_max_pd(_mm_andnot_pd(sign, a1), m1);
  }
  double lanes[4];
  _mm_storeu_pd(lanes, m0);
  _mm_storeu_pd(lanes + 2, m1);
  for (double v : lanes) r = v > r ? v : r;
#endif
  for (; k < length; ++k) {
    neg[k] = -a[k];
    const double v = std::fabs(a[k]);
    r = v > r ? v : r;
  }
  return r;
}

}  // namespace softspot
