// SparseCholesky: a CHOLMOD factorization of a symmetric positive definite matrix, plus
// the selected inverse A⁻¹|pattern(A) and its derivative −A⁻¹ Ȧ A⁻¹|pattern(A).
//
// Phases follow CHOLMOD: Analyze (ordering + symbolic factorization of the pattern,
// once) → Factorize (numeric, any number of times with new values on the same pattern)
// → Solve / SelectedInverse / SelectedInverseDerivative → destruction.
//
// Input: A as CSC, lower triangle, rows sorted within each column, n×n. Values passed
// to Factorize and dA passed to SelectedInverseDerivative are aligned with the pattern
// (same positions as row_idx). Results of the selected-inverse routines are aligned
// the same way.
//
// Failures throw CholmodError: CHOLMOD_NOT_POSDEF (with the failing original column),
// CHOLMOD_OUT_OF_MEMORY, CHOLMOD_INVALID (bad pattern, call out of phase), ...
#pragma once

#include <cholmod.h>

#include <memory>
#include <string>
#include <vector>

#include "cholmod_workspace.h"
#include "ldl_factor.h"
#include "supernodal_structure.h"

namespace softspot {

enum class Ordering { kAmd, kMetis, kNesdis, kNatural, kBest };
enum class FactorMode { kSimplicial, kSupernodal, kAuto };

class SparseCholesky {
 public:
  // Symbolic analysis of the pattern (copied). Cost: the ordering, O(nnz(A)) to
  // O(nnz(A) log n). Throws CholmodError(CHOLMOD_INVALID) for a malformed pattern.
  static std::unique_ptr<SparseCholesky> Analyze(int n, const int* col_ptr, const int* row_idx,
                                                 Ordering ordering, FactorMode mode);
  ~SparseCholesky();
  SparseCholesky(const SparseCholesky&) = delete;
  SparseCholesky& operator=(const SparseCholesky&) = delete;
  SparseCholesky(SparseCholesky&&) = delete;
  SparseCholesky& operator=(SparseCholesky&&) = delete;

  // Numeric factorization with values aligned with the pattern (nnz entries).
  // Reuses the analysis. Throws CHOLMOD_NOT_POSDEF with the original column index of
  // the first non-positive pivot.
  void Factorize(const double* values);

  // X = A⁻¹ B for nrhs right-hand sides (column-major n×nrhs); out may alias nothing.
  // The solution and CHOLMOD's workspace are kept between calls (no allocation per call).
  void Solve(const double* b, int nrhs, double* out);

  // (A⁻¹)_rc for every (r, c) in the pattern of A, aligned with the values. Takahashi
  // recurrences on the factor: for a supernodal factor the BLAS-3 supernodal sweep
  // (SupernodalSelectedInverse, ~ 2 factorizations' flops), for a simplicial one the
  // column sweep on its LDLᵀ copy (~ one simplicial factorization). Cached until the
  // next Factorize.
  void SelectedInverse(double* out);

  // −(A⁻¹ dA⁽ⁱ⁾ A⁻¹)_rc on the pattern of A for `count` symmetric dA⁽ⁱ⁾ given on the
  // pattern (lower triangle, aligned with the values; dvalues and out hold count·nnz
  // doubles, one perturbation after the other). Forward-mode differentiation of the
  // factorization and of the Takahashi sweep (supernodal: SupernodalFactorTangent per
  // perturbation, then SupernodalSelectedInverseTangents for all of them in one sweep
  // reusing the cached A⁻¹, ~ 4 factorizations' flops each in BLAS-3, count·nnz(L)
  // doubles of memory; simplicial: ~ 3 simplicial factorizations each). Computes and
  // caches A⁻¹ first if needed.
  void SelectedInverseDerivative(const double* dvalues, double* out, int count = 1);

  // Reference paths through blocked multiple-RHS solves: X = A⁻¹ [e_c …] and
  // −A⁻¹ (dA X), in blocks of `block` columns. Cost ~ n (resp. 2n) solves.
  void SelectedInverseBySolves(double* out, int block);
  void SelectedInverseDerivativeBySolves(const double* dvalues, double* out, int block,
                                         int count = 1);

  // log det A from the factor's pivots.
  double LogDet() const;

  // Native memory held now: CHOLMOD's (matrix, factor, workspace) and our copies and
  // caches (pattern, LDLᵀ copy, supernodal layout, selected inverse). The binding reports
  // it to V8 so that the garbage collector weighs a dropped factor by what it holds.
  size_t memory_bytes() const;

  int n() const { return n_; }
  long nnz() const { return static_cast<long>(row_idx_.size()); }
  double nnz_l() const { return nnz_l_; }
  double flops() const { return flops_; }
  bool is_supernodal() const { return factor_->is_super != 0; }
  bool is_factorized() const { return factorized_; }
  const char* ordering_name() const;

 private:
  SparseCholesky(int n, const int* col_ptr, const int* row_idx);
  void RequireFactor(const char* what) const;
  const LdlFactor& Ldl();  // simplicial LDLᵀ copy of the current factor (cached)
  const SupernodalStructure& Super();  // layout of the supernodal factor (cached)
  cholmod_dense* SolveDense(cholmod_dense* b);

  int n_;
  std::vector<int> col_ptr_, row_idx_;
  CholmodWorkspace workspace_;
  cholmod_sparse* matrix_ = nullptr;  // owns a copy of the pattern and current values
  cholmod_factor* factor_ = nullptr;
  // Solve's result and workspace, kept for the next call (cholmod_solve2).
  cholmod_dense* solve_x_ = nullptr;
  cholmod_dense* solve_y_ = nullptr;
  cholmod_dense* solve_e_ = nullptr;
  bool factorized_ = false;
  double nnz_l_ = 0, flops_ = 0;

  std::unique_ptr<LdlFactor> ldl_;  // cached per factorization
  std::vector<long> a_to_l_;        // A position -> L position (>= 0) or -(diag + 1)
  std::vector<double> zdiag_, zx_;  // cached selected inverse (simplicial)

  std::unique_ptr<SupernodalStructure> super_;  // per analysis
  std::vector<long> a_to_x_;        // A position -> position in the supernodal layout
  std::vector<double> zs_;          // cached selected inverse (supernodal layout)
  bool z_valid_ = false;
};

}  // namespace softspot
