/**
 * Lattice (Lagrange–Gauss) reduction of a 2D cell (docs/design.md §2: "keep the cell reduced
 * when the tilt grows").
 *
 * The periodic lattice {h·k : k ∈ ℤ²} has many bases; the Gauss-reduced one has
 * |a| ≤ |b| and |a·b| ≤ |a|²/2 (angle between 60° and 120°), which maximizes the
 * perpendicular widths w. Neighbour searches work in the reduced basis, so they stay
 * valid and efficient at any simple-shear tilt. Reference: e.g. Nguyen & Vallée (eds.),
 * The LLL Algorithm (2010), ch. 2 (Lagrange's algorithm).
 *
 * Two facts used by space/ and hessian/ (proofs in the comments of min-image.ts):
 * - rounding reduced coordinates s → s − round(s) gives the exact minimum image of any
 *   displacement shorter than w_min/2;
 * - with the reduced basis, the minimum image of ANY displacement is among the 3×3
 *   rounded candidates.
 */
import { expectMatrix2 } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** A reduced basis of a cell's lattice (plain record, reusable as `out`). */
export interface ReducedCell {
  /** Reduced basis, row-major, columns a, b (same lattice as the input, det > 0). */
  h: Float64Array;
  /** Its inverse. */
  hinv: Float64Array;
  /** Perpendicular widths: w[0] = V/|b| (extent along a's dual), w[1] = V/|a|. */
  widths: Float64Array;
  /** min(w[0], w[1]). */
  minWidth: number;
  /** Cell area V = |det h|. */
  volume: number;
}

/** Allocates an empty ReducedCell (for reuse with `reduceCell(h, out)`). */
export function createReducedCell(): ReducedCell {
  return { h: new Float64Array(4), hinv: new Float64Array(4), widths: new Float64Array(2), minWidth: 0, volume: 0 };
}

/** Gauss reduction without validation (hot path). */
export function reduceCellUnchecked(h: Float64Array, out: ReducedCell): ReducedCell {
  let ax = h[0], ay = h[2], bx = h[1], by = h[3];
  for (let it = 0; it < 10000; it++) {
    let aa = ax * ax + ay * ay;
    const bb = bx * bx + by * by;
    if (bb < aa) {
      const tx = ax, ty = ay;
      ax = bx; ay = by; bx = tx; by = ty;
      aa = bb;
    }
    const mu = Math.round((ax * bx + ay * by) / aa);
    if (mu === 0) break;
    bx -= mu * ax;
    by -= mu * ay;
  }
  let det = ax * by - ay * bx;
  if (det < 0) {
    bx = -bx; by = -by; det = -det;
  }
  const r = out;
  r.h[0] = ax; r.h[1] = bx; r.h[2] = ay; r.h[3] = by;
  r.hinv[0] = by / det; r.hinv[1] = -bx / det; r.hinv[2] = -ay / det; r.hinv[3] = ax / det;
  r.volume = det;
  r.widths[0] = det / Math.sqrt(bx * bx + by * by);
  r.widths[1] = det / Math.sqrt(ax * ax + ay * ay);
  r.minWidth = Math.min(r.widths[0], r.widths[1]);
  return r;
}

/**
 * Gauss-reduced basis of the lattice of cell h (Float64Array(4), row-major, det ≠ 0).
 * @param out optional record to reuse (no allocation)
 */
export function reduceCell(h: Float64Array, out?: ReducedCell): ReducedCell {
  expectMatrix2('h', h);
  const det = h[0] * h[3] - h[1] * h[2];
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) {
    throw new ArgumentRangeError(`h: expected invertible cell matrix, got det h = ${det}`);
  }
  return reduceCellUnchecked(h, out ?? createReducedCell());
}
