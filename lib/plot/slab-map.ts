/**
 * Bond-field maps of a 3D glass: the interactions whose midpoint lies in
 * a slab z0 − w/2 ≤ z < z0 + w/2, projected onto the xy plane and drawn in the paper's
 * style by {@link bondMapSvg} (x̃ = x / ⟨|x|⟩ clipped at 6.6, |x̃| < 1 dropped, width ∝ |x̃|
 * but thinner than in 2D: {@link SLAB_WIDTH_PER_UNIT}, black positive / red negative). Default slab: the middle 2λ of the cell,
 * z0 = lz / 2, w = 2 ({@link defaultSlab}).
 *
 * Geometry. The cell h (3×3 row-major, columns a1, a2, a3; lib/config.ts) must have a1
 * and a2 in the xy plane (h20 = h21 = 0, as LAMMPS's restricted triclinic box and
 * softspot's files), so z = lz·s3 with s = h⁻¹x and lz = h22: the slab is periodic in z
 * with period lz and w ≤ lz. For bond α = (i, j): r_α = h(s − round(s)), s = h⁻¹(x_j − x_i)
 * (the minimum image while |r_α| < w_min/2, lib/space/cell-nd.ts), midpoint m = x_i + r_α/2. The
 * image m − k a3 with k = ⌊(z_m − z0 + w/2)/lz⌋ is the one whose z falls in
 * [z0 − w/2, z0 − w/2 + lz); the bond is in the slab when that z is below z0 + w/2, and its
 * projection is the segment xy(m − k a3 ∓ r_α/2) (the a3 image carries its xz, yz tilt).
 * Images by a1, a2 stay in the slab, so the projection is periodic in the 2D cell
 * [[h00, h01], [h10, h11]] and {@link bondSegments} wraps it there.
 *
 * Scale: x̃ uses ⟨|x|⟩ over all M interactions of the glass (not only the slab's), so maps of
 * different slabs share one scale.
 */
import { DIRECTIONS_2D, type Direction2D } from '../space/index.js';
import { expectFloat64Array, expectInt32Array } from '../validate.js';
import type { EventMap } from '../stats/index.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { bondMapSvg, lhcPanels, type BondMapGlass, type BondMapOptions, type BondMapSummary, type LhcGlass, type MapField } from './bond-map.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The slab: z0 − width/2 ≤ z < z0 + width/2 (λ). */
export interface Slab {
  z0: number;
  width: number;
}

/** A 3D glass with its bond fields (e.g. from `localHeatCapacity` on a 3D configuration). */
export interface SlabGlass {
  /** h, 3×3 row-major (columns a1, a2, a3), with h20 = h21 = 0. */
  cell: Float64Array;
  /** x, y, z interleaved, length 3N (any periodic image). */
  positions: Float64Array;
  /** Particle indices of each interaction, length M. */
  i: Int32Array;
  j: Int32Array;
  /** c_α, length M. */
  c: Float64Array;
  /** dc_α/dγ of the "+" directions (simple, pure), length M each. */
  dcdg: LhcGlass['dcdg'];
}

/** The default slab width (λ): the middle 2λ. */
export const SLAB_DEFAULT_WIDTH = 2;

/**
 * Line width per unit of |x̃| of slab maps (λ; 2D maps: 0.05). A slab's projection holds
 * about 20× the interactions per area of a 2D map: the KA pair list reaches 2.5 σ_AA (≈ 32
 * interactions per particle against ≈ 3 in the 2D IPL glass) and a 2λ slab stacks about two
 * layers. At the 2D width the c panel of a KA glass of N = 2000 was solid black; at 0.02
 * its strong bonds stand out from the mesh and the sparse c·dc/dγ panels stay legible.
 */
export const SLAB_WIDTH_PER_UNIT = 0.02;

/** The middle 2λ of the cell: z0 = lz/2 (the cell spans 0 ≤ z < lz), width 2 (or lz if smaller). */
export function defaultSlab(cell: Float64Array): Slab {
  expectFloat64Array('cell', cell, 9);
  const lz = cell[8]!;
  return { z0: lz / 2, width: Math.min(SLAB_DEFAULT_WIDTH, lz) };
}

/** The interactions of a slab, projected: a 2D glass of two points per kept bond. */
export interface SlabProjection {
  /** The 2D cell [[h00, h01], [h10, h11]] and the endpoints: bond q of the slab joins points 2q, 2q + 1. */
  glass: BondMapGlass;
  /** Interaction index α (into the 3D glass's arrays) of each kept bond, ascending. */
  bonds: Int32Array;
  /** The slab used. */
  slab: Slab;
}

