/**
 * The molecular-dynamics force kernel: a Verlet half list specialised for MD in a FIXED
 * periodic cell, and the pair loop over it (DESIGN §1, §3).
 *
 * Why not lib/hessian `energyForces`: that routine serves any deformed cell, validates its
 * input, and rounds every bond vector to the minimum image in reduced coordinates (four
 * extra multiply-adds and two `Math.round` per pair). In MD the cell does not change, so
 * this module does the minimum-image work once per list build instead:
 *
 * - Positions are wrapped into the (Gauss-reduced) cell at each build, then left
 *   unwrapped until the next one. For each listed pair the lattice image that was
 *   nearest at build time is stored with the neighbour in one integer,
 *   `code = (j << (4 + typeBits)) | (t << 4) | m`: m = 3(n0+1) + (n1+1) for the image
 *   shift −h·(n0, n1) and t the pair type. The bond vector is r = x_j − x_i + shift[m]
 *   (one table load), exact for the whole lifetime of the list (|r| ≤ r_list + skin <
 *   w_min/2, so the image cannot change); carrying t saves the species lookup of j
 *   (measured: the pair loop is ~25% faster than with `species[j]`).
 * - Per-species-pair list radii (r_c,t + skin)², as LAMMPS does (`cutneighsq[i][j]`):
 *   with λ = 1, 1.18, 1.4 the half list holds ~6.6 neighbours per particle instead of
 *   ~8.7 with one radius.
 * - Rebuild when the two largest displacements since the build add up to more than the
 *   skin, d₁ + d₂ > skin: a pair's distance changes by at most d_i + d_j ≤ d₁ + d₂, so
 *   none can cross from r > r_c + skin to r < r_c unseen. (Slightly later than the usual
 *   max d > skin/2.) The integrator measures displacements in its drift loop, so the
 *   check is free.
 *
 * Pair law (Eq. S1), per pair type t with u = r²:
 *   φ(u)   = aIpl_{t,0} u^{−n/2} + Σ_{m=0..q} aPoly_{t,0,m} u^m
 *   A1(u)  = φ'/r = aIpl_{t,1} u^{−n/2−1} + Σ_{m=0..q−1} aPoly_{t,1,m} u^m
 *   F_i += A1 r,  F_j −= A1 r   (r = x_j − x_i; lib/hessian/energy.ts convention)
 * The coefficients are copied per type into flat arrays at list creation (no lookups
 * through the Model in the loop). Units: λ, ε, ε/λ. No allocation after creation except
 * geometric growth of the neighbour array.
 */
import { RADIAL_ORDER, type Model } from '../model/model.js';
import { binParticles, type CellList, createCellList, stencilAxis } from '../space/cell-list.js';
import { createReducedCell, type ReducedCell, reduceCellUnchecked } from '../space/reduce.js';

/** MD Verlet list and per-type constants (plain record; see module doc). */
export interface MdNeighborList {
  /** Number of particles. */
  readonly n: number;
  /** Verlet skin (λ). */
  readonly skin: number;
  /** Number of species of the model. */
  readonly nSpecies: number;
  /** Force cutoff² per pair type t = s_i·nSpecies + s_j. */
  readonly cut2: Float64Array;
  /** List radius² (r_c,t + skin)² per pair type. */
  readonly list2: Float64Array;
  /** Largest list radius max_t r_c,t + skin (λ). */
  readonly listRadius: number;
  /** IPL exponent n, and q of the smoothing polynomial. */
  readonly nExp: number;
  readonly q: number;
  /** aIpl_{t,0} and aIpl_{t,1} per type. */
  readonly ipl0: Float64Array;
  readonly ipl1: Float64Array;
  /** Polynomial coefficients of φ (q+1 per type) and of A1 (q per type, padded to q+1). */
  readonly poly0: Float64Array;
  readonly poly1: Float64Array;
  /** Bits of the pair type in a code (⌈log2 nSpecies²⌉). */
  readonly typeBits: number;
  /** CSR offsets, Int32Array(n+1). */
  offsets: Int32Array;
  /** Neighbour codes (j << (4 + typeBits)) | (t << 4) | image (see module doc); capacity ≥ count. */
  codes: Int32Array;
  /** Number of listed pairs. */
  count: number;
  /** Image shifts, 9 (x, y) pairs: shift[2m], shift[2m+1]. */
  readonly shift: Float64Array;
  /**
   * Everything the n = 10, q = 4 pair loop reads besides x, f and the codes, in one array
   * (measured ~10% faster than separate arrays): [0, 18) the image shifts; then per type t
   * at TABLE_BASE + TABLE_STRIDE·t: cut², aIpl₁, A1 polynomial (4), aIpl₀, φ polynomial (5).
   */
  readonly table: Float64Array;
  /** Positions at the last build (after wrapping), Float64Array(2n). */
  readonly ref: Float64Array;
  /** Number of builds. */
  builds: number;
  /** Scratch. */
  readonly cells: CellList;
  readonly rcell: ReducedCell;
}

