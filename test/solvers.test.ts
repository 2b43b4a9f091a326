/**
 * lib/solvers: direct (CHOLMOD) and iterative (Eigen PCG) solvers behind one interface,
 * on the pinned Hessians of the fixture glasses: argument validation with exact
 * messages; every contender against the direct solution to its tolerance; the
 * preconditioners against plain CG; non-convergence as a coded error; async variants;
 * the wiring into Newton, the local heat capacity, the comparison and the CLI.
 */
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { IterativeSolverError } from '../lib/errors.js';
import { assembleBlocks, energyForces, findPairs, hessianPattern, mismatchForces, pairTensors, restrictPinned, type HessianPattern } from '../lib/hessian/index.js';
import { localHeatCapacity, localHeatCapacityAsync } from '../lib/lhc/index.js';
import { newtonPolish } from '../lib/minimize/newton.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import type { CscMatrix } from '../lib/sparse-cholesky.js';
import { solvers as solversCommand } from '../lib/cli/commands/solvers.js';
import {
  createLinearSolver, DIRECT_SOLVERS, ITERATIVE_SOLVERS, relativeResiduals, solve, SOLVER_NAMES, symmetricMatvec, type SolverName,
} from '../lib/solvers/index.js';
import { compareSolvers, formatComparison } from '../lib/studies/index.js';
import { FIXTURE_NAMES, fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { glassLikeHessian } from './bench/glass-like-hessian.js';
import { peakRssGrowth } from './helpers/rss.js';

interface Fixture {
  config: Configuration;
  pattern: HessianPattern;
  M: CscMatrix;
  /** mismatch forces of simple shear, pinned: the right-hand side of u = −G Ξ */
  xi: Float64Array;
  /** ‖M‖₁ and ‖M⁻¹‖₁ (M symmetric: they bound the 2-norms) */
  norm: number;
  inverseNorm: number;
}

/** ‖A‖₁ of a symmetric matrix stored as its lower triangle: the largest absolute column sum. */
function norm1(A: CscMatrix): number {
  const sums = new Float64Array(A.n);
  for (let c = 0; c < A.n; c++) {
    for (let p = A.colPtr[c]; p < A.colPtr[c + 1]; p++) {
      const r = A.rowIdx[p], v = Math.abs(A.values[p]);
      sums[c] += v;
      if (r !== c) sums[r] += v;
    }
  }
  return Math.max(...sums);
}

/** ‖A⁻¹‖₁ from the n columns of A⁻¹ (A X = I, one block of solves; the fixtures have n ≤ 510). */
function inverseNorm1(A: CscMatrix): number {
  const n = A.n;
  const I = new Float64Array(n * n);
  for (let k = 0; k < n; k++) I[k * n + k] = 1;
  const X = solve(A, I, { nrhs: n });
  let worst = 0;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = k * n; i < (k + 1) * n; i++) sum += Math.abs(X[i]);
    worst = Math.max(worst, sum);
  }
  return worst;
}

function columnNorm(X: Float64Array, n: number, k: number): number {
  let s = 0;
  for (let i = k * n; i < (k + 1) * n; i++) s += X[i] * X[i];
  return Math.sqrt(s);
}

const EPS = 2 ** -52;

/**
 * Error bounds from the problem, valid whatever the BLAS (its summation order) or ordering.
 * For column k of X (b_k, x_k; 2-norms, and ‖A‖₂ ≤ ‖A‖₁, ‖A⁻¹‖₂ ≤ ‖A⁻¹‖₁ for symmetric A):
 * - floor: computing b − A x in floating point is exact to γ_m ‖|A||x|‖ ≤ n ε ‖A‖₁ ‖x_k‖
 *   (m ≤ n terms per row);
 * - backward: a backward-stable direct solve leaves ‖b − A x‖ ≤ 30·n ε ‖A‖₁ ‖x_k‖ (LAPACK's
 *   test ratio ‖b − A x‖ / (n ‖A‖ ‖x‖ ε) and its threshold 30, as in dpot02);
 * - forward: x − x_ref = A⁻¹ (r_ref − r) exactly for the exact residuals, so
 *   ‖x − x_ref‖ ≤ ‖A⁻¹‖₁ (‖r‖ + ‖r_ref‖ + both floors): the condition-number bound, with
 *   the residuals actually reached.
 */
