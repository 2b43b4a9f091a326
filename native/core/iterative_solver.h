// IterativeSolver: preconditioned conjugate gradient for a symmetric positive definite
// sparse matrix, from Eigen (Eigen::ConjugateGradient on the lower triangle), with one
// of three preconditioners:
//   kIdentity            plain CG (Eigen::IdentityPreconditioner)
//   kJacobi              diagonal scaling (Eigen::DiagonalPreconditioner)
//   kIncompleteCholesky  Eigen::IncompleteCholesky with AMD ordering: Lin & Moré's
//                        limited-memory IC with diagonal scaling and an automatic shift
//                        (no fill beyond the pattern of A per column)
//
// Phases mirror SparseCholesky: Analyze (pattern, copied; the IC ordering) → Factorize
// (values; builds the preconditioner, repeatable on the same pattern) → Solve (any
// number of blocks of right-hand sides) → destruction.
//
// Input: A as CSC, lower triangle, rows sorted within each column, diagonal present
// (first in its column), n×n. Values are aligned with row_idx.
//
// Cost per right-hand side: iterations × (one symmetric sparse mat-vec, 4·nnz flops,
// + one preconditioner application: O(n) for Jacobi, two triangular solves with
// nnz(L_ic) ≈ nnz(A) for IC). Iterations grow like √κ(A) log(1/tol). Factorize: O(nnz)
// for Jacobi, about one IC(0)-like pass for IC. Memory: O(nnz(A)) plus O(n) per solve.
//
// Failures throw IterativeSolverError (iterative_error.h): ITERATIVE_NOT_CONVERGED with
// the iterations and residual reached, ITERATIVE_PRECONDITIONER_FAILED, ITERATIVE_INVALID.
#pragma once

#include <memory>

namespace softspot {

enum class Preconditioner { kIdentity, kJacobi, kIncompleteCholesky };

class IterativeSolver {
 public:
  // Checks and copies the pattern; for kIncompleteCholesky also computes the AMD
  // ordering of the preconditioner. Throws ITERATIVE_INVALID for a malformed pattern.
  static std::unique_ptr<IterativeSolver> Analyze(int n, const int* col_ptr, const int* row_idx,
                                                  Preconditioner preconditioner);
  ~IterativeSolver();
  IterativeSolver(const IterativeSolver&) = delete;
  IterativeSolver& operator=(const IterativeSolver&) = delete;
  IterativeSolver(IterativeSolver&&) = delete;
  IterativeSolver& operator=(IterativeSolver&&) = delete;

  // New values (nnz, aligned with the pattern) and the preconditioner built from them.
  // Throws ITERATIVE_PRECONDITIONER_FAILED if the incomplete factorization breaks down.
  void Factorize(const double* values);

  // X = A⁻¹ B for nrhs right-hand sides (column-major n×nrhs), each from x₀ = 0, until
  // ‖b − A x‖₂ ≤ tol ‖b‖₂ (Eigen's recurrence residual) or max_iter iterations.
  // Input:  b (n·nrhs), nrhs ≥ 1, tol > 0, max_iter ≥ 1.
  // Output: out (n·nrhs), iterations (nrhs): CG steps (products with A) per column,
  //         residuals (nrhs): the true relative residual ‖b − A x‖₂/‖b‖₂ (0 for b = 0).
  // Throws ITERATIVE_NOT_CONVERGED for the first column that misses the tolerance (the
  // columns before it, and its last iterate, are already written).
  void Solve(const double* b, int nrhs, double tol, int max_iter, double* out, int* iterations,
             double* residuals);

  // Native memory held now, from the sizes of the stored matrix and preconditioner (the
  // binding reports it to V8, as for SparseCholesky).
  size_t memory_bytes() const;

  int n() const;
  long nnz() const;
  // Stored entries of the preconditioner: n for Jacobi, nnz(L_ic) for IC, 0 for identity.
  long preconditioner_nnz() const;
  bool is_factorized() const;
  const char* preconditioner_name() const;

  class Impl;  // opaque: the Eigen objects, one subclass per preconditioner type

 private:
  explicit IterativeSolver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace softspot
