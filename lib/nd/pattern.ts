/**
 * The pinned sparse Hessian pattern of a d-dimensional glass (docs/design.md §4, §5): CSC, lower
 * triangle, rows sorted, for matrices Σ_α D_αᵀ B_α D_α with d×d blocks B_α — K_α gives the
 * Hessian M, K̇_α gives Ṁ — and the bond blocks X_α = D_α X D_αᵀ of a matrix X given on the
 * pattern (G_α from the selected inverse, Ġ_α from its derivative).
 *
 * Dofs: d per particle, interleaved; the pinned particle's d dofs are dropped (kills the d
 * translations; every bond quantity is unchanged, docs/design.md §5): dof(p) = d·p for p < pinned,
 * d·(p − 1) for p > pinned.
 * D_α = [−I at i, +I at j] (r_α = D_α x), so D_αᵀ B D_α adds +B to the blocks (i,i), (j,j)
 * and −B to (j,i), (i,j). Column dof(p)+b holds rows dof(p)+b … dof(p)+d−1 (diagonal
 * block), then dof(q)+0 … dof(q)+d−1 for every neighbour q > p in pair order.
 */
import type { CscMatrix } from '../sparse-cholesky.js';
import type { NdPairList } from './pairs.js';

/** The pattern and the scatter maps of assembly and bond blocks. */
export interface NdHessianPattern {
  d: 2 | 3;
  /** Matrix size d·N − d. */
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  nnz: number;
  nParticles: number;
  pinned: number;
  pairCount: number;
  pairI: Int32Array;
  pairJ: Int32Array;
  /**
   * Int32Array(N·d²): value index of entry (dof(p)+a, dof(p)+b) at p·d² + a·d + b for
   * a ≥ b; −1 above the diagonal and for the pinned particle.
   */
  diagIndex: Int32Array;
  /**
   * Int32Array(pairCount·d²): value index of entry (dof(j)+a, dof(i)+b) at α·d² + a·d + b;
   * −1 when i or j is pinned.
   */
  pairIndex: Int32Array;
}

/** The pinned pattern of the pairs (sorted by (i, j); validated by the caller). */
export function ndHessianPattern(pairs: NdPairList, pinned: number): NdHessianPattern {
  const { d, count: m } = pairs;
  const N = pairs.nParticles;
  const deg = new Int32Array(N);
  for (let a = 0; a < m; a++) if (pairs.i[a] !== pinned && pairs.j[a] !== pinned) deg[pairs.i[a]!]++;
  const dof = (p: number): number => (p > pinned ? d * (p - 1) : d * p);
  const n = d * (N - 1);
  const colPtr = new Int32Array(n + 1);
  for (let p = 0; p < N; p++) {
    if (p === pinned) continue;
    for (let b = 0; b < d; b++) colPtr[dof(p) + b + 1] = d - b + d * deg[p]!;
  }
  for (let c = 0; c < n; c++) colPtr[c + 1] += colPtr[c]!;
  const nnz = colPtr[n]!;
  const rowIdx = new Int32Array(nnz);
  const dd = d * d;
  const diagIndex = new Int32Array(N * dd).fill(-1);
  const pairIndex = new Int32Array(m * dd).fill(-1);
  const next = new Int32Array(N); // slot of the next neighbour block of particle p
  for (let p = 0; p < N; p++) {
    if (p === pinned) continue;
    const base = dof(p);
    for (let b = 0; b < d; b++) {
      const c0 = colPtr[base + b]!;
      for (let a = b; a < d; a++) {
        rowIdx[c0 + a - b] = base + a;
        diagIndex[p * dd + a * d + b] = c0 + a - b;
      }
    }
  }
  for (let al = 0; al < m; al++) {
    const i = pairs.i[al]!, j = pairs.j[al]!;
    if (i === pinned || j === pinned) continue;
    const bi = dof(i), bj = dof(j), slot = next[i]++;
    for (let b = 0; b < d; b++) {
      const c0 = colPtr[bi + b]! + (d - b) + d * slot;
      for (let a = 0; a < d; a++) {
        rowIdx[c0 + a] = bj + a;
        pairIndex[al * dd + a * d + b] = c0 + a;
      }
    }
  }
  return { d, n, colPtr, rowIdx, nnz, nParticles: N, pinned, pairCount: m, pairI: pairs.i, pairJ: pairs.j, diagIndex, pairIndex };
}

