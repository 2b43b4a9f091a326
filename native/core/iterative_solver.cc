#include "iterative_solver.h"

// Eigen's internal bounds assertions cost ~2× in the CG loop; node-gyp's Release build
// does not define NDEBUG, so switch them off here (this file only).
#ifndef EIGEN_NO_DEBUG
#define EIGEN_NO_DEBUG
#endif

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseCore>

#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define SOFTSPOT_HAVE_MXCSR 1
#endif

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "iterative_error.h"

namespace softspot {

namespace {

using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using IncompleteCholesky = Eigen::IncompleteCholesky<double, Eigen::Lower, Eigen::AMDOrdering<int>>;

void ValidatePattern(int n, const int* col_ptr, const int* row_idx) {
  if (n <= 0) throw IterativeSolverError("ITERATIVE_INVALID", "matrix dimension must be positive");
  if (col_ptr[0] != 0) throw IterativeSolverError("ITERATIVE_INVALID", "colPtr[0] must be 0");
  for (int c = 0; c < n; ++c) {
    const int start = col_ptr[c], end = col_ptr[c + 1];
    if (end <= start || row_idx[start] != c) {
      throw IterativeSolverError("ITERATIVE_INVALID", "the diagonal entry must be stored first in column " +
                                                          std::to_string(c));
    }
    for (int p = start + 1; p < end; ++p) {
      const int r = row_idx[p];
      if (r <= row_idx[p - 1] || r >= n) {
        throw IterativeSolverError("ITERATIVE_INVALID",
                                   "rowIdx must be sorted, unique and in the lower triangle (column " +
                                       std::to_string(c) + ")");
      }
    }
  }
}

// Flushes subnormal numbers to zero (x86 FTZ + DAZ) for its lifetime, on this thread.
// Unit-vector right-hand sides make the Krylov vectors decay exponentially away from
// the source; in the IC triangular solves they underflow into subnormals, which cost
// ~100× a normal flop on x86 (measured: 15× slower CG steps). Values below 1e-308 are
// far under any tolerance, so flushing them changes nothing else.
class FlushSubnormals {
 public:
  FlushSubnormals() {
#ifdef SOFTSPOT_HAVE_MXCSR
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
#endif
  }
  ~FlushSubnormals() {
#ifdef SOFTSPOT_HAVE_MXCSR
    _mm_setcsr(saved_);
#endif
  }
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

 private:
  unsigned int saved_ = 0;
};

std::string Format(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.3e", x);
  return buffer;
}

}  // namespace

// The preconditioner-independent state; the CG object is per preconditioner type.
class IterativeSolver::Impl {
 public:
  Impl(int n, const int* col_ptr, const int* row_idx) : a_(n, n) {
    const int nnz = col_ptr[n];
    a_.resizeNonZeros(nnz);
    std::memcpy(a_.outerIndexPtr(), col_ptr, sizeof(int) * (n + 1));
    std::memcpy(a_.innerIndexPtr(), row_idx, sizeof(int) * nnz);
    std::fill_n(a_.valuePtr(), nnz, 0.0);
  }
  virtual ~Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  virtual void Analyze() = 0;
  virtual Eigen::ComputationInfo Compute() = 0;  // preconditioner from the current values
  virtual void SolveOne(double tol, int max_iter, const Eigen::Ref<const Eigen::VectorXd>& b,
                        Eigen::Ref<Eigen::VectorXd> x, long* iterations, bool* converged) = 0;
  virtual long PreconditionerNnz() const = 0;
  virtual size_t PreconditionerBytes() const = 0;
  virtual const char* Name() const = 0;

  SpMat a_;
  bool factorized_ = false;
};

namespace {

template <typename Precond>
class CgImpl final : public IterativeSolver::Impl {
 public:
  CgImpl(int n, const int* col_ptr, const int* row_idx, const char* name)
      : IterativeSolver::Impl(n, col_ptr, row_idx), name_(name) {}

  void Analyze() override { cg_.analyzePattern(a_); }

  Eigen::ComputationInfo Compute() override {
    cg_.factorize(a_);
    return cg_.preconditioner().info();
  }

  void SolveOne(double tol, int max_iter, const Eigen::Ref<const Eigen::VectorXd>& b,
                Eigen::Ref<Eigen::VectorXd> x, long* iterations, bool* converged) override {
    cg_.setTolerance(tol);
    cg_.setMaxIterations(max_iter);
    x = cg_.solve(b);
    *converged = cg_.info() == Eigen::Success;
    // Eigen counts the steps before the one that converged (it breaks before ++i);
    // report CG steps, i.e. products with A: one more when a non-zero b converged.
    const bool nonzero = b.squaredNorm() > 0;
    *iterations = static_cast<long>(cg_.iterations()) + (*converged && nonzero ? 1 : 0);
  }

  long PreconditionerNnz() const override;
  size_t PreconditionerBytes() const override;
  const char* Name() const override { return name_; }

