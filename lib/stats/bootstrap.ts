/**
 * Bootstrap intervals that hold their level with few glasses.
 *
 * The percentile interval [θ*_(α/2), θ*_(1−α/2)] of the resampled estimates is too short
 * when the resampled units (glasses) are few: measured by scripts/interval-coverage.ts, its
 * 95 % interval covered the true tail exponent in 83 % of ensembles of 6 glasses and the
 * Fréchet shape in 65 % at 6 and 87 % at 20. Two intervals that use the bootstrap to
 * estimate the distribution of a pivot instead (Davison & Hinkley, "Bootstrap Methods and
 * their Application" (1997), §5.2; Efron & Tibshirani, "An Introduction to the Bootstrap"
 * (1993), §12.5):
 *
 * - **Studentized (bootstrap-t)**: T = (θ̂ − θ)/se is estimated by T* = (θ̂* − θ̂)/se*, with
 *   se the jackknife standard error over the units, recomputed inside every resample:
 *
 *       [θ̂ − t*_(1−α/2) · se,  θ̂ − t*_(α/2) · se]
 *
 * - **Basic on the log scale**: for an estimator whose ratio θ̂/θ is pivotal (a shape
 *   parameter of a scale family: the Fréchet shape, whose MLE â/a has a distribution free of
 *   a and of the scale), ln(θ̂/θ) is estimated by ln(θ̂* / θ̂):
 *
 *       [θ̂² / θ*_(1−α/2),  θ̂² / θ*_(α/2)]      (θ̂ / exp(ln(θ* / θ̂)) at each end)
 *
 * Quantiles are Hyndman–Fan type 7 (`quantileSorted`). Shapes: `values` one entry per unit
 * (jackknife) or per resample (bootstrap); the arrays are sorted in place.
 */
import { quantileSorted } from './empirical.js';

/**
 * Jackknife standard error √((n − 1)/n · Σ (θ_(i) − θ̄)²) of the n leave-one-out
 * estimates θ_(i) (Efron & Tibshirani 1993, eq. 11.5). NaN if any is not finite (an
 * estimate that does not exist without one of the units) or n < 2.
 */
export function jackknifeSe(leaveOneOut: ArrayLike<number>): number {
  const n = leaveOneOut.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(leaveOneOut[i])) return NaN;
    mean += leaveOneOut[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (leaveOneOut[i] - mean) ** 2;
  return Math.sqrt(((n - 1) / n) * ss);
}

/**
 * The studentized pivot t* = (θ̂* − θ̂)/se* of one resample. A resample whose se* is zero
 * or undefined (its estimate rests on one unit) gives ±∞ by the sign of θ̂* − θ̂, 0 if
 * equal: such resamples say the data cannot bound θ on that side, and an end of the
 * interval that falls on them is NaN (`studentizedInterval`).
 */
export function studentizedPivot(resampled: number, estimate: number, resampledSe: number): number {
  const d = resampled - estimate;
  if (resampledSe > 0 && Number.isFinite(resampledSe)) return d / resampledSe;
  return d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
}

/**
 * Bootstrap-t interval [θ̂ − t*_(1−α/2)·se, θ̂ − t*_(α/2)·se], α = 1 − level, from the pivots
 * `t` (sorted in place). [NaN, NaN] when se is not a positive finite number, there are no
 * pivots, or either quantile of t* is infinite (too many resamples rest on one unit).
 */
export function studentizedInterval(estimate: number, se: number, t: Float64Array, level: number): [number, number] {
  if (!(se > 0 && Number.isFinite(se)) || t.length === 0) return [NaN, NaN];
  t.sort();
  const lo = quantileSorted(t, (1 - level) / 2);
  const hi = quantileSorted(t, 1 - (1 - level) / 2);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [NaN, NaN];
  return [estimate - hi * se, estimate - lo * se];
}

/**
 * Basic bootstrap interval on the log scale, [θ̂²/θ*_(1−α/2), θ̂²/θ*_(α/2)], for a positive
 * estimate with positive resampled estimates `replicates` (sorted in place); [NaN, NaN]
 * without replicates.
 */
export function basicLogInterval(estimate: number, replicates: Float64Array, level: number): [number, number] {
  if (replicates.length === 0) return [NaN, NaN];
  replicates.sort();
  const lo = quantileSorted(replicates, (1 - level) / 2);
  const hi = quantileSorted(replicates, 1 - (1 - level) / 2);
  return [(estimate * estimate) / hi, (estimate * estimate) / lo];
}
