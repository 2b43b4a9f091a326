/**
 * The ξ-grid of the predictive-power metric (docs/design.md §7; paper "Quantifying the predictive
 * power") in any dimension d = 2 or 3: periodic bins over the undeformed cell, each
 * averaged with its 3^d − 1 neighbours (2D: a square and its 8 neighbours; 3D: a cube and
 * its 26), and the rank of an event's bin.
 *
 * Cell: h, d×d row-major; its columns are the cell vectors a_k (lib/config.ts). Binning is
 * in reduced coordinates s = h⁻¹ x, wrapped to [0, 1)^d:
 *
 *     n_k = max(1, round(|a_k| / ξ))              bins along a_k  (k = 1..d)
 *     i_k = ⌊s_k n_k⌋,   b = i_1 + n_1 (i_2 + n_2 i_3)   (i_1 fastest)
 *
 * so every bin is a small parallelepiped with edges |a_k|/n_k ≈ ξ and all bins have equal
 * volume. The a_k are those of {@link gridCell}: the cell itself unless it is written with
 * tilts of whole cell lengths, whose long skewed vectors would stretch the bins into
 * needles; then a reduced basis of the same lattice (docs/design.md §2, "keep the cell reduced"). In 2D this is exactly ./grid.ts (same shape, same index, same arithmetic:
 * `binFieldNd`, `neighbourAverageNd` give the same numbers as `binField`, `neighbourAverage`).
 * Lengths in λ (the unit of the positions); default ξ = 5.
 */
import { countHigher, tieWidth } from './ties.js';
import { determinant, inverse } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { expectAllFinite, expectFloat64Array, expectInteger, expectLength, expectPositive } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Bins along each cell vector and the per-bin mean of a field. */
export interface BinnedFieldNd {
  /** n_k, bins along a_k (length d). */
  shape: number[];
  /** Mean of the field over the points in the bin (0 for an empty bin, whose count is 0), length Π n_k. */
  mean: Float64Array;
  /** Points per bin. */
  count: Int32Array;
}

/** The dimension of a d×d cell (4 or 9 entries), checked: finite, non-singular. */
export function cellDimension(cell: unknown): 2 | 3 {
  expectFloat64Array('cell', cell);
  if (cell.length !== 4 && cell.length !== 9) throw new ArgumentRangeError(`cell: expected a 2×2 or 3×3 matrix (length 4 or 9), got length ${cell.length}`);
  expectAllFinite('cell', cell);
  if (determinant(cell) === 0) throw new ArgumentRangeError('cell: expected a non-singular cell matrix, got determinant 0');
  return cell.length === 9 ? 3 : 2;
}

/**
 * The cell the ξ-grid of h is laid on: the imaging basis of h's lattice
 * (lib/space/lattice-basis.ts), which is h itself, bit for bit, unless a reduced basis of the
 * lattice is strictly wider (tilts beyond about half a cell length). Same periodic domain,
 * same number of bins; only their shape changes, from needles to compact cells.
 */
export function gridCell(cell: Float64Array): Float64Array {
  cellDimension(cell);
  return imagingBasis(cell).h;
}

/** n_k = max(1, round(|a_k|/ξ)) for the vectors a_k of the grid cell (columns of {@link gridCell}). */
export function binShapeNd(cell: Float64Array, xi = 5): number[] {
  const d = cellDimension(cell);
  expectPositive('xi', xi);
  return shapeOfGrid(gridCell(cell), d, xi);
}

/**
 * The smallest bin size ξ (λ) the command line takes: a bin much smaller than the spacing of
 * the particles (≈ 1 λ) holds one point or none, and ξ → 0 asks for (L/ξ)^d bins (ξ = 1e-3
 * at N = 64: 7·10⁷, minutes without a word before it was refused).
 */
export const MIN_BIN_SIZE = 0.5;

/**
 * The largest bin size ξ that gives at least `minBins` bins along every cell vector of `cell`
 * (n_k = round(|a_k|/ξ) ≥ minBins ⇔ ξ ≤ |a_k| / (minBins − ½)).
 */
export function largestBinSize(cell: Float64Array, minBins: number): number {
  const d = cellDimension(cell);
  return Math.min(...columnLengths(gridCell(cell), d)) / (minBins - 0.5);
}

