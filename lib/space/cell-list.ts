/**
 * Cell (bin) lists in a periodic, possibly tilted cell.
 *
 * Particles are binned on the reduced lattice basis (./reduce.ts): reduced coordinates
 * s = h_r⁻¹ x wrapped into [0,1)², bins of nb_k = ⌊w_k / binSize⌋ along each reduced
 * axis (w_k the perpendicular width). Each bin is a parallelogram whose perpendicular
 * heights are ≥ binSize, so two points closer than binSize differ by at most one bin
 * along each axis (|Δs_k| ≤ |Δx|/w_k): the 3×3 stencil is complete at any tilt. When
 * nb_k < 3 the stencil along k is all nb_k bins (no double visits).
 * Storage: linked lists `head[bin]`, `next[p]` (Int32Array, −1 terminated), `bin[p]`.
 */
import type { ReducedCell } from './reduce.js';

/** Bin lists (plain record; buffers grow only when needed). */
export interface CellList {
  /** Bins along reduced axes a and b. */
  nb0: number;
  nb1: number;
  /** First particle of each bin, −1 if empty; length ≥ nb0·nb1. */
  head: Int32Array;
  /** Next particle in the same bin, −1 at the end; length ≥ n. */
  next: Int32Array;
  /** Bin index b0·nb1 + b1 of each particle; length ≥ n. */
  bin: Int32Array;
}

/** Empty cell list for up to n particles. */
export function createCellList(n: number): CellList {
  return { nb0: 0, nb1: 0, head: new Int32Array(1), next: new Int32Array(n), bin: new Int32Array(n) };
}

/**
 * The bin of the Cartesian point (x, y) among nb0 × nb1 equal bins of a cell with inverse
 * `hinv` (row-major): its reduced coordinates wrapped into [0, 1) — s − ⌊s⌋ can round up to
 * exactly 1 for a tiny negative s, so the bin is clamped — times the bin counts, floored.
 * Writes the bin along each axis to out[0], out[1]. No validation (hot path).
 */
export function wrappedBinUnchecked(hinv: ArrayLike<number>, nb0: number, nb1: number, x: number, y: number, out: Int32Array): void {
  let s0 = hinv[0] * x + hinv[1] * y;
  let s1 = hinv[2] * x + hinv[3] * y;
  s0 -= Math.floor(s0);
  s1 -= Math.floor(s1);
  const b0 = Math.floor(s0 * nb0);
  const b1 = Math.floor(s1 * nb1);
  out[0] = b0 >= nb0 ? nb0 - 1 : b0;
  out[1] = b1 >= nb1 ? nb1 - 1 : b1;
}

/** Scratch of binParticles: one particle's bin along each axis. */
const BIN = new Int32Array(2);

/** Upper bound on the number of bins per particle (keeps dilute boxes cheap). */
const MAX_BINS_PER_PARTICLE = 4;

/**
 * Bins n particles (positions interleaved, λ) for a search radius binSize (> 0).
 * No validation (internal hot path; callers check binSize < rc.minWidth).
 */
export function binParticles(cl: CellList, rc: ReducedCell, positions: Float64Array, n: number, binSize: number): void {
  let nb0 = Math.max(1, Math.floor(rc.widths[0] / binSize));
  let nb1 = Math.max(1, Math.floor(rc.widths[1] / binSize));
  const maxBins = Math.max(9, MAX_BINS_PER_PARTICLE * n);
  while (nb0 * nb1 > maxBins) {
    // Coarser bins are still ≥ binSize, so the stencil stays complete.
    if (nb0 >= nb1) nb0 = Math.max(1, nb0 >> 1);
    else nb1 = Math.max(1, nb1 >> 1);
  }
  cl.nb0 = nb0;
  cl.nb1 = nb1;
  const nbins = nb0 * nb1;
  if (cl.head.length < nbins) cl.head = new Int32Array(nbins);
  if (cl.next.length < n) {
    cl.next = new Int32Array(n);
    cl.bin = new Int32Array(n);
  }
  cl.head.fill(-1, 0, nbins);
  const hi = rc.hinv, bin = BIN;
  for (let p = n - 1; p >= 0; p--) {
    wrappedBinUnchecked(hi, nb0, nb1, positions[2 * p], positions[2 * p + 1], bin);
    const b = bin[0] * nb1 + bin[1];
    cl.bin[p] = b;
    cl.next[p] = cl.head[b];
    cl.head[b] = p;
  }
}

/**
 * Writes the stencil bins along one axis for bin index b of nb into out (length ≥ 3);
 * returns how many.
 */
export function stencilAxis(b: number, nb: number, out: Int32Array): number {
  if (nb >= 3) {
    out[0] = b === 0 ? nb - 1 : b - 1;
    out[1] = b;
    out[2] = b === nb - 1 ? 0 : b + 1;
    return 3;
  }
  for (let k = 0; k < nb; k++) out[k] = k;
  return nb;
}

/** Stencil scratch of stencilBins (single-threaded module state). */
const AXIS0 = new Int32Array(3);
const AXIS1 = new Int32Array(3);

/**
 * Writes the bins of the stencil of bin b (b0·nb1 + b1) into out (length ≥ 9), along a
 * then along b as in the bin index; returns how many (9 when both axes have ≥ 3 bins).
 * A search visits the particles of these bins: every pair closer than the bin size is met.
 */
export function stencilBins(cl: CellList, b: number, out: Int32Array): number {
  const nb1 = cl.nb1;
  const m0 = stencilAxis((b / nb1) | 0, cl.nb0, AXIS0);
  const m1 = stencilAxis(b % nb1, nb1, AXIS1);
  for (let u = 0; u < m0; u++) for (let v = 0; v < m1; v++) out[u * m1 + v] = AXIS0[u] * nb1 + AXIS1[v];
  return m0 * m1;
}
