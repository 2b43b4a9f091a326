// The dense kernels used by the supernodal routines: Fortran BLAS level 3 and LAPACK
// dpotri, called through their Fortran symbols (the same library CHOLMOD links), with
// thin C++ wrappers that take values instead of pointers.
//
// All matrices are column-major with an explicit leading dimension. Integers are the
// 32-bit Fortran INTEGER of the system BLAS (as for CHOLMOD's int interface). The
// hidden Fortran string-length arguments are passed explicitly (always 1), which keeps
// gfortran-compiled LAPACK safe under sibling-call optimisation.
//
// Cost: as the BLAS routine. Failure: none reported by BLAS (bad arguments abort in
// xerbla); Potri returns LAPACK's info (> 0: singular triangular factor).
#pragma once

#include <cstddef>

extern "C" {
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b,
            const int* ldb, const double* beta, double* c, const int* ldc, std::size_t,
            std::size_t);
void dsymm_(const char* side, const char* uplo, const int* m, const int* n, const double* alpha,
            const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc, std::size_t, std::size_t);
void dtrsm_(const char* side, const char* uplo, const char* transa, const char* diag,
            const int* m, const int* n, const double* alpha, const double* a, const int* lda,
            double* b, const int* ldb, std::size_t, std::size_t, std::size_t, std::size_t);
void dtrmm_(const char* side, const char* uplo, const char* transa, const char* diag,
            const int* m, const int* n, const double* alpha, const double* a, const int* lda,
            double* b, const int* ldb, std::size_t, std::size_t, std::size_t, std::size_t);
void dpotri_(const char* uplo, const int* n, double* a, const int* lda, int* info, std::size_t);
}

namespace softspot {
namespace blas {

// C = alpha op(A) op(B) + beta C, C m×n, inner dimension k.
inline void Gemm(char ta, char tb, int m, int n, int k, double alpha, const double* a, int lda,
                 const double* b, int ldb, double beta, double* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  dgemm_(&ta, &tb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1, 1);
}

// C = alpha A B + beta C with A symmetric (only the `uplo` triangle read), side 'L'.
inline void Symm(char side, char uplo, int m, int n, double alpha, const double* a, int lda,
                 const double* b, int ldb, double beta, double* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  dsymm_(&side, &uplo, &m, &n, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1, 1);
}

// B = alpha op(A)⁻¹ B (side 'L') or alpha B op(A)⁻¹ (side 'R'), A triangular.
inline void Trsm(char side, char uplo, char ta, char diag, int m, int n, double alpha,
                 const double* a, int lda, double* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  dtrsm_(&side, &uplo, &ta, &diag, &m, &n, &alpha, a, &lda, b, &ldb, 1, 1, 1, 1);
}

// B = alpha op(A) B (side 'L') or alpha B op(A) (side 'R'), A triangular.
inline void Trmm(char side, char uplo, char ta, char diag, int m, int n, double alpha,
                 const double* a, int lda, double* b, int ldb) {
  if (m <= 0 || n <= 0) return;
  dtrmm_(&side, &uplo, &ta, &diag, &m, &n, &alpha, a, &lda, b, &ldb, 1, 1, 1, 1);
}

// A ← (L Lᵀ)⁻¹ (the `uplo` triangle) from the Cholesky factor L held in that triangle.
inline int Potri(char uplo, int n, double* a, int lda) {
  int info = 0;
  if (n > 0) dpotri_(&uplo, &n, a, &lda, &info, 1);
  return info;
}

}  // namespace blas
}  // namespace softspot
