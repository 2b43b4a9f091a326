// PairKernel::Evaluate: a minimizer's energy/force evaluation on the MD kernel in one
// pass (lib/md/objective.ts createMdEvaluator, lib/aqs/landscape.ts Landscape.evaluate).
//
// What it replaces (and equals bit for bit): the pass of md_evaluator_loops.h
// ShiftedCopyWithin (xs = x + off, copy = x, the check |xs_k − ref_k|² ≤ lim2), then
// Forces(list, xs, f, true), then MaxAbs(2n, f).
//
// How, for the n = 10, q = 4 law with shared coefficients (the paper's; the loop of
// Forces): x is copied by memcpy into the caller's copy (or the scratch xs when there is
// none), which the loop then reads: the copy the caller needs anyway, or the one the bare
// MD call makes too, and the loop's scattered reads hit a cache-warm array whatever the
// caller's x was (reading the caller's x in place measured 330 → 400–490 µs CPU per call
// at N = 10⁴ when x had left the cache). No wrapped copy is written: row i reads those
// positions, or x + off (the same IEEE sums as xs, so the same bonds bit for bit) when i
// or one of its j has a nonzero offset (ShiftedRows; a few per cent of the rows: the
// particles that left the cell since the build and their neighbours); the border pairs
// read x + off. Reading x for a particle whose offset is +0 differs from xs = x + 0 only
// where x = −0 (xs = +0): a bond or displacement coordinate of ±0 squares to +0, and an
// added force of ±0 leaves a sum that started at +0 unchanged (f never holds −0: it
// starts at +0 and x − x = +0), so forces, energy and the check come out the same bits.
// The check of particle i is done where row i first reads x_i, in SSE2 lanes without a
// branch (measured: a scalar check and copy per row cost ≈ 15 µs per call at N = 10⁴,
// more than the separate pass); a particle beyond ends the loop at the end of its block
// of 64 rows (the caller rebuilds). max|F| and the gradient −F, when asked, are one more
// pass over f, which the loop has just written (L1/L2; md_evaluator_loops.h NegateMaxAbs).
// Other laws: ShiftedCopyWithin into m.xs, Forces, MaxAbs (the three passes above).
//
// Cost: a memcpy of x, the loop of Forces plus ≈ 10 flops per particle, and one pass
// over f; no allocation. Failures: std::invalid_argument as Forces for a malformed list.
#include <cstring>

#include "md_evaluator_loops.h"
#include "pair_kernel.h"
#include "pair_kernel_rows.h"

