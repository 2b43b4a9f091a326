/**
 * Coarse-graining an interaction field onto periodic bins of linear size ≈ ξ over the
 * undeformed cell (the predictive-power metric, docs/design.md §7; paper "Quantifying the
 * predictive power", Figs. 4, S2, S3).
 *
 * Cell: h row-major [h00, h01, h10, h11]; its columns are the cell vectors
 * a1 = (h00, h10), a2 = (h01, h11) (lib/config.ts). The cell may be any parallelogram, so
 * binning is done in reduced coordinates s = h⁻¹ x, wrapped to [0, 1)²:
 *
 *     n_k = max(1, round(|a_k| / ξ))          bins along a_k  (k = 1, 2)
 *     ix  = ⌊s_1 n_1⌋,  iy = ⌊s_2 n_2⌋,       bin index  b = iy · n_1 + ix
 *
 * so every bin is a small parallelogram with sides |a_k|/n_k ≈ ξ and all bins have equal
 * area. The a_k are those of ./grid-nd.ts `gridCell`: the cell itself unless it is written
 * with tilts of whole cell lengths; then a reduced basis of the same lattice. Grids are Float64Array of length n_1·n_2 laid out row-major in that index
 * (ix fastest). ξ is in the length unit of positions (λ_SS); default ξ = 5.
 */
import { wrappedBinUnchecked } from '../space/cell-list.js';
import { binMeans, gridCell } from './grid-nd.js';
import { expectAllFinite, expectEvenLength, expectFloat64Array, expectInteger, expectLength, expectPositive } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Number of bins along each cell vector. */
export interface BinShape {
  /** Bins along a1 (reduced coordinate s_1). */
  nx: number;
  /** Bins along a2 (reduced coordinate s_2). */
  ny: number;
}

/** Bin means of a field: `mean[b]`, `count[b]` for b = iy·nx + ix. */
export interface BinnedField extends BinShape {
  /** Mean of the field over interactions with midpoint in the bin; 0 for an empty bin. */
  mean: Float64Array;
  /** Number of interactions per bin. */
  count: Int32Array;
}

/** Validate a 2D cell and return the inverse [i00, i01, i10, i11] (row-major) of its grid cell (`gridCell`). */
export function checkedGridInverse(cell: unknown): Float64Array {
  return checkedGrid(cell).inv;
}

/** A validated 2D cell's grid cell g (`gridCell`) and the inverse of g. */
function checkedGrid(cell: unknown): { g: Float64Array; inv: Float64Array } {
  expectFloat64Array('cell', cell);
  expectLength('cell', cell, 4);
  expectAllFinite('cell', cell);
  if (cell[0] * cell[3] - cell[1] * cell[2] === 0) throw new ArgumentRangeError(`cell: expected a non-singular cell matrix, got determinant 0`);
  const g = gridCell(cell);
  const det = g[0] * g[3] - g[1] * g[2];
  return { g, inv: new Float64Array([g[3] / det, -g[1] / det, -g[2] / det, g[0] / det]) };
}

/** Bin counts n_k = max(1, round(|a_k|/ξ)) for the vectors a1, a2 of the grid cell (columns of `gridCell`). */
export function binShape(cell: Float64Array, xi = 5): BinShape {
  const { g } = checkedGrid(cell);
  expectPositive('xi', xi);
  return shapeOfGrid(g, xi);
}

/** binShape of a grid cell g that is already `gridCell`'s (no validation). */
function shapeOfGrid(g: Float64Array, xi: number): BinShape {
  const l1 = Math.hypot(g[0], g[2]);
  const l2 = Math.hypot(g[1], g[3]);
  return { nx: Math.max(1, Math.round(l1 / xi)), ny: Math.max(1, Math.round(l2 / xi)) };
}

/** Bin of Cartesian (x, y) given the inverse cell (no validation; hot path). */
export function binOf(inv: Float64Array, nx: number, ny: number, x: number, y: number): number {
  wrappedBinUnchecked(inv, nx, ny, x, y, BIN);
  return BIN[1] * nx + BIN[0];
}

/** Scratch of binOf: the bin along each cell vector. */
const BIN = new Int32Array(2);

/** Bin index b = iy·nx + ix of the Cartesian point (x, y), wrapped periodically. */
export function binIndex(cell: Float64Array, nx: number, ny: number, x: number, y: number): number {
  const inv = checkedGridInverse(cell);
  expectInteger('nx', nx, 1);
  expectInteger('ny', ny, 1);
  if (!Number.isFinite(x)) throw new ArgumentRangeError(`x: expected a finite number, got ${x}`);
  if (!Number.isFinite(y)) throw new ArgumentRangeError(`y: expected a finite number, got ${y}`);
  return binOf(inv, nx, ny, x, y);
}

