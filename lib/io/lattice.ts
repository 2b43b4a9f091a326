/**
 * The `Lattice="a1x a1y a1z a2x a2y a2z a3x a3y a3z"` entry of extended XYZ, reduced to
 * softspot's 2×2 cell h = [[a1x, a2x], [a1y, a2y]] (row-major [h00, h01, h10, h11]; its
 * columns are the cell vectors, DESIGN §2, §9).
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
