/**
 * The predictive power of a structural indicator for the first plastic event
 * (docs/design.md §7; paper "Quantifying the predictive power", Fig. 4, Figs. S2–S3).
 *
 * For one glass and one indicator field over its interactions:
 * 1. bin means over the undeformed cell (bins of size ≈ ξ, `binField` in grid.ts);
 * 2. periodic 3×3 neighbour average over the non-empty bins (`neighbourAverage` with the
 *    counts) → value V_b per bin;
 * 3. the event (position of its particle in the undeformed glass) lies in bin e; its rank
 *
 *        λ = #{b : V_b > V_e} / (n_x n_y)          (strictly higher; 0 ≤ λ < 1)
 *
 *    λ = 0: the event is in a top-valued bin (ties with it do not count against it).
 * Over an ensemble, C(λ) = empirical CDF of the ranks: C(λ) = λ is no predictability
 * (a random bin), C(λ) = θ(λ) is perfect.
 *
 * Fields (per interaction α, with dc_α/dγ of the direction actually sheared: pass −dc/dγ
 * for the "−" direction, docs/design.md §4):
 *     |c_α|,   P⁺_α = max(c_α dc_α/dγ, 0),   P⁻_α = max(−c_α dc_α/dγ, 0).
 */
import { countHigher, tieWidth } from './ties.js';
import { binField, binOf, checkedGridInverse, neighbourAverage } from './grid.js';
import { ecdfAt } from './empirical.js';
import { expectAllFinite, expectEvenLength, expectFloat64Array, expectInteger, expectLength, describe, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** The three indicator fields of the paper, each of length M (interactions). */
export interface PredictorFields {
  /** |c_α| (the reference indicator, circles in Fig. 4). */
  absC: Float64Array;
  /** P⁺ = max(c_α dc_α/dγ, 0) (diamonds in Fig. 4). */
  pPlus: Float64Array;
  /** P⁻ = max(−c_α dc_α/dγ, 0) (squares in Fig. 4). */
  pMinus: Float64Array;
}

/**
 * |c|, P⁺ = max(c·dcdg, 0), P⁻ = max(−c·dcdg, 0), elementwise.
 * @param c c_α, length M
 * @param dcdg dc_α/dγ for the sheared direction (sign included), length M
 */
export function predictorFields(c: Float64Array, dcdg: Float64Array): PredictorFields {
  expectFloat64Array('c', c);
  expectFloat64Array('dcdg', dcdg);
  expectLength('dcdg', dcdg, c.length);
  const m = c.length;
  const absC = new Float64Array(m);
  const pPlus = new Float64Array(m);
  const pMinus = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const p = c[a] * dcdg[a];
    absC[a] = Math.abs(c[a]);
    pPlus[a] = p > 0 ? p : 0;
    pMinus[a] = p < 0 ? -p : 0;
  }
  return { absC, pPlus, pMinus };
}

function checkGrid(grid: unknown, nx: unknown, ny: unknown): asserts grid is Float64Array {
  expectInteger('nx', nx, 1);
  expectInteger('ny', ny, 1);
  expectFloat64Array('grid', grid);
  expectLength('grid', grid, (nx as number) * (ny as number));
}

/** λ of bin e: the fraction of bins whose value is higher than its own beyond a tie (./ties.ts). */
function rankOfBin(grid: Float64Array, e: number, width = tieWidth(grid)): number {
  return countHigher(grid, grid[e]!, width) / grid.length;
}

/**
 * λ of one event at Cartesian (x, y) (any periodic image) on a smoothed grid V.
 * @param cell h, row-major, the undeformed cell the grid was built on
 * @param grid V_b, length nx·ny, index iy·nx + ix (e.g. from `neighbourAverage`)
 */
export function eventRank(cell: Float64Array, grid: Float64Array, nx: number, ny: number, x: number, y: number): number {
  const inv = checkedGridInverse(cell);
  checkGrid(grid, nx, ny);
  if (!Number.isFinite(x)) throw new ArgumentRangeError(`x: expected a finite number, got ${x}`);
  if (!Number.isFinite(y)) throw new ArgumentRangeError(`y: expected a finite number, got ${y}`);
  return rankOfBin(grid, binOf(inv, nx, ny, x, y));
}

/** λ for each event; `positions` x, y interleaved (length 2E). Returns Float64Array(E). */
export function eventRanks(cell: Float64Array, grid: Float64Array, nx: number, ny: number, positions: Float64Array): Float64Array {
  const inv = checkedGridInverse(cell);
  checkGrid(grid, nx, ny);
  expectFloat64Array('positions', positions);
  expectEvenLength('positions', positions);
  expectAllFinite('positions', positions);
  return ranksOnGrid(inv, grid, nx, ny, positions);
}

