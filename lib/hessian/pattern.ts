/**
 * Sparse assembly of Σ_α D_αᵀ B_α D_α (docs/design.md §4, §5) in compressed sparse column (CSC)
 * form, LOWER triangle only, rows sorted within each column.
 *
 * Degrees of freedom: 2 per particle, interleaved (dof 2p = x of particle p, 2p+1 = y).
 * With a pinned particle (docs/design.md §5: removes the two translational zero modes) its two
 * rows/columns are dropped and later dofs shift down by 2 (dof(p) = 2p for p < pinned,
 * 2p − 2 for p > pinned).
 *
 * D_α is the 2×2N difference operator r_α = x_j − x_i, so D_αᵀ B D_α adds
 *   +B to the diagonal blocks (i,i) and (j,j),   −B to the blocks (j,i) and (i,j).
 * For i < j the lower triangle holds block (j,i): entries (dof_j+a, dof_i+b) = −B_ab.
 *
 * Column layout (particle p, dof d = dof(p), neighbours j > p from the pair list):
 *   column d:    rows d, d+1, then dof(j), dof(j)+1 for each j (ascending)
 *   column d+1:  rows d+1,    then dof(j), dof(j)+1 for each j
 * The diagonal 2×2 blocks are always present. The pattern depends only on the pair set
 * (i, j) and the pinned particle, so a native symbolic analysis can be reused across
 * assemblies with new values (`assembleBlocks`).
 */
import { expectTypedArray, expectNumber, expectOut } from '../validate.js';
import type { CscMatrix } from '../sparse-cholesky.js';
import { checkPairList, type PairList } from './pairs.js';
import { ArgumentRangeError } from '../errors.js';

/**
 * A sparse symmetric matrix as its lower triangle in CSC with sorted rows:
 * `{ n, colPtr: Int32Array(n+1), rowIdx: Int32Array(nnz), values: Float64Array(nnz) }`
 * (the type the native factorization takes, lib/sparse-cholesky.ts).
 */
export type { CscMatrix };

/** The particle pinned by default to remove the two translation zero modes (results do not depend on which). */
export const DEFAULT_PINNED = 0;

/** The CSC pattern of Σ_α D_αᵀ B_α D_α plus the scatter map used by `assembleBlocks`. */
export interface HessianPattern {
  /** Number of dofs: 2N, or 2N − 2 with a pinned particle. */
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /** Number of stored entries = colPtr[n]. */
  nnz: number;
  /** Number of particles N. */
  nParticles: number;
  /** Pinned particle, or −1. */
  pinned: number;
  /** Number of pairs the pattern was built for. */
  pairCount: number;
  /** Copies of the pairs' i and j (Int32Array(pairCount)). */
  pairI: Int32Array;
  pairJ: Int32Array;
  /**
   * Int32Array(2·pairCount): value index of entry (dof_j, dof_i) and of (dof_j, dof_i+1);
   * the entries for row dof_j+1 follow each. −1 when i or j is pinned.
   */
  pairBlock: Int32Array;
  /**
   * Int32Array(2·N): value index of (dof_p, dof_p) (then (dof_p+1, dof_p) follows) and of
   * (dof_p+1, dof_p+1). −1 for the pinned particle.
   */
  diagBlock: Int32Array;
}

/**
 * Builds the CSC lower pattern for the pairs (sorted by (i, j), i < j, no duplicates).
 * @param pairs       the pair list (only i, j, count are used)
 * @param nParticles  N
 * @param pinned      particle whose dofs are removed, or −1 (default)
 * @throws RangeError for unsorted/duplicate pairs, indices out of range, bad pinned
 */
export function hessianPattern(pairs: PairList, nParticles: number, pinned = -1): HessianPattern {
  checkPairList('pairs', pairs);
  const N = expectNumber('nParticles', nParticles, { integer: true, min: 1 });
  expectNumber('pinned', pinned, { integer: true, min: -1, max: N - 1 });
  const m = pairs.count;
  const deg = new Int32Array(N);
  for (let a = 0; a < m; a++) {
    const i = pairs.i[a], j = pairs.j[a];
    if (!(i >= 0 && i < j && j < N)) {
      throw new ArgumentRangeError(`pairs[${a}]: expected 0 <= i < j < ${N}, got (${i}, ${j})`);
    }
    if (a > 0) {
      const pi = pairs.i[a - 1], pj = pairs.j[a - 1];
      if (i < pi || (i === pi && j <= pj)) {
        throw new ArgumentRangeError(`pairs[${a}]: expected strictly increasing (i, j), got (${i}, ${j}) after (${pi}, ${pj})`);
      }
    }
    if (i !== pinned && j !== pinned) deg[i]++;
  }
  const dof = (p: number): number => (pinned >= 0 && p > pinned ? 2 * p - 2 : 2 * p);
  const n = pinned >= 0 ? 2 * N - 2 : 2 * N;
  const colPtr = new Int32Array(n + 1);
  for (let p = 0; p < N; p++) {
    if (p === pinned) continue;
    const d = dof(p);
    colPtr[d + 1] = 2 + 2 * deg[p];
    colPtr[d + 2] = 1 + 2 * deg[p];
  }
  for (let c = 0; c < n; c++) colPtr[c + 1] += colPtr[c];
  const nnz = colPtr[n];
  const rowIdx = new Int32Array(nnz);
  const diagBlock = new Int32Array(2 * N).fill(-1);
  const pairBlock = new Int32Array(2 * m).fill(-1);
  const fill0 = new Int32Array(N), fill1 = new Int32Array(N);
  for (let p = 0; p < N; p++) {
    if (p === pinned) continue;
    const d = dof(p);
    const c0 = colPtr[d], c1 = colPtr[d + 1];
    rowIdx[c0] = d;
    rowIdx[c0 + 1] = d + 1;
    rowIdx[c1] = d + 1;
    diagBlock[2 * p] = c0;
    diagBlock[2 * p + 1] = c1;
    fill0[p] = c0 + 2;
    fill1[p] = c1 + 1;
  }
  for (let a = 0; a < m; a++) {
    const i = pairs.i[a], j = pairs.j[a];
    if (i === pinned || j === pinned) continue;
    const dj = dof(j);
    const k0 = fill0[i], k1 = fill1[i];
    rowIdx[k0] = dj; rowIdx[k0 + 1] = dj + 1;
    rowIdx[k1] = dj; rowIdx[k1 + 1] = dj + 1;
    pairBlock[2 * a] = k0;
    pairBlock[2 * a + 1] = k1;
    fill0[i] = k0 + 2;
    fill1[i] = k1 + 2;
  }
  return {
    n, colPtr, rowIdx, nnz, nParticles: N, pinned, pairCount: m,
    pairI: pairs.i.slice(0, m), pairJ: pairs.j.slice(0, m), pairBlock, diagBlock,
  };
}

