/**
 * The non-affine velocity of linear response to an imposed shear and the two indicators
 * built on it (issue 20; docs/predictors.md).
 *
 * Under the affine map dx/dγ = E x the particles also move non-affinely; at a minimum
 * (paper Eq. S4; Maloney & Lemaître, Phys. Rev. E 74, 016118, 2006)
 *
 *     w = dx/dγ − E x = −M⁺ Ξ(E),     Ξ(E) = ∂²U/∂x∂γ = Σ_α D_αᵀ K_α E r_α
 *
 * (2N, λ per unit strain), with the gauge Σ_i w_i = 0 (M has the two translations as its
 * null space; Ξ has no net force). It is the `u` of lib/lhc/response.ts: localHeatCapacity
 * returns it (`nonAffine`, pinned gauge), so the benchmark takes it from the same
 * factorization; `nonAffineVelocity` computes it on its own when no LHC result is at hand.
 * The reverse direction (E → −E) has w → −w.
 *
 * Indicators (per particle):
 *     |w_i|                      magnitude of the non-affine motion (the same for ±E)
 *     |w_i · ê(E)|               its component along ê(E), the unit eigenvector of the
 *                                largest eigenvalue of the strain rate (E + Eᵀ)/2 (the
 *                                extension axis); reversing E swaps extension and
 *                                compression axes, so this one depends on the sign:
 *                                simple+ ê = (1, 1)/√2, simple− (1, −1)/√2, pure+ (1, 0), pure− (0, 1).
 * Large non-affine displacements mark soft regions (Tanguy, Wittmer, Leonforte & Barrat,
 * Phys. Rev. B 66, 174205, 2002; the linear-response field is among the indicators of
 * Richard et al., Phys. Rev. Materials 4, 113609, 2020).
 */
import type { Configuration } from '../config.js';
import { findPairs, hessian, hessianPattern, mismatchForces, pairTensors, restrictPinned, expandPinned, DEFAULT_PINNED } from '../hessian/index.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { SparseCholesky } from '../sparse-cholesky.js';
import { expectEvenLength, expectFloat64Array, expectMatrix2 } from '../validate.js';

/** Subtracts the mean of the x and of the y components in place (the gauge Σ_i w_i = 0). Returns w. */
export function removeTranslation(w: Float64Array): Float64Array {
  const n = w.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += w[2 * i]; my += w[2 * i + 1]; }
  mx /= n; my /= n;
  for (let i = 0; i < n; i++) { w[2 * i] -= mx; w[2 * i + 1] -= my; }
  return w;
}

/**
 * ê(E): unit eigenvector of the largest eigenvalue of (E + Eᵀ)/2, sign fixed so that its
 * first non-zero component is positive. For an isotropic strain rate (no unique axis)
 * returns (1, 0).
 * @param E row-major 2×2 (dH/dγ)
 */
export function extensionAxis(E: Float64Array): [number, number] {
  expectMatrix2('E', E);
  const a = E[0], b = (E[1] + E[2]) / 2, d = E[3];
  const half = (a - d) / 2;
  const root = Math.hypot(half, b);
  if (root === 0) return [1, 0];
  const top = (a + d) / 2 + root;
  // (S − top I) v = 0: v = (b, top − a) or (top − d, b), whichever is larger
  let vx = b, vy = top - a;
  if (Math.hypot(vx, vy) < Math.abs(top - d)) { vx = top - d; vy = b; }
  const s = Math.hypot(vx, vy);
  vx /= s; vy /= s;
  if (vx < 0 || (vx === 0 && vy < 0)) { vx = -vx; vy = -vy; }
  return [vx + 0, vy + 0];
}

/**
 * |w_i| and |w_i · ê(E)| of a non-affine velocity (any translation gauge: the mean is removed
 * first, on a copy).
 * @param w 2N, x, y interleaved (λ per unit strain), for the deformation E (sign included)
 * @param E row-major 2×2
 * @returns two Float64Array(N)
 */
export function nonAffineFields(w: Float64Array, E: Float64Array): { magnitude: Float64Array; along: Float64Array } {
  expectFloat64Array('w', w);
  expectEvenLength('w', w);
  const [ex, ey] = extensionAxis(E);
  const v = removeTranslation(Float64Array.from(w));
  const n = v.length / 2;
  const magnitude = new Float64Array(n), along = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    magnitude[i] = Math.hypot(v[2 * i], v[2 * i + 1]);
    along[i] = Math.abs(v[2 * i] * ex + v[2 * i + 1] * ey);
  }
  return { magnitude, along };
}

/**
 * w = −M⁺Ξ(E) for each E, from one factorization of the pinned Hessian (particle
 * `pinned` held fixed; the pinned solve solves the free system because Ξ has no net force),
 * translation-free (Σ_i w_i = 0). Use localHeatCapacity's `nonAffine` instead when you
 * compute c_α anyway: it is the same field from the same factor.
 * @param config a configuration at an energy minimum
 * @param deformations E per entry, row-major 2×2
 * @returns one Float64Array(2N) per deformation (λ per unit strain)
 * @throws CholmodError CHOLMOD_NOT_POSDEF when the Hessian is not positive definite
 */
export function nonAffineVelocity(
  config: Configuration, deformations: readonly Float64Array[], options: { model?: Model; pinned?: number } = {},
): Float64Array[] {
  deformations.forEach((E, k) => expectMatrix2(`deformations[${k}]`, E));
  const model = options.model ?? modelOfConfiguration(config);
  const pinned = options.pinned ?? DEFAULT_PINNED;
  const pairs = findPairs(config, model);
  const K = pairTensors(pairs, model, 2).K!;
  const pattern = hessianPattern(pairs, config.n, pinned);
  const factor = SparseCholesky.analyze(pattern, { ordering: 'metis' });
  try {
    factor.factorize(hessian(pairs, K, config.n, pinned).values);
    return deformations.map((E) => {
      const x = expandPinned(pattern, factor.solve(restrictPinned(pattern, mismatchForces(pairs, K, E))));
      for (let k = 0; k < x.length; k++) x[k] = -x[k];
      return removeTranslation(x);
    });
  } finally {
    factor.dispose();
  }
}
