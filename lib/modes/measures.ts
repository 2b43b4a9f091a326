/**
 * Measures of one vibrational mode u (dN, the d = 2 or 3 components of each particle
 * interleaved; any normalization). |u_i|² = Σ_a u_{i,a}².
 *
 *   participation ratio  e = (Σ_i |u_i|²)² / (N Σ_i |u_i|⁴)   ∈ [1/N, 1]
 *     1/N: one particle moves; 1: all move equally; a plane wave of fixed polarization
 *     (u_i ∝ cos k·x_i) has e = 2/3 in any d, a quasilocalized mode with a core of n_c
 *     particles and its far field (~1/r in 2D, ~1/r² in 3D) has e ~ n_c/N (up to
 *     logarithms in 2D).
 *   core particle        argmax_i |u_i| (the first on a tie).
 */
import { describe, expectEvenLength, expectFloat64Array } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

function checkMode(name: string, u: unknown, d: unknown): Float64Array {
  if (d !== 2 && d !== 3) throw new ArgumentRangeError(`d: expected the dimension 2 or 3, got ${describe(d)}`);
  expectFloat64Array(name, u);
  if (d === 2) expectEvenLength(name, u);
  else if (u.length % 3 !== 0) throw new ArgumentRangeError(`${name}: expected 3N entries (x, y, z per particle), got a length of ${u.length}`);
  if (u.length === 0) throw new ArgumentRangeError(`${name}: expected a mode of ${d}N > 0 entries, got an empty array`);
  return u;
}

function squaredAmplitude(u: Float64Array, d: number, i: number): number {
  return d === 2 ? u[2 * i] ** 2 + u[2 * i + 1] ** 2 : u[3 * i] ** 2 + u[3 * i + 1] ** 2 + u[3 * i + 2] ** 2;
}

/** e = (Σ|u_i|²)² / (N Σ|u_i|⁴) of a mode u (dN, d = 2 by default). @throws RangeError for u = 0 or non-finite entries */
export function participationRatio(u: Float64Array, d: 2 | 3 = 2): number {
  checkMode('u', u, d);
  const n = u.length / d;
  let s2 = 0, s4 = 0;
  for (let i = 0; i < n; i++) {
    const a = squaredAmplitude(u, d, i);
    s2 += a;
    s4 += a * a;
  }
  if (!Number.isFinite(s4)) throw new ArgumentRangeError('u: expected finite entries, got NaN or ±Infinity; pass an eigenvector');
  if (!(s2 > 0)) throw new ArgumentRangeError('u: expected a non-zero mode, got all zeros; the participation ratio is undefined');
  return (s2 * s2) / (n * s4);
}

/** The particle with the largest |u_i| (dN, d = 2 by default) and that amplitude. */
export function coreParticle(u: Float64Array, d: 2 | 3 = 2): { particle: number; amplitude: number } {
  checkMode('u', u, d);
  let best = -1, max = -1;
  for (let i = 0; i < u.length / d; i++) {
    const a = squaredAmplitude(u, d, i);
    if (a > max) { max = a; best = i; }
  }
  return { particle: best, amplitude: Math.sqrt(max) };
}
