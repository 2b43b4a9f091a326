/**
 * Maximum-likelihood fit of a continuous power-law tail p(x) = ((α−1)/x_min)(x/x_min)^(−α),
 * x ≥ x_min, with x_min chosen by the Kolmogorov–Smirnov criterion and a bootstrap
 * confidence interval (Clauset, Shalizi & Newman, SIAM Review 51, 661 (2009), §3; docs/design.md §7).
 *
 * For a trial x_min with tail x_1..x_m ≥ x_min:
 *
 *     α̂(x_min) = 1 + m / Σ_i ln(x_i / x_min)                         (CSN Eq. 3.1)
 *     D(x_min) = max_{x ≥ x_min} |S(x) − P(x)|,  P(x) = 1 − (x/x_min)^(1−α̂)   (CSN Eq. 3.9)
 *
 * with S the empirical CDF of the tail. x̂_min minimises D over the candidates (ties: the
 * smaller x_min, i.e. the larger tail). Standard error σ = (α̂ − 1)/√m (CSN Eq. 3.2).
 *
 * Candidates: tails of at least `minTail` (default 50) points. If there are more distinct
 * values than `maxCandidates` (default 200), the candidates are the values at tail sizes
 * spaced geometrically between minTail and n (m_k = minTail·(n/minTail)^(k/(K−1))), which
 * keeps the same relative resolution for a tail that is 1 % or 90 % of the sample.
 *
 * Bootstrap (CSN §3.3 style): B resamples of the whole positive sample drawn with
 * replacement using the seeded xoshiro128** stream (random.ts); each is refitted,
 * including the choice of x_min, unless `bootstrapFixXmin` (or a fixed `xmin`) is given,
 * in which case α is re-estimated at the fitted x_min. With x_min fixed only the draws
 * that land in the tail matter: their number is Binomial(n, m/n) and, given it, they are
 * uniform over the m tail values, so each resample draws exactly that (the same
 * distribution as n draws from the whole sample). `ci` is the percentile interval
 * of the bootstrap α's at `level` (Hyndman–Fan type 7 quantiles). With `bootstrap: 0`
 * the CI is [NaN, NaN]; use `se`.
 *
 * Cost: O(n log n) to sort plus O(K·n) per fit at worst (K candidates, scanned from the
 * smallest tail up; the KS scan of a candidate stops as soon as it cannot beat the best so
 * far, for the large tails usually within their first values). The bootstrap repeats the
 * O(K·n) part B times (resamples are generated already sorted, O(n)), or O(min(m, n − m)
 * + m) per resample with a fixed x_min (m the tail size; an ensemble's tail is a small
 * part of its n values).
 *
 * Only x > 0 enter (zeros/negatives are ignored and not counted in n).
 */
