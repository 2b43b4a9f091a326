/**
 * The ranks λ of an ensemble's first plastic events (docs/design.md §7; paper Figs. 4, S2, S3):
 * per glass, the fields |c|, P⁺, P⁻ of each direction, binned over the undeformed cell and
 * ranked at the events of that direction (./predictability.ts `rankEvents`), and P⁺ of
 * each direction ranked at the events of the other shear mode (the extra curves of
 * Fig. S3). Also the pooled fields of Fig. 2.
 *
 * Shapes follow lib/config.ts: cell row-major [h00, h01, h10, h11] (columns are the cell
 * vectors), positions x, y interleaved (length 2N), interactions i < j (length M).
 * A 3D glass (3×3 cell, positions x, y, z interleaved, length 3N) is ranked the same way on
 * the cubic ξ-grid of ./grid-nd.ts (each bin averaged with its 26 neighbours); its dcdg
 * holds simple and pure (and simple-xz, simple-yz, unused here) for the "+" directions.
 */
import {
  DIRECTIONS_2D, MODES_2D, directionOf, minimumImageUnchecked, reduceCell, type Direction2D, type Mode2D,
} from '../space/index.js';
import { predictorFields, ranksOnGrid } from './predictability.js';
import { binIndices, neighbourAverage } from './grid.js';
import { binIndicesNd, binMeans, neighbourAverageNd, ranksOnGridNd } from './grid-nd.js';
import { inverse } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { ArgumentRangeError } from '../errors.js';

/** Where a first plastic event happened: its particle (index) and/or a position (λ). */
export interface EventLocation {
  particle?: number;
  /** Position in the undeformed glass; default: positions of `particle`. */
  position?: readonly number[] | Float64Array;
}
/** The first events of a glass by direction; missing ones are skipped. */
export type EventMap = Partial<Record<Direction2D, EventLocation | null | undefined>>;

/** One glass of an ensemble with its fields and first events (plain record). */
export interface GlassRecord {
  /** h, row-major [h00, h01, h10, h11] (columns = cell vectors); 3×3 (length 9) for a 3D glass. */
  cell: Float64Array;
  /** Undeformed positions, x, y[, z] interleaved, length dN. */
  positions: Float64Array;
  /** Interactions (i < j), length M. */
  i: Int32Array;
  j: Int32Array;
  /** c_α, length M. */
  c: Float64Array;
  /** dc_α/dγ for the "+" directions, length M each. */
  dcdg: Record<Mode2D, Float64Array>;
  /** First plastic events (particle and/or position in the undeformed glass); missing ones are skipped. */
  events: EventMap;
}

/** Position (λ) of each event present in `events`, wrapped into the cell. */
export function eventPositions(glass: { cell: Float64Array; positions: Float64Array }, events: EventMap): Partial<Record<Direction2D, [number, number]>> {
  const h = glass.cell;
  const det = h[0] * h[3] - h[1] * h[2];
  const out: Partial<Record<Direction2D, [number, number]>> = {};
  const n = glass.positions.length / 2;
  for (const dir of DIRECTIONS_2D) {
    const ev = events[dir];
    if (ev === undefined || ev === null) continue;
    let x: number, y: number;
    if (ev.position !== undefined) {
      if (ev.position.length !== 2 || !Number.isFinite(ev.position[0]) || !Number.isFinite(ev.position[1])) {
        throw new ArgumentRangeError(`events['${dir}'].position: expected two finite numbers [x, y], got length ${ev.position.length}`);
      }
      x = ev.position[0];
      y = ev.position[1];
    } else if (ev.particle !== undefined) {
      if (!Number.isInteger(ev.particle) || ev.particle < 0 || ev.particle >= n) {
        throw new ArgumentRangeError(`events['${dir}'].particle: expected an integer in [0, ${n - 1}], got ${ev.particle}`);
      }
      x = glass.positions[2 * ev.particle];
      y = glass.positions[2 * ev.particle + 1];
    } else {
      throw new ArgumentRangeError(`events['${dir}']: expected a particle or a position, got neither`);
    }
    let s0 = (h[3] * x - h[1] * y) / det;
    let s1 = (-h[2] * x + h[0] * y) / det;
    s0 -= Math.floor(s0);
    s1 -= Math.floor(s1);
    out[dir] = [h[0] * s0 + h[1] * s1, h[2] * s0 + h[3] * s1];
  }
  return out;
}