/** eventRanks given the inverse of the grid cell (binIndices' `inv`; no validation). */
export function ranksOnGrid(inv: Float64Array, grid: Float64Array, nx: number, ny: number, positions: Float64Array): Float64Array {
  const out = new Float64Array(positions.length / 2);
  const width = tieWidth(grid);
  for (let k = 0; k < out.length; k++) out[k] = rankOfBin(grid, binOf(inv, nx, ny, positions[2 * k], positions[2 * k + 1]), width);
  return out;
}

/**
 * The whole metric for one glass: bin means → 3×3 periodic average → λ per event.
 * @param cell undeformed cell h (row-major)
 * @param midpoints interaction midpoints, x, y interleaved, length 2M
 * @param field indicator per interaction, length M
 * @param events event positions in the undeformed glass, x, y interleaved, length 2E
 * @param xi bin size ξ (default 5)
 * @returns λ per event, Float64Array(E)
 */
export function rankEvents(cell: Float64Array, midpoints: Float64Array, field: Float64Array, events: Float64Array, xi = 5): Float64Array {
  const binned = binField(cell, midpoints, field, xi);
  const smooth = neighbourAverage(binned.mean, binned.nx, binned.ny, undefined, binned.count);
  return eventRanks(cell, smooth, binned.nx, binned.ny, events);
}

/** Options of `predictability`. */
export interface PredictabilityOptions {
  /** λ grid on which C is evaluated (default: `points` equally spaced values in [0, 1]). */
  grid?: Float64Array;
  /** Number of grid points when `grid` is not given (integer ≥ 2, default 101). */
  points?: number;
}

/** C(λ) summary over an ensemble of events. */
export interface Predictability {
  /** The ranks, sorted ascending (length E). */
  lambdas: Float64Array;
  /** λ values where C is evaluated. */
  grid: Float64Array;
  /** C(λ) = #{λ_i ≤ λ}/E on `grid` (right-continuous; C(0) is the share of top-bin hits). */
  cdf: Float64Array;
  /** Mean rank ⟨λ⟩ (≈ 1/2 for no predictability, 0 for perfect). */
  meanLambda: number;
  /** C(0.1): share of events in the top 10 % of bins (ranks ≤ 0.1). */
  c01: number;
  /** Number of events E. */
  n: number;
}

/** The options of predictability (a complete list: AllKeysOf checks it against PredictabilityOptions). */
const PREDICTABILITY_OPTION_NAMES = ['grid', 'points'] as const;
const predictabilityOptionNames: AllKeysOf<PredictabilityOptions, typeof PREDICTABILITY_OPTION_NAMES> = PREDICTABILITY_OPTION_NAMES;

/** The predictability function C(λ) and summaries from ranks λ ∈ [0, 1). */
export function predictability(ranks: Float64Array, options: PredictabilityOptions = {}): Predictability {
  expectKnownKeys('options', options, predictabilityOptionNames, 'predictability');
  expectFloat64Array('ranks', ranks);
  if (ranks.length === 0) throw new ArgumentRangeError('ranks: expected at least one rank, got length 0');
  for (let i = 0; i < ranks.length; i++) {
    if (!(ranks[i] >= 0 && ranks[i] < 1)) throw new ArgumentRangeError(`ranks: expected values in [0, 1), got ${ranks[i]} at index ${i}`);
  }
  let grid = options.grid;
  if (grid === undefined) {
    const points = options.points ?? 101;
    expectInteger('options.points', points, 2);
    grid = new Float64Array(points);
    for (let k = 0; k < points; k++) grid[k] = k / (points - 1);
  } else {
    if (options.points !== undefined) {
      throw new ArgumentRangeError(`options: expected at most one of grid / points, got grid and points=${describe(options.points)}`);
    }
    expectFloat64Array('options.grid', grid);
    expectAllFinite('options.grid', grid);
  }
  const lambdas = Float64Array.from(ranks).sort();
  const cdf = new Float64Array(grid.length);
  for (let k = 0; k < grid.length; k++) cdf[k] = ecdfAt(lambdas, grid[k]);
  let s = 0;
  for (let i = 0; i < lambdas.length; i++) s += lambdas[i];
  return { lambdas, grid, cdf, meanLambda: s / lambdas.length, c01: ecdfAt(lambdas, 0.1), n: lambdas.length };
}