namespace softspot {

using pair_rows::BadList;

namespace {

// Bit 1 of rows[i]: the offset of particle i is not +0 in both coordinates (its bits not 0).
inline uint8_t OwnShift(const double* off, int64_t i2) {
  uint64_t a, b;
  std::memcpy(&a, off + i2, sizeof a);
  std::memcpy(&b, off + i2 + 1, sizeof b);
  return (a | b) != 0 ? 2 : 0;
}

void CheckSizes(const PairListView& list) {
  if (list.n < 0 || list.type_bits < 0 || list.type_bits > 8 || list.border_count < 0) {
    BadList("negative size or type_bits outside 0..8");
  }
}

// The pass after the loop: neg = −f and max|f| (one pass), or max|f| alone, or nothing.
void Finish(int64_t n2, const double* f, double* neg, bool with_max, double* max_force) {
  if (neg != nullptr) {
    const double m = NegateMaxAbs(n2, f, neg);
    if (with_max) *max_force = m;
  } else if (with_max) {
    *max_force = MaxAbs(n2, f);
  }
}

}  // namespace

void ShiftedRows(const PairListView& list, const double* off, uint8_t* rows) {
  CheckSizes(list);
  const int n = list.n, tb = list.type_bits;
  const int64_t n2 = 2 * static_cast<int64_t>(n);
  for (int64_t i2 = 0; i2 < n2; i2 += 2) rows[i2 >> 1] = OwnShift(off, i2);
  int64_t k = list.offsets[0];
  if (k < 0) BadList("offsets[0] < 0");
  for (int i = 0; i < n; ++i) {
    const int64_t e = list.offsets[i + 1];
    if (e < k || e > list.codes_length) BadList("offsets not non-decreasing or beyond codes");
    uint8_t any = rows[i];
    for (; k < e; ++k) {
      const int32_t c = list.codes[k];
      const int64_t j2 = c >> tb;
      if (c < 0 || j2 + 1 >= n2) BadList("a code names a particle out of range");
      any |= rows[j2 >> 1];
    }
    rows[i] = static_cast<uint8_t>(rows[i] | (any >> 1));
  }
}

bool PairKernel::Evaluate(const PairListView& list, const MinimizerView& m, double* f, double* neg, bool with_max,
                          double* energy, double* max_force) const {
  CheckSizes(list);
  const int64_t n2 = 2 * static_cast<int64_t>(list.n);
#if defined(__SSE2__)
  if (law_ == PairLaw::kIpl && exponent_ == 10 && q_ == 4 && shared_) {
    std::memset(f, 0, sizeof(double) * static_cast<size_t>(n2));
    const bool within = m.copy != nullptr ? EvaluatePaired<true>(list, m, f, energy)
                                          : EvaluatePaired<false>(list, m, f, energy);
    if (!within) return false;
    Finish(n2, f, neg, with_max, max_force);
    return true;
  }
#endif
  if (!ShiftedCopyWithin(list.n, m.x, m.off, m.ref, m.lim2, m.xs, m.copy, nullptr, 0)) return false;
  *energy = Forces(list, m.xs, f, true);
  Finish(n2, f, neg, with_max, max_force);
  return true;
}

#if defined(__SSE2__)
// The interior rows with the check and copy of their particle i first (see the file
// header), then the border pairs at x + off. *energy as Forces sums it: the two lanes of
// the interior, then the border.
template <bool kCopy>
bool PairKernel::EvaluatePaired(const PairListView& list, const MinimizerView& m, double* f, double* energy) const {
  const int nt = n_types_, stride = stride_;
  const int64_t n2 = 2 * static_cast<int64_t>(list.n);
  const double* coef = coef_.data();
  const int32_t* offsets = list.offsets;
  const double *off = m.off, *ref = m.ref;
  const uint8_t* rows = m.rows;
  // x copied first (into the caller's copy, or the scratch xs) and read from there: the
  // copy the caller needs, or the bare MD call's own, done by memcpy, and the loop's
  // scattered reads then hit a cache-warm array whatever the caller's x was.
  double* buffer = kCopy ? m.copy : m.xs;
  std::memcpy(buffer, m.x, sizeof(double) * static_cast<size_t>(n2));
  const double* x = buffer;
  const pair_rows::PairedLaw law(coef);
  __m128d interior = _mm_setzero_pd();
  int64_t k = offsets[0];
  if (k < 0) BadList("offsets[0] < 0");
  // The check without a branch per row: the lanes of `beyond` collect d² > lim2 (NaN
  // passes), looked at after each block of rows.
  const __m128d lim = _mm_set_sd(m.lim2);
  __m128d beyond = _mm_setzero_pd();
  constexpr int64_t kBlock = 2 * 64;
  for (int64_t b2 = 0; b2 < n2; b2 += kBlock) {
    const int64_t end = b2 + kBlock < n2 ? b2 + kBlock : n2;
    for (int64_t i2 = b2; i2 < end; i2 += 2) {
      const int64_t e = offsets[(i2 >> 1) + 1];
      if (e < k || e > list.codes_length) BadList("offsets not non-decreasing or beyond codes");
      const bool shifted = (rows[i2 >> 1] & 1) != 0;
      const __m128d xy = _mm_loadu_pd(x + i2);
      const __m128d p = shifted ? _mm_add_pd(xy, _mm_loadu_pd(off + i2)) : xy;
      const __m128d d = _mm_sub_pd(p, _mm_loadu_pd(ref + i2));
      const __m128d s = _mm_mul_pd(d, d);
      beyond = _mm_or_pd(beyond, _mm_cmpgt_sd(_mm_add_sd(s, _mm_unpackhi_pd(s, s)), lim));  // dx² + dy² > lim2
      const __m128d xi = _mm_unpacklo_pd(p, p), yi = _mm_unpackhi_pd(p, p);
      if (shifted) {
        pair_rows::PairedRow<true, true>(law, list, coef, stride, nt, k, e, i2, xi, yi, x, off, f, &interior);
      } else {
        pair_rows::PairedRow<true, false>(law, list, coef, stride, nt, k, e, i2, xi, yi, x, nullptr, f, &interior);
      }
      k = e;
    }
    if ((_mm_movemask_pd(beyond) & 1) != 0) return false;
  }
  const double border = pair_rows::BorderN10Q4<true, true>(list, coef, stride, nt, x, off, f);
  *energy = _mm_cvtsd_f64(interior) + _mm_cvtsd_f64(_mm_unpackhi_pd(interior, interior)) + border;
  return true;
}
#endif

}  // namespace softspot