function checkSlabCell(cell: Float64Array): number {
  expectFloat64Array('cell', cell, 9);
  if (cell[6] !== 0 || cell[7] !== 0) {
    throw new ArgumentRangeError(`cell: a slab map needs a1 and a2 in the xy plane (h20 = h21 = 0, as LAMMPS and softspot cells have), got h20 = ${cell[6]}, h21 = ${cell[7]}`);
  }
  const lz = cell[8]!;
  if (!(lz > 0) || !(cell[0]! * cell[4]! - cell[1]! * cell[3]! > 0)) {
    throw new ArgumentRangeError('cell: expected a right-handed cell (h22 > 0 and det of the xy block > 0)');
  }
  return lz;
}

function checkSlab(slab: Slab, lz: number): void {
  if (typeof slab !== 'object' || slab === null) throw new ArgumentTypeError('slab: expected { z0, width }');
  if (!Number.isFinite(slab.z0)) throw new ArgumentRangeError(`slab.z0: expected a finite number, got ${slab.z0}`);
  if (!(slab.width > 0 && slab.width <= lz)) {
    throw new ArgumentRangeError(`slab.width: expected a number in (0, lz = ${lz}] (a wider slab would hold a bond twice), got ${slab.width}`);
  }
}

/**
 * k such that z − k·lz ∈ [z0 − w/2, z0 − w/2 + lz), and whether that z is in the slab.
 */
function slabImage(z: number, slab: Slab, lz: number): { k: number; inside: boolean } {
  const lo = slab.z0 - slab.width / 2;
  const k = Math.floor((z - lo) / lz);
  return { k, inside: z - k * lz < lo + slab.width };
}

/**
 * The interactions whose midpoint lies in the slab, as a 2D glass for {@link bondSegments}
 * (see the module doc). Cost O(M).
 * @throws RangeError for a cell with a1 or a2 out of the xy plane, a slab wider than lz,
 *   arrays of the wrong length or indices outside 0…N−1.
 */
export function projectSlab(glass: Pick<SlabGlass, 'cell' | 'positions' | 'i' | 'j'>, slab: Slab = defaultSlab(glass.cell)): SlabProjection {
  const lz = checkSlabCell(glass.cell);
  checkSlab(slab, lz);
  expectFloat64Array('positions', glass.positions);
  if (glass.positions.length % 3 !== 0) throw new ArgumentRangeError(`positions: expected length 3N, got ${glass.positions.length}`);
  const m = glass.i.length;
  expectInt32Array('i', glass.i, m);
  expectInt32Array('j', glass.j, m);
  const n = glass.positions.length / 3;
  const h = glass.cell, x = glass.positions;
  // Bond images in the imaging basis of the lattice (the cell itself unless it is written
  // with tilts of whole cell lengths, where rounding in h would pick a far image).
  const { h: b, hinv } = imagingBasis(h);
  const kept: number[] = [];
  const points: number[] = [];
  for (let a = 0; a < m; a++) {
    const p = glass.i[a]!, q = glass.j[a]!;
    if (p < 0 || p >= n || q < 0 || q >= n) throw new ArgumentRangeError(`i, j: expected particle indices in [0, ${n - 1}], got (${p}, ${q}) at interaction ${a}`);
    const d = [x[3 * q]! - x[3 * p]!, x[3 * q + 1]! - x[3 * p + 1]!, x[3 * q + 2]! - x[3 * p + 2]!];
    const s = [0, 1, 2].map((r) => { const v = hinv[3 * r]! * d[0]! + hinv[3 * r + 1]! * d[1]! + hinv[3 * r + 2]! * d[2]!; return v - Math.round(v); });
    const rv = [0, 1, 2].map((r) => b[3 * r]! * s[0]! + b[3 * r + 1]! * s[1]! + b[3 * r + 2]! * s[2]!);
    const mid = [0, 1, 2].map((r) => x[3 * p + r]! + rv[r]! / 2);
    const { k, inside } = slabImage(mid[2]!, slab, lz);
    if (!inside) continue;
    const mx = mid[0]! - k * h[2]!, my = mid[1]! - k * h[5]!;
    points.push(mx - rv[0]! / 2, my - rv[1]! / 2, mx + rv[0]! / 2, my + rv[1]! / 2);
    kept.push(a);
  }
  const count = kept.length;
  return {
    glass: {
      cell: Float64Array.of(h[0]!, h[1]!, h[3]!, h[4]!),
      positions: Float64Array.from(points),
      i: Int32Array.from({ length: count }, (_, q) => 2 * q),
      j: Int32Array.from({ length: count }, (_, q) => 2 * q + 1),
    },
    bonds: Int32Array.from(kept),
    slab,
  };
}