 private:
  Eigen::ConjugateGradient<SpMat, Eigen::Lower, Precond> cg_;
  const char* name_;
};

template <>
long CgImpl<Eigen::IdentityPreconditioner>::PreconditionerNnz() const { return 0; }
template <>
long CgImpl<Eigen::DiagonalPreconditioner<double>>::PreconditionerNnz() const { return a_.rows(); }
template <>
long CgImpl<IncompleteCholesky>::PreconditionerNnz() const {
  return factorized_ ? static_cast<long>(cg_.preconditioner().matrixL().nonZeros()) : 0;
}

template <>
size_t CgImpl<Eigen::IdentityPreconditioner>::PreconditionerBytes() const { return 0; }
template <>
size_t CgImpl<Eigen::DiagonalPreconditioner<double>>::PreconditionerBytes() const {
  return sizeof(double) * static_cast<size_t>(a_.rows());
}
// L (values, row indices, column pointers), the diagonal scaling and the AMD permutation
// with its inverse.
template <>
size_t CgImpl<IncompleteCholesky>::PreconditionerBytes() const {
  const size_t n = static_cast<size_t>(a_.rows());
  return static_cast<size_t>(PreconditionerNnz()) * (sizeof(double) + sizeof(int)) +
         (n + 1) * sizeof(int) + n * sizeof(double) + 2 * n * sizeof(int);
}

}  // namespace

IterativeSolver::IterativeSolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IterativeSolver::~IterativeSolver() = default;

std::unique_ptr<IterativeSolver> IterativeSolver::Analyze(int n, const int* col_ptr,
                                                          const int* row_idx,
                                                          Preconditioner preconditioner) {
  ValidatePattern(n, col_ptr, row_idx);
  std::unique_ptr<Impl> impl;
  switch (preconditioner) {
    case Preconditioner::kIdentity:
      impl = std::make_unique<CgImpl<Eigen::IdentityPreconditioner>>(n, col_ptr, row_idx, "identity");
      break;
    case Preconditioner::kJacobi:
      impl = std::make_unique<CgImpl<Eigen::DiagonalPreconditioner<double>>>(n, col_ptr, row_idx, "jacobi");
      break;
    case Preconditioner::kIncompleteCholesky:
      impl = std::make_unique<CgImpl<IncompleteCholesky>>(n, col_ptr, row_idx, "ichol");
      break;
  }
  impl->Analyze();
  return std::unique_ptr<IterativeSolver>(new IterativeSolver(std::move(impl)));
}

void IterativeSolver::Factorize(const double* values) {
  impl_->factorized_ = false;
  std::memcpy(impl_->a_.valuePtr(), values, sizeof(double) * impl_->a_.nonZeros());
  if (impl_->Compute() != Eigen::Success) {
    throw IterativeSolverError("ITERATIVE_PRECONDITIONER_FAILED",
                               std::string("the ") + impl_->Name() +
                                   " preconditioner could not be built: the matrix is far from "
                                   "positive definite");
  }
  impl_->factorized_ = true;
}

void IterativeSolver::Solve(const double* b, int nrhs, double tol, int max_iter, double* out,
                            int* iterations, double* residuals) {
  if (!impl_->factorized_) {
    throw IterativeSolverError("ITERATIVE_INVALID", "solve() needs a successful factorize() first");
  }
  const Eigen::Index n = impl_->a_.rows();
  FlushSubnormals flush;
  Eigen::VectorXd r(n);
  for (int k = 0; k < nrhs; ++k) {
    Eigen::Map<const Eigen::VectorXd> bk(b + static_cast<size_t>(k) * n, n);
    Eigen::Map<Eigen::VectorXd> xk(out + static_cast<size_t>(k) * n, n);
    long iters = 0;
    bool converged = false;
    impl_->SolveOne(tol, max_iter, bk, xk, &iters, &converged);
    const double bnorm = bk.norm();
    r.noalias() = bk - impl_->a_.selfadjointView<Eigen::Lower>() * xk;
    const double residual = bnorm > 0 ? r.norm() / bnorm : 0.0;
    iterations[k] = static_cast<int>(iters);
    residuals[k] = residual;
    if (!converged) {
      throw IterativeSolverError(
          "ITERATIVE_NOT_CONVERGED",
          std::string("conjugate gradient (") + impl_->Name() +
              " preconditioner) did not converge for right-hand side " + std::to_string(k) +
              ": relative residual " + Format(residual) + " after " + std::to_string(iters) +
              " iterations (tolerance " + Format(tol) + ", iteration cap " + std::to_string(max_iter) +
              ")",
          iters, residual, tol, k);
    }
  }
}

size_t IterativeSolver::memory_bytes() const {
  const size_t n = static_cast<size_t>(impl_->a_.rows()), nnz = static_cast<size_t>(impl_->a_.nonZeros());
  return nnz * (sizeof(double) + sizeof(int)) + (n + 1) * sizeof(int) + impl_->PreconditionerBytes();
}

int IterativeSolver::n() const { return static_cast<int>(impl_->a_.rows()); }
long IterativeSolver::nnz() const { return static_cast<long>(impl_->a_.nonZeros()); }
long IterativeSolver::preconditioner_nnz() const { return impl_->PreconditionerNnz(); }
bool IterativeSolver::is_factorized() const { return impl_->factorized_; }
const char* IterativeSolver::preconditioner_name() const { return impl_->Name(); }

}  // namespace softspot