/** Concatenates c and dc/dγ over the glasses (the pooled values of Fig. 2). */
export function poolFields(records: readonly Pick<GlassRecord, 'c' | 'dcdg'>[]): { c: Float64Array; dcdg: Record<Mode2D, Float64Array> } {
  let m = 0;
  for (const r of records) m += r.c.length;
  const c = new Float64Array(m);
  const dcdg = Object.fromEntries(MODES_2D.map((mode) => [mode, new Float64Array(m)])) as Record<Mode2D, Float64Array>;
  let o = 0;
  records.forEach((r, k) => {
    if (MODES_2D.some((mode) => r.dcdg[mode].length !== r.c.length)) {
      throw new ArgumentRangeError(`records[${k}].dcdg: expected ${MODES_2D.join(' and ')} of length ${r.c.length}, got ${MODES_2D.map((mode) => r.dcdg[mode].length).join(' and ')}`);
    }
    c.set(r.c, o);
    for (const mode of MODES_2D) dcdg[mode].set(r.dcdg[mode], o);
    o += r.c.length;
  });
  return { c, dcdg };
}

/**
 * Position (λ) of each event present in `events` of a d-dimensional glass (d = 2: as
 * eventPositions), wrapped into the cell: s = h⁻¹x − ⌊h⁻¹x⌋, x' = h s.
 */
export function eventPositionsNd(glass: { cell: Float64Array; positions: Float64Array }, events: EventMap): Partial<Record<Direction2D, number[]>> {
  const d = glass.cell.length === 9 ? 3 : 2;
  if (d === 2) return eventPositions(glass, events);
  const h = glass.cell, inv = inverse(h);
  const n = glass.positions.length / d;
  const out: Partial<Record<Direction2D, number[]>> = {};
  for (const dir of DIRECTIONS_2D) {
    const ev = events[dir];
    if (ev === undefined || ev === null) continue;
    let x: number[];
    if (ev.position !== undefined) {
      if (ev.position.length !== d || Array.from(ev.position).some((v) => !Number.isFinite(v))) {
        throw new ArgumentRangeError(`events['${dir}'].position: expected ${d} finite numbers, got length ${ev.position.length}`);
      }
      x = Array.from(ev.position);
    } else if (ev.particle !== undefined) {
      if (!Number.isInteger(ev.particle) || ev.particle < 0 || ev.particle >= n) {
        throw new ArgumentRangeError(`events['${dir}'].particle: expected an integer in [0, ${n - 1}], got ${ev.particle}`);
      }
      x = Array.from(glass.positions.subarray(d * ev.particle, d * ev.particle + d));
    } else {
      throw new ArgumentRangeError(`events['${dir}']: expected a particle or a position, got neither`);
    }
    const s = [0, 1, 2].map((k) => { const v = inv[3 * k] * x[0] + inv[3 * k + 1] * x[1] + inv[3 * k + 2] * x[2]; return v - Math.floor(v); });
    out[dir] = [0, 1, 2].map((r) => h[3 * r] * s[0] + h[3 * r + 1] * s[1] + h[3 * r + 2] * s[2]);
  }
  return out;
}

/**
 * Interaction midpoints of a d-dimensional glass (d from the cell): x_i + r_α/2 with the
 * image r = B(s − round(s)), s = B⁻¹(x_j − x_i), B the imaging basis of the cell's lattice
 * (lib/space/lattice-basis.ts: the cell itself unless it is written with tilts of whole cell
 * lengths, where rounding in the cell as given would pick a far image); d = 2 is
 * interactionMidpoints (Gauss-reduced cell). Length dM.
 */
