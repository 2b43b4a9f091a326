/**
 * Per-glass maxima and their extreme-value (Fréchet) fit.
 *
 * If the values of one glass have a power-law tail P(|x| > X) ~ X^(−(α−1)) (density
 * p(x) ~ x^(−α), the convention of `fitPowerLaw`), the maximum M_g of the n values of a
 * glass is, for large n, Fréchet distributed with shape a = α − 1 (Fisher & Tippett 1928;
 * Gnedenko 1943; Embrechts, Klüppelberg & Mikosch, "Modelling Extremal Events" (1997),
 * Thm 3.3.7; Coles, "An Introduction to Statistical Modeling of Extreme Values" (2001),
 * §3.1.3, GEV with ξ = 1/a > 0):
 *
 *     P(M ≤ x) = exp(−(x/s)^(−a)),  x > 0;   f(x) = (a/s)(x/s)^(−1−a) exp(−(x/s)^(−a))
 *
 * with the scale s ∝ n^(1/a). One value per glass: the glasses are independent, so the
 * fit needs no assumption about how the values inside a glass are correlated.
 *
 * Maximum likelihood (the two-parameter Fréchet is the Weibull law of 1/x; Cohen,
 * Technometrics 7, 579 (1965)): with ℓ = n ln a + n a ln s − (1+a) Σ ln x_i − s^a Σ x_i^(−a),
 *
 *     ∂ℓ/∂s = 0:  s^a = n / Σ x_i^(−a)
 *     ∂ℓ/∂a = 0 (s profiled out):  g(a) = 1/a + Σ w_i u_i / Σ w_i = 0,
 *                 u_i = ln x_i − mean(ln x),  w_i = exp(−a u_i)
 *
 * g is strictly decreasing (g'(a) = −1/a² − Var_w(u) < 0), from +∞ at a → 0 to
 * min u_i < 0 as a → ∞, so the root is unique whenever the x_i are not all equal.
 * Solver: Newton on g, safeguarded by bisection inside a bracket [lo, hi] with g(lo) > 0 >
 * g(hi) (the bracket found by doubling / halving from a = 1), to |Δa| ≤ 1e-12·a.
 * The weights are formed as exp(−a(u_i − u_min)) so no term overflows.
 *
 * Intervals: bootstrap over glasses (resample the n maxima with replacement, refit),
 * through pivots of the family (bootstrap.ts): ln M is Gumbel with location ln s and scale
 * 1/a, so â/a and (ln ŝ − ln s)·â have distributions free of a and s. The shape's interval
 * is the basic one of ln â, [â²/â*_(1−α/2), â²/â*_(α/2)]; the scale's the studentized one of
 * ln ŝ with the pivot (ln ŝ* − ln ŝ)·â*. The shape's 95 % interval covered the true shape in
 * 90 % of ensembles of 6 glasses, 94 % of 20 and 92 % of 50, where the percentile interval of
 * the â* covered 65 %, 87 % and 89 % (it inherits the upward small-sample bias of â; seeded
 * runs of scripts/interval-coverage.ts). The asymptotic standard error of â is also given,
 * se(â) = â·√6/(π√n) ≈ 0.780 â/√n (inverse Fisher information of the Weibull shape with the
 * scale unknown; Cohen 1965).
 *
 * Cost: O(n) per Newton step, ~10 steps; the bootstrap repeats it B times.
 */
import { createRng, type Rng } from '../random.js';
import { basicLogInterval, studentizedInterval } from './bootstrap.js';
import { expectAllFinite, expectConfidenceLevel, expectFloat64Array, expectInteger, describe, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Options of `fitFrechet`. */
export interface FrechetFitOptions {
  /** Number of bootstrap resamples over glasses B (integer ≥ 0, default 1000). */
  bootstrap?: number;
  /** Confidence level of the intervals, in (0, 1) (default 0.95). */
  level?: number;
  /** Seed of the bootstrap stream (default 1); ignored when `rng` is given. */
  seed?: number | bigint;
  /** Bootstrap random stream (advanced by the call). */
  rng?: Rng;
}

/** Result of `fitFrechet`: P(M ≤ x) = exp(−(x/scale)^(−shape)). */
export interface FrechetFit {
  /** MLE shape â (= α − 1 of the underlying tail). */
  shape: number;
  /** MLE scale ŝ (same units as the maxima). */
  scale: number;
  /** Implied tail exponent of the density of the values, α̂ = 1 + â. */
  alpha: number;
  /** Asymptotic standard error of â, â·√6/(π√n). */
  se: number;
  /** Bootstrap-over-glasses interval of the shape (basic, of ln â), [NaN, NaN] without bootstrap. */
  shapeCi: [number, number];
  /** The same interval shifted to α = 1 + a. */
  alphaCi: [number, number];
  /** Bootstrap-over-glasses interval of the scale (studentized, of ln ŝ). */
  scaleCi: [number, number];
  /** Number of maxima (glasses). */
  n: number;
  /** Bootstrap resamples with a valid fit (≤ B; a resample of all-equal maxima has none). */
  nBootstrap: number;
  /** Confidence level of the intervals. */
  level: number;
}

/**
 * The largest |x| of each glass. Shapes: `perGlass[g]` any length ≥ 1; returns
 * Float64Array(perGlass.length). Throws TypeError for a non-array / non-Float64Array
 * entry, RangeError for an empty glass or non-finite values.
 */
export function perGlassMaxima(perGlass: readonly Float64Array[]): Float64Array {
  if (!Array.isArray(perGlass)) throw new ArgumentTypeError(`perGlass: expected an array of Float64Array (one per glass), got ${describe(perGlass)}`);
  const out = new Float64Array(perGlass.length);
  for (let g = 0; g < perGlass.length; g++) {
    const v = perGlass[g];
    expectFloat64Array(`perGlass[${g}]`, v);
    expectAllFinite(`perGlass[${g}]`, v);
    if (v.length === 0) throw new ArgumentRangeError(`perGlass[${g}]: expected at least one value, got length 0`);
    let m = 0;
    for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]));
    out[g] = m;
  }
  return out;
}

