#include "supernodal_selected_inverse.h"

#include <algorithm>
#include <memory>
#include <string>

#include "blas.h"
#include "cholmod_error.h"

namespace softspot {

namespace {

[[noreturn]] void ThrowMissing(int J, int K) {
  throw CholmodError("CHOLMOD_INVALID",
                     "supernodal selected inversion: rows of supernode " + std::to_string(J) +
                         " missing from ancestor supernode " + std::to_string(K));
}

// Copies the nr×nc block at src (leading dimension lds) to dst (leading dimension ldd).
void CopyBlock(int nr, int nc, const double* src, int lds, double* dst, int ldd) {
  for (int j = 0; j < nc; ++j) {
    std::copy(src + static_cast<std::size_t>(j) * lds, src + static_cast<std::size_t>(j) * lds + nr,
              dst + static_cast<std::size_t>(j) * ldd);
  }
}

// Gathers the lower triangle of X_RR (R: the nr rows of supernode J below its diagonal
// block) from the ancestors' blocks of x into dst (nr×nr, leading dimension nr), one
// ancestor supernode at a time. rel: workspace of nr ints.
void GatherBelow(const SupernodalStructure& st, int J, const double* x, int* rel, double* dst) {
  const int* super = st.super.data();
  const int* pi = st.pi.data();
  const std::size_t* px = st.px.data();
  const int nc = st.ncols(J), nr = st.nrows(J) - nc;
  const int* rows = st.s.data() + pi[J] + nc;
  for (int t0 = 0; t0 < nr;) {
    const int K = st.supermap[rows[t0]];
    const int kk1 = super[K], kk2 = super[K + 1];
    const int* krows = st.s.data() + pi[K];
    const int nkrow = pi[K + 1] - pi[K];
    int t1 = t0;
    while (t1 < nr && rows[t1] < kk2) ++t1;
    int q = rows[t0] - kk1;
    for (int t = t0; t < nr; ++t) {
      const int row = rows[t];
      while (q < nkrow && krows[q] < row) ++q;
      if (q == nkrow || krows[q] != row) ThrowMissing(J, K);
      rel[t] = q;
    }
    for (int t2 = t0; t2 < t1; ++t2) {
      const double* xk = x + px[K] + static_cast<std::size_t>(rows[t2] - kk1) * nkrow;
      double* column = dst + static_cast<std::size_t>(t2) * nr;
      for (int t = t2; t < nr; ++t) column[t] = xk[rel[t]];
    }
    t0 = t1;
  }
}

// Mirrors the lower triangle of the n×n block a (leading dimension lda) into its upper one.
void MirrorLower(int n, double* a, int lda) {
  for (int j = 0; j < n; ++j) {
    for (int i = j + 1; i < n; ++i) a[j + static_cast<std::size_t>(i) * lda] = a[i + static_cast<std::size_t>(j) * lda];
  }
}

}  // namespace

void SupernodalSelectedInverse(const SupernodalStructure& st, const double* Lx,
                               std::vector<double>& zv) {
  zv.resize(st.xsize);
  double* z = zv.data();
  const std::size_t mc = std::max(1, st.max_cols);
  const std::size_t mb = std::max(1, st.max_below);
  const std::size_t mp = std::max<std::size_t>(1, st.max_panel);
  // Dense workspaces, left uninitialised (every entry read is written first; dsymm reads
  // only the gathered lower triangle of Z_RR).
  std::vector<int> rel(mb);
  std::unique_ptr<double[]> zrr(new double[mb * mb]);
  std::unique_ptr<double[]> y(new double[mp]), zrj(new double[mp]);
  std::unique_ptr<double[]> diag(new double[mc * mc]);

  for (int J = st.nsuper - 1; J >= 0; --J) {
    const int nc = st.ncols(J), nsrow = st.nrows(J), nr = nsrow - nc;
    const double* ljj = Lx + st.px[J];
    if (nr > 0) {
      // Y = L_RJ L_JJ⁻¹; Z_RJ = −Z_RR Y.
      CopyBlock(nr, nc, ljj + nc, nsrow, y.get(), nr);
      blas::Trsm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj, nsrow, y.get(), nr);
      GatherBelow(st, J, z, rel.data(), zrr.get());
      blas::Symm('L', 'L', nr, nc, -1.0, zrr.get(), nr, y.get(), nr, 0.0, zrj.get(), nr);
      CopyBlock(nr, nc, zrj.get(), nr, z + st.px[J] + nc, nsrow);
    }
    // Z_JJ = (L_JJ L_JJᵀ)⁻¹ − Yᵀ Z_RJ.
    double* d = diag.get();
    CopyBlock(nc, nc, ljj, nsrow, d, nc);
    if (blas::Potri('L', nc, d, nc) != 0) {
      throw CholmodError("CHOLMOD_INVALID", "supernodal selected inversion: singular diagonal block " +
                                                std::to_string(J));
    }
    MirrorLower(nc, d, nc);
    if (nr > 0) blas::Gemm('T', 'N', nc, nc, nr, -1.0, y.get(), nr, zrj.get(), nr, 1.0, d, nc);
    CopyBlock(nc, nc, d, nc, z + st.px[J], nsrow);
  }
}

