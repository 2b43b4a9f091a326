/**
 * The molecular-dynamics force kernel: a Verlet half list specialised for MD in a FIXED
 * periodic cell, and the pair loop over it (docs/design.md §1, §3).
 *
 * Why not lib/hessian `energyForces`: that routine serves any deformed cell, validates its
 * input, and rounds every bond vector to the minimum image in reduced coordinates (four
 * extra multiply-adds and two `Math.round` per pair). In MD the cell does not change, so
 * this module does the minimum-image work once per list build instead:
 *
 * - Positions are wrapped into the (Gauss-reduced) cell at each build, then left
 *   unwrapped until the next one. The lattice image of j that was nearest to i at build
 *   time stays the nearest for the whole lifetime of the list (|r| ≤ r_list + skin <
 *   w_min/2), so it is stored once:
 *   - "interior" pairs (image shift 0, ~96% of them at N = 2000, ~98% at N = 10000) go to
 *     a CSR list (`offsets`, `codes`) with `code = (2j << typeBits) | t`, t the pair type:
 *     the pair loop reads x[2j] with one shift and no image arithmetic;
 *   - "border" pairs (across a periodic boundary) go to a flat list `border` of
 *     (2i, (2j << (typeBits + 4)) | (t << 4) | m), m = 3(n0+1) + (n1+1) for the image
 *     shift −h·(n0, n1) (`shift[2m]`, `shift[2m+1]`), handled by a second, short loop.
 *   Measured: the split takes ~8 loads and their bounds checks out of every interior pair.
 * - Per-species-pair list radii (r_c,t + skin)², as LAMMPS does (`cutneighsq[i][j]`):
 *   with λ = 1, 1.18, 1.4 the half list holds ~6.3 neighbours per particle instead of
 *   ~8.7 with one radius.
 * - Rebuild when the two largest displacements since the build add up to more than the
 *   skin, d₁ + d₂ > skin: a pair's distance changes by at most d_i + d_j ≤ d₁ + d₂, so
 *   none can cross from r > r_c + skin to r < r_c unseen. (Later than the usual max d >
 *   skin/2, and still rigorous.) The integrator measures displacements in its drift
 *   loop, so the check is free.
 *
 * Pair law (Eq. S1) in scaled form. Every pair type is the same function of r/λ_t:
 * φ_t(r) = ε f(r/λ_t). With κ_t = 1/λ_t² and w = κ_t r² (dimensionless):
 *   φ_t  = G0(w) = g0 w^{−n/2} + Σ_{m=0..q} p0_m w^m
 *   A1_t = φ'/r  = κ_t G1(w),   G1(w) = g1 w^{−n/2−1} + Σ_{m=0..q−1} p1_m w^m
 *   pair inside the cutoff ⇔ w < x_c²
 *   F_i += A1 r,  F_j −= A1 r   (r = x_j − x_i; lib/hessian/energy.ts convention)
 * so the hot loop loads one per-type constant (κ_t) and keeps the G coefficients in
 * registers (the coefficients of the Model's per-type tables, A_k, rescaled: g = aIpl λ^{−n},
 * p0_m = aPoly0_m λ^{2m}, p1_m = aPoly1_m λ^{2m+2}; equal to rounding for every type).
 * The cutoff test is branch-free (see `forcesN10Q4`). Units: λ, ε, ε/λ. No allocation
 * after creation except geometric growth of the neighbour arrays.
 *
 * Native loops. By default a list carries a native pair kernel (./pair-kernel.ts,
 * native/core/pair_kernel.h: the law as a per-species-pair table, two pairs per SSE2
 * instruction), and `mdForces` runs it on the list in place; the half-stencil build and
 * the O(N) loops of `stepMd` run in C++ too (native/core/md_neighbor_build.h,
 * md_integrator.h). The TypeScript loops here stay as the reference they are tested
 * against (`mdForcesTypeScript`, forces and energy to 1e-12; the build pair for pair), and
 * run for lists created with `loop: 'typescript'`. Measured at N = 10⁴ (62 000 pairs, CPU
 * time on the shared 2-core machine): force loop 330 → 220 µs, MD step 480 → 320 µs.
 */
