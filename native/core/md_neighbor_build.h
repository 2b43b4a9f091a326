// The half-stencil build of the MD Verlet list (lib/md/kernel.ts buildHalfStencil, which
// stays as the reference; its module doc gives the list layout and why it is built so).
//
// Input: n positions x (interleaved, already wrapped into the reduced cell), species
// (< n_species), the reduced cell's inverse g (row-major 2×2: s = g·x in [0,1)²), nb0 × nb1
// bins of side ≥ r_list/reach (reach 1 or 2, nb ≥ 2·reach + 1 per axis), per pair type t
// (< 2^type_bits) the list radius² list2[t] and inv_list2[t] = 1/(list2[t](1 + 1e-12)),
// the 9 image shifts (shift[2m], shift[2m+1]).
// Output: offsets[0..n] and codes (interior pairs, CSR, code = (2j << type_bits) | t),
// border (pairs 2b, 2b+1: 2i, (2j << (type_bits + 4)) | (t << 4) | m), their counts.
// Each bin visits itself (later particles only), the `reach` bins after it in its row
// and the 2·reach + 1 bins of each of the next `reach` rows, with the periodic image shift
// known per neighbour bin. The same pairs in the same order as the TypeScript build.
//
// Cost: O(n) (≈ 17 candidates per particle at reach 2). Scratch: per thread, grown on
// demand. Returns kOk, or kCodesFull / kBorderFull when the output arrays are too small
// (the caller grows them to at least *codes_needed / *border_needed entries and calls
// again). Throws std::invalid_argument for a species ≥ n_species or bad bin counts.
#pragma once

#include <cstdint>

namespace softspot {

enum class NeighborBuildStatus { kOk = 0, kCodesFull = 1, kBorderFull = 2 };

struct HalfStencilInput {
  int n;
  const double* x;
  const uint8_t* species;
  int n_species;
  const double* g;          // 4
  int nb0, nb1, reach;
  int type_bits;
  const double* list2;      // 2^type_bits
  const double* inv_list2;  // 2^type_bits
  const double* shift;      // 18
};

struct HalfStencilOutput {
  int32_t* offsets;  // n + 1
  int32_t* codes;
  int64_t codes_capacity;
  int32_t* border;
  int64_t border_capacity;
  int64_t codes_count;    // out: offsets[n]
  int64_t border_count;   // out
  int64_t codes_needed;   // out when kCodesFull
  int64_t border_needed;  // out when kBorderFull
};

NeighborBuildStatus BuildHalfStencil(const HalfStencilInput& in, HalfStencilOutput* out);

}  // namespace softspot
