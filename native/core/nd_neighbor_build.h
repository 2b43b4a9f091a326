// The binned build of the d-generic MD Verlet list, d = 2, 3 (lib/nd/md-neighbor-list.ts
// buildBinned, which stays as the reference; its module doc gives the list layout and the
// rebuild rule). The same pairs in the same order as the TypeScript build, so the force
// loop sums them in the same order (bit for bit the same forces).
//
// Input: n positions x (interleaved, already wrapped into the cell), species (< n_species),
// the cell's inverse hinv (row-major d×d: s = hinv·x in [0,1)^d), nb0 × nb1 × nb2 bins
// (nb2 = 1 in 2D; each ≥ 3, of width ≥ the largest list radius), per pair type
// t = s_i·n_species + s_j the list radius² list2[t], and the image shifts shift[d·m + a]
// (m = Σ_k (w_k + 1) 3^k < 3^d).
// Each particle i (in input order) visits the later particles of its bin, then all
// particles of the 4 (2D) or 13 (3D) bins of the forward half stencil (offsets e ≠ 0 whose
// first non-zero entry is > 0, e lexicographic over {−1, 0, 1}^d) in bin order, and keeps j
// when |x_j − (x_i − shift_m)|² < list2[t]: code (j << 5) | m. Writes offsets[0..n] and the
// codes while they fit in `capacity`; returns the number of codes (offsets[n]): when it
// exceeds capacity, grow the array to it and build again.
//
// Cost: O(n · particles per stencil) (≈ 430 candidates per particle for ka at N = 2000,
// 4 bins per axis), ≈ 1.5 ns each, without a branch per candidate (1.2 ms per build there,
// 4.1 ms in TypeScript; 2.3 ms with the branch); scratch per thread, grown on demand.
// Throws std::invalid_argument for a non-finite position, a species ≥ n_species or bad bin
// counts.
#pragma once

#include <cstdint>

namespace softspot {

struct NdBinnedInput {
  int d;
  int n;
  const double* x;
  const uint8_t* species;
  int n_species;
  const double* hinv;   // d·d
  int nb0, nb1, nb2;
  const double* list2;  // n_species²
  const double* shift;  // d·3^d
};

int64_t BuildNdBinned(const NdBinnedInput& in, int32_t* offsets, int32_t* codes, int64_t capacity);

// The build of a cell too small for 3 bins along an axis, or of fewer than 64 particles
// (lib/nd/md-neighbor-list.ts buildAllPairs, the reference): for each i, every j > i in
// order, with the rounded minimum image: s_k = Σ_a hinv[k][a]·(x_j,a − x_i,a) (a in
// order), w_k = −round(s_k) with JavaScript's Math.round (ties towards +∞), r = h·(s + w),
// kept when |r|² < list2[t]: code (j << 5) | m, m = Σ_k (w_k + 1) 3^k. The same
// arithmetic in the same order (built with -ffp-contract=off), so the same codes bit for
// bit. Positions must be wrapped into the cell (|w_k| ≤ 1). O(n²): ≈ 125 000 pairs at
// n = 500, a build that took 57 % of a 3D KA N = 500 preparation in TypeScript (6.9 ms per
// build); two pairs at a time in SSE2 lanes without branches, 1.3 ms (a scalar C++ loop
// with a branch per rounding: 5.2 ms, most of it mispredictions).
// Writes offsets[0..n] and the codes while they fit in `capacity`; returns their number.
// Throws std::invalid_argument for a non-finite position, a species ≥ n_species or bad sizes.
struct NdAllPairsInput {
  int d;
  int n;
  const double* x;
  const uint8_t* species;
  int n_species;
  const double* cell;   // d·d, row-major, columns the cell vectors
  const double* hinv;   // d·d
  const double* list2;  // n_species²
};

int64_t BuildNdAllPairs(const NdAllPairsInput& in, int32_t* offsets, int32_t* codes, int64_t capacity);

}  // namespace softspot
