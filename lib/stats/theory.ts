/**
 * Theoretical tail exponents of the local heat capacity and its response (paper,
 * "quantitative prediction" of the tails; docs/design.md §7).
 *
 * If a field scales as x ~ ω^(−k) with the frequency ω of the soft quasilocalized mode
 * it sits on, and those modes have the universal density of states D_G(ω) ~ ω^4, then
 *
 *     p(x) = D_G(ω) |dω/dx| ~ x^(−4/k) · x^(−1/k − 1) = x^(−(1 + 5/k)),
 *
 * i.e. p(x) ~ x^(−α) with α = 1 + (β + 1)/k for D_G ~ ω^β:
 * - c_α ~ ω^(−4)               → α = 9/4
 * - dc_α/dγ ~ ω^(−8)           → α = 13/8
 * - c_α·dc_α/dγ ~ ω^(−12)      → α = 17/12
 * All are exponent magnitudes for a density p(x) ~ x^(−α), the convention of `fitPowerLaw`.
 */
import { ArgumentRangeError } from '../errors.js';

/** Theory tail exponents α of p(x) ~ x^(−α): c_α, dc_α/dγ and c_α·dc_α/dγ. */
export const THEORY_EXPONENTS: Readonly<{ c: number; dcdg: number; cdcdg: number }> = Object.freeze({
  c: 9 / 4,
  dcdg: 13 / 8,
  cdcdg: 17 / 12,
});

/**
 * α = 1 + (dosExponent + 1)/k for a field x ~ ω^(−k) over modes with D(ω) ~ ω^dosExponent.
 * @param k scaling exponent (> 0) of the field with 1/ω
 * @param dosExponent exponent β of the density of states D(ω) ~ ω^β (default 4)
 */
export function tailExponentFromScaling(k: number, dosExponent = 4): number {
  if (typeof k !== 'number' || !(k > 0) || !Number.isFinite(k)) {
    throw new ArgumentRangeError(`k: expected a finite number > 0, got ${k}`);
  }
  if (typeof dosExponent !== 'number' || !Number.isFinite(dosExponent)) {
    throw new ArgumentRangeError(`dosExponent: expected a finite number, got ${dosExponent}`);
  }
  return 1 + (dosExponent + 1) / k;
}

/**
 * Exponents m of the scaling x ~ ω^(−m) of each field with the frequency of its soft
 * quasilocalized mode (paper: c_α ~ ω^(−4), dc_α/dγ ~ ω^(−8), their product ω^(−12)).
 */
export const FIELD_SCALING: Readonly<{ c: number; dcdg: number; cdcdg: number }> = Object.freeze({ c: 4, dcdg: 8, cdcdg: 12 });

/**
 * Growth exponent of the typical per-glass maximum with the glass size N, for a field
 * x ~ ω^(−m) over quasilocalized modes with D(ω) ~ ω^β (default β = 4):
 *
 *     P(x > X) ~ X^(−(β+1)/m)  per bond (the tail of `tailExponentFromScaling`, α − 1 = (β+1)/m),
 *     so the largest of ~N values is Fréchet with shape (β+1)/m and scale ∝ N^(m/(β+1)):
 *     median, mode (and mean where it exists) of max_g x  ∝ N^(m/(β+1)) = N^(m/5) for β = 4
 *
 * (Gnedenko 1943; Embrechts, Klüppelberg & Mikosch, "Modelling Extremal Events" (1997),
 * Thm 3.3.7): the exponent is the reciprocal of the Fréchet shape α − 1.
 * m = 4, 8, 12 (|c|, |dc/dγ|, |c·dc/dγ|) give 4/5, 8/5, 12/5.
 */
export function maxScalingFromScaling(m: number, dosExponent = 4): number {
  if (typeof m !== 'number' || !(m > 0) || !Number.isFinite(m)) {
    throw new ArgumentRangeError(`m: expected a finite number > 0, got ${m}`);
  }
  if (typeof dosExponent !== 'number' || !(dosExponent > -1) || !Number.isFinite(dosExponent)) {
    throw new ArgumentRangeError(`dosExponent: expected a finite number > −1, got ${dosExponent}`);
  }
  return m / (dosExponent + 1);
}

/** Theory growth exponents of the per-glass maximum with N (max ~ N^(m/5)): |c|, |dc/dγ|, |c·dc/dγ|. */
export const THEORY_MAX_SCALING: Readonly<{ c: number; dcdg: number; cdcdg: number }> = Object.freeze({
  c: 4 / 5,
  dcdg: 8 / 5,
  cdcdg: 12 / 5,
});
