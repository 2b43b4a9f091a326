/**
 * Interacting pairs (docs/design.md §4 notation): α = (i, j), i < j, with minimum-image bond
 * vector r_α = x_j − x_i = D_α x and |r_α| < x_c λ_{s_i s_j} (Eq. S1 cutoff).
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/model.js';
import { expectTypedArray, expectConfiguration, describe, COINCIDENT_DISTANCE2, coincidentPairError } from '../validate.js';
import { checkCellSize, type NeighborList } from '../space/neighbor-list.js';
import { neighborListFor } from './neighbor-list-for.js';
import { createReducedCell, type ReducedCell, reduceCellUnchecked } from '../space/reduce.js';
import { roundImageUnchecked } from '../space/min-image.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Scratch: the image of the candidate pair being tested. */
const IMAGE = new Float64Array(2);

/**
 * Pair list, sorted by (i, j) with i < j. Arrays may have spare capacity: only the first
 * `count` entries (2·count for r) are meaningful.
 */
export interface PairList {
  /** Number of pairs. */
  count: number;
  /** Number of particles N of the configuration. */
  nParticles: number;
  /** First particle i (Int32Array, ≥ count). */
  i: Int32Array;
  /** Second particle j > i (Int32Array, ≥ count). */
  j: Int32Array;
  /** r_α = x_j − x_i (minimum image), interleaved, Float64Array(≥ 2·count), λ. */
  r: Float64Array;
  /** Pair type s_i·nSpecies + s_j (Uint8Array, ≥ count). */
  sp: Uint8Array;
}

/** An empty PairList with the given capacity. */
export function createPairList(capacity = 0): PairList {
  return {
    count: 0, nParticles: 0,
    i: new Int32Array(capacity), j: new Int32Array(capacity),
    r: new Float64Array(2 * capacity), sp: new Uint8Array(capacity),
  };
}

function grow(p: PairList, need: number): void {
  if (p.i.length >= need) return;
  const cap = Math.max(need, Math.ceil(p.i.length * 1.5) + 16);
  const i = new Int32Array(cap), j = new Int32Array(cap), sp = new Uint8Array(cap), r = new Float64Array(2 * cap);
  i.set(p.i.subarray(0, p.count)); j.set(p.j.subarray(0, p.count));
  sp.set(p.sp.subarray(0, p.count)); r.set(p.r.subarray(0, 2 * p.count));
  p.i = i; p.j = j; p.sp = sp; p.r = r;
}

/** Validates a PairList record and its capacity. */
export function checkPairList(name: string, pairs: unknown): PairList {
  if (typeof pairs !== 'object' || pairs === null) {
    throw new ArgumentTypeError(`${name}: expected PairList, got ${describe(pairs)}`);
  }
  const p = pairs as PairList;
  if (!Number.isInteger(p.count) || p.count < 0) throw new ArgumentRangeError(`${name}.count: expected integer >= 0, got ${p.count}`);
  expectTypedArray(`${name}.i`, p.i, Int32Array, p.count, true);
  expectTypedArray(`${name}.j`, p.j, Int32Array, p.count, true);
  expectTypedArray(`${name}.r`, p.r, Float64Array, 2 * p.count, true);
  expectTypedArray(`${name}.sp`, p.sp, Uint8Array, p.count, true);
  return p;
}

/**
 * All interacting pairs of a configuration: i < j, r_α = x_j − x_i minimum image,
 * |r_α| < r_c of the pair type; sorted by (i, j).
 * @param nl   optional Verlet list (cutoff ≥ model.maxCutoff), brought up to date here
 *             (rebuilt if needed); without it a temporary cell list is used.
 * @param out  optional PairList to refill (no allocation unless it must grow)
 * @throws RangeError when the reduced cell's smallest width is ≤ 2·maxCutoff (a pair
 *         could interact through two images)
 */
export function findPairs(config: Configuration, model: Model, nl?: NeighborList, out?: PairList): PairList {
  const list = neighborListFor(config, model, nl);
  const res = out ?? createPairList(list.count);
  if (out !== undefined) checkPairList('out', out);
  const rc = reduceCellUnchecked(config.cell, list.rcell);
  checkCellSize(rc, model.maxCutoff, 'cutoff', config.n);
  const x = config.positions, species = config.species, ns = model.nSpecies;
  const cut2 = model.cutoff2, r = IMAGE;
  grow(res, list.count);
  res.count = 0;
  res.nParticles = config.n;
  let c = 0;
  for (let i = 0; i < config.n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1], ti = species[i] * ns;
    for (let k = list.offsets[i], e = list.offsets[i + 1]; k < e; k++) {
      const j = list.neighbors[k];
      const t = ti + species[j];
      const r2 = roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, r, 0);
      if (r2 < cut2[t]) {
        if (r2 < COINCIDENT_DISTANCE2) throw coincidentPairError(i, j, r2);
        res.i[c] = i; res.j[c] = j; res.sp[c] = t;
        res.r[2 * c] = r[0]; res.r[2 * c + 1] = r[1];
        c++;
      }
    }
  }
  res.count = c;
  return res;
}

const scratchCell: ReducedCell = createReducedCell();

/**
 * Recomputes r_α = x_j − x_i (minimum image) for a FIXED pair set, e.g. after a small
 * move or an affine strain step (pairs may then lie beyond their cutoff; their tensors
 * are zero). In place; returns pairs.
 * @throws RangeError when the reduced cell's smallest width is ≤ 2·maxCutoff
 */
export function updatePairVectors(pairs: PairList, config: Configuration, model: Model): PairList {
  checkPairList('pairs', pairs);
  expectConfiguration('config', config, model.nSpecies);
  if (pairs.nParticles !== config.n) {
    throw new ArgumentRangeError(`pairs.nParticles: expected ${config.n}, got ${pairs.nParticles}`);
  }
  const rc = reduceCellUnchecked(config.cell, scratchCell);
  checkCellSize(rc, model.maxCutoff, 'cutoff', config.n);
  const x = config.positions;
  for (let a = 0; a < pairs.count; a++) {
    const i = pairs.i[a], j = pairs.j[a];
    roundImageUnchecked(rc, x[2 * j] - x[2 * i], x[2 * j + 1] - x[2 * i + 1], pairs.r, 2 * a);
  }
  return pairs;
}
