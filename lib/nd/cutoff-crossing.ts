/**
 * The nearest cutoff crossing along a strain path of a d-dimensional glass (docs/design.md §10
 * "Cutoff crossings"; the d-generic twin of lib/lhc/cutoff-crossing.ts, same linear
 * prediction): a bond r_α = x_j − x_i moves as
 *   d|r_α|/dγ = r̂_α · ṙ_α,   ṙ_α = E r_α + u_j − u_i,
 * with u = dx/dγ − E x the non-affine velocity (LhcResult.nonAffine, d·N). A pair at
 * distance r from its cutoff r_c crosses at γ* = (r_c − r) / (d|r|/dγ) when that is positive,
 * in the direction of strain `sign`. Pairs are searched within r_c + skin (the skin clipped
 * so that minimum image stays exact in the cell), so crossings below
 * `reach` = skin / max_α |ṙ_α| are all seen; beyond it none is claimed.
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import type { CutoffCrossing } from '../lhc/cutoff-crossing.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { widenedLaw, type NdLaw } from './law.js';
import { findPairsNd } from './pairs.js';
import { ArgumentRangeError } from '../errors.js';

/** Default search margin beyond the cutoff (λ), as in 2D. */
export const ND_CROSSING_SKIN = 0.3;

/**
 * The nearest cutoff crossing of `config` (d = 2, 3) strained along E in the direction `sign`.
 * @param E          deformation dH/dγ (d×d row-major)
 * @param nonAffine  u = dx/dγ − E x (d·N) of the same deformation
 */
export function nearestCutoffCrossingNd(
  config: Configuration, nl: NdLaw, E: ArrayLike<number>, nonAffine: Float64Array, sign: 1 | -1, skin = ND_CROSSING_SKIN,
): CutoffCrossing {
  const d = dimensionOf(config), n = config.n;
  if (nonAffine.length !== d * n) throw new ArgumentRangeError(`nonAffine: expected length ${d * n} (${d}·N), got ${nonAffine.length}`);
  if (E.length !== d * d) throw new ArgumentRangeError(`E: expected a ${d}×${d} matrix (${d * d} entries), got ${E.length}`);
  // Minimum image is exact below half the smallest width: the skin shrinks in small cells.
  const room = 0.5 * imagingBasis(config.cell).minWidth - nl.maxCutoff;
  const margin = Math.max(0, Math.min(skin, room * (1 - 1e-9)));
  const pairs = findPairsNd(config, widenedLaw(nl, margin));
  const best: CutoffCrossing = { gamma: Infinity, i: -1, j: -1, entering: false, reach: Infinity };
  const rdot = new Float64Array(d);
  let maxRate = 0;
  for (let a = 0; a < pairs.count; a++) {
    const i = pairs.i[a]!, j = pairs.j[a]!;
    let len2 = 0, rate = 0, speed2 = 0;
    for (let k = 0; k < d; k++) {
      let v = nonAffine[d * j + k]! - nonAffine[d * i + k]!;
      for (let l = 0; l < d; l++) v += E[k * d + l]! * pairs.r[d * a + l]!;
      rdot[k] = v;
      speed2 += v * v;
      len2 += pairs.r[d * a + k]! ** 2;
      rate += pairs.r[d * a + k]! * v;
    }
    const len = Math.sqrt(len2);
    maxRate = Math.max(maxRate, Math.sqrt(speed2));
    rate = (sign * rate) / len; // d|r|/d(sign·γ)
    const rc = nl.law.cutoff(nl.keys[i]!, nl.keys[j]!);
    const inside = len < rc;
    if (inside ? rate <= 0 : rate >= 0) continue;
    const gamma = (rc - len) / rate;
    if (gamma < best.gamma) {
      best.gamma = gamma; best.i = i; best.j = j; best.entering = !inside;
    }
  }
  best.reach = maxRate > 0 ? margin / maxRate : Infinity;
  if (best.gamma > best.reach) {
    best.gamma = Infinity; best.i = -1; best.j = -1;
  }
  return best;
}