/**
 * A list for n particles of `model` in a cell, with the given skin (λ).
 * @throws RangeError when the cell is too small: its reduced width must exceed
 *   2·(max r_c + 2·skin) so that a listed image stays the nearest one between builds.
 */
export function createMdNeighborList(n: number, model: Model, cell: Float64Array, skin: number): MdNeighborList {
  const rcell = reduceCellUnchecked(cell, createReducedCell());
  const listRadius = model.maxCutoff + skin;
  if (!(rcell.minWidth > 2 * (listRadius + skin))) {
    throw new RangeError(
      `cell: expected the reduced cell's smallest width > 2·(max cutoff + 2·skin) = ${2 * (listRadius + skin)}, got ${rcell.minWidth}`,
    );
  }
  const ns = model.nSpecies, nt = ns * ns, q = model.q, K1 = RADIAL_ORDER + 1;
  let typeBits = 0;
  while (1 << typeBits < nt) typeBits++;
  if (n > 2 ** (27 - typeBits)) {
    throw new RangeError(`n: expected <= ${2 ** (27 - typeBits)} particles for ${ns} species (neighbour codes are 31-bit), got ${n}`);
  }
  const cut2 = new Float64Array(nt), list2 = new Float64Array(nt);
  const ipl0 = new Float64Array(nt), ipl1 = new Float64Array(nt);
  const poly0 = new Float64Array(nt * (q + 1)), poly1 = new Float64Array(nt * (q + 1));
  for (let t = 0; t < nt; t++) {
    cut2[t] = model.cutoff2[t];
    list2[t] = (model.cutoff[t] + skin) ** 2;
    ipl0[t] = model.aIpl[t * K1];
    ipl1[t] = model.aIpl[t * K1 + 1];
    for (let m = 0; m <= q; m++) poly0[t * (q + 1) + m] = model.aPoly[t * K1 * (q + 1) + m];
    for (let m = 0; m < q; m++) poly1[t * (q + 1) + m] = model.aPoly[(t * K1 + 1) * (q + 1) + m];
  }
  const table = new Float64Array(TABLE_BASE + TABLE_STRIDE * nt);
  for (let t = 0; t < nt; t++) {
    const b = TABLE_BASE + TABLE_STRIDE * t;
    table[b] = cut2[t];
    table[b + 1] = ipl1[t];
    for (let m = 0; m < Math.min(q, 4); m++) table[b + 2 + m] = poly1[t * (q + 1) + m];
    table[b + 6] = ipl0[t];
    for (let m = 0; m <= Math.min(q, 4); m++) table[b + 7 + m] = poly0[t * (q + 1) + m];
  }
  return {
    table, n, skin, nSpecies: ns, cut2, list2, listRadius, nExp: model.n, q, ipl0, ipl1, poly0, poly1, typeBits,
    offsets: new Int32Array(n + 1),
    codes: new Int32Array(Math.max(64, 8 * n)),
    count: 0,
    shift: new Float64Array(18),
    ref: new Float64Array(2 * n),
    builds: 0,
    cells: createCellList(n),
    rcell,
  };
}

/** Layout of `MdNeighborList.table`. */
const TABLE_BASE = 24;
const TABLE_STRIDE = 16;

const ST0 = new Int32Array(3);
const ST1 = new Int32Array(3);

/**
 * Wraps `x` (interleaved, modified in place) into the reduced cell of `cell` and rebuilds
 * the list, O(N). Records `ref`. The pair order is deterministic.
 *
 * Search: particles are counting-sorted into bins of side ≥ r_list along the reduced
 * axes (CSR, coordinates copied in bin order); with ≥ 3 bins per axis each bin visits
 * itself (later particles only) and 4 of its 8 neighbours (half stencil), with the
 * periodic image shift known per neighbour bin, so no rounding and no j > i test are
 * needed. Smaller cells fall back to the full stencil with rounding (./space cell lists).
 * Segments are left in bin order (sorting them by j bought nothing measurable in the
 * force loop and cost 15% of the build).
 */
