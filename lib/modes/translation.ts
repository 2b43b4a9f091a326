/**
 * The projection onto the translation-free subspace of particle vectors: v (dN, the d
 * components of each particle interleaved) ← v − 1 ⊗ m with m_a = (1/N) Σ_i v_{i,a}, the
 * mean displacement (d = 2 or 3; one pass to sum, one to subtract).
 *
 * Written out for d = 2 and d = 3 with the sums in locals: the generic double loop over
 * particles and components (an inner loop of d iterations, the means in an array) took
 * ~65–110 µs per call at N = 10⁴ against ~18 µs (CPU, load 3–4), and lanczos.ts calls
 * it two to three times per step (docs/modes.md).
 */
import { ArgumentRangeError } from '../errors.js';
export function removeTranslation(v: Float64Array, d: number): void {
  const len = v.length, n = len / d;
  if (d === 2) {
    let sx = 0, sy = 0;
    for (let r = 0; r < len; r += 2) { sx += v[r]; sy += v[r + 1]; }
    sx /= n; sy /= n;
    for (let r = 0; r < len; r += 2) { v[r] -= sx; v[r + 1] -= sy; }
  } else if (d === 3) {
    let sx = 0, sy = 0, sz = 0;
    for (let r = 0; r < len; r += 3) { sx += v[r]; sy += v[r + 1]; sz += v[r + 2]; }
    sx /= n; sy /= n; sz /= n;
    for (let r = 0; r < len; r += 3) { v[r] -= sx; v[r + 1] -= sy; v[r + 2] -= sz; }
  } else {
    throw new ArgumentRangeError(`removeTranslation: expected d = 2 or 3, got ${d}`);
  }
}
