#include "dense_basis.h"

#include <cstddef>

extern "C" {
void dgemv_(const char* trans, const int* m, const int* n, const double* alpha, const double* a,
            const int* lda, const double* x, const int* incx, const double* beta, double* y,
            const int* incy, std::size_t);
double ddot_(const int* n, const double* x, const int* incx, const double* y, const int* incy);
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

}  // namespace softspot