/**
 * Values of Σ_α D_αᵀ B_α D_α on the pattern for symmetric d×d blocks B_α
 * (Float64Array(d²·pairCount), row-major), into `out` (Float64Array(≥ nnz), zeroed first;
 * default a new one). O(pairs·d²).
 */
export function ndAssemble(pattern: NdHessianPattern, blocks: Float64Array, out?: Float64Array): CscMatrix {
  const { d, pairI, pairJ, diagIndex, pairIndex, pairCount } = pattern;
  const dd = d * d;
  const v = out ?? new Float64Array(pattern.nnz);
  if (out !== undefined) v.fill(0, 0, pattern.nnz);
  for (let al = 0; al < pairCount; al++) {
    const o = al * dd;
    for (const p of [pairI[al]!, pairJ[al]!]) {
      if (p === pattern.pinned) continue;
      for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) v[diagIndex[p * dd + a * d + b]!] += blocks[o + a * d + b]!;
    }
    if (pairIndex[o]! < 0) continue;
    for (let k = 0; k < dd; k++) v[pairIndex[o + k]!] -= blocks[o + k]!;
  }
  return { n: pattern.n, colPtr: pattern.colPtr, rowIdx: pattern.rowIdx, values: v };
}

/**
 * Bond blocks X_α = D_α X D_αᵀ = X_ii + X_jj − X_ji − X_ij (d×d row-major per pair,
 * Float64Array(d²·pairCount)) of a symmetric matrix X given on the pattern (values aligned
 * with rowIdx); the pinned particle's blocks count as zero.
 */
export function ndBondBlocks(pattern: NdHessianPattern, values: Float64Array): Float64Array {
  const { d, pairI, pairJ, diagIndex, pairIndex, pairCount } = pattern;
  const dd = d * d;
  const out = new Float64Array(dd * pairCount);
  for (let al = 0; al < pairCount; al++) {
    const o = al * dd;
    for (const p of [pairI[al]!, pairJ[al]!]) {
      if (p === pattern.pinned) continue;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          out[o + a * d + b] += values[diagIndex[p * dd + (a >= b ? a * d + b : b * d + a)]!]!;
        }
      }
    }
    if (pairIndex[o]! < 0) continue;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) out[o + a * d + b] -= values[pairIndex[o + a * d + b]!]! + values[pairIndex[o + b * d + a]!]!;
    }
  }
  return out;
}

/** Drops the pinned particle's d entries: Float64Array(dN) → Float64Array(pattern.n). */
export function ndRestrict(pattern: NdHessianPattern, x: Float64Array): Float64Array {
  const { d, pinned } = pattern;
  const out = new Float64Array(pattern.n);
  out.set(x.subarray(0, d * pinned), 0);
  out.set(x.subarray(d * pinned + d), d * pinned);
  return out;
}

/** Inserts zeros for the pinned particle: Float64Array(pattern.n) → Float64Array(dN). */
export function ndExpand(pattern: NdHessianPattern, x: Float64Array): Float64Array {
  const { d, pinned } = pattern;
  const out = new Float64Array(d * pattern.nParticles);
  out.set(x.subarray(0, d * pinned), 0);
  out.set(x.subarray(d * pinned), d * pinned + d);
  return out;
}

/** The particle owning dof `dof` of the pinned pattern (for the failing pivot of an error). */
export function ndParticleOfDof(d: number, dof: number, pinned: number): number {
  const p = Math.floor(dof / d);
  return p >= pinned ? p + 1 : p;
}