/** |a_k|, the lengths of the d columns of a grid cell g (row-major d×d). */
function columnLengths(g: Float64Array, d: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < d; k++) {
    let l2 = 0;
    for (let r = 0; r < d; r++) l2 += g[r * d + k] ** 2;
    out.push(Math.sqrt(l2));
  }
  return out;
}

/** n_k for the columns a_k of a grid cell g that is already {@link gridCell}'s (no validation). */
function shapeOfGrid(g: Float64Array, d: number, xi: number): number[] {
  return columnLengths(g, d).map((length) => Math.max(1, Math.round(length / xi)));
}

/** Bin of the point p[o..o+d) (any periodic image) given the inverse of {@link gridCell} (no validation; hot path). */
export function binOfNd(inv: Float64Array, shape: readonly number[], p: ArrayLike<number>, o: number): number {
  const d = shape.length;
  let b = 0, stride = 1;
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += inv[k * d + c] * p[o + c];
    s -= Math.floor(s);
    const n = shape[k];
    let i = Math.floor(s * n);
    if (i >= n) i = n - 1;
    b += i * stride;
    stride *= n;
  }
  return b;
}

/** The bin of every point: what many fields of the same points share (binMeans), and what ranks events on the same grid (ranksOnGridNd). */
export interface BinIndexNd {
  /** n_k, bins along a_k (length d). */
  shape: number[];
  /** Bin of point a (binOfNd), length M. */
  index: Int32Array;
  /** The inverse of the grid cell the bins were found with (for binOfNd of more points). */
  inv: Float64Array;
}

/**
 * The bin of each point on the ξ-grid of a cell, found once so that every field of the same
 * points is binned by one pass over its values (`binMeans`): a glass's ranks bin 20 fields
 * of its interactions at each ξ.
 * @param cell h (d×d row-major)
 * @param points d coordinates per point interleaved, length d·M (e.g. interaction midpoints)
 * @param xi target bin size ξ (λ)
 */
export function binIndicesNd(cell: Float64Array, points: Float64Array, xi = 5): BinIndexNd {
  const d = cellDimension(cell);
  expectFloat64Array('points', points);
  if (points.length % d !== 0) throw new ArgumentRangeError(`points: expected ${d} coordinates per point, got length ${points.length}`);
  expectAllFinite('points', points);
  expectPositive('xi', xi);
  const g = gridCell(cell);
  const shape = shapeOfGrid(g, d, xi);
  const inv = inverse(g);
  const index = new Int32Array(points.length / d);
  for (let a = 0; a < index.length; a++) index[a] = binOfNd(inv, shape, points, d * a);
  return { shape, index, inv };
}

/**
 * Mean of `field` over the points of each bin (0 for an empty bin), the points' bins given
 * by `binIndicesNd` (or `index` of any grid of `bins` bins). Values are summed in point
 * order, so the means are those of `binFieldNd` bit for bit.
 */
export function binMeans(index: Int32Array, bins: number, field: Float64Array): { mean: Float64Array; count: Int32Array } {
  expectFloat64Array('field', field);
  expectLength('field', field, index.length);
  expectAllFinite('field', field);
  const sum = new Float64Array(bins);
  const count = new Int32Array(bins);
  for (let a = 0; a < field.length; a++) {
    const b = index[a];
    sum[b] += field[a];
    count[b]++;
  }
  for (let b = 0; b < bins; b++) sum[b] = count[b] > 0 ? sum[b] / count[b] : 0;
  return { mean: sum, count };
}

/**
 * Bin means of a field over the undeformed cell (binIndicesNd, then binMeans).
 * @param cell h (d×d row-major)
 * @param points d coordinates per point interleaved, length d·M (e.g. interaction midpoints)
 * @param field value per point, length M
 * @param xi target bin size ξ (λ)
 */
export function binFieldNd(cell: Float64Array, points: Float64Array, field: Float64Array, xi = 5): BinnedFieldNd {
  const d = cellDimension(cell);
  expectFloat64Array('points', points);
  expectFloat64Array('field', field);
  if (points.length % d !== 0) throw new ArgumentRangeError(`points: expected ${d} coordinates per point, got length ${points.length}`);
  expectLength('field', field, points.length / d);
  const { shape, index } = binIndicesNd(cell, points, xi);
  return { shape, ...binMeans(index, shape.reduce((p, n) => p * n, 1), field) };
}

