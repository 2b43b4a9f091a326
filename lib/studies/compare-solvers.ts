/**
 * Direct against iterative solvers on the Hessian of one glass (the tables of
 * docs/solvers.md, `softspot solvers`, test/bench/solvers.bench.ts): a study over
 * lib/solvers, lib/hessian and the response steps of lib/lhc.
 *
 * The Hessian M (one particle pinned, docs/design.md §5) is solved by every contender for
 *   (a) 'velocity': one right-hand side, the mismatch forces Ξ of simple shear
 *       (E = [[0,1],[0,0]], lib/space SIMPLE_SHEAR), i.e. the non-affine velocity u = −G Ξ;
 *   (b) 'block': 64 right-hand sides at once, unit forces e_k on dofs spread over the
 *       system (columns of G = M⁻¹, what the blocked-solves path solves);
 *   (c) 'all': the full c_α = K_α : G_α − g_α · D_α w through blocked solves of M X = I
 *       (n right-hand sides in blocks of 64, then w), next to the selected-inversion
 *       path (CHOLMOD supernodal LLᵀ, METIS, Takahashi recurrences); small N only.
 * Per contender: analysis and update (factorization or preconditioner) time, solve
 * time per right-hand side, CG steps, the relative residual ‖b − M x‖₂/‖b‖₂ measured
 * here for every contender alike, and the error ‖x − x_ref‖₂/‖x_ref‖₂ against a direct
 * solution (cholmod-llt-metis) computed beforehand.
 *
 * Any glass (docs/design.md §10): a 2D glass of a species law on the 2D kernels (lib/hessian,
 * lib/lhc responseSteps); a glass of lib/nd (lib/nd/law.ts isNdGlass: 3D, or 2D `poly`) on
 * the d-generic pinned Hessian (lib/nd pattern.ts) and lib/nd ndResponseSteps, with
 * E = presetE('simple', 1, d) for case (a) and the sum rule Σ_α c_α = d(N − 1) for (c).
 */
import { dimensionOf, type Configuration } from '../config.js';
import { CholmodError, IterativeSolverError, unstableConfiguration } from '../errors.js';
import { assembleBlocks, findPairs, hessianPattern, mismatchForces, pairTensors, restrictPinned } from '../hessian/index.js';
import { responseSteps, type LinearAlgebraRequest, type ResponseFields } from '../lhc/response.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { lawOfConfiguration, usesKernels2d } from '../nd/law.js';
import { ndParticleOfDof, ndRestrict } from '../nd/pattern.js';
import { ndPinnedSystem, shearDipole } from '../nd/pinned-system.js';
import { ndResponseSteps } from '../nd/response.js';
import { presetE, SIMPLE_SHEAR } from '../space/index.js';
import { SparseCholesky, type CscMatrix } from '../sparse-cholesky.js';
import { expectInteger, expectRule, POSITIVE } from '../validate.js';
import {
  createLinearSolver, relativeResiduals, resolveSolver, DEFAULT_SOLVER_TOL, DIRECT_SOLVERS, ITERATIVE_SOLVERS,
  type LinearSolver, type SolverName,
} from '../solvers/index.js';
import { DEFAULT_PINNED } from '../hessian/pattern.js';

export type ComparisonCase = '1' | '64' | 'all';

export interface ComparisonOptions {
  /** Contenders (default: every direct and iterative solver; 'cholmod' is an alias). */
  solvers?: readonly SolverName[];
  /** Which cases: '1' (velocity), '64' (block), 'all' (full c_α by solves). Default ['1', '64']. */
  cases?: readonly ComparisonCase[];
  /** CG relative tolerance (default 1e-10) and iteration cap (default max(1000, 2n)). */
  tol?: number;
  maxIter?: number;
  /** Right-hand sides of case '64' (default 64) and block width of case 'all' (64). */
  block?: number;
  /**
   * Case '64' only: iterative contenders solve just the first `sample` right-hand sides
   * of the block (each CG solve is independent, so the time per right-hand side carries
   * over); default: all. For large N, where 64 CG solves take minutes.
   */
  sample?: number;
  /** Pinned particle (default 0). */
  pinned?: number;
  /** The pair law (2D kernels; for a glass of lib/nd only its `law` is used). Default: the configuration's. */
  model?: Model;
  /**
   * Clock in ms (default performance.now, wall time). The benchmark passes the process
   * CPU time with one BLAS/OpenMP thread, which a shared machine does not inflate.
   */
  clock?: () => number;
  /** What `clock` measures, for the tables' note (default 'wall'; the benchmark's: 'process CPU'). */
  clockName?: string;
  /**
   * Cases (a) and (b): every contender timed `repeats` times, interleaved (each once, then
   * each again), keeping its fastest analysis, update and solve (default 1). The first runs
   * of a process pay for page faults, the JIT and the CPU's clock ramp (measured: 4.7× for
   * the first of six identical contenders), which would rank the contenders by their order.
   */
  repeats?: number;
  /** Progress lines (one per contender and case). */
  onProgress?: (message: string) => void;
}

