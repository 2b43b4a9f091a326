/**
 * Minimum-image displacements in a periodic, possibly strongly tilted cell (DESIGN §2).
 *
 * Method: reduce the lattice basis (./reduce.ts), round reduced coordinates
 * (s ← s − round(s), s ∈ [−½, ½]²), then take the shortest of the 3×3 candidates
 * h(s + k), k ∈ {−1,0,1}².
 * - Exactness for any displacement: a Gauss-reduced basis has angle in [60°, 120°], so its
 *   Delaunay triangles (halves of the fundamental parallelogram) are non-obtuse and each
 *   is covered by the Voronoi cells of its own three vertices. The rounded point lies in
 *   a parallelogram whose corners are among the 3×3 candidates.
 * - Fast path (`roundImage`): if the true minimum image d has |d| < w_min/2 then its
 *   reduced coordinates satisfy |s_k| = |b*_k·d| ≤ |d|/w_k < ½, so plain rounding finds
 *   it. Pair loops use this with a cutoff < w_min/2 (checked by the callers).
 */
import { expectTypedArray, expectOut } from '../validate.js';
import type { ReducedCell } from './reduce.js';

/**
 * Exact minimum image of (dx, dy) in the lattice of `rc`; writes it to out[o], out[o+1]
 * and returns its squared length. No validation (hot-path helper).
 */
export function minimumImageUnchecked(rc: ReducedCell, dx: number, dy: number, out: Float64Array, o: number): number {
  const hi = rc.hinv, h = rc.h;
  let s0 = hi[0] * dx + hi[1] * dy;
  let s1 = hi[2] * dx + hi[3] * dy;
  s0 -= Math.round(s0);
  s1 -= Math.round(s1);
  let best = Infinity, bx = 0, by = 0;
  for (let k0 = -1; k0 <= 1; k0++) {
    for (let k1 = -1; k1 <= 1; k1++) {
      const t0 = s0 + k0, t1 = s1 + k1;
      const x = h[0] * t0 + h[1] * t1;
      const y = h[2] * t0 + h[3] * t1;
      const r2 = x * x + y * y;
      if (r2 < best) {
        best = r2; bx = x; by = y;
      }
    }
  }
  out[o] = bx;
  out[o + 1] = by;
  return best;
}

/**
 * Rounding-only image of (dx, dy): exact when the minimum image is shorter than
 * rc.minWidth/2 (see module doc). Writes out[o], out[o+1]; returns the squared length.
 */
export function roundImageUnchecked(rc: ReducedCell, dx: number, dy: number, out: Float64Array, o: number): number {
  const hi = rc.hinv, h = rc.h;
  let s0 = hi[0] * dx + hi[1] * dy;
  let s1 = hi[2] * dx + hi[3] * dy;
  s0 -= Math.round(s0);
  s1 -= Math.round(s1);
  const x = h[0] * s0 + h[1] * s1;
  const y = h[2] * s0 + h[3] * s1;
  out[o] = x;
  out[o + 1] = y;
  return x * x + y * y;
}

/**
 * Exact minimum image of every displacement in d (interleaved, length 2m).
 * @param rc   reduced cell (`reduceCell(config.cell)`)
 * @param d    displacements (λ)
 * @param out  optional Float64Array(2m) (may alias d)
 */
export function minimumImage(rc: ReducedCell, d: Float64Array, out?: Float64Array): Float64Array {
  expectTypedArray('d', d, Float64Array);
  if (d.length % 2 !== 0) throw new RangeError(`d: expected an even length (interleaved x, y), got ${d.length}`);
  const res = expectOut('out', out, d.length);
  for (let k = 0; k < d.length; k += 2) minimumImageUnchecked(rc, d[k], d[k + 1], res, k);
  return res;
}
