// Dense kernels on a Krylov basis stored flat: Q holds columns q_0 … q_{count−1} of
// length n one after another (column-major n × count, leading dimension n), as the
// Lanczos iteration of lib/modes/lanczos.ts keeps it. Both are BLAS-2/3 calls (dgemv,
// dgemm of the BLAS CHOLMOD links), so the basis is streamed at memory bandwidth.
//
// Failure: none (sizes are checked by the binding; BLAS aborts on bad arguments).
#pragma once

namespace softspot {

// Classical Gram–Schmidt pass: c = Qᵀ w, w ← w − Q c, coeff[0…count−1] += c.
// `scratch` holds count doubles. Returns |w|² after the update. w must not overlap the
// first count columns of Q. Cost: 4·n·count flops, Q read twice.
double BasisProjectOut(const double* q, int n, int count, double* w, double* coeff,
                       double* scratch);

// Y = Q Z: Y n × k (column-major, leading dimension n), Z count × k (column-major,
// leading dimension count). Cost: 2·n·count·k flops (one dgemm).
void BasisCombine(const double* q, int n, int count, const double* z, int k, double* y);

// Block classical Gram–Schmidt pass: C = Qᵀ W (count × p, column-major, leading dimension
// count), W ← W − Q C, coeff += C. W is n × p (leading dimension n) and must not overlap
// the first count columns of Q; `scratch` holds count·p doubles. Cost: 4·n·count·p flops
// in two dgemm, Q read twice (once per pass whatever p: the block Lanczos gain).
void BasisProjectOutBlock(const double* q, int n, int count, double* w, int p, double* coeff,
                          double* scratch);

// Eigen-decomposition of a symmetric m × m matrix A (column-major, upper triangle read,
// overwritten) by LAPACK dsyev: eigenvalues ascending in `values` (m), eigenvectors as
// the columns of `vectors` (m × m column-major, may equal A). Returns LAPACK's info
// (0: success; > 0: no convergence). Cost O(m³).
int SymmetricEigen(double* a, int m, double* values, double* vectors);

}  // namespace softspot
