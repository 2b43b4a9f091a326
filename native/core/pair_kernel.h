// PairKernel: energy and forces of a pairwise potential over a Verlet half list, the hot
// loop of molecular dynamics and of every minimizer (lib/md/kernel.ts holds the same loop
// in TypeScript as the reference implementation; DESIGN §1, §3).
//
// Parameters: one record per species-pair type t = s_i·nSpecies + s_j (symmetric) and a
// law kind; the loop reads the record of each pair's type, so laws differ per pair only
// through this table. Implemented kinds:
//   kIpl  smoothed inverse power law (paper, Eq. S1), exponent n and q + 1 smoothing
//         coefficients shared by the table's layout; record t = [λ_t, ε_t, r_c,t, c_0..c_q]:
//           φ_t(r) = ε_t [ (λ_t/r)^n + Σ_{ℓ=0..q} c_ℓ (r/λ_t)^{2ℓ} ]   for r < r_c,t, else 0.
//         Evaluated in w = r²/λ_t² (dimensionless): φ = G0(w), φ'(r)/r = κ_t G1(w), κ_t = 1/λ_t²,
//           G0 = ε w^{−n/2} + Σ_ℓ ε c_ℓ w^ℓ,   G1 = −n ε w^{−n/2−1} + Σ_{m<q} 2(m+1) ε c_{m+1} w^m.
// (DESIGN §10's `lj` and `poly` become further kinds with their own record layouts.)
//
// The list (lib/md/kernel.ts MdNeighborList, read in place):
//   interior pairs, CSR: for i < n, k ∈ [offsets[i], offsets[i+1]): code = codes[k] =
//     (2j << type_bits) | t, bond r = x_j − x_i (no image shift);
//   border pairs, b < border_count: border[2b] = 2i, border[2b+1] =
//     (2j << (type_bits + 4)) | (t << 4) | m, bond r = x_j − x_i + (shift[2m], shift[2m+1]), m < 9.
// Positions x and forces f are interleaved (x0, y0, x1, y1, …), length 2n.
//
// Forces: f is overwritten with F = −∇U, F_i += φ'(r)/r · r, F_j −= φ'(r)/r · r; the
// energy U = Σ φ is returned when asked (else 0). The cutoff test w·(1/w_c) < 1 is done
// without a branch, as in the TypeScript loop (the same pairs count).
//
// Cost: one pass over the list, ≈ 25 flops and one division per pair; no allocation.
// Failures: std::invalid_argument for a malformed table (at Create) or a list that would
// read or write outside x and f (checked in the loop: offsets monotone and within codes,
// j < n, t < nTypes, m < 9); f is then partially written.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace softspot {

enum class PairLaw { kIpl };

// A Verlet half list in the layout above (borrowed pointers; lengths for the checks).
struct PairListView {
  int n;                      // particles
  const int32_t* offsets;     // n + 1
  const int32_t* codes;       // codes_length ≥ offsets[n]
  int64_t codes_length;
  int type_bits;              // 0..8
  const int32_t* border;      // 2·border_count (or more)
  int64_t border_count;
  const double* shift;        // 18
};

// The positions of a minimizer's evaluation with the tracked displacement bound
// (EvaluateTracked; borrowed, arrays interleaved, length 2n; md_displacement_bound.h).
struct TrackedView {
  const double* x;          // the caller's positions (λ)
  const double* off;        // lattice offsets recorded at the build (xs − x then)
  const double* ref;        // xs at the build (read only near the limit)
  double lim2;              // largest squared displacement from ref, (skin/2)² (λ²)
  double* pos;              // in: x of the previous call; out: x (the loop reads it, patched)
  double* xs;               // receives x + off when shifted is null (the loop then reads it)
  const int32_t* shifted;   // the particles whose off is not +0 (ascending), or null: all
  int64_t n_shifted;
  double bound;             // D ≥ max_i |xs_i − ref_i| at pos on entry (λ), or NaN: unknown
  double slack;             // rounding allowance added to D per call (λ)
};

class PairKernel {
 public:
  // Checks and copies the table (n_types records of the kind's layout) and precomputes
  // the scaled coefficients. kIpl: exponent n ≥ 1, q ≥ 0, λ, ε, r_c > 0 and finite.
  static std::unique_ptr<PairKernel> Create(PairLaw law, int n_types, int exponent, int q,
                                            const double* table, int64_t table_length);
  PairKernel(const PairKernel&) = delete;
  PairKernel& operator=(const PairKernel&) = delete;
  PairKernel(PairKernel&&) = delete;
  PairKernel& operator=(PairKernel&&) = delete;

  // F into f (length 2n, overwritten); returns U (ε) when with_energy, else 0.
  double Forces(const PairListView& list, const double* x, double* f, bool with_energy) const;

  // The evaluation of a minimizer's objective (lib/md/objective.ts createMdEvaluator) in
  // one call (pair_kernel_evaluate.cc): the displacement check, pos = x, forces and energy
  // at the wrapped positions x + off (this loop, Forces), and max_k |F_k|. The check is
  // the bound of md_displacement_bound.h instead of a pass over ref: the list is valid
  // when (D + max_i |x_i − pos_i|)(1 + 1e-12) + slack is within √lim2 (with a 1e-9
  // relative margin), else the exact test |x_i + off_i − ref_i|² ≤ lim2 decides. Returns
  // false when a particle is farther than √lim2 from its build position (forces and
  // energy then undefined: rebuild the list; pos is written all the same; *bound NaN),
  // else true with U (ε) in *energy, F in f, the new D in *bound, and when asked ∇U = −F
  // in neg (2n, or null) and max_k |F_k| (ε/λ) in *max_force. f may be null when neg is
  // not (only ∇U is wanted: F then accumulates in neg, negated in place, the same bits).
  // The loop reads pos patched at the shifted particles (restored after it, also when it
  // throws), or xs = x + off when shifted is null: the same bits as the exact test, xs =
  // x + off and Forces on xs one by one.
  bool EvaluateTracked(const PairListView& list, const TrackedView& t, double* f, double* neg, bool with_max,
                       double* energy, double* max_force, double* bound) const;

  int n_types() const { return n_types_; }
  // Doubles per record of the table for `law` with these parameters.
  static int64_t RecordLength(PairLaw law, int q);

 private:
  PairKernel() = default;
  // After the loop of EvaluateTracked: −F into neg and max|F| (see EvaluateTracked).
  static void Finish(int64_t n2, double* f, double* neg, bool with_max, double* max_force);
  template <int HalfN, int Q, bool Energy>
  double IplLoop(const PairListView& list, const double* x, double* f) const;
  template <bool Energy>
  double IplInteriorPaired(const PairListView& list, const double* x, double* f) const;
  template <bool Energy>
  double IplGeneric(const PairListView& list, const double* x, double* f) const;

  PairLaw law_ = PairLaw::kIpl;
  int n_types_ = 0;
  int exponent_ = 0;
  int q_ = 0;
  int stride_ = 0;
  bool shared_ = false;  // G0, G1 coefficients equal for every type
  // Per type: [κ, 1/w_c, g0, g1, p0_0..p0_q, p1_0..p1_{q−1}] (G0, G1 of the header).
  std::vector<double> coef_;
};

}  // namespace softspot
