/**
 * Interacting pairs of a d-dimensional glass (docs/design.md §4 notation, §10): α = (i, j), i < j,
 * bond vector r_α = x_j − x_i (minimum image, lib/space/cell-nd.ts roundedImage) and
 * |r_α| < r_c(i, j) of the law; sorted by (i, j).
 *
 * Search: in the imaging basis B of the cell's lattice (lib/space/lattice-basis.ts: h itself, or a
 * reduced basis once shear has narrowed h), a cell list in reduced coordinates
 * s = B⁻¹ x ∈ [0, 1)^d with n_k = ⌊w_k / r_max⌋ cells along b_k (w_k the k-th width of B).
 * A pair within r_max has |Δs_k| ≤ r_max / w_k ≤ 1 / n_k, so it lies in the same or an
 * adjacent cell along every k: each particle looks at its 3^d neighbouring cells (fewer,
 * deduplicated, when n_k < 3). O(N) for a fixed density. Exactness of the rounded image
 * needs r_max < w_min(B) / 2 (checked).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { smallBoxAdvice } from '../space/small-box.js';
import { cellVolume, roundedImage } from '../space/cell-nd.js';
import { imagingBasis, type NdLatticeBasis } from '../space/lattice-basis.js';
import { pairCutoff2, type NdLaw } from './law.js';
import { COINCIDENT_DISTANCE2, coincidentPairError, expectConfigurationOfDimension } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** The pairs of a configuration. Arrays have exactly `count` (d·count for r) entries. */
export interface NdPairList {
  /** Dimension d. */
  d: 2 | 3;
  /** Number of pairs. */
  count: number;
  /** Number of particles N. */
  nParticles: number;
  /** First particle i, Int32Array(count). */
  i: Int32Array;
  /** Second particle j > i, Int32Array(count). */
  j: Int32Array;
  /** r_α = x_j − x_i (minimum image), d per pair interleaved, Float64Array(d·count), λ. */
  r: Float64Array;
}

/**
 * Checks that the cell is wide enough for minimum image with range `range` (λ): every
 * width of its imaging basis (lib/space/lattice-basis.ts) > 2·range. Returns that basis.
 * @throws RangeError `config.cell: …` naming the smallest width and the smallest N that
 *   fits at this density (docs/design.md §10 "Small boxes")
 */
export function checkCellWide(config: Configuration, range: number): NdLatticeBasis {
  const basis = imagingBasis(config.cell);
  const minWidth = basis.minWidth;
  if (!(minWidth > 2 * range)) {
    const outlier = outlierSizeError(config.sigma, range, minWidth);
    if (outlier !== undefined) throw outlier;
    throw new ArgumentRangeError(`config.cell: the cell's smallest width ${minWidth.toPrecision(6)} λ is not above twice the largest cutoff ` +
      `${range.toPrecision(6)} λ; ${smallBoxAdvice(config.n, cellVolume(config.cell), dimensionOf(config), range, 'largest cutoff', minWidth)}`);
  }
  return basis;
}

/**
 * When a cell is too narrow for the largest cutoff `range` because of one particle's size —
 * the largest σ more than 4 times the median, and the cell wide enough for the cutoff of the
 * next largest (the cutoff scales with σ) —, the error that names that particle; else
 * undefined (the small-box advice applies). A glass N-fold larger is not the remedy there
 * (σ = 50 among sizes near 1 got "give a glass of N ≥ 15626"), that size is.
 */
export function outlierSizeError(sigma: Float64Array | undefined, range: number, minWidth: number): RangeError | undefined {
  if (sigma === undefined || sigma.length < 2) return undefined;
  let particle = 0;
  for (let p = 1; p < sigma.length; p++) if (sigma[p]! > sigma[particle]!) particle = p;
  const sorted = Float64Array.from(sigma).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!, next = sorted[sorted.length - 2]!, largest = sigma[particle]!;
  const ratio = largest / median;
  if (!(median > 0 && ratio > 4 && minWidth > 2 * range * (next / largest))) return undefined;
  return new ArgumentRangeError(`config.sigma: particle ${particle} has size σ = ${largest.toPrecision(6)} λ, ${ratio.toPrecision(3)} times ` +
    `the median ${median.toPrecision(6)} λ, and its cutoff (${range.toPrecision(6)} λ) is more than half the cell's smallest width ` +
    `${minWidth.toPrecision(6)} λ, which the other particles' fit; check that particle's size (a diameter in other units, a typo)`);
}