void SupernodalSelectedInverseTangents(const SupernodalStructure& st, const double* Lx,
                                       const double* z, int count, double* const* work) {
  if (count <= 0) return;
  const std::size_t k = static_cast<std::size_t>(count);
  const std::size_t mb = std::max(1, st.max_below);
  const std::size_t mp = std::max<std::size_t>(1, st.max_panel);
  // Diagonal-block workspaces: k blocks for the supernodes with rows below, two for the
  // roots (whose columns can be many more: the top separator).
  std::size_t mc_below = 1, mc_root = 1;
  for (int J = 0; J < st.nsuper; ++J) {
    const std::size_t nc = static_cast<std::size_t>(st.ncols(J));
    if (st.nrows(J) > st.ncols(J)) mc_below = std::max(mc_below, nc);
    else mc_root = std::max(mc_root, nc);
  }
  // Dense workspaces, left uninitialised (every entry read is written first).
  std::vector<int> rel(mb);
  std::unique_ptr<double[]> zrr(new double[mb * mb]), zrr_dot(new double[mb * mb]);
  std::unique_ptr<double[]> y(new double[mp]), tmp(new double[mp]);
  // ydot = [Ẏ⁽¹⁾ … Ẏ⁽ᵏ⁾] and zrj_dot = [Ż_RJ⁽¹⁾ … Ż_RJ⁽ᵏ⁾], |R|×k·nc, leading dimension |R|.
  std::unique_ptr<double[]> ydot(new double[mp * k]), zrj_dot(new double[mp * k]);
  // e = [Ż_JJ⁽¹⁾ …] and h = Z_RJᵀ [Ẏ⁽¹⁾ …], nc×k·nc, leading dimension nc.
  std::unique_ptr<double[]> e(new double[mc_below * mc_below * k]), h(new double[mc_below * mc_below * k]);
  std::unique_ptr<double[]> fr(new double[mc_root * mc_root]), ur(new double[mc_root * mc_root]);

  for (int J = st.nsuper - 1; J >= 0; --J) {
    const int nc = st.ncols(J), nsrow = st.nrows(J), nr = nsrow - nc;
    const std::size_t px = st.px[J];
    const double* ljj = Lx + px;
    const double* zjj = z + px;
    const std::size_t panel = static_cast<std::size_t>(nr) * nc, block = static_cast<std::size_t>(nc) * nc;

    if (nr == 0) {
      // A root: work holds the front Ḟ_JJ (lower triangle); Ż_JJ = −Z_JJ Ḟ_JJ Z_JJ.
      for (std::size_t i = 0; i < k; ++i) {
        double* w = work[i] + px;
        CopyBlock(nc, nc, w, nsrow, fr.get(), nc);
        MirrorLower(nc, fr.get(), nc);
        blas::Symm('L', 'L', nc, nc, 1.0, zjj, nsrow, fr.get(), nc, 0.0, ur.get(), nc);
        blas::Symm('R', 'L', nc, nc, -1.0, zjj, nsrow, ur.get(), nc, 0.0, fr.get(), nc);
        MirrorLower(nc, fr.get(), nc);
        CopyBlock(nc, nc, fr.get(), nc, w, nsrow);
      }
      continue;
    }

    // Y = L_RJ L_JJ⁻¹ (shared); Ẏ⁽ⁱ⁾ = (L̇_RJ⁽ⁱ⁾ − Y L̇_JJ⁽ⁱ⁾) L_JJ⁻¹.
    CopyBlock(nr, nc, ljj + nc, nsrow, y.get(), nr);
    blas::Trsm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj, nsrow, y.get(), nr);
    for (std::size_t i = 0; i < k; ++i) {
      const double* w = work[i] + px;
      double* yd = ydot.get() + i * panel;
      CopyBlock(nr, nc, w + nc, nsrow, yd, nr);
      CopyBlock(nr, nc, y.get(), nr, tmp.get(), nr);
      blas::Trmm('R', 'L', 'N', 'N', nr, nc, 1.0, w, nsrow, tmp.get(), nr);
      for (std::size_t q = 0; q < panel; ++q) yd[q] -= tmp[q];
    }
    // Ẏ⁽ⁱ⁾ ← Ẏ⁽ⁱ⁾ L_JJ⁻¹, one dtrsm per block (|R| rows each, already BLAS-3).
    for (std::size_t i = 0; i < k; ++i) {
      blas::Trsm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj, nsrow, ydot.get() + i * panel, nr);
    }

    // Ż_RJ⁽ⁱ⁾ = −Z_RR Ẏ⁽ⁱ⁾ − Ż_RR⁽ⁱ⁾ Y.
    GatherBelow(st, J, z, rel.data(), zrr.get());
    for (std::size_t i = 0; i < k; ++i) {
      blas::Symm('L', 'L', nr, nc, -1.0, zrr.get(), nr, ydot.get() + i * panel, nr, 0.0, zrj_dot.get() + i * panel, nr);
      GatherBelow(st, J, work[i], rel.data(), zrr_dot.get());
      blas::Symm('L', 'L', nr, nc, -1.0, zrr_dot.get(), nr, y.get(), nr, 1.0, zrj_dot.get() + i * panel, nr);
    }

    // Ż_JJ⁽ⁱ⁾ = −L_JJ⁻ᵀ (M + Mᵀ) L_JJ⁻¹ − Ẏᵀ Z_RJ − Yᵀ Ż_RJ, M = L_JJ⁻¹ L̇_JJ (lower).
    double* ed = e.get();
    for (std::size_t i = 0; i < k; ++i) {
      const double* w = work[i] + px;
      double* ei = ed + i * block;
      for (int j = 0; j < nc; ++j) {
        for (int r = 0; r < nc; ++r) ei[r + j * nc] = r >= j ? w[r + static_cast<std::size_t>(j) * nsrow] : 0.0;
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      double* ei = ed + i * block;
      blas::Trsm('L', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, ei, nc);
      for (int j = 0; j < nc; ++j) {
        ei[j + j * nc] *= 2.0;
        for (int r = j + 1; r < nc; ++r) ei[j + r * nc] = ei[r + j * nc];
      }
      blas::Trsm('L', 'L', 'T', 'N', nc, nc, -1.0, ljj, nsrow, ei, nc);
      blas::Trsm('R', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, ei, nc);
    }
    // − Yᵀ Ż_RJ⁽ⁱ⁾; h = Z_RJᵀ Ẏ⁽ⁱ⁾ = (Ẏ⁽ⁱ⁾ᵀ Z_RJ)ᵀ.
    for (std::size_t i = 0; i < k; ++i) {
      blas::Gemm('T', 'N', nc, nc, nr, -1.0, y.get(), nr, zrj_dot.get() + i * panel, nr, 1.0, ed + i * block, nc);
      blas::Gemm('T', 'N', nc, nc, nr, 1.0, zjj + nc, nsrow, ydot.get() + i * panel, nr, 0.0, h.get() + i * block, nc);
    }
    for (std::size_t i = 0; i < k; ++i) {
      double* ei = ed + i * block;
      const double* hi = h.get() + i * block;
      for (int j = 0; j < nc; ++j) {
        for (int r = 0; r < nc; ++r) ei[r + j * nc] -= hi[j + r * nc];
      }
      double* w = work[i] + px;
      CopyBlock(nc, nc, ei, nc, w, nsrow);
      CopyBlock(nr, nc, zrj_dot.get() + i * panel, nr, w + nc, nsrow);
    }
  }
}

}  // namespace softspot
