/**
 * The k lowest eigenpairs of a symmetric positive semi-definite operator M, given its
 * inverse on the subspace that matters (a solve callback) and its product, by block
 * inverse iteration with Rayleigh–Ritz (the idea of lib/aqs/eigen.ts `lowestModes`, over
 * callbacks instead of an AQS Landscape):
 *
 *   W = solveˢ(V)                   (b columns, b = k + oversampling; s = 3 solves per step)
 *   Q = orth(W)                     (modified Gram–Schmidt, a second pass where needed)
 *   T = Qᵀ (M Q)   (b×b),  T = Z Θ Zᵀ (cyclic Jacobi),  V = Q Z,  M V = (M Q) Z
 *   r_i = |M v_i − θ_i v_i|,  V ← Q
 *
 * Ritz pair i converges at the rate θ_i/θ_{b+1} per block solve, so the oversampling
 * columns speed up the k-th pair and keep a degenerate pair (two phonons of the same
 * wavevector shell) together. Stops when the residuals of the k lowest pairs are all
 * ≤ tol·θ_i; then each Ritz value is within ≈ r_i²/gap_i of an eigenvalue (second order).
 *
 * Vectors are column-major (dofs × columns). `project` keeps every column in the subspace
 * (e.g. removes translations) and is applied after every solve and random fill.
 */
import { createRng, fillNormal } from '../random.js';
import { symmetricEigen } from '../dense-eigen.js';
import { ArgumentRangeError } from '../errors.js';

export interface BlockOperator {
  /** Length of a vector. */
  dofs: number;
  /**
   * W = M⁺ V for `nrhs` columns (dofs × nrhs): written into `out` and returned when `out`
   * is given (it never aliases V), else a new array. An operator may ignore `out` and
   * return a new array; callers copy then.
   */
  solve(V: Float64Array, nrhs: number, out?: Float64Array): Float64Array;
  /** M V for `nrhs` columns (a new array, dofs × nrhs). */
  product(V: Float64Array, nrhs: number): Float64Array;
  /** Projects one column onto the subspace, in place (identity when omitted). */
  project?(v: Float64Array): void;
}

export interface BlockInverseOptions {
  /** Columns of the block beyond k (default max(8, k)); capped at rank − k. */
  oversampling?: number;
  /** Dimension of the subspace (default dofs); the block never exceeds it. */
  rank?: number;
  /** Relative residual |M v − θ v| ≤ tol·θ of each of the k lowest pairs (default 1e-6). */
  tol?: number;
  /** Block solves at most (default 300). */
  maxIterations?: number;
  /**
   * Block solves between two orthonormalizations and Rayleigh–Ritz steps (default 3): W =
   * (M⁺)ˢ Q. The subspace is the same as with s = 1; the dense work per solve drops by s
   * (at N = 2000, k = 20: 0.89 s with s = 1, 0.59 s with 2, 0.37 s with 3). The columns'
   * components spread by (θ_b/θ_1)ˢ, and Gram–Schmidt replaces a column whose new part
   * falls below 1e-8 of it by a random one; with θ_b/θ_1 = 10⁴ (a glass near an
   * instability) s = 2…5 still converge (test/modes.test.ts).
   */
  solvesPerStep?: number;
  /** Seed of the random start block (default 1). */
  seed?: number;
}

export interface BlockInverseResult {
  /** Ritz values θ_1 ≤ … ≤ θ_k. */
  values: Float64Array;
  /** Ritz vectors, column-major dofs × k, orthonormal. */
  vectors: Float64Array;
  /** |M v_i − θ_i v_i| of each. */
  residuals: Float64Array;
  /** Block solves used. */
  iterations: number;
  /** Whether every residual met the tolerance. */
  converged: boolean;
  /** Columns of the block. */
  blockSize: number;
}

