#include "md_displacement_bound.h"

#include "simd.h"

#if defined(SOFTSPOT_AVX2_DISPATCH)
#include <immintrin.h>
#endif

namespace softspot {

namespace {

#if defined(SOFTSPOT_AVX2_DISPATCH)
// StepCopy with 256-bit vectors: s = (dx² + dy²) per particle summed in that order by
// hadd; max_pd(s, m) = s > m ? s : m keeps m for a NaN s, which cmp UNORD flags.
__attribute__((target("avx2"))) double StepCopyAvx2(int64_t n, const double* x, double* pos, bool* unordered) {
  int64_t k = 0;
  const int64_t end = 2 * n;
  __m256d m = _mm256_setzero_pd(), nan = m;
  for (; k + 8 <= end; k += 8) {
    const __m256d x0 = _mm256_loadu_pd(x + k), x1 = _mm256_loadu_pd(x + k + 4);
    const __m256d d0 = _mm256_sub_pd(x0, _mm256_loadu_pd(pos + k)), d1 = _mm256_sub_pd(x1, _mm256_loadu_pd(pos + k + 4));
    _mm256_storeu_pd(pos + k, x0);
    _mm256_storeu_pd(pos + k + 4, x1);
    const __m256d s = _mm256_hadd_pd(_mm256_mul_pd(d0, d0), _mm256_mul_pd(d1, d1));
    m = _mm256_max_pd(s, m);
    nan = _mm256_or_pd(nan, _mm256_cmp_pd(s, s, _CMP_UNORD_Q));
  }
  double lanes[4];
  _mm256_storeu_pd(lanes, m);
  bool un = _mm256_movemask_pd(nan) != 0;
  // The upper halves cleared before the SSE code after this function (see md_evaluator_loops.cc).
  _mm256_zeroupper();
  double r = 0;
  for (double v : lanes) r = v > r ? v : r;
  for (; k < end; k += 2) {
    const double dx = x[k] - pos[k], dy = x[k + 1] - pos[k + 1];
    pos[k] = x[k];
    pos[k + 1] = x[k + 1];
    const double s = dx * dx + dy * dy;
    un = un || s != s;
    r = s > r ? s : r;
  }
  *unordered = *unordered || un;
  return r;
}

// Particles [b, e) of MaxDistance2 (x + off when kOff, else x), AVX2.
template <bool kOff>
__attribute__((target("avx2"))) double Distance2Avx2(int64_t b, int64_t e, const double* x, const double* off,
                                                      const double* ref, double lim2, bool* beyond) {
  int64_t k = 2 * b;
  const int64_t end = 2 * e;
  const __m256d lim = _mm256_set1_pd(lim2);
  __m256d m = _mm256_setzero_pd(), flag = m;
  for (; k + 8 <= end; k += 8) {
    __m256d p0 = _mm256_loadu_pd(x + k), p1 = _mm256_loadu_pd(x + k + 4);
    if (kOff) {
      p0 = _mm256_add_pd(p0, _mm256_loadu_pd(off + k));
      p1 = _mm256_add_pd(p1, _mm256_loadu_pd(off + k + 4));
    }
    const __m256d d0 = _mm256_sub_pd(p0, _mm256_loadu_pd(ref + k)), d1 = _mm256_sub_pd(p1, _mm256_loadu_pd(ref + k + 4));
    const __m256d s = _mm256_hadd_pd(_mm256_mul_pd(d0, d0), _mm256_mul_pd(d1, d1));
    m = _mm256_max_pd(s, m);
    flag = _mm256_or_pd(flag, _mm256_cmp_pd(s, lim, _CMP_GT_OQ));
  }
  double lanes[4];
  _mm256_storeu_pd(lanes, m);
  bool out = _mm256_movemask_pd(flag) != 0;
  _mm256_zeroupper();
  double r = 0;
  for (double v : lanes) r = v > r ? v : r;
  for (; k < end; k += 2) {
    const double px = kOff ? x[k] + off[k] : x[k], py = kOff ? x[k + 1] + off[k + 1] : x[k + 1];
    const double dx = px - ref[k], dy = py - ref[k + 1];
    const double s = dx * dx + dy * dy;
    out = out || s > lim2;
    r = s > r ? s : r;
  }
  *beyond = *beyond || out;
  return r;
}
#endif

template <bool kOff>
double Distance2(int64_t b, int64_t e, const double* x, const double* off, const double* ref, double lim2,
                 bool* beyond) {
#if defined(SOFTSPOT_AVX2_DISPATCH)
  if (kCpuHasAvx2) return Distance2Avx2<kOff>(b, e, x, off, ref, lim2, beyond);
#endif
  double r = 0;
  bool out = false;
  for (int64_t k = 2 * b; k < 2 * e; k += 2) {
    const double px = kOff ? x[k] + off[k] : x[k], py = kOff ? x[k + 1] + off[k + 1] : x[k + 1];
    const double dx = px - ref[k], dy = py - ref[k + 1];
    const double s = dx * dx + dy * dy;
    out = out || s > lim2;
    r = s > r ? s : r;
  }
  *beyond = *beyond || out;
  return r;
}

}  // namespace

double StepCopy(int64_t n, const double* x, double* pos, bool* unordered) {
#if defined(SOFTSPOT_AVX2_DISPATCH)
  if (kCpuHasAvx2) return StepCopyAvx2(n, x, pos, unordered);
#endif
  double r = 0;
  bool un = false;
  for (int64_t k = 0; k < 2 * n; k += 2) {
    const double dx = x[k] - pos[k], dy = x[k + 1] - pos[k + 1];
    pos[k] = x[k];
    pos[k + 1] = x[k + 1];
    const double s = dx * dx + dy * dy;
    un = un || s != s;
    r = s > r ? s : r;
  }
  *unordered = *unordered || un;
  return r;
}

double MaxDistance2(int64_t n, const double* x, const double* off, const double* ref, const int32_t* shifted,
                    int64_t n_shifted, double lim2, bool* beyond) {
  if (shifted == nullptr) return Distance2<true>(0, n, x, off, ref, lim2, beyond);
  double r = 0;
  int64_t b = 0;
  for (int64_t s = 0; s <= n_shifted; ++s) {
    const int64_t i = s < n_shifted ? shifted[s] : n;
    const double a = Distance2<false>(b, i, x, off, ref, lim2, beyond);
    r = a > r ? a : r;
    if (i == n) break;
    const double c = Distance2<true>(i, i + 1, x, off, ref, lim2, beyond);
    r = c > r ? c : r;
    b = i + 1;
  }
  return r;
}

}  // namespace softspot
