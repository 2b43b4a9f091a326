/**
 * The k lowest eigenpairs of a symmetric positive semi-definite operator M by shift-invert
 * Lanczos (shift 0): Lanczos on M⁺, whose largest eigenvalues 1/λ_1 > 1/λ_2 > … are the
 * well-separated top of its spectrum, one solve of one right-hand side per step:
 *
 *   w = M⁺ q_j,  w −= β_{j−1} q_{j−1},  α_j = q_j·w,  w −= α_j q_j,
 *   w −= Q (Qᵀ w)   (reorthogonalization by classical Gram–Schmidt, basis.ts: BLAS dgemv),
 *   a second pass only if the first removed more than 1 − 1/√2 of |w| (Kahan–Parlett
 *   "twice is enough": a pass that keeps |w'| ≥ |w|/√2 leaves w' orthogonal to working
 *   accuracy), β_j = |w|,  q_{j+1} = w/β_j.
 *
 * Partial reorthogonalization (default; Simon 1984): the reorthogonalization runs only when
 * the estimate ω_{j+1,i} ≈ q_{j+1}·q_i from T's recurrence (omegaRecurrence, O(j) per
 * step) exceeds √ε for some i, and then at two consecutive steps; the basis stays
 * semi-orthogonal, which keeps T_m's eigenvalues to working accuracy. On the glasses here
 * it reorthogonalizes 16 of 60 steps (N = 10⁴, k = 20; 34 of 113 for k = 40) with the same
 * number of solves and eigenvalues equal to the full variant's to 1e-14. The Ritz vectors
 * of a semi-orthogonal basis are orthogonal only to ~√ε: they are orthonormalized once
 * (orthonormalizeWithImage), after which |YᵀY − I| ~ 1e-14. `reorthogonalization: 'full'`
 * reorthogonalizes every step.
 *
 * Convergence is watched every step at O(j²) cost: the Lanczos relation
 * M⁺ Q_m = Q_m T_m + β_m q_{m+1} e_mᵀ gives, for a Ritz pair (θ, y = Q_m s) of M⁺, the
 * residual M⁺y − θy = β_m s_m q_{m+1}; applying M (M M⁺ = identity on the translation-free
 * subspace) gives the residual in M with λ = 1/θ:
 *
 *   |M y − λ y| = (|β_m s_m| / θ) · |M q_{m+1}|,   relative to λ: |β_m s_m| · |M q_{m+1}|.
 *
 * s_m (the last components of the eigenvectors of the tridiagonal T_m) come from
 * tridiagonal.ts; |M q_{m+1}| costs one product, spent only once |β_m s_m| · λ_1 ≤ tol
 * (λ_1 ≤ |M q| for q translation-free, so that is necessary) and, after the first, once
 * |β_m s_m| · |M q|_last ≤ 4 tol (|M q| of successive vectors varies by ~10 %: 3 products
 * instead of 8 at N = 10⁴, k = 20; a gate only delays a check by a step). When the estimate meets tol
 * for the k largest θ, the Ritz vectors y = Q s are formed ONCE from the eigenvectors of
 * T_m (tridiagonal.ts, O(m³) with a small constant; with the basis orthonormal to working
 * accuracy, T_m is Qᵀ M⁺ Q up to what the reorthogonalization removed, ~1e-13 relative)
 * and their exact residuals |M y_i − λ_i y_i| (λ_i = y_iᵀ M y_i, the Rayleigh quotient
 * reported) decide, as in block-inverse.ts; should they fail, the iteration goes on.
 *
 * Exactly degenerate eigenvalues (a symmetric configuration: a crystal). In exact
 * arithmetic a Krylov space holds one vector per eigenspace, so the other copies of an
 * exactly degenerate eigenvalue enter only through rounding, and not all of them: on a
 * triangular crystal of 64 particles one run found 3 of the 4 copies of its third distinct
 * eigenvalue (6.97) and 2 of 6 of another (13.35), on an fcc crystal of 256 4 of 12 and 4
 * of 8, and reported converged k pairs that skipped the missing copies (the k-th at 272 for
 * a true 92.4). So when the converged values hold an exact repeat (relative difference below
 * EXACT_REPEAT, far below the splitting of a glass's nearly degenerate phonons, which are
 * found like any other pair), the run is taken as that of a symmetric configuration and
 * completed by deflated restarts (completeMultiplets): Lanczos again from a new random
 * vector, every vector kept orthogonal to the pairs found (the operator's projection
 * extended by them), whose lowest pairs are those the first run missed; merged, the k
 * lowest kept, until a restart finds nothing below the k-th. A restart's lowest converged
 * value is that of the space orthogonal to the pairs found (its random start has a
 * component in every eigenspace), so a restart with nothing below the k-th is the
 * certificate (pair by pair: a restart's lowest pairs converge first). Each restart has the
 * caller's step budget of its own. With k ≥ rank/2 the complement is mostly multiplets and a
 * restart's lowest pair may not converge: the result is then not converged, and lowestModes
 * hands the problem to the block method. A degenerate eigenvalue whose copies were all missed but one leaves no
 * repeat to see: test/modes.test.ts checks crystals against dense eigenvalues, and the
 * block methods (which keep p copies) remain the choice for symmetric configurations.
 */
