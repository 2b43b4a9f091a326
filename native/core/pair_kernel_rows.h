// The pair loops of PairKernel's n = 10, q = 4 law, written once for both of its
// callers: PairKernel::Forces (molecular dynamics: positions x as they are) and
// PairKernel::Evaluate (minimizers: positions x + off, the wrapped copy, read on the fly;
// pair_kernel_evaluate.cc). Internal to pair_kernel*.cc.
//
// kOff: a particle p's position is read as (x[2p] + off[2p], x[2p+1] + off[2p+1]), the
// same IEEE sums as the wrapped copy xs = x + off the list was built for, so the same
// bonds bit for bit; else as x[2p], x[2p+1].
// The bond of an interior pair is r = x_j − x_i, of a border pair x_j − x_i + shift_m,
// evaluated in that order; the operations per pair are those of the header's formulas
// (pair_kernel.h) in the order of lib/md/kernel.ts forcesEnergyN10Q4 / borderForces.
#pragma once

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pair_kernel.h"

namespace softspot {
namespace pair_rows {

[[noreturn]] inline void BadList(const char* what) {
  throw std::invalid_argument(std::string("pair list: ") + what +
                              " (the list does not match the positions; rebuild it)");
}

// 1.0 when s < 1, else 0.0, without a branch: about a quarter of the listed pairs lie
// beyond the cutoff in no predictable order, and GCC compiles `s < 1.0 ? 1.0 : 0.0` to a
// conditional jump (measured: the loop 1.9× slower than with the mask, 552 vs 284 µs).
inline double InsideCutoff(double s) {
#if defined(__SSE2__)
  const __m128d one = _mm_set_sd(1.0);
  return _mm_cvtsd_f64(_mm_and_pd(_mm_cmplt_sd(_mm_set_sd(s), one), one));
#else
  return s < 1.0 ? 1.0 : 0.0;
#endif
}

// Coordinate k of a position (see kOff above).
template <bool kOff>
inline double At(const double* x, const double* off, int64_t k) {
  return kOff ? x[k] + off[k] : x[k];
}

// Border pairs b < list.border_count of the scalar law table (coef records of `stride`
// doubles: [κ, 1/w_c, g0, g1, p0_0..p0_4, p1_0..p1_3]): forces added to f, energy
// returned (0 unless Energy). Checks every index it follows.
template <bool Energy, bool kOff>
inline double BorderN10Q4(const PairListView& list, const double* coef, int stride, int n_types, const double* x,
                          const double* off, double* f) {
  const int tb = list.type_bits;
  const int32_t t_mask = (1 << tb) - 1;
  const int64_t n2 = 2 * static_cast<int64_t>(list.n);
  const int32_t* border = list.border;
  const double* shift = list.shift;
  const int j_shift = tb + 4;
  double border_energy = 0;
  for (int64_t b = 0; b < list.border_count; ++b) {
    const int64_t i2 = border[2 * b];
    const int32_t c = border[2 * b + 1];
    const int64_t j2 = c >> j_shift;
    const int t = (c >> 4) & t_mask, m2 = (c & 15) << 1;
    if (i2 < 0 || i2 + 1 >= n2 || c < 0 || j2 + 1 >= n2 || t >= n_types || m2 >= 18) {
      BadList("a border entry names a particle, type or image out of range");
    }
    const double* p = coef + static_cast<size_t>(stride) * t;
    const double rx = At<kOff>(x, off, j2) - At<kOff>(x, off, i2) + shift[m2];
    const double ry = At<kOff>(x, off, j2 + 1) - At<kOff>(x, off, i2 + 1) + shift[m2 + 1];
    const double ka = p[0];
    const double w = (rx * rx + ry * ry) * ka;
    const double inside = InsideCutoff(w * p[1]);
    const double inv = 1 / w, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
    if (Energy) {
      border_energy += inside * (p[2] * inv5 + (p[4] + w * (p[5] + w * (p[6] + w * (p[7] + w * p[8])))));
    }
    const double a1 = inside * ka * (p[3] * inv5 * inv + (p[9] + w * (p[10] + w * (p[11] + w * p[12]))));
    const double gx = a1 * rx, gy = a1 * ry;
    f[i2] += gx;
    f[i2 + 1] += gy;
    f[j2] -= gx;
    f[j2 + 1] -= gy;
  }
  return border_energy;
}

#if defined(__SSE2__)
// The coefficients of a table whose G0, G1 are shared by all types, in registers.
struct PairedLaw {
  __m128d one, g0, g1, q0, q1, q2, q3, q4, p0, p1, p2, p3;
  explicit PairedLaw(const double* coef)
      : one(_mm_set1_pd(1.0)), g0(_mm_set1_pd(coef[2])), g1(_mm_set1_pd(coef[3])), q0(_mm_set1_pd(coef[4])),
        q1(_mm_set1_pd(coef[5])), q2(_mm_set1_pd(coef[6])), q3(_mm_set1_pd(coef[7])), q4(_mm_set1_pd(coef[8])),
        p0(_mm_set1_pd(coef[9])), p1(_mm_set1_pd(coef[10])), p2(_mm_set1_pd(coef[11])), p3(_mm_set1_pd(coef[12])) {}
};

// Row i2/2 of the interior list, codes [k, e), two pairs per SSE2 step, with particle i
// at (xi, yi) in both lanes: the pairs' forces subtracted from f[j], their sum added to
// f[i2], their energy added to the lanes of *energy (when Energy). The two pairs of a
// step have different j (a half list holds each pair once), and their force updates are
// stored one after the other; an odd count runs the last pair once more in the upper
// lane with its force masked off (1/w_c = HUGE_VAL).
template <bool Energy, bool kOff>
inline void PairedRow(const PairedLaw& law, const PairListView& list, const double* coef, int stride, int n_types,
                      int64_t k, int64_t e, int64_t i2, __m128d xi, __m128d yi, const double* x, const double* off,
                      double* f, __m128d* energy) {
  const int tb = list.type_bits;
  const int32_t t_mask = (1 << tb) - 1;
  const int64_t n2 = 2 * static_cast<int64_t>(list.n);
  const int32_t* codes = list.codes;
  const __m128d one = law.one;
  __m128d fxi = _mm_setzero_pd(), fyi = _mm_setzero_pd();
  for (; k < e; k += 2) {
    const bool pair = k + 1 < e;
    const int32_t c = codes[k], d = codes[pair ? k + 1 : k];
    const int64_t j2 = c >> tb, l2 = d >> tb;
    const int tc = c & t_mask, td = d & t_mask;
    if (c < 0 || d < 0 || j2 + 1 >= n2 || l2 + 1 >= n2 || tc >= n_types || td >= n_types) {
      BadList("a code names a particle or type out of range");
    }
    const double* pc = coef + static_cast<size_t>(stride) * tc;
    const double* pd = coef + static_cast<size_t>(stride) * td;
    __m128d xj = _mm_setr_pd(x[j2], x[l2]), yj = _mm_setr_pd(x[j2 + 1], x[l2 + 1]);
    if (kOff) {
      xj = _mm_add_pd(xj, _mm_setr_pd(off[j2], off[l2]));
      yj = _mm_add_pd(yj, _mm_setr_pd(off[j2 + 1], off[l2 + 1]));
    }
    const __m128d rx = _mm_sub_pd(xj, xi);
    const __m128d ry = _mm_sub_pd(yj, yi);
    const __m128d ka = _mm_setr_pd(pc[0], pd[0]);
    const __m128d iw = _mm_setr_pd(pc[1], pair ? pd[1] : HUGE_VAL);  // HUGE_VAL: lane off
    const __m128d w = _mm_mul_pd(_mm_add_pd(_mm_mul_pd(rx, rx), _mm_mul_pd(ry, ry)), ka);
    const __m128d inside = _mm_and_pd(_mm_cmplt_pd(_mm_mul_pd(w, iw), one), one);
    const __m128d inv = _mm_div_pd(one, w), inv2 = _mm_mul_pd(inv, inv);
    const __m128d inv5 = _mm_mul_pd(_mm_mul_pd(inv2, inv2), inv);
    if (Energy) {
      const __m128d poly = _mm_add_pd(law.q0, _mm_mul_pd(w, _mm_add_pd(law.q1, _mm_mul_pd(w, _mm_add_pd(law.q2,
                           _mm_mul_pd(w, _mm_add_pd(law.q3, _mm_mul_pd(w, law.q4))))))));
      *energy = _mm_add_pd(*energy, _mm_mul_pd(inside, _mm_add_pd(_mm_mul_pd(law.g0, inv5), poly)));
    }
    const __m128d poly = _mm_add_pd(law.p0, _mm_mul_pd(w, _mm_add_pd(law.p1, _mm_mul_pd(w, _mm_add_pd(law.p2,
                         _mm_mul_pd(w, law.p3))))));
    const __m128d a1 = _mm_mul_pd(_mm_mul_pd(inside, ka),
                                  _mm_add_pd(_mm_mul_pd(_mm_mul_pd(law.g1, inv5), inv), poly));
    const __m128d gx = _mm_mul_pd(a1, rx), gy = _mm_mul_pd(a1, ry);
    fxi = _mm_add_pd(fxi, gx);
    fyi = _mm_add_pd(fyi, gy);
    f[j2] -= _mm_cvtsd_f64(gx);
    f[j2 + 1] -= _mm_cvtsd_f64(gy);
    f[l2] -= _mm_cvtsd_f64(_mm_unpackhi_pd(gx, gx));
    f[l2 + 1] -= _mm_cvtsd_f64(_mm_unpackhi_pd(gy, gy));
  }
  f[i2] += _mm_cvtsd_f64(fxi) + _mm_cvtsd_f64(_mm_unpackhi_pd(fxi, fxi));
  f[i2 + 1] += _mm_cvtsd_f64(fyi) + _mm_cvtsd_f64(_mm_unpackhi_pd(fyi, fyi));
}
#endif

}  // namespace pair_rows
}  // namespace softspot
