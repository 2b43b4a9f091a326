/**
 * SparseCholesky against dense linear algebra on small random SPD matrices:
 * validation messages, solves, selected inverse, its derivative (dense and finite
 * differences), every ordering and mode, refactorization, failures, disposal, async.
 */
import { expect } from 'chai';
import { CholmodError, SparseCholesky, type CscMatrix, type FactorMode, type Ordering } from '../lib/index.js';
import { addon } from '../lib/native.js';
import {
  denseFromCsc, denseInverse, denseLogDet, matmul, matvecBlock, maxRelDiff, onPattern, randomSpd, seededRandom,
} from './helpers/dense-linalg.js';
import { glassLikeHessian } from './bench/glass-like-hessian.js';
import { peakRssGrowth } from './helpers/rss.js';

const ORDERINGS: Ordering[] = ['amd', 'metis', 'nesdis', 'natural', 'best'];
const MODES: FactorMode[] = ['simplicial', 'supernodal', 'auto'];

function randomPerturbation(A: CscMatrix, seed: number): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from(A.values, () => rand() * 2 - 1);
}

describe('SparseCholesky', () => {
  describe('argument validation', () => {
    const A = randomSpd(10, 4, 1);
    it('names the field and the column for a malformed pattern', () => {
      const unsorted = { ...A, rowIdx: Int32Array.from(A.rowIdx) };
      const c = 0, p = A.colPtr[c];
      [unsorted.rowIdx[p], unsorted.rowIdx[p + 1]] = [unsorted.rowIdx[p + 1], unsorted.rowIdx[p]];
      expect(() => SparseCholesky.analyze(unsorted)).to.throw(RangeError, `A.rowIdx: expected strictly increasing rows in column 0, got 0 after ${A.rowIdx[p + 1]} at index 1`);
      const upper = { ...A, rowIdx: Int32Array.from(A.rowIdx) };
      upper.rowIdx[A.colPtr[3]] = 1;
      expect(() => SparseCholesky.analyze(upper)).to.throw(RangeError, 'A.rowIdx: expected lower-triangle rows in [3, 9] for column 3, got 1');
      expect(() => SparseCholesky.analyze({ ...A, colPtr: new Int32Array(5) })).to.throw(RangeError, 'A.colPtr: expected length 11, got 5');
      expect(() => SparseCholesky.analyze({ ...A, rowIdx: [0, 1] as unknown as Int32Array })).to.throw(TypeError, 'A.rowIdx: expected an Int32Array, got Array(2)');
      expect(() => SparseCholesky.analyze({ ...A, n: 2.5 })).to.throw(RangeError, 'A.n: expected an integer in [1, 2147483646], got 2.5');
    });
    it('rejects NaN values, wrong lengths and unknown options', () => {
      const bad = Float64Array.from(A.values);
      bad[7] = NaN;
      expect(() => SparseCholesky.analyze({ ...A, values: bad })).to.throw(RangeError, 'A.values: expected finite numbers, got NaN at index 7');
      const f = SparseCholesky.analyze(A);
      expect(() => f.factorize(new Float64Array(3))).to.throw(RangeError, `values: expected length ${A.rowIdx.length}, got 3`);
      expect(() => SparseCholesky.analyze(A, { ordering: 'colamd' as Ordering })).to.throw(RangeError, "options.ordering: expected one of 'amd', 'metis', 'nesdis', 'natural', 'best', got \"colamd\"");
      f.factorize(A.values);
      expect(() => f.solve(new Float64Array(10), 0)).to.throw(RangeError, 'nrhs: expected an integer >= 1, got 0');
      expect(() => f.selectedInverse({ method: 'dense' as 'solves' })).to.throw(RangeError, "options.method: expected one of 'takahashi', 'solves', got \"dense\"");
      f.dispose();
    });
    it('the raw addon itself rejects NaN and infinite values, unknown names and wrong types', () => {
      // Code that calls the binding without lib/sparse-cholesky.ts gets the same safety.
      const f = new addon.NativeSparseCholesky(A.n, A.colPtr, A.rowIdx, 'amd', 'supernodal');
      const bad = Float64Array.from(A.values);
      bad[7] = NaN;
      expect(() => f.factorize(bad)).to.throw(RangeError, 'values must hold finite numbers, got NaN at index 7');
      bad[7] = -Infinity;
      expect(() => f.factorizeAsync(bad)).to.throw(RangeError, 'values must hold finite numbers, got -Infinity at index 7');
      f.factorize(A.values);
      const b = new Float64Array(A.n);
      b[3] = Infinity;
      expect(() => f.solve(b, 1, new Float64Array(A.n))).to.throw(RangeError, 'b must hold finite numbers, got Infinity at index 3');
      expect(() => f.solveAsync(b, 1)).to.throw(RangeError, 'b must hold finite numbers, got Infinity at index 3');
      expect(() => f.solve(new Float64Array(A.n), 1.5 as number, new Float64Array(A.n))).to.throw(RangeError, 'nrhs must be an integer >= 1');
      expect(() => f.selectedInverseDerivative(bad, new Float64Array(A.values.length), 'takahashi', 64)).to.throw(RangeError, 'dValues must hold finite numbers, got -Infinity at index 7');
      const out = new Float64Array(A.values.length);
      expect(() => f.selectedInverse(out, 'dense' as 'solves', 64)).to.throw(RangeError, 'unknown method: dense (takahashi or solves)');
      expect(() => f.selectedInverseAsync(7 as unknown as 'solves', 64)).to.throw(TypeError, 'method must be a string');
      expect(() => f.selectedInverse(out, 'solves', NaN)).to.throw(RangeError, 'block must be an integer >= 1');
      expect(() => new addon.NativeSparseCholesky(A.n, A.colPtr, A.rowIdx, 'colamd' as Ordering, 'auto')).to.throw(RangeError, 'unknown ordering: colamd (amd, metis, nesdis, natural or best)');
      expect(() => new addon.NativeSparseCholesky(A.n, A.colPtr, A.rowIdx, 'amd', null as unknown as FactorMode)).to.throw(TypeError, 'mode must be a string');
      const cg = new addon.NativeIterativeSolver(A.n, A.colPtr, A.rowIdx, 'jacobi');
      expect(() => cg.factorize(bad)).to.throw(RangeError, 'values must hold finite numbers, got -Infinity at index 7');
      cg.factorize(A.values);
      expect(() => cg.solve(b, 1, 1e-10, 100, new Float64Array(A.n), new Int32Array(1), new Float64Array(1))).to.throw(RangeError, 'b must hold finite numbers, got Infinity at index 3');
      expect(() => new addon.NativeIterativeSolver(A.n, A.colPtr, A.rowIdx, 'ilu' as 'ichol')).to.throw(RangeError, 'unknown preconditioner: ilu (identity, jacobi or ichol)');
      cg.dispose();
      f.dispose();
    });
    it('refuses to solve before a factorization', () => {
      const f = SparseCholesky.analyze({ n: A.n, colPtr: A.colPtr, rowIdx: A.rowIdx });
      expect(() => f.solve(new Float64Array(10))).to.throw(CholmodError, 'solve() needs a successful factorize() first').with.property('code', 'CHOLMOD_INVALID');
      f.dispose();
    });
  });

  describe('numerics against dense linear algebra', () => {
    const A = randomSpd(60, 6, 7);
    const n = A.n;
    const dense = denseFromCsc(A);
    const inverse = denseInverse(dense, n);
    const dA = randomPerturbation(A, 11);
    const dInverse = matmul(matmul(inverse, denseFromCsc(A, dA), n), inverse, n).map((x) => -x);

    for (const ordering of ORDERINGS) {
      for (const mode of MODES) {
        it(`ordering ${ordering}, mode ${mode}: solve, selected inverse, derivative, logDet`, () => {
          const f = SparseCholesky.analyze(A, { ordering, mode });
          f.factorize(A.values);
          const nrhs = 3;
          const B = Float64Array.from({ length: n * nrhs }, (_, k) => Math.sin(k + 1));
          const X = f.solve(B, nrhs);
          expect(maxRelDiff(matvecBlock(dense, X, n, nrhs), B)).to.be.below(1e-13);
          // The solve keeps its result and workspace between calls: 1, 3, 1 columns, into
          // a caller's buffer, and after a new factorization, all still A⁻¹B.
          const out = new Float64Array(n);
          for (const values of [A.values, A.values.map((v) => 2 * v)]) {
            f.factorize(values);
            const scale = values === A.values ? 1 : 0.5;
            expect(f.solve(B.subarray(0, n), 1, out)).to.equal(out);
            for (let r = 0; r < n; r++) expect(out[r]).to.be.closeTo(scale * X[r], 1e-12 * Math.abs(X[r]) + 1e-15);
            const X3 = f.solve(B, 3);
            for (let r = 0; r < 3 * n; r++) expect(X3[r]).to.be.closeTo(scale * X[r], 1e-12 * Math.abs(X[r]) + 1e-15);
            f.solve(B.subarray(n, 2 * n), 1, out);
            for (let r = 0; r < n; r++) expect(out[r]).to.be.closeTo(scale * X[n + r], 1e-12 * Math.abs(X[n + r]) + 1e-15);
          }
          f.factorize(A.values);
          expect(maxRelDiff(f.selectedInverse(), onPattern(A, inverse))).to.be.below(1e-12);
          expect(maxRelDiff(f.selectedInverseDerivative(dA), onPattern(A, dInverse))).to.be.below(1e-12);
          expect(f.logDet()).to.be.closeTo(denseLogDet(dense, n), 1e-10 * Math.abs(denseLogDet(dense, n)));
          if (ordering !== 'best') expect(f.ordering).to.equal(ordering);
          if (mode !== 'auto') expect(f.mode).to.equal(mode);
          expect(f.nnzL).to.be.at.least(A.rowIdx.length);
          expect(f.flops).to.be.above(0);
          f.dispose();
        });
      }
    }

    it("the 'solves' path agrees with the Takahashi path to 1e-12", () => {
      const big = randomSpd(400, 8, 3);
      const dBig = randomPerturbation(big, 5);
      for (const mode of ['simplicial', 'supernodal'] as const) {
        const f = SparseCholesky.analyze(big, { mode, ordering: 'metis' });
        f.factorize(big.values);
        expect(maxRelDiff(f.selectedInverse(), f.selectedInverse({ method: 'solves', block: 37 }))).to.be.below(1e-12);
        expect(maxRelDiff(f.selectedInverseDerivative(dBig), f.selectedInverseDerivative(dBig, { method: 'solves' }))).to.be.below(1e-12);
        f.dispose();
      }
    });

    it('supernodal BLAS-3 sweeps with large supernodes agree with the solves and simplicial paths', () => {
      // n = 1998 glass-like Hessian: nested dissection gives separators of ~100 columns,
      // so the dense kernels (gathered Z_RR, dpotri, the tangent of the diagonal blocks)
      // run on large blocks, unlike the random matrices above.
      const G = glassLikeHessian(1000, 3);
      const dG = randomPerturbation(G, 13);
      const reference = SparseCholesky.analyze(G, { mode: 'simplicial', ordering: 'amd' });
      reference.factorize(G.values);
      const z = reference.selectedInverse();
      const dz = reference.selectedInverseDerivative(dG);
      expect(maxRelDiff(z, reference.selectedInverse({ method: 'solves', block: 128 }))).to.be.below(1e-10);
      expect(maxRelDiff(dz, reference.selectedInverseDerivative(dG, { method: 'solves', block: 128 }))).to.be.below(1e-10);
      reference.dispose();
      for (const ordering of ['nesdis', 'amd'] as const) {
        const f = SparseCholesky.analyze(G, { mode: 'supernodal', ordering });
        f.factorize(G.values);
        expect(f.mode).to.equal('supernodal');
        expect(maxRelDiff(f.selectedInverse(), z)).to.be.below(1e-10);
        expect(maxRelDiff(f.selectedInverseDerivative(dG), dz)).to.be.below(1e-10);
        // The derivative call refreshed the cached inverse with the same numbers.
        expect(maxRelDiff(f.selectedInverse(), z)).to.be.below(1e-10);
        f.dispose();
      }
    });

    it('the derivative matches central finite differences of selectedInverse()', () => {
      const f = SparseCholesky.analyze(A, { mode: 'supernodal' });
      const h = 1e-5;
      const plus = Float64Array.from(A.values, (v, k) => v + h * dA[k]);
      const minus = Float64Array.from(A.values, (v, k) => v - h * dA[k]);
      const zPlus = f.factorize(plus).selectedInverse();
      const zMinus = f.factorize(minus).selectedInverse();
      const fd = zPlus.map((z, k) => (z - zMinus[k]) / (2 * h));
      const analytic = f.factorize(A.values).selectedInverseDerivative(dA);
      expect(maxRelDiff(analytic, fd)).to.be.below(1e-8);
      f.dispose();
    });

    it('refactorizes new values on the same pattern', () => {
      const f = SparseCholesky.analyze(A, { mode: 'simplicial' });
      for (let trial = 0; trial < 3; trial++) {
        const rand = seededRandom(100 + trial);
        const values = Float64Array.from(A.values);
        for (let c = 0; c < n; c++) values[A.colPtr[c]] *= 1 + rand(); // scale diagonals: stays SPD
        const M = denseFromCsc(A, values);
        f.factorize(values);
        expect(maxRelDiff(f.selectedInverse(), onPattern(A, denseInverse(M, n)))).to.be.below(1e-12);
      }
      f.dispose();
    });
  });

  describe('failures and lifecycle', () => {
    it('reports the failing column of a matrix that is not positive definite', () => {
      for (const mode of ['simplicial', 'supernodal'] as const) {
        const A = randomSpd(40, 4, 9);
        const values = Float64Array.from(A.values);
        const bad = 23;
        values[A.colPtr[bad]] = -1; // the diagonal is the first entry of each column
        const f = SparseCholesky.analyze(A, { ordering: 'natural', mode });
        let error: unknown;
        try {
          f.factorize(values);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(CholmodError);
        expect(error).to.include({ code: 'CHOLMOD_NOT_POSDEF', column: bad });
        expect((error as Error).message).to.equal(`matrix is not positive definite (failed at column ${bad})`);
        expect(f.factorized).to.equal(false);
        expect(() => f.selectedInverse()).to.throw(CholmodError, /needs a successful factorize/);
        f.dispose();
      }
    });

    it('dispose is idempotent and use after dispose is a clear error', () => {
      const A = randomSpd(10, 4, 2);
      const f = SparseCholesky.analyze(A);
      f.factorize(A.values);
      f.dispose();
      f.dispose();
      expect(f.disposed).to.equal(true);
      expect(() => f.factorize(A.values)).to.throw(Error, 'SparseCholesky.factorize: the factor has been disposed; analyze the matrix again').with.property('code', 'ERR_SOFTSPOT_DISPOSED');
    });

    it('many analyze/factorize/dispose cycles do not grow memory', function () {
      // Hundreds of factorizations: 3 s on a quiet 2-core machine, past mocha's 120 s when the
      // machine is shared (seen at ≈ 0.35 of a core); the assertion is on memory, not time.
      this.timeout(900_000);
      const A = randomSpd(1000, 8, 4);
      const cycle = () => {
        const f = SparseCholesky.analyze(A, { mode: 'supernodal' });
        f.factorize(A.values);
        f.selectedInverse();
        f.dispose();
      };
      for (let k = 0; k < 20; k++) cycle();
      const before = process.memoryUsage().rss;
      for (let k = 0; k < 400; k++) cycle();
      const growth = (process.memoryUsage().rss - before) / 2 ** 20;
      // One cycle allocates about 1 MB natively (factor, its LDLᵀ copy, the inverse): a
      // leak of any of them over 400 cycles would be hundreds of MB.
      expect(growth, `RSS grew by ${growth.toFixed(1)} MiB`).to.be.below(40);
    });

    it('reports the memory a factor holds, and frees dropped factors during a synchronous loop', function () {
      this.timeout(900_000); // 200 factorizations: 9 s quiet (see the test above)
      const A = randomSpd(2000, 8, 4);
      const f = SparseCholesky.analyze({ n: A.n, colPtr: A.colPtr, rowIdx: A.rowIdx }, { ordering: 'metis', mode: 'supernodal' });
      const analysed = f.memoryBytes;
      expect(analysed).to.be.at.least(4 * (A.n + 1) + 12 * A.rowIdx.length); // at least the copied pattern and values
      f.factorize(A.values);
      // The supernodal factor alone holds at least nnz(L) doubles.
      expect(f.memoryBytes).to.be.at.least(analysed + 8 * f.nnzL);
      f.selectedInverse();
      const withInverse = f.memoryBytes;
      expect(withInverse).to.be.above(analysed + 8 * f.nnzL);
      f.dispose();
      expect(f.memoryBytes).to.equal(0);
      // About 4 MB per cycle stays allocated natively until the factor is finalized. Before
      // the native memory was reported to V8 and finalized inside the garbage collection,
      // 200 cycles without a yield to the event loop grew RSS by ~800 MB.
      const growth = peakRssGrowth(() => { SparseCholesky.analyze(A, { ordering: 'metis', mode: 'supernodal' }).factorize(A.values).selectedInverse(); }, 20, 200);
      expect(growth, `RSS grew by up to ${growth.toFixed(0)} MiB over 200 dropped factors of ${(withInverse / 2 ** 20).toFixed(1)} MiB`).to.be.below(200);
    });
  });

  describe('async variants', () => {
    it('return the same numbers as the sync calls', async () => {
      const A = randomSpd(200, 6, 21);
      const dA = randomPerturbation(A, 22);
      const f = SparseCholesky.analyze(A, { mode: 'supernodal' });
      f.factorize(A.values);
      const B = Float64Array.from({ length: 2 * A.n }, (_, k) => Math.cos(k));
      const sync = {
        x: f.solve(B, 2),
        z: f.selectedInverse(),
        dz: f.selectedInverseDerivative(dA),
        zs: f.selectedInverse({ method: 'solves' }),
      };
      const g = SparseCholesky.analyze(A, { mode: 'supernodal' });
      await g.factorizeAsync(A.values);
      expect(await g.solveAsync(B, 2)).to.deep.equal(sync.x);
      expect(await g.selectedInverseAsync()).to.deep.equal(sync.z);
      expect(await g.selectedInverseDerivativeAsync(dA)).to.deep.equal(sync.dz);
      expect(await g.selectedInverseAsync({ method: 'solves' })).to.deep.equal(sync.zs);
      f.dispose();
      g.dispose();
    });

    it('rejects with the coded error, and refuses other calls while busy', async () => {
      const A = randomSpd(30, 4, 5);
      const values = Float64Array.from(A.values);
      values[A.colPtr[4]] = -2;
      const f = SparseCholesky.analyze(A, { ordering: 'natural' });
      const pending = f.factorizeAsync(values);
      expect(() => f.solve(new Float64Array(30))).to.throw(Error, /busy/).with.property('code', 'ERR_SOFTSPOT_BUSY');
      let error: unknown;
      await pending.catch((e: unknown) => { error = e; });
      expect(error).to.be.instanceOf(CholmodError).and.include({ code: 'CHOLMOD_NOT_POSDEF', column: 4 });
      values[A.colPtr[4]] = A.values[A.colPtr[4]];
      await f.factorizeAsync(values);
      expect(f.factorized).to.equal(true);
      f.dispose();
    });
  });
});
