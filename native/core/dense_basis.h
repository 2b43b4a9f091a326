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

}  // namespace softspot