export function interactionMidpointsNd(cell: Float64Array, positions: Float64Array, i: Int32Array, j: Int32Array): Float64Array {
  if (cell.length !== 9) return interactionMidpoints(cell, positions, i, j);
  const { h, hinv: inv } = imagingBasis(cell);
  const out = new Float64Array(3 * i.length);
  const r = [0, 0, 0], s = [0, 0, 0];
  for (let a = 0; a < i.length; a++) {
    const p = 3 * i[a], q = 3 * j[a];
    for (let k = 0; k < 3; k++) r[k] = positions[q + k] - positions[p + k];
    for (let k = 0; k < 3; k++) { const v = inv[3 * k] * r[0] + inv[3 * k + 1] * r[1] + inv[3 * k + 2] * r[2]; s[k] = v - Math.round(v); }
    for (let k = 0; k < 3; k++) out[3 * a + k] = positions[p + k] + (h[3 * k] * s[0] + h[3 * k + 1] * s[1] + h[3 * k + 2] * s[2]) / 2;
  }
  return out;
}

/** Interaction midpoints x_i + r_α/2 (minimum image), x, y interleaved, length 2M. */
export function interactionMidpoints(cell: Float64Array, positions: Float64Array, i: Int32Array, j: Int32Array): Float64Array {
  const rc = reduceCell(cell);
  const d = new Float64Array(2);
  const out = new Float64Array(2 * i.length);
  for (let a = 0; a < i.length; a++) {
    const p = i[a], q = j[a];
    const x = positions[2 * p], y = positions[2 * p + 1];
    minimumImageUnchecked(rc, positions[2 * q] - x, positions[2 * q + 1] - y, d, 0);
    out[2 * a] = x + d[0] / 2;
    out[2 * a + 1] = y + d[1] / 2;
  }
  return out;
}

/** Ranks λ of the events for one shear direction (one entry per glass that has the event). */
export interface DirectionRanks {
  absC: Float64Array;
  pPlus: Float64Array;
  pMinus: Float64Array;
  /** P⁺ of this direction ranked at the events of the other mode's directions (Fig. S3). */
  cross: Partial<Record<Direction2D, Float64Array>>;
}

/** Ranks for all four directions at one bin size ξ. */
export interface PredictabilityData {
  xi: number;
  glasses: number;
  /** Glasses left out: their ξ-grid has fewer than MIN_RANK_BINS bins along a cell vector. */
  coarseGlasses: number;
  directions: Record<Direction2D, DirectionRanks>;
}

/** λ of one glass's events: |c|, P⁺, P⁻ of the event's own direction, and P⁺ of `cross[p]` at the other mode's events. */
export interface GlassRanks {
  own: Partial<Record<Direction2D, { absC: number; pPlus: number; pMinus: number }>>;
  cross: Partial<Record<Direction2D, Partial<Record<Direction2D, number>>>>;
  /** The ξ-grid's bins along each cell vector (no ranks when one is below MIN_RANK_BINS). */
  bins: number[];
}

/**
 * The ξ-grid of one glass, its interactions binned once: each field's bin means, periodic
 * neighbour average (`smooth`) and the ranks of event positions on a smoothed field
 * (`rank`). The same arithmetic as rankEvents (2D) and rankEventsNd (3D), which bin the
 * points again for every field; a glass ranks 20 fields per ξ.
 */
interface GlassGrid {
  /** Bins along each cell vector. */
  shape: number[];
  smooth(field: Float64Array): Float64Array;
  rank(smooth: Float64Array, events: Float64Array): Float64Array;
}

function glassGrid(cell: Float64Array, midpoints: Float64Array, xi: number): GlassGrid {
  // The cell is reduced (stats gridCell) once, here: the ranks reuse the grid's inverse.
  if (cell.length === 9) {
    const { shape, index, inv } = binIndicesNd(cell, midpoints, xi);
    const bins = shape.reduce((p, n) => p * n, 1);
    return {
      shape: [...shape],
      smooth: (field) => { const b = binMeans(index, bins, field); return neighbourAverageNd(b.mean, shape, undefined, b.count); },
      rank: (smooth, events) => ranksOnGridNd(inv, smooth, shape, events),
    };
  }
  const { nx, ny, index, inv } = binIndices(cell, midpoints, xi);
  return {
    shape: [nx, ny],
    smooth: (field) => { const b = binMeans(index, nx * ny, field); return neighbourAverage(b.mean, nx, ny, undefined, b.count); },
    rank: (smooth, events) => ranksOnGrid(inv, smooth, nx, ny, events),
  };
}

