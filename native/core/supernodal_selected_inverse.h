// Supernodal selected inversion of a CHOLMOD LLᵀ factor, Z = A⁻¹ on the pattern of L,
// and its tangents Ż⁽ⁱ⁾ = −A⁻¹ Ȧ⁽ⁱ⁾ A⁻¹ along several factor tangents L̇⁽ⁱ⁾
// (SupernodalFactorTangent) in one sweep.
//
// Supernodes J from last to first, all in the factor's permuted ordering. With L_JJ the
// diagonal block, R the rows below it and Y = L_RJ L_JJ⁻¹ (the unit-lower factor's block):
//   Z_RJ = −Z_RR Y,                  Z_JJ = (L_JJ L_JJᵀ)⁻¹ − Yᵀ Z_RJ,
// and for each tangent, with Ẏ = (L̇_RJ − Y L̇_JJ) L_JJ⁻¹ and M = L_JJ⁻¹ L̇_JJ:
//   Ż_RJ = −Ż_RR Y − Z_RR Ẏ,          Ż_JJ = −L_JJ⁻ᵀ (M + Mᵀ) L_JJ⁻¹ − Ẏᵀ Z_RJ − Yᵀ Ż_RJ.
// At a root supernode (no rows below) M + Mᵀ = L_JJ⁻¹ Ḟ_JJ L_JJ⁻ᵀ for the assembled front
// Ḟ_JJ (M = Φ of it, SupernodalFactorTangent), so there Ż_JJ = −Z_JJ Ḟ_JJ Z_JJ: two dsymm
// instead of the five nc³ triangular products of forming L̇_JJ and undoing it, which
// matters in 3D where the root separator holds a third of the unknowns.
// Z_RR (and Ż_RR) are gathered into a dense |R|×|R| lower triangle from the blocks of
// the ancestor supernodes (already done; by closure of the pattern every entry is
// there), using relative indices found by merging sorted row lists. The products are
// dsymm / dgemm / dtrsm; (L_JJ L_JJᵀ)⁻¹ is LAPACK dpotri.
//
// The tangent sweep reuses Z (not recomputed) and shares Y and the gathered Z_RR between
// the tangents, but every product of one tangent is a BLAS call of its own: a call on the
// k blocks side by side rounds a block's columns otherwise than a call on that block alone
// (OpenBLAS's kernels split n differently), and a deformation's dc/dγ would then change in
// the last bits with the others asked for beside it. The per-tangent calls cost no
// measurable time (docs/api.md, selectedInverseDerivatives).
//
// Input: the layout; Lx the numeric factor values (CHOLMOD's L->x); for the tangents z
// from SupernodalSelectedInverse and work[i] = L̇⁽ⁱ⁾ from SupernodalFactorTangent with
// keep_root_fronts (roots holding Ḟ_JJ), i = 0 … count−1, each xsize doubles.
// Output: z, or work[i] overwritten with Ż⁽ⁱ⁾, in the same layout; the diagonal blocks
// are stored whole (symmetric), the rest as the lower triangle.
// Cost: Z about twice the floating-point work of the numeric factorization; each
// tangent about twice more (two dsymm per supernode, plus two dsymm of nc³ at the root),
// plus O(Σ_J |R_J|²) gathered entries per tangent and one for Z; workspace
// O(max_below² + k·max_below·max_cols + k·max_cols² (non-root) + 2·root_cols²).
// Failure: a row missing from an ancestor's pattern (never produced by CHOLMOD) or a
// singular diagonal block throws CholmodError(CHOLMOD_INVALID).
#pragma once

#include <vector>

#include "supernodal_structure.h"

namespace softspot {

void SupernodalSelectedInverse(const SupernodalStructure& st, const double* Lx,
                               std::vector<double>& z);

void SupernodalSelectedInverseTangents(const SupernodalStructure& st, const double* Lx,
                                       const double* z, int count, double* const* work);

}  // namespace softspot
