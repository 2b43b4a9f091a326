/**
 * Measures of one vibrational mode u (2N, x, y interleaved; any normalization).
 *
 *   participation ratio  e = (Σ_i |u_i|²)² / (N Σ_i |u_i|⁴)   ∈ [1/N, 1]
 *     1/N: one particle moves; 1: all move equally; a 2D plane wave of fixed polarization
 *     (u_i ∝ cos k·x_i) has e = 2/3, a quasilocalized mode with a core of n_c particles
 *     and its ~1/r far field has e ~ n_c/N (up to logarithms in 2D).
 *   core particle        argmax_i |u_i| (the first on a tie).
 */
import { expectFloat64Array, expectEvenLength } from '../validate.js';

function checkMode(name: string, u: unknown): Float64Array {
  expectFloat64Array(name, u);
  expectEvenLength(name, u);
  if (u.length === 0) throw new RangeError(`${name}: expected a mode of 2N > 0 entries, got an empty array`);
  return u;
}

/** e = (Σ|u_i|²)² / (N Σ|u_i|⁴) of a 2D mode u (2N). @throws RangeError for u = 0 or non-finite entries */
export function participationRatio(u: Float64Array): number {
  checkMode('u', u);
  const n = u.length / 2;
  let s2 = 0, s4 = 0;
  for (let i = 0; i < n; i++) {
    const a = u[2 * i] ** 2 + u[2 * i + 1] ** 2;
    s2 += a;
    s4 += a * a;
  }
  if (!Number.isFinite(s4)) throw new RangeError('u: expected finite entries, got NaN or ±Infinity; pass an eigenvector');
  if (!(s2 > 0)) throw new RangeError('u: expected a non-zero mode, got all zeros; the participation ratio is undefined');
  return (s2 * s2) / (n * s4);
}

/** The particle with the largest |u_i| and that amplitude. */
export function coreParticle(u: Float64Array): { particle: number; amplitude: number } {
  checkMode('u', u);
  let best = -1, max = -1;
  for (let i = 0; i < u.length / 2; i++) {
    const a = u[2 * i] ** 2 + u[2 * i + 1] ** 2;
    if (a > max) { max = a; best = i; }
  }
  return { particle: best, amplitude: Math.sqrt(max) };
}
