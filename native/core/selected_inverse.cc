#include "selected_inverse.h"

#include "cholmod_error.h"

namespace softspot {

namespace {

[[noreturn]] void ThrowNotClosed(int j, int k) {
  throw CholmodError("CHOLMOD_INVALID",
                     "selected inversion: the factor pattern is not closed under elimination "
                     "(column " + std::to_string(j) + ", update from column " +
                         std::to_string(k) + ")");
}

// The Takahashi sweep, optionally with its tangent. Template so the plain sweep pays
// nothing for the dual part.
template <bool kTangent>
void Sweep(const LdlFactor& f, std::vector<double>& zd, std::vector<double>& zx,
           const std::vector<double>* ddot, const std::vector<double>* xdot,
           std::vector<double>* zdd, std::vector<double>* zdx) {
  const int n = f.n;
  const int* Lp = f.p.data();
  const int* Li = f.i.data();
  const double* Lx = f.x.data();
  // pos[i] = position of row i in the column j being computed, or -1.
  std::vector<long> pos(n, -1);
  // Dense accumulators indexed by row: acc = Σ Z_ik L_kj, accd its tangent.
  std::vector<double> acc(n, 0.0), accd(kTangent ? n : 0, 0.0);
  for (int j = n - 1; j >= 0; --j) {
    const int s = Lp[j], e = Lp[j + 1];
    for (int p = s; p < e; ++p) pos[Li[p]] = p;
    for (int pk = s; pk < e; ++pk) {
      const int k = Li[pk];
      const double lkj = Lx[pk];
      acc[k] += zd[k] * lkj;
      double lkjd = 0.0;
      if constexpr (kTangent) {
        lkjd = (*xdot)[pk];
        accd[k] += (*zdd)[k] * lkj + zd[k] * lkjd;
      }
      // Rows of P_j below k are a subset of column k's pattern (closure), and both are
      // sorted: walk column k until all of them are matched.
      int needed = e - pk - 1;
      for (int q = Lp[k]; needed > 0 && q < Lp[k + 1]; ++q) {
        const long pi = pos[Li[q]];
        if (pi < 0) continue;
        --needed;
        const int i = Li[q];
        const double zik = zx[q];
        acc[i] += zik * lkj;
        acc[k] += zik * Lx[pi];
        if constexpr (kTangent) {
          const double zikd = (*zdx)[q];
          accd[i] += zikd * lkj + zik * lkjd;
          accd[k] += zikd * Lx[pi] + zik * (*xdot)[pi];
        }
      }
      if (needed != 0) ThrowNotClosed(j, k);
    }
    double diag = 1.0 / f.d[j];
    double diagd = 0.0;
    if constexpr (kTangent) diagd = -(*ddot)[j] / (f.d[j] * f.d[j]);
    for (int p = s; p < e; ++p) {
      const int i = Li[p];
      zx[p] = -acc[i];
      acc[i] = 0.0;
      diag -= Lx[p] * zx[p];
      if constexpr (kTangent) {
        (*zdx)[p] = -accd[i];
        accd[i] = 0.0;
        diagd -= (*xdot)[p] * zx[p] + Lx[p] * (*zdx)[p];
      }
      pos[i] = -1;
    }
    zd[j] = diag;
    if constexpr (kTangent) (*zdd)[j] = diagd;
  }
}

}  // namespace

void SelectedInverse(const LdlFactor& f, std::vector<double>& zdiag, std::vector<double>& zx) {
  zdiag.assign(f.n, 0.0);
  zx.assign(f.x.size(), 0.0);
  Sweep<false>(f, zdiag, zx, nullptr, nullptr, nullptr, nullptr);
}

void FactorTangent(const LdlFactor& f, const std::vector<double>& adiag,
                   const std::vector<double>& ax, std::vector<double>& ddot,
                   std::vector<double>& xdot) {
  const int n = f.n;
  const int* Lp = f.p.data();
  const int* Li = f.i.data();
  const double* Lx = f.x.data();
  ddot.assign(n, 0.0);
  xdot.assign(f.x.size(), 0.0);
  // Left-looking: column j is updated by every column k < j with L_jk ≠ 0. Linked lists
  // keyed by the next row each finished column k still has to visit (head/next), and
  // next_pos[k] = position of that row within column k.
  std::vector<int> head(n, -1), next(n, -1), next_pos(n, 0);
  std::vector<double> w(n, 0.0);  // dense ṡ for column j, indexed by row
  for (int j = 0; j < n; ++j) {
    const int s = Lp[j], e = Lp[j + 1];
    w[j] = adiag[j];
    for (int p = s; p < e; ++p) w[Li[p]] = ax[p];
    int k = head[j];
    head[j] = -1;
    while (k != -1) {
      const int following = next[k];
      const int p = next_pos[k];
      const int end = Lp[k + 1];
      const double dk = f.d[k], dkd = ddot[k];
      const double ljk = Lx[p], ljkd = xdot[p];
      // ṡ_i −= L̇_ik (L_jk d_k) + L_ik (L̇_jk d_k + L_jk ḋ_k), for i ≥ j in column k.
      const double alpha = ljk * dk;
      const double beta = ljkd * dk + ljk * dkd;
      w[j] -= alpha * ljkd + beta * ljk;
      for (int q = p + 1; q < end; ++q) w[Li[q]] -= alpha * xdot[q] + beta * Lx[q];
      if (p + 1 < end) {
        next_pos[k] = p + 1;
        const int row = Li[p + 1];
        next[k] = head[row];
        head[row] = k;
      }
      k = following;
    }
    ddot[j] = w[j];
    w[j] = 0.0;
    const double dj = f.d[j];
    for (int p = s; p < e; ++p) {
      const int i = Li[p];
      xdot[p] = (w[i] - Lx[p] * ddot[j]) / dj;
      w[i] = 0.0;
    }
    if (s < e) {
      next_pos[j] = s;
      const int row = Li[s];
      next[j] = head[row];
      head[row] = j;
    }
  }
}

void SelectedInverseWithTangent(const LdlFactor& f, const std::vector<double>& ddot,
                                const std::vector<double>& xdot, std::vector<double>& zdiag,
                                std::vector<double>& zx, std::vector<double>& zdot_diag,
                                std::vector<double>& zdot_x) {
  zdiag.assign(f.n, 0.0);
  zx.assign(f.x.size(), 0.0);
  zdot_diag.assign(f.n, 0.0);
  zdot_x.assign(f.x.size(), 0.0);
  Sweep<true>(f, zdiag, zx, &ddot, &xdot, &zdot_diag, &zdot_x);
}

}  // namespace softspot
