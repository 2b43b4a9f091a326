/**
 * Verlet neighbour lists with a skin in a deformable periodic cell (docs/design.md §2).
 *
 * Half list in CSR form: for particle i the neighbours j > i with minimum-image distance
 * < r_list = cutoff + skin at build time are `neighbors[offsets[i] .. offsets[i+1])`,
 * sorted ascending — so iterating i then the segment visits pairs sorted by (i, j).
 * Built with cell lists on the Gauss-reduced basis (valid at any tilt); requires
 * r_list < w_min/2 of the reduced cell, so that each pair has at most one image within
 * r_list and rounding in reduced coordinates finds it.
 *
 * Rebuild criterion (`needsRebuild`), valid for any deformation of the cell, including
 * simple shear at large tilt and re-wrapped positions: with A = h h_ref⁻¹ (the affine map
 * since the build), δ_i = x_i − A x_ref,i (modulo the lattice) and σ_min(A) its smallest
 * singular value, every current image satisfies |r| ≥ σ_min(A) |r_ref| − 2 max|δ|, so no
 * pair can enter the cutoff unseen while σ_min(A)(cutoff + skin) − 2 max|δ| > cutoff.
 * With a fixed cell this is the usual max displacement < skin/2. Also rebuilds when the
 * current reduced cell no longer satisfies cutoff < w_min/2.
 */
import type { Configuration } from '../config.js';
import { smallBoxAdvice } from './small-box.js';
import { expectConfiguration, expectNumber, describe } from '../validate.js';
import { binParticles, type CellList, createCellList, stencilBins } from './cell-list.js';
import { createReducedCell, type ReducedCell, reduceCellUnchecked } from './reduce.js';
import { roundImageUnchecked } from './min-image.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Verlet list record (buffers grow geometrically; no allocation in steady state). */
export interface NeighborList {
  /** Number of particles. */
  readonly n: number;
  /** Largest interaction cutoff served (λ). */
  readonly cutoff: number;
  /** Skin (λ). */
  readonly skin: number;
  /** Number of stored pairs (i < j). */
  count: number;
  /** CSR offsets, Int32Array(n+1). */
  offsets: Int32Array;
  /** Neighbour indices j (> i), Int32Array with capacity ≥ count. */
  neighbors: Int32Array;
  /** Positions at the last build, Float64Array(2n). */
  readonly refPositions: Float64Array;
  /** Cell at the last build, Float64Array(4). */
  readonly refCell: Float64Array;
  /** Number of builds so far (0 = never built). */
  builds: number;
  /** Scratch: bins. */
  readonly cells: CellList;
  /** Scratch: reduced basis of the current cell. */
  readonly rcell: ReducedCell;
}

/** Options of `createNeighborList`. */
export interface NeighborListOptions {
  /** Interaction cutoff the list must serve, e.g. `model.maxCutoff` (λ, > 0). */
  cutoff: number;
  /** Verlet skin (λ, ≥ 0; default 0.3). */
  skin?: number;
}

/** An empty (unbuilt) list for n particles. */
export function createNeighborList(n: number, options: NeighborListOptions): NeighborList {
  expectNumber('n', n, { integer: true, min: 1 });
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentTypeError(`options: expected object, got ${describe(options)}`);
  }
  const cutoff = expectNumber('options.cutoff', options.cutoff, { min: 0, exclusiveMin: true });
  const skin = expectNumber('options.skin', options.skin ?? 0.3, { min: 0 });
  return {
    n, cutoff, skin, count: 0,
    offsets: new Int32Array(n + 1),
    neighbors: new Int32Array(Math.max(64, 8 * n)),
    refPositions: new Float64Array(2 * n),
    refCell: new Float64Array(4),
    builds: 0,
    cells: createCellList(n),
    rcell: createReducedCell(),
  };
}

/** Checks the arguments of the public list functions (once per call). */
function checkList(nl: NeighborList, config: Configuration): void {
  expectConfiguration('config', config);
  expectListFor(nl, config);
}

/** Throws unless `nl` is a list for as many particles as the (checked) `config`. */
export function expectListFor(nl: NeighborList, config: Configuration): void {
  if (config.n !== nl.n) {
    throw new ArgumentRangeError(`nl: expected a neighbour list for ${config.n} particles, got one for ${nl.n}`);
  }
}

/**
 * Throws unless r < w_min/2 of the reduced cell rc (docs/design.md §10 "Small boxes"). With `n`
 * (the number of particles) the message also names the smallest N that fits at the
 * glass's density (lib/space/small-box.ts).
 */
export function checkCellSize(rc: ReducedCell, r: number, what = 'cutoff + skin', n?: number): void {
  if (!(2 * r < rc.minWidth)) {
    throw new ArgumentRangeError(
      `config.cell: expected the reduced cell's smallest width > 2·(${what}) = ${2 * r}, got ${rc.minWidth}` +
      (n !== undefined && rc.volume !== 0 ? `; ${smallBoxAdvice(n, rc.volume, 2, r, what, rc.minWidth)}` : ''),
    );
  }
}