import { createRng, fillNormal } from '../random.js';
import type { BlockInverseResult, BlockOperator } from './block-inverse.js';
import { combineColumns, combineColumnsDirect, projectOut } from './basis.js';
import { tridiagonalEigen, tridiagonalEigenLast } from './tridiagonal.js';

export interface LanczosOptions {
  /** Relative residual |M y − λ y| ≤ tol·λ of each of the k lowest pairs (default 1e-6). */
  tol?: number;
  /** Lanczos steps (solves) at most (default max(300, 20k), capped at the rank). */
  maxSteps?: number;
  /** Dimension of the subspace (default dofs). */
  rank?: number;
  seed?: number;
  /**
   * 'partial' (default): reorthogonalize only when the estimated loss of orthogonality
   * max_k |ω_{j+1,k}| exceeds √ε, then at two consecutive steps (Simon 1984, see
   * omegaRecurrence); 'full': against the whole basis at every step.
   */
  reorthogonalization?: 'partial' | 'full';
}

export interface LanczosResult extends BlockInverseResult {
  /** Full reorthogonalization passes over the basis (between 1 and 2 per step). */
  reorthogonalizations: number;
  /** Products with M spent on convergence estimates and exact residual checks. */
  products: number;
  /** Deflated restarts that completed exactly degenerate eigenvalues (0 but for symmetric configurations; file header). */
  restarts: number;
}

export function lanczosLowest(op: BlockOperator, k: number, options: LanczosOptions = {}): LanczosResult {
  // The kept basis memory is lent to one call at a time (an operator could run lanczosLowest itself).
  const borrower = !basisLent;
  basisLent = true;
  try {
    return completeMultiplets(op, k, options, lanczosRun(op, k, options, borrower), borrower);
  } finally {
    if (borrower) basisLent = false;
  }
}

/** Relative difference below which two converged eigenvalues are copies of one (a symmetry), not a glass's split pair. */
const EXACT_REPEAT = 1e-9;
/** Deflated restarts at most: each finds at least one copy of every eigenspace still missing. */
const MAX_RESTARTS = 64;

function hasExactRepeat(values: Float64Array): boolean {
  const v = Float64Array.from(values).sort();
  for (let c = 1; c < v.length; c++) if (v[c] - v[c - 1] <= EXACT_REPEAT * Math.abs(v[c])) return true;
  return false;
}

/**
 * The deflated restarts of the file header: while the converged pairs show an exact repeat,
 * Lanczos on the space orthogonal to the pairs found (and to what `op.project` removes);
 * pairs below the k-th join, the k lowest are kept; stops at the first restart that finds
 * none below the k-th (the certificate), or when it does not converge (then `converged` is
 * false). Costs nothing without a repeat.
 */
