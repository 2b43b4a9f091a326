/**
 * Empirical distribution helpers: sorted copies, the empirical CDF, percentiles,
 * fractions below a threshold (paper Fig. S1, C(Err); Fig. 4, C(λ)).
 *
 * Conventions:
 * - ECDF: F_n(x) = #{i : x_i ≤ x} / n (right-continuous).
 * - Percentile p ∈ [0, 100] by linear interpolation between order statistics,
 *   Hyndman & Fan (1996) definition 7 (numpy's default "linear"):
 *   h = (n − 1)·p/100, Q = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), 0-based order statistics.
 */
import { expectFloat64Array, describe } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

function checkNoNaN(name: string, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) throw new ArgumentRangeError(`${name}: expected no NaN, got NaN at index ${i}`);
  }
}

/** Sorted ascending copy (±Infinity allowed, NaN rejected). */
export function sortedCopy(values: Float64Array): Float64Array {
  expectFloat64Array('values', values);
  checkNoNaN('values', values);
  return Float64Array.from(values).sort();
}

/** Quantile q ∈ [0, 1] of an already sorted array, Hyndman–Fan type 7. NaN if empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const f = h - lo;
  return f === 0 ? sorted[lo] : sorted[lo] + f * (sorted[lo + 1] - sorted[lo]);
}

/**
 * Quantile q ∈ [0, 1] of `values` (not reordered), Hyndman–Fan type 7: the same number as
 * quantileSorted(sortedCopy(values), q), found by selection in O(n) expected time instead
 * of an O(n log n) sort (Hoare's quickselect with a median-of-three pivot; a range that
 * does not shrink fast enough is sorted). NaN if empty; NaN values rejected.
 */
export function quantileOf(values: Float64Array, q: number): number {
  return quantilesOf(values, [q])[0];
}

/**
 * The quantiles `qs` (each in [0, 1]) of `values` (not reordered), as {@link quantileOf}
 * gives them one by one, from one copy of the values: O(n) expected time per quantile.
 */
export function quantilesOf(values: Float64Array, qs: ArrayLike<number>): Float64Array {
  expectFloat64Array('values', values);
  checkNoNaN('values', values);
  for (let t = 0; t < qs.length; t++) {
    if (!(qs[t] >= 0 && qs[t] <= 1)) throw new ArgumentRangeError(`q: expected a number in [0, 1], got ${qs[t]}`);
  }
  const out = new Float64Array(qs.length);
  const n = values.length;
  if (n === 0) return out.fill(NaN);
  const a = Float64Array.from(values);
  for (let t = 0; t < qs.length; t++) {
    // Selection leaves a permutation of the values, on which the next selection is as valid.
    const h = (n - 1) * qs[t];
    const k = Math.min(Math.floor(h), n - 1);
    selectInPlace(a, k);
    const f = h - k;
    if (k >= n - 1 || f === 0) {
      out[t] = a[k];
      continue;
    }
    let next = Infinity; // x_(k+1): the smallest of what selection left above k
    for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
    out[t] = a[k] + f * (next - a[k]);
  }
  return out;
}

/** Reorders `a` so that a[k] is its k-th smallest, a[< k] ≤ a[k] ≤ a[> k]. */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0, hi = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi > lo) {
    if (budget-- === 0) { // adversarial input: finish by sorting the range
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // j < k < i: a[k] equals the pivot and sits between the parts
  }
}

/**
 * Percentiles (p in [0, 100]) of `values`, linear interpolation (Hyndman–Fan 7).
 * @returns Float64Array of the same length as `ps`.
 */
export function percentiles(values: Float64Array, ps: ArrayLike<number>): Float64Array {
  const sorted = sortedCopy(values);
  if (sorted.length === 0) throw new ArgumentRangeError('values: expected at least one value, got length 0');
  const out = new Float64Array(ps.length);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
      throw new ArgumentRangeError(`ps[${i}]: expected a percentile in [0, 100], got ${describe(p)}`);
    }
    out[i] = quantileSorted(sorted, p / 100);
  }
  return out;
}

/** Fraction of values strictly below `threshold` (e.g. the share of Err < 1e-2 %). */
export function fractionBelow(values: Float64Array, threshold: number): number {
  expectFloat64Array('values', values);
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new ArgumentTypeError(`threshold: expected a number, got ${describe(threshold)}`);
  }
  if (values.length === 0) throw new ArgumentRangeError('values: expected at least one value, got length 0');
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < threshold) k++;
  return k / values.length;
}

/** An empirical CDF as step points: F(x[i]) = y[i] = (i + 1)/n for the sorted sample x. */
export interface Ecdf {
  /** Sorted sample, length n. */
  x: Float64Array;
  /** (i + 1)/n, length n. */
  y: Float64Array;
}

/** The empirical CDF of `values` as step points (for plotting C(Err), C(λ)). */
export function ecdf(values: Float64Array): Ecdf {
  const x = sortedCopy(values);
  const n = x.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = (i + 1) / n;
  return { x, y };
}

/** F_n(t) = #{x_i ≤ t}/n for a sorted sample, by binary search. O(log n). 0 if empty. */
export function ecdfAt(sorted: Float64Array, t: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  let lo = 0;
  let hi = n; // first index with sorted[i] > t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo / n;
}

/** F_n evaluated at every point of `grid` (sorted sample given). Returns a new Float64Array. */
export function ecdfOnGrid(sorted: Float64Array, grid: Float64Array): Float64Array {
  const out = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i++) out[i] = ecdfAt(sorted, grid[i]);
  return out;
}
