/**
 * The k lowest eigenpairs of a symmetric positive semi-definite operator M by block
 * shift-invert Lanczos (shift 0) with full block reorthogonalization: Lanczos on M⁺ with
 * blocks of p columns, so that each solve through the factor takes p right-hand sides
 * (CHOLMOD reads the factor once per solve whatever p: per column, a solve of 16
 * right-hand sides costs ~1/5 of a single one at N = 10⁴, docs/modes.md).
 *
 *   W = M⁺ Q_j                              (one solve of p columns)
 *   C = Q_{0…j}ᵀ W,  W −= Q_{0…j} C          (dgemm, basis.ts projectOutBlock: the last
 *                                             two blocks first, then the whole basis; a
 *                                             second whole pass when a column kept < 1/√2)
 *   W = Q_{j+1} R_j                         (QR by Gram–Schmidt within the block)
 *
 * C is column block j of T = Qᵀ M⁺ Q on and above the diagonal (the block tridiagonal
 * matrix of block Lanczos, plus the rounding-level entries that full reorthogonalization
 * removed), and R_j its subdiagonal block. With Q orthonormal to working accuracy, the
 * Lanczos relation M⁺ Q_m = Q_m T_m + Q_{j+1} R_j E_jᵀ (m = (j + 1)p) gives for a Ritz pair
 * (θ, y = Q_m s) of M⁺ with λ = 1/θ, applying M (M M⁺ = identity on the subspace):
 *
 *   M y − λ y = −λ M Q_{j+1} v,   v = R_j s_last  (s_last: the last p entries of s),
 *   relative to λ:  |M y − λ y| / λ = |(M Q_{j+1}) v|,
 *
 * estimated every step from T_m's eigenpairs (LAPACK dsyev, basis.ts) and, once
 * |v| · ρ/2 ≤ tol holds for the k largest θ (or 4 steps after the last check), from one
 * product of M with the p columns of Q_{j+1} (ρ: the smallest |M Q_{j+1} v|/|v| of the
 * last such product; before the first, 1/θ_max ≈ λ_1, a lower bound of |M x|/|x| on the
 * subspace). When it meets tol the Ritz vectors are formed once (one dgemm) and
 * their exact residuals |M y − λ y| with the Rayleigh quotients λ = yᵀMy decide.
 *
 * A limit to know: with an eigenvalue 10⁴ below the rest (a glass near an instability)
 * and p ≥ 6, that mode's relative residual stalls at 1.2–3e-7 on a known spectrum (the
 * first block is dominated by it and Gram–Schmidt cancels 4 digits of the others); p = 4
 * reaches 2e-9 to 1.3e-8, single-vector Lanczos 5e-10 to 1.1e-9. The spread is the BLAS
 * kernel's: OpenBLAS picks its kernels by CPU, and six of them (OPENBLAS_CORETYPE Haswell,
 * SkylakeX, Zen, Sandybridge, Nehalem, Prescott) gave these ranges. The default tol 1e-6 is met.
 *
 * A block Krylov space holds up to p vectors of an eigenspace, so exactly degenerate
 * eigenvalues of multiplicity ≤ p come without rounding's help. A column of W that
 * Gram–Schmidt reduces below 1e-10 of its norm (the Krylov space is invariant in that
 * direction) is replaced by a random vector orthogonal to the basis (R_j's diagonal entry
 * is then 0). Once the basis would exceed the rank of the subspace (small systems only),
 * the last T_m is diagonalized as it is and the exact residuals say how good it is (exact
 * when m equals the rank). Vectors are column-major (dofs × columns); `project` is applied after every
 * solve and orthogonalization (for the glass: removes the translations).
 */
import { createRng, fillNormal } from '../random.js';
import type { BlockOperator } from './block-inverse.js';
import { projectOut, projectOutBlock, symmetricEigenColumns } from './basis.js';
import { addon } from '../native.js';
import type { LanczosResult } from './lanczos.js';
import { ArgumentRangeError } from '../errors.js';

