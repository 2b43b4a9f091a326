// The displacement check of a minimizer's evaluation without the reference positions
// (PairKernel::EvaluateTracked, lib/md/objective.ts createMdEvaluator): the evaluator
// keeps the positions of its previous call, `pos`, and a bound D ≥ max_i |xs_i − ref_i|
// on them (λ; xs the wrapped positions, ref those of the list build). The pass that
// copies the new x into pos also measures each particle's step, s_i = |x_i − pos_i|², and
// by the triangle inequality max_i |xs_i − ref_i| ≤ D + max_i √s_i (+ rounding): while that
// stays well inside the limit √lim2 = skin/2 the list is valid without reading ref; near
// the limit the exact test over ref decides, with the same answer as md_evaluator_loops.h
// ShiftedCopyWithin. Arrays interleaved (x0, y0, x1, y1, …), length 2n.
//
// StepCopy: pos = x over [0, 2n) and returns max_i s_i, s_i = fl(fl(dx²) + fl(dy²)) with
// (dx, dy) = fl(x_i − pos_i) before the copy; *unordered set when some s_i is NaN (a NaN
// or ±inf coordinate in x or pos), which a bound cannot cover (NaN entries are not in the
// maximum).
// MaxDistance2: max_i d_i² with d_i² = fl(fl(dx²) + fl(dy²)), (dx, dy) = fl(xs_i − ref_i),
// xs_i = x_i + off_i for the `shifted` particles (ascending, n_shifted of them; every
// other off is +0 and x_i + 0 gives the same d_i²) or for all when shifted is null: the
// same operations as ShiftedCopyWithin's test, NaN skipped (it passes there); *beyond set
// when some d_i² > lim2 (ShiftedCopyWithin false).
// Four particles per step on a CPU with AVX2 (chosen at run time; the same IEEE
// operations per coordinate, no FMA, so the same numbers), else scalar.
// Cost: one pass (StepCopy: x read, pos read and written; MaxDistance2: x and ref read);
// no allocation; cannot fail.
#pragma once

#include <cstdint>

namespace softspot {

double StepCopy(int64_t n, const double* x, double* pos, bool* unordered);

double MaxDistance2(int64_t n, const double* x, const double* off, const double* ref, const int32_t* shifted,
                    int64_t n_shifted, double lim2, bool* beyond);

}  // namespace softspot
