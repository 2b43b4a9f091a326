/**
 * The lowest eigenpair of the (pinned) Hessian by inverse iteration with its Cholesky
 * factor, and the saddle-node estimate of the distance to the instability.
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
import type { Landscape } from './landscape.js';

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
export function lowestMode(land: Landscape, start?: Float64Array, tol = 1e-7, maxIter = 12): LowestMode {
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

/** Distance to the fold γ_c − γ ≈ λ/(2|λ'|) when λ' < 0, else +∞ (see the file header). */
export function foldDistance(lambda: number, dLambda: number): number {
  if (!(dLambda < 0) || !(lambda > 0)) return Number.POSITIVE_INFINITY;
  return lambda / (2 * -dLambda);
}