export interface BlockLanczosOptions {
  /** Relative residual |M y − λ y| ≤ tol·λ of each of the k lowest pairs (default 1e-6). */
  tol?: number;
  /** Block solves at most (default max(300, 20k)/p, and the basis never exceeds the rank). */
  maxSteps?: number;
  /** Dimension of the subspace (default dofs). */
  rank?: number;
  seed?: number;
  /** Columns per block p, the right-hand sides of each solve (default BLOCK_LANCZOS_SIZE; capped at k·2 and at the rank). */
  blockSize?: number;
}

/** Default block size (docs/modes.md: the measured best at N = 2000 and 10⁴, k = 20). */
export const BLOCK_LANCZOS_SIZE = 8;

/** The block size p of a first run: `blockSize` (default BLOCK_LANCZOS_SIZE), at most half the rank. */
export function blockLanczosSize(rank: number, blockSize?: number): number {
  return Math.max(1, Math.min(blockSize ?? BLOCK_LANCZOS_SIZE, Math.floor(rank / 2)));
}

export function blockLanczosLowest(op: BlockOperator, k: number, options: BlockLanczosOptions = {}): LanczosResult {
  const rank = options.rank ?? op.dofs;
  const p = blockLanczosSize(rank, options.blockSize);
  const first = blockLanczosRun(op, k, options, p);
  // Blocks of p columns fill at most ⌊rank/p⌋·p columns: a basis that reached that before
  // converging (a small system, a large k) ran out of room short of the whole space, its
  // T_m taken as final (n64_s1, rank 126, p = 8: 120 columns; k ≥ 35 did not converge and
  // k ≥ 121 crashed). Run again with the largest p' < p dividing the rank, whose blocks fill
  // it (rank = d(N − 1) from lowestModes has the divisor d, so p' ≥ 2); the solves of both
  // runs are counted.
  if (first.result.converged || !first.short) return first.result;
  const q = largestDivisorUpTo(rank, p);
  // A caller's maxSteps counts blocks: the same number of columns with the smaller blocks
  // (with maxSteps blocks of q < p the basis held fewer than k columns, and no pairs).
  const again = blockLanczosRun(op, k, options.maxSteps === undefined ? options : { ...options, maxSteps: Math.ceil((options.maxSteps * p) / q) }, q);
  return {
    ...again.result, iterations: first.result.iterations + again.result.iterations,
    reorthogonalizations: first.result.reorthogonalizations + again.result.reorthogonalizations, products: first.result.products + again.result.products,
  };
}

/** The largest divisor of `n` that is ≤ `p` (1 at worst). */
function largestDivisorUpTo(n: number, p: number): number {
  for (let q = p; q > 1; q--) if (n % q === 0) return q;
  return 1;
}