import { portablePow } from '../portable/index.js';
import { RADIAL_ORDER, type Model } from '../model/model.js';
import { binParticles, type CellList, createCellList, stencilBins } from '../space/cell-list.js';
import { createReducedCell, type ReducedCell, reduceCellUnchecked } from '../space/reduce.js';
import { roundImageUnchecked } from '../space/min-image.js';
import { smallBoxAdvice } from '../space/small-box.js';
import { addon, type NativePairKernel } from '../native.js';
import { createNativePairKernel } from './pair-kernel.js';
import { ArgumentRangeError } from '../errors.js';

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
  /** 1/((r_c,t + skin)²(1 + 1e-12)) per pair type (see `buildHalfStencil`). */
  readonly invList2: Float64Array;
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
  /** κ_t = 1/λ_t² per pair type (padded to 2^typeBits entries). */
  readonly kappa: Float64Array;
  /**
   * The scaled law for n = 10, q = 4 (see module doc): [g1, p1_0..p1_3, g0, p0_0..p0_4,
   * 1/x_c²].
   */
  readonly scaled: Float64Array;
  /** Bits of the pair type in a code (⌈log2 nSpecies²⌉). */
  readonly typeBits: number;
  /** The native pair loop `mdForces` runs (./pair-kernel.ts), or null: the TypeScript loop. */
  readonly native: NativePairKernel | null;
  /** CSR offsets of the interior list, Int32Array(n+1). */
  offsets: Int32Array;
  /** Interior neighbour codes (2j << typeBits) | t (see module doc); capacity ≥ offsets[n]. */
  codes: Int32Array;
  /** Border pairs: border[2b] = 2i, border[2b+1] = (2j << (typeBits + 4)) | (t << 4) | m. */
  border: Int32Array;
  /** Number of border pairs. */
  borderCount: number;
  /** Number of listed pairs (interior + border). */
  count: number;
  /** Image shifts, 9 (x, y) pairs: shift[2m], shift[2m+1]. */
  readonly shift: Float64Array;
  /** Positions at the last build (after wrapping), Float64Array(2n). */
  readonly ref: Float64Array;
  /** Number of builds. */
  builds: number;
  /** Scratch. */
  readonly cells: CellList;
  readonly rcell: ReducedCell;
}

/** Bits of a species-pair code: ⌈log₂ nSpecies²⌉. */
function pairTypeBits(nSpecies: number): number {
  let typeBits = 0;
  while (1 << typeBits < nSpecies * nSpecies) typeBits++;
  return typeBits;
}

/** The most particles a list of `nSpecies` species holds: border codes keep 2j above typeBits + 4 bits of a positive int32. */
export function mdListCapacity(nSpecies: number): number {
  return 2 ** (26 - pairTypeBits(nSpecies));
}

/**
 * Whether createMdNeighborList takes `n` particles of `model` with the native pair loop and
 * this `skin` (λ) in a cell of reduced smallest width `minWidth` (λ): the conditions it
 * checks, for a caller that picks another route instead of the error.
 */
export function mdListHolds(n: number, model: Model, minWidth: number, skin: number): boolean {
  return minWidth > 2 * (model.maxCutoff + 2 * skin) && skin >= 0 && skin < (Math.SQRT2 - 1) * Math.min(...model.cutoff) && n <= mdListCapacity(model.nSpecies);
}

/** Which pair loop `mdForces` runs over a list. */
export type MdPairLoop = 'native' | 'typescript';

/**
 * A list for n particles of `model` in a cell, with the given skin (λ). `loop` picks the
 * pair loop of `mdForces`: 'native' (default; native/core/pair_kernel.h, ≈ 3× faster) or
 * 'typescript' (`mdForcesTypeScript`, the reference the native loop is tested against).
 * @throws RangeError when the cell is too small: its reduced width must exceed
 *   2·(max r_c + 2·skin) so that a listed image stays the nearest one between builds;
 *   or when skin ∉ [0, (√2 − 1)·min r_c), and for the 'typescript' loop ∉ [0, (√2 − 1)/2·min r_c)
 *   (its branch-free cutoff test, below).
 */
