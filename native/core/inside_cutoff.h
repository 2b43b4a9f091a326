// InsideCutoff(s): 1.0 when s < 1, else 0.0 (also for NaN), without a branch. The pair
// loops (pair_kernel.cc, nd_scaled_forces.cc) multiply each pair's terms by it with
// s = w/w_c: about a quarter of the listed pairs lie beyond the cutoff in no predictable
// order, and GCC compiles `s < 1.0 ? 1.0 : 0.0` to a conditional jump (measured on the 2D
// kernel: the loop 1.9× slower than with the mask, 552 vs 284 µs).
#pragma once

#include "simd.h"

#if defined(SOFTSPOT_SSE2)
#include <emmintrin.h>
#endif

namespace softspot {

inline double InsideCutoff(double s) {
#if defined(SOFTSPOT_SSE2)
  const __m128d one = _mm_set_sd(1.0);
  return _mm_cvtsd_f64(_mm_and_pd(_mm_cmplt_sd(_mm_set_sd(s), one), one));
#else
  return s < 1.0 ? 1.0 : 0.0;
#endif
}

}  // namespace softspot
