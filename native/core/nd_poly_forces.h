// PolyForces: energy and forces of the per-particle `poly` law (DESIGN §10) over the
// d-generic MD Verlet list, d = 2, 3 (lib/nd/md-forces.ts polyForces holds the same loop in
// TypeScript, which stays as the reference: the same IEEE operations in the same order, so
// the same numbers bit for bit). Per listed pair (bond r = x_j − x_i + shift_m):
//   σ_ij = (0.5 (σ_i + σ_j)) (1 − a |σ_i − σ_j|),  w = r²/σ_ij²,  skipped when w ≥ w_c,
//   U += ε ((w⁻⁶ + c0) + w (c2 + w c4)),
//   A1 = φ'/r = (2ε/σ_ij²) ((−6 w⁻⁶) w⁻¹ + c2 + (2 c4) w),  F_i += A1 r, F_j −= A1 r,
// with w⁻⁶ = (i² i²) i², i = 1/w, i² = i·i; a = the non-additivity (0.2), w_c = x_c² (1.25²).
// The list is lib/nd/md-neighbor-list.ts's (nd_scaled_forces.h describes it); x, f
// interleaved, d·n entries, f overwritten (F_i, F_j updated pair by pair, as the reference).
// Returns U (ε).
//
// Cost: one pass over the list; no allocation. Failures: std::invalid_argument for a list
// that would read or write outside x, f and sizes (offsets monotone and within codes, j < n,
// image < 3^d; checked in the loop) or non-finite coefficients; f is then partly written.
#pragma once

#include <cstdint>

namespace softspot {

struct PolyLawTerms {
  double epsilon, c0, c2, c4;  // ε and the smoothing coefficients
  double wc;                   // x_c²
  double nonadditivity;        // a
};

double PolyForces(int d, int n, const double* x, const double* sizes, const int32_t* offsets, const int32_t* codes,
                  int64_t codes_length, const double* shift, const PolyLawTerms& law, double* f);

}  // namespace softspot