export function createMdNeighborList(
  n: number, model: Model, cell: Float64Array, skin: number, loop: MdPairLoop = 'native',
): MdNeighborList {
  const rcell = reduceCellUnchecked(cell, createReducedCell());
  const listRadius = model.maxCutoff + skin;
  if (!(rcell.minWidth > 2 * (listRadius + skin))) {
    throw new ArgumentRangeError(
      `cell: expected the reduced cell's smallest width > 2·(max cutoff + 2·skin) = ${Number((2 * (listRadius + skin)).toPrecision(6))}, got ${Number(rcell.minWidth.toPrecision(6))}; ` +
      smallBoxAdvice(n, Math.abs(cell[0]! * cell[3]! - cell[1]! * cell[2]!), 2, listRadius + skin, 'max cutoff + 2·skin', rcell.minWidth),
    );
  }
  // The TypeScript pair loop's branch-free cutoff test (forcesN10Q4, 1 − ⌊w/x_c²⌋) needs
  // every listed pair inside 2·r_c². A pair is listed within r_c + skin and drifts by up to
  // d₁ + d₂ ≤ skin before the next build, so (r_c + 2·skin)² < 2 r_c² for the shortest
  // cutoff; a larger skin would give wrong forces without any error. The native loop's test
  // (a mask, w < x_c²) holds for any w: it keeps the wider bound of the list's build.
  const minCutoff = Math.min(...model.cutoff);
  const factor = loop === 'typescript' ? (Math.SQRT2 - 1) / 2 : Math.SQRT2 - 1;
  if (!(skin >= 0 && skin < factor * minCutoff)) {
    const bound = loop === 'typescript' ? '(√2 − 1)/2·min r_c' : '(√2 − 1)·min r_c';
    throw new ArgumentRangeError(`skin: expected a number in [0, ${bound}) = [0, ${(factor * minCutoff).toPrecision(4)}) λ for this model and the ${loop} pair loop (listed pairs must stay within √2 r_c), got ${skin}; the default 0.3 is a good choice`);
  }
  const ns = model.nSpecies, nt = ns * ns, q = model.q, K1 = RADIAL_ORDER + 1;
  const typeBits = pairTypeBits(ns);
  if (n > mdListCapacity(ns)) {
    throw new ArgumentRangeError(`n: expected <= ${mdListCapacity(ns)} particles for ${ns} species (neighbour codes are 31-bit), got ${n}`);
  }
  const cut2 = new Float64Array(nt), list2 = new Float64Array(1 << typeBits);
  const ipl0 = new Float64Array(nt), ipl1 = new Float64Array(nt);
  const poly0 = new Float64Array(nt * (q + 1)), poly1 = new Float64Array(nt * (q + 1));
  const kappa = new Float64Array(1 << typeBits), invList2 = new Float64Array(1 << typeBits);
  for (let t = 0; t < nt; t++) {
    cut2[t] = model.cutoff2[t];
    list2[t] = (model.cutoff[t] + skin) ** 2;
    invList2[t] = 1 / (list2[t] * (1 + 1e-12));
    kappa[t] = 1 / (model.lambda[t] * model.lambda[t]);
    ipl0[t] = model.aIpl[t * K1];
    ipl1[t] = model.aIpl[t * K1 + 1];
    for (let m = 0; m <= q; m++) poly0[t * (q + 1) + m] = model.aPoly[t * K1 * (q + 1) + m];
    for (let m = 0; m < q; m++) poly1[t * (q + 1) + m] = model.aPoly[(t * K1 + 1) * (q + 1) + m];
  }
  // The scaled law from type 0 (module doc): g = aIpl λ^{−n}, p_m = aPoly_m λ^{2m (+2)}.
  const scaled = new Float64Array(12);
  if (model.n === 10 && q === 4) {
    const lam = model.lambda[0], lamN = portablePow(lam, model.n);
    scaled[0] = ipl1[0] / lamN;
    for (let m = 0; m < 4; m++) scaled[1 + m] = poly1[m] * portablePow(lam, 2 * m + 2);
    scaled[5] = ipl0[0] / lamN;
    for (let m = 0; m <= 4; m++) scaled[6 + m] = poly0[m] * portablePow(lam, 2 * m);
    scaled[11] = 1 / (model.xc * model.xc);
  }
  return {
    n, skin, nSpecies: ns, cut2, list2, invList2, listRadius, nExp: model.n, q, ipl0, ipl1, poly0, poly1, kappa, scaled, typeBits,
    native: loop === 'native' ? createNativePairKernel(model) : null,
    offsets: new Int32Array(n + 1),
    codes: new Int32Array(Math.max(64, 8 * n)),
    border: new Int32Array(Math.max(64, n)),
    borderCount: 0,
    count: 0,
    shift: new Float64Array(18),
    ref: new Float64Array(2 * n),
    builds: 0,
    cells: createCellList(n),
    rcell,
  };
}

/** Scratch of the full-stencil build: the stencil's bins, one pair's image and the lattice shift removed. */
const STENCIL = new Int32Array(9);
const IMAGE = new Float64Array(2);
const IMAGE_SHIFT = new Int32Array(2);

