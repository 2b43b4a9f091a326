/** Products with a symmetric matrix stored as its lower triangle, and residuals. */
import type { CscMatrix } from '../sparse-cholesky.js';

/** Y = A X for symmetric A stored as its lower triangle, X column-major n×nrhs. O(nnz·nrhs). */
export function symmetricMatvec(A: CscMatrix, X: Float64Array, nrhs = 1, out?: Float64Array): Float64Array {
  const { n, colPtr, rowIdx, values } = A;
  const Y = out ?? new Float64Array(n * nrhs);
  Y.fill(0, 0, n * nrhs);
  for (let k = 0; k < nrhs; k++) {
    const o = k * n;
    for (let c = 0; c < n; c++) {
      const xc = X[o + c];
      let acc = 0;
      for (let p = colPtr[c]; p < colPtr[c + 1]; p++) {
        const r = rowIdx[p], v = values[p];
        Y[o + r] += v * xc;
        if (r !== c) acc += v * X[o + r];
      }
      Y[o + c] += acc;
    }
  }
  return Y;
}

/** Per right-hand side: ‖B − A X‖₂ / ‖B‖₂ (0 where B = 0). */
export function relativeResiduals(A: CscMatrix, X: Float64Array, B: Float64Array, nrhs = 1): Float64Array {
  const AX = symmetricMatvec(A, X, nrhs);
  const n = A.n;
  const out = new Float64Array(nrhs);
  for (let k = 0; k < nrhs; k++) {
    let r2 = 0, b2 = 0;
    for (let i = k * n; i < (k + 1) * n; i++) {
      const d = B[i] - AX[i];
      r2 += d * d;
      b2 += B[i] * B[i];
    }
    out[k] = b2 > 0 ? Math.sqrt(r2 / b2) : 0;
  }
  return out;
}
