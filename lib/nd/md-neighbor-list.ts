/**
 * The Verlet half list of the d-generic MD (d = 2, 3; docs/design.md §2, §10): a cell list in
 * reduced coordinates, built in a FIXED periodic cell of any tilt, with a skin. "The cell"
 * below is the imaging basis of the given cell (lib/space/lattice-basis.ts): the cell itself, or a
 * reduced basis of its lattice once shear has narrowed it.
 *
 * Build (O(N)):
 * - positions are wrapped into the cell, s = h⁻¹x ∈ [0, 1)^d (the caller's array is
 *   changed: MD owns its positions; ./md-objective.ts keeps a private copy);
 * - particles are counting-sorted into nb_0 × … × nb_{d−1} bins of the reduced cube,
 *   nb_k = ⌊w_k / r_list⌋ (w_k the perpendicular widths, lib/space/cell-nd.ts), so a bin is at least
 *   r_list wide across every face and a pair within r_list lies in neighbouring bins;
 * - each particle i visits the later particles of its bin and the forward half of the 3^d
 *   bins around it (`buildBinned`), with the lattice shift w ∈ {−1, 0, 1}^d of a bin that
 *   wraps around, and keeps every j whose image x_j + h·w lies within the pair's list
 *   radius r_c,t + skin (per species pair, as LAMMPS' `cutneighsq`). With fewer than 3 bins
 *   along an axis the build falls back to all pairs j > i with the rounded minimum image
 *   (small boxes only: 3D KA below N ≈ 710).
 * Both builds run in C++ (native/core/nd_neighbor_build.h), the same pairs in the same
 * order as `buildBinned` and `buildAllPairs` below, which stay as their references
 * (./reference-loops.ts).
 * Each listed pair stores j and its image: code = (j << 5) | m, m = Σ_k (w_k + 1) 3^k, and
 * the pair vector is r = x_j − x_i + shift[d·m …] with shift = h·w (λ). The image is fixed
 * for the life of the list, so the force loop needs no rounding.
 *
 * Validity: the cell's smallest width must exceed 2·(max r_c + skin) (`checkCellFits`), so
 * that a pair has one image within its list radius. Rebuild when the two largest
 * displacements since the build sum to more than the skin, d₁ + d₂ > skin: a pair's
 * distance changes by at most d_i + d_j ≤ d₁ + d₂, so no pair crosses from beyond
 * r_c + skin to inside r_c unseen (the 2D kernel's rule, lib/md/kernel.ts).
 *
 * Units: λ. Shapes: x is Float64Array(d·N), x, y(, z) interleaved; cell d×d row-major,
 * columns the cell vectors (lib/config.ts).
 */
import { addon } from '../native.js';
import { cellWidths, checkCellFits } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { ndReferenceLoops } from './reference-loops.js';
import { ArgumentRangeError } from '../errors.js';

/** Verlet half list (plain record; see module doc). */
export interface NdNeighborList {
  readonly d: 2 | 3;
  readonly n: number;
  /** Skin (λ). */
  readonly skin: number;
  /** Number of species (pair type t = s_i·nSpecies + s_j). */
  readonly nSpecies: number;
  /** List radius² (r_c,t + skin)² per pair type. */
  readonly list2: Float64Array;
  /** max_t (r_c,t + skin) (λ). */
  readonly listRadius: number;
  /** The cell of the list (its imaging basis, module doc) and its inverse, row-major. */
  readonly cell: Float64Array;
  readonly hinv: Float64Array;
  /** CSR offsets into `codes`, Int32Array(n + 1). */
  offsets: Int32Array;
  /** Pair codes (j << 5) | m (module doc); capacity ≥ offsets[n]. */
  codes: Int32Array;
  /** Image shifts h·w, d entries per m = 0 … 3^d − 1 (λ). */
  readonly shift: Float64Array;
  /** Positions at the last build (wrapped), Float64Array(d·n). */
  readonly ref: Float64Array;
  /** Number of listed pairs and of builds. */
  count: number;
  builds: number;
}

/** Image code of the zero shift (w = 0): 4 in 2D, 13 in 3D. */
export function zeroImage(d: 2 | 3): number {
  return d === 2 ? 4 : 13;
}

