/**
 * The k lowest eigenpairs of a symmetric positive semi-definite operator M by shift-invert
 * Lanczos (shift 0): Lanczos on M⁺, whose largest eigenvalues 1/λ_1 > 1/λ_2 > … are the
 * well-separated top of its spectrum, one solve of one right-hand side per step:
 *
 *   w = M⁺ q_j − β_{j−1} q_{j−1},  α_j = q_j·w,  w −= α_j q_j,
 *   w −= Q (Qᵀ w) (full reorthogonalization, twice),  β_j = |w|,  q_{j+1} = w/β_j.
 *
 * Every `checkEvery` steps the projection T_j = Q_jᵀ M⁺ Q_j, recorded from every
 * coefficient subtracted (ideally tridiagonal; the record includes what the
 * reorthogonalization removed), is diagonalized (Jacobi); when the Lanczos
 * residual estimates |β_j s_{j,i}| of the k largest Ritz values θ_i of M⁺ are small, the
 * Ritz vectors y_i = Q s_i are formed and their exact residuals |M y_i − λ_i y_i|
 * (λ_i = y_iᵀ M y_i) decide, as in block-inverse.ts.
 *
 * A limit to know: in exact arithmetic a Krylov space holds one vector per eigenspace, so
 * the second copy of an exactly degenerate eigenvalue (a symmetric configuration) enters
 * only through rounding, which full reorthogonalization keeps; nearly degenerate pairs
 * (the phonons of a disordered glass, split by the disorder) are found like any other.
 * test/modes.test.ts checks both on known spectra, and compares with dense eigenvalues
 * and with the block method.
 */
import { createRng, fillNormal } from '../stats/random.js';
import type { BlockInverseResult, BlockOperator } from './block-inverse.js';
import { symmetricEigen } from '../dense-eigen.js';

export interface LanczosOptions {
  /** Relative residual |M y − λ y| ≤ tol·λ of each of the k lowest pairs (default 1e-6). */
  tol?: number;
  /** Lanczos steps (solves) at most (default max(300, 20k), capped at the rank). */
  maxSteps?: number;
  /** Dimension of the subspace (default dofs). */
  rank?: number;
  /** Steps between convergence checks (default 10). */
  checkEvery?: number;
  seed?: number;
}

export function lanczosLowest(op: BlockOperator, k: number, options: LanczosOptions = {}): BlockInverseResult {
  const n = op.dofs;
  const rank = options.rank ?? n;
  const tol = options.tol ?? 1e-6;
  const maxSteps = Math.min(rank, options.maxSteps ?? Math.max(300, 20 * k));
  const checkEvery = options.checkEvery ?? 10;
  const rng = createRng(options.seed ?? 1);
  const Q: Float64Array[] = [];
  const alpha: number[] = [], beta: number[] = [];
  const H: Float64Array[] = [];
  let q: Float64Array = new Float64Array(n);
  fillNormal(rng, q);
  op.project?.(q);
  scale(q, 1 / norm(q));
  const values = new Float64Array(k), residuals = new Float64Array(k);
  let vectors = new Float64Array(n * k);
  let converged = false, steps = 0;
  while (steps < maxSteps) {
    Q.push(q);
    const w = op.solve(q, 1);
    steps++;
    op.project?.(w);
    const j = Q.length - 1;
    // Column j of H = Qᵀ M⁺ Q: every coefficient subtracted from w = M⁺ q_j is recorded, so
    // the Rayleigh–Ritz matrix is the projection itself, not the ideal tridiagonal one.
    const h = new Float64Array(j + 1);
    if (j > 0) { h[j - 1] = beta[j - 1]; axpy(-beta[j - 1], Q[j - 1], w); }
    const a = dot(q, w);
    h[j] += a;
    alpha.push(a);
    axpy(-a, q, w);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= j; i++) {
        const c = dot(Q[i], w);
        h[i] += c;
        axpy(-c, Q[i], w);
      }
    }
    H.push(h);
    // Rounding leaves w a component outside the subspace (for the glass: a translation)
    // that the division by β then amplifies step after step (to 1e-4 in 50 steps on n64_s1,
    // with Ritz values off by 50 %): project it out again before normalizing.
    op.project?.(w);
    const b = norm(w);
    beta.push(b);
    const exhausted = !(b > 1e-12 * Math.abs(a));
    if ((Q.length >= k && Q.length % checkEvery === 0) || exhausted || steps === maxSteps) {
      const m = Q.length;
      const T = new Float64Array(m * m), Z = new Float64Array(m * m), theta = new Float64Array(m);
      for (let jj = 0; jj < m; jj++) {
        for (let i = 0; i <= jj; i++) { T[i * m + jj] = H[jj][i]; T[jj * m + i] = H[jj][i]; }
      }
      symmetricEigen(T, m, theta, Z);
      // The k largest θ of M⁺ (ascending order from Jacobi: the last k), largest first.
      let estimated = m >= k;
      for (let c = 0; c < Math.min(k, m) && estimated; c++) {
        const col = m - 1 - c;
        if (!(Math.abs(b * Z[(m - 1) * m + col]) <= tol * Math.abs(theta[col]))) estimated = false;
      }
      if (m >= k && (estimated || exhausted || steps === maxSteps)) {
        vectors = new Float64Array(n * k);
        for (let c = 0; c < k; c++) {
          const col = m - 1 - c;
          const y = vectors.subarray(c * n, (c + 1) * n);
          for (let i = 0; i < m; i++) axpy(Z[i * m + col], Q[i], y);
          scale(y, 1 / norm(y));
        }
        const MY = op.product(vectors, k);
        converged = true;
        for (let c = 0; c < k; c++) {
          const y = vectors.subarray(c * n, (c + 1) * n), my = MY.subarray(c * n, (c + 1) * n);
          const lam = dot(y, my);
          let r2 = 0;
          for (let r = 0; r < n; r++) r2 += (my[r] - lam * y[r]) ** 2;
          values[c] = lam;
          residuals[c] = Math.sqrt(r2);
          if (!(residuals[c] <= tol * Math.abs(lam))) converged = false;
        }
        if (converged || exhausted) break;
      }
      if (exhausted) break;
    }
    q = w;
    scale(q, 1 / b);
  }
  return { values, vectors, residuals, iterations: steps, converged, blockSize: 1 };
}

function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0, s1 = 0, r = 0;
  const n = x.length;
  for (; r + 1 < n; r += 2) { s0 += x[r] * y[r]; s1 += x[r + 1] * y[r + 1]; }
  if (r < n) s0 += x[r] * y[r];
  return s0 + s1;
}
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let r = 0; r < y.length; r++) y[r] += a * x[r];
}
function norm(x: Float64Array): number { return Math.sqrt(dot(x, x)); }
function scale(x: Float64Array, s: number): void { for (let r = 0; r < x.length; r++) x[r] *= s; }
