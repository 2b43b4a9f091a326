/**
 * The lowest eigenpairs of the (pinned) Hessian by inverse iteration with its Cholesky
 * factor (one vector, or a block with Rayleigh–Ritz), and the saddle-node estimate of the
 * distance to the instability.
 *
 * Inverse iteration: w = M⁻¹ v, v ← w/|w|; the Rayleigh quotient at w is
 *   λ = wᵀ M w / wᵀ w = wᵀ v / wᵀ w     (no product with M needed),
 * accurate to second order in the eigenvector error. It converges at the rate λ₁/λ₂,
 * which tends to zero as the instability is approached (λ₁ → 0), so warm starts from the
 * previous strain step need one or two solves there.
 *
 * Saddle-node (fold) normal form (Maloney & Lemaître, PRE 74, 016118 (2006)): along the
 * elastic branch λ_min² ∝ γ_c − γ near γ_c, hence λ' = dλ/dγ = −λ/(2(γ_c − γ)) and
 *   γ_c − γ ≈ λ / (2|λ'|)            (λ' < 0; no fold ahead when λ' ≥ 0).
 * Far from the fold this is a conservative (short) estimate when λ decreases linearly.
 * Units: λ in ε/λ² (mass 1), γ dimensionless.
 */
import { symmetricEigen } from '../dense-eigen.js';
import type { StrainLandscape } from './strain-landscape.js';

export interface LowestMode {
  /** Lowest eigenvalue of the pinned Hessian (Rayleigh quotient). */
  lambda: number;
  /** Unit eigenvector in the pinned space (length 2N − 2). */
  vector: Float64Array;
  /** Solves used. */
  iterations: number;
}

/**
 * Inverse iteration on the factorized Hessian of `land`, from `start` (warm start; a
 * fixed pseudo-random vector when omitted), until the Rayleigh quotient changes by less
 * than `tol` relative or `maxIter` solves.
 */
export function lowestMode(land: StrainLandscape, start?: Float64Array, tol = 1e-7, maxIter = 12): LowestMode {
  const n = land.dofs;
  let v: Float64Array = new Float64Array(n);
  if (start !== undefined && start.length === n) v.set(start);
  else {
    let s = 12345;
    for (let k = 0; k < n; k++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      v[k] = s / 2147483648 - 0.5;
    }
  }
  normalize(v);
  let lambda = Number.POSITIVE_INFINITY;
  let it = 0;
  while (it < maxIter) {
    const w = land.solvePinned(v);
    it++;
    let wv = 0, ww = 0;
    for (let k = 0; k < n; k++) {
      wv += w[k] * v[k];
      ww += w[k] * w[k];
    }
    const next = wv / ww;
    const inv = 1 / Math.sqrt(ww);
    for (let k = 0; k < n; k++) w[k] *= inv;
    v = w;
    const converged = Math.abs(next - lambda) <= tol * Math.abs(next);
    lambda = next;
    if (converged) break;
  }
  return { lambda, vector: v, iterations: it };
}

function normalize(v: Float64Array): void {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  const inv = 1 / Math.sqrt(s);
  for (let k = 0; k < v.length; k++) v[k] *= inv;
}

/** The k lowest Ritz pairs of the factorized Hessian (see `branchModes`). */
export interface BranchModes {
  /** Number of modes k. */
  k: number;
  /** Ritz values θ_1 ≤ … ≤ θ_k (ε/λ²). */
  lambdas: Float64Array;
  /** Ritz vectors, pinned space, column-major (dofs × k), orthonormal. */
  vectors: Float64Array;
  /** Block solves used. */
  iterations: number;
  /** Whether the requested Ritz values met the tolerance. */
  converged: boolean;
}

/** Options of {@link branchModes}. */
export interface BranchModesOptions {
  /**
   * Columns (pinned space, column-major) to start from, e.g. the previous modes and the
   * non-affine velocity; fewer than k are completed with fixed pseudo-random vectors (so are
   * columns that are linearly dependent).
   */
  start?: Float64Array;
  /** Stop when the lowest `converge` Ritz values change by < tol relative (default 1e-7). */
  tol?: number;
  /** Block solves at most (default 20). */
  maxIter?: number;
  /** How many of the lowest Ritz values must converge (default k). */
  converge?: number;
}

/**
 * The k lowest eigenpairs of the factorized Hessian M of `land`, by block inverse
 * iteration with Rayleigh–Ritz:
 *   W = M⁻¹ V,  W = Q R (modified Gram–Schmidt),  T = Qᵀ M Q = (Qᵀ V) R⁻¹ (k×k),
 *   T = Z Θ Zᵀ (Jacobi),  V ← Q Z.
 * Ritz value i converges at the rate λ_i/λ_{k+1} per block solve, so a block finds a soft
 * mode that a single vector would reach only after the modes below it: along a strain
 * path the mode that goes unstable is often not the lowest until close to the fold (at
 * N = 10⁴ a soft spot elsewhere, or the lowest phonon, sits below it).
 *
 * (Named apart from lib/modes lowestModes, the eigensolver of a glass's vibrational modes:
 * this one follows the soft modes of one elastic branch, over the landscape's factor.)
 */
