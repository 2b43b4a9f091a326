#include "sparse_cholesky.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>

#include "cholmod_error.h"
#include "metis_random.h"
#include "selected_inverse.h"
#include "supernodal_factor_tangent.h"
#include "supernodal_selected_inverse.h"

namespace softspot {

namespace {

// Frees a cholmod_dense on scope exit.
class DenseGuard {
 public:
  DenseGuard(cholmod_dense* d, cholmod_common* c) : d_(d), c_(c) {}
  ~DenseGuard() {
    if (d_ != nullptr) cholmod_free_dense(&d_, c_);
  }
  DenseGuard(const DenseGuard&) = delete;
  DenseGuard& operator=(const DenseGuard&) = delete;
  cholmod_dense* get() const { return d_; }

 private:
  cholmod_dense* d_;
  cholmod_common* c_;
};

void ValidatePattern(int n, const int* col_ptr, const int* row_idx) {
  if (n <= 0) throw CholmodError("CHOLMOD_INVALID", "matrix dimension must be positive");
  if (col_ptr[0] != 0) throw CholmodError("CHOLMOD_INVALID", "colPtr[0] must be 0");
  for (int c = 0; c < n; ++c) {
    if (col_ptr[c + 1] < col_ptr[c]) {
      throw CholmodError("CHOLMOD_INVALID", "colPtr must be non-decreasing (column " +
                                                std::to_string(c) + ")");
    }
    for (int p = col_ptr[c]; p < col_ptr[c + 1]; ++p) {
      const int r = row_idx[p];
      if (r < c || r >= n || (p > col_ptr[c] && r <= row_idx[p - 1])) {
        throw CholmodError("CHOLMOD_INVALID",
                           "rowIdx must be sorted, unique and in the lower triangle (column " +
                               std::to_string(c) + ")");
      }
    }
  }
}

}  // namespace

SparseCholesky::SparseCholesky(int n, const int* col_ptr, const int* row_idx)
    : n_(n), col_ptr_(col_ptr, col_ptr + n + 1), row_idx_(row_idx, row_idx + col_ptr[n]) {}

SparseCholesky::~SparseCholesky() {
  cholmod_common* c = workspace_.get();
  if (solve_x_ != nullptr) cholmod_free_dense(&solve_x_, c);
  if (solve_y_ != nullptr) cholmod_free_dense(&solve_y_, c);
  if (solve_e_ != nullptr) cholmod_free_dense(&solve_e_, c);
  if (factor_ != nullptr) cholmod_free_factor(&factor_, c);
  if (matrix_ != nullptr) cholmod_free_sparse(&matrix_, c);
}

std::unique_ptr<SparseCholesky> SparseCholesky::Analyze(int n, const int* col_ptr,
                                                        const int* row_idx, Ordering ordering,
                                                        FactorMode mode) {
  ValidatePattern(n, col_ptr, row_idx);
  std::unique_ptr<SparseCholesky> self(new SparseCholesky(n, col_ptr, row_idx));
  cholmod_common* c = self->workspace_.get();
  const size_t nnz = self->row_idx_.size();
  self->matrix_ = cholmod_allocate_sparse(n, n, nnz, /*sorted=*/1, /*packed=*/1,
                                          /*stype=*/-1, CHOLMOD_REAL, c);
  self->workspace_.Check("cholmod_allocate_sparse");
  std::memcpy(self->matrix_->p, self->col_ptr_.data(), sizeof(int) * (n + 1));
  std::memcpy(self->matrix_->i, self->row_idx_.data(), sizeof(int) * nnz);
  // The analysis looks at the pattern only; fill the values with an SPD-looking
  // placeholder so nothing reads uninitialised memory.
  std::fill_n(static_cast<double*>(self->matrix_->x), nnz, 0.0);

  switch (mode) {
    case FactorMode::kSimplicial: c->supernodal = CHOLMOD_SIMPLICIAL; break;
    case FactorMode::kSupernodal: c->supernodal = CHOLMOD_SUPERNODAL; break;
    case FactorMode::kAuto: c->supernodal = CHOLMOD_AUTO; break;
  }
  switch (ordering) {
    case Ordering::kAmd: c->nmethods = 1; c->method[0].ordering = CHOLMOD_AMD; break;
    case Ordering::kMetis: c->nmethods = 1; c->method[0].ordering = CHOLMOD_METIS; break;
    case Ordering::kNesdis: c->nmethods = 1; c->method[0].ordering = CHOLMOD_NESDIS; break;
    case Ordering::kNatural: c->nmethods = 1; c->method[0].ordering = CHOLMOD_NATURAL; break;
    case Ordering::kBest:
      // Try AMD, METIS and NESDIS; CHOLMOD keeps the one with the least fill.
      c->nmethods = 3;
      c->method[0].ordering = CHOLMOD_AMD;
      c->method[1].ordering = CHOLMOD_METIS;
      c->method[2].ordering = CHOLMOD_NESDIS;
      break;
  }
  c->postorder = 1;
  {
    // METIS draws from a random generator; unless each thread has its own (metis_random.h),
    // orderings in two threads at once would draw from one and depend on each other.
    const bool may_use_metis =
        ordering == Ordering::kMetis || ordering == Ordering::kNesdis || ordering == Ordering::kBest;
    std::unique_lock<std::mutex> serial;
    if (may_use_metis) serial = MetisOrderingLock();
    self->factor_ = cholmod_analyze(self->matrix_, c);
  }
  self->workspace_.Check("cholmod_analyze");
  if (self->factor_ == nullptr) throw CholmodError("CHOLMOD_INVALID", "cholmod_analyze failed");
  self->nnz_l_ = c->lnz;
  self->flops_ = c->fl;
  return self;
}

const char* SparseCholesky::ordering_name() const {
  switch (factor_->ordering) {
    case CHOLMOD_NATURAL:
    case CHOLMOD_POSTORDERED: return "natural";
    case CHOLMOD_GIVEN: return "given";
    case CHOLMOD_AMD: return "amd";
    case CHOLMOD_METIS: return "metis";
    case CHOLMOD_NESDIS: return "nesdis";
    case CHOLMOD_COLAMD: return "colamd";
    default: return "unknown";
  }
}

void SparseCholesky::RequireFactor(const char* what) const {
  if (!factorized_) {
    throw CholmodError("CHOLMOD_INVALID",
                       std::string(what) + " needs a successful factorize() first");
  }
}

void SparseCholesky::Factorize(const double* values) {
  cholmod_common* c = workspace_.get();
  factorized_ = false;
  ldl_.reset();
  z_valid_ = false;
  std::memcpy(matrix_->x, values, sizeof(double) * row_idx_.size());
  cholmod_factorize(matrix_, factor_, c);
  workspace_.Check("cholmod_factorize");
  if (c->status == CHOLMOD_NOT_POSDEF) {
    const int* perm = static_cast<const int*>(factor_->Perm);
    const long minor = static_cast<long>(factor_->minor);
    const long column = perm != nullptr && minor < n_ ? perm[minor] : minor;
    throw CholmodError("CHOLMOD_NOT_POSDEF",
                       "matrix is not positive definite (failed at column " +
                           std::to_string(column) + ")",
                       column);
  }
  if (!factor_->is_super && !factor_->is_ll) {
    // A simplicial LDLᵀ factorization does not stop at a negative pivot; we require
    // positive definiteness, so check the pivots in elimination order.
    const int* Lp = static_cast<const int*>(factor_->p);
    const double* Lx = static_cast<const double*>(factor_->x);
    const int* perm = static_cast<const int*>(factor_->Perm);
    for (int j = 0; j < n_; ++j) {
      const double d = Lx[Lp[j]];
      if (!(d > 0.0)) {
        const long column = perm != nullptr ? perm[j] : j;
        throw CholmodError("CHOLMOD_NOT_POSDEF",
                           "matrix is not positive definite (failed at column " +
                               std::to_string(column) + ")",
                           column);
      }
    }
  }
  factorized_ = true;
}

cholmod_dense* SparseCholesky::SolveDense(cholmod_dense* b) {
  cholmod_dense* x = cholmod_solve(CHOLMOD_A, factor_, b, workspace_.get());
  workspace_.Check("cholmod_solve");
  if (x == nullptr) throw CholmodError("CHOLMOD_INVALID", "cholmod_solve failed");
  return x;
}

void SparseCholesky::Solve(const double* b, int nrhs, double* out) {
  RequireFactor("solve()");
  cholmod_common* c = workspace_.get();
  // Wrap the caller's memory without copying: cholmod_solve only reads B.
  cholmod_dense bd;
  std::memset(&bd, 0, sizeof(bd));
  bd.nrow = n_;
  bd.ncol = nrhs;
  bd.nzmax = static_cast<size_t>(n_) * nrhs;
  bd.d = n_;
  bd.x = const_cast<double*>(b);
  bd.xtype = CHOLMOD_REAL;
  bd.dtype = CHOLMOD_DOUBLE;
  // cholmod_solve2 keeps X and its workspace Y, E from call to call (reallocated only
  // when nrhs changes): a solve of one right-hand side allocates nothing.
  const int ok = cholmod_solve2(CHOLMOD_A, factor_, &bd, nullptr, &solve_x_, nullptr, &solve_y_,
                                &solve_e_, c);
  workspace_.Check("cholmod_solve2");
  if (!ok || solve_x_ == nullptr) throw CholmodError("CHOLMOD_INVALID", "cholmod_solve2 failed");
  std::memcpy(out, solve_x_->x, sizeof(double) * n_ * nrhs);
}

const LdlFactor& SparseCholesky::Ldl() {
  if (ldl_) return *ldl_;
  cholmod_common* c = workspace_.get();
  if (!factor_->is_super && !factor_->is_ll) {
    ldl_ = std::make_unique<LdlFactor>(LdlFactor::FromCholmod(factor_));
  } else {
    // A simplicial LLᵀ factor (supernodal ones take the supernodal path and never get
    // here) is copied and converted to simplicial LDLᵀ, O(nnz(L)); the original stays.
    cholmod_factor* copy = cholmod_copy_factor(factor_, c);
    workspace_.Check("cholmod_copy_factor");
    cholmod_change_factor(CHOLMOD_REAL, /*to_ll=*/0, /*to_super=*/0, /*to_packed=*/1,
                          /*to_monotonic=*/1, copy, c);
    try {
      workspace_.Check("cholmod_change_factor");
      ldl_ = std::make_unique<LdlFactor>(LdlFactor::FromCholmod(copy));
    } catch (...) {
      cholmod_free_factor(&copy, c);
      throw;
    }
    cholmod_free_factor(&copy, c);
  }
  // Map every entry of A to its place in L (the pattern of L contains that of PAPᵀ).
  const LdlFactor& f = *ldl_;
  a_to_l_.resize(row_idx_.size());
  for (int col = 0; col < n_; ++col) {
    for (int p = col_ptr_[col]; p < col_ptr_[col + 1]; ++p) {
      const int a = f.iperm[row_idx_[p]], b = f.iperm[col];
      if (a == b) {
        a_to_l_[p] = -(static_cast<long>(a) + 1);
        continue;
      }
      const long q = f.Find(std::max(a, b), std::min(a, b));
      if (q < 0) {
        throw CholmodError("CHOLMOD_INVALID", "entry of A missing from the factor pattern");
      }
      a_to_l_[p] = q;
    }
  }
  return f;
}

const SupernodalStructure& SparseCholesky::Super() {
  if (super_) return *super_;
  // The layout is fixed by the analysis: build it and the map from A once.
  auto st = std::make_unique<SupernodalStructure>(SupernodalStructure::FromCholmod(factor_));
  a_to_x_.resize(row_idx_.size());
  for (int col = 0; col < n_; ++col) {
    for (int p = col_ptr_[col]; p < col_ptr_[col + 1]; ++p) {
      const int a = st->iperm[row_idx_[p]], b = st->iperm[col];
      const long q = st->Position(std::max(a, b), std::min(a, b));
      if (q < 0) {
        throw CholmodError("CHOLMOD_INVALID", "entry of A missing from the factor pattern");
      }
      a_to_x_[p] = q;
    }
  }
  super_ = std::move(st);
  return *super_;
}

void SparseCholesky::SelectedInverse(double* out) {
  RequireFactor("selectedInverse()");
  if (factor_->is_super) {
    const SupernodalStructure& st = Super();
    if (!z_valid_) {
      SupernodalSelectedInverse(st, static_cast<const double*>(factor_->x), zs_);
      z_valid_ = true;
    }
    for (size_t p = 0; p < a_to_x_.size(); ++p) out[p] = zs_[a_to_x_[p]];
    return;
  }
  const LdlFactor& f = Ldl();
  if (!z_valid_) {
    softspot::SelectedInverse(f, zdiag_, zx_);
    z_valid_ = true;
  }
  for (size_t p = 0; p < a_to_l_.size(); ++p) {
    const long q = a_to_l_[p];
    out[p] = q >= 0 ? zx_[q] : zdiag_[-q - 1];
  }
}

void SparseCholesky::SelectedInverseDerivative(const double* dvalues, double* out, int count) {
  RequireFactor("selectedInverseDerivative()");
  const size_t nnz = row_idx_.size();
  if (factor_->is_super) {
    const SupernodalStructure& st = Super();
    const double* Lx = static_cast<const double*>(factor_->x);
    if (!z_valid_) {
      SupernodalSelectedInverse(st, Lx, zs_);
      z_valid_ = true;
    }
    // Each Ȧ⁽ⁱ⁾(p,p) scattered into the layout, overwritten by L̇⁽ⁱ⁾ (roots: Ḟ_JJ), then by Ż⁽ⁱ⁾.
    std::vector<std::vector<double>> work(static_cast<size_t>(count));
    std::vector<double*> ptrs(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      std::vector<double>& w = work[static_cast<size_t>(i)];
      w.assign(st.xsize, 0.0);
      const double* dv = dvalues + static_cast<size_t>(i) * nnz;
      for (size_t p = 0; p < nnz; ++p) w[a_to_x_[p]] += dv[p];
      SupernodalFactorTangent(st, Lx, w.data(), /*keep_root_fronts=*/true);
      ptrs[static_cast<size_t>(i)] = w.data();
    }
    SupernodalSelectedInverseTangents(st, Lx, zs_.data(), count, ptrs.data());
    for (int i = 0; i < count; ++i) {
      const std::vector<double>& w = work[static_cast<size_t>(i)];
      double* o = out + static_cast<size_t>(i) * nnz;
      for (size_t p = 0; p < nnz; ++p) o[p] = w[a_to_x_[p]];
    }
    return;
  }
  const LdlFactor& f = Ldl();
  for (int i = 0; i < count; ++i) {
    const double* dv = dvalues + static_cast<size_t>(i) * nnz;
    double* o = out + static_cast<size_t>(i) * nnz;
    std::vector<double> adiag(f.n, 0.0), ax(f.x.size(), 0.0);
    for (size_t p = 0; p < nnz; ++p) {
      const long q = a_to_l_[p];
      if (q >= 0) ax[q] += dv[p];
      else adiag[-q - 1] += dv[p];
    }
    std::vector<double> ddot, xdot, zdd, zdx;
    FactorTangent(f, adiag, ax, ddot, xdot);
    SelectedInverseWithTangent(f, ddot, xdot, zdiag_, zx_, zdd, zdx);
    z_valid_ = true;
    for (size_t p = 0; p < nnz; ++p) {
      const long q = a_to_l_[p];
      o[p] = q >= 0 ? zdx[q] : zdd[-q - 1];
    }
  }
}

void SparseCholesky::SelectedInverseBySolves(double* out, int block) {
  RequireFactor("selectedInverse({ method: 'solves' })");
  cholmod_common* c = workspace_.get();
  block = std::max(1, std::min(block, n_));
  for (int c0 = 0; c0 < n_; c0 += block) {
    const int nb = std::min(block, n_ - c0);
    DenseGuard e(cholmod_zeros(n_, nb, CHOLMOD_REAL, c), c);
    workspace_.Check("cholmod_zeros");
    double* ex = static_cast<double*>(e.get()->x);
    for (int k = 0; k < nb; ++k) ex[(c0 + k) + static_cast<size_t>(k) * n_] = 1.0;
    DenseGuard x(SolveDense(e.get()), c);
    const double* xx = static_cast<const double*>(x.get()->x);
    for (int k = 0; k < nb; ++k) {
      const int col = c0 + k;
      for (int p = col_ptr_[col]; p < col_ptr_[col + 1]; ++p) {
        out[p] = xx[row_idx_[p] + static_cast<size_t>(k) * n_];
      }
    }
  }
}

void SparseCholesky::SelectedInverseDerivativeBySolves(const double* dvalues, double* out,
                                                       int block, int count) {
  RequireFactor("selectedInverseDerivative({ method: 'solves' })");
  if (count > 1) {
    const size_t nnz = row_idx_.size();
    for (int i = 0; i < count; ++i) {
      SelectedInverseDerivativeBySolves(dvalues + static_cast<size_t>(i) * nnz,
                                        out + static_cast<size_t>(i) * nnz, block, 1);
    }
    return;
  }
  cholmod_common* c = workspace_.get();
  block = std::max(1, std::min(block, n_));
  for (int c0 = 0; c0 < n_; c0 += block) {
    const int nb = std::min(block, n_ - c0);
    DenseGuard e(cholmod_zeros(n_, nb, CHOLMOD_REAL, c), c);
    workspace_.Check("cholmod_zeros");
    double* ex = static_cast<double*>(e.get()->x);
    for (int k = 0; k < nb; ++k) ex[(c0 + k) + static_cast<size_t>(k) * n_] = 1.0;
    DenseGuard x(SolveDense(e.get()), c);
    const double* xx = static_cast<const double*>(x.get()->x);
    // Y = dA X with dA symmetric, stored as its lower triangle.
    DenseGuard y(cholmod_zeros(n_, nb, CHOLMOD_REAL, c), c);
    workspace_.Check("cholmod_zeros");
    double* yx = static_cast<double*>(y.get()->x);
    for (int k = 0; k < nb; ++k) {
      const double* xk = xx + static_cast<size_t>(k) * n_;
      double* yk = yx + static_cast<size_t>(k) * n_;
      for (int col = 0; col < n_; ++col) {
        for (int p = col_ptr_[col]; p < col_ptr_[col + 1]; ++p) {
          const int r = row_idx_[p];
          const double v = dvalues[p];
          yk[r] += v * xk[col];
          if (r != col) yk[col] += v * xk[r];
        }
      }
    }
    DenseGuard w(SolveDense(y.get()), c);
    const double* wx = static_cast<const double*>(w.get()->x);
    for (int k = 0; k < nb; ++k) {
      const int col = c0 + k;
      for (int p = col_ptr_[col]; p < col_ptr_[col + 1]; ++p) {
        out[p] = -wx[row_idx_[p] + static_cast<size_t>(k) * n_];
      }
    }
  }
}

namespace {
template <typename V>
size_t Bytes(const V& v) { return v.capacity() * sizeof(typename V::value_type); }
}  // namespace

size_t SparseCholesky::memory_bytes() const {
  size_t bytes = workspace_.memory_in_use() + Bytes(col_ptr_) + Bytes(row_idx_) + Bytes(a_to_l_) +
                 Bytes(zdiag_) + Bytes(zx_) + Bytes(a_to_x_) + Bytes(zs_);
  if (ldl_) {
    bytes += Bytes(ldl_->p) + Bytes(ldl_->i) + Bytes(ldl_->x) + Bytes(ldl_->d) + Bytes(ldl_->perm) +
             Bytes(ldl_->iperm);
  }
  if (super_) {
    bytes += Bytes(super_->super) + Bytes(super_->pi) + Bytes(super_->px) + Bytes(super_->s) +
             Bytes(super_->supermap) + Bytes(super_->perm) + Bytes(super_->iperm);
  }
  return bytes;
}

double SparseCholesky::LogDet() const {
  RequireFactor("logDet()");
  const double* Lx = static_cast<const double*>(factor_->x);
  double sum = 0.0;
  if (factor_->is_super) {
    const int* super = static_cast<const int*>(factor_->super);
    const int* pi = static_cast<const int*>(factor_->pi);
    const int* px = static_cast<const int*>(factor_->px);
    for (size_t s = 0; s < factor_->nsuper; ++s) {
      const int k1 = super[s], k2 = super[s + 1];
      const int nsrow = pi[s + 1] - pi[s];
      for (int k = k1; k < k2; ++k) {
        sum += 2.0 * std::log(Lx[px[s] + (k - k1) + static_cast<size_t>(k - k1) * nsrow]);
      }
    }
  } else {
    const int* Lp = static_cast<const int*>(factor_->p);
    for (int j = 0; j < n_; ++j) {
      const double d = Lx[Lp[j]];
      sum += factor_->is_ll ? 2.0 * std::log(d) : std::log(d);
    }
  }
  return sum;
}

}  // namespace softspot
