/**
 * The basis in which d-generic pair searches take minimum images (docs/design.md §2: "keep the
 * cell reduced when the tilt grows"; §10). d ∈ {2, 3}.
 *
 * A periodic cell h (d×d row-major, columns the cell vectors a_k) defines the lattice
 * {h·k : k ∈ ℤ^d}. Every basis B = h·U of that lattice (U an integer matrix with
 * det U = ±1) describes the same periodic system, and rounding reduced coordinates in B
 * (./cell-nd.ts roundedImage with B and B⁻¹) gives the exact minimum image of any
 * displacement shorter than w_min(B)/2, by the argument of ./cell-nd.ts, which holds for any
 * basis. Shear narrows the cell h itself without bound (simple shear of a cube: widths
 * L/√(1+γ²)), while a reduced basis of the same lattice keeps its widths: for simple shear
 * of a cube, ≥ L/√(5/4) at every γ. So pair searches work in the reduced basis, and
 * sheared glasses stay searchable at any strain.
 *
 * Reduction: LLL (Lenstra, Lenstra & Lovász 1982; δ = 0.99) followed by a greedy pass
 * that replaces a vector by a shorter one b_k ± b_i (± b_j in 3D) while one exists
 * (the greedy reduction of Nguyen & Stehlé, which is Minkowski's in d ≤ 4, restricted to
 * these candidates). U is kept as exact small integers and B = h·U is computed once from
 * it, so B holds the lattice of h to the rounding of one d-term sum per entry.
 *
 * Stability of results: {@link imagingBasis} returns h itself, unchanged, unless the
 * reduced basis is strictly wider (relative 1e-9). The cells of a first plastic event
 * (tilts below ½ of a cell vector) are already reduced, so their pairs, images and every
 * number derived from them are bit for bit those of the unreduced search.
 *
 * Units: λ. Shapes: h, B, B⁻¹ d×d row-major; widths Float64Array(d).
 */
import { cellWidths, determinant, dimensionOfMatrix, inverse, matrixProduct } from './cell-nd.js';
import { ArgumentRangeError } from '../errors.js';

/** A basis of a cell's lattice for minimum images (plain record; see the module doc). */
export interface NdLatticeBasis {
  /** The basis B (d×d row-major, columns the basis vectors): h itself or h·U. */
  readonly h: Float64Array;
  /** B⁻¹ (row-major). */
  readonly hinv: Float64Array;
  /** Perpendicular widths of B (λ), Float64Array(d). */
  readonly widths: Float64Array;
  /** min of `widths` (λ). */
  readonly minWidth: number;
  /** Whether B differs from h (the cell was reduced). */
  readonly reduced: boolean;
}

/** The reduced basis of a lattice and its unimodular change of basis (see {@link reduceLattice}). */
export interface ReducedLattice {
  /** B = h·U (d×d row-major). */
  readonly basis: Float64Array;
  /** U, integer entries, det U = ±1 (d×d row-major). */
  readonly unimodular: Int32Array;
}

/** Lovász constant of the LLL step. */
const LOVASZ = 0.99;
/** A reduced basis must be wider than h by this relative amount to replace it. */
const WIDER = 1e-9;

type Vec = number[];
const dot = (u: Vec, v: Vec): number => u.reduce((s, ui, a) => s + ui * v[a]!, 0);

/**
 * A reduced basis B = h·U of the lattice of h (LLL, δ = 0.99, then greedy shortening; module
 * doc), with det B of the sign of det h. Always reduces (unlike {@link imagingBasis}).
 * @throws RangeError when h is not an invertible 2×2 or 3×3 matrix
 */
