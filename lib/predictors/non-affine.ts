/**
 * The non-affine velocity of linear response to an imposed shear and the two indicators
 * built on it (docs/predictors.md).
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
import { expectAllFinite, expectEvenLength, expectFloat64Array, expectMatrix2 } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Subtracts the mean of each of the d components in place (the gauge Σ_i w_i = 0). Returns w (dN, components interleaved). */
export function removeTranslation(w: Float64Array, d: 2 | 3 = 2): Float64Array {
  const n = w.length / d;
  if (d === 2) {
    let mx = 0, my = 0;
    for (let i = 0; i < n; i++) { mx += w[2 * i]; my += w[2 * i + 1]; }
    mx /= n; my /= n;
    for (let i = 0; i < n; i++) { w[2 * i] -= mx; w[2 * i + 1] -= my; }
    return w;
  }
  for (let a = 0; a < d; a++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += w[d * i + a];
    m /= n;
    for (let i = 0; i < n; i++) w[d * i + a] -= m;
  }
  return w;
}

/**
 * ê(E): unit eigenvector of the largest eigenvalue of (E + Eᵀ)/2, sign fixed so that its
 * first non-zero component is positive. For an isotropic strain rate (no unique axis)
 * returns (1, 0) (2D) or (1, 0, 0) (3D). 3D presets: simple± (1, ±1, 0)/√2, pure+ (1, 0, 0),
 * pure− (0, 1, 0), simple-xz+ (1, 0, 1)/√2, simple-yz+ (0, 1, 1)/√2.
 * @param E row-major 2×2 or 3×3 (dH/dγ)
 */
export function extensionAxis(E: Float64Array): number[] {
  if (E instanceof Float64Array && E.length === 9) return extensionAxis3(E);
  expectMatrix2('E', E);
  expectAllFinite('E', E);
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
 * @param w dN, the d components of each particle interleaved (λ per unit strain), for the
 *   deformation E (sign included); d from E
 * @param E row-major d×d (2×2 or 3×3)
 * @returns two Float64Array(N)
 */
export function nonAffineFields(w: Float64Array, E: Float64Array): { magnitude: Float64Array; along: Float64Array } {
  expectFloat64Array('w', w);
  const e = extensionAxis(E);
  const d = e.length as 2 | 3;
  if (d === 2) expectEvenLength('w', w);
  else if (w.length % d !== 0) throw new ArgumentRangeError(`w: expected ${d} components per particle (length a multiple of ${d}), got length ${w.length}`);
  const v = removeTranslation(Float64Array.from(w), d);
  const n = v.length / d;
  const magnitude = new Float64Array(n), along = new Float64Array(n);
  if (d === 2) {
    const [ex, ey] = e;
    for (let i = 0; i < n; i++) {
      magnitude[i] = Math.hypot(v[2 * i], v[2 * i + 1]);
      along[i] = Math.abs(v[2 * i] * ex + v[2 * i + 1] * ey);
    }
    return { magnitude, along };
  }
  for (let i = 0; i < n; i++) {
    magnitude[i] = Math.hypot(v[3 * i], v[3 * i + 1], v[3 * i + 2]);
    along[i] = Math.abs(v[3 * i] * e[0] + v[3 * i + 1] * e[1] + v[3 * i + 2] * e[2]);
  }
  return { magnitude, along };
}

/**
 * ê of a 3×3 E: the eigenvector of the largest eigenvalue of S = (E + Eᵀ)/2 by cyclic
 * Jacobi rotations (exact to rounding for any symmetric 3×3; a few sweeps).
 */
function extensionAxis3(E: Float64Array): number[] {
  expectAllFinite('E', E);
  const S = [0, 1, 2].map((r) => [0, 1, 2].map((c) => (E[3 * r + c] + E[3 * c + r]) / 2));
  const V = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = S[0][1] ** 2 + S[0][2] ** 2 + S[1][2] ** 2;
    if (off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      if (S[p][q] === 0) continue;
      // Rotation in the (p, q) plane that zeroes S[p][q]: tan 2θ = 2 S_pq / (S_qq − S_pp).
      const theta = (S[q][q] - S[p][p]) / (2 * S[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < 3; k++) {
        const skp = S[k][p], skq = S[k][q];
        S[k][p] = c * skp - s * skq; S[k][q] = s * skp + c * skq;
      }
      for (let k = 0; k < 3; k++) {
        const spk = S[p][k], sqk = S[q][k];
        S[p][k] = c * spk - s * sqk; S[q][k] = s * spk + c * sqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = V[k][p], vkq = V[k][q];
        V[k][p] = c * vkp - s * vkq; V[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const diag = [S[0][0], S[1][1], S[2][2]];
  const top = Math.max(...diag);
  // Isotropic (no unique largest eigenvalue along one axis of three equal ones): (1, 0, 0).
  if (diag.every((x) => x === top)) return [1, 0, 0];
  const col = diag.indexOf(top);
  const v = [V[0][col], V[1][col], V[2][col]];
  const norm = Math.hypot(v[0], v[1], v[2]);
  const first = v.find((x) => Math.abs(x) > 1e-15 * norm) ?? 1;
  const sign = first < 0 ? -1 : 1;
  return v.map((x) => (Math.abs(x) > 1e-15 * norm ? (sign * x) / norm : 0));
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