/**
 * Events of a 3D glass as positions in the slab's projection: an event (given by its
 * particle) is kept when the particle's z lies in the slab, at the xy of its slab image.
 * @throws RangeError for an event given by a position (a 3D slab needs the particle's z)
 *   or a particle outside 0…N−1.
 */
export function slabEvents(glass: Pick<SlabGlass, 'cell' | 'positions'>, events: EventMap, slab: Slab): EventMap {
  const lz = checkSlabCell(glass.cell);
  checkSlab(slab, lz);
  const n = glass.positions.length / 3;
  const out: EventMap = {};
  for (const dir of DIRECTIONS_2D) {
    const ev = events[dir];
    if (ev === undefined || ev === null) continue;
    if (ev.particle === undefined) {
      throw new ArgumentRangeError(`events['${dir}']: a 3D slab map needs the event's particle (a position [x, y] has no z); give "particle": k`);
    }
    const k0 = ev.particle;
    if (!Number.isInteger(k0) || k0 < 0 || k0 >= n) throw new ArgumentRangeError(`events['${dir}'].particle: expected an integer in [0, ${n - 1}], got ${k0}`);
    const [x, y, z] = [glass.positions[3 * k0]!, glass.positions[3 * k0 + 1]!, glass.positions[3 * k0 + 2]!];
    const { k, inside } = slabImage(z, slab, lz);
    if (inside) out[dir] = { position: [x - k * glass.cell[2]!, y - k * glass.cell[5]!] };
  }
  return out;
}

/** What {@link slabMapSvg} drew: the panels' counts, the slab and its number of interactions. */
export interface SlabMapSummary extends BondMapSummary {
  slab: Slab;
  /** Interactions whose midpoint lies in the slab. */
  inSlab: number;
  /** Events whose particle lies in the slab (drawn), by direction. */
  events: Direction2D[];
}

/**
 * The paper's bond-field maps (c, c·dc/dγ simple, pure, or all three: {@link lhcPanels})
 * of the interactions in a slab of a 3D glass, projected onto xy (module doc); x̃ rescaled
 * by ⟨|x|⟩ over all M interactions of the glass. Event triangles for the events whose
 * particle lies in the slab.
 */
export function slabMapSvg(
  glass: SlabGlass, field: MapField = 'all', events: EventMap = {}, slab: Slab = defaultSlab(glass.cell), options: BondMapOptions = {},
): { svg: string; summary: SlabMapSummary } {
  expectFloat64Array('c', glass.c, glass.i.length);
  const projection = projectSlab(glass, slab);
  const kept = projection.bonds;
  const panels = lhcPanels(glass, field).map((panel) => {
    let s = 0;
    for (let a = 0; a < panel.field.length; a++) s += Math.abs(panel.field[a]!);
    const meanAbs = panel.field.length > 0 ? s / panel.field.length : 0;
    return { ...panel, field: Float64Array.from(kept, (a) => panel.field[a]!), meanAbs };
  });
  const shown = slabEvents(glass, events, slab);
  const lo = slab.z0 - slab.width / 2, hi = slab.z0 + slab.width / 2;
  const f = (v: number) => Number(v.toPrecision(6));
  // Events outside the slab have no triangle: named in the caption, so that a map without them does not read as "no event".
  const outside = DIRECTIONS_2D.filter((d) => events[d] !== undefined && events[d] !== null && shown[d] === undefined);
  const caption = options.caption ??
    `Slab ${f(lo)} ≤ z < ${f(hi)} ${options.lengthUnit ?? 'λ'} (lz = ${f(glass.cell[8]!)}): the ${kept.length} of ${glass.i.length} interactions whose midpoint lies in it, ` +
    `projected on xy; ⟨|x|⟩ over all interactions.${outside.length > 0 ? ` Events outside the slab (not drawn): ${outside.map((d) => d.replace(/-$/, '−')).join(', ')}.` : ''}`;
  const { svg, summary } = bondMapSvg(projection.glass, panels, shown, { widthPerUnit: SLAB_WIDTH_PER_UNIT, ...options, caption });
  return { svg, summary: { ...summary, slab, inSlab: kept.length, events: DIRECTIONS_2D.filter((d) => shown[d] !== undefined) } };
}