export interface ContenderRow {
  solver: string;
  kind: 'direct' | 'iterative';
  /** ms: analysis (ordering, symbolic factorization / IC ordering) */
  analyzeMs: number;
  /** ms: numeric factorization or preconditioner */
  updateMs: number;
  /** ms per right-hand side */
  solveMsPerRhs: number;
  nrhs: number;
  /** right-hand sides actually solved (< nrhs when sampled; the totals extrapolate) */
  solved: number;
  /** CG steps per right-hand side: mean and max (0 for direct) */
  iterations: number;
  iterationsMax: number;
  /** max over right-hand sides of ‖b − M x‖₂/‖b‖₂ */
  residual: number;
  /** max over right-hand sides of ‖x − x_ref‖₂/‖x_ref‖₂ */
  error: number;
  /** entries of the factor L or of the preconditioner */
  storage: number;
  /** set when the contender failed (e.g. ITERATIVE_NOT_CONVERGED); the numbers are then NaN */
  failure?: string;
}

export interface HeatCapacityRow {
  /** contender, or 'selected inversion' for the Takahashi path */
  solver: string;
  kind: 'direct' | 'iterative' | 'selinv';
  /** ms for the whole c_α computation (update, n + 1 solves or selected inversion, contractions) */
  totalMs: number;
  /** right-hand sides solved */
  solves: number;
  /** mean CG steps per right-hand side */
  iterations: number;
  /** |Σ_α c_α − d(N − 1)| (exact sum rule at a minimum) */
  sumRuleError: number;
  /** max_α |c_α − c_α(selected inversion)| / max_α |c_α(selected inversion)| */
  error: number;
  failure?: string;
}

export interface ComparisonResult {
  /** dimension d of the glass */
  d: 2 | 3;
  /** particles, Hessian dimension (dN − d), stored entries of its lower triangle, pairs */
  N: number;
  n: number;
  nnz: number;
  pairs: number;
  tol: number;
  /** How the times were taken: the clock's name and the runs per contender of cases (a) and (b) (absent: wall, 1). */
  timing?: { clock: string; repeats: number };
  velocity?: ContenderRow[];
  block?: ContenderRow[];
  heatCapacity?: HeatCapacityRow[];
}

let now: () => number = () => performance.now();

/** Median time of fn (ms, by `now`): one run, or up to 5 when a run is shorter than 20 ms. */
function measure<T>(fn: () => T): { ms: number; value: T } {
  let t0 = now();
  let value = fn();
  const times = [now() - t0];
  while (times[0] < 20 && times.length < 5) {
    t0 = now();
    value = fn();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], value };
}

function relativeErrors(X: Float64Array, ref: Float64Array, n: number, nrhs: number): number {
  let worst = 0;
  for (let k = 0; k < nrhs; k++) {
    let d2 = 0, r2 = 0;
    for (let i = k * n; i < (k + 1) * n; i++) {
      d2 += (X[i] - ref[i]) ** 2;
      r2 += ref[i] ** 2;
    }
    worst = Math.max(worst, r2 > 0 ? Math.sqrt(d2 / r2) : Math.sqrt(d2));
  }
  return worst;
}

function failureOf(error: unknown): string {
  if (error instanceof IterativeSolverError || error instanceof CholmodError) return `${error.code}: ${error.message}`;
  throw error;
}