/**
 * Bin means of an interaction field over the undeformed cell.
 *
 * @param cell h, row-major [h00, h01, h10, h11] (columns = cell vectors)
 * @param midpoints Cartesian midpoints of the interactions, x, y interleaved, length 2M
 *   (any periodic image; they are wrapped in reduced coordinates)
 * @param field value per interaction, length M (e.g. |c_α|, P⁺, P⁻)
 * @param xi target bin linear size ξ (> 0, default 5)
 * @returns `{ nx, ny, mean, count }`; empty bins get mean 0 and count 0 (the ranks leave
 *   them out of the neighbour average: `neighbourAverage` with `count`; at ξ ≈ 5 and
 *   number density 0.86 a bin holds tens of interactions, so empty bins do not occur in
 *   practice). Cost O(M).
 */
export function binField(cell: Float64Array, midpoints: Float64Array, field: Float64Array, xi = 5): BinnedField {
  const { g, inv } = checkedGrid(cell);
  expectFloat64Array('midpoints', midpoints);
  expectFloat64Array('field', field);
  expectEvenLength('midpoints', midpoints);
  expectLength('field', field, midpoints.length / 2);
  expectAllFinite('midpoints', midpoints);
  expectAllFinite('field', field);
  expectPositive('xi', xi);
  const { nx, ny } = shapeOfGrid(g, xi);
  return { nx, ny, ...binMeans(indicesOf(inv, nx, ny, midpoints), nx * ny, field) };
}

/** The bin of each midpoint (binOf), given h⁻¹ and the shape (no validation). */
function indicesOf(inv: Float64Array, nx: number, ny: number, midpoints: Float64Array): Int32Array {
  const index = new Int32Array(midpoints.length / 2);
  for (let a = 0; a < index.length; a++) index[a] = binOf(inv, nx, ny, midpoints[2 * a], midpoints[2 * a + 1]);
  return index;
}

/**
 * The bin b = iy·nx + ix of each midpoint, found once so that many fields of the same
 * interactions are binned by one pass each (`binMeans`; the 2D counterpart of
 * ./grid-nd.ts `binIndicesNd`, and the index `binField` uses); `inv` is the inverse of the
 * grid cell, for the ranks of events on the same grid (./predictability.ts `ranksOnGrid`).
 */
export function binIndices(cell: Float64Array, midpoints: Float64Array, xi = 5): BinShape & { index: Int32Array; inv: Float64Array } {
  const { g, inv } = checkedGrid(cell);
  expectFloat64Array('midpoints', midpoints);
  expectEvenLength('midpoints', midpoints);
  expectAllFinite('midpoints', midpoints);
  expectPositive('xi', xi);
  const { nx, ny } = shapeOfGrid(g, xi);
  return { nx, ny, index: indicesOf(inv, nx, ny, midpoints), inv };
}

/**
 * Periodic 3×3 neighbour average: out[iy·nx + ix] = (1/9) Σ_{dx,dy ∈ {−1,0,1}}
 * grid[((iy+dy) mod ny)·nx + (ix+dx) mod nx].
 * For nx or ny < 3 the periodic neighbours repeat and are counted with multiplicity
 * (nx = ny = 1 returns the grid unchanged). `out` must not alias `grid`.
 *
 * With `count` (the points per bin, binMeans' `count`) an empty bin has no value: the
 * average runs over the non-empty bins of the 3×3 block only, and a block with none is
 * −∞ (ranked below every bin). Without it an empty bin's mean 0 counted as a value, which
 * for a field that is negative or signed (a particle's energy, a coordination deficit)
 * put "no data" above real bins (small ξ, where a bin holds a few points).
 * @returns `out` (new Float64Array of length nx·ny if not given)
 */
export function neighbourAverage(grid: Float64Array, nx: number, ny: number, out?: Float64Array, count?: Int32Array): Float64Array {
  expectFloat64Array('grid', grid);
  expectInteger('nx', nx, 1);
  expectInteger('ny', ny, 1);
  expectLength('grid', grid, nx * ny);
  if (count !== undefined) expectLength('count', count, nx * ny);
  if (out === undefined) out = new Float64Array(nx * ny);
  else {
    expectFloat64Array('out', out);
    expectLength('out', out, nx * ny);
    if (out.buffer === grid.buffer) throw new ArgumentRangeError('out: expected an array not sharing memory with grid, got an alias');
  }
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      let s = 0, m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const jy = (iy + dy + ny) % ny;
        for (let dx = -1; dx <= 1; dx++) {
          const b = jy * nx + ((ix + dx + nx) % nx);
          if (count !== undefined && count[b] === 0) continue;
          s += grid[b];
          m++;
        }
      }
      out[iy * nx + ix] = count === undefined ? s / 9 : m > 0 ? s / m : -Infinity;
    }
  }
  return out;
}