/**
 * Wraps `x` (interleaved, modified in place) into the reduced cell of `cell` and rebuilds
 * the list, O(N). Records `ref`. The pair order is deterministic.
 *
 * Search: particles are counting-sorted into bins of side ≥ r_list/2 along the reduced
 * axes (CSR, coordinates copied in bin order); with ≥ 5 bins per axis each bin visits
 * itself (later particles only) and 12 of its 24 neighbours within two bins (half
 * stencil of reach 2), with the periodic image shift known per neighbour bin, so no
 * rounding and no j > i test are needed. Measured at N = 10⁴: 1240 → 1080 µs per build
 * against bins of side ≥ r_list (reach 1: 4 of 8 neighbours, ~26 instead of ~17
 * candidates per particle), which smaller cells (3 or 4 such bins per axis) still use;
 * smaller ones fall back to the full stencil with rounding (./space cell lists). Spatial
 * re-sorting of the particles at builds bought nothing at N = 10⁴ (the random start
 * numbers them by bins, and the liquid barely mixes that order: pair loop 350 µs as is,
 * 346–358 µs re-sorted).
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
      nl.shift[2 * m] = -(h00 * a + h01 * b);
      nl.shift[2 * m + 1] = -(h10 * a + h11 * b);
    }
  }
  const half0 = Math.floor(2 * rc.widths[0] / nl.listRadius), half1 = Math.floor(2 * rc.widths[1] / nl.listRadius);
  const nb0 = Math.floor(rc.widths[0] / nl.listRadius), nb1 = Math.floor(rc.widths[1] / nl.listRadius);
  // With the native pair loop the half-stencil build is native too (the same pairs in the
  // same order; native/core/md_neighbor_build.h).
  const half = nl.native !== null ? buildHalfStencilNative : buildHalfStencil;
  if (half0 >= 5 && half1 >= 5 && half0 * half1 <= 4 * n + 16) half(nl, rc, x, species, half0, half1, 2);
  else if (nb0 >= 3 && nb1 >= 3 && nb0 * nb1 <= 4 * n + 16) half(nl, rc, x, species, nb0, nb1, 1);
  else buildFullStencil(nl, rc, x, species);
  nl.count = nl.offsets[n] + nl.borderCount;
  nl.ref.set(x.subarray(0, 2 * n));
  nl.builds++;
}

/** Scratch of the half-stencil build (grown on demand; single-threaded module state). */
let binStart = new Int32Array(0);
let binOf = new Int32Array(0);
let rank = new Int32Array(0);
let sx = new Float64Array(0);
let sCode = new Int32Array(0);

/** `a` grown to hold at least `need` entries (contents kept). */
function grow(a: Int32Array, need: number): Int32Array {
  const grown = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5) + 16));
  grown.set(a);
  return grown;
}

/** Half stencils of reach 1 and 2 (module doc of `buildHalfStencil`): bin offsets (d0, d1), own row first. */
const HALF_STENCIL = [1, 2].map((reach) => {
  const d0: number[] = [0], d1: number[] = [0];
  for (let c = 1; c <= reach; c++) { d0.push(0); d1.push(c); }
  for (let r = 1; r <= reach; r++) for (let c = -reach; c <= reach; c++) { d0.push(r); d1.push(c); }
  return { d0: Int32Array.from(d0), d1: Int32Array.from(d1) };
});

/**
 * Half-stencil build over nb0 × nb1 bins of side ≥ r_list/reach (reach 1 or 2, nb ≥ 2·reach + 1
 * per axis): each bin visits itself (later particles only), the `reach` bins after it in its
 * row and the 2·reach + 1 bins of each of the next `reach` rows, with the periodic image
 * shift known per neighbour bin. Reach 2 scans ~17 candidates per particle instead of ~26
 * (12.5 bins of a quarter of the area instead of 4.5).
 */
