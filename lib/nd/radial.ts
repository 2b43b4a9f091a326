/**
 * Per-pair radial scalars of a d-dimensional pair list: φ and the reduced radial
 * derivatives A_k = (r⁻¹ d/dr)^k φ, k = 1…4, from the law's φ', …, φ'''' at r = |r_α|:
 *
 *   A1 = φ'/r,  A2 = (φ'' − A1)/r²,  A3 = (φ''' − 3 r A2)/r³,  A4 = (φ'''' − 3 A2 − 6 r² A3)/r⁴
 *
 * (inverting φ' = r A1, φ'' = A1 + r² A2, φ''' = 3 r A2 + r³ A3, φ'''' = 3 A2 + 6 r² A3 + r⁴ A4;
 * dA_k/dr = r A_{k+1}). Every Cartesian tensor of the pair follows from A_k and r_α in any
 * dimension (lib/nd/contractions.ts): g = A1 r, K = A2 r rᵀ + A1 I, …
 * Layout: Float64Array(5·count), [φ, A1, A2, A3, A4] per pair; units ε λ^{−2k} for A_k.
 */
import type { NdLaw } from './law.js';
import type { NdPairList } from './pairs.js';

/** Number of scalars stored per pair. */
export const RADIAL_STRIDE = 5;

/**
 * [φ, A1, A2, A3, A4] of every pair; entries above `order` are left 0 (order 1: φ, A1 —
 * energy and forces; order 4: everything the response needs).
 */
export function pairRadial(pairs: NdPairList, law: NdLaw, order = 4): Float64Array {
  const { d, count, r } = pairs;
  const out = new Float64Array(RADIAL_STRIDE * count);
  const f = new Float64Array(5);
  const keys = law.keys, radial = law.law.radial.bind(law.law);
  for (let a = 0; a < count; a++) {
    let u = 0;
    for (let k = 0; k < d; k++) u += r[d * a + k]! ** 2;
    const rr = Math.sqrt(u);
    radial(keys[pairs.i[a]!]!, keys[pairs.j[a]!]!, rr, f);
    const o = RADIAL_STRIDE * a;
    out[o] = f[0]!;
    if (order < 1) continue;
    const a1 = f[1]! / rr;
    out[o + 1] = a1;
    if (order < 2) continue;
    const a2 = (f[2]! - a1) / u;
    out[o + 2] = a2;
    if (order < 3) continue;
    const a3 = (f[3]! - 3 * rr * a2) / (u * rr);
    out[o + 3] = a3;
    if (order < 4) continue;
    out[o + 4] = (f[4]! - 3 * a2 - 6 * u * a3) / (u * u);
  }
  return out;
}
