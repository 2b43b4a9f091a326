// Supernodal selected inversion of a CHOLMOD LLᵀ factor, Z = A⁻¹ on the pattern of L,
// and its tangent Ż = −A⁻¹ Ȧ A⁻¹ along a factor tangent L̇ (SupernodalFactorTangent).
//
// Supernodes J from last to first, all in the factor's permuted ordering. With L_JJ the
// diagonal block, R the rows below it and Y = L_RJ L_JJ⁻¹ (the unit-lower factor's block):
//   Z_RJ = −Z_RR Y,                  Z_JJ = (L_JJ L_JJᵀ)⁻¹ − Yᵀ Z_RJ,
// and for the tangent, with Ẏ = (L̇_RJ − Y L̇_JJ) L_JJ⁻¹ and M = L_JJ⁻¹ L̇_JJ:
//   Ż_RJ = −Ż_RR Y − Z_RR Ẏ,          Ż_JJ = −L_JJ⁻ᵀ (M + Mᵀ) L_JJ⁻¹ − Ẏᵀ Z_RJ − Yᵀ Ż_RJ.
// Z_RR (and Ż_RR) are gathered into a dense |R|×|R| lower triangle from the blocks of
// the ancestor supernodes (already done; by closure of the pattern every entry is
// there), using relative indices found by merging sorted row lists. The products are
// dsymm / dgemm / dtrsm; (L_JJ L_JJᵀ)⁻¹ is LAPACK dpotri.
//
// Input: the layout; Lx the numeric factor values (CHOLMOD's L->x); ldot = L̇ in the
// same layout.
// Output: z (and zdot), xsize doubles in the same layout; the diagonal blocks are stored
// whole (symmetric), the rest as the lower triangle.
// Cost: about twice the floating-point work of the numeric factorization for Z, about
// three times more for Z and Ż together, plus O(Σ_J |R_J|²) gathered entries; workspace
// O(max_below² + max_below·max_cols).
// Failure: a row missing from an ancestor's pattern (never produced by CHOLMOD) or a
// singular diagonal block throws CholmodError(CHOLMOD_INVALID).
#pragma once

#include <vector>

#include "supernodal_structure.h"

namespace softspot {

void SupernodalSelectedInverse(const SupernodalStructure& st, const double* Lx,
                               std::vector<double>& z);

void SupernodalSelectedInverseWithTangent(const SupernodalStructure& st, const double* Lx,
                                          const double* ldot, std::vector<double>& z,
                                          std::vector<double>& zdot);

}  // namespace softspot