function buildHalfStencil(
  nl: MdNeighborList, rc: ReducedCell, x: Float64Array, species: Uint8Array, nb0: number, nb1: number, reach: number,
): void {
  const n = nl.n, ns = nl.nSpecies, list2 = nl.list2, tb = nl.typeBits, tMask = (1 << tb) - 1;
  const g00 = rc.hinv[0], g01 = rc.hinv[1], g10 = rc.hinv[2], g11 = rc.hinv[3];
  const nbins = nb0 * nb1;
  const invList2 = nl.invList2;
  const stencil = HALF_STENCIL[reach - 1], sd0 = stencil.d0, sd1 = stencil.d1, nStencil = sd0.length;
  if (binStart.length < nbins + 1) binStart = new Int32Array(nbins + 1);
  if (binOf.length < n) {
    binOf = new Int32Array(n);
    rank = new Int32Array(n);
    sx = new Float64Array(2 * n);
    sCode = new Int32Array(n);
  }
  // Counting sort into bins; coordinates and the partial code (2j << typeBits) | s_j
  // copied in bin order (adding t_i = s_i·nSpecies gives j's code: no carry, t < 2^typeBits).
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
  let maxOccupancy = 0;
  for (let b = 0; b < nbins; b++) {
    if (binStart[b + 1] > maxOccupancy) maxOccupancy = binStart[b + 1];
    binStart[b + 1] += binStart[b];
  }
  for (let p = 0; p < n; p++) {
    const slot = binStart[binOf[p]]++;
    rank[p] = slot;
    sx[2 * slot] = x[2 * p];
    sx[2 * slot + 1] = x[2 * p + 1];
    sCode[slot] = ((2 * p) << tb) | species[p];
  }
  for (let b = nbins; b > 0; b--) binStart[b] = binStart[b - 1];
  binStart[0] = 0;
  const shift = nl.shift, offsets = nl.offsets;
  let codes = nl.codes, border = nl.border;
  let count = 0, nBorder = 0;
  const room = nStencil * maxOccupancy, rowSpan = 2 * reach + 1;
  for (let i = 0; i < n; i++) {
    offsets[i] = count;
    // Room for every candidate, so that the appends below need no capacity test.
    if (count + room > codes.length) codes = nl.codes = grow(codes, count + room);
    const b = binOf[i], b0 = (b / nb1) | 0, b1 = b - b0 * nb1;
    const ri = rank[i], ti = species[i] * ns;
    const xi = sx[2 * ri], yi = sx[2 * ri + 1];
    // Bins are row-major, so away from the periodic edges the own bin with the `reach`
    // after it, and each of the next `reach` rows' 2·reach + 1 bins, are one contiguous
    // range of the sorted arrays without image shift: 1 + reach loops instead of
    // nStencil (same candidates, same order).
    let q = 0;
    if (b1 + reach < nb1) {
      count = appendInterior(codes, count, sx, sCode, invList2, tMask, ri + 1, binStart[b + reach + 1], xi, yi, ti);
      q = reach + 1;
    }
    if (q !== 0 && b0 + reach < nb0 && b1 >= reach) {
      for (let r = 1; r <= reach; r++) {
        const lo = b + r * nb1 - reach;
        count = appendInterior(codes, count, sx, sCode, invList2, tMask, binStart[lo], binStart[lo + rowSpan], xi, yi, ti);
      }
      continue;
    }
    for (; q < nStencil; q++) {
      let c0 = b0 + sd0[q], c1 = b1 + sd1[q], w0 = 0, w1 = 0;
      if (c0 >= nb0) { c0 -= nb0; w0 = 1; }
      if (c1 >= nb1) { c1 -= nb1; w1 = 1; } else if (c1 < 0) { c1 += nb1; w1 = -1; }
      // The neighbour bin's image is x_j + h·(w0, w1) = x_j + shift[m], (n0, n1) = −(w0, w1).
      const m = 3 * (1 - w0) + (1 - w1);
      const cb = c0 * nb1 + c1;
      const jlo = q === 0 ? ri + 1 : binStart[cb], jhi = binStart[cb + 1];
      if (m === 4) {
        count = appendInterior(codes, count, sx, sCode, invList2, tMask, jlo, jhi, xi, yi, ti);
      } else {
        const xs = xi - shift[2 * m], ys = yi - shift[2 * m + 1];
        for (let sj = jlo; sj < jhi; sj++) {
          const dx = sx[2 * sj] - xs, dy = sx[2 * sj + 1] - ys;
          const code = sCode[sj] + ti;
          if (dx * dx + dy * dy < list2[code & tMask]) {
            if (2 * nBorder + 2 > border.length) border = nl.border = grow(border, 2 * nBorder + 2);
            border[2 * nBorder] = 2 * i;
            border[2 * nBorder + 1] = (code << 4) | m;
            nBorder++;
          }
        }
      }
    }
  }
  offsets[n] = count;
  nl.borderCount = nBorder;
}

/** Counts written by the native build: [codes, border] (or the lengths it needs). */
const BUILD_COUNTS = new Int32Array(2);

/**
 * `buildHalfStencil` in C++ (native/core/md_neighbor_build.h): the same list, bin sort and
 * stencil; grows `codes` or `border` and builds again when they are too small.
 */
function buildHalfStencilNative(
  nl: MdNeighborList, rc: ReducedCell, x: Float64Array, species: Uint8Array, nb0: number, nb1: number, reach: number,
): void {
  for (;;) {
    const status = addon.mdBuildHalfStencil(nl.n, x, species, rc.hinv, nb0, nb1, reach, nl.nSpecies, nl.typeBits,
      nl.list2, nl.invList2, nl.shift, nl.offsets, nl.codes, nl.border, BUILD_COUNTS);
    if (status === 0) {
      nl.borderCount = BUILD_COUNTS[1];
      return;
    }
    if (status === 1) nl.codes = grow(nl.codes, BUILD_COUNTS[0]);
    else nl.border = grow(nl.border, BUILD_COUNTS[1]);
  }
}