function completeMultiplets(op: BlockOperator, k: number, options: LanczosOptions, first: LanczosResult, borrower: boolean): LanczosResult {
  if (!first.converged || !hasExactRepeat(first.values)) return first;
  const n = op.dofs, rank = options.rank ?? n, tol = options.tol ?? 1e-6;
  // k = rank: the whole space, nothing can be missing.
  if (rank - k <= 0) return first;
  let result = first;
  for (let restart = 1; restart <= MAX_RESTARTS; restart++) {
    const found = result.vectors, coeff = new Float64Array(k);
    const deflated: BlockOperator = {
      ...op,
      project: (v) => {
        op.project?.(v);
        coeff.fill(0);
        projectOut(found, n, k, v, coeff);
        projectOut(found, n, k, v, coeff); // twice is enough (Kahan–Parlett)
      },
    };
    const more = lanczosRun(deflated, Math.min(k, rank - k), { ...options, rank: rank - k, seed: (options.seed ?? 1) + restart }, borrower);
    const kth = result.values[k - 1]!;
    // Pair by pair: a restart asked for many pairs of a complement that still holds multiplets
    // (k ≥ rank/2: most of the space) does not converge them all, but its lowest converge
    // first, and those are the ones wanted.
    // (A restart whose Krylov space ran out before it held the pairs asked for leaves those columns empty: λ = 0, not a pair.)
    const met = (c: number): boolean => more.values[c]! > 0 && more.residuals[c]! <= tol * more.values[c]!;
    let lowest = -1;
    for (let c = 0; c < more.values.length; c++) if (more.values[c]! > 0 && (lowest < 0 || more.values[c]! < more.values[lowest]!)) lowest = c;
    const below: number[] = [];
    for (let c = 0; c < more.values.length; c++) if (met(c) && more.values[c]! < kth * (1 - EXACT_REPEAT)) below.push(c);
    const totals = {
      iterations: result.iterations + more.iterations, reorthogonalizations: result.reorthogonalizations + more.reorthogonalizations,
      products: result.products + more.products, restarts: restart,
    };
    // The certificate needs the complement's lowest pair: unconverged, nothing can be said.
    if (lowest < 0 || !met(lowest)) return { ...result, ...totals, converged: false };
    if (below.length === 0) return { ...result, ...totals };
    // Merge: the k lowest of the pairs found and those below the k-th (mutually orthogonal by the deflation).
    const pool = [...Array.from({ length: k }, (_, c) => ({ from: result, c })), ...below.map((c) => ({ from: more as LanczosResult, c }))]
      .sort((a, b) => a.from.values[a.c]! - b.from.values[b.c]!).slice(0, k);
    const values = new Float64Array(k), residuals = new Float64Array(k), vectors = new Float64Array(n * k);
    pool.forEach(({ from, c }, i) => {
      values[i] = from.values[c]!;
      residuals[i] = from.residuals[c]!;
      vectors.set(from.vectors.subarray(c * n, (c + 1) * n), i * n);
    });
    result = { ...result, ...totals, values, residuals, vectors };
  }
  return { ...result, converged: false };
}

/**
 * The Lanczos basis memory is kept from call to call, weakly (a garbage collection may take
 * it): fresh memory costs a page fault per 4 kB on first touch, ~14 µs each on the VM
 * measured (docs/modes.md), and each step writes one new column of the
 * basis: 39 faults, ~0.5 ms per step at N = 10⁴, a third of a solve. Every column is
 * written before it is read, so the reused memory needs no clearing.
 */
let keptBasis: WeakRef<ArrayBuffer> | undefined;
let basisLent = false;

/** A Float64Array(length) on the kept memory when it is large enough, else a new one. */
function takeBasis(length: number): Float64Array {
  const buffer = keptBasis?.deref();
  if (buffer && buffer.byteLength >= 8 * length) { keptBasis = undefined; return new Float64Array(buffer, 0, length); }
  return new Float64Array(length);
}

/** Keeps Q's memory for the next call (the larger of it and what is kept). */
function keepBasis(Q: Float64Array): void {
  const kept = keptBasis?.deref();
  if (!kept || kept.byteLength < Q.buffer.byteLength) keptBasis = new WeakRef(Q.buffer as ArrayBuffer);
}