export function buildMdNeighborList(nl: MdNeighborList, cell: Float64Array, x: Float64Array, species: Uint8Array): void {
  const n = nl.n;
  const rc = reduceCellUnchecked(cell, nl.rcell);
  const h00 = rc.h[0], h01 = rc.h[1], h10 = rc.h[2], h11 = rc.h[3];
  const g00 = rc.hinv[0], g01 = rc.hinv[1], g10 = rc.hinv[2], g11 = rc.hinv[3];
  // Wrap into [0,1)² of the reduced basis.
  for (let k = 0; k < 2 * n; k += 2) {
    const px = x[k], py = x[k + 1];
    const s0 = g00 * px + g01 * py, s1 = g10 * px + g11 * py;
    const f0 = Math.floor(s0), f1 = Math.floor(s1);
    if (f0 !== 0 || f1 !== 0) {
      x[k] = px - (h00 * f0 + h01 * f1);
      x[k + 1] = py - (h10 * f0 + h11 * f1);
    }
  }
  for (let a = -1; a <= 1; a++) {
    for (let b = -1; b <= 1; b++) {
      const m = 3 * (a + 1) + (b + 1);
      nl.shift[2 * m] = nl.table[2 * m] = -(h00 * a + h01 * b);
      nl.shift[2 * m + 1] = nl.table[2 * m + 1] = -(h10 * a + h11 * b);
    }
  }
  const nb0 = Math.floor(rc.widths[0] / nl.listRadius), nb1 = Math.floor(rc.widths[1] / nl.listRadius);
  if (nb0 >= 3 && nb1 >= 3 && nb0 * nb1 <= 4 * n + 16) buildHalfStencil(nl, rc, x, species, nb0, nb1);
  else buildFullStencil(nl, rc, x, species);
  nl.ref.set(x.subarray(0, 2 * n));
  nl.builds++;
}

/** Scratch of the half-stencil build (grown on demand; single-threaded module state). */
let binStart = new Int32Array(0);
let binOf = new Int32Array(0);
let sorted = new Int32Array(0);
let rank = new Int32Array(0);
let sx = new Float64Array(0);
let sType = new Int32Array(0);

function buildHalfStencil(nl: MdNeighborList, rc: ReducedCell, x: Float64Array, species: Uint8Array, nb0: number, nb1: number): void {
  const n = nl.n, ns = nl.nSpecies, list2 = nl.list2, jShift = 4 + nl.typeBits;
  const g00 = rc.hinv[0], g01 = rc.hinv[1], g10 = rc.hinv[2], g11 = rc.hinv[3];
  const nbins = nb0 * nb1;
  if (binStart.length < nbins + 1) binStart = new Int32Array(nbins + 1);
  if (binOf.length < n) {
    binOf = new Int32Array(n);
    sorted = new Int32Array(n);
    rank = new Int32Array(n);
    sx = new Float64Array(2 * n);
    sType = new Int32Array(n);
  }
  // Counting sort into bins; coordinates, species and the code of j copied in bin order.
  binStart.fill(0, 0, nbins + 1);
  for (let p = 0; p < n; p++) {
    const px = x[2 * p], py = x[2 * p + 1];
    let b0 = Math.floor((g00 * px + g01 * py) * nb0);
    let b1 = Math.floor((g10 * px + g11 * py) * nb1);
    if (b0 >= nb0) b0 = nb0 - 1; else if (b0 < 0) b0 = 0;
    if (b1 >= nb1) b1 = nb1 - 1; else if (b1 < 0) b1 = 0;
    const b = b0 * nb1 + b1;
    binOf[p] = b;
    binStart[b + 1]++;
  }
  for (let b = 0; b < nbins; b++) binStart[b + 1] += binStart[b];
  for (let p = 0; p < n; p++) {
    const slot = binStart[binOf[p]]++;
    sorted[slot] = p;
    rank[p] = slot;
  }
  for (let b = nbins; b > 0; b--) binStart[b] = binStart[b - 1];
  binStart[0] = 0;
  for (let s = 0; s < n; s++) {
    const p = sorted[s];
    sx[2 * s] = x[2 * p];
    sx[2 * s + 1] = x[2 * p + 1];
    sType[s] = species[p];
  }
  const shift = nl.shift, offsets = nl.offsets;
  let codes = nl.codes;
  let count = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = count;
    const b = binOf[i], b0 = (b / nb1) | 0, b1 = b - b0 * nb1;
    const ri = rank[i], ti = species[i] * ns;
    // Own bin (particles after i in bin order) and the half stencil (0,+1), (+1,−1), (+1,0), (+1,+1).
    for (let q = 0; q < 5; q++) {
      let d0 = 0, d1 = 0;
      if (q === 1) d1 = 1;
      else if (q === 2) { d0 = 1; d1 = -1; }
      else if (q === 3) d0 = 1;
      else if (q === 4) { d0 = 1; d1 = 1; }
      let c0 = b0 + d0, c1 = b1 + d1, w0 = 0, w1 = 0;
      if (c0 >= nb0) { c0 -= nb0; w0 = 1; }
      if (c1 >= nb1) { c1 -= nb1; w1 = 1; } else if (c1 < 0) { c1 += nb1; w1 = -1; }
      // The neighbour bin's image is x_j + h·(w0, w1) = x_j + shift[m], (n0, n1) = −(w0, w1).
      const m = 3 * (1 - w0) + (1 - w1);
      const xi = sx[2 * ri] - shift[2 * m], yi = sx[2 * ri + 1] - shift[2 * m + 1];
      const cb = c0 * nb1 + c1;
      const jhi = binStart[cb + 1];
      for (let sj = q === 0 ? ri + 1 : binStart[cb]; sj < jhi; sj++) {
        const dx = sx[2 * sj] - xi, dy = sx[2 * sj + 1] - yi;
        const t = ti + sType[sj];
        if (dx * dx + dy * dy < list2[t]) {
          if (count === codes.length) {
            const grown = new Int32Array(Math.ceil(codes.length * 1.5) + 16);
            grown.set(codes);
            codes = grown;
            nl.codes = codes;
          }
          codes[count++] = (sorted[sj] << jShift) | (t << 4) | m;
        }
      }
    }
  }
  offsets[n] = count;
  nl.count = count;
}

