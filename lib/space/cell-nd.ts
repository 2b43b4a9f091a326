/**
 * The periodic cell in any dimension d ∈ {2, 3} (docs/design.md §2, §10): determinant, inverse,
 * perpendicular widths and the minimum image by rounding reduced coordinates.
 *
 * Conventions (lib/config.ts): h is d×d row-major, its *columns* are the cell vectors
 * a_k; a point x has reduced coordinates s = h⁻¹ x; the image of a displacement δ is
 * h (s − round(s)) with s = h⁻¹ δ.
 *
 * Exactness: the width of the cell across the faces spanned by all vectors but a_k is
 * w_k = V / |a_l × a_m| = 1 / |row k of h⁻¹|. If the true minimum image δ* has
 * |δ*| < w_min / 2 then |s_k| = |(h⁻¹)_k · δ*| ≤ |δ*| / w_k < ½ for every k, so rounding
 * finds it. Pair loops therefore require every cutoff (plus skin) below w_min / 2
 * ({@link checkCellFits}). The argument holds for any basis of the cell's lattice; pair
 * searches take the widest one they find, the imaging basis of ./lattice-basis.ts (the cell
 * itself below tilts of ½, a reduced basis beyond), as the paper's 2D code Gauss-reduces
 * its cell (lib/space/reduce.ts).
 */
import { ArgumentRangeError } from '../errors.js';

/** Dimension d of a d×d matrix stored row-major (length 4 → 2, 9 → 3). */
export function dimensionOfMatrix(h: ArrayLike<number>): 2 | 3 {
  if (h.length === 4) return 2;
  if (h.length === 9) return 3;
  throw new ArgumentRangeError(`h: expected a 2×2 or 3×3 matrix (4 or 9 entries, row-major), got ${h.length} entries`);
}

/**
 * The first strictly-lower entry of a 2×2 or 3×3 row-major cell that is not 0, as [row,
 * column, value]; undefined for an upper-triangular cell (a1 along x, a2 in the xy plane:
 * what LAMMPS's restricted triclinic box and HOOMD's box can hold).
 */
export function lowerEntryOf(h: ArrayLike<number>): [number, number, number] | undefined {
  const d = dimensionOfMatrix(h);
  for (let r = 1; r < d; r++) {
    for (let c = 0; c < r; c++) if (h[d * r + c] !== 0) return [r, c, h[d * r + c]!];
  }
  return undefined;
}

/** det h of a 2×2 or 3×3 row-major matrix. */
export function determinant(h: ArrayLike<number>): number {
  if (h.length === 4) return h[0]! * h[3]! - h[1]! * h[2]!;
  return h[0]! * (h[4]! * h[8]! - h[5]! * h[7]!) - h[1]! * (h[3]! * h[8]! - h[5]! * h[6]!) + h[2]! * (h[3]! * h[7]! - h[4]! * h[6]!);
}

/**
 * h⁻¹ of a 2×2 or 3×3 row-major matrix (adjugate / det).
 * @throws RangeError when det h is zero or not finite
 */
export function inverse(h: ArrayLike<number>, out?: Float64Array): Float64Array {
  const d = dimensionOfMatrix(h);
  const det = determinant(h);
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) throw new ArgumentRangeError(`h: expected an invertible cell matrix, got det h = ${det}`);
  const r = out ?? new Float64Array(d * d);
  if (d === 2) {
    const a = h[0]!, b = h[1]!, c = h[2]!, e = h[3]!;
    r[0] = e / det; r[1] = -b / det; r[2] = -c / det; r[3] = a / det;
    return r;
  }
  const [a, b, c, e, f, g, k, l, m] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, h[8]!];
  r[0] = (f * m - g * l) / det; r[1] = (c * l - b * m) / det; r[2] = (b * g - c * f) / det;
  r[3] = (g * k - e * m) / det; r[4] = (a * m - c * k) / det; r[5] = (c * e - a * g) / det;
  r[6] = (e * l - f * k) / det; r[7] = (b * k - a * l) / det; r[8] = (a * f - b * e) / det;
  return r;
}

/**
 * Perpendicular widths w_k = 1 / |row k of h⁻¹| of the cell (λ), k = 0..d−1: the
 * distance between the two faces of the cell that a_k crosses.
 */
export function cellWidths(h: ArrayLike<number>): Float64Array {
  const d = dimensionOfMatrix(h);
  const hinv = inverse(h);
  const w = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += hinv[k * d + a]! ** 2;
    w[k] = 1 / Math.sqrt(s);
  }
  return w;
}

/** The volume (area in 2D) |det h| of the cell (λ^d). */
export function cellVolume(h: ArrayLike<number>): number {
  return Math.abs(determinant(h));
}

/**
 * Checks that every pair within `range` (cutoff + skin, λ) has one image only and that
 * rounding finds it: range < w_min / 2.
 * @throws RangeError naming the smallest width and the range
 */
export function checkCellFits(h: ArrayLike<number>, range: number, what = 'config.cell'): void {
  const w = cellWidths(h);
  const minWidth = Math.min(...w);
  if (!(minWidth > 2 * range)) {
    throw new ArgumentRangeError(`${what}: the cell's smallest width ${minWidth.toPrecision(6)} λ is not above twice the interaction range ` +
      `${range.toPrecision(6)} λ, so a pair could interact through two periodic images; use a larger glass (more particles at the same density)`);
  }
}

/**
 * Writes the rounded image h (s − round(s)), s = h⁻¹ δ, of the displacement
 * δ = x[j] − x[i] (particles i, j of the interleaved positions x, d per particle) to
 * out[o … o+d−1] and returns its squared length. Exact minimum image when that is shorter
 * than w_min / 2 (module doc). No validation (hot path).
 */