function errorBounds(f: Fixture, X: Float64Array, ref: Float64Array, B: Float64Array, nrhs: number) {
  const n = f.M.n;
  const AX = symmetricMatvec(f.M, X, nrhs), Aref = symmetricMatvec(f.M, ref, nrhs);
  const r = Float64Array.from(B, (b, i) => b - AX[i]), rRef = Float64Array.from(B, (b, i) => b - Aref[i]);
  const diff = Float64Array.from(X, (x, i) => x - ref[i]);
  return Array.from({ length: nrhs }, (_, k) => {
    const floor = n * EPS * f.norm * columnNorm(X, n, k), floorRef = n * EPS * f.norm * columnNorm(ref, n, k);
    return {
      residual: columnNorm(r, n, k),
      backwardBound: 30 * floor,
      forward: columnNorm(diff, n, k),
      forwardBound: f.inverseNorm * (columnNorm(r, n, k) + columnNorm(rRef, n, k) + floor + floorRef),
    };
  });
}

const fixtures = new Map<string, Fixture>();
function fixture(name: string): Fixture {
  let f = fixtures.get(name);
  if (!f) {
    const config = readFixtureConfig(name);
    const pairs = findPairs(config, DEFAULT_MODEL);
    const K = pairTensors(pairs, DEFAULT_MODEL, 2).K!;
    const pattern = hessianPattern(pairs, config.n, 0);
    const M = assembleBlocks(pattern, K);
    const xi = restrictPinned(pattern, mismatchForces(pairs, K, Float64Array.of(0, 1, 0, 0)));
    f = { config, pattern, M, xi, norm: norm1(M), inverseNorm: inverseNorm1(M) };
    fixtures.set(name, f);
  }
  return f;
}

/** nrhs right-hand sides: Ξ, then unit forces spread over the dofs. */
function block(f: Fixture, nrhs: number): Float64Array {
  const n = f.M.n;
  const B = new Float64Array(n * nrhs);
  B.set(f.xi);
  for (let k = 1; k < nrhs; k++) B[Math.floor((k * n) / nrhs) + k * n] = 1;
  return B;
}

