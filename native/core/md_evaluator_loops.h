// The O(N) loops around the pair kernel in an energy/force evaluation for a minimizer
// (lib/md/objective.ts createMdEvaluator, lib/aqs/landscape.ts Landscape.evaluate; its
// one-call path checks the list by md_displacement_bound.h, ShiftedCopyWithin's exact test
// only near the limit), which keep the TypeScript versions as the reference they are
// tested against. Arrays
// interleaved (x0, y0, x1, y1, …).
//
// ShiftedCopyWithin: per particle k, xs_k = x_k + off_k (the wrapped copy the MD list
// reads; all of xs[0, 2n) is written) and the test |xs_k − ref_k|² > lim2 (λ²; lim2 =
// (skin/2)²); returns true when no particle moved that far since the list build (a NaN
// distance passes); when `copy` is not null, also copy = x (the caller's record of the
// positions, in the same pass). `shifted` (when not null): the particles whose offset is
// not +0 in both coordinates, ascending, n_shifted of them; off is read for those only
// (x + 0.0 for the others: the same bits). The same operations as the TypeScript loop, so the same numbers bit
// for bit (xs is a sum; the test is exact); four particles per step on a CPU with AVX2.
// MaxAbs: max_k |a_k| over `length` entries, 0 for none (a NaN entry is skipped, as the
// TypeScript `a > m` test does); with 256-bit vectors on a CPU that has AVX2 (the same
// maximum: it does not depend on the order).
// NegateMaxAbs: neg_k = −a_k (the sign bit flipped, as TypeScript's unary minus) and the
// MaxAbs of a, in one pass (a minimizer's gradient ∇U = −F and max|F|).
// Cost: one pass, a few flops per coordinate; no allocation; cannot fail.
#pragma once

#include <cstdint>

namespace softspot {

bool ShiftedCopyWithin(int64_t n, const double* x, const double* off, const double* ref, double lim2, double* xs,
                       double* copy, const int32_t* shifted, int64_t n_shifted);

// UnpatchCopy: copy_k = x_k again for the `shifted` particles (n_shifted of them), after
// a loop that read `copy` patched to x_k + off_k there (pair_kernel_evaluate.cc).
void UnpatchCopy(const double* x, double* copy, const int32_t* shifted, int64_t n_shifted);

double MaxAbs(int64_t length, const double* a);

double NegateMaxAbs(int64_t length, const double* a, double* neg);

}  // namespace softspot