function lanczosRun(op: BlockOperator, k: number, options: LanczosOptions, borrower: boolean): LanczosResult {
  const n = op.dofs;
  const rank = options.rank ?? n;
  const tol = options.tol ?? 1e-6;
  const maxSteps = Math.min(rank, options.maxSteps ?? Math.max(300, 20 * k));
  const rng = createRng(options.seed ?? 1);
  let capacity = Math.min(maxSteps + 1, Math.max(64, 3 * k + 16));
  let Q = borrower ? takeBasis(n * capacity) : new Float64Array(n * capacity);
  const q0 = Q.subarray(0, n);
  fillNormal(rng, q0);
  op.project?.(q0);
  scale(q0, 1 / norm(q0));
  const diag: number[] = [], beta: number[] = [];
  const values = new Float64Array(k), residuals = new Float64Array(k);
  let vectors: Float64Array = new Float64Array(n * k);
  let converged = false, steps = 0, passes = 0, products = 0, nextCheck = 0;
  let theta = new Float64Array(0), last = new Float64Array(0), mqLast = NaN;
  const partial = (options.reorthogonalization ?? 'partial') === 'partial';
  // ω_{j,k} ≈ q_j · q_k (k < j) for partial reorthogonalization: omega (row j), omegaPrev (row j − 1).
  let omega: Float64Array = new Float64Array(maxSteps + 2), omegaPrev: Float64Array = new Float64Array(maxSteps + 2);
  omega[0] = 1;
  let secondOfPair = false;
  while (steps < maxSteps) {
    const j = steps;
    // w = M⁺ q_j is computed in place, in the column of Q that q_{j+1} = w/β_j will occupy.
    if (j + 2 > capacity) {
      capacity = Math.min(maxSteps + 1, 2 * capacity);
      const grown = new Float64Array(n * capacity);
      grown.set(Q.subarray(0, (j + 1) * n));
      Q = grown;
    }
    const q = Q.subarray(j * n, (j + 1) * n), w = Q.subarray((j + 1) * n, (j + 2) * n);
    const solved = op.solve(q, 1, w);
    if (solved !== w) w.set(solved);
    steps++;
    op.project?.(w);
    // h = the coefficients subtracted from w = M⁺ q_j (column j of Qᵀ M⁺ Q); its diagonal
    // entry, reorthogonalization included, is the α_j of T.
    const h = new Float64Array(j + 1);
    let a: number;
    if (j > 0) { h[j - 1] = beta[j - 1]; a = axpyDot(-beta[j - 1], Q.subarray((j - 1) * n, j * n), w, q); } else a = dot(q, w);
    h[j] += a;
    axpy(-a, q, w);
    // Full reorthogonalization at every step ('full', and the first two steps), else only
    // when the ω estimate of q_{j+1}'s loss of orthogonality exceeds √ε, and then at the
    // next step too (q_{j+2} inherits the loss through the three-term recurrence).
    let reorthogonalize = !partial || j < 2 || secondOfPair;
    let triggered = false;
    // Rounding leaves w a component outside the subspace (for the glass: a translation)
    // that the division by β then amplifies step after step (to 1e-4 in 50 steps on n64_s1,
    // with Ritz values off by 50 %): project it out again before normalizing (after the
    // reorthogonalization when there is one).
    let b = NaN;
    if (!reorthogonalize) {
      op.project?.(w);
      const bj = b = norm(w);
      const next = bj > 0 ? omegaRecurrence(omega, omegaPrev, diag, beta, h[j], bj, j, n) : undefined;
      let worst = Infinity;
      if (next) { worst = 0; for (let i = 0; i < j; i++) worst = Math.max(worst, Math.abs(next[i])); }
      if (next && worst <= SQRT_EPS) { omegaPrev = omega; omega = next; } else reorthogonalize = triggered = true;
    }
    secondOfPair = triggered;
    if (reorthogonalize) {
      const before = dot(w, w);
      let after = projectOut(Q, n, j + 1, w, h);
      passes++;
      if (after < 0.5 * before) { after = projectOut(Q, n, j + 1, w, h); passes++; }
      // q_{j+1} is now orthogonal to the basis to working accuracy.
      const next = new Float64Array(omega.length);
      for (let i = 0; i <= j; i++) next[i] = EPS;
      next[j + 1] = 1;
      omegaPrev = omega; omega = next;
    }
    if (reorthogonalize) { op.project?.(w); b = norm(w); }
    diag.push(h[j]);
    beta.push(b);
    const exhausted = !(b > 1e-12 * Math.abs(a));
    if (!exhausted) scale(w, 1 / b);
    const m = j + 1;
    if (m < k) { if (exhausted) break; continue; }
    let ready = exhausted || steps === maxSteps;
    if (!ready && steps >= nextCheck) {
      if (theta.length < m) { theta = new Float64Array(2 * m); last = new Float64Array(2 * m); }
      tridiagonalEigenLast(diag, beta, m, theta, last);
      const order = topIndices(theta, m, k);
      const thetaMax = theta[order[0]];
      let worst = 0;
      for (const c of order) worst = Math.max(worst, Math.abs(b * last[c]));
      // The product is spent only when the estimate can pass: λ_1 ≤ |M q| (first gate),
      // and, after a first product, when it would pass with |M q_{m+1}| at a quarter of
      // the last one measured (|M q| of successive Lanczos vectors stays within ~10 % on
      // the glasses: q_{m+1} is dominated by the top of M's spectrum). A gate only delays
      // the check; the exact residuals below decide.
      if (worst <= tol * thetaMax && !(worst * mqLast > ESTIMATE_GATE * tol)) {
        const next = Q.subarray((j + 1) * n, (j + 2) * n);
        const mq = mqLast = norm(op.product(next, 1));
        products++;
        ready = worst * mq <= tol;
      }
    }
    if (!ready) continue;
    const Z = new Float64Array(m * m), th = new Float64Array(m);
    tridiagonalEigen(diag, beta, m, th, Z);
    // The k largest θ of M⁺, largest first.
    const cols = topIndices(th, m, k);
    vectors = combineColumns(Q, n, m, Z, m, cols);
    for (let c = 0; c < k; c++) { const y = vectors.subarray(c * n, (c + 1) * n); scale(y, 1 / norm(y)); }
    const MY = op.product(vectors, k);
    products += k;
    // A semi-orthogonal basis (partial) gives Ritz vectors orthogonal only to ~√ε·(‖T‖/gap):
    // orthonormalize them in order (classical Gram–Schmidt; the same combination applied to
    // M Y), which moves each by that much and leaves its residual at that level.
    if (partial) orthonormalizeWithImage(vectors, MY, n, k);
    converged = true;
    for (let c = 0; c < k; c++) {
      const y = vectors.subarray(c * n, (c + 1) * n), my = MY.subarray(c * n, (c + 1) * n);
      const lam = dot(y, my);
      let r2 = 0;
      for (let r = 0; r < n; r++) r2 += (my[r] - lam * y[r]) ** 2;
      values[c] = lam;
      residuals[c] = Math.sqrt(r2);
      if (!(residuals[c] <= tol * Math.abs(lam))) converged = false;
    }
    if (converged || exhausted) break;
    // The estimate was optimistic (rounding in the relation): give it a few more steps.
    nextCheck = steps + 3;
  }
  if (borrower) keepBasis(Q);
  return { values, vectors, residuals, iterations: steps, converged, blockSize: 1, reorthogonalizations: passes, products, restarts: 0 };
}

