/**
 * Dense linear algebra for tests: the independent route the sparse results are checked
 * against. Row-major n×n Float64Arrays; O(n³), for n up to a few hundred.
 */
import type { CscMatrix } from '../../lib/sparse-cholesky.js';

/** Deterministic uniform numbers in [0, 1) (mulberry32), so tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Full symmetric dense matrix from a lower-triangle CSC (values or an aligned override). */
export function denseFromCsc(A: CscMatrix, values: Float64Array = A.values): Float64Array {
  const { n } = A;
  const M = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let p = A.colPtr[c]; p < A.colPtr[c + 1]; p++) {
      const r = A.rowIdx[p];
      M[r * n + c] = values[p];
      M[c * n + r] = values[p];
    }
  }
  return M;
}

/** Entries of a dense symmetric matrix on the lower-triangle pattern of A. */
export function onPattern(A: CscMatrix, M: Float64Array): Float64Array {
  const out = new Float64Array(A.rowIdx.length);
  for (let c = 0; c < A.n; c++) {
    for (let p = A.colPtr[c]; p < A.colPtr[c + 1]; p++) out[p] = M[A.rowIdx[p] * A.n + c];
  }
  return out;
}

/** Inverse by Gauss–Jordan elimination with partial pivoting. */
export function denseInverse(M: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(M);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
        [inv[col * n + k], inv[pivot * n + k]] = [inv[pivot * n + k], inv[col * n + k]];
      }
    }
    const d = a[col * n + col];
    for (let k = 0; k < n; k++) {
      a[col * n + k] /= d;
      inv[col * n + k] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] -= f * a[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}

export function matmul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j] += a * B[k * n + j];
    }
  }
  return C;
}

/** y = M x for dense row-major M (n×n) and column-major X (n×nrhs). */
export function matvecBlock(M: Float64Array, X: Float64Array, n: number, nrhs: number): Float64Array {
  const Y = new Float64Array(n * nrhs);
  for (let c = 0; c < nrhs; c++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += M[i * n + k] * X[c * n + k];
      Y[c * n + i] = s;
    }
  }
  return Y;
}

/** log det of an SPD matrix via a dense Cholesky factorization. */
export function denseLogDet(M: Float64Array, n: number): number {
  const L = new Float64Array(n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = M[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let s = M[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return logDet;
}

/**
 * A random sparse SPD matrix with a 2D-mesh-like pattern: `n` unknowns, each coupled
 * to about `degree` random others (plus the diagonal), values made SPD by diagonal
 * dominance with a random margin. Lower-triangle CSC with sorted rows.
 */
export function randomSpd(n: number, degree: number, seed: number): CscMatrix {
  const rand = seededRandom(seed);
  const cols: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const rowSum = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let e = 0; e < degree / 2; e++) {
      // Mostly local couplings (banded, like a mesh), some long-range.
      const span = rand() < 0.8 ? 1 + Math.floor(rand() * 6) : Math.floor(rand() * n);
      const r = c + span;
      if (r >= n || r === c) continue;
      const v = rand() * 2 - 1;
      cols[c].set(r, v);
      rowSum[r] += Math.abs(v);
      rowSum[c] += Math.abs(v);
    }
  }
  for (let c = 0; c < n; c++) cols[c].set(c, rowSum[c] + 0.1 + rand());
  return cscFromColumns(cols);
}

/** The CSC matrix of columns given as maps row → value (rows sorted here). */
export function cscFromColumns(columns: ReadonlyArray<Map<number, number>>): CscMatrix {
  const n = columns.length;
  const colPtr = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) colPtr[c + 1] = colPtr[c] + columns[c].size;
  const rowIdx = new Int32Array(colPtr[n]);
  const values = new Float64Array(colPtr[n]);
  for (let c = 0; c < n; c++) {
    const entries = [...columns[c].entries()].sort((a, b) => a[0] - b[0]);
    entries.forEach(([r, v], k) => {
      rowIdx[colPtr[c] + k] = r;
      values[colPtr[c] + k] = v;
    });
  }
  return { n, colPtr, rowIdx, values };
}

/** Largest |a − b| relative to the largest |b|. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let k = 0; k < b.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / (den || 1);
}

/**
 * Eigenvalues of a dense symmetric matrix (row-major n×n), ascending, by cyclic Jacobi
 * rotations (slow, O(n³) per sweep, but simple and accurate to ~1e-14 relative).
 */
export function symmetricEigenvalues(M: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(M);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, k) => a[k * n + k]).sort();
}