/**
 * Appends the candidates sj ∈ [jlo, jhi) of the sorted arrays that lie within the list
 * radius of (xi, yi) (no image shift) to `codes` from `count`; returns the new count.
 * Branch-free (~1 candidate in 4 is kept, in no predictable order): always write, advance
 * by 1 when d² < list² ⇔ ⌊d²/list²⌋ = 0, i.e. (⌊…⌋ − 1) >>> 31 = 1 (candidates lie within
 * two bins, so ⌊…⌋ is a small non-negative int). invList2 is rounded down by 1e-12
 * relative, so the list is a (rigorous) superset. Measured: build 220 → 166 ns/atom; V8
 * compiles `cond ? 1 : 0` to a branch, which mispredicts.
 */
function appendInterior(
  codes: Int32Array, count: number, sx: Float64Array, sCode: Int32Array, invList2: Float64Array, tMask: number,
  jlo: number, jhi: number, xi: number, yi: number, ti: number,
): number {
  for (let sj = jlo; sj < jhi; sj++) {
    const dx = sx[2 * sj] - xi, dy = sx[2 * sj + 1] - yi;
    const code = sCode[sj] + ti;
    codes[count] = code;
    count += ((Math.floor((dx * dx + dy * dy) * invList2[code & tMask]) | 0) - 1) >>> 31;
  }
  return count;
}

function buildFullStencil(nl: MdNeighborList, rc: ReducedCell, x: Float64Array, species: Uint8Array): void {
  const n = nl.n, ns = nl.nSpecies, tb = nl.typeBits;
  const image = IMAGE, imageShift = IMAGE_SHIFT, bins = STENCIL;
  const cl = nl.cells;
  binParticles(cl, rc, x, n, nl.listRadius);
  const list2 = nl.list2;
  let codes = nl.codes, border = nl.border;
  let count = 0, nBorder = 0;
  for (let i = 0; i < n; i++) {
    nl.offsets[i] = count;
    const xi = x[2 * i], yi = x[2 * i + 1], ti = species[i] * ns;
    const nbins = stencilBins(cl, cl.bin[i], bins);
    for (let s = 0; s < nbins; s++) {
      for (let j = cl.head[bins[s]]; j >= 0; j = cl.next[j]) {
        if (j <= i) continue;
        const r2 = roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, image, 0, imageShift);
        const t = ti + species[j];
        if (r2 < list2[t]) {
          const code = ((2 * j) << tb) | t, m = 3 * (imageShift[0] + 1) + (imageShift[1] + 1);
          if (m === 4) {
            if (count === codes.length) codes = nl.codes = grow(codes, count + 1);
            codes[count++] = code;
          } else {
            if (2 * nBorder + 2 > border.length) border = nl.border = grow(border, 2 * nBorder + 2);
            border[2 * nBorder] = 2 * i;
            border[2 * nBorder + 1] = (code << 4) | m;
            nBorder++;
          }
        }
      }
    }
  }
  nl.offsets[n] = count;
  nl.borderCount = nBorder;
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
 * `withEnergy`, else 0. The list must be current (see module doc). Runs the list's native
 * loop (`nl.native`, the same law and pairs; agrees with `mdForcesTypeScript` to rounding),
 * else the TypeScript one.
 */
export function mdForces(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  const native = nl.native;
  if (native !== null) {
    return native.forces(nl.n, x, f, nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, withEnergy);
  }
  return mdForcesTypeScript(nl, x, f, withEnergy);
}

/**
 * `mdForces` in TypeScript: the reference implementation of the native loop, and the loop
 * of lists created with `loop: 'typescript'`.
 */
export function mdForcesTypeScript(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  if (nl.nExp === 10 && nl.q === 4) return withEnergy ? forcesEnergyN10Q4(nl, x, f) : forcesN10Q4(nl, x, f);
  return forcesGeneric(nl, x, f, withEnergy);
}

/**
 * The paper's law (n = 10, q = 4) in scaled form (module doc): w^{−5} by three
 * multiplications, Horner polynomials, one table load (κ_t) per pair.
 *
 * The cutoff test is branch-free: inside = 1 − ⌊w/x_c²⌋ is 1 inside and 0 outside
 * (listed pairs have w < (1 + skin/r_c)² x_c² < 2 x_c²), and the force is multiplied by
 * it. About a quarter of the listed pairs lie outside, in no predictable order: with a
 * branch, the mispredictions cost more than evaluating the law for those pairs
 * (measured: pair loop 1.3× faster at N = 10000, 1.1× at N = 2000; `Math.floor` is one
 * `roundsd`, while V8 compiles a `?:` select or `Math.min` clamp to branches — both
 * measured no faster than the plain `if (u >= cut) continue`). Pairs with w·(1/x_c²) rounding up to 1 from
 * just below the cutoff are dropped, where the force is ~(1 − w/x_c²)⁴ ≈ 0. Written
 * 0.5 − ⌊·⌋ + 0.5 (the same 1 or 0 exactly): `1 − ⌊·⌋` has small-integer feedback, so V8
 * converts ⌊·⌋ to int32 with an exactness check and back to double for every pair
 * (measured: pair loop 360 → 322 µs at N = 10⁴).
 */