function contender(
  name: SolverName, M: CscMatrix, B0: Float64Array, nrhs: number, ref0: Float64Array, tol: number, maxIter: number | undefined, sample = nrhs,
): ContenderRow {
  const spec = resolveSolver('solver', name);
  const kind = spec.kind;
  const solved = kind === 'iterative' ? Math.min(sample, nrhs) : nrhs;
  const B = B0.subarray(0, M.n * solved), ref = ref0.subarray(0, M.n * solved);
  const nan = { updateMs: NaN, solveMsPerRhs: NaN, iterations: NaN, iterationsMax: NaN, residual: NaN, error: NaN, storage: NaN };
  const pattern = { n: M.n, colPtr: M.colPtr, rowIdx: M.rowIdx };
  const t0 = now();
  const solver = createLinearSolver(pattern, { solver: name, tol, maxIter });
  const analyzeMs = now() - t0;
  try {
    const update = measure(() => solver.update(M.values));
    const run = measure(() => solver.solve(B, solved));
    const stats = solver.lastSolve!;
    const its = Array.from(stats.iterations);
    return {
      solver: solver.name, kind, analyzeMs, nrhs, solved,
      updateMs: update.ms,
      solveMsPerRhs: run.ms / solved,
      iterations: its.reduce((s, x) => s + x, 0) / solved,
      iterationsMax: Math.max(...its),
      residual: Math.max(...relativeResiduals(M, run.value, B, solved)),
      error: relativeErrors(run.value, ref, M.n, solved),
      storage: solver.storage,
    };
  } catch (error) {
    return { solver: solver.name, kind, analyzeMs, nrhs, solved, ...nan, failure: failureOf(error) };
  } finally {
    solver.dispose();
  }
}

/** The entries of M⁻¹ on the pattern of M by blocked solves M X = [e_c0 … e_c0+nb−1]. */
function selectedInverseBySolves(solver: LinearSolver, M: CscMatrix, block: number, counter: { solves: number; steps: number }): Float64Array {
  const { n, colPtr, rowIdx } = M;
  const Z = new Float64Array(rowIdx.length);
  const B = new Float64Array(n * block);
  for (let c0 = 0; c0 < n; c0 += block) {
    const nb = Math.min(block, n - c0);
    const rhs = nb === block ? B : new Float64Array(n * nb);
    rhs.fill(0);
    for (let k = 0; k < nb; k++) rhs[c0 + k + k * n] = 1;
    const X = solver.solve(rhs, nb);
    counter.solves += nb;
    counter.steps += solver.lastSolve!.iterations.reduce((s, x) => s + x, 0);
    for (let k = 0; k < nb; k++) {
      const col = c0 + k;
      for (let p = colPtr[col]; p < colPtr[col + 1]; p++) Z[p] = X[rowIdx[p] + k * n];
    }
  }
  return Z;
}

/** What the comparison needs of a glass: its pinned Hessian and the c_α computation as requests. */
export interface SolverSystem {
  d: 2 | 3;
  /** Pairs M. */
  pairs: number;
  /** The pinned Hessian (dN − d rows, lower triangle). */
  M: CscMatrix;
  /** The pattern of M (what a factorization analyzes). */
  pattern: { n: number; colPtr: Int32Array; rowIdx: Int32Array };
  /** Ξ of simple shear without the pinned particle's rows (dN − d). */
  velocityRhs(): Float64Array;
  /** The steps of c_α (no deformations; lib/lhc responseSteps or lib/nd ndResponseSteps). */
  steps(): Generator<LinearAlgebraRequest, ResponseFields, Float64Array | Float64Array[] | undefined>;
}

/** A 2D glass of a species law on the 2D kernels. */
function kernelSystem(config: Configuration, model: Model, pinned: number): SolverSystem {
  const pairs = findPairs(config, model);
  const tensors = pairTensors(pairs, model, 4);
  const pattern = hessianPattern(pairs, config.n, pinned);
  return {
    d: 2, pairs: pairs.count, M: assembleBlocks(pattern, tensors.K!), pattern,
    velocityRhs: () => restrictPinned(pattern, mismatchForces(pairs, tensors.K!, SIMPLE_SHEAR.E)),
    steps: () => responseSteps(pairs, tensors, pattern, [], () => now()),
  };
}