/** Stencil and image scratch (single-threaded module state; avoids allocation per build). */
const STENCIL = new Int32Array(9);
const IMAGE = new Float64Array(2);

/**
 * (Re)builds the list for the configuration (cell lists, O(N)).
 * @throws RangeError when the cell is too small for cutoff + skin
 */
export function buildNeighborList(nl: NeighborList, config: Configuration): NeighborList {
  checkList(nl, config);
  return buildNeighborListUnchecked(nl, config);
}

/** buildNeighborList for arguments the caller has checked. */
export function buildNeighborListUnchecked(nl: NeighborList, config: Configuration): NeighborList {
  const n = nl.n;
  const x = config.positions;
  const rc = reduceCellUnchecked(config.cell, nl.rcell);
  const rl = nl.cutoff + nl.skin;
  checkCellSize(rc, rl, 'cutoff + skin', n);
  const rl2 = rl * rl;
  const cl = nl.cells;
  binParticles(cl, rc, x, n, rl);
  const bins = STENCIL, image = IMAGE;
  let nbr = nl.neighbors;
  let count = 0;
  for (let i = 0; i < n; i++) {
    nl.offsets[i] = count;
    const xi = x[2 * i], yi = x[2 * i + 1];
    const m = stencilBins(cl, cl.bin[i], bins);
    for (let s = 0; s < m; s++) {
      for (let j = cl.head[bins[s]]; j >= 0; j = cl.next[j]) {
        if (j <= i) continue;
        if (roundImageUnchecked(rc, x[2 * j] - xi, x[2 * j + 1] - yi, image, 0) < rl2) {
          if (count === nbr.length) {
            const grown = new Int32Array(Math.ceil(nbr.length * 1.5) + 16);
            grown.set(nbr);
            nbr = grown;
            nl.neighbors = nbr;
          }
          nbr[count++] = j;
        }
      }
    }
    // insertion sort of the short segment
    for (let a = nl.offsets[i] + 1; a < count; a++) {
      const key = nbr[a];
      let c = a - 1;
      while (c >= nl.offsets[i] && nbr[c] > key) {
        nbr[c + 1] = nbr[c];
        c--;
      }
      nbr[c + 1] = key;
    }
  }
  nl.offsets[n] = count;
  nl.count = count;
  nl.refPositions.set(x);
  nl.refCell.set(config.cell);
  nl.builds++;
  return nl;
}

/**
 * True when the list may miss a pair within `cutoff` (see module doc), or was never
 * built. O(N), no allocation.
 */
export function needsRebuild(nl: NeighborList, config: Configuration): boolean {
  checkList(nl, config);
  return stale(nl, config);
}

function stale(nl: NeighborList, config: Configuration): boolean {
  if (nl.builds === 0) return true;
  const h = config.cell, r = nl.refCell;
  // A = h · r⁻¹
  const det = r[0] * r[3] - r[1] * r[2];
  const i0 = r[3] / det, i1 = -r[1] / det, i2 = -r[2] / det, i3 = r[0] / det;
  const a = h[0] * i0 + h[1] * i2, b = h[0] * i1 + h[1] * i3;
  const c = h[2] * i0 + h[3] * i2, d = h[2] * i1 + h[3] * i3;
  const p = a * a + b * b + c * c + d * d;
  const detA = Math.abs(a * d - b * c);
  const smax = Math.sqrt(0.5 * (p + Math.sqrt(Math.max(0, p * p - 4 * detA * detA))));
  const smin = smax > 0 ? detA / smax : 0;
  const rc = reduceCellUnchecked(h, nl.rcell);
  if (!(2 * nl.cutoff < rc.minWidth)) return true;
  const margin = smin * (nl.cutoff + nl.skin) - nl.cutoff; // must exceed 2 max|δ|
  if (!(margin > 0)) return true;
  const lim2 = 0.25 * margin * margin;
  const x = config.positions, x0 = nl.refPositions;
  for (let k = 0; k < 2 * nl.n; k += 2) {
    const dx = x[k] - (a * x0[k] + b * x0[k + 1]);
    const dy = x[k + 1] - (c * x0[k] + d * x0[k + 1]);
    if (roundImageUnchecked(rc, dx, dy, IMAGE, 0) >= lim2) return true;
  }
  return false;
}

/** Rebuilds the list if `needsRebuild`; returns whether it did. */
export function updateNeighborList(nl: NeighborList, config: Configuration): boolean {
  checkList(nl, config);
  return updateNeighborListUnchecked(nl, config);
}

/** updateNeighborList for arguments the caller has checked. */
export function updateNeighborListUnchecked(nl: NeighborList, config: Configuration): boolean {
  if (!stale(nl, config)) return false;
  buildNeighborListUnchecked(nl, config);
  return true;
}