/**
 * Bins a ξ-grid needs along each cell vector for λ to be defined: with 3, each bin's
 * neighbourhood (itself and its periodic neighbours) covers the whole row, so every bin of
 * the row has the same average, and the ranks of equal values differ by round-off alone
 * (27 bins of one 3D glass spread over 8e-17); with 2 the neighbours on both sides are one
 * bin, counted twice. Neither says where a glass is soft.
 */
export const MIN_RANK_BINS = 4;

/**
 * λ of one glass's events for |c|, P⁺, P⁻ of their own direction (dc/dγ sign-flipped for
 * "−"), and P⁺ of each direction at the other mode's events (docs/design.md §7). Directions
 * without an event are absent, and so is every direction of a glass whose ξ-grid has fewer
 * than MIN_RANK_BINS bins along a cell vector (`bins` says the grid). Cost O(M) per direction.
 */
export function glassRanks(r: GlassRecord, xi = 5): GlassRanks {
  const d3 = r.cell.length === 9;
  const mid = d3 ? interactionMidpointsNd(r.cell, r.positions, r.i, r.j) : interactionMidpoints(r.cell, r.positions, r.i, r.j);
  const ev = d3 ? eventPositionsNd(r, r.events) : eventPositions(r, r.events);
  const at = (dir: Direction2D) => Float64Array.from(ev[dir]!);
  const grid = glassGrid(r.cell, mid, xi);
  if (Math.min(...grid.shape) < MIN_RANK_BINS) return { own: {}, cross: {}, bins: grid.shape };
  const modeOf = (dir: Direction2D) => directionOf(dir)!.mode;
  const out: Omit<GlassRanks, 'bins'> = { own: {}, cross: {} };
  let absC: Float64Array | undefined; // |c| is the same field for every direction
  for (const dir of DIRECTIONS_2D) {
    const { mode, sign } = directionOf(dir)!;
    const base = r.dcdg[mode as Mode2D];
    const d = new Float64Array(base.length);
    for (let a = 0; a < d.length; a++) d[a] = sign * base[a];
    const f = predictorFields(r.c, d);
    const others = DIRECTIONS_2D.filter((other) => modeOf(other) !== mode && ev[other] !== undefined);
    if (ev[dir] === undefined && others.length === 0) continue;
    const pPlus = grid.smooth(f.pPlus);
    if (ev[dir] !== undefined) {
      absC ??= grid.smooth(f.absC);
      out.own[dir] = {
        absC: grid.rank(absC, at(dir))[0],
        pPlus: grid.rank(pPlus, at(dir))[0],
        pMinus: grid.rank(grid.smooth(f.pMinus), at(dir))[0],
      };
    }
    for (const other of others) (out.cross[dir] ??= {})[other] = grid.rank(pPlus, at(other))[0];
  }
  return { ...out, bins: grid.shape };
}

/** The ranks of many glasses (glassRanks at bin size xi), collected per direction. */
export function collectRanks(ranks: readonly GlassRanks[], xi: number): PredictabilityData {
  const directions = Object.fromEntries(DIRECTIONS_2D.map((d) => {
    const own = ranks.map((g) => g.own[d]).filter((x) => x !== undefined);
    const cross: Partial<Record<Direction2D, number[]>> = {};
    for (const g of ranks) for (const [other, v] of Object.entries(g.cross[d] ?? {})) (cross[other as Direction2D] ??= []).push(v);
    return [d, {
      absC: Float64Array.from(own, (x) => x.absC),
      pPlus: Float64Array.from(own, (x) => x.pPlus),
      pMinus: Float64Array.from(own, (x) => x.pMinus),
      cross: Object.fromEntries(Object.entries(cross).map(([k, v]) => [k, Float64Array.from(v)])),
    }];
  })) as Record<Direction2D, DirectionRanks>;
  return { xi, glasses: ranks.length, coarseGlasses: ranks.filter((g) => Math.min(...g.bins) < MIN_RANK_BINS).length, directions };
}

/** λ of every event of every glass (glassRanks), collected per direction. Cost O(glasses·M). */
export function predictabilityData(records: readonly GlassRecord[], xi = 5): PredictabilityData {
  return collectRanks(records.map((r) => glassRanks(r, xi)), xi);
}
