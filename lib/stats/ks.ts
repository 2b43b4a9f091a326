/**
 * One-sample Kolmogorov–Smirnov test against the uniform distribution on [lo, hi]
 * (used to check C(λ) ≈ λ for an uninformative field, docs/design.md §7).
 *
 * Statistic, with u_(1) ≤ … ≤ u_(n) the sorted sample mapped to [0, 1]:
 *
 *     D = max_i max( i/n − u_(i), u_(i) − (i − 1)/n )
 *
 * p-value (asymptotic): Q_KS(t) = P(K > t) of the Kolmogorov distribution,
 *
 *     Q_KS(t) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2 k² t²)                       (t ≥ 1.18)
 *             = 1 − (√(2π)/t) Σ_{k≥1} exp(−(2k − 1)² π² / (8 t²))        (t < 1.18)
 *
 * (the two series are equal; each is used where it converges fast), evaluated at
 * t = (√n + 0.12 + 0.11/√n)·D (Stephens 1970, J. R. Stat. Soc. B 32, 115; Numerical
 * Recipes 3rd ed. §14.3.3), accurate to a few percent in p already for n ≳ 5.
 */
import { portablePow } from '../portable/index.js';
import { expectAllFinite, expectFinite, expectFloat64Array } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Result of `ksTestUniform`. */
export interface KsResult {
  /** KS statistic D ∈ [0, 1]. */
  statistic: number;
  /** Asymptotic p-value Q_KS((√n + 0.12 + 0.11/√n) D). */
  pValue: number;
  /** Sample size. */
  n: number;
}

/**
 * Survival function of the Kolmogorov distribution, Q_KS(t) = P(K > t) (see file header).
 * Q_KS(t ≤ 0) = 1.
 */
export function kolmogorovQ(t: number): number {
  if (!(t > 0)) return 1;
  if (t < 1.18) {
    const y = Math.exp((-Math.PI * Math.PI) / (8 * t * t));
    // Σ y^((2k−1)²) for k = 1..: terms fall off super-geometrically; 6 terms are exact to 1e-16 for t < 1.18
    let s = 0;
    for (let k = 1; k <= 6; k++) s += portablePow(y, (2 * k - 1) * (2 * k - 1));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / t) * s));
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * t * t);
    s += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * KS test of `samples` against U[lo, hi]. Cost O(n log n).
 * Throws TypeError for a non-Float64Array, RangeError for an empty sample, non-finite
 * values or hi ≤ lo. Values outside [lo, hi] are allowed (they just make D large).
 */
export function ksTestUniform(samples: Float64Array, lo = 0, hi = 1): KsResult {
  expectFloat64Array('samples', samples);
  expectAllFinite('samples', samples);
  expectFinite('lo', lo);
  expectFinite('hi', hi);
  if (!(hi > lo)) throw new ArgumentRangeError(`hi: expected a value > lo = ${lo}, got ${hi}`);
  const n = samples.length;
  if (n === 0) throw new ArgumentRangeError('samples: expected at least one value, got length 0');
  const u = Float64Array.from(samples).sort();
  const w = hi - lo;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = Math.min(1, Math.max(0, (u[i] - lo) / w));
    const dPlus = (i + 1) / n - f;
    const dMinus = f - i / n;
    if (dPlus > d) d = dPlus;
    if (dMinus > d) d = dMinus;
  }
  const sn = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovQ((sn + 0.12 + 0.11 / sn) * d), n };
}
