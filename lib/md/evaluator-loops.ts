/**
 * The O(N) loops around the pair kernel in an energy/force evaluation for a minimizer
 * (./objective.ts createMdEvaluator, lib/aqs/landscape.ts Landscape.evaluate): in C++
 * (native/core/md_evaluator_loops.h) for lists with the native pair loop, the TypeScript
 * versions here being the reference they are tested against (bit for bit: the same
 * operations in the same order). Arrays interleaved (x0, y0, x1, y1, …), λ.
 *
 * Measured at N = 10⁴ (test/bench/perf.bench.ts kernel): the two TypeScript loops took
 * about 6 % of an evaluation next to the native pair loop.
 */
import { addon } from '../native.js';

/**
 * xs_k = x_k + off_k for every particle k = 0…n−1 (the whole of xs[0, 2n)), and copy = x
 * when `copy` is given (a caller's record of the positions, in the same pass); true when
 * |xs_k − ref_k|² ≤ lim2 (λ²) for all of them (a NaN distance passes). x, off, ref, xs,
 * copy: Float64Array(≥ 2n). `shifted` (optional, `shiftedParticles`): the particles whose
 * offset is not +0, ascending; the native loop then reads off for those only (x + 0 for
 * the others, the same bits), the TypeScript loop ignores it.
 */
export function shiftedCopyWithin(
  n: number, x: Float64Array, off: Float64Array, ref: Float64Array, lim2: number, xs: Float64Array, native: boolean,
  copy?: Float64Array, shifted?: Int32Array,
): boolean {
  return native
    ? addon.mdShiftedCopyWithin(n, x, off, ref, lim2, xs, copy, shifted)
    : shiftedCopyWithinTypeScript(n, x, off, ref, lim2, xs, copy);
}

/**
 * The particles i < n whose offset (off[2i], off[2i+1]) is not +0 in both coordinates
 * (−0 counts as shifted: x + (−0) keeps the sign of a −0 coordinate), ascending, into
 * out (Int32Array(≥ n)); returns their number.
 */
export function shiftedParticles(n: number, off: Float64Array, out: Int32Array): number {
  let c = 0;
  for (let i = 0; i < n; i++) {
    const ox = off[2 * i], oy = off[2 * i + 1];
    if (ox !== 0 || oy !== 0 || 1 / ox < 0 || 1 / oy < 0) out[c++] = i;
  }
  return c;
}

/** `shiftedCopyWithin` in TypeScript (the reference of the native loop). */
export function shiftedCopyWithinTypeScript(
  n: number, x: Float64Array, off: Float64Array, ref: Float64Array, lim2: number, xs: Float64Array, copy?: Float64Array,
): boolean {
  if (copy !== undefined) copy.set(x.subarray(0, 2 * n));
  let within = true;
  for (let k = 0; k < 2 * n; k += 2) {
    const px = x[k] + off[k], py = x[k + 1] + off[k + 1];
    xs[k] = px;
    xs[k + 1] = py;
    const dx = px - ref[k], dy = py - ref[k + 1];
    if (dx * dx + dy * dy > lim2) within = false;
  }
  return within;
}

/** max_k |a_k| over a[0, length) (0 for none; NaN entries skipped). */
export function maxAbs(a: Float64Array, length: number, native = true): number {
  return native ? addon.maxAbs(a, length) : maxAbsTypeScript(a, length);
}

/** `maxAbs` in TypeScript (the reference of the native loop). */
export function maxAbsTypeScript(a: Float64Array, length: number): number {
  let m = 0;
  for (let k = 0; k < length; k++) {
    const v = Math.abs(a[k]);
    if (v > m) m = v;
  }
  return m;
}
