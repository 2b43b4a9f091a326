// Selected inversion of a sparse LDLᵀ factor (Takahashi, Fagan & Chen 1973) and its
// forward-mode derivative along a symmetric perturbation Ȧ (DESIGN §5).
//
// All routines work in the factor's permuted ordering on the pattern of L, which
// contains the pattern of A(p,p). With Z = A⁻¹:
//   Z_ij = −Σ_{k∈P_j} Z_ik L_kj                         (i ∈ P_j, j = n−1 … 0)
//   Z_jj = 1/d_j − Σ_{k∈P_j} L_kj Z_kj
// Every Z_ik needed lies on the (elimination-closed) pattern of L, in a column already
// computed. The tangent pass differentiates the left-looking factorization and the
// sweep (dual numbers along Ȧ), giving Ż = −A⁻¹ Ȧ A⁻¹ on the same pattern.
//
// Cost: each sweep is Σ_j Σ_{k∈P_j} |P_k| multiply-adds, of the order of one simplicial
// factorization; the tangents cost about twice that. Memory: O(n + nnz(L)).
// Failure: a pattern that is not closed under elimination (never produced by CHOLMOD)
// throws CholmodError(CHOLMOD_INVALID) instead of returning wrong numbers.
#pragma once

#include <vector>

#include "ldl_factor.h"

namespace softspot {

// Z = A⁻¹ on the pattern of L.
// Output: zdiag (n), zx (nnz(L), aligned with f.x).
void SelectedInverse(const LdlFactor& f, std::vector<double>& zdiag, std::vector<double>& zx);

// Tangent of A = L D Lᵀ along Ȧ (given on the pattern of L: diagonal adiag, strictly
// lower ax aligned with f.x).
// Output: ddot (n), xdot (nnz(L)).
void FactorTangent(const LdlFactor& f, const std::vector<double>& adiag,
                   const std::vector<double>& ax, std::vector<double>& ddot,
                   std::vector<double>& xdot);

// Z = A⁻¹ and Ż = −A⁻¹ Ȧ A⁻¹ on the pattern of L in one dual-number sweep, from the
// factor and its tangent (FactorTangent).
// Output: zdiag, zdot_diag (n); zx, zdot_x (nnz(L)).
void SelectedInverseWithTangent(const LdlFactor& f, const std::vector<double>& ddot,
                                const std::vector<double>& xdot, std::vector<double>& zdiag,
                                std::vector<double>& zx, std::vector<double>& zdot_diag,
                                std::vector<double>& zdot_x);

}  // namespace softspot
