/**
 * The periodic cell (docs/design.md §2). A cell is the 2×2 matrix h stored row-major
 * `[h00, h01, h10, h11]` (lib/config.ts); its columns a1 = (h00, h10), a2 = (h01, h11)
 * are the cell vectors. Positions x = h·s with reduced coordinates s (s ∈ [0,1)² inside
 * the cell). Arrays of points are interleaved x, y (length 2N).
 */
import { expectTypedArray, expectMatrix2, expectOut } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** V = det h (area, λ²). Positive for a right-handed cell. */
export function cellVolume(h: Float64Array): number {
  expectMatrix2('h', h);
  return h[0] * h[3] - h[1] * h[2];
}

/** h⁻¹ (row-major) into out. @throws RangeError when det h = 0. */
export function cellInverse(h: Float64Array, out?: Float64Array): Float64Array {
  expectMatrix2('h', h);
  const det = h[0] * h[3] - h[1] * h[2];
  if (det === 0 || !Number.isFinite(det)) throw new ArgumentRangeError(`h: expected invertible matrix, got det h = ${det}`);
  const res = expectOut('out', out, 4);
  const a = h[0], b = h[1], c = h[2], d = h[3];
  res[0] = d / det;
  res[1] = -b / det;
  res[2] = -c / det;
  res[3] = a / det;
  return res;
}

/** C = A·B for 2×2 row-major matrices (out may alias A or B). */
export function matMul2(A: Float64Array, B: Float64Array, out?: Float64Array): Float64Array {
  expectMatrix2('A', A);
  expectMatrix2('B', B);
  const res = expectOut('out', out, 4);
  const c0 = A[0] * B[0] + A[1] * B[2];
  const c1 = A[0] * B[1] + A[1] * B[3];
  const c2 = A[2] * B[0] + A[3] * B[2];
  const c3 = A[2] * B[1] + A[3] * B[3];
  res[0] = c0; res[1] = c1; res[2] = c2; res[3] = c3;
  return res;
}

/** y_p = A·x_p for every point of an interleaved array (out may alias x). */
export function applyMatrix(A: Float64Array, x: Float64Array, out?: Float64Array): Float64Array {
  expectMatrix2('A', A);
  expectTypedArray('x', x, Float64Array);
  if (x.length % 2 !== 0) throw new ArgumentRangeError(`x: expected an even length (interleaved x, y), got ${x.length}`);
  const res = expectOut('out', out, x.length);
  const a = A[0], b = A[1], c = A[2], d = A[3];
  for (let k = 0; k < x.length; k += 2) {
    const px = x[k], py = x[k + 1];
    res[k] = a * px + b * py;
    res[k + 1] = c * px + d * py;
  }
  return res;
}

/** s = h⁻¹ x (Cartesian → reduced), interleaved. */
export function toReduced(h: Float64Array, x: Float64Array, out?: Float64Array): Float64Array {
  return applyMatrix(cellInverse(h), x, out);
}

/** x = h s (reduced → Cartesian), interleaved. */
export function toCartesian(h: Float64Array, s: Float64Array, out?: Float64Array): Float64Array {
  return applyMatrix(h, s, out);
}

/** Wraps positions into the cell: x ← h (s − ⌊s⌋), so s ∈ [0,1)² (up to rounding). */
export function wrapPositions(h: Float64Array, x: Float64Array, out?: Float64Array): Float64Array {
  const hinv = cellInverse(h);
  const res = expectOut('out', out, x.length);
  expectTypedArray('x', x, Float64Array);
  for (let k = 0; k < x.length; k += 2) {
    let s0 = hinv[0] * x[k] + hinv[1] * x[k + 1];
    let s1 = hinv[2] * x[k] + hinv[3] * x[k + 1];
    s0 -= Math.floor(s0);
    s1 -= Math.floor(s1);
    res[k] = h[0] * s0 + h[1] * s1;
    res[k + 1] = h[2] * s0 + h[3] * s1;
  }
  return res;
}