/**
 * All interacting pairs of a configuration under `law` (validated by the caller).
 * @throws RangeError when the cell is too small for the largest cutoff ({@link checkCellWide})
 */
export function findPairsNd(config: Configuration, law: NdLaw): NdPairList {
  expectConfigurationOfDimension('config', config);
  const d = dimensionOf(config);
  const n = config.n;
  const x = config.positions;
  const { h, hinv, widths: w } = checkCellWide(config, law.maxCutoff);
  const nc = Array.from(w, (wk) => Math.max(1, Math.floor(wk / law.maxCutoff)));
  // cell of every particle
  const cellOf = new Int32Array(n);
  const s = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    let c = 0;
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b < d; b++) v += hinv[a * d + b]! * x[d * p + b]!;
      s[a] = v - Math.floor(v);
      let k = Math.floor(s[a]! * nc[a]!);
      if (k >= nc[a]!) k = nc[a]! - 1;
      if (k < 0) k = 0;
      c = c * nc[a]! + k;
    }
    cellOf[p] = c;
  }
  const nCells = nc.reduce((acc, v) => acc * v, 1);
  const start = new Int32Array(nCells + 1);
  for (let p = 0; p < n; p++) start[cellOf[p]! + 1]++;
  for (let c = 0; c < nCells; c++) start[c + 1] += start[c]!;
  const members = new Int32Array(n);
  const fill = start.slice(0, nCells);
  for (let p = 0; p < n; p++) members[fill[cellOf[p]!]!++] = p;

  // distinct neighbouring cells of every cell
  const offsets = (k: number, nk: number): number[] => [...new Set([-1, 0, 1].map((o) => (((k + o) % nk) + nk) % nk))];
  const coords = new Int32Array(d);
  const neighbours = (c: number): number[] => {
    let rest = c;
    for (let a = d - 1; a >= 0; a--) { coords[a] = rest % nc[a]!; rest = Math.floor(rest / nc[a]!); }
    let list = [0];
    for (let a = 0; a < d; a++) {
      const next: number[] = [];
      for (const base of list) for (const k of offsets(coords[a]!, nc[a]!)) next.push(base * nc[a]! + k);
      list = next;
    }
    return list;
  };
  const cellNeighbours: number[][] = [];
  for (let c = 0; c < nCells; c++) cellNeighbours.push(neighbours(c));

  let cap = Math.max(16, 8 * n);
  let pi = new Int32Array(cap), pj = new Int32Array(cap), pr = new Float64Array(d * cap);
  let count = 0;
  const image = new Float64Array(d);
  const buffer = new Int32Array(n);
  const table = law.cutoff2, ns = law.law.nSpecies, keys = law.keys;
  for (let i = 0; i < n; i++) {
    let nFound = 0;
    for (const c of cellNeighbours[cellOf[i]!]!) {
      for (let k = start[c]!, e = start[c + 1]!; k < e; k++) {
        const j = members[k]!;
        if (j > i) buffer[nFound++] = j;
      }
    }
    const found = buffer.subarray(0, nFound).sort();
    const row = table !== undefined ? keys[i]! * ns : 0;
    for (let f = 0; f < nFound; f++) {
      const j = found[f]!;
      const r2 = roundedImage(d, h, hinv, x, i, j, image, 0);
      const cut2 = table !== undefined ? table[row + keys[j]!]! : pairCutoff2(law, i, j);
      if (!(r2 < cut2)) continue;
      if (r2 < COINCIDENT_DISTANCE2) throw coincidentPairError(i, j, r2);
      if (count === cap) {
        cap *= 2;
        const ni = new Int32Array(cap), nj = new Int32Array(cap), nr = new Float64Array(d * cap);
        ni.set(pi); nj.set(pj); nr.set(pr);
        pi = ni; pj = nj; pr = nr;
      }
      pi[count] = i; pj[count] = j;
      for (let a = 0; a < d; a++) pr[d * count + a] = image[a]!;
      count++;
    }
  }
  return { d, count, nParticles: n, i: pi.slice(0, count), j: pj.slice(0, count), r: pr.slice(0, d * count) };
}
