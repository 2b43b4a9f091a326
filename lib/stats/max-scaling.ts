/**
 * Finite-size scaling of the per-glass maximum: the slope of ln(typical max) against ln N
 * over ensembles of several sizes, with a bootstrap over glasses.
 *
 * Theory (`maxScalingFromScaling`, theory.ts): for a field x ~ ω^(−m) over quasilocalized
 * modes with D(ω) ~ ω⁴, the per-bond tail is P(|x| > X) ~ X^(−5/m), so the maximum of a
 * glass of N particles is Fréchet with shape 5/m and scale ∝ N^(m/5); its median grows as
 * N^(m/5): m/5 = 0.8, 1.6, 2.4 for |c|, |dc/dγ|, |c·dc/dγ|.
 *
 * Estimate: with T_s the typical maximum of size N_s (the median of its per-glass maxima,
 * or their mean), the ordinary least-squares slope
 *
 *     b̂ = Σ_s (X_s − X̄)(Y_s − Ȳ) / Σ_s (X_s − X̄)²,   X_s = ln N_s,  Y_s = ln T_s
 *
 * and intercept Ȳ − b̂ X̄. Interval: stratified bootstrap over glasses (Davison & Hinkley,
 * "Bootstrap Methods and their Application" (1997), §3.2): each resample draws the glasses
 * of every size with replacement within that size, recomputes every T_s and b̂*; the
 * percentile interval of the b̂* at `level`.
 *
 * Median, not mean, by default: a Fréchet law of shape a ≤ 1 has no mean, and 5/m ≤ 1 for
 * m ≥ 5, i.e. for |dc/dγ| and |c·dc/dγ|. Their sample mean is set by the largest glass and
 * its slope does not converge; `statistic: 'mean'` is offered for |c| (shape 5/4) only.
 *
 * Cost: O(B · Σ_s n_s log n_s).
 */
import { quantileSorted } from './empirical.js';
import { olsLine } from './ols.js';
import { createRng, type Rng } from '../random.js';
import { expectAllFinite, expectConfidenceLevel, expectFloat64Array, expectInteger, expectOneOf, expectPositive, describe, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The per-glass maxima of one glass size. */
export interface SizeMaxima {
  /** Glass size N (particles, or bonds: only ratios of N matter). */
  n: number;
  /** One maximum per glass (Float64Array(nGlasses), all > 0). */
  maxima: Float64Array;
}

/** Options of `fitMaxScaling`. */
export interface MaxScalingOptions {
  /** Typical maximum of a size: 'median' (default) or 'mean'. */
  statistic?: 'median' | 'mean';
  /** Number of bootstrap resamples B (integer ≥ 0, default 1000). */
  bootstrap?: number;
  /** Confidence level of the percentile interval, in (0, 1) (default 0.95). */
  level?: number;
  /** Seed of the bootstrap stream (default 1); ignored when `rng` is given. */
  seed?: number | bigint;
  /** Bootstrap random stream (advanced by the call). */
  rng?: Rng;
}

/** Result of `fitMaxScaling`: typical max ≈ exp(intercept) · N^slope. */
export interface MaxScaling {
  /** OLS slope b̂ of ln T against ln N. */
  slope: number;
  /** Intercept of the same line. */
  intercept: number;
  /** Bootstrap percentile interval of the slope, [NaN, NaN] without bootstrap. */
  ci: [number, number];
  /** The sizes N_s (Float64Array(S), as given). */
  sizes: Float64Array;
  /** The typical maximum T_s of each size (Float64Array(S)). */
  typical: Float64Array;
  /** Which statistic T is. */
  statistic: 'median' | 'mean';
  /** Number of resamples. */
  nBootstrap: number;
  /** Confidence level of `ci`. */
  level: number;
}

const STATISTICS = ['median', 'mean'] as const;

function typicalOf(v: Float64Array, statistic: 'median' | 'mean', scratch: Float64Array): number {
  if (statistic === 'mean') {
    let s = 0;
    for (let k = 0; k < v.length; k++) s += v[k];
    return s / v.length;
  }
  scratch.set(v);
  return quantileSorted(scratch.sort(), 0.5);
}

/** The options of fitMaxScaling (a complete list: AllKeysOf checks it against MaxScalingOptions). */
const MAX_SCALING_OPTION_NAMES = ['statistic', 'bootstrap', 'level', 'seed', 'rng'] as const;
const maxScalingOptionNames: AllKeysOf<MaxScalingOptions, typeof MAX_SCALING_OPTION_NAMES> = MAX_SCALING_OPTION_NAMES;

/**
 * Slope of ln(typical per-glass maximum) against ln N with a stratified bootstrap over
 * glasses (file header). Throws TypeError for a non-array or a non-Float64Array `maxima`;
 * RangeError for fewer than 2 distinct sizes, a size without maxima, a non-positive
 * maximum or size, or bad options.
 */
export function fitMaxScaling(groups: readonly SizeMaxima[], options: MaxScalingOptions = {}): MaxScaling {
  expectKnownKeys('options', options, maxScalingOptionNames, 'fitMaxScaling');
  if (!Array.isArray(groups)) throw new ArgumentTypeError(`groups: expected an array of { n, maxima }, got ${describe(groups)}`);
  const statistic = expectOneOf('options.statistic', options.statistic ?? 'median', STATISTICS);
  const B = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  expectInteger('options.bootstrap', B, 0);
  expectConfidenceLevel('options.level', level);
  const S = groups.length;
  const x = new Float64Array(S);
  const sizes = new Float64Array(S);
  groups.forEach((grp, s) => {
    expectPositive(`groups[${s}].n`, grp?.n);
    expectFloat64Array(`groups[${s}].maxima`, grp.maxima);
    expectAllFinite(`groups[${s}].maxima`, grp.maxima);
    if (grp.maxima.length === 0) throw new ArgumentRangeError(`groups[${s}].maxima: expected at least one per-glass maximum, got length 0`);
    const v = grp.maxima;
    for (let k = 0; k < v.length; k++) {
      if (!(v[k] > 0)) throw new ArgumentRangeError(`groups[${s}].maxima: expected positive values, got ${v[k]} at index ${k}`);
    }
    sizes[s] = grp.n;
    x[s] = Math.log(grp.n);
  });
  if (new Set(sizes).size < 2) throw new ArgumentRangeError(`groups: expected at least 2 distinct sizes n, got ${new Set(sizes).size}`);

  const scratch = groups.map((g) => new Float64Array(g.maxima.length));
  const typical = Float64Array.from(groups, (g, s) => typicalOf(g.maxima, statistic, scratch[s]));
  const [slope, intercept] = olsLine(x, typical.map(Math.log));

  const rng = options.rng ?? createRng(options.seed ?? 1);
  const boot = new Float64Array(B);
  const y = new Float64Array(S);
  const resample = groups.map((g) => new Float64Array(g.maxima.length));
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      const v = groups[s].maxima;
      const r = resample[s];
      for (let k = 0; k < r.length; k++) r[k] = v[rng.uniformInt(v.length)];
      y[s] = Math.log(typicalOf(r, statistic, scratch[s]));
    }
    boot[b] = olsLine(x, y)[0];
  }
  boot.sort();
  const ci: [number, number] = B > 0
    ? [quantileSorted(boot, (1 - level) / 2), quantileSorted(boot, 1 - (1 - level) / 2)]
    : [NaN, NaN];
  return { slope, intercept, ci, sizes, typical, statistic, nBootstrap: B, level };
}