export function reduceLattice(h: ArrayLike<number>): ReducedLattice {
  const d = dimensionOfMatrix(h);
  inverse(h); // validates: invertible, finite
  // Working columns b_k (floating point, for the decisions) and the integer U they are h·U of.
  const b: Vec[] = [], u: Vec[] = [];
  for (let k = 0; k < d; k++) {
    b.push(Array.from({ length: d }, (_, a) => h[a * d + k]!));
    u.push(Array.from({ length: d }, (_, a) => (a === k ? 1 : 0)));
  }
  const addMultiple = (k: number, j: number, q: number): void => {
    for (let a = 0; a < d; a++) {
      b[k]![a] -= q * b[j]![a]!;
      u[k]![a] -= q * u[j]![a]!;
    }
  };
  const swap = (k: number, j: number): void => {
    [b[k], b[j]] = [b[j]!, b[k]!];
    [u[k], u[j]] = [u[j]!, u[k]!];
  };
  // Gram–Schmidt of the current columns (d ≤ 3: recomputed, not updated).
  const gramSchmidt = (): { star: Vec[]; norm2: number[]; mu: number[][] } => {
    const star: Vec[] = [], norm2: number[] = [], mu: number[][] = [];
    for (let k = 0; k < d; k++) {
      const v = b[k]!.slice();
      mu.push([]);
      for (let j = 0; j < k; j++) {
        const m = dot(b[k]!, star[j]!) / norm2[j]!;
        mu[k]![j] = m;
        for (let a = 0; a < d; a++) v[a] -= m * star[j]![a]!;
      }
      star.push(v);
      norm2.push(dot(v, v));
    }
    return { star, norm2, mu };
  };

  // LLL. The iteration bound only guards against a malformed cell (far above what any
  // lattice of a few dozen bits of tilt needs).
  let k = 1;
  for (let it = 0; k < d; it++) {
    if (it > 10000) throw new ArgumentRangeError('h: lattice reduction did not finish (is the cell degenerate?)');
    for (let j = k - 1; j >= 0; j--) {
      const q = Math.round(gramSchmidt().mu[k]![j]!);
      if (q !== 0) addMultiple(k, j, q);
    }
    const gs = gramSchmidt();
    if (gs.norm2[k]! >= (LOVASZ - gs.mu[k]![k - 1]! ** 2) * gs.norm2[k - 1]!) k++;
    else {
      swap(k, k - 1);
      k = Math.max(1, k - 1);
    }
  }

  // Greedy shortening: b_k ← b_k + Σ_{i≠k} c_i b_i, c_i ∈ {−1, 0, 1}, while strictly shorter.
  for (let changed = true, it = 0; changed; it++) {
    if (it > 1000) throw new ArgumentRangeError('h: lattice reduction did not finish (is the cell degenerate?)');
    changed = false;
    for (let k2 = 0; k2 < d; k2++) {
      const others = [0, 1, 2].slice(0, d).filter((i) => i !== k2);
      const combos = d === 2 ? [[1], [-1]] : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
      let bestLen = dot(b[k2]!, b[k2]!), best: number[] | null = null;
      for (const c of combos) {
        const v = b[k2]!.map((x, a) => x + others.reduce((s, i, m) => s + c[m]! * b[i]![a]!, 0));
        const len = dot(v, v);
        if (len < bestLen * (1 - 1e-12)) { bestLen = len; best = c; }
      }
      if (best !== null) {
        others.forEach((i, m) => { if (best![m] !== 0) addMultiple(k2, i, -best![m]!); });
        changed = true;
      }
    }
  }

  // Orientation: det B of the sign of det h (flip the last vector; det U of small integers is
  // exact in floating point), then B = h·U exactly once.
  const U = new Int32Array(d * d);
  for (let c = 0; c < d; c++) for (let a = 0; a < d; a++) U[a * d + c] = u[c]![a]!;
  if (determinant(U) < 0) for (let a = 0; a < d; a++) U[a * d + d - 1] = -U[a * d + d - 1]!;
  return { basis: matrixProduct(h, U), unimodular: U };
}

/**
 * The basis pair searches of cell h use (module doc): h itself unless a reduced basis of its
 * lattice is strictly wider; a deterministic function of h, so every search of one state
 * takes the same images.
 * @throws RangeError when h is not an invertible 2×2 or 3×3 matrix
 */
export function imagingBasis(h: ArrayLike<number>): NdLatticeBasis {
  const own = Float64Array.from(h);
  const widths = cellWidths(own);
  const minWidth = Math.min(...widths);
  const { basis } = reduceLattice(own);
  const reducedWidths = cellWidths(basis);
  const reducedMin = Math.min(...reducedWidths);
  if (reducedMin > minWidth * (1 + WIDER)) {
    return { h: basis, hinv: inverse(basis), widths: reducedWidths, minWidth: reducedMin, reduced: true };
  }
  return { h: own, hinv: inverse(own), widths, minWidth, reduced: false };
}
