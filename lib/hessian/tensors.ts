/**
 * Per-pair derivative tensors of φ_α(r_α) for a whole PairList (docs/design.md §4):
 * φ_α, g_α = ∇φ, K_α = ∇∇φ, T_α = ∇³φ, Q_α = ∇⁴φ in r-space, closed forms in
 * lib/model/tensors.ts. Flat layouts per pair α: g[2α+a], K[4α+2a+b], T[8α+4a+2b+c],
 * Q[16α+8a+4b+2c+d]. Units ε λ^{−k}. Zero for pairs beyond their cutoff.
 */
import { RADIAL_ORDER, type Model } from '../model/model.js';
import { reducedRadialUnchecked } from '../model/radial.js';
import { fourthFromRadial, gradFromRadial, hessFromRadial, thirdFromRadial } from '../model/tensors.js';
import { expectNumber, expectOut } from '../validate.js';
import { checkPairList, type PairList } from './pairs.js';

/** Tensors of every pair; arrays present up to the requested order. */
export interface PairTensors {
  count: number;
  /** φ_α, Float64Array(count). */
  phi: Float64Array;
  /** g_α (order ≥ 1), Float64Array(2·count). */
  g?: Float64Array;
  /** K_α (order ≥ 2), Float64Array(4·count). */
  K?: Float64Array;
  /** T_α (order ≥ 3), Float64Array(8·count). */
  T?: Float64Array;
  /** Q_α (order = 4), Float64Array(16·count). */
  Q?: Float64Array;
}

/**
 * φ, g, K, T, Q of every pair up to `order` (0…4; default 2 = φ, g, K).
 * @param out  optional record whose arrays are reused (must have the capacity)
 */
export function pairTensors(pairs: PairList, model: Model, order = 2, out?: Partial<PairTensors>): PairTensors {
  checkPairList('pairs', pairs);
  expectNumber('order', order, { integer: true, min: 0, max: RADIAL_ORDER });
  const m = pairs.count;
  const res: PairTensors = {
    count: m,
    phi: expectOut('out.phi', out?.phi, m),
  };
  if (order >= 1) res.g = expectOut('out.g', out?.g, 2 * m);
  if (order >= 2) res.K = expectOut('out.K', out?.K, 4 * m);
  if (order >= 3) res.T = expectOut('out.T', out?.T, 8 * m);
  if (order >= 4) res.Q = expectOut('out.Q', out?.Q, 16 * m);
  const a = new Float64Array(RADIAL_ORDER + 1);
  const { g, K, T, Q, phi } = res;
  for (let k = 0; k < m; k++) {
    const rx = pairs.r[2 * k], ry = pairs.r[2 * k + 1];
    reducedRadialUnchecked(model, pairs.sp[k], rx * rx + ry * ry, order, a, 0);
    phi[k] = a[0];
    if (g !== undefined) gradFromRadial(rx, ry, a[1], g, 2 * k);
    if (K !== undefined) hessFromRadial(rx, ry, a[1], a[2], K, 4 * k);
    if (T !== undefined) thirdFromRadial(rx, ry, a[2], a[3], T, 8 * k);
    if (Q !== undefined) fourthFromRadial(rx, ry, a[2], a[3], a[4], Q, 16 * k);
  }
  return res;
}