/**
 * A list for n particles in `cell` with per-type cutoffs `cutoff` (Float64Array(nSpecies²), λ);
 * it keeps the cell's imaging basis (module doc) as its `cell`.
 * @throws RangeError when the cell is too narrow for max r_c + skin (checkCellFits), or
 *   n > 2²⁶ (codes are 31-bit)
 */
export function createNdNeighborList(
  d: 2 | 3, n: number, nSpecies: number, cutoff: Float64Array, cell: Float64Array, skin: number,
): NdNeighborList {
  if (n > 2 ** 26) throw new ArgumentRangeError(`n: expected at most ${2 ** 26} particles (neighbour codes are 31-bit), got ${n}`);
  const nt = nSpecies * nSpecies;
  const list2 = new Float64Array(nt);
  let listRadius = 0;
  for (let t = 0; t < nt; t++) {
    list2[t] = (cutoff[t]! + skin) ** 2;
    listRadius = Math.max(listRadius, cutoff[t]! + skin);
  }
  const basis = imagingBasis(cell);
  checkCellFits(basis.h, listRadius, 'cell');
  const nImages = d === 2 ? 9 : 27;
  const shift = new Float64Array(d * nImages);
  for (let m = 0; m < nImages; m++) {
    const w = [m % 3 - 1, Math.floor(m / 3) % 3 - 1, Math.floor(m / 9) % 3 - 1];
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += basis.h[a * d + k]! * w[k]!;
      shift[d * m + a] = s;
    }
  }
  return {
    d, n, skin, nSpecies, list2, listRadius, cell: basis.h, hinv: basis.hinv, offsets: new Int32Array(n + 1),
    codes: new Int32Array(Math.max(64, 40 * n)), shift, ref: new Float64Array(d * n), count: 0, builds: 0,
  };
}

function grow(a: Int32Array, need: number): Int32Array {
  const g = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5) + 64));
  g.set(a);
  return g;
}

/** Wraps x (in place) into the cell: s = h⁻¹x, s ← s − ⌊s⌋, x = h s. */
export function wrapInto(d: 2 | 3, cell: Float64Array, hinv: Float64Array, x: Float64Array, n: number): void {
  const s = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    let moved = false;
    for (let k = 0; k < d; k++) {
      let v = 0;
      for (let a = 0; a < d; a++) v += hinv[k * d + a]! * x[d * p + a]!;
      const f = Math.floor(v);
      s[k] = f;
      if (f !== 0) moved = true;
    }
    if (!moved) continue;
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += cell[a * d + k]! * s[k]!;
      x[d * p + a] = x[d * p + a]! - v;
    }
  }
}

/** Scratch of the build (grown on demand). */
let binOf = new Int32Array(0);
let sorted = new Int32Array(0);
let rank = new Int32Array(0);
let sx = new Float64Array(0);
let sSpecies = new Uint8Array(0);
let binStart = new Int32Array(0);

/**
 * Wraps x (in place) and rebuilds the list (module doc). Deterministic pair order. The
 * binned build runs in C++ (native/core/nd_neighbor_build.h: the same pairs in the same
 * order as `buildBinned` here, 3.3× faster); `reference` runs the TypeScript one (default:
 * ./reference-loops.ts).
 * @param species species codes, Uint8Array(n)
 * @throws RangeError for a non-finite position or a species ≥ nSpecies (binned build)
 */
export function buildNdNeighborList(nl: NdNeighborList, x: Float64Array, species: Uint8Array, reference = ndReferenceLoops()): void {
  const { d, n, cell, hinv } = nl;
  wrapInto(d, cell, hinv, x, n);
  const w = cellWidths(cell);
  const nb = [1, 1, 1];
  for (let k = 0; k < d; k++) nb[k] = Math.max(1, Math.floor(w[k]! / nl.listRadius));
  let small = false;
  for (let k = 0; k < d; k++) if (nb[k]! < 3) small = true;
  if (small || n < 64) {
    if (reference) buildAllPairs(nl, x, species);
    else buildAllPairsNative(nl, x, species);
  } else if (reference) buildBinned(nl, x, species, nb[0]!, nb[1]!, d === 3 ? nb[2]! : 1);
  else buildBinnedNative(nl, x, species, nb[0]!, nb[1]!, d === 3 ? nb[2]! : 1);
  nl.count = nl.offsets[n]!;
  nl.ref.set(x.subarray(0, d * n));
  nl.builds++;
}