function forcesN10Q4(nl: MdNeighborList, x: Float64Array, f: Float64Array): number {
  const n = nl.n, tb = nl.typeBits, tMask = (1 << tb) - 1;
  const offsets = nl.offsets, codes = nl.codes, kappa = nl.kappa, g = nl.scaled;
  const g1 = g[0], p0 = g[1], p1 = g[2], p2 = g[3], p3 = g[4], invWc = g[11];
  f.fill(0, 0, 2 * n);
  let k = 0;
  for (let i2 = 0; i2 < 2 * n; i2 += 2) {
    const xi = x[i2], yi = x[i2 | 1];
    let fxi = 0, fyi = 0;
    const e = offsets[(i2 >> 1) + 1];
    // Two pairs per iteration (measured: pair loop ~5% faster at N = 10⁴), the updates in
    // the same order as one at a time: the same forces bit for bit.
    for (; k + 1 < e; k += 2) {
      const c = codes[k], d = codes[k + 1];
      const j2 = c >> tb, ka = kappa[c & tMask], l2 = d >> tb, kb = kappa[d & tMask];
      // i2 | 1 instead of i2 + 1 (i2 is even): no int32 overflow check in V8.
      const rx = x[j2] - xi, ry = x[j2 | 1] - yi, sx = x[l2] - xi, sy = x[l2 | 1] - yi;
      const w = (rx * rx + ry * ry) * ka, v = (sx * sx + sy * sy) * kb;
      const inA = 0.5 - Math.floor(w * invWc) + 0.5, inB = 0.5 - Math.floor(v * invWc) + 0.5;
      const invA = 1 / w, invA2 = invA * invA, invB = 1 / v, invB2 = invB * invB;
      const a1 = inA * ka * (g1 * invA2 * invA2 * invA2 + (p0 + w * (p1 + w * (p2 + w * p3))));
      const b1 = inB * kb * (g1 * invB2 * invB2 * invB2 + (p0 + v * (p1 + v * (p2 + v * p3))));
      const gx = a1 * rx, gy = a1 * ry, hx = b1 * sx, hy = b1 * sy;
      fxi += gx;
      fyi += gy;
      f[j2] -= gx;
      f[j2 | 1] -= gy;
      fxi += hx;
      fyi += hy;
      f[l2] -= hx;
      f[l2 | 1] -= hy;
    }
    if (k < e) {
      const c = codes[k];
      const j2 = c >> tb, ka = kappa[c & tMask];
      const rx = x[j2] - xi, ry = x[j2 | 1] - yi;
      const w = (rx * rx + ry * ry) * ka;
      const inside = 0.5 - Math.floor(w * invWc) + 0.5;
      const inv = 1 / w, inv2 = inv * inv;
      const a1 = inside * ka * (g1 * inv2 * inv2 * inv2 + (p0 + w * (p1 + w * (p2 + w * p3))));
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx;
      fyi += gy;
      f[j2] -= gx;
      f[j2 | 1] -= gy;
      k++;
    }
    f[i2] += fxi;
    f[i2 | 1] += fyi;
  }
  borderForces(nl, x, f, false);
  return 0;
}

function forcesEnergyN10Q4(nl: MdNeighborList, x: Float64Array, f: Float64Array): number {
  const n = nl.n, tb = nl.typeBits, tMask = (1 << tb) - 1;
  const offsets = nl.offsets, codes = nl.codes, kappa = nl.kappa, g = nl.scaled;
  const g1 = g[0], p0 = g[1], p1 = g[2], p2 = g[3], p3 = g[4];
  const e0 = g[5], q0 = g[6], q1 = g[7], q2 = g[8], q3 = g[9], q4 = g[10], invWc = g[11];
  f.fill(0, 0, 2 * n);
  let energy = 0;
  let k = 0;
  for (let i2 = 0; i2 < 2 * n; i2 += 2) {
    const xi = x[i2], yi = x[i2 | 1];
    let fxi = 0, fyi = 0;
    for (const e = offsets[(i2 >> 1) + 1]; k < e; k++) {
      const c = codes[k];
      const j2 = c >> tb, ka = kappa[c & tMask];
      const rx = x[j2] - xi, ry = x[j2 | 1] - yi;
      const w = (rx * rx + ry * ry) * ka;
      const inside = 0.5 - Math.floor(w * invWc) + 0.5;
      const inv = 1 / w, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
      energy += inside * (e0 * inv5 + (q0 + w * (q1 + w * (q2 + w * (q3 + w * q4)))));
      const a1 = inside * ka * (g1 * inv5 * inv + (p0 + w * (p1 + w * (p2 + w * p3))));
      const gx = a1 * rx, gy = a1 * ry;
      fxi += gx;
      fyi += gy;
      f[j2] -= gx;
      f[j2 | 1] -= gy;
    }
    f[i2] += fxi;
    f[i2 | 1] += fyi;
  }
  return energy + borderForces(nl, x, f, true);
}