function buildFullStencil(nl: MdNeighborList, rc: ReducedCell, x: Float64Array, species: Uint8Array): void {
  const n = nl.n, ns = nl.nSpecies, jShift = 4 + nl.typeBits;
  const h00 = rc.h[0], h01 = rc.h[1], h10 = rc.h[2], h11 = rc.h[3];
  const g00 = rc.hinv[0], g01 = rc.hinv[1], g10 = rc.hinv[2], g11 = rc.hinv[3];
  const cl = nl.cells;
  binParticles(cl, rc, x, n, nl.listRadius);
  const nb1 = cl.nb1, list2 = nl.list2;
  let codes = nl.codes;
  let count = 0;
  for (let i = 0; i < n; i++) {
    nl.offsets[i] = count;
    const xi = x[2 * i], yi = x[2 * i + 1], ti = species[i] * ns;
    const b = cl.bin[i];
    const m0 = stencilAxis((b / nb1) | 0, cl.nb0, ST0);
    const m1 = stencilAxis(b % nb1, nb1, ST1);
    for (let u = 0; u < m0; u++) {
      for (let v = 0; v < m1; v++) {
        for (let j = cl.head[ST0[u] * nb1 + ST1[v]]; j >= 0; j = cl.next[j]) {
          if (j <= i) continue;
          const dx = x[2 * j] - xi, dy = x[2 * j + 1] - yi;
          const s0 = g00 * dx + g01 * dy, s1 = g10 * dx + g11 * dy;
          const n0 = Math.round(s0), n1 = Math.round(s1);
          const r0 = s0 - n0, r1 = s1 - n1;
          const rx = h00 * r0 + h01 * r1, ry = h10 * r0 + h11 * r1;
          const t = ti + species[j];
          if (rx * rx + ry * ry < list2[t]) {
            if (count === codes.length) {
              const grown = new Int32Array(Math.ceil(codes.length * 1.5) + 16);
              grown.set(codes);
              codes = grown;
              nl.codes = codes;
            }
            codes[count++] = (j << jShift) | (t << 4) | (3 * (n0 + 1) + (n1 + 1));
          }
        }
      }
    }
  }
  nl.offsets[n] = count;
  nl.count = count;
}

/** Largest squared displacement of any particle since the last build (λ²). O(N). */
export function maxDisplacement2(nl: MdNeighborList, x: Float64Array): number {
  const ref = nl.ref;
  let m = 0;
  for (let k = 0; k < 2 * nl.n; k += 2) {
    const dx = x[k] - ref[k], dy = x[k + 1] - ref[k + 1];
    const d2 = dx * dx + dy * dy;
    if (d2 > m) m = d2;
  }
  return m;
}

/**
 * Forces F = −∇U into f (overwritten, Float64Array(2n)); returns U (ε) when
 * `withEnergy`, else 0. The list must be current (see module doc).
 */
export function mdForces(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  if (nl.nExp === 10 && nl.q === 4) return withEnergy ? forcesEnergyN10Q4(nl, x, f) : forcesN10Q4(nl, x, f);
  return forcesGeneric(nl, x, f, withEnergy);
}

