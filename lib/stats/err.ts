/**
 * Relative error between the analytic dc_α/dγ and its finite-difference estimate
 * Δc_α/Δγ (paper Eq. S7, Fig. S1; docs/design.md §4 "Validation"):
 *
 *     Err_α = 100 · |a_α − b_α| / min(|a_α|, |b_α|)      (percent)
 *
 * Edge cases: a = b (including both zero) gives 0; min(|a|, |b|) = 0 with a ≠ b gives
 * +Infinity (an infinitely large relative error — it shows up at the top of C(Err)).
 * The paper finds the vast majority of interactions below 1e-2 percent; use
 * `fractionBelow(err, 1e-2)` and `percentiles(err, [50, 90, 99])` from empirical.ts.
 */
import { expectAllFinite, expectFloat64Array, expectLength } from '../validate.js';

/**
 * Elementwise Err in percent. Shapes: `analytic`, `fd` and `out` all length n_interactions.
 * @param out optional output array (length n), returned.
 */
export function relativeErrPercent(analytic: Float64Array, fd: Float64Array, out?: Float64Array): Float64Array {
  expectFloat64Array('analytic', analytic);
  expectFloat64Array('fd', fd);
  expectLength('fd', fd, analytic.length);
  expectAllFinite('analytic', analytic);
  expectAllFinite('fd', fd);
  const n = analytic.length;
  if (out === undefined) out = new Float64Array(n);
  else {
    expectFloat64Array('out', out);
    expectLength('out', out, n);
  }
  for (let i = 0; i < n; i++) {
    const a = analytic[i];
    const b = fd[i];
    if (a === b) {
      out[i] = 0;
      continue;
    }
    const m = Math.min(Math.abs(a), Math.abs(b));
    out[i] = m === 0 ? Infinity : (100 * Math.abs(a - b)) / m;
  }
  return out;
}
