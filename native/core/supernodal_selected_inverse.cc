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

// The sweep; kTangent adds the dual part.
template <bool kTangent>
void Sweep(const SupernodalStructure& st, const double* Lx, const double* ldot, double* z,
           double* zdot) {
  const int nsuper = st.nsuper;
  const int* super = st.super.data();
  const int* pi = st.pi.data();
  const std::size_t* px = st.px.data();
  const int* s = st.s.data();
  const int* supermap = st.supermap.data();
  const std::size_t mc = std::max(1, st.max_cols);
  const std::size_t mb = std::max(1, st.max_below);
  const std::size_t mp = std::max<std::size_t>(1, st.max_panel);
  const std::size_t parts = kTangent ? 2 : 1;
  // Dense workspaces, left uninitialised (every entry read is written first; dsymm reads
  // only the gathered lower triangle of Z_RR).
  std::vector<int> rel(mb);
  std::unique_ptr<double[]> zrr(new double[mb * mb * parts]);
  double* zrr_dot = zrr.get() + mb * mb;
  // yy = [Y Ẏ] and zz = [Z_RJ Ż_RJ], |R|×nc each, leading dimension |R|.
  std::unique_ptr<double[]> yy(new double[mp * parts]), zz(new double[mp * parts]);
  std::unique_ptr<double[]> tmp(new double[kTangent ? mp : 1]);
  std::unique_ptr<double[]> diag(new double[mc * mc * parts]);
  double* diag_dot = diag.get() + mc * mc;

  for (int J = nsuper - 1; J >= 0; --J) {
    const int k1 = super[J], nc = super[J + 1] - k1;
    const int psi = pi[J], nsrow = pi[J + 1] - psi, nr = nsrow - nc;
    const double* ljj = Lx + px[J];
    const double* ljj_dot = kTangent ? ldot + px[J] : nullptr;
    double* y = yy.get();
    double* y_dot = y + static_cast<std::size_t>(nr) * nc;
    double* zrj = zz.get();
    double* zrj_dot = zrj + static_cast<std::size_t>(nr) * nc;

    if (nr > 0) {
      // Y = L_RJ L_JJ⁻¹, Ẏ = (L̇_RJ − Y L̇_JJ) L_JJ⁻¹.
      CopyBlock(nr, nc, ljj + nc, nsrow, y, nr);
      blas::Trsm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj, nsrow, y, nr);
      if constexpr (kTangent) {
        CopyBlock(nr, nc, ljj_dot + nc, nsrow, y_dot, nr);
        CopyBlock(nr, nc, y, nr, tmp.get(), nr);
        blas::Trmm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj_dot, nsrow, tmp.get(), nr);
        const std::size_t count = static_cast<std::size_t>(nr) * nc;
        for (std::size_t q = 0; q < count; ++q) y_dot[q] -= tmp[q];
        blas::Trsm('R', 'L', 'N', 'N', nr, nc, 1.0, ljj, nsrow, y_dot, nr);
      }

      // Gather the lower triangle of Z_RR (and Ż_RR), one ancestor supernode at a time.
      const int* rows = s + psi + nc;
      for (int t0 = 0; t0 < nr;) {
        const int K = supermap[rows[t0]];
        const int kk1 = super[K], kk2 = super[K + 1];
        const int* krows = s + pi[K];
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
          const std::size_t src = px[K] + static_cast<std::size_t>(rows[t2] - kk1) * nkrow;
          double* dst = zrr.get() + static_cast<std::size_t>(t2) * nr;
          const double* zk = z + src;
          for (int t = t2; t < nr; ++t) dst[t] = zk[rel[t]];
          if constexpr (kTangent) {
            double* dst_dot = zrr_dot + static_cast<std::size_t>(t2) * nr;
            const double* zk_dot = zdot + src;
            for (int t = t2; t < nr; ++t) dst_dot[t] = zk_dot[rel[t]];
          }
        }
        t0 = t1;
      }

      // [Z_RJ, Ż_RJ] = −Z_RR [Y, Ẏ] − [0, Ż_RR Y].
      blas::Symm('L', 'L', nr, kTangent ? 2 * nc : nc, -1.0, zrr.get(), nr, y, nr, 0.0, zrj, nr);
      if constexpr (kTangent) {
        blas::Symm('L', 'L', nr, nc, -1.0, zrr_dot, nr, y, nr, 1.0, zrj_dot, nr);
        CopyBlock(nr, nc, zrj_dot, nr, zdot + px[J] + nc, nsrow);
      }
      CopyBlock(nr, nc, zrj, nr, z + px[J] + nc, nsrow);
    }

    // Z_JJ = (L_JJ L_JJᵀ)⁻¹ − Yᵀ Z_RJ.
    double* d = diag.get();
    CopyBlock(nc, nc, ljj, nsrow, d, nc);
    if (blas::Potri('L', nc, d, nc) != 0) {
      throw CholmodError("CHOLMOD_INVALID", "supernodal selected inversion: singular diagonal block " +
                                                std::to_string(J));
    }
    for (int j = 0; j < nc; ++j) {
      for (int i = j + 1; i < nc; ++i) d[j + i * nc] = d[i + j * nc];
    }
    if (nr > 0) blas::Gemm('T', 'N', nc, nc, nr, -1.0, y, nr, zrj, nr, 1.0, d, nc);
    CopyBlock(nc, nc, d, nc, z + px[J], nsrow);

    if constexpr (kTangent) {
      // Ż_JJ = −L_JJ⁻ᵀ (M + Mᵀ) L_JJ⁻¹ − Ẏᵀ Z_RJ − Yᵀ Ż_RJ, M = L_JJ⁻¹ L̇_JJ.
      double* e = diag_dot;
      for (int j = 0; j < nc; ++j) {
        for (int i = 0; i < nc; ++i) e[i + j * nc] = i >= j ? ljj_dot[i + static_cast<std::size_t>(j) * nsrow] : 0.0;
      }
      blas::Trsm('L', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, e, nc);
      for (int j = 0; j < nc; ++j) {
        e[j + j * nc] *= 2.0;
        for (int i = j + 1; i < nc; ++i) e[j + i * nc] = e[i + j * nc];
      }
      blas::Trsm('L', 'L', 'T', 'N', nc, nc, -1.0, ljj, nsrow, e, nc);
      blas::Trsm('R', 'L', 'N', 'N', nc, nc, 1.0, ljj, nsrow, e, nc);
      if (nr > 0) {
        blas::Gemm('T', 'N', nc, nc, nr, -1.0, y_dot, nr, zrj, nr, 1.0, e, nc);
        blas::Gemm('T', 'N', nc, nc, nr, -1.0, y, nr, zrj_dot, nr, 1.0, e, nc);
      }
      CopyBlock(nc, nc, e, nc, zdot + px[J], nsrow);
    }
  }
}

}  // namespace

void SupernodalSelectedInverse(const SupernodalStructure& st, const double* Lx,
                               std::vector<double>& z) {
  z.resize(st.xsize);
  Sweep<false>(st, Lx, nullptr, z.data(), nullptr);
}

void SupernodalSelectedInverseWithTangent(const SupernodalStructure& st, const double* Lx,
                                          const double* ldot, std::vector<double>& z,
                                          std::vector<double>& zdot) {
  z.resize(st.xsize);
  zdot.resize(st.xsize);
  Sweep<true>(st, Lx, ldot, z.data(), zdot.data());
}

}  // namespace softspot
