// ScaledForces: energy and forces of a "scaled" species pair law over the d-generic MD
// Verlet list, d = 2, 3 (lib/nd/md-scaled.ts generates the same loop in JavaScript, which
// stays as the reference; lib/nd/md-neighbor-list.ts describes the list). The hot loop of
// the 3D MD, minimizers and AQS landscape (DESIGN §10).
//
// The law: every pair type t = s_i·nSpecies + s_j is one reduced law F at its own scales,
//   φ_t(r) = ε_t F(w),  w = κ_t r²,  A1_t = φ'(r)/r = 2 ε_t κ_t F'(w),  zero for w ≥ w_c,
// with F(w) = Σ_k e_k w^{−p_k} + Σ_{m=0..M} a_m w^m (the terms with p_k ≥ 1 listed,
// F' likewise with its own coefficients g_k on w^{−p_k−1} and b_m on w^m). The caller
// passes every coefficient as the JavaScript loop holds it, so the two compute the same
// IEEE operations in the same order:
//   i_1 = 1/w, i_p = i_{p−1}·i_1;  inside = 1 if w·(1/w_c) < 1 else 0  (no branch);
//   U += (inside·ε_t)·((Σ_k e_k i_{p_k}) + Horner_a(w)),
//   A1 = (inside·2ε_tκ_t)·((Σ_k g_k i_{p_k+1}) + Horner_b(w)),
// the sums left to right, Horner from the top coefficient, an empty Σ is 0 (+0 + H).
// (The JavaScript loop writes inside = (0.5 − ⌊w/w_c⌋) + 0.5, the same 1 or 0 for w < 2 w_c
// and wrong beyond; this mask is right for every w, so the list's skin is not limited here.)
//
// The list: CSR offsets[0..n], codes[k] = (j << 5) | m, bond r = x_j − x_i + shift[d·m…]
// (image m < 3^d). Positions x and forces f interleaved, d·n entries; f is overwritten:
// F_i += A1 r, F_j −= A1 r (each pair once). Returns U (ε).
//
// Cost: one pass over the list, ≈ 30 flops and one division per pair (≈ 10 ns per pair
// for ka in 3D, two pairs per SSE2 step; nd_scaled_forces.cc); no allocation.
// Failures: std::invalid_argument for malformed law parameters (at Create) or a list or
// species array that would read or write outside x and f (checked in the loop: offsets
// monotone and within codes, j < n, m < 3^d, species < nSpecies); f is then partly written.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace softspot {

struct ScaledLawTerms {
  int n_species;
  const double* kappa;   // n_species² : κ_t (1/λ²)
  const double* eps;     // n_species² : ε_t (ε)
  const double* eps2k;   // n_species² : 2 ε_t κ_t
  double inv_wc;         // 1/w_c
  int n_neg;             // terms with negative powers
  const int32_t* neg_power;   // n_neg : p_k ≥ 1
  const double* neg_energy;   // n_neg : e_k (on w^{−p_k})
  const double* neg_force;    // n_neg : g_k (on w^{−p_k−1})
  int n_pos;             // Horner coefficients of F, a_0..a_{n_pos−1} (n_pos ≥ 1)
  const double* pos;
  int n_dpos;            // Horner coefficients of F', b_0..b_{n_dpos−1} (n_dpos ≥ 1)
  const double* dpos;
};

class ScaledForces {
 public:
  // Checks and copies the law (n_species 1..16; κ, ε finite, κ > 0; p_k in 1..32;
  // coefficients finite; 1/w_c > 0 and finite).
  static std::unique_ptr<ScaledForces> Create(const ScaledLawTerms& terms);
  ScaledForces(const ScaledForces&) = delete;
  ScaledForces& operator=(const ScaledForces&) = delete;

  // F into f (d·n entries, overwritten); U returned when with_energy, else 0 (the loop
  // then skips the energy's terms: ≈ 15 % less time; F is the same bits). d = 2 or 3.
  // codes_length and species_length bound what the loop may read.
  double Forces(int d, int n, const double* x, const uint8_t* species, int64_t species_length,
                const int32_t* offsets, const int32_t* codes, int64_t codes_length, const double* shift,
                double* f, bool with_energy = true) const;

  int n_species() const { return n_species_; }

 private:
  ScaledForces() = default;
  template <int D, int kP1, int kP2, int kPos, int kDpos, bool Energy>
  double Loop(int n, const double* x, const uint8_t* species, const int32_t* offsets, const int32_t* codes,
              int64_t codes_length, const double* shift, double* f) const;

  int n_species_ = 0;
  int max_power_ = 1;  // the highest i_p needed (max p_k + 1)
  double inv_wc_ = 0;
  std::vector<double> kappa_, eps_, eps2k_;
  std::vector<int32_t> neg_power_;
  std::vector<double> neg_energy_, neg_force_, pos_, dpos_;
};

}  // namespace softspot
