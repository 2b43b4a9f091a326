#include "dense_basis.h"

#include <cstddef>
#include <vector>

extern "C" {
void dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
            const int* lda, const double* x, const int* incx, const double* beta, double* y,
            const int* incy, std::size_t);
double ddot_(const int* n, const double* x, const int* incx, const double* y, const int* incy);
void dsyev_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda,
            double* w, double* work, const int* lwork, int* info, std::size_t, std::size_t);
}

#include "blas.h"

namespace softspot {

double BasisProjectOut(const double* q, int n, int count, double* w, double* coeff,
                       double* scratch) {
  const int one = 1;
  if (n <= 0) return 0.0;
  if (count > 0) {
    const double alpha = 1.0, zero = 0.0, minus = -1.0;
    const char t = 'T', no = 'N';
    dgemv_(&t, &n, &count, &alpha, q, &n, w, &one, &zero, scratch, &one, 1);
    dgemv_(&no, &n, &count, &minus, q, &n, scratch, &one, &alpha, w, &one, 1);
    for (int a = 0; a < count; ++a) coeff[a] += scratch[a];
  }
  return ddot_(&n, w, &one, w, &one);
}

void BasisCombine(const double* q, int n, int count, const double* z, int k, double* y) {
  if (count <= 0) {
    for (long r = 0; r < static_cast<long>(n) * k; ++r) y[r] = 0.0;
    return;
  }
  blas::Gemm('N', 'N', n, k, count, 1.0, q, n, z, count, 0.0, y, n);
}

void BasisProjectOutBlock(const double* q, int n, int count, double* w, int p, double* coeff,
                          double* scratch) {
  if (n <= 0 || count <= 0 || p <= 0) return;
  blas::Gemm('T', 'N', count, p, n, 1.0, q, n, w, n, 0.0, scratch, count);
  blas::Gemm('N', 'N', n, p, count, -1.0, q, n, scratch, count, 1.0, w, n);
  const long total = static_cast<long>(count) * p;
  for (long r = 0; r < total; ++r) coeff[r] += scratch[r];
}

int SymmetricEigen(double* a, int m, double* values, double* vectors) {
  if (m <= 0) return 0;
  // dsyev (tridiagonalization, dorgtr, implicit QL/QR), not dsyevd: dsyevd's dormtr needs
  // the gfortran runtime (_gfortran_concat_string), which the static prebuild does not link.
  const char jobz = 'V', uplo = 'U';
  int info = 0, lwork = -1;
  double work_query = 0.0;
  dsyev_(&jobz, &uplo, &m, a, &m, values, &work_query, &lwork, &info, 1, 1);
  if (info != 0) return info;
  lwork = static_cast<int>(work_query) + 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  dsyev_(&jobz, &uplo, &m, a, &m, values, work.data(), &lwork, &info, 1, 1);
  if (info == 0 && vectors != a) {
    const long total = static_cast<long>(m) * m;
    for (long r = 0; r < total; ++r) vectors[r] = a[r];
  }
  return info;
}

}  // namespace softspot
