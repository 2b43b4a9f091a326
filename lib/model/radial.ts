/**
 * Radial functions of the pair law (Eq. S1; docs/design.md §1).
 *
 * Two routes, used to check each other in tests:
 * - `radialDerivatives`: φ^(k)(r) = d^kφ/dr^k directly from the power laws
 *     φ^(k)(r) = ε λ^n (−n)(−n−1)…(−n−k+1) r^{−n−k} + Σ_ℓ ε c_{2ℓ} λ^{−2ℓ} (2ℓ)(2ℓ−1)…(2ℓ−k+1) r^{2ℓ−k}.
 * - `reducedRadial`: A_k = (r⁻¹ d/dr)^k φ as functions of u = r² (no cancellation, no
 *   square root), the building blocks of the Cartesian tensors (see ./tensors.ts):
 *     A_0 = φ,  A_1 = φ'/r,  A_2 = (φ'' − φ'/r)/r²,  A_{k+1} = r⁻¹ dA_k/dr,
 *   and conversely φ' = r A_1, φ'' = A_1 + r² A_2, φ''' = 3 r A_2 + r³ A_3,
 *   φ'''' = 3 A_2 + 6 r² A_3 + r⁴ A_4.
 * Units: energy ε, length λ; A_k has units ε λ^{−2k}.
 */
import { portablePow } from '../portable/index.js';
import { RADIAL_ORDER, type Model } from './model.js';
import { expectNumber, expectOut } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** u^{−n/2}: integer power by multiplication for even n (the default n = 10), else Math.pow. */
export function invHalfPow(u: number, n: number): number {
  if ((n & 1) === 0 && n <= 64) {
    const inv = 1 / u;
    let p = 1;
    for (let k = n >> 1; k > 0; k--) p *= inv;
    return p;
  }
  return portablePow(u, -0.5 * n);
}

function checkType(model: Model, t: number): void {
  expectNumber('t', t, { integer: true, min: 0, max: model.nSpecies * model.nSpecies - 1 });
}

/**
 * φ^(k)(r) for k = 0..order at distance r for pair type t (direct route, any order).
 * Zero for r > r_c = x_c λ_t; the analytic expression is used for r ≤ r_c (Eq. S1).
 * @param model  the model
 * @param t      pair type s_i·nSpecies + s_j
 * @param r      distance (λ units), > 0
 * @param order  highest derivative (default 4)
 * @param out    optional Float64Array(order+1)
 * @returns out: [φ, φ', …, φ^(order)] in ε λ^{−k}
 */
export function radialDerivatives(model: Model, t: number, r: number, order = 4, out?: Float64Array): Float64Array {
  checkType(model, t);
  expectNumber('r', r, { min: 0, exclusiveMin: true });
  expectNumber('order', order, { integer: true, min: 0, max: 64 });
  const res = expectOut('out', out, order + 1);
  res.fill(0, 0, order + 1);
  if (r > model.cutoff[t]) return res;
  if (model.reduced !== undefined) {
    // Another law: its own exact derivatives (to 4th order, docs/design.md §10).
    if (order > 4) throw new ArgumentRangeError(`order: expected <= 4 for the '${model.law.name}' law, got ${order}`);
    const ns = model.nSpecies;
    const v = model.law.radial(Math.floor(t / ns), t % ns, r, new Float64Array(5));
    res.set(v.subarray(0, order + 1));
    return res;
  }
  const { n, q } = model;
  for (let k = 0; k <= order; k++) {
    let f = 1;
    for (let i = 0; i < k; i++) f *= -n - i;
    let s = model.ipl[t] * f * portablePow(r, -n - k);
    for (let l = 0; l <= q; l++) {
      let g = 1;
      for (let i = 0; i < k; i++) g *= 2 * l - i;
      if (g !== 0) s += model.poly[t * (q + 1) + l] * g * portablePow(r, 2 * l - k);
    }
    res[k] = s;
  }
  return res;
}

/**
 * Reduced radial functions A_k(u = r²), k = 0..kmax (kmax ≤ 4), written to out[o..o+kmax].
 * Zero for u ≥ r_c². No validation (hot path): t, u, out are trusted. A model of another
 * law (Model.reduced set) evaluates its own law instead.
 *   A_k(u) = aIpl_{t,k} u^{−n/2−k} + Σ_m aPoly_{t,k,m} u^m   (coefficients in Model.aIpl/aPoly)
 */
export function reducedRadialUnchecked(model: Model, t: number, u: number, kmax: number, out: Float64Array, o: number): void {
  if (model.reduced !== undefined) {
    model.reduced(t, u, kmax, out, o);
    return;
  }
  if (u >= model.cutoff2[t]) {
    for (let k = 0; k <= kmax; k++) out[o + k] = 0;
    return;
  }
  const q = model.q;
  const K1 = RADIAL_ORDER + 1;
  const inv = 1 / u;
  let ipw = invHalfPow(u, model.n);
  for (let k = 0; k <= kmax; k++) {
    const base = (t * K1 + k) * (q + 1);
    let s = 0;
    for (let m = q - k; m >= 0; m--) s = s * u + model.aPoly[base + m];
    out[o + k] = model.aIpl[t * K1 + k] * ipw + s;
    ipw *= inv;
  }
}

/**
 * Validated wrapper of `reducedRadialUnchecked`: A_k at distance r for k = 0..kmax.
 * @returns out: Float64Array(kmax+1), A_k in ε λ^{−2k}
 */
export function reducedRadial(model: Model, t: number, r: number, kmax = RADIAL_ORDER, out?: Float64Array): Float64Array {
  checkType(model, t);
  expectNumber('r', r, { min: 0, exclusiveMin: true });
  expectNumber('kmax', kmax, { integer: true, min: 0, max: RADIAL_ORDER });
  const res = expectOut('out', out, kmax + 1);
  reducedRadialUnchecked(model, t, r * r, kmax, res, 0);
  return res;
}

/** Pair energy φ_t(r) (ε); 0 beyond the cutoff. */
export function pairPotential(model: Model, t: number, r: number): number {
  checkType(model, t);
  expectNumber('r', r, { min: 0, exclusiveMin: true });
  const tmp = new Float64Array(1);
  reducedRadialUnchecked(model, t, r * r, 0, tmp, 0);
  return tmp[0];
}