/**
 * Periodic neighbour average over the 3^d bins at offsets δ ∈ {−1, 0, 1}^d:
 * out[b] = 3^−d Σ_δ grid[b + δ (mod n)]. Where n_k < 3 the periodic neighbours repeat and
 * count with multiplicity (as ./grid.ts neighbourAverage). `out` must not alias `grid`.
 * With `count` (binMeans' points per bin) the empty bins are left out of each average, and
 * a block without a point is −∞, as ./grid.ts neighbourAverage.
 */
export function neighbourAverageNd(grid: Float64Array, shape: readonly number[], out?: Float64Array, count?: Int32Array): Float64Array {
  expectFloat64Array('grid', grid);
  if (shape.length !== 2 && shape.length !== 3) throw new ArgumentRangeError(`shape: expected 2 or 3 bin counts, got ${shape.length}`);
  shape.forEach((n, k) => expectInteger(`shape[${k}]`, n, 1));
  const [nx, ny] = shape;
  const nz = shape.length === 3 ? shape[2] : 1;
  expectLength('grid', grid, nx * ny * nz);
  if (count !== undefined) expectLength('count', count, grid.length);
  if (out === undefined) out = new Float64Array(grid.length);
  else {
    expectFloat64Array('out', out);
    expectLength('out', out, grid.length);
    if (out.buffer === grid.buffer) throw new ArgumentRangeError('out: expected an array not sharing memory with grid, got an alias');
  }
  const dzs = shape.length === 3 ? [-1, 0, 1] : [0];
  const norm = 3 ** shape.length;
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        let s = 0, m = 0;
        for (const dz of dzs) {
          const jz = (iz + dz + nz) % nz;
          for (let dy = -1; dy <= 1; dy++) {
            const jy = (iy + dy + ny) % ny;
            for (let dx = -1; dx <= 1; dx++) {
              const b = (jz * ny + jy) * nx + ((ix + dx + nx) % nx);
              if (count !== undefined && count[b] === 0) continue;
              s += grid[b];
              m++;
            }
          }
        }
        out[(iz * ny + iy) * nx + ix] = count === undefined ? s / norm : m > 0 ? s / m : -Infinity;
      }
    }
  }
  return out;
}

/** λ = #{b : V_b > V_e} / (number of bins), for the bin e of each event (d coordinates each). */
export function eventRanksNd(cell: Float64Array, grid: Float64Array, shape: readonly number[], events: Float64Array): Float64Array {
  const d = cellDimension(cell);
  if (shape.length !== d) throw new ArgumentRangeError(`shape: expected ${d} bin counts for a ${d}D cell, got ${shape.length}`);
  expectLength('grid', grid, shape.reduce((p, n) => p * n, 1));
  expectFloat64Array('events', events);
  if (events.length % d !== 0) throw new ArgumentRangeError(`events: expected ${d} coordinates per event, got length ${events.length}`);
  expectAllFinite('events', events);
  return ranksOnGridNd(inverse(gridCell(cell)), grid, shape, events);
}

/** eventRanksNd given the inverse of the grid cell (BinIndexNd.inv; no validation). */
export function ranksOnGridNd(inv: Float64Array, grid: Float64Array, shape: readonly number[], events: Float64Array): Float64Array {
  const d = shape.length;
  const out = new Float64Array(events.length / d);
  const width = tieWidth(grid);
  for (let k = 0; k < out.length; k++) out[k] = countHigher(grid, grid[binOfNd(inv, shape, events, d * k)]!, width) / grid.length;
  return out;
}

/**
 * The whole metric for one glass in d dimensions: bin means → 3^d periodic average → λ per
 * event (./predictability.ts rankEvents is this for d = 2).
 * @param cell h (d×d); points interaction midpoints (d·M); field per interaction (M);
 *   events event positions (d·E); xi bin size (λ)
 * @returns λ per event, Float64Array(E), in [0, 1)
 */
export function rankEventsNd(cell: Float64Array, points: Float64Array, field: Float64Array, events: Float64Array, xi = 5): Float64Array {
  const binned = binFieldNd(cell, points, field, xi);
  return eventRanksNd(cell, neighbourAverageNd(binned.mean, binned.shape, undefined, binned.count), binned.shape, events);
}