/**
 * Values of Σ_α D_αᵀ B_α D_α on the pattern, for per-pair symmetric 2×2 blocks B_α
 * (Float64Array(4·pairCount), row-major) — K_α gives the Hessian M, K̇_α = T_α·ṙ_α gives
 * Ṁ (docs/design.md §4). O(pairs + N); no allocation when `out` (Float64Array(nnz)) is given.
 * @returns a CscMatrix sharing colPtr/rowIdx with the pattern
 */
export function assembleBlocks(pattern: HessianPattern, blocks: Float64Array, out?: Float64Array): CscMatrix {
  expectTypedArray('blocks', blocks, Float64Array, 4 * pattern.pairCount, true);
  const v = expectOut('out', out, pattern.nnz);
  v.fill(0, 0, pattern.nnz);
  const { pairI, pairJ, pairBlock, diagBlock } = pattern;
  for (let a = 0; a < pattern.pairCount; a++) {
    const b00 = blocks[4 * a], b01 = blocks[4 * a + 1], b10 = blocks[4 * a + 2], b11 = blocks[4 * a + 3];
    const i = pairI[a], j = pairJ[a];
    let d = diagBlock[2 * i];
    if (d >= 0) {
      v[d] += b00; v[d + 1] += b10; v[diagBlock[2 * i + 1]] += b11;
    }
    d = diagBlock[2 * j];
    if (d >= 0) {
      v[d] += b00; v[d + 1] += b10; v[diagBlock[2 * j + 1]] += b11;
    }
    const k0 = pairBlock[2 * a];
    if (k0 >= 0) {
      const k1 = pairBlock[2 * a + 1];
      v[k0] -= b00; v[k0 + 1] -= b10;
      v[k1] -= b01; v[k1 + 1] -= b11;
    }
  }
  return { n: pattern.n, colPtr: pattern.colPtr, rowIdx: pattern.rowIdx, values: v };
}

/** The Hessian M = Σ_α D_αᵀ K_α D_α (CSC lower) for pairs and their K blocks. */
export function hessian(pairs: PairList, K: Float64Array, nParticles: number, pinned = -1): CscMatrix {
  return assembleBlocks(hessianPattern(pairs, nParticles, pinned), K);
}

/** Drops the pinned particle's two entries from a 2N vector → Float64Array(pattern.n). */
export function restrictPinned(pattern: HessianPattern, x: Float64Array, out?: Float64Array): Float64Array {
  expectTypedArray('x', x, Float64Array, 2 * pattern.nParticles);
  const res = expectOut('out', out, pattern.n);
  const p = pattern.pinned;
  if (p < 0) {
    res.set(x.subarray(0, pattern.n));
    return res;
  }
  res.set(x.subarray(0, 2 * p), 0);
  res.set(x.subarray(2 * p + 2), 2 * p);
  return res;
}

/** Inserts zeros for the pinned particle: Float64Array(pattern.n) → Float64Array(2N). */
export function expandPinned(pattern: HessianPattern, x: Float64Array, out?: Float64Array): Float64Array {
  expectTypedArray('x', x, Float64Array, pattern.n);
  const res = expectOut('out', out, 2 * pattern.nParticles);
  const p = pattern.pinned;
  if (p < 0) {
    res.set(x);
    return res;
  }
  res.set(x.subarray(0, 2 * p), 0);
  res[2 * p] = 0;
  res[2 * p + 1] = 0;
  res.set(x.subarray(2 * p), 2 * p + 2);
  return res;
}

/**
 * The particle owning dof `dof` of a Hessian built with `pinned` removed (dofs of the
 * particles after the pinned one are shifted down by 2). Used to name the particle of a
 * failing pivot.
 */
export function particleOfDof(dof: number, pinned: number): number {
  const p = Math.floor(dof / 2);
  return pinned >= 0 && p >= pinned ? p + 1 : p;
}
