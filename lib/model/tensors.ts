/**
 * Cartesian derivative tensors of a radial pair energy φ(|r|) with respect to the 2D bond
 * vector r (docs/design.md §4: g = ∇φ, K = ∇∇φ, T = ∇³φ, Q = ∇⁴φ).
 *
 * With the reduced radial functions A_k = (r⁻¹ d/dr)^k φ (./radial.ts) and ∂_c r_a = δ_ac,
 * ∂_c A_k = A_{k+1} r_c, the closed forms are
 *   g_a    = A1 r_a                                              (= φ' n_a)
 *   K_ab   = A2 r_a r_b + A1 δ_ab                                (= φ'' n_a n_b + (φ'/r)(δ_ab − n_a n_b))
 *   T_abc  = A3 r_a r_b r_c + A2 (δ_ab r_c + δ_ac r_b + δ_bc r_a)
 *   Q_abcd = A4 r_a r_b r_c r_d
 *          + A3 (δ_ab r_c r_d + δ_ac r_b r_d + δ_ad r_b r_c + δ_bc r_a r_d + δ_bd r_a r_c + δ_cd r_a r_b)
 *          + A2 (δ_ab δ_cd + δ_ac δ_bd + δ_ad δ_bc)
 * (each is the gradient of the previous one; all fully symmetric).
 * Flat layouts (row-major): g[a] (2), K[2a+b] (4), T[4a+2b+c] (8), Q[8a+4b+2c+d] (16).
 * Units: g ε/λ, K ε/λ², T ε/λ³, Q ε/λ⁴.
 *
 * The `*FromRadial` writers are hot-path helpers (no validation, write at offset o).
 */
import type { Model } from './model.js';
import { reducedRadialUnchecked } from './radial.js';
import { expectTypedArray, expectNumber } from '../validate.js';

/** g = A1 r into out[o..o+1]. */
export function gradFromRadial(rx: number, ry: number, a1: number, out: Float64Array, o: number): void {
  out[o] = a1 * rx;
  out[o + 1] = a1 * ry;
}

/** K = A2 r rᵀ + A1 I into out[o..o+3] (row-major). */
export function hessFromRadial(rx: number, ry: number, a1: number, a2: number, out: Float64Array, o: number): void {
  const xy = a2 * rx * ry;
  out[o] = a2 * rx * rx + a1;
  out[o + 1] = xy;
  out[o + 2] = xy;
  out[o + 3] = a2 * ry * ry + a1;
}

/** T_abc = A3 r_a r_b r_c + A2 (δ_ab r_c + δ_ac r_b + δ_bc r_a) into out[o + 4a+2b+c]. */
export function thirdFromRadial(rx: number, ry: number, a2: number, a3: number, out: Float64Array, o: number): void {
  for (let k = 0; k < 8; k++) {
    const a = k >> 2, b = (k >> 1) & 1, c = k & 1; // k = 4a + 2b + c
    const ra = a === 0 ? rx : ry, rb = b === 0 ? rx : ry, rc = c === 0 ? rx : ry;
    let s = a3 * ra * rb * rc;
    if (a === b) s += a2 * rc;
    if (a === c) s += a2 * rb;
    if (b === c) s += a2 * ra;
    out[o + k] = s;
  }
}

/** Q_abcd (see module doc) into out[o + 8a+4b+2c+d]. */
export function fourthFromRadial(
  rx: number, ry: number, a2: number, a3: number, a4: number, out: Float64Array, o: number,
): void {
  for (let k = 0; k < 16; k++) {
    const a = k >> 3, b = (k >> 2) & 1, c = (k >> 1) & 1, d = k & 1; // k = 8a + 4b + 2c + d
    const ra = a === 0 ? rx : ry, rb = b === 0 ? rx : ry, rc = c === 0 ? rx : ry, rd = d === 0 ? rx : ry;
    let s = a4 * ra * rb * rc * rd;
    if (a === b) s += a3 * rc * rd + (c === d ? a2 : 0);
    if (a === c) s += a3 * rb * rd + (b === d ? a2 : 0);
    if (a === d) s += a3 * rb * rc + (b === c ? a2 : 0);
    if (b === c) s += a3 * ra * rd;
    if (b === d) s += a3 * ra * rc;
    if (c === d) s += a3 * ra * rb;
    out[o + k] = s;
  }
}

/** All derivative tensors of one bond. */
export interface BondTensors {
  /** φ (ε). */
  phi: number;
  /** ∇φ, Float64Array(2). */
  g: Float64Array;
  /** ∇∇φ, Float64Array(4) row-major. */
  K: Float64Array;
  /** ∇³φ, Float64Array(8), index 4a+2b+c. */
  T: Float64Array;
  /** ∇⁴φ, Float64Array(16), index 8a+4b+2c+d. */
  Q: Float64Array;
}

/**
 * φ, g, K, T, Q of one bond vector r (Float64Array(2), λ units) for pair type t; zero
 * beyond the cutoff. Convenience/reference routine (allocates); bulk routines live in
 * lib/hessian.
 */
export function bondTensors(model: Model, t: number, r: Float64Array): BondTensors {
  expectNumber('t', t, { integer: true, min: 0, max: model.nSpecies * model.nSpecies - 1 });
  expectTypedArray('r', r, Float64Array, 2);
  const a = new Float64Array(5);
  reducedRadialUnchecked(model, t, r[0] * r[0] + r[1] * r[1], 4, a, 0);
  const res: BondTensors = {
    phi: a[0],
    g: new Float64Array(2),
    K: new Float64Array(4),
    T: new Float64Array(8),
    Q: new Float64Array(16),
  };
  gradFromRadial(r[0], r[1], a[1], res.g, 0);
  hessFromRadial(r[0], r[1], a[1], a[2], res.K, 0);
  thirdFromRadial(r[0], r[1], a[2], a[3], res.T, 0);
  fourthFromRadial(r[0], r[1], a[2], a[3], a[4], res.Q, 0);
  return res;
}