/** A glass of lib/nd (3D, 2D poly) on the d-generic code, under `law` when given. */
function ndSystem(config: Configuration, model: Model | undefined, pinned: number): SolverSystem {
  const d = dimensionOf(config);
  const { pairs, radial, K, pattern, M } = ndPinnedSystem(config, lawOfConfiguration(config, model?.law), pinned, 4);
  return {
    d, pairs: pairs.count, M, pattern,
    velocityRhs: () => ndRestrict(pattern, shearDipole(pairs, K, presetE('simple', 1, d))),
    steps: () => ndResponseSteps(pairs, radial, pattern, [], () => now()),
  };
}

/**
 * The system of `config` that compareSolvers times: the 2D kernels for a 2D glass of a
 * species law (or any 2D glass with options.model), else lib/nd under the configuration's law
 * (or options.model's). Exported for the tests (not in lib/studies/index.ts).
 */
export function comparisonSystem(config: Configuration, options: Pick<ComparisonOptions, 'model' | 'pinned'> = {}): SolverSystem {
  const pinned = options.pinned ?? DEFAULT_PINNED;
  return usesKernels2d(config, options.model !== undefined) ? kernelSystem(config, options.model ?? modelOfConfiguration(config), pinned) : ndSystem(config, options.model, pinned);
}

/** Runs the c_α steps answering their requests with `answer`. */
function heatCapacity(system: SolverSystem, answer: (request: LinearAlgebraRequest) => Float64Array | undefined): ResponseFields {
  const steps = system.steps();
  let reply: Float64Array | undefined;
  for (;;) {
    const next = steps.next(reply);
    if (next.done) return next.value;
    reply = answer(next.value);
  }
}

/** c_α by the selected-inversion path (CHOLMOD supernodal LLᵀ, METIS, Takahashi recurrences). */
export function selectedInversionC(system: SolverSystem): Float64Array {
  const factor = SparseCholesky.analyze(system.pattern, { ordering: 'metis', mode: 'supernodal' });
  try {
    return heatCapacity(system, (request) => {
      switch (request.kind) {
        case 'factorize': factor.factorize(request.values); return undefined;
        case 'selectedInverse': return factor.selectedInverse();
        case 'solve': return factor.solve(request.b, request.nrhs);
        default: throw new Error(`unexpected request ${request.kind}`);
      }
    }).c;
  } finally {
    factor.dispose();
  }
}

/**
 * Times every contender on the Hessian of `config` (a minimized configuration).
 * @throws RangeError / TypeError for bad options; UnstableConfigurationError (a CholmodError
 *   CHOLMOD_NOT_POSDEF) if the Hessian is not positive definite (the reference factorization fails)
 */
