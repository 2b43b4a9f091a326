// IterativeSolverError: the exception thrown by the Node-free iterative solvers.
//
// `code` is a stable string:
//   ITERATIVE_NOT_CONVERGED          CG stopped at the iteration cap above the tolerance
//   ITERATIVE_PRECONDITIONER_FAILED  the incomplete Cholesky factorization broke down
//                                    even after shifting the diagonal (matrix far from SPD)
//   ITERATIVE_INVALID                malformed pattern, or a call out of phase
// For ITERATIVE_NOT_CONVERGED the error carries what was reached: `iterations`, the true
// relative residual ‖b − A x‖₂/‖b‖₂ of the returned iterate, the `tolerance` asked for
// and `rhs`, the index of the right-hand side (column of the block) that failed; the
// others are -1 / NaN. The binding turns it into lib/errors.ts IterativeSolverError.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

namespace softspot {

class IterativeSolverError : public std::runtime_error {
 public:
  IterativeSolverError(std::string code, const std::string& message, long iterations = -1,
                       double residual = NAN, double tolerance = NAN, long rhs = -1)
      : std::runtime_error(message), code_(std::move(code)), iterations_(iterations),
        residual_(residual), tolerance_(tolerance), rhs_(rhs) {}

  const std::string& code() const { return code_; }
  long iterations() const { return iterations_; }
  double residual() const { return residual_; }
  double tolerance() const { return tolerance_; }
  long rhs() const { return rhs_; }

 private:
  std::string code_;
  long iterations_;
  double residual_;
  double tolerance_;
  long rhs_;
};

}  // namespace softspot
