/**
 * Finite-difference and comparison helpers for numerical tests (generic; no physics).
 */

/**
 * Central difference of a vector-valued function along a direction:
 * (f(x + h d) − f(x − h d)) / (2h). `f` receives a fresh copy of the perturbed point.
 */
export function centralDirectional(
  f: (x: Float64Array) => Float64Array,
  x: Float64Array,
  d: ArrayLike<number>,
  h: number,
): Float64Array {
  const xp = x.slice(), xm = x.slice();
  for (let k = 0; k < x.length; k++) {
    xp[k] += h * d[k];
    xm[k] -= h * d[k];
  }
  const fp = f(xp), fm = f(xm);
  const out = new Float64Array(fp.length);
  for (let k = 0; k < fp.length; k++) out[k] = (fp[k] - fm[k]) / (2 * h);
  return out;
}

/** Central difference of a scalar function of one variable. */
export function centralScalar(f: (t: number) => number, t: number, h: number): number {
  return (f(t + h) - f(t - h)) / (2 * h);
}

/** max_k |a_k − b_k| / max(max_k |b_k|, floor): an error relative to the scale of b. */
export function relMaxError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) throw new RangeError(`relMaxError: lengths differ (${a.length} vs ${b.length})`);
  let err = 0, scale = floor;
  for (let k = 0; k < a.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return err / scale;
}

/** Unit vector k of length n. */
export function unitVector(n: number, k: number): Float64Array {
  const e = new Float64Array(n);
  e[k] = 1;
  return e;
}