/** One block Lanczos run with blocks of p columns; `short`: its basis ran out of room before the whole space (⌊rank/p⌋·p < rank columns). */
function blockLanczosRun(op: BlockOperator, k: number, options: BlockLanczosOptions, p: number): { result: LanczosResult; short: boolean } {
  const n = op.dofs;
  const rank = options.rank ?? n;
  const tol = options.tol ?? 1e-6;
  // A budget of columns (300 or 20k) split into blocks, but at least 15 block steps: the
  // Krylov degree, not the column count, makes pairs converge (p = 256 got 2 steps, a degree-1
  // space, and residuals of 6.5·λ at N = 1000, k = 8).
  const maxSteps = options.maxSteps ?? Math.max(15, Math.ceil(Math.max(300, 20 * k) / p));
  // The basis (m ≤ rank columns) and the next block W (p columns).
  const maxColumns = Math.min(rank, maxSteps * p) + p;
  const rng = createRng(options.seed ?? 1);
  let capacity = Math.min(maxColumns, Math.max(64, 4 * k) + 2 * p);
  let Q = new Float64Array(n * capacity);
  const columnOf = (X: Float64Array, c: number): Float64Array => X.subarray(c * n, (c + 1) * n);
  const project = (X: Float64Array, cols: number): void => { if (op.project) for (let c = 0; c < cols; c++) op.project(columnOf(X, c)); };

  // Start block: random, in the subspace, orthonormal.
  const start = Q.subarray(0, p * n);
  for (let c = 0; c < p; c++) fillNormal(rng, columnOf(start, c));
  project(start, p);
  orthonormalizeBlock(Q, 0, start, n, p, new Float64Array(p * p), refill(rng, op));

  const blocks: Float64Array[] = []; // C_j: ((j + 1)p) × p column-major
  let R = new Float64Array(p * p);
  const values = new Float64Array(k), residuals = new Float64Array(k);
  let vectors: Float64Array = new Float64Array(n * k);
  let converged = false, steps = 0, products = 0, passes = 0, short = false;
  // |M Q_{j+1} v| / |v| as last measured (the gate below); before any product, λ_1 ≈ 1/θ_max.
  let growth = 0, lastCheck = -1;
  while (steps < maxSteps) {
    const j = steps, m = (j + 1) * p;
    // The basis spans the whole subspace (or would with this block): W, orthogonalized, is
    // only rounding (or cannot be completed to p new columns); T_m is final.
    const final = m + p > rank;
    short = final && m < rank;
    if (m + p > capacity) {
      capacity = Math.min(maxColumns, 2 * capacity);
      const grown = new Float64Array(n * capacity);
      grown.set(Q.subarray(0, m * n));
      Q = grown;
    }
    const Qj = Q.subarray(j * p * n, m * n), W = Q.subarray(m * n, (m + p) * n);
    const solved = op.solve(Qj, p, W);
    if (solved !== W) W.set(solved);
    steps++;
    project(W, p);
    // The three-term part first (the last two blocks hold most of W), then one pass over
    // the whole basis, and a second only where that pass removed more than half a column.
    const C = new Float64Array(m * p);
    const local = Math.min(m, 2 * p), localC = new Float64Array(local * p);
    projectOutBlock(Q.subarray((m - local) * n, m * n), n, local, W, p, localC);
    for (let c = 0; c < p; c++) for (let r = 0; r < local; r++) C[c * m + m - local + r] += localC[c * local + r];
    const before = columnNorms2(W, n, p);
    projectOutBlock(Q, n, m, W, p, C);
    passes++;
    const after = columnNorms2(W, n, p);
    let again = false;
    for (let c = 0; c < p; c++) if (after[c] < 0.5 * before[c]) again = true;
    if (again) { projectOutBlock(Q, n, m, W, p, C); passes++; }
    project(W, p);
    blocks.push(C);
    R = new Float64Array(p * p);
    if (!final) orthonormalizeBlock(Q, m, W, n, p, R, refill(rng, op));

    if (m < k) { if (final) break; continue; }
    // Rayleigh–Ritz on T_m (upper triangle from the C blocks), k largest θ.
    const T = new Float64Array(m * m);
    for (let jj = 0; jj <= j; jj++) {
      const Cb = blocks[jj], rows = (jj + 1) * p;
      for (let c = 0; c < p; c++) T.set(Cb.subarray(c * rows, (c + 1) * rows), (jj * p + c) * m);
    }
    const theta = new Float64Array(m);
    symmetricEigenColumns(T, m, theta, T);
    const S = T;
    const thetaMax = theta[m - 1];
    const V = new Float64Array(p * k);
    let worst = 0;
    for (let c = 0; c < k; c++) {
      const col = m - 1 - c, o = col * m + m - p;
      let v2 = 0;
      for (let a = 0; a < p; a++) {
        let s = 0;
        for (let b = a; b < p; b++) s += R[b * p + a] * S[o + b];
        V[c * p + a] = s;
        v2 += s * s;
      }
      worst = Math.max(worst, Math.sqrt(v2));
    }
    const last = final || steps === maxSteps;
    // The ratio ρ drifts from step to step: half of it gates, and a product is spent at
    // least every 4 steps once one was (never more than one step late for a ρ off by 2).
    const gate = growth > 0 ? 0.5 * growth : 1 / thetaMax;
    if (!last && !(worst * gate <= tol) && !(lastCheck >= 0 && steps - lastCheck >= 4)) continue;
    if (!last) {
      lastCheck = steps;
      const MQn = op.product(W, p);
      products += p;
      const U = addon.basisCombine(MQn, n, p, V, k, new Float64Array(n * k));
      let ok = true;
      growth = Infinity;
      for (let c = 0; c < k; c++) {
        const u = norm(columnOf(U, c)), v = norm(V.subarray(c * p, (c + 1) * p));
        if (!(u <= tol)) ok = false;
        if (v > 0) growth = Math.min(growth, u / v);
      }
      if (!ok) continue;
    }
    const Zc = new Float64Array(m * k);
    for (let c = 0; c < k; c++) Zc.set(S.subarray((m - 1 - c) * m, (m - c) * m), c * m);
    vectors = addon.basisCombine(Q, n, m, Zc, k, new Float64Array(n * k));
    for (let c = 0; c < k; c++) { const y = columnOf(vectors, c); scale(y, 1 / norm(y)); }
    const MY = op.product(vectors, k);
    products += k;
    converged = true;
    for (let c = 0; c < k; c++) {
      const y = columnOf(vectors, c), my = columnOf(MY, c);
      const lam = dot(y, my);
      let r2 = 0;
      for (let r = 0; r < n; r++) r2 += (my[r] - lam * y[r]) ** 2;
      values[c] = lam;
      residuals[c] = Math.sqrt(r2);
      if (!(residuals[c] <= tol * Math.abs(lam))) converged = false;
    }
    if (converged || last) break;
  }
  return { result: { values, vectors, residuals, iterations: steps, converged, blockSize: p, reorthogonalizations: passes, products, restarts: 0 }, short };
}