const EPS = 2.220446049250313e-16, SQRT_EPS = Math.sqrt(EPS);
/** Factor by which |M q_{m+1}| may drop below the last measured before a gated estimate misses a step (see the check). */
const ESTIMATE_GATE = 4;

/**
 * Row j + 1 of the estimated inner products ω_{j+1,i} ≈ q_{j+1} · q_i (i ≤ j) from rows j
 * (`omega`, with ω_{j,j} = 1) and j − 1 (`omegaPrev`), the α_i (`alpha`), β_i (`beta`) of T
 * for i < j, and α_j, β_j of this step (Simon 1984, "The Lanczos algorithm with partial
 * reorthogonalization", Math. Comp. 42, eq. for ω with the rounding term):
 *
 *   β_j ω_{j+1,i} = β_i ω_{j,i+1} + (α_i − α_j) ω_{j,i} + β_{i−1} ω_{j,i−1} − β_{j−1} ω_{j−1,i}
 *                   ± ε (β_i + β_j)/3,                                          i < j,
 *
 * ω_{j+1,j} = ε √n (local orthogonality of the three-term recurrence), ω_{j+1,j+1} = 1.
 * Cost O(j). The basis stays semi-orthogonal (|ω| ≤ √ε) if it is reorthogonalized when
 * the estimate passes √ε; T_m then carries the eigenvalues to working accuracy (Simon).
 */