/** The paper's law (n = 10, q = 4) unrolled: u^{−5} by three multiplications, cubic A1 polynomial. */
function forcesN10Q4(nl: MdNeighborList, x: Float64Array, f: Float64Array): number {
  const n = nl.n, jShift = 4 + nl.typeBits, tMask = (1 << nl.typeBits) - 1;
  const offsets = nl.offsets, codes = nl.codes, tab = nl.table;
  f.fill(0, 0, 2 * n);
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1];
    let fxi = 0, fyi = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k];
      const j2 = (c >> jShift) << 1, q = TABLE_BASE + (((c >> 4) & tMask) << 4), m = (c & 15) << 1;
      const rx = x[j2] - xi + tab[m], ry = x[j2 + 1] - yi + tab[m + 1];
      const u = rx * rx + ry * ry;
      if (u >= tab[q]) continue;
      const inv = 1 / u, inv2 = inv * inv;
      const a1 = tab[q + 1] * inv2 * inv2 * inv2 + (tab[q + 2] + u * (tab[q + 3] + u * (tab[q + 4] + u * tab[q + 5])));
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx; fyi += gy;
      f[j2] -= gx;
      f[j2 + 1] -= gy;
    }
    f[2 * i] += fxi;
    f[2 * i + 1] += fyi;
  }
  return 0;
}

function forcesEnergyN10Q4(nl: MdNeighborList, x: Float64Array, f: Float64Array): number {
  const n = nl.n, jShift = 4 + nl.typeBits, tMask = (1 << nl.typeBits) - 1;
  const offsets = nl.offsets, codes = nl.codes, tab = nl.table;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1];
    let fxi = 0, fyi = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k];
      const j2 = (c >> jShift) << 1, q = TABLE_BASE + (((c >> 4) & tMask) << 4), m = (c & 15) << 1;
      const rx = x[j2] - xi + tab[m], ry = x[j2 + 1] - yi + tab[m + 1];
      const u = rx * rx + ry * ry;
      if (u >= tab[q]) continue;
      const inv = 1 / u, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
      energy += tab[q + 6] * inv5 + (tab[q + 7] + u * (tab[q + 8] + u * (tab[q + 9] + u * (tab[q + 10] + u * tab[q + 11]))));
      const a1 = tab[q + 1] * inv5 * inv + (tab[q + 2] + u * (tab[q + 3] + u * (tab[q + 4] + u * tab[q + 5])));
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx; fyi += gy;
      f[j2] -= gx;
      f[j2 + 1] -= gy;
    }
    f[2 * i] += fxi;
    f[2 * i + 1] += fyi;
  }
  return energy;
}

/** Any n, q (loops for the power and the Horner polynomials). */
function forcesGeneric(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  const n = nl.n, q = nl.q, q1 = q + 1, nExp = nl.nExp;
  const jShift = 4 + nl.typeBits, tMask = (1 << nl.typeBits) - 1;
  const even = (nExp & 1) === 0, half = nExp >> 1;
  const offsets = nl.offsets, codes = nl.codes, shift = nl.shift;
  const cut2 = nl.cut2, ipl0 = nl.ipl0, ipl1 = nl.ipl1, poly0 = nl.poly0, poly1 = nl.poly1;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[2 * i], yi = x[2 * i + 1];
    let fxi = 0, fyi = 0;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k];
      const j2 = (c >> jShift) << 1, t = (c >> 4) & tMask, m = (c & 15) << 1;
      const rx = x[j2] - xi + shift[m], ry = x[j2 + 1] - yi + shift[m + 1];
      const u = rx * rx + ry * ry;
      if (u >= cut2[t]) continue;
      const inv = 1 / u;
      let ipw: number;
      if (even) {
        ipw = 1;
        for (let s = 0; s < half; s++) ipw *= inv;
      } else {
        ipw = Math.pow(u, -0.5 * nExp);
      }
      const p = q1 * t;
      if (withEnergy) {
        let s0 = 0;
        for (let a = q; a >= 0; a--) s0 = s0 * u + poly0[p + a];
        energy += ipl0[t] * ipw + s0;
      }
      let s1 = 0;
      for (let a = q - 1; a >= 0; a--) s1 = s1 * u + poly1[p + a];
      const a1 = ipl1[t] * ipw * inv + s1;
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx; fyi += gy;
      f[j2] -= gx;
      f[j2 + 1] -= gy;
    }
    f[2 * i] += fxi;
    f[2 * i + 1] += fyi;
  }
  return energy;
}
