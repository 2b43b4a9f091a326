/**
 * A power-law slope from points that come in groups (the quasilocalized modes of each
 * glass), with the interval over groups.
 *
 * Estimate: the OLS line (ols.ts) of y on x over all points, e.g. x = ln ω and
 * y = ln max|c| of every quasilocalized mode of an ensemble; the premise c ~ ω⁻⁴ predicts
 * slope −4 (dc/dγ ~ ω⁻⁸: −8).
 *
 * Interval: the points of one glass are not independent (its modes share a structure and
 * hybridize with each other), so the bootstrap resamples whole groups with replacement
 * (the cluster bootstrap; Davison & Hinkley, "Bootstrap Methods and their Application"
 * (1997), §3.8) and recomputes the slope from the union of their points; the interval is
 * the percentile interval at `level`. With one point per group it is the ordinary pairs
 * bootstrap. Resamples whose x are all equal (slope undefined) are dropped and counted.
 *
 * Cost: O(B · n) for n points and B resamples.
 */
import { quantileSorted } from './empirical.js';
import { olsLine } from './ols.js';
import { createRng, type Rng } from '../random.js';
import { describe, expectAllFinite, expectConfidenceLevel, expectFloat64Array, expectInt32Array, expectInteger, expectLength, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of `fitGroupedSlope`. */
export interface GroupedSlopeOptions {
  /** Bootstrap resamples B (integer ≥ 0, default 1000). */
  bootstrap?: number;
  /** Confidence level of the percentile interval, in (0, 1) (default 0.95). */
  level?: number;
  /** Seed of the bootstrap stream (default 1); ignored when `rng` is given. */
  seed?: number | bigint;
  /** Bootstrap random stream (advanced by the call). */
  rng?: Rng;
}

/** Result of `fitGroupedSlope`: y ≈ intercept + slope · x. */
export interface GroupedSlope {
  slope: number;
  intercept: number;
  /** Percentile interval of the slope over groups; [NaN, NaN] without bootstrap. */
  ci: [number, number];
  /** Number of points and of distinct groups. */
  points: number;
  groups: number;
  /** Resamples used (B less the dropped ones). */
  nBootstrap: number;
  level: number;
}

/** The options of fitGroupedSlope (a complete list: AllKeysOf checks it against GroupedSlopeOptions). */
const GROUPED_SLOPE_OPTION_NAMES = ['bootstrap', 'level', 'seed', 'rng'] as const;
const groupedSlopeOptionNames: AllKeysOf<GroupedSlopeOptions, typeof GROUPED_SLOPE_OPTION_NAMES> = GROUPED_SLOPE_OPTION_NAMES;

/**
 * OLS slope of y on x with a cluster-bootstrap interval over `group` (file header).
 * @param x      Float64Array(n), finite
 * @param y      Float64Array(n), finite
 * @param group  Int32Array(n): the group (glass) of each point, any integers
 * @throws TypeError for wrong array types; RangeError for length mismatch, non-finite
 *   values, fewer than 2 points, all x equal, or bad options
 */
export function fitGroupedSlope(x: Float64Array, y: Float64Array, group: Int32Array, options: GroupedSlopeOptions = {}): GroupedSlope {
  expectKnownKeys('options', options, groupedSlopeOptionNames, 'fitGroupedSlope');
  expectFloat64Array('x', x);
  expectFloat64Array('y', y, x.length);
  expectInt32Array('group', group);
  expectLength('group', group, x.length);
  expectAllFinite('x', x);
  expectAllFinite('y', y);
  const B = expectInteger('options.bootstrap', options.bootstrap ?? 1000, 0);
  const level = expectConfidenceLevel('options.level', options.level ?? 0.95);
  const n = x.length;
  if (n < 2) throw new ArgumentRangeError(`x: expected at least 2 points for a slope, got ${n}`);
  const [slope, intercept] = olsLine(x, y);
  if (!Number.isFinite(slope)) throw new ArgumentRangeError(`x: expected at least two distinct values, got all equal to ${describe(x[0])}; a slope needs a spread in x`);

  // Points of each group, as index lists.
  const members = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const list = members.get(group[k]);
    if (list) list.push(k); else members.set(group[k], [k]);
  }
  const lists = [...members.values()];
  const G = lists.length;
  const rng = options.rng ?? createRng(options.seed ?? 1);
  const boot: number[] = [];
  const xs: number[] = [], ys: number[] = [];
  for (let b = 0; b < B; b++) {
    xs.length = 0;
    ys.length = 0;
    for (let g = 0; g < G; g++) {
      for (const k of lists[rng.uniformInt(G)]) { xs.push(x[k]); ys.push(y[k]); }
    }
    const s = olsLine(xs, ys)[0];
    if (Number.isFinite(s)) boot.push(s);
  }
  const sorted = Float64Array.from(boot).sort();
  const ci: [number, number] = sorted.length > 0
    ? [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, 1 - (1 - level) / 2)]
    : [NaN, NaN];
  return { slope, intercept, ci, points: n, groups: G, nBootstrap: sorted.length, level };
}
