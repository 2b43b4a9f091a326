/**
 * Minimum-image displacements in a periodic, possibly strongly tilted cell (docs/design.md §2).
 *
 * Method: reduce the lattice basis (./reduce.ts), round reduced coordinates
 * (s ← s − round(s), s ∈ [−½, ½]²), then take the shortest of the 3×3 candidates
 * h(s + k), k ∈ {−1,0,1}².
 * - Exactness for any displacement: a Gauss-reduced basis has angle in [60°, 120°], so its
 *   Delaunay triangles (halves of the fundamental parallelogram) are non-obtuse and each
 *   is covered by the Voronoi cells of its own three vertices. The rounded point lies in
 *   a parallelogram whose corners are among the 3×3 candidates.
 * - Fast path (`roundImageUnchecked`): if the true minimum image d has |d| < w_min/2 then
 *   its reduced coordinates satisfy |s_k| = |b*_k·d| ≤ |d|/w_k < ½, so plain rounding
 *   finds it. Pair loops use this with a cutoff < w_min/2 (checked by the callers); every
 *   loop of the library that rounds an image calls it.
 */
import { expectTypedArray, expectOut } from '../validate.js';
import type { ReducedCell } from './reduce.js';
import { ArgumentRangeError } from '../errors.js';

/**
 * Exact minimum image of (dx, dy) in the lattice of `rc`; writes it to out[o], out[o+1]
 * and returns its squared length. No validation (hot-path helper).
 */
export function minimumImageUnchecked(rc: ReducedCell, dx: number, dy: number, out: Float64Array, o: number): number {
  const hi = rc.hinv, h = rc.h;
  const r0 = hi[0] * dx + hi[1] * dy;
  const r1 = hi[2] * dx + hi[3] * dy;
  const s0 = r0 - Math.round(r0);
  const s1 = r1 - Math.round(r1);
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

/** A lattice basis h (columns are the basis vectors) with its inverse, both row-major 2×2. */
export type LatticeBasis = Pick<ReducedCell, 'h' | 'hinv'>;

/**
 * The image h·(s − round(s)) of a displacement given by its coordinates s = (s0, s1) in
 * the basis h: the rounding of the fast path (module doc). Writes out[o], out[o+1] and,
 * when `shift` is given, the lattice vector removed, round(s), to shift[0], shift[1];
 * returns the squared length. No validation (hot-path helper).
 */
export function roundReducedUnchecked(
  h: ArrayLike<number>, s0: number, s1: number, out: Float64Array, o: number, shift?: Int32Array,
): number {
  const k0 = Math.round(s0), k1 = Math.round(s1);
  const t0 = s0 - k0, t1 = s1 - k1;
  const x = h[0] * t0 + h[1] * t1;
  const y = h[2] * t0 + h[3] * t1;
  out[o] = x;
  out[o + 1] = y;
  if (shift !== undefined) {
    shift[0] = k0;
    shift[1] = k1;
  }
  return x * x + y * y;
}

/**
 * Rounding-only image of (dx, dy): exact when the minimum image is shorter than
 * rc.minWidth/2 (see module doc); with any basis (e.g. an unreduced cell) it is the
 * image in the parallelogram of that basis centred on the origin. Writes out[o],
 * out[o+1] (and the lattice shift, see roundReducedUnchecked); returns the squared length.
 */
export function roundImageUnchecked(
  rc: LatticeBasis, dx: number, dy: number, out: Float64Array, o: number, shift?: Int32Array,
): number {
  const hi = rc.hinv;
  return roundReducedUnchecked(rc.h, hi[0] * dx + hi[1] * dy, hi[2] * dx + hi[3] * dy, out, o, shift);
}

/**
 * Exact minimum image of every displacement in d (interleaved, length 2m).
 * @param rc   reduced cell (`reduceCell(config.cell)`)
 * @param d    displacements (λ)
 * @param out  optional Float64Array(2m) (may alias d)
 */
export function minimumImage(rc: ReducedCell, d: Float64Array, out?: Float64Array): Float64Array {
  expectTypedArray('d', d, Float64Array);
  if (d.length % 2 !== 0) throw new ArgumentRangeError(`d: expected an even length (interleaved x, y), got ${d.length}`);
  const res = expectOut('out', out, d.length);
  for (let k = 0; k < d.length; k += 2) minimumImageUnchecked(rc, d[k], d[k + 1], res, k);
  return res;
}