export function compareSolvers(config: Configuration, options: ComparisonOptions = {}): ComparisonResult {
  const names = options.solvers ?? [...DIRECT_SOLVERS, ...ITERATIVE_SOLVERS];
  names.forEach((name, k) => resolveSolver(`options.solvers[${k}]`, name));
  const cases = options.cases ?? ['1', '64'];
  const tol = expectRule('options.tol', options.tol ?? DEFAULT_SOLVER_TOL, POSITIVE);
  const block = expectInteger('options.block', options.block ?? 64, 1);
  const pinned = expectInteger('options.pinned', options.pinned ?? DEFAULT_PINNED, 0, config.n - 1);
  const sample = expectInteger('options.sample', options.sample ?? block, 1);
  const repeats = expectInteger('options.repeats', options.repeats ?? 1, 1);
  const progress = options.onProgress ?? (() => {});
  now = options.clock ?? (() => performance.now());

  const system = comparisonSystem(config, { model: options.model, pinned });
  const { M, pattern } = system;
  const n = M.n;
  const result: ComparisonResult = {
    d: system.d, N: config.n, n, nnz: M.rowIdx.length, pairs: system.pairs, tol, timing: { clock: options.clockName ?? 'wall', repeats },
  };
  /** Each contender `repeats` times, interleaved; the fastest of each phase kept (the rest is the same every run). */
  const timed = (what: string, run: (name: SolverName) => ContenderRow): ContenderRow[] => {
    let rows: ContenderRow[] = [];
    for (let r = 0; r < repeats; r++) {
      rows = names.map((name, k) => {
        const best = rows[k];
        // A contender that failed (CG not converged: the same every run) is not run again.
        if (best?.failure !== undefined) return best;
        progress(`${what}: ${name}${repeats > 1 ? ` (run ${r + 1} of ${repeats})` : ''}`);
        const row = run(name);
        // A run that failed after one that did not (memory, say) keeps the times of the one that did not.
        if (best === undefined) return row;
        if (row.failure !== undefined) return best;
        return {
          ...row, analyzeMs: Math.min(row.analyzeMs, best.analyzeMs), updateMs: Math.min(row.updateMs, best.updateMs),
          solveMsPerRhs: Math.min(row.solveMsPerRhs, best.solveMsPerRhs),
        };
      });
    }
    return rows;
  };

  let reference: LinearSolver;
  try {
    reference = createLinearSolver(M, { solver: 'cholmod' });
  } catch (error) {
    // Not a minimum: said as lhc and modes say it, naming the particle (it said "matrix is not positive definite (failed at column 76)").
    throw unstableConfiguration(error, (column) => ndParticleOfDof(system.d, column, pinned));
  }
  try {
    if (cases.includes('1')) {
      const b = system.velocityRhs();
      const ref = reference.solve(b);
      result.velocity = timed('velocity', (name) => contender(name, M, b, 1, ref, tol, options.maxIter));
    }
    if (cases.includes('64')) {
      const nrhs = Math.min(block, n);
      const B = new Float64Array(n * nrhs);
      for (let k = 0; k < nrhs; k++) B[Math.floor(((k + 0.5) * n) / nrhs) + k * n] = 1;
      const ref = reference.solve(B, nrhs);
      result.block = timed(`block of ${nrhs}`, (name) => contender(name, M, B, nrhs, ref, tol, options.maxIter, sample));
    }
  } finally {
    reference.dispose();
  }

  if (cases.includes('all')) {
    const rows: HeatCapacityRow[] = [];
    const expected = system.d * (config.n - 1);
    progress('c_α: selected inversion');
    const bySelectedInversion = (): Float64Array => selectedInversionC(system);
    bySelectedInversion();  // warm-up: the JIT compiles the contractions shared by every path
    const t0 = now();
    const cRef = bySelectedInversion();
    let refMax = 0;
    for (const x of cRef) refMax = Math.max(refMax, Math.abs(x));
    const sumRule = (c: Float64Array) => Math.abs(c.reduce((s, x) => s + x, 0) - expected);
    rows.push({
      solver: 'selected inversion (cholmod-llt-metis, Takahashi)', kind: 'selinv', totalMs: now() - t0,
      solves: 1, iterations: 0, sumRuleError: sumRule(cRef), error: 0,
    });
    for (const name of names) {
      progress(`c_α by ${n} + 1 solves: ${name}`);
      const t1 = now();
      const solver = createLinearSolver(pattern, { solver: name, tol, maxIter: options.maxIter });
      const counter = { solves: 0, steps: 0 };
      try {
        const { c } = heatCapacity(system, (request) => {
          switch (request.kind) {
            case 'factorize': solver.update(request.values); return undefined;
            case 'selectedInverse': return selectedInverseBySolves(solver, M, block, counter);
            case 'solve': {
              const x = solver.solve(request.b, request.nrhs);
              counter.solves += request.nrhs;
              counter.steps += solver.lastSolve!.iterations.reduce((s, v) => s + v, 0);
              return x;
            }
            default: throw new Error(`unexpected request ${request.kind}`);
          }
        });
        let worst = 0;
        for (let a = 0; a < c.length; a++) worst = Math.max(worst, Math.abs(c[a] - cRef[a]));
        rows.push({
          solver: solver.name, kind: solver.kind, totalMs: now() - t1, solves: counter.solves,
          iterations: counter.steps / counter.solves, sumRuleError: sumRule(c), error: worst / refMax,
        });
      } catch (error) {
        rows.push({
          solver: solver.name, kind: solver.kind, totalMs: NaN, solves: counter.solves, iterations: NaN,
          sumRuleError: NaN, error: NaN, failure: failureOf(error),
        });
      } finally {
        solver.dispose();
      }
    }
    result.heatCapacity = rows;
  }
  return result;
}