function omegaRecurrence(omega: Float64Array, omegaPrev: Float64Array, alpha: readonly number[], beta: readonly number[],
  alphaJ: number, betaJ: number, j: number, n: number): Float64Array {
  const next = new Float64Array(omega.length);
  for (let i = 0; i < j; i++) {
    let v = beta[i] * omega[i + 1] + (alpha[i] - alphaJ) * omega[i] - beta[j - 1] * omegaPrev[i];
    if (i > 0) v += beta[i - 1] * omega[i - 1];
    v += (v >= 0 ? 1 : -1) * EPS * (beta[i] + betaJ) / 3;
    next[i] = v / betaJ;
  }
  next[j] = EPS * Math.sqrt(n);
  next[j + 1] = 1;
  return next;
}

/**
 * Y (n × k, columns nearly orthonormal) ← Y R⁻¹ with Y R⁻¹ orthonormal (Gram–Schmidt, one
 * pass: enough for columns already orthogonal to ~1e-8), and MY ← MY R⁻¹, so MY stays M Y.
 */
function orthonormalizeWithImage(Y: Float64Array, MY: Float64Array, n: number, k: number): void {
  const coeff = new Float64Array(k), image = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    const y = Y.subarray(c * n, (c + 1) * n), my = MY.subarray(c * n, (c + 1) * n);
    if (c > 0) {
      coeff.fill(0);
      projectOut(Y, n, c, y, coeff);
      const combined = combineColumnsDirect(MY, n, c, coeff, image);
      for (let r = 0; r < n; r++) my[r] -= combined[r];
    }
    const s = 1 / norm(y);
    scale(y, s);
    scale(my, s);
  }
}

/** Indices of the `k` largest of x[0…m−1], largest first. */
function topIndices(x: Float64Array, m: number, k: number): number[] {
  const idx = Array.from({ length: m }, (_, i) => i);
  idx.sort((p, q) => x[q] - x[p]);
  return idx.slice(0, k);
}

function dot(x: Float64Array, y: Float64Array): number {
  let s0 = 0, s1 = 0, r = 0;
  const n = x.length;
  for (; r + 1 < n; r += 2) { s0 += x[r] * y[r]; s1 += x[r + 1] * y[r + 1]; }
  if (r < n) s0 += x[r] * y[r];
  return s0 + s1;
}
/** y ← y + a x, then returns z · y (one pass; the sum in dot's order, so the result equals axpy then dot). */
function axpyDot(a: number, x: Float64Array, y: Float64Array, z: Float64Array): number {
  let s0 = 0, s1 = 0, r = 0;
  const n = y.length;
  for (; r + 1 < n; r += 2) {
    const y0 = y[r] + a * x[r], y1 = y[r + 1] + a * x[r + 1];
    y[r] = y0; y[r + 1] = y1;
    s0 += z[r] * y0; s1 += z[r + 1] * y1;
  }
  if (r < n) { const y0 = y[r] + a * x[r]; y[r] = y0; s0 += z[r] * y0; }
  return s0 + s1;
}
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let r = 0; r < y.length; r++) y[r] += a * x[r];
}
function norm(x: Float64Array): number { return Math.sqrt(dot(x, x)); }
function scale(x: Float64Array, s: number): void { for (let r = 0; r < x.length; r++) x[r] *= s; }
