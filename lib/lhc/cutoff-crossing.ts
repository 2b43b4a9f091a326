/**
 * The nearest cutoff crossing along a strain path (docs/design.md §10 "Cutoff crossings").
 *
 * The pair laws are smooth only to order q at the cutoff, so c_α or dc_α/dγ jumps when a
 * pair enters or leaves the cutoff under strain; a finite-difference check across such a
 * crossing compares the analytic derivative with a jump. To first order in γ the bond
 * length moves as
 *   d|r_α|/dγ = r̂_α · ṙ_α,   ṙ_α = E r_α + u_j − u_i,
 * with u = dx/dγ − E x the non-affine velocity of the response (LhcResult.nonAffine). A
 * pair at distance r from its cutoff r_c crosses at γ* = (r_c − r) / (d|r|/dγ) when that is
 * positive (inside and moving out, or outside and moving in), in the direction of strain
 * `sign`. Pairs are searched within r_c + skin, so crossings are found for every strain
 * below `reach` = skin / max_α |ṙ_α| (reported); beyond it none is claimed. A cell too narrow
 * for the skin (wider than 2·cutoff) searches with 0.8 of the room it has.
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/index.js';
import { buildNeighborList, createNeighborList, reduceCell } from '../space/index.js';
import { roundImageUnchecked } from '../space/min-image.js';
import { ArgumentRangeError } from '../errors.js';

/** The first pair to cross its cutoff, to linear order in γ. */
export interface CutoffCrossing {
  /** Strain |γ*| of the crossing (Infinity when no pair crosses below `reach`). */
  gamma: number;
  /** The pair (i < j), −1 when none. */
  i: number;
  j: number;
  /** True when the pair enters the cutoff, false when it leaves it. */
  entering: boolean;
  /** Strain below which every crossing is seen: skin / max rate (Infinity when nothing moves). */
  reach: number;
  /** Which way of straining meets it (validateResponse: −1 when the nearer crossing of central differences is at −γ*; absent: +γ*). */
  sign?: 1 | -1;
}

/** Default search margin beyond the cutoff (λ). */
export const CROSSING_SKIN = 0.3;

/**
 * The nearest cutoff crossing of `config` strained along E in the direction `sign`.
 * @param E          deformation dH/dγ (2×2 row-major)
 * @param nonAffine  u = dx/dγ − E x (2N) of the same deformation (LhcResult.nonAffine[name])
 */
export function nearestCutoffCrossing(
  config: Configuration, model: Model, E: ArrayLike<number>, nonAffine: Float64Array, sign: 1 | -1, skin = CROSSING_SKIN,
): CutoffCrossing {
  const n = config.n;
  if (nonAffine.length !== 2 * n) throw new ArgumentRangeError(`nonAffine: expected length ${2 * n}, got ${nonAffine.length}`);
  // A cell narrower than 2·(cutoff + skin) (ipl N = 18–22, which lhc analyses) gets a thinner
  // skin, 0.8 of what fits, as the minimizers' lists: a shorter reach, said in `reach`.
  const room = reduceCell(Float64Array.from(config.cell)).minWidth / 2 - model.maxCutoff;
  if (room > 0 && skin >= room) skin = 0.8 * room;
  const nl = buildNeighborList(createNeighborList(n, { cutoff: model.maxCutoff, skin }), config);
  const x = config.positions, sp = config.species, ns = model.nSpecies;
  const r = new Float64Array(2);
  const best: CutoffCrossing = { gamma: Infinity, i: -1, j: -1, entering: false, reach: Infinity };
  let maxRate = 0;
  for (let i = 0; i < n; i++) {
    for (let k = nl.offsets[i]!; k < nl.offsets[i + 1]!; k++) {
      const j = nl.neighbors[k]!;
      const r2 = roundImageUnchecked(nl.rcell, x[2 * j]! - x[2 * i]!, x[2 * j + 1]! - x[2 * i + 1]!, r, 0);
      const len = Math.sqrt(r2);
      const rdx = E[0]! * r[0]! + E[1]! * r[1]! + nonAffine[2 * j]! - nonAffine[2 * i]!;
      const rdy = E[2]! * r[0]! + E[3]! * r[1]! + nonAffine[2 * j + 1]! - nonAffine[2 * i + 1]!;
      maxRate = Math.max(maxRate, Math.hypot(rdx, rdy));
      const rate = (sign * (r[0]! * rdx + r[1]! * rdy)) / len; // d|r|/d(sign·γ)
      const rc = model.cutoff[sp[i]! * ns + sp[j]!]!;
      const inside = len < rc;
      if (inside ? rate <= 0 : rate >= 0) continue;
      const gamma = (rc - len) / rate;
      if (gamma < best.gamma) {
        best.gamma = gamma; best.i = i; best.j = j; best.entering = !inside;
      }
    }
  }
  best.reach = maxRate > 0 ? skin / maxRate : Infinity;
  if (best.gamma > best.reach) {
    best.gamma = Infinity; best.i = -1; best.j = -1;
  }
  return best;
}