export function roundedImage(
  d: 2 | 3, h: ArrayLike<number>, hinv: ArrayLike<number>, x: ArrayLike<number>, i: number, j: number, out: Float64Array, o: number,
): number {
  if (d === 2) {
    const dx = x[2 * j]! - x[2 * i]!, dy = x[2 * j + 1]! - x[2 * i + 1]!;
    let s0 = hinv[0]! * dx + hinv[1]! * dy, s1 = hinv[2]! * dx + hinv[3]! * dy;
    s0 -= Math.round(s0); s1 -= Math.round(s1);
    const rx = h[0]! * s0 + h[1]! * s1, ry = h[2]! * s0 + h[3]! * s1;
    out[o] = rx; out[o + 1] = ry;
    return rx * rx + ry * ry;
  }
  const dx = x[3 * j]! - x[3 * i]!, dy = x[3 * j + 1]! - x[3 * i + 1]!, dz = x[3 * j + 2]! - x[3 * i + 2]!;
  let s0 = hinv[0]! * dx + hinv[1]! * dy + hinv[2]! * dz;
  let s1 = hinv[3]! * dx + hinv[4]! * dy + hinv[5]! * dz;
  let s2 = hinv[6]! * dx + hinv[7]! * dy + hinv[8]! * dz;
  s0 -= Math.round(s0); s1 -= Math.round(s1); s2 -= Math.round(s2);
  const rx = h[0]! * s0 + h[1]! * s1 + h[2]! * s2;
  const ry = h[3]! * s0 + h[4]! * s1 + h[5]! * s2;
  const rz = h[6]! * s0 + h[7]! * s1 + h[8]! * s2;
  out[o] = rx; out[o + 1] = ry; out[o + 2] = rz;
  return rx * rx + ry * ry + rz * rz;
}

/**
 * max_i |x_i − y_i| over particles, each displacement taken to its minimum image in the
 * cell h (2×2 or 3×3 row-major): how far one configuration's particles are from another's
 * in the same cell (λ).
 */
export function maxImageDisplacement(h: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const d = dimensionOfMatrix(h);
  const hinv = inverse(h);
  const n = x.length / d;
  const both = new Float64Array(2 * d), out = new Float64Array(d);
  let max2 = 0;
  for (let p = 0; p < n; p++) {
    for (let a = 0; a < d; a++) { both[a] = x[d * p + a]!; both[d + a] = y[d * p + a]!; }
    max2 = Math.max(max2, roundedImage(d, h, hinv, both, 0, 1, out, 0));
  }
  return Math.sqrt(max2);
}

/**
 * Affine deformation of a cell and its particles: h ← (1 + δγ E) h, x ← (1 + δγ E) x
 * (docs/design.md §2: particles move with the cell; E is d×d row-major, e.g. simple shear
 * E = e_x e_yᵀ). Returns new arrays.
 */
export function deformAffine(
  cell: Float64Array, positions: Float64Array, E: ArrayLike<number>, deltaGamma: number,
): { cell: Float64Array; positions: Float64Array } {
  const d = dimensionOfMatrix(cell);
  if (E.length !== d * d) throw new ArgumentRangeError(`E: expected a ${d}×${d} matrix (${d * d} entries), got ${E.length}`);
  const F = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) F[a * d + b] = (a === b ? 1 : 0) + deltaGamma * E[a * d + b]!;
  const newCell = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += F[a * d + c]! * cell[c * d + b]!;
      newCell[a * d + b] = s;
    }
  }
  const n = positions.length / d;
  const newPositions = new Float64Array(positions.length);
  for (let p = 0; p < n; p++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += F[a * d + c]! * positions[p * d + c]!;
      newPositions[p * d + a] = s;
    }
  }
  return { cell: newCell, positions: newPositions };
}

/**
 * y_i = A x_i for every particle i of the interleaved positions x (d per particle, d from
 * A: 2×2 or 3×3 row-major), e.g. the affine map of a strain step. Returns a new array.
 */
export function applyLinear(A: ArrayLike<number>, x: Float64Array): Float64Array {
  const d = dimensionOfMatrix(A);
  if (x.length % d !== 0) throw new ArgumentRangeError(`x: expected a multiple of ${d} entries (x, y${d === 3 ? ', z' : ''} interleaved), got ${x.length}`);
  const y = new Float64Array(x.length);
  if (d === 2) {
    const a = A[0]!, b = A[1]!, c = A[2]!, e = A[3]!;
    for (let k = 0; k < x.length; k += 2) {
      const px = x[k]!, py = x[k + 1]!;
      y[k] = a * px + b * py;
      y[k + 1] = c * px + e * py;
    }
    return y;
  }
  for (let k = 0; k < x.length; k += 3) {
    const px = x[k]!, py = x[k + 1]!, pz = x[k + 2]!;
    y[k] = A[0]! * px + A[1]! * py + A[2]! * pz;
    y[k + 1] = A[3]! * px + A[4]! * py + A[5]! * pz;
    y[k + 2] = A[6]! * px + A[7]! * py + A[8]! * pz;
  }
  return y;
}

/** The product A B of two d×d row-major matrices (d from the length: 4 → 2, 9 → 3). */
export function matrixProduct(A: ArrayLike<number>, B: ArrayLike<number>): Float64Array {
  const d = dimensionOfMatrix(A);
  const C = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += A[a * d + c]! * B[c * d + b]!;
      C[a * d + b] = s;
    }
  }
  return C;
}

/** H(γ) = 1 + γE of a linear strain path (E d×d row-major). */
export function linearPath(E: ArrayLike<number>, gamma: number): Float64Array {
  const d = dimensionOfMatrix(E);
  const H = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) H[a * d + b] = (a === b ? 1 : 0) + gamma * E[a * d + b]!;
  return H;
}
