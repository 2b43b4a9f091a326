/**
 * Dense kernels on a basis stored flat: Q is a Float64Array holding columns q_0, q_1, …
 * of length n one after another (column-major n × count). Both are BLAS calls in the
 * addon (native/core/dense_basis.h: dgemv, dgemm), so the basis is streamed once per
 * product at memory bandwidth; the Lanczos reorthogonalization of lanczos.ts reads a
 * basis of up to ~10 MB (N = 10⁴, 60 columns) twice per step. test/modes-kernels.test.ts
 * checks both against plain loops.
 */
import { addon } from '../native.js';

/**
 * Classical Gram–Schmidt against the first `count` columns of Q: c = Qᵀ w, then
 * w ← w − Q c; adds c to `coeff` (length ≥ count). Returns |w|² after the update.
 * w (length n) may be a subarray of Q's buffer but not of its first `count` columns.
 */
export function projectOut(Q: Float64Array, n: number, count: number, w: Float64Array, coeff: Float64Array): number {
  return addon.basisProjectOut(Q, n, count, w, coeff);
}

/**
 * Y = Q Z[:, cols]: for each wanted column index `cols[c]` of Z (row-major, `stride` columns
 * per row, rows 0…count−1), column c of Y (n × cols.length, column-major) is
 * Σ_i Z[i, cols[c]] q_i. One dgemm after gathering the wanted columns of Z.
 */
export function combineColumns(Q: Float64Array, n: number, count: number, Z: Float64Array, stride: number, cols: readonly number[]): Float64Array {
  const k = cols.length;
  const Zc = new Float64Array(count * k);
  for (let c = 0; c < k; c++) for (let i = 0; i < count; i++) Zc[c * count + i] = Z[i * stride + cols[c]];
  return addon.basisCombine(Q, n, count, Zc, k, new Float64Array(n * k));
}

/** y = Q z (n, one column): Σ_i z_i q_i over the first `count` columns of Q, written into `out` (length n). One dgemm. */
export function combineColumnsDirect(Q: Float64Array, n: number, count: number, z: Float64Array, out: Float64Array): Float64Array {
  return addon.basisCombine(Q, n, count, z, 1, out);
}

/**
 * Block classical Gram–Schmidt against the first `count` columns of Q: C = Qᵀ W (count × p,
 * column-major), W ← W − Q C, coeff += C (length ≥ count·p). W (n × p, column-major) may be
 * a subarray of Q's buffer beyond those columns. Two dgemm: Q is streamed twice per pass
 * whatever p, where p single-vector passes would stream it 2p times.
 */
export function projectOutBlock(Q: Float64Array, n: number, count: number, W: Float64Array, p: number, coeff: Float64Array): void {
  addon.basisProjectOutBlock(Q, n, count, W, p, coeff);
}

/**
 * Eigenpairs of a symmetric m × m matrix A (column-major, upper triangle read; A is
 * overwritten) by LAPACK dsyev: eigenvalues ascending into `values` (m), eigenvectors as
 * the columns of `vectors` (m × m column-major; may be A itself). O(m³): 4.8 ms CPU at m = 152.
 * @throws Error when LAPACK reports no convergence (info > 0)
 */
export function symmetricEigenColumns(A: Float64Array, m: number, values: Float64Array, vectors: Float64Array): void {
  const info = addon.symmetricEigenLapack(A, m, values, vectors);
  if (info !== 0) throw new Error(`symmetricEigenColumns: LAPACK dsyev failed on a ${m} × ${m} Rayleigh–Ritz matrix (info ${info}); the Lanczos coefficients are probably not finite`);
}