describe('linear solvers (lib/solvers)', () => {
  describe('argument validation', () => {
    const { M } = fixture('n64_s1');
    it('names the option, what was expected and what came', () => {
      expect(() => createLinearSolver(M, { solver: 'lu' as SolverName })).to.throw(RangeError,
        `options.solver: expected one of ${SOLVER_NAMES.map((s) => `'${s}'`).join(', ')}, got "lu"`);
      expect(() => createLinearSolver(M, { solver: { kind: 'iterative', preconditioner: 'ilu' as 'ichol' } })).to.throw(RangeError,
        "options.solver.preconditioner: expected one of 'identity', 'jacobi', 'ichol', got \"ilu\"");
      expect(() => createLinearSolver(M, { solver: { kind: 'direct', mode: 'auto' as 'simplicial' } })).to.throw(RangeError,
        "options.solver.mode: expected one of 'supernodal', 'simplicial', got \"auto\"");
      expect(() => createLinearSolver(M, { solver: 'cg', tol: -1 })).to.throw(RangeError, 'options.tol: expected a positive number, got -1');
      expect(() => createLinearSolver(M, { solver: 'cg', tol: '1e-8' as unknown as number })).to.throw(TypeError, 'options.tol: expected a positive number, got "1e-8"');
      expect(() => createLinearSolver(M, { solver: 'cg', maxIter: 0 })).to.throw(RangeError, 'options.maxIter: expected an integer in [1, 2147483647], got 0');
      expect(() => createLinearSolver({ ...M, rowIdx: Array.from(M.rowIdx) as unknown as Int32Array })).to.throw(TypeError, 'A.rowIdx: expected an Int32Array, got Array(');
    });
    it('checks values, right-hand sides and the diagonal', () => {
      const s = createLinearSolver(M, { solver: 'pcg-jacobi' });
      const bad = Float64Array.from(M.values);
      bad[5] = Infinity;
      expect(() => s.update(bad)).to.throw(RangeError, 'values: expected finite numbers, got Infinity at index 5');
      expect(() => s.update(new Float64Array(3))).to.throw(RangeError, `values: expected length ${M.values.length}, got 3`);
      expect(() => s.solve(new Float64Array(M.n), 0)).to.throw(RangeError, 'nrhs: expected an integer >= 1, got 0');
      expect(() => s.solve(new Float64Array(M.n + 1))).to.throw(RangeError, `B: expected length ${M.n}, got ${M.n + 1}`);
      expect(() => s.solve(new Float64Array(M.n), 1, new Float64Array(2))).to.throw(RangeError, `out: expected length ${M.n}, got 2`);
      s.dispose();
      s.dispose();
      expect(s.disposed).to.equal(true);
      expect(() => s.solve(new Float64Array(M.n))).to.throw(Error, 'IterativeSolver.solve: the solver has been disposed; create it again').with.property('code', 'ERR_SOFTSPOT_DISPOSED');
      // A column whose first stored row is not the diagonal.
      const noDiag: CscMatrix = { n: 2, colPtr: Int32Array.of(0, 1, 2), rowIdx: Int32Array.of(1, 1), values: Float64Array.of(1, 1) };
      expect(() => createLinearSolver(noDiag, { solver: 'cg' })).to.throw(RangeError, 'A.rowIdx: expected the diagonal entry first in column 0, got row 1');
      expect(() => solve(M, new Float64Array(3), { solver: 'cg' })).to.throw(RangeError, `b: expected length ${M.n}, got 3`);
    });
    it('refuses to solve before update()', () => {
      const s = createLinearSolver({ n: M.n, colPtr: M.colPtr, rowIdx: M.rowIdx }, { solver: 'pcg-ichol' });
      expect(() => s.solve(new Float64Array(M.n))).to.throw(IterativeSolverError, 'solve() needs a successful factorize() first')
        .with.property('code', 'ITERATIVE_INVALID');
      s.dispose();
    });
  });

  describe('every contender agrees with the direct solution on the fixture Hessians', () => {
    const tol = 1e-10;
    for (const name of FIXTURE_NAMES) {
      it(`${name}: ${SOLVER_NAMES.length} solvers, Ξ and a block of 8 right-hand sides`, () => {
        const f = fixture(name);
        const nrhs = 8;
        const B = block(f, nrhs);
        const ref = solve(f.M, B, { nrhs });
        for (const [k, e] of errorBounds(f, ref, ref, B, nrhs).entries()) {
          expect(e.residual, `reference, rhs ${k}: ‖b − A x‖ against 30·nε‖A‖‖x‖`).to.be.at.most(e.backwardBound);
        }
        for (const solver of SOLVER_NAMES) {
          const s = createLinearSolver(f.M, { solver, tol });
          const X = s.solve(B, nrhs);
          const residuals = relativeResiduals(f.M, X, B, nrhs);
          const stats = s.lastSolve!;
          expect(stats.nrhs).to.equal(nrhs);
          for (const [k, e] of errorBounds(f, X, ref, B, nrhs).entries()) {
            expect(e.forward, `${solver}, rhs ${k}: ‖x − x_ref‖ against ‖A⁻¹‖(‖r‖ + ‖r_ref‖ + round-off)`).to.be.at.most(e.forwardBound);
            if (s.kind === 'direct') expect(e.residual, `${solver}, rhs ${k}: ‖b − A x‖ against 30·nε‖A‖‖x‖`).to.be.at.most(e.backwardBound);
          }
          if (s.kind === 'direct') {
            expect(Array.from(stats.iterations)).to.deep.equal(new Array(nrhs).fill(0));
          } else {
            // The residual the native side reports is the true one, and meets the tolerance
            // (Eigen stops on the recurrence residual; the true one may differ by round-off).
            for (let k = 0; k < nrhs; k++) {
              expect(stats.residuals[k]).to.be.closeTo(residuals[k], 1e-3 * tol);
              expect(residuals[k], `${solver} rhs ${k}`).to.be.below(1.5 * tol);
              expect(stats.iterations[k]).to.be.within(1, s.maxIter);
            }
          }
          s.dispose();
        }
      });
    }
    it('a looser tolerance gives a larger residual in fewer steps', () => {
      const f = fixture('n128_s1');
      const tight = createLinearSolver(f.M, { solver: 'pcg-ichol', tol: 1e-12 });
      const loose = createLinearSolver(f.M, { solver: 'pcg-ichol', tol: 1e-4 });
      tight.solve(f.xi);
      loose.solve(f.xi);
      expect(tight.lastSolve!.residuals[0]).to.be.below(1.5e-12);
      expect(loose.lastSolve!.residuals[0]).to.be.below(1e-4).and.above(1e-9);
      expect(loose.lastSolve!.iterations[0]).to.be.below(tight.lastSolve!.iterations[0]);
      tight.dispose();
      loose.dispose();
    });
  });

  describe('preconditioners', () => {
    for (const name of FIXTURE_NAMES) {
      it(`${name}: Jacobi and incomplete Cholesky take fewer CG steps than plain CG`, () => {
        const f = fixture(name);
        const steps = (solver: SolverName): number => {
          const s = createLinearSolver(f.M, { solver, tol: 1e-10 });
          s.solve(block(f, 4), 4);
          const total = s.lastSolve!.iterations.reduce((a, b) => a + b, 0);
          s.dispose();
          return total;
        };
        const cg = steps('cg'), jacobi = steps('pcg-jacobi'), ichol = steps('pcg-ichol');
        expect(jacobi).to.be.below(cg);
        expect(ichol).to.be.below(jacobi);
        // IC(0) on these Hessians: about 2.5× fewer steps than plain CG.
        expect(ichol).to.be.below(0.6 * cg);
      });
    }
  });

  describe('non-convergence', () => {
    const f = fixture('n128_s1');
    it('is an IterativeSolverError ITERATIVE_NOT_CONVERGED carrying the iterations and residual reached', () => {
      const s = createLinearSolver(f.M, { solver: 'pcg-jacobi', tol: 1e-10, maxIter: 3 });
      let error: IterativeSolverError | undefined;
      try {
        s.solve(f.xi);
      } catch (e) {
        error = e as IterativeSolverError;
      }
      expect(error).to.be.instanceOf(IterativeSolverError);
      expect(error!.name).to.equal('IterativeSolverError');
      expect(error!.code).to.equal('ITERATIVE_NOT_CONVERGED');
      expect(error!.iterations).to.equal(3);
      expect(error!.rhs).to.equal(0);
      expect(error!.tolerance).to.equal(1e-10);
      expect(error!.residual).to.be.above(1e-10);
      // The residual in the error is the true one of the last iterate, also kept in lastSolve.
      expect(s.lastSolve!.residuals[0]).to.equal(error!.residual);
      const match = /^conjugate gradient \(jacobi preconditioner\) did not converge for right-hand side 0: relative residual (\S+) after 3 iterations \(tolerance 1\.000e-10, iteration cap 3\)$/.exec(error!.message);
      expect(match, error!.message).to.not.equal(null);
      expect(Number(match![1])).to.be.closeTo(error!.residual!, 1e-3 * error!.residual!);
      s.dispose();
    });
    it('names the failing right-hand side of a block, and rejects the async call alike', async () => {
      const s = createLinearSolver(f.M, { solver: 'cg', maxIter: 5 });
      const B = new Float64Array(2 * f.M.n);
      B.set(f.xi, f.M.n);  // column 0 is zero (solved in 0 steps), column 1 is Ξ
      expect(() => s.solve(B, 2)).to.throw(IterativeSolverError).with.property('rhs', 1);
      expect(s.lastSolve!.iterations[0]).to.equal(0);
      const rejected = await s.solveAsync(B, 2).then(() => undefined, (e: unknown) => e);
      expect(rejected).to.be.instanceOf(IterativeSolverError);
      expect(rejected).to.include({ code: 'ITERATIVE_NOT_CONVERGED', iterations: 5, rhs: 1 });
      s.dispose();
    });
  });

  describe('async variants', () => {
    it('return the same numbers as the sync calls and guard against overlapping calls', async () => {
      const f = fixture('n64_s1');
      for (const solver of ['pcg-ichol', 'cholmod-ldlt-amd'] as const) {
        const s = createLinearSolver({ n: f.M.n, colPtr: f.M.colPtr, rowIdx: f.M.rowIdx }, { solver });
        await s.updateAsync(f.M.values);
        const B = block(f, 3);
        const sync = s.solve(B, 3);
        const syncStats = s.lastSolve!;
        const pending = s.solveAsync(B, 3);
        if (s.kind === 'iterative') expect(() => s.solve(B, 3)).to.throw(Error, 'busy').with.property('code', 'ERR_SOFTSPOT_BUSY');
        const async = await pending;
        expect(Array.from(async)).to.deep.equal(Array.from(sync));
        expect(Array.from(s.lastSolve!.iterations)).to.deep.equal(Array.from(syncStats.iterations));
        s.dispose();
      }
    });
  });

  describe('native memory', () => {
    it('reports what an iterative solver holds, and frees dropped ones during a synchronous loop', () => {
      const M = glassLikeHessian(5000, 1);
      const s = createLinearSolver(M, { solver: 'pcg-ichol' });
      // At least the copy of A and the incomplete factor (values and row indices).
      expect(s.memoryBytes).to.be.at.least(12 * (M.values.length + s.storage));
      s.dispose();
      expect(s.memoryBytes).to.equal(0);
      // ≈ 2.6 MB per solver; before it was reported to V8 and freed inside the garbage
      // collection, 120 dropped solvers grew RSS by ≈ 290 MB.
      const growth = peakRssGrowth(() => { createLinearSolver(M, { solver: 'pcg-ichol' }); }, 10, 120);
      expect(growth, `RSS grew by up to ${growth.toFixed(0)} MiB over 120 dropped solvers`).to.be.below(120);
    });
  });

  describe('physics with a selectable solver', () => {
    it('newtonPolish reaches the force floor with pcg-ichol as with CHOLMOD', () => {
      const config = readFixtureConfig('n128_s1');
      const shaken = { ...config, positions: Float64Array.from(config.positions, (x, k) => x + 1e-4 * Math.sin(7 * k)) };
      const direct = newtonPolish(shaken);
      const iterative = newtonPolish(shaken, { solver: 'pcg-ichol' });
      expect(direct.solver).to.equal('cholmod-llt-metis');
      expect(iterative.solver).to.equal('pcg-ichol');
      expect(iterative.linearIterations).to.be.above(0);
      expect(direct.maxForce).to.be.below(1e-11);
      expect(iterative.maxForce).to.be.below(1e-11);
      let worst = 0;
      for (let k = 0; k < config.positions.length; k++) worst = Math.max(worst, Math.abs(direct.config.positions[k] - iterative.config.positions[k]));
      expect(worst).to.be.below(1e-9);
      expect(maxAbs(energyForces(iterative.config, DEFAULT_MODEL).forces)).to.equal(iterative.maxForce);
    });
    it('localHeatCapacity with its solves by PCG matches the factorization to the CG tolerance', async () => {
      const config = readFixtureConfig('n128_s1');
      const base = localHeatCapacity(config);
      const pcg = localHeatCapacity(config, { solver: 'pcg-ichol', solverTol: 1e-12 });
      const pcgAsync = await localHeatCapacityAsync(config, { solver: 'pcg-jacobi', solverTol: 1e-12 });
      expect(base.diagnostics.solver).to.equal('factor');
      expect(pcg.diagnostics.solver).to.equal('pcg-ichol');
      expect(pcg.diagnostics.solverIterations).to.be.above(0);
      expect(pcgAsync.diagnostics.solver).to.equal('pcg-jacobi');
      for (const r of [pcg, pcgAsync]) {
        expect(maxAbsDiff(r.c, base.c)).to.be.below(1e-8);
        for (const name of ['simple', 'pure']) expect(maxAbsDiff(r.dcdg[name], base.dcdg[name]) / maxAbs(base.dcdg[name])).to.be.below(1e-7);
        expect(r.diagnostics.sumC).to.be.closeTo(254, 1e-8);
      }
    });
  });

  describe('comparison and CLI', () => {
    it('compareSolvers: every case, sum rule and agreement with selected inversion', () => {
      const r = compareSolvers(readFixtureConfig('n64_s1'), { cases: ['1', '64', 'all'], block: 16 });
      expect(r.N).to.equal(64);
      expect(r.n).to.equal(126);
      const names = [...DIRECT_SOLVERS, ...ITERATIVE_SOLVERS];
      expect(r.velocity!.map((row) => row.solver)).to.deep.equal(names);
      expect(r.block!.every((row) => row.nrhs === 16)).to.equal(true);
      for (const row of [...r.velocity!, ...r.block!]) {
        expect(row.failure, row.solver).to.equal(undefined);
        expect(row.residual).to.be.below(row.kind === 'direct' ? 1e-12 : 1.5e-10);
        expect(row.error).to.be.below(row.kind === 'direct' ? 1e-12 : 1e-6);
        expect(row.iterations > 0).to.equal(row.kind === 'iterative');
      }
      const c = r.heatCapacity!;
      expect(c[0].kind).to.equal('selinv');
      expect(c.length).to.equal(names.length + 1);
      for (const row of c) {
        expect(row.sumRuleError, row.solver).to.be.below(row.kind === 'iterative' ? 1e-7 : 1e-10);
        expect(row.error, row.solver).to.be.below(row.kind === 'iterative' ? 1e-8 : 1e-12);
        if (row.kind !== 'selinv') expect(row.solves).to.equal(127);
      }
    });
    it('repeats: every contender timed again, interleaved, and the fastest of each phase kept (a clock 1000× slower in the first pass)', () => {
      let scale = 1, ticks = 0;
      const order: string[] = [];
      const clock = () => (ticks += scale);
      const options = {
        cases: ['1' as const], solvers: ['cholmod-llt-amd' as const, 'pcg-jacobi' as const], clock, clockName: 'test',
        onProgress: (m: string) => { order.push(m); scale = /run 1 of|^velocity: [^(]*$/.test(m) ? 1000 : 1; },
      };
      const once = compareSolvers(readFixtureConfig('n64_s1'), options);
      expect(once.timing).to.deep.equal({ clock: 'test', repeats: 1 });
      for (const row of once.velocity!) expect(row.updateMs, row.solver).to.equal(1000);
      order.length = 0;
      const best = compareSolvers(readFixtureConfig('n64_s1'), { ...options, repeats: 3 });
      expect(best.timing).to.deep.equal({ clock: 'test', repeats: 3 });
      expect(order).to.deep.equal([1, 2, 3].flatMap((r) => ['cholmod-llt-amd', 'pcg-jacobi'].map((n) => `velocity: ${n} (run ${r} of 3)`)));
      for (const row of best.velocity!) {
        expect(row.analyzeMs, row.solver).to.equal(1);
        expect(row.updateMs, row.solver).to.equal(1);
        expect(row.solveMsPerRhs, row.solver).to.equal(1);
        expect(row.failure).to.equal(undefined);
        expect(row.residual).to.be.below(1e-9);
      }
      expect(formatComparison(best)).to.match(/^Times in ms of the test clock; the fastest of 3 interleaved runs per contender\.\n/);
      // A contender that fails (CG capped at 1 step) is not run again; a result without timing formats as wall, one run.
      order.length = 0;
      const failing = compareSolvers(readFixtureConfig('n64_s1'), { ...options, solvers: ['cg' as const], maxIter: 1, repeats: 3 });
      expect(order).to.deep.equal(['velocity: cg (run 1 of 3)']);
      expect(failing.velocity![0]!.failure).to.match(/^ITERATIVE_NOT_CONVERGED/);
      const { timing: _timing, ...untimed } = failing;
      expect(formatComparison(untimed)).to.match(/^Times in ms of the wall clock; one run per contender/);
    });

    it('softspot solvers prints the tables and reports non-convergence in them', async () => {
      const out: string[] = [], err: string[] = [];
      const sink = (chunks: string[]) => ({ write: (s: string) => { chunks.push(s); return true; } }) as unknown as NodeJS.WritableStream;
      const code = await solversCommand.run([fixturePath('n64_s1.xyz'), '--rhs', '1', '--solver', 'cholmod-llt-amd,cg,pcg-ichol', '--max-iter', '20'],
        { stdout: sink(out), stderr: sink(err) });
      expect(code).to.equal(0);
      const text = out.join('');
      expect(text).to.match(/^Times in ms of the wall clock; the fastest of 3 interleaved runs per contender\.\n\n### \(a\) One non-affine velocity u = −G Ξ, N = 64 \(n = 126/);
      expect(text).to.match(/^\| cholmod-llt-amd +\| /m);
      expect(text).to.match(/^\| cg +\|.*\| ITERATIVE_NOT_CONVERGED \|$/m);
      expect(text).to.contain('- cg: ITERATIVE_NOT_CONVERGED: conjugate gradient (identity preconditioner) did not converge for right-hand side 0');
      expect(text).to.not.contain('(b)');
      expect(err.join('')).to.contain('solvers: velocity: pcg-ichol');
      let thrown: unknown;
      try {
        await solversCommand.run([fixturePath('n64_s1.xyz'), '--rhs', '2'], { stdout: sink([]), stderr: sink([]) });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.be.instanceOf(RangeError).with.property('message', "--rhs: expected one of '1', '64', 'all', got \"2\"");
    });
    it('softspot lhc --solver and softspot minimize --solver', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'softspot-solvers-'));
      const lhc = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'c.csv'), '--solver', 'pcg-ichol');
      expect(lhc.code, lhc.stderr).to.equal(0);
      expect(lhc.stderr).to.match(/Σc = 126\.0000000000 .*solves by pcg-ichol \(\d+ CG steps\)/);
      const bad = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'c.csv'), '--solver', 'lu');
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain("softspot lhc: --solver: expected one of 'cholmod', 'cholmod-llt-amd'");
      const min = await runCli('minimize', fixturePath('n64_s1.xyz'), '--out', join(dir, 'm.xyz'), '--solver', 'pcg-jacobi', '--quiet');
      expect(min.code, min.stderr).to.equal(0);
    });
  });
});

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