import { portablePow } from '../portable/index.js';
import { binomial, createRng, type Rng } from '../random.js';
import { quantileSorted } from './empirical.js';
import { expectAllFinite, expectConfidenceLevel, expectFloat64Array, expectInteger, expectPositive, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of `fitPowerLaw`. */
export interface PowerLawFitOptions {
  /** Fix x_min (> 0) instead of scanning; the bootstrap then keeps it fixed too. */
  xmin?: number;
  /** Smallest tail size considered in the scan (integer ≥ 2, default 50). */
  minTail?: number;
  /** Maximum number of x_min candidates (integer ≥ 1, default 200). */
  maxCandidates?: number;
  /** Number of bootstrap resamples B (integer ≥ 0, default 200). */
  bootstrap?: number;
  /** Confidence level of the percentile interval, in (0, 1) (default 0.95). */
  level?: number;
  /** Keep x_min at the fitted value in the bootstrap (faster; default false). */
  bootstrapFixXmin?: boolean;
  /** Seed of the bootstrap stream (default 1); ignored when `rng` is given. */
  seed?: number | bigint;
  /** Bootstrap random stream (advanced by the call). */
  rng?: Rng;
}

/** Result of `fitPowerLaw`: density p(x) ~ x^(−alpha) for x ≥ xmin. */
export interface PowerLawFit {
  /** MLE exponent α̂ (> 1). */
  alpha: number;
  /** Lower bound of the power-law tail. */
  xmin: number;
  /** Tail size m (values ≥ xmin). */
  ntail: number;
  /** KS distance D between the tail and the fitted power law. */
  ks: number;
  /** Asymptotic standard error (α̂ − 1)/√m. */
  se: number;
  /** Bootstrap percentile interval [lo, hi] at `level`, or [NaN, NaN] without bootstrap. */
  ci: [number, number];
  /** Number of positive values used. */
  n: number;
  /** Bootstrap resamples that gave a valid fit (≤ B). */
  nBootstrap: number;
  /** Confidence level of `ci`. */
  level: number;
}

interface TailFit {
  alpha: number;
  xmin: number;
  ntail: number;
  ks: number;
}

/**
 * Fit at start index i of the sorted sample, given ln x (`logs`) and suffix sums
 * `suffix[i] = Σ_{j≥i} logs[j]`. Returns D = Infinity if no valid fit or if D provably
 * exceeds `bound` (early exit).
 */
function fitAt(sorted: Float64Array, logs: Float64Array, suffix: Float64Array, i: number, bound: number): TailFit {
  const n = sorted.length;
  const m = n - i;
  const lmin = logs[i];
  const sumLog = suffix[i] - m * lmin;
  // all-equal tails: Σ ln(x/x_min) = 0 exactly, but the suffix-sum difference may round to ±ε
  if (m < 2 || !(sorted[n - 1] > sorted[i]) || !(sumLog > 0)) return { alpha: NaN, xmin: sorted[i], ntail: m, ks: Infinity };
  const alpha = 1 + m / sumLog;
  const e = 1 - alpha;
  let d = 0;
  for (let j = 0; j < m; j++) {
    const p = 1 - Math.exp(e * (logs[i + j] - lmin));
    const a = Math.abs((j + 1) / m - p);
    const b = Math.abs(j / m - p);
    if (a > d) d = a;
    if (b > d) d = b;
    if (d > bound) return { alpha, xmin: sorted[i], ntail: m, ks: Infinity };
  }
  return { alpha, xmin: sorted[i], ntail: m, ks: d };
}

/** Candidate start indices (first occurrence of each candidate value), ascending, tails ≥ minTail. */
function candidates(sorted: Float64Array, minTail: number, maxCandidates: number): Int32Array {
  const n = sorted.length;
  const last = n - minTail;
  let unique = 0;
  for (let i = 0; i <= last; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
  if (unique <= maxCandidates) {
    const out = new Int32Array(unique);
    let k = 0;
    for (let i = 0; i <= last; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out[k++] = i;
    return out;
  }
  const idx: number[] = [];
  const ratio = n / minTail;
  for (let k = maxCandidates - 1; k >= 0; k--) {
    const m = Math.round(minTail * portablePow(ratio, maxCandidates === 1 ? 0 : k / (maxCandidates - 1)));
    let i = Math.max(0, Math.min(last, n - m));
    while (i > 0 && sorted[i - 1] === sorted[i]) i--;
    if (idx.length === 0 || idx[idx.length - 1] !== i) idx.push(i);
  }
  return Int32Array.from(idx); // ascending: m decreases as k descends
}

function prepare(sorted: Float64Array, logs: Float64Array, suffix: Float64Array): void {
  const n = sorted.length;
  suffix[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    logs[i] = Math.log(sorted[i]);
    suffix[i] = suffix[i + 1] + logs[i];
  }
}

/** Scan the candidates of a sorted positive sample; null if none gives a valid fit. */
function scan(sorted: Float64Array, logs: Float64Array, suffix: Float64Array, minTail: number, maxCandidates: number): TailFit | null {
  const cand = candidates(sorted, minTail, maxCandidates);
  let best: TailFit | null = null;
  // From the far tail inwards: the small tails are cheap, and the bound they set lets the
  // large ones stop early (a large tail's D usually exceeds it within its first values).
  // `<=` keeps the smaller x_min on ties, as the ascending scan's `<` would: the result is
  // the same candidate either way (a candidate cut short has D > the final minimum).
  for (let k = cand.length - 1; k >= 0; k--) {
    const f = fitAt(sorted, logs, suffix, cand[k], best === null ? Infinity : best.ks);
    if (f.ks !== Infinity && f.ks <= (best === null ? Infinity : best.ks)) best = f;
  }
  return best;
}

/** First index with sorted[i] ≥ x (n if none). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fit with a fixed x_min on a sorted sample. */
function fitFixed(sorted: Float64Array, logs: Float64Array, suffix: Float64Array, xmin: number): TailFit {
  const i = lowerBound(sorted, xmin);
  const n = sorted.length;
  const m = n - i;
  const lx = Math.log(xmin);
  const sumLog = suffix[i] - m * lx;
  if (m < 2 || !(sorted[n - 1] > xmin) || !(sumLog > 0)) return { alpha: NaN, xmin, ntail: m, ks: NaN };
  const alpha = 1 + m / sumLog;
  const e = 1 - alpha;
  let d = 0;
  for (let j = 0; j < m; j++) {
    const p = 1 - Math.exp(e * (logs[i + j] - lx));
    d = Math.max(d, Math.abs((j + 1) / m - p), Math.abs(j / m - p));
  }
  return { alpha, xmin, ntail: m, ks: d };
}

/** Default smallest tail of the KS scan (`minTail`). */
export const DEFAULT_MIN_TAIL = 50;

/** The options of fitPowerLaw (a complete list: AllKeysOf checks it against PowerLawFitOptions). */
const POWER_LAW_OPTION_NAMES = ['xmin', 'minTail', 'maxCandidates', 'bootstrap', 'level', 'bootstrapFixXmin', 'seed', 'rng'] as const;
const powerLawOptionNames: AllKeysOf<PowerLawFitOptions, typeof POWER_LAW_OPTION_NAMES> = POWER_LAW_OPTION_NAMES;

/**
 * Fit p(x) ~ x^(−α) to the tail of `values` (see the file header for formulas and cost).
 *
 * Throws TypeError if `values` is not a Float64Array; RangeError for non-finite values,
 * bad options, fewer than `minTail` positive values, or no valid fit (e.g. all tail
 * values equal).
 */
export function fitPowerLaw(values: Float64Array, options: PowerLawFitOptions = {}): PowerLawFit {
  expectKnownKeys('options', options, powerLawOptionNames, 'fitPowerLaw');
  expectFloat64Array('values', values);
  expectAllFinite('values', values);
  const minTail = options.minTail ?? DEFAULT_MIN_TAIL;
  const maxCandidates = options.maxCandidates ?? 200;
  const B = options.bootstrap ?? 200;
  const level = options.level ?? 0.95;
  expectInteger('options.minTail', minTail, 2);
  expectInteger('options.maxCandidates', maxCandidates, 1);
  expectInteger('options.bootstrap', B, 0);
  expectConfidenceLevel('options.level', level);
  if (options.xmin !== undefined) expectPositive('options.xmin', options.xmin);

  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) n++;
  const sorted = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i] > 0) sorted[k++] = values[i];
  sorted.sort();
  const fixed = options.xmin !== undefined;
  if (!fixed && n < minTail) {
    throw new ArgumentRangeError(`values: expected at least minTail = ${minTail} positive values, got ${n}`);
  }
  const logs = new Float64Array(n);
  const suffix = new Float64Array(n + 1);
  prepare(sorted, logs, suffix);

  const fit = fixed ? fitFixed(sorted, logs, suffix, options.xmin as number) : scan(sorted, logs, suffix, minTail, maxCandidates);
  if (fit === null || !Number.isFinite(fit.alpha)) {
    throw new ArgumentRangeError(`values: expected a tail with at least two distinct values above x_min, got ${fit === null ? 'none' : `ntail = ${fit.ntail}`}`);
  }

  // ---- bootstrap ----
  const rng = options.rng ?? createRng(options.seed ?? 1);
  const alphas = new Float64Array(B);
  let nb = 0;
  if (B > 0) {
    const keepXmin = fixed || options.bootstrapFixXmin === true;
    // the refitting bootstrap's resample buffers (not needed with x_min fixed)
    const size = keepXmin ? 0 : n;
    const mult = new Int32Array(size);
    const rs = new Float64Array(size);
    const rl = new Float64Array(size);
    const rsuf = new Float64Array(size + 1);
    const lxmin = Math.log(fit.xmin);
    const tailStart = lowerBound(sorted, fit.xmin);
    const tailSize = n - tailStart;
    for (let b = 0; b < B; b++) {
      let a: number;
      if (keepXmin) {
        // Of n draws with replacement, those that land in the tail (values ≥ x_min) are
        // Binomial(n, m/n) in number and, given their number, uniform over the tail: drawn
        // that way, a resample costs O(m) instead of O(n) scattered reads of the sample.
        const count = binomial(rng, n, tailSize / n);
        let s = 0;
        for (let t = 0; t < count; t++) s += logs[tailStart + rng.uniformInt(tailSize)] - lxmin;
        a = count >= 2 && s > 0 ? 1 + count / s : NaN;
      } else {
        // draw n indices with replacement, then emit them in sorted order via multiplicities
        mult.fill(0);
        for (let t = 0; t < n; t++) mult[rng.uniformInt(n)]++;
        let k = 0;
        for (let j = 0; j < n; j++) {
          for (let c = mult[j]; c > 0; c--) {
            rs[k] = sorted[j];
            rl[k] = logs[j];
            k++;
          }
        }
        rsuf[n] = 0;
        for (let j = n - 1; j >= 0; j--) rsuf[j] = rsuf[j + 1] + rl[j];
        const f = scan(rs, rl, rsuf, minTail, maxCandidates);
        a = f === null ? NaN : f.alpha;
      }
      if (Number.isFinite(a)) alphas[nb++] = a;
    }
  }
  const boot = alphas.subarray(0, nb).sort();
  const ci: [number, number] = nb > 0
    ? [quantileSorted(boot, (1 - level) / 2), quantileSorted(boot, 1 - (1 - level) / 2)]
    : [NaN, NaN];

  return {
    alpha: fit.alpha,
    xmin: fit.xmin,
    ntail: fit.ntail,
    ks: fit.ks,
    se: (fit.alpha - 1) / Math.sqrt(fit.ntail),
    ci,
    n,
    nBootstrap: nb,
    level,
  };
}