export function branchModes(land: StrainLandscape, k: number, options: BranchModesOptions = {}): BranchModes {
  const { start, tol = 1e-7, maxIter = 20, converge = k } = options;
  const n = land.dofs;
  const V = new Float64Array(n * k);
  const given = start === undefined ? 0 : Math.min(k, Math.floor(start.length / n));
  if (given > 0) V.set(start!.subarray(0, given * n));
  let seed = 12345;
  const random = (c: number): void => {
    for (let r = 0; r < n; r++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      V[c * n + r] = seed / 2147483648 - 0.5;
    }
  };
  for (let c = given; c < k; c++) random(c);
  for (let c = 0; c < k; c++) {
    // Columns that vanish after orthogonalization (dependent starts) are replaced.
    for (let tries = 0; orthonormalizeColumn(V, n, c) < 1e-8 && tries < 3; tries++) random(c);
  }
  const lambdas = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const T = new Float64Array(k * k), Z = new Float64Array(k * k), theta = new Float64Array(k);
  const R = new Float64Array(k * k), B = new Float64Array(k * k);
  let iterations = 0, converged = false;
  while (iterations < maxIter) {
    const W = land.solvePinned(V, k);
    iterations++;
    let replaced = false;
    R.fill(0);
    for (let c = 0; c < k; c++) {
      if (orthonormalizeColumn(W, n, c, R, k) > 0) continue;
      replaced = true;
      for (let r = 0; r < n; r++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        W[c * n + r] = seed / 2147483648 - 0.5;
      }
      orthonormalizeColumn(W, n, c);
    }
    if (replaced) {
      const MW = land.hessianProduct(W, k);
      for (let a = 0; a < k; a++) {
        for (let b = a; b < k; b++) {
          let s = 0;
          for (let r = 0; r < n; r++) s += W[a * n + r] * MW[b * n + r];
          T[a * k + b] = s;
          T[b * k + a] = s;
        }
      }
    } else {
      // W = M⁻¹V = QR, so M Q = V R⁻¹ and T = Qᵀ M Q = (Qᵀ V) R⁻¹: no product with M.
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let s = 0;
          for (let r = 0; r < n; r++) s += W[a * n + r] * V[b * n + r];
          B[a * k + b] = s;
        }
      }
      for (let a = 0; a < k; a++) {
        for (let j = 0; j < k; j++) {
          let s = B[a * k + j];
          for (let i = 0; i < j; i++) s -= T[a * k + i] * R[i * k + j];
          T[a * k + j] = s / R[j * k + j];
        }
      }
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          const m = 0.5 * (T[a * k + b] + T[b * k + a]);
          T[a * k + b] = m;
          T[b * k + a] = m;
        }
      }
    }
    symmetricEigen(T, k, theta, Z);
    V.fill(0);
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < k; a++) {
        const z = Z[a * k + c];
        if (z === 0) continue;
        for (let r = 0; r < n; r++) V[c * n + r] += z * W[a * n + r];
      }
    }
    converged = true;
    for (let c = 0; c < converge; c++) {
      if (!(Math.abs(theta[c] - lambdas[c]) <= tol * Math.abs(theta[c]))) converged = false;
    }
    lambdas.set(theta);
    if (converged) break;
  }
  return { k, lambdas, vectors: V, iterations, converged };
}

/**
 * Column c of X (rows n, column-major) orthogonalized against columns 0..c−1 (modified
 * Gram–Schmidt, twice) and normalized; returns its norm before normalization relative
 * to the start (≈ 0 when it was dependent; then the column is left unnormalized). With R
 * (k×k, row-major) it records column c of the triangular factor: X_c,in = Σ_a R[a][c] Q_a.
 */
function orthonormalizeColumn(X: Float64Array, n: number, c: number, R?: Float64Array, k = 0): number {
  const o = c * n;
  let start = 0;
  for (let r = 0; r < n; r++) start += X[o + r] * X[o + r];
  start = Math.sqrt(start);
  if (!(start > 0)) return 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < c; a++) {
      let d = 0;
      for (let r = 0; r < n; r++) d += X[a * n + r] * X[o + r];
      for (let r = 0; r < n; r++) X[o + r] -= d * X[a * n + r];
      if (R !== undefined) R[a * k + c] += d;
    }
  }
  let s = 0;
  for (let r = 0; r < n; r++) s += X[o + r] * X[o + r];
  s = Math.sqrt(s);
  if (!(s > 1e-8 * start)) return 0;
  for (let r = 0; r < n; r++) X[o + r] /= s;
  if (R !== undefined) R[c * k + c] = s;
  return s / start;
}

/** Distance to the fold γ_c − γ ≈ λ/(2|λ'|) when λ' < 0, else +∞ (see the file header). */
export function foldDistance(lambda: number, dLambda: number): number {
  if (!(dLambda < 0) || !(lambda > 0)) return Number.POSITIVE_INFINITY;
  return lambda / (2 * -dLambda);
}
