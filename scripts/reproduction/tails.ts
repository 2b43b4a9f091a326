/**
 * Tail fits shared by the reproduction scripts (scripts/reproduction-report.ts,
 * scripts/anneal-study.ts): the CSN power-law fit with two confidence intervals, and the
 * exponent at fixed x_min quantiles.
 */
import { fitPowerLaw, percentiles } from '../../lib/stats/index.js';
import { createRng } from '../../lib/random.js';

export const mean = (a: ArrayLike<number>): number => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k]; return s / a.length; };
export const sd = (a: ArrayLike<number>): number => { const m = mean(a); let s = 0; for (let k = 0; k < a.length; k++) s += (a[k] - m) ** 2; return Math.sqrt(s / (a.length - 1)); };
export const concat = (arrays: Float64Array[]): Float64Array => {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
};
export const positive = (v: Float64Array): Float64Array => v.filter((x) => x > 0 && Number.isFinite(x));

export interface Exponent {
  value: number;
  /** 95 % interval from resampling whole glasses (x_min fixed): the bonds of one soft spot are not independent. */
  lo: number; hi: number;
  xmin: number; ntail: number; n: number; se: number; theory: number;
  /** 95 % interval from resampling values (as summary.json): too narrow for clustered values. */
  valueLo: number; valueHi: number;
}
export interface RangePoint { quantile: number; xmin: number; alpha: number; se: number; ntail: number }


/**
 * CSN fit with KS-chosen x_min and a 95 % bootstrap interval over values (100 resamples,
 * x_min fixed), as aggregate's `ciValues` (its `ci` is over glasses since 2026-12-07, studentized:
 * lib/stats/glass-tails.ts); plus a 95 % percentile interval from resampling glasses: with x_min
 * fixed, α̂ = 1 + m / Σ ln(x/x_min) over the tail, so each glass contributes (m_g, S_g).
 */
export function exponent(perGlass: Float64Array[], theory: number): Exponent {
  const f = fitPowerLaw(positive(concat(perGlass)), { bootstrap: 100, bootstrapFixXmin: true, seed: 1 });
  const lx = Math.log(f.xmin);
  const m = perGlass.map((v) => v.filter((x) => x >= f.xmin).length);
  const S = perGlass.map((v) => v.reduce((acc, x) => (x >= f.xmin ? acc + Math.log(x) - lx : acc), 0));
  const rng = createRng(2);
  const alphas: number[] = [];
  for (let b = 0; b < 1000; b++) {
    let mm = 0, ss = 0;
    for (let k = 0; k < perGlass.length; k++) { const g = Math.min(perGlass.length - 1, Math.floor(rng.uniform() * perGlass.length)); mm += m[g]; ss += S[g]; }
    if (ss > 0) alphas.push(1 + mm / ss);
  }
  const [lo, hi] = percentiles(Float64Array.from(alphas), [2.5, 97.5]);
  return { value: f.alpha, lo, hi, xmin: f.xmin, ntail: f.ntail, n: f.n, se: f.se, theory, valueLo: f.ci[0], valueHi: f.ci[1] };
}

/** α̂ for x_min fixed at the given quantiles of the positive values (fitting-range dependence). */
export function rangeScan(values: Float64Array, quantiles = [0.9, 0.99, 0.999]): RangePoint[] {
  const v = positive(values);
  const xs = percentiles(v, quantiles.map((q) => 100 * q));
  return quantiles.map((q, k) => {
    const f = fitPowerLaw(v, { xmin: xs[k], bootstrap: 0 });
    return { quantile: q, xmin: f.xmin, alpha: f.alpha, se: f.se, ntail: f.ntail };
  });
}