export function blockInverseIteration(op: BlockOperator, k: number, options: BlockInverseOptions = {}): BlockInverseResult {
  const n = op.dofs;
  const rank = options.rank ?? n;
  const tol = options.tol ?? 1e-6;
  const maxIterations = options.maxIterations ?? 300;
  const solvesPerStep = options.solvesPerStep ?? 3;
  const b = Math.min(rank, k + (options.oversampling ?? Math.max(8, k)));
  const rng = createRng(options.seed ?? 1);
  const column = (X: Float64Array, c: number): Float64Array => X.subarray(c * n, (c + 1) * n);
  const randomColumn = (X: Float64Array, c: number): void => {
    const v = column(X, c);
    fillNormal(rng, v);
    op.project?.(v);
  };

  let Q: Float64Array = new Float64Array(n * b);
  for (let c = 0; c < b; c++) randomColumn(Q, c);
  orthonormalize(Q, n, b, randomColumn);
  const values = new Float64Array(k), residuals = new Float64Array(k);
  const theta = new Float64Array(b), Z = new Float64Array(b * b), T = new Float64Array(b * b), G2 = new Float64Array(b * b);
  let iterations = 0, converged = false;
  let V: Float64Array = new Float64Array(0), MQ: Float64Array = new Float64Array(0);
  const ritz = (): void => {
    V = combine(Q, Z, n, b, k);
    const MV = combine(MQ, Z, n, b, k);
    converged = true;
    for (let c = 0; c < k; c++) {
      let r2 = 0;
      for (let r = 0; r < n; r++) r2 += (MV[c * n + r] - theta[c] * V[c * n + r]) ** 2;
      residuals[c] = Math.sqrt(r2);
      values[c] = theta[c];
      if (!(residuals[c] <= tol * Math.abs(theta[c]))) converged = false;
    }
  };
  while (iterations < maxIterations) {
    let W = Q;
    for (let s = 0; s < solvesPerStep && iterations < maxIterations; s++) {
      W = op.solve(W, b);
      iterations++;
      if (op.project) for (let c = 0; c < b; c++) op.project(column(W, c));
    }
    orthonormalize(W, n, b, randomColumn);
    // Gram–Schmidt's divisions amplify what rounding left outside the subspace: project again.
    if (op.project) for (let c = 0; c < b; c++) op.project(column(W, c));
    Q = W;
    MQ = op.product(Q, b);
    gram(Q, MQ, n, b, T);
    symmetricEigen(T, b, theta, Z);
    // The subspace, not its basis, is what iterates: the Ritz vectors are formed only to
    // check convergence. |M Q z − θ Q z|² = zᵀ (MQ)ᵀ(MQ) z − θ² (Q orthonormal, Qᵀ M Q z =
    // θ z) estimates the residuals without them; it loses the digits below ~1e-8 θ to
    // cancellation, so the exact residuals decide.
    gram(MQ, MQ, n, b, G2);
    let estimated = true;
    for (let c = 0; c < k && estimated; c++) {
      let q = 0;
      for (let a = 0; a < b; a++) {
        let s = 0;
        for (let e = 0; e < b; e++) s += G2[a * b + e] * Z[e * b + c];
        q += Z[a * b + c] * s;
      }
      if (!(Math.sqrt(Math.max(0, q - theta[c] * theta[c])) <= 2 * tol * Math.abs(theta[c]))) estimated = false;
    }
    if (!estimated) continue;
    ritz();
    if (converged) break;
  }
  if (!converged) ritz();
  return { values, vectors: V, residuals, iterations, converged, blockSize: b };
}

/** T = Qᵀ (M Q) (b×b, row-major) from its upper triangle (M symmetric). */
function gram(Q: Float64Array, MQ: Float64Array, n: number, b: number, T: Float64Array): void {
  for (let i = 0; i < b; i++) {
    for (let j = i; j < b; j++) {
      const s = dot(Q, i * n, MQ, j * n, n);
      T[i * b + j] = s;
      T[j * b + i] = s;
    }
  }
}

function dot(x: Float64Array, ox: number, y: Float64Array, oy: number, n: number): number {
  let s0 = 0, s1 = 0;
  let r = 0;
  for (; r + 1 < n; r += 2) {
    s0 += x[ox + r] * y[oy + r];
    s1 += x[ox + r + 1] * y[oy + r + 1];
  }
  if (r < n) s0 += x[ox + r] * y[oy + r];
  return s0 + s1;
}

function axpy(a: number, x: Float64Array, ox: number, y: Float64Array, oy: number, n: number): void {
  for (let r = 0; r < n; r++) y[oy + r] += a * x[ox + r];
}

/** The first `cols` columns of X Z, for X (n × b, column-major) and Z (b × b, row-major; columns are the combinations). */
function combine(X: Float64Array, Z: Float64Array, n: number, b: number, cols: number): Float64Array {
  const Y = new Float64Array(n * cols);
  for (let c = 0; c < cols; c++) {
    for (let a = 0; a < b; a++) {
      const z = Z[a * b + c];
      if (z !== 0) axpy(z, X, a * n, Y, c * n, n);
    }
  }
  return Y;
}

/**
 * Orthonormalizes the b columns of X in place by modified Gram–Schmidt, with a second pass
 * for a column that lost more than half its norm in the first ("twice is enough"); a
 * column that loses all but 1e-8 of its norm (dependent) is replaced by `refill` and redone.
 */
function orthonormalize(X: Float64Array, n: number, b: number, refill: (X: Float64Array, c: number) => void): void {
  for (let c = 0; c < b; c++) {
    const o = c * n;
    for (let tries = 0; ; tries++) {
      const start = Math.sqrt(dot(X, o, X, o, n));
      let s = start;
      for (let pass = 0; pass < 2; pass++) {
        const before = s;
        for (let a = 0; a < c; a++) axpy(-dot(X, a * n, X, o, n), X, a * n, X, o, n);
        s = Math.sqrt(dot(X, o, X, o, n));
        if (s > 0.5 * before) break;
      }
      if (s > 1e-8 * start && s > 0) {
        const inv = 1 / s;
        for (let r = 0; r < n; r++) X[o + r] *= inv;
        break;
      }
      if (tries >= 5) throw new ArgumentRangeError(`blockInverseIteration: could not complete an orthonormal block of ${b} columns in ${n} dofs; ask for fewer modes`);
      refill(X, c);
    }
  }
}
