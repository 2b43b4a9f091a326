/**
 * The `Lattice="a1x a1y a1z a2x a2y a2z a3x a3y a3z"` entry of extended XYZ, reduced to
 * softspot's 2×2 cell h = [[a1x, a2x], [a1y, a2y]] (row-major [h00, h01, h10, h11]; its
 * columns are the cell vectors, docs/design.md §2, §9).
 *
 * Accepted: a1 and a2 in the plane (z components exactly 0) and a3 along z with a
 * non-negative length (softspot writes `0 0 1`; ASE may write `0 0 0` for a
 * non-periodic z). Rejected: a degenerate cell (|det h| ≤ 1e-10·|a1|·|a2|, i.e. the
 * vectors are zero or (nearly) parallel) and a left-handed one (det h < 0).
 */
import type { Fail } from './keyvalue.js';
import { parseDecimal } from './number.js';

/** Relative threshold on |det h| / (|a1|·|a2|) = |sin(angle between a1 and a2)|. */
export const DEGENERATE_SINE = 1e-10;

/** Parses and checks a Lattice value; returns h row-major. */
export function parseLattice(value: string, fail: Fail): Float64Array {
  const tokens = value.trim().split(/\s+/);
  if (tokens.length !== 9) {
    fail(`Lattice has ${tokens.length} numbers, expected 9`,
      'write Lattice="Lx 0 0 Txy Ly 0 0 0 1" (a1, a2, a3 as three 3-vectors)');
  }
  const v = tokens.map((t, k) => {
    const parsed = parseDecimal(t);
    if (!parsed.ok) {
      fail(`Lattice number ${k + 1} '${t}' is ${parsed.why === 'non-finite' ? 'not finite' : 'not a number'}`,
        'give the nine cell components as finite decimal numbers');
    }
    return parsed.value;
  });
  const [a1x, a1y, a1z, a2x, a2y, a2z, a3x, a3y, a3z] = v as [number, number, number, number, number, number, number, number, number];
  if (a1z !== 0 || a2z !== 0) {
    fail(`Lattice a1 or a2 has a non-zero z component (a1z = ${a1z}, a2z = ${a2z})`,
      'softspot is 2D: rotate the cell so that a1 and a2 lie in the xy plane with z = 0');
  }
  if (a3x !== 0 || a3y !== 0 || a3z < 0) {
    fail(`Lattice a3 = (${a3x}, ${a3y}, ${a3z}) is not along +z`,
      'write the third cell vector as 0 0 1 (or 0 0 c with c ≥ 0)');
  }
  const det = a1x * a2y - a2x * a1y;
  const size = Math.hypot(a1x, a1y) * Math.hypot(a2x, a2y);
  if (!(Math.abs(det) > DEGENERATE_SINE * size) || size === 0) {
    fail(`the cell is degenerate: a1 = (${a1x}, ${a1y}) and a2 = (${a2x}, ${a2y}) are zero or parallel (det = ${det})`,
      'give two non-parallel in-plane cell vectors');
  }
  if (det < 0) {
    fail(`the cell has negative orientation: det(a1, a2) = ${det} < 0 (a left-handed cell)`,
      'swap a1 and a2, or flip the sign of one of them, so that a1 × a2 points along +z');
  }
  return Float64Array.of(a1x, a2x, a1y, a2y);
}

/** The nine Lattice numbers a1, a2, a3 (as written), each checked to be a finite decimal. */
export function parseLatticeNumbers(value: string, fail: Fail): number[] {
  const tokens = value.trim().split(/\s+/);
  if (tokens.length !== 9) {
    fail(`Lattice has ${tokens.length} numbers, expected 9`,
      'write Lattice="Lx 0 0 Txy Ly 0 0 0 1" (a1, a2, a3 as three 3-vectors)');
  }
  return tokens.map((t, k) => {
    const parsed = parseDecimal(t);
    if (!parsed.ok) {
      fail(`Lattice number ${k + 1} '${t}' is ${parsed.why === 'non-finite' ? 'not finite' : 'not a number'}`,
        'give the nine cell components as finite decimal numbers');
    }
    return parsed.value;
  });
}

/** True when a1, a2 lie in the xy plane and a3 is along +z (or zero): the form of a 2D cell. */
export function isPlanarLattice(v: readonly number[]): boolean {
  return v[2] === 0 && v[5] === 0 && v[6] === 0 && v[7] === 0 && v[8]! >= 0;
}

/**
 * A 3D Lattice as the 3×3 cell h, row-major, its columns the cell vectors a1, a2, a3
 * (h[3r + c] = a_{c+1}[r]; docs/design.md §10). Rejected: a degenerate cell
 * (|det h| ≤ 1e-10·|a1||a2||a3|) and a left-handed one (det h < 0).
 */
export function parseLattice3(value: string, fail: Fail): Float64Array {
  const v = parseLatticeNumbers(value, fail);
  const h = Float64Array.of(v[0]!, v[3]!, v[6]!, v[1]!, v[4]!, v[7]!, v[2]!, v[5]!, v[8]!);
  const det = det3(h);
  const size = Math.hypot(v[0]!, v[1]!, v[2]!) * Math.hypot(v[3]!, v[4]!, v[5]!) * Math.hypot(v[6]!, v[7]!, v[8]!);
  if (!(Math.abs(det) > DEGENERATE_SINE * size) || size === 0) {
    fail(`the 3D cell is degenerate: a1, a2, a3 are zero or coplanar (det = ${det})`, 'give three independent cell vectors');
  }
  if (det < 0) {
    fail(`the 3D cell has negative orientation: det(a1, a2, a3) = ${det} < 0 (a left-handed cell)`,
      'swap two cell vectors, or flip the sign of one of them');
  }
  return h;
}

/** Determinant of a row-major 3×3 matrix. */
export function det3(h: ArrayLike<number>): number {
  return h[0]! * (h[4]! * h[8]! - h[5]! * h[7]!) - h[1]! * (h[3]! * h[8]! - h[5]! * h[6]!) + h[2]! * (h[3]! * h[7]! - h[4]! * h[6]!);
}
