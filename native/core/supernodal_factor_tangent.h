// Tangent of a supernodal Cholesky factorization A(p,p) = L Lᵀ along a symmetric
// perturbation Ȧ: L̇ with L̇ Lᵀ + L L̇ᵀ = Ȧ(p,p), L̇ lower triangular on the pattern of L.
//
// Left-looking over supernodes, the same schedule as CHOLMOD's supernodal numeric
// factorization (cholmod_super_numeric): for each supernode J the front
//   Ḟ_J = Ȧ_J − Σ_K (L̇_{K2} L_{K1}ᵀ + L_{K2} L̇_{K1}ᵀ)
// is assembled from every descendant K whose rows K1 fall in J's columns (K2 = K's rows
// from K1 on; two dgemm per descendant, scattered by relative indices). Then, with
// L_JJ the diagonal block and R the rows below it,
//   X = L_JJ⁻¹ Ḟ_JJ L_JJ⁻ᵀ,  M = Φ(X) (lower triangle, halved diagonal),
//   L̇_JJ = L_JJ M,           L̇_RJ = Ḟ_RJ L_JJ⁻ᵀ − L_RJ Mᵀ.
//
// Input: the layout, the numeric factor values Lx (CHOLMOD's L->x), and in ldot the
// lower triangle of Ȧ(p,p) scattered into the layout (zero elsewhere).
// Output: ldot overwritten with L̇ (the strict upper triangles of the diagonal blocks
// are set to zero). With keep_root_fronts, a supernode with no rows below its diagonal
// block (a root of the supernodal tree: nothing is updated from it) keeps its assembled
// front Ḟ_JJ (lower triangle) instead of L̇_JJ, which saves its three nc³ triangular
// products; SupernodalSelectedInverseTangents reads it so (Ż_JJ = −Z_JJ Ḟ_JJ Z_JJ there).
// Cost: about twice the floating-point work of the numeric factorization, in BLAS-3;
// workspace O(n + max_below·max_cols + max_cols²).
// Failure: a descendant row missing from an ancestor's pattern (never produced by
// CHOLMOD) throws CholmodError(CHOLMOD_INVALID).
#pragma once

#include "supernodal_structure.h"

namespace softspot {

void SupernodalFactorTangent(const SupernodalStructure& st, const double* Lx, double* ldot,
                             bool keep_root_fronts = false);

}  // namespace softspot
