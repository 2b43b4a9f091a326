/**
 * The interacting pairs of a d-dimensional glass from a candidate (Verlet) list kept
 * across nearby states — a strain path with small displacements, e.g. the states of one
 * AQS branch (lib/aqs/landscape-nd.ts) — instead of a new cell-list search per state.
 *
 * Build (at a reference state: cell h₀, positions x₀; the cost of one search with the
 * cutoffs widened): W = the pairs with |r| < r_c(i, j) + m (./pairs.ts findPairsNd on
 * ./law.ts widenedLaw), and the reduced coordinates s₀ = h₀⁻¹ x₀ (d·N).
 *
 * Validity at a state (h, x): with A = h₀ h⁻¹ and, per particle, the displacement
 * measured in the reference cell u_p = h₀ (δs_p − round(δs_p)), δs_p = h⁻¹ x_p − s₀_p,
 * a bond r = h t (t its reduced vector, any image) has at the reference state the image
 *   r₀ = h₀ (t − δs_j + δs_i) = A r − u_j + u_i   (integer shifts absorbed in the image),
 *   |r₀| ≤ |r| + ‖A − I‖_F |r| + |u_i| + |u_j|.
 * So every pair with |r| < r_c is in W as long as
 *   ‖A − I‖_F · r_max + u₁ + u₂ < m     (u₁ ≥ u₂ the two largest |u_p|, r_max = max r_c):
 * then |r₀| < r_c + m < w_min(B₀)/2 (B₀ the imaging basis of h₀, lib/space/lattice-basis.ts;
 * checked at the build), the rounded image at the build is that r₀ (lib/space/cell-nd.ts), and the
 * widened search listed the pair. Affine motion with the
 * cell leaves s unchanged; only the non-affine part and the change of the cell count. The
 * test keeps a relative slack of 1e-6·m, far above the rounding of s, u and A (~1e-14 λ).
 *
 * Exactness: the pairs kept are the listed pairs whose rounded image (lib/space/cell-nd.ts
 * roundedImage, with the same imaging basis B, B⁻¹ of the cell (lib/space/lattice-basis.ts) and
 * x) is shorter than r_c, compared with the same
 * r_c² as findPairsNd, which lists exactly the pairs i < j whose rounded image is shorter
 * than r_c (its cell-list argument, ./pairs.ts), i ascending and, per i, j ascending; W is
 * sorted the same way and filtering keeps that order, so no sort is needed. The list is
 * therefore findPairsNd's, pair for pair and bit for bit (order,
 * i, j and every component of r) — only faster: ~|W| images instead of the ~3^d cells'
 * candidates and a sort per particle.
 *
 * Units: λ. Shapes: x Float64Array(d·N) interleaved, h d×d row-major (lib/config.ts).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { applyLinear, inverse, roundedImage } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { pairCutoff2, widenedLaw, type NdLaw } from './law.js';
import { findPairsNd, type NdPairList } from './pairs.js';

/** A candidate list and the reference state it was built at (plain record; see the module doc). */
export interface NdPairCandidates {
  /** The law of the pairs wanted (not widened). */
  readonly law: NdLaw;
  /** Margin m beyond each cutoff (λ). */
  readonly margin: number;
  /** W: the pairs within r_c + m at the reference state, sorted by (i, j). */
  readonly list: NdPairList;
  /** Reference cell h₀ (copy, d×d row-major). */
  readonly cell: Float64Array;
  /** Reduced coordinates s₀ = h₀⁻¹ x₀ at the reference state, Float64Array(d·N). */
  readonly reduced: Float64Array;
}

/** Relative slack of the validity test (module doc). */
const SLACK = 1e-6;

/**
 * The candidate list of `config` (cell and positions: the reference state), or null when
 * the cell (its imaging basis, lib/space/lattice-basis.ts) is not wider than 2·(r_max + m), where
 * minimum image within r_c + m is not exact (the caller then searches every state with
 * findPairsNd).
 */
export function buildPairCandidates(config: Configuration, law: NdLaw, margin: number): NdPairCandidates | null {
  if (!(imagingBasis(config.cell).minWidth > 2 * (law.maxCutoff + margin))) return null;
  const cell = Float64Array.from(config.cell);
  return { law, margin, cell, list: findPairsNd(config, widenedLaw(law, margin)), reduced: applyLinear(inverse(cell), config.positions) };
}

/** Whether every pair of `config` within its cutoff is in the list: ‖A − I‖_F·r_max + u₁ + u₂ < m (module doc). */
export function candidatesHold(c: NdPairCandidates, config: Configuration): boolean {
  const d = dimensionOf(config), h0 = c.cell;
  const hinv = inverse(config.cell);
  let strain2 = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let v = a === b ? -1 : 0;
      for (let k = 0; k < d; k++) v += h0[a * d + k]! * hinv[k * d + b]!;
      strain2 += v * v;
    }
  }
  const budget = c.margin * (1 - SLACK) - Math.sqrt(strain2) * c.law.maxCutoff;
  if (!(budget > 0)) return false;
  const x = config.positions, s0 = c.reduced, n = x.length / d;
  const ds = new Float64Array(d);
  let u1 = 0, u2 = 0;
  for (let p = 0; p < n; p++) {
    for (let a = 0; a < d; a++) {
      let v = -s0[d * p + a]!;
      for (let b = 0; b < d; b++) v += hinv[a * d + b]! * x[d * p + b]!;
      ds[a] = v - Math.round(v);
    }
    let u2p = 0;
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b < d; b++) v += h0[a * d + b]! * ds[b]!;
      u2p += v * v;
    }
    const u = Math.sqrt(u2p);
    if (u > u1) {
      u2 = u1;
      u1 = u;
    } else if (u > u2) {
      u2 = u;
    }
    if (!(u1 + u2 < budget)) return false;
  }
  return true;
}

/**
 * The pairs of `config` within their cutoff, from a list that holds for it
 * ({@link candidatesHold}): equal to findPairsNd(config, c.law) in every bit (module doc).
 */
export function pairsFromCandidates(c: NdPairCandidates, config: Configuration): NdPairList {
  const d = dimensionOf(config), law = c.law, list = c.list;
  const { h, hinv } = imagingBasis(config.cell), x = config.positions;
  const pi = new Int32Array(list.count), pj = new Int32Array(list.count), pr = new Float64Array(d * list.count);
  const image = new Float64Array(d);
  const table = law.cutoff2, ns = law.law.nSpecies, keys = law.keys;
  let count = 0;
  for (let a = 0; a < list.count; a++) {
    const i = list.i[a]!, j = list.j[a]!;
    const r2 = roundedImage(d, h, hinv, x, i, j, image, 0);
    const cut2 = table !== undefined ? table[keys[i]! * ns + keys[j]!]! : pairCutoff2(law, i, j);
    if (!(r2 < cut2)) continue;
    pi[count] = i; pj[count] = j;
    for (let k = 0; k < d; k++) pr[d * count + k] = image[k]!;
    count++;
  }
  return { d, count, nParticles: config.n, i: pi.slice(0, count), j: pj.slice(0, count), r: pr.slice(0, d * count) };
}