/** `buildBinned` in C++ (addon.ndBuildBinned), the codes grown when they do not fit. */
function buildBinnedNative(nl: NdNeighborList, x: Float64Array, species: Uint8Array, nb0: number, nb1: number, nb2: number): void {
  const build = (): number => addon.ndBuildBinned(nl.d, nl.n, x, species, nl.nSpecies, nl.hinv, nb0, nb1, nb2, nl.list2, nl.shift, nl.offsets, nl.codes);
  const need = build();
  if (need > nl.codes.length) {
    nl.codes = grow(nl.codes, need);
    build();
  }
}

/** `buildAllPairs` in C++ (addon.ndBuildAllPairs), the codes grown when they do not fit. */
function buildAllPairsNative(nl: NdNeighborList, x: Float64Array, species: Uint8Array): void {
  const build = (): number => addon.ndBuildAllPairs(nl.d, nl.n, x, species, nl.nSpecies, nl.cell, nl.hinv, nl.list2, nl.offsets, nl.codes);
  const need = build();
  if (need > nl.codes.length) {
    nl.codes = grow(nl.codes, need);
    build();
  }
}

/** Forward half stencils (module doc of `buildBinned`): bin offsets e ≠ 0 with the first non-zero entry > 0. */
const HALF_STENCIL = [2, 3].map((d) => {
  const out: number[][] = [];
  for (let e0 = -1; e0 <= 1; e0++) for (let e1 = -1; e1 <= 1; e1++) for (let e2 = d === 3 ? -1 : 0; e2 <= (d === 3 ? 1 : 0); e2++) {
    const first = e0 !== 0 ? e0 : e1 !== 0 ? e1 : e2;
    if (first > 0) out.push([e0, e1, e2]);
  }
  return out;
});

/**
 * Binned build with the forward half stencil: each particle visits the later particles of
 * its own bin (in bin order) and all particles of the 4 (2D) or 13 (3D) bins whose offset is
 * lexicographically positive, so every pair of bins (with its image shift) is visited once;
 * with ≥ 3 bins per axis no bin is met twice under different shifts. Positions are copied in
 * bin order for locality. A row of the list may hold j < i.
 */