/** MLE (shape, scale) of positive `x` given its logs; NaN if all values are equal. */
function mle(logs: Float64Array): { shape: number; scale: number } {
  const n = logs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += logs[i];
  mean /= n;
  let umin = Infinity;
  let umax = -Infinity;
  for (let i = 0; i < n; i++) {
    umin = Math.min(umin, logs[i] - mean);
    umax = Math.max(umax, logs[i] - mean);
  }
  if (!(umax - umin > 1e-14 * Math.max(1, Math.abs(mean)))) return { shape: NaN, scale: NaN };
  // g(a) and g'(a); weights exp(−a(u − u_min)) ≤ 1
  const eval_ = (a: number): [number, number, number] => {
    let sw = 0, swu = 0, swuu = 0;
    for (let i = 0; i < n; i++) {
      const u = logs[i] - mean;
      const w = Math.exp(-a * (u - umin));
      sw += w;
      swu += w * u;
      swuu += w * u * u;
    }
    const mu = swu / sw;
    return [1 / a + mu, -1 / (a * a) - (swuu / sw - mu * mu), sw];
  };
  let lo = 1, hi = 1;
  while (eval_(lo)[0] <= 0) lo /= 2;
  while (eval_(hi)[0] >= 0) hi *= 2;
  let a = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const [g, dg] = eval_(a);
    if (g > 0) lo = a;
    else hi = a;
    let next = a - g / dg;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const done = Math.abs(next - a) <= 1e-12 * a;
    a = next;
    if (done || hi - lo <= 1e-14 * a) break;
  }
  // Σ x^(−a) = sw·exp(−a(mean + u_min)) with sw = Σ exp(−a(u − u_min)), so s^a = n / Σ x^(−a) gives
  const sw = eval_(a)[2];
  const scale = Math.exp(mean + umin + Math.log(n / sw) / a);
  return { shape: a, scale };
}

/** The options of fitFrechet (a complete list: AllKeysOf checks it against FrechetFitOptions). */
const FRECHET_OPTION_NAMES = ['bootstrap', 'level', 'seed', 'rng'] as const;
const frechetOptionNames: AllKeysOf<FrechetFitOptions, typeof FRECHET_OPTION_NAMES> = FRECHET_OPTION_NAMES;

/**
 * Maximum-likelihood Fréchet fit of per-glass maxima with a bootstrap over glasses (see
 * the file header for the likelihood equations, the solver and the interval).
 * Shapes: `maxima` Float64Array(nGlasses), all > 0 and finite.
 *
 * Throws TypeError if `maxima` is not a Float64Array; RangeError for fewer than 3
 * maxima, a non-positive or non-finite value, all values equal, or bad options.
 */
export function fitFrechet(maxima: Float64Array, options: FrechetFitOptions = {}): FrechetFit {
  expectKnownKeys('options', options, frechetOptionNames, 'fitFrechet');
  expectFloat64Array('maxima', maxima);
  expectAllFinite('maxima', maxima);
  const B = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  expectInteger('options.bootstrap', B, 0);
  expectConfidenceLevel('options.level', level);
  const n = maxima.length;
  if (n < 3) throw new ArgumentRangeError(`maxima: expected at least 3 per-glass maxima, got ${n}`);
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(maxima[i] > 0)) throw new ArgumentRangeError(`maxima: expected positive values, got ${maxima[i]} at index ${i}`);
    logs[i] = Math.log(maxima[i]);
  }
  const fit = mle(logs);
  if (!Number.isFinite(fit.shape)) throw new ArgumentRangeError('maxima: expected at least two distinct values, got all equal');

  const rng = options.rng ?? createRng(options.seed ?? 1);
  const shapes = new Float64Array(B);
  const scales = new Float64Array(B);
  const rl = new Float64Array(n);
  let nb = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) rl[i] = logs[rng.uniformInt(n)];
    const f = mle(rl);
    if (Number.isFinite(f.shape)) {
      shapes[nb] = f.shape;
      scales[nb] = f.scale;
      nb++;
    }
  }
  // ln s is the location of ln M in units of its scale 1/a: (ln ŝ* − ln ŝ)·â* estimates (ln ŝ − ln s)·â
  const pivots = new Float64Array(nb);
  for (let b = 0; b < nb; b++) pivots[b] = (Math.log(scales[b]) - Math.log(fit.scale)) * shapes[b];
  const scaleCi = studentizedInterval(Math.log(fit.scale), 1 / fit.shape, pivots, level).map(Math.exp) as [number, number];
  const shapeCi = basicLogInterval(fit.shape, shapes.subarray(0, nb), level);
  return {
    shape: fit.shape,
    scale: fit.scale,
    alpha: 1 + fit.shape,
    se: (fit.shape * Math.sqrt(6)) / (Math.PI * Math.sqrt(n)),
    shapeCi,
    alphaCi: [1 + shapeCi[0], 1 + shapeCi[1]],
    scaleCi,
    n,
    nBootstrap: nb,
    level,
  };
}