/** A random column orthogonal to nothing yet: the caller orthogonalizes it. */
function refill(rng: ReturnType<typeof createRng>, op: BlockOperator): (v: Float64Array) => void {
  return (v) => { fillNormal(rng, v); op.project?.(v); };
}

/**
 * W (n × p, orthogonal to Q's first `count` columns) = Q_new R by Gram–Schmidt within the
 * block (dgemv passes, a second where a column kept < 1/√2): W ← Q_new in place, R (p × p,
 * column-major, upper) receives the coefficients. A column left with < 1e-10 of its norm
 * is replaced by `fill` orthogonalized against Q and the block (R's diagonal entry 0).
 */
function orthonormalizeBlock(Q: Float64Array, count: number, W: Float64Array, n: number, p: number, R: Float64Array, fill: (v: Float64Array) => void): void {
  const coeff = new Float64Array(Math.max(1, count));
  for (let c = 0; c < p; c++) {
    const w = W.subarray(c * n, (c + 1) * n);
    const start = dot(w, w);
    const rc = R.subarray(c * p, c * p + p);
    let s2 = c > 0 ? projectOut(W, n, c, w, rc) : start;
    if (s2 < 0.5 * start) s2 = projectOut(W, n, c, w, rc);
    if (s2 > 1e-20 * start && s2 > 0) {
      const s = Math.sqrt(s2);
      rc[c] = s;
      scale(w, 1 / s);
      continue;
    }
    for (let tries = 0; ; tries++) {
      if (tries >= 5) throw new ArgumentRangeError(`blockLanczosLowest: could not complete an orthonormal block of ${p} columns in ${n} dofs; ask for fewer modes or a smaller block`);
      fill(w);
      const scratch = new Float64Array(Math.max(1, c));
      const f0 = dot(w, w);
      for (let pass = 0; pass < 2; pass++) {
        if (count > 0) { coeff.fill(0); projectOut(Q, n, count, w, coeff); }
        if (c > 0) projectOut(W, n, c, w, scratch);
      }
      const f2 = dot(w, w);
      if (f2 > 1e-4 * f0) { rc[c] = 0; scale(w, 1 / Math.sqrt(f2)); break; }
    }
  }
}

function columnNorms2(X: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let c = 0; c < p; c++) { const x = X.subarray(c * n, (c + 1) * n); out[c] = dot(x, x); }
  return out;
}
function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0, s1 = 0, r = 0;
  const n = x.length;
  for (; r + 1 < n; r += 2) { s0 += x[r] * y[r]; s1 += x[r + 1] * y[r + 1]; }
  if (r < n) s0 += x[r] * y[r];
  return s0 + s1;
}
function norm(x: Float64Array): number { return Math.sqrt(dot(x, x)); }
function scale(x: Float64Array, s: number): void { for (let r = 0; r < x.length; r++) x[r] *= s; }
