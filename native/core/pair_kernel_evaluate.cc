// PairKernel::EvaluateTracked: a minimizer's energy/force evaluation on the MD kernel in
// one call (lib/md/objective.ts createMdEvaluator, lib/aqs/landscape.ts Landscape.evaluate
// and objective): the displacement check, Forces(list, ·, f, true), the MD loop itself,
// then one pass over f for max|F| and the gradient −F when asked (NegateMaxAbs); the same
// bits as the exact test (md_evaluator_loops.h ShiftedCopyWithin: xs = x + off,
// |xs_k − ref_k|² ≤ lim2), the loop on xs and that pass called one by one.
//
// The check without a pass over ref (md_displacement_bound.h): the evaluator's record of x
// (pos) holds the previous call's x; one pass copies x into it and measures the largest
// step; with the bound D carried between calls the list is valid while (D + step) stays
// well inside √lim2, and only then is ref read (the exact test, the same answer). Memory
// traffic of the pass: that of the bare MD call's copy of x (x read, pos read and
// written). The loop reads pos patched at the few shifted particles (x + off there),
// restored after it (also when the loop throws). pos differs from xs at most where
// x_k = −0 (x + 0.0 = +0), and a bond coordinate whose sign of zero differs is only
// squared or multiplied into terms added to sums that start at +0 (a ±0 term leaves such
// a sum as it is): the same F and U bits. With f null the forces accumulate in the
// gradient array, negated in place after the loop (one array written, not two).
//
// Measured (N = 10⁴, CPU time per call, test/bench perf kernel): folding the check into
// the pair loop where it first reads each particle, with the loop reading x in place (or
// x + off in the rows that need it, instead of writing xs), cost more than a separate
// vectorized pass: the loop is bound by instruction throughput, and ≈ 12 more
// instructions per row (≈ 10 µs per call) outweigh the pass (≈ 7 µs); reading the
// caller's x in place when it had left the cache cost more still (330 → 400–490 µs).
// A pass over ref (even rounded to float, half the bytes) cost ≈ 5 µs against ≈ 3 µs for
// a plain copy of x, the difference the tracked bound removed (0.98× → 0.99× the bare MD
// call per particle); four running maxima instead of two bought nothing measurable
// (memory-bound), nor did zeroing f in the same pass instead of memset. Why max|F| is a
// pass of its own: the half list's rows are ordered by bins and its border pairs come
// after them, so no particle's force is final before the loop ends.
//
// Cost: the pass (a few flops per coordinate), the loop of Forces, one pass over f; no
// allocation. Failures: std::invalid_argument as Forces for a malformed list.
#include <cmath>
#include <limits>
#include <stdexcept>

#include "md_displacement_bound.h"
#include "md_evaluator_loops.h"
#include "pair_kernel.h"

namespace softspot {

namespace {

// The tracked evaluation's patch of pos at the shifted particles, undone when it goes out
// of scope (also when Forces throws).
class UnpatchTracked {
 public:
  explicit UnpatchTracked(const TrackedView& t) : t_(t) {}
  ~UnpatchTracked() { UnpatchCopy(t_.x, t_.pos, t_.shifted, t_.n_shifted); }
  UnpatchTracked(const UnpatchTracked&) = delete;
  UnpatchTracked& operator=(const UnpatchTracked&) = delete;

 private:
  const TrackedView& t_;
};

}  // namespace

// The bound (md_displacement_bound.h): real |xs_i − ref_i| ≤ D + |x_i − pos_i| + the
// rounding of xs = fl(x + off) at shifted particles (a few ulps of |xs|, in `slack`);
// √s_i and the sum are within a few 2⁻⁵³ of the real step, which the factor 1 + 1e-12
// covers (and `slack` an underflowed s_i). When b²(1 + 1e-9) ≤ lim2, every d_i² of the
// exact test is at most b²(1 + 1e-15) ≤ lim2: the same answer, without reading ref.
bool PairKernel::EvaluateTracked(const PairListView& list, const TrackedView& t, double* f, double* neg,
                                 bool with_max, double* energy, double* max_force, double* bound) const {
  if (list.n < 0) throw std::invalid_argument("pair list: negative size");
  if (f == nullptr && neg == nullptr) throw std::invalid_argument("evaluate: expected forces or a gradient array");
  const int64_t n2 = 2 * static_cast<int64_t>(list.n);
  bool unordered = false;
  const double step2 = StepCopy(list.n, t.x, t.pos, &unordered);
  double b = (t.bound + std::sqrt(step2)) * (1 + 1e-12) + t.slack;
  if (unordered || !(b * b * (1 + 1e-9) <= t.lim2)) {
    // Near the limit (or D unknown, or a NaN step): the exact test, and D anew.
    bool beyond = false;
    const double d2 = MaxDistance2(list.n, t.x, t.off, t.ref, t.shifted, t.n_shifted, t.lim2, &beyond);
    if (beyond) {
      *bound = std::numeric_limits<double>::quiet_NaN();
      return false;
    }
    b = std::sqrt(d2) * (1 + 1e-12) + t.slack;
  }
  *bound = b;
  double* acc = f != nullptr ? f : neg;
  // (Not when pos overlaps x: the patch would then change x, and the undo read it.)
  const bool apart = t.pos + n2 <= t.x || t.x + n2 <= t.pos;
  if (t.shifted != nullptr && apart) {
    for (int64_t s = 0; s < t.n_shifted; ++s) {
      const int64_t k = 2 * static_cast<int64_t>(t.shifted[s]);
      t.pos[k] = t.x[k] + t.off[k];
      t.pos[k + 1] = t.x[k + 1] + t.off[k + 1];
    }
    const UnpatchTracked unpatch(t);
    *energy = Forces(list, t.pos, acc, true);
  } else {
    for (int64_t k = 0; k < n2; ++k) t.xs[k] = t.x[k] + t.off[k];
    *energy = Forces(list, t.xs, acc, true);
  }
  Finish(n2, f, neg, with_max, max_force);
  return true;
}

void PairKernel::Finish(int64_t n2, double* f, double* neg, bool with_max, double* max_force) {
  if (neg != nullptr) {
    // f null: F is in neg, negated in place (NegateMaxAbs reads each entry before it writes it).
    const double max = NegateMaxAbs(n2, f != nullptr ? f : neg, neg);
    if (with_max) *max_force = max;
  } else if (with_max) {
    *max_force = MaxAbs(n2, f);
  }
}

}  // namespace softspot