function buildBinned(nl: NdNeighborList, x: Float64Array, species: Uint8Array, nb0: number, nb1: number, nb2: number): void {
  const { d, n, hinv, shift, list2 } = nl;
  const ns = nl.nSpecies, nbins = nb0 * nb1 * nb2;
  if (binOf.length < n) {
    binOf = new Int32Array(n);
    sorted = new Int32Array(n);
    rank = new Int32Array(n);
    sx = new Float64Array(3 * n);
    sSpecies = new Uint8Array(n);
  }
  if (binStart.length < nbins + 1) binStart = new Int32Array(nbins + 1);
  binStart.fill(0, 0, nbins + 1);
  const clamp = (v: number, m: number): number => (v >= m ? m - 1 : v < 0 ? 0 : v);
  for (let p = 0; p < n; p++) {
    let b: number;
    if (d === 3) {
      const px = x[3 * p]!, py = x[3 * p + 1]!, pz = x[3 * p + 2]!;
      const b0 = clamp(Math.floor((hinv[0]! * px + hinv[1]! * py + hinv[2]! * pz) * nb0), nb0);
      const b1 = clamp(Math.floor((hinv[3]! * px + hinv[4]! * py + hinv[5]! * pz) * nb1), nb1);
      const b2 = clamp(Math.floor((hinv[6]! * px + hinv[7]! * py + hinv[8]! * pz) * nb2), nb2);
      b = (b0 * nb1 + b1) * nb2 + b2;
    } else {
      const px = x[2 * p]!, py = x[2 * p + 1]!;
      const b0 = clamp(Math.floor((hinv[0]! * px + hinv[1]! * py) * nb0), nb0);
      const b1 = clamp(Math.floor((hinv[2]! * px + hinv[3]! * py) * nb1), nb1);
      b = b0 * nb1 + b1;
    }
    binOf[p] = b;
    binStart[b + 1]++;
  }
  for (let b = 0; b < nbins; b++) binStart[b + 1] += binStart[b]!;
  const fill = Int32Array.from(binStart.subarray(0, nbins));
  for (let p = 0; p < n; p++) {
    const q = fill[binOf[p]!]!++;
    sorted[q] = p;
    rank[p] = q;
    for (let a = 0; a < d; a++) sx[d * q + a] = x[d * p + a]!;
    sSpecies[q] = species[p]!;
  }

  const offsets = nl.offsets, stencil = HALF_STENCIL[d - 2]!;
  let codes = nl.codes, count = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = count;
    const b = binOf[i]!, qi = rank[i]!;
    const b2 = b % nb2, b1 = Math.floor(b / nb2) % nb1, b0 = Math.floor(b / (nb1 * nb2));
    const ti = species[i]! * ns;
    const xi = sx[d * qi]!, yi = sx[d * qi + 1]!, zi = d === 3 ? sx[3 * qi + 2]! : 0;
    for (let s = -1; s < stencil.length; s++) {
      let lo: number, hi: number, m: number;
      if (s < 0) {
        lo = qi + 1;
        hi = binStart[b + 1]!;
        m = zeroImage(d);
      } else {
        const e = stencil[s]!;
        let c0 = b0 + e[0]!, w0 = 0, c1 = b1 + e[1]!, w1 = 0, c2 = b2 + e[2]!, w2 = 0;
        if (c0 < 0) { c0 += nb0; w0 = -1; } else if (c0 >= nb0) { c0 -= nb0; w0 = 1; }
        if (c1 < 0) { c1 += nb1; w1 = -1; } else if (c1 >= nb1) { c1 -= nb1; w1 = 1; }
        if (c2 < 0) { c2 += nb2; w2 = -1; } else if (c2 >= nb2) { c2 -= nb2; w2 = 1; }
        m = (w0 + 1) + 3 * (w1 + 1) + (d === 3 ? 9 * (w2 + 1) : 0);
        const cb = (c0 * nb1 + c1) * nb2 + c2;
        lo = binStart[cb]!;
        hi = binStart[cb + 1]!;
      }
      if (count + (hi - lo) > codes.length) codes = nl.codes = grow(codes, count + (hi - lo));
      if (d === 3) {
        const px = xi - shift[3 * m]!, py = yi - shift[3 * m + 1]!, pz = zi - shift[3 * m + 2]!;
        for (let q = lo; q < hi; q++) {
          const rx = sx[3 * q]! - px, ry = sx[3 * q + 1]! - py, rz = sx[3 * q + 2]! - pz;
          if (rx * rx + ry * ry + rz * rz < list2[ti + sSpecies[q]!]!) codes[count++] = (sorted[q]! << 5) | m;
        }
      } else {
        const px = xi - shift[2 * m]!, py = yi - shift[2 * m + 1]!;
        for (let q = lo; q < hi; q++) {
          const rx = sx[2 * q]! - px, ry = sx[2 * q + 1]! - py;
          if (rx * rx + ry * ry < list2[ti + sSpecies[q]!]!) codes[count++] = (sorted[q]! << 5) | m;
        }
      }
    }
  }
  offsets[n] = count;
}

/** All pairs j > i with the rounded minimum image (cells with < 3 bins along an axis). */
function buildAllPairs(nl: NdNeighborList, x: Float64Array, species: Uint8Array): void {
  const { d, n, cell, hinv, list2 } = nl;
  const ns = nl.nSpecies;
  const offsets = nl.offsets;
  let codes = nl.codes, count = 0;
  const s = [0, 0, 0], w = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    offsets[i] = count;
    const ti = species[i]! * ns;
    for (let j = i + 1; j < n; j++) {
      for (let k = 0; k < d; k++) {
        let v = 0;
        for (let a = 0; a < d; a++) v += hinv[k * d + a]! * (x[d * j + a]! - x[d * i + a]!);
        // r = h (s − round(s)) = x_j − x_i + h·w with w = −round(s).
        w[k] = -Math.round(v);
        s[k] = v + w[k]!;
      }
      let r2 = 0;
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let k = 0; k < d; k++) v += cell[a * d + k]! * s[k]!;
        r2 += v * v;
      }
      if (r2 < list2[ti + species[j]!]!) {
        // Positions are wrapped, so |round(s)| ≤ 1.
        const m = (w[0]! + 1) + 3 * (w[1]! + 1) + (d === 3 ? 9 * (w[2]! + 1) : 0);
        if (count === codes.length) codes = nl.codes = grow(codes, count + 1);
        codes[count++] = (j << 5) | m;
      }
    }
  }
  offsets[n] = count;
}
