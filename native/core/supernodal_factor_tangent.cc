#include "supernodal_factor_tangent.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "blas.h"
#include "cholmod_error.h"

namespace softspot {

void SupernodalFactorTangent(const SupernodalStructure& st, const double* Lx, double* ldot,
                             bool keep_root_fronts) {
  const int nsuper = st.nsuper;
  const int* super = st.super.data();
  const int* pi = st.pi.data();
  const std::size_t* px = st.px.data();
  const int* s = st.s.data();
  const int* supermap = st.supermap.data();
  const int mc = std::max(1, st.max_cols);
  const int mb = std::max(1, st.max_below);

  // Descendants waiting to update supernode J form the list head[J] → next[…]; lpos[K]
  // is the position (within K's rows) of the first row K has not yet used.
  std::vector<int> head(nsuper, -1), next(nsuper, -1), lpos(nsuper, 0);
  std::vector<int> map(st.n, -1);    // row → local row in the current supernode
  std::vector<int> rel(mb + mc);     // relative indices of one descendant's rows
  // Dense workspaces, left uninitialised (every entry read is written first).
  // CHOLMOD's maxcsize bounds every nrow2×nrow1 update; grown below if it ever did not.
  std::size_t update_size = std::max<std::size_t>(1, st.max_update);
  std::unique_ptr<double[]> update(new double[update_size]);
  std::unique_ptr<double[]> x(new double[static_cast<std::size_t>(mc) * mc]);
  std::unique_ptr<double[]> t(new double[std::max<std::size_t>(1, st.max_panel)]);

  for (int J = 0; J < nsuper; ++J) {
    const int k1 = super[J], k2 = super[J + 1], nc = k2 - k1;
    const int psi = pi[J], nsrow = pi[J + 1] - psi, nr = nsrow - nc;
    double* fd = ldot + px[J];
    const double* ljj = Lx + px[J];
    for (int q = 0; q < nsrow; ++q) map[s[psi + q]] = q;

    // Ḟ_J −= L̇_{K2} L_{K1}ᵀ + L_{K2} L̇_{K1}ᵀ for every descendant K.
    int K = head[J];
    head[J] = -1;
    while (K != -1) {
      const int following = next[K];
      const int pki = pi[K], nkrow = pi[K + 1] - pki, nkcol = super[K + 1] - super[K];
      const int p1 = lpos[K];
      int p2 = p1;
      while (p2 < nkrow && s[pki + p2] < k2) ++p2;
      const int nrow1 = p2 - p1, nrow2 = nkrow - p1;
      lpos[K] = p2;
      if (p2 < nkrow) {
        const int ancestor = supermap[s[pki + p2]];
        next[K] = head[ancestor];
        head[ancestor] = K;
      }
      const double* lk = Lx + px[K] + p1;
      const double* lkd = ldot + px[K] + p1;
      const std::size_t need = static_cast<std::size_t>(nrow2) * nrow1;
      if (need > update_size) {
        update_size = need;
        update.reset(new double[update_size]);
      }
      double* c = update.get();
      blas::Gemm('N', 'T', nrow2, nrow1, nkcol, 1.0, lkd, nkrow, lk, nkrow, 0.0, c, nrow2);
      blas::Gemm('N', 'T', nrow2, nrow1, nkcol, 1.0, lk, nkrow, lkd, nkrow, 1.0, c, nrow2);
      for (int i = 0; i < nrow2; ++i) {
        const int r = map[s[pki + p1 + i]];
        if (r < 0) {
          throw CholmodError("CHOLMOD_INVALID",
                             "supernodal tangent: supernode " + std::to_string(K) +
                                 " updates rows missing from supernode " + std::to_string(J));
        }
        rel[i] = r;
      }
      for (int j = 0; j < nrow1; ++j) {
        double* column = fd + static_cast<std::size_t>(rel[j]) * nsrow;
        const double* cj = c + static_cast<std::size_t>(j) * nrow2;
        for (int i = j; i < nrow2; ++i) column[rel[i]] -= cj[i];
      }
      K = following;
    }
    for (int q = 0; q < nsrow; ++q) map[s[psi + q]] = -1;
    if (keep_root_fronts && nr == 0) continue;  // a root keeps Ḟ_JJ (see the header)

    // X = L_JJ⁻¹ Ḟ_JJ L_JJ⁻ᵀ (Ḟ_JJ symmetric, from its lower triangle), then M = Φ(X).
    double* xm = x.get();
    for (int j = 0; j < nc; ++j) {
      for (int i = j; i < nc; ++i) {
        const double v = fd[i + static_cast<std::size_t>(j) * nsrow];
        xm[i + j * nc] = v;
        xm[j + i * nc] = v;
      }
    }
    blas::Trsm('L', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, xm, nc);
    blas::Trsm('R', 'L', 'T', 'N', nc, nc, 1.0, ljj, nsrow, xm, nc);
    for (int j = 0; j < nc; ++j) {
      for (int i = 0; i < j; ++i) xm[i + j * nc] = 0.0;
      xm[j + j * nc] *= 0.5;
    }
    // L̇_RJ = Ḟ_RJ L_JJ⁻ᵀ − L_RJ Mᵀ.
    if (nr > 0) {
      blas::Trsm('R', 'L', 'T', 'N', nr, nc, 1.0, ljj, nsrow, fd + nc, nsrow);
      double* tm = t.get();
      for (int j = 0; j < nc; ++j) {
        std::copy(ljj + nc + static_cast<std::size_t>(j) * nsrow,
                  ljj + nsrow + static_cast<std::size_t>(j) * nsrow, tm + static_cast<std::size_t>(j) * nr);
      }
      blas::Trmm('R', 'L', 'T', 'N', nr, nc, 1.0, xm, nc, tm, nr);
      for (int j = 0; j < nc; ++j) {
        double* dst = fd + nc + static_cast<std::size_t>(j) * nsrow;
        const double* src = tm + static_cast<std::size_t>(j) * nr;
        for (int i = 0; i < nr; ++i) dst[i] -= src[i];
      }
    }
    // L̇_JJ = L_JJ M (lower triangular).
    blas::Trmm('L', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, xm, nc);
    for (int j = 0; j < nc; ++j) {
      double* dst = fd + static_cast<std::size_t>(j) * nsrow;
      for (int i = 0; i < j; ++i) dst[i] = 0.0;
      for (int i = j; i < nc; ++i) dst[i] = xm[i + j * nc];
    }

    // J will next update the supernode of its first row below the diagonal block.
    if (nr > 0) {
      lpos[J] = nc;
      const int ancestor = supermap[s[psi + nc]];
      next[J] = head[ancestor];
      head[ancestor] = J;
    }
  }
}

}  // namespace softspot