/** The border pairs of the n = 10, q = 4 law (adds to f; returns their U when asked). */
function borderForces(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  const tb = nl.typeBits, tMask = (1 << tb) - 1, jShift = tb + 4;
  const border = nl.border, nb = nl.borderCount, kappa = nl.kappa, shift = nl.shift, g = nl.scaled;
  const g1 = g[0], p0 = g[1], p1 = g[2], p2 = g[3], p3 = g[4];
  const e0 = g[5], q0 = g[6], q1 = g[7], q2 = g[8], q3 = g[9], q4 = g[10], invWc = g[11];
  let energy = 0;
  for (let b = 0; b < nb; b++) {
    const i2 = border[2 * b], c = border[2 * b + 1];
    const j2 = c >> jShift, ka = kappa[(c >> 4) & tMask], m2 = (c & 15) << 1;
    const rx = x[j2] - x[i2] + shift[m2], ry = x[j2 | 1] - x[i2 | 1] + shift[m2 | 1];
    const w = (rx * rx + ry * ry) * ka;
    const inside = 0.5 - Math.floor(w * invWc) + 0.5;
    const inv = 1 / w, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
    if (withEnergy) energy += inside * (e0 * inv5 + (q0 + w * (q1 + w * (q2 + w * (q3 + w * q4)))));
    const a1 = inside * ka * (g1 * inv5 * inv + (p0 + w * (p1 + w * (p2 + w * p3))));
    const gx = a1 * rx, gy = a1 * ry;
    f[i2] += gx;
    f[i2 | 1] += gy;
    f[j2] -= gx;
    f[j2 | 1] -= gy;
  }
  return energy;
}

/** Any n, q (loops for the power and the Horner polynomials; per-type coefficients). */
function forcesGeneric(nl: MdNeighborList, x: Float64Array, f: Float64Array, withEnergy: boolean): number {
  const n = nl.n, tb = nl.typeBits, tMask = (1 << tb) - 1, jShift = tb + 4;
  const offsets = nl.offsets, codes = nl.codes, border = nl.border, shift = nl.shift;
  f.fill(0, 0, 2 * n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const i2 = 2 * i;
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
      const c = codes[k], j2 = c >> tb;
      energy += genericPair(nl, f, i2, j2, c & tMask, x[j2] - x[i2], x[j2 + 1] - x[i2 + 1], withEnergy);
    }
  }
  for (let b = 0; b < nl.borderCount; b++) {
    const i2 = border[2 * b], c = border[2 * b + 1];
    const j2 = c >> jShift, m2 = (c & 15) << 1;
    energy += genericPair(nl, f, i2, j2, (c >> 4) & tMask, x[j2] - x[i2] + shift[m2], x[j2 + 1] - x[i2 + 1] + shift[m2 + 1], withEnergy);
  }
  return energy;
}

/** One pair of `forcesGeneric`: adds ±A1 r to f, returns φ (or 0). */
function genericPair(
  nl: MdNeighborList, f: Float64Array, i2: number, j2: number, t: number, rx: number, ry: number, withEnergy: boolean,
): number {
  const u = rx * rx + ry * ry;
  if (u >= nl.cut2[t]) return 0;
  const q = nl.q, nExp = nl.nExp, poly0 = nl.poly0, poly1 = nl.poly1;
  const inv = 1 / u;
  let ipw: number;
  if ((nExp & 1) === 0) {
    ipw = 1;
    for (let s = 0; s < nExp >> 1; s++) ipw *= inv;
  } else {
    ipw = portablePow(u, -0.5 * nExp);
  }
  const p = (q + 1) * t;
  let energy = 0;
  if (withEnergy) {
    let s0 = 0;
    for (let a = q; a >= 0; a--) s0 = s0 * u + poly0[p + a];
    energy = nl.ipl0[t] * ipw + s0;
  }
  let s1 = 0;
  for (let a = q - 1; a >= 0; a--) s1 = s1 * u + poly1[p + a];
  const a1 = nl.ipl1[t] * ipw * inv + s1;
  const gx = a1 * rx, gy = a1 * ry;
  f[i2] += gx;
  f[i2 + 1] += gy;
  f[j2] -= gx;
  f[j2 + 1] -= gy;
  return energy;
}
