/**
 * lib/aqs FactorSlots: the two numeric factorizations the AQS landscapes hold. Checked on
 * a hand-made sparse SPD matrix against dense linear algebra (the product with the
 * assembled lower triangle, the solves), and the slot rules by which matrix each solve
 * uses: the kept slot survives later factorizations and comes back without one, and a
 * CHOLMOD_NOT_POSDEF answer leaves nothing active. Counters counted by hand.
 */
import { expect } from 'chai';
import { runSync } from '../lib/aqs/driver.js';
import { FactorSlots, type SlotPattern } from '../lib/aqs/factor-slots.js';
import type { LandscapeCounters } from '../lib/aqs/strain-landscape.js';
import type { CholmodError } from '../lib/errors.js';
import type { CscMatrix } from '../lib/sparse-cholesky.js';
import { denseFromCsc, denseInverse, matvecBlock, maxRelDiff, randomSpd, seededRandom } from './helpers/dense-linalg.js';

const N = 60;

function randomBlock(n: number, nrhs: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from({ length: n * nrhs }, () => rand() * 2 - 1);
}

/** The CSC matrix as a slot pattern (a fresh object: the slots tell patterns apart by identity). */
function patternOf(A: CscMatrix): SlotPattern {
  return { n: A.n, colPtr: A.colPtr, rowIdx: A.rowIdx, nnz: A.colPtr[A.n] };
}

/** A state x (3 entries) at strain γ, standing for the landscape's. */
function state(k: number): { x: Float64Array; gamma: number } {
  return { x: Float64Array.of(k, k + 0.5, -k), gamma: 0.01 * k };
}

describe('aqs: FactorSlots', () => {
  const A = randomSpd(N, 6, 11);
  /** A second SPD matrix on the same pattern: A + 2 I. */
  const B: CscMatrix = { ...A, values: Float64Array.from(A.values) };
  for (let c = 0; c < N; c++) B.values[B.colPtr[c]] += 2; // rows sorted: the diagonal is first
  const denseA = denseFromCsc(A), denseB = denseFromCsc(B);
  const rhs = randomBlock(N, 3, 5);

  let counters: LandscapeCounters;
  let slots: FactorSlots<SlotPattern>;
  beforeEach(() => {
    counters = { evaluations: 0, factorizations: 0, analyses: 0, solves: 0 };
    slots = new FactorSlots('Test', counters, 'amd', 3);
  });
  afterEach(() => slots.dispose());

  /** A factorization as the landscapes run it: assemble into the prepared slot, yield, record. */
  function factorize(pattern: SlotPattern, values: Float64Array, at: { x: Float64Array; gamma: number }): CholmodError | null {
    return runSync((function* () {
      const into = slots.prepare(pattern);
      into.set(values);
      const error = yield slots.request();
      return slots.record(error, at.x, at.gamma);
    })());
  }

  it('hessianProduct is the dense product with the assembled symmetric matrix, several columns', () => {
    expect(factorize(patternOf(A), A.values, state(1))).to.equal(null);
    expect(maxRelDiff(slots.hessianProduct(rhs, 3), matvecBlock(denseA, rhs, N, 3))).to.be.below(1e-14);
    expect(counters.solves).to.equal(0);
  });

  it('solvePinned and heldSolve solve with the factor (dense inverse), one solve per right-hand side', () => {
    expect(factorize(patternOf(A), A.values, state(1))).to.equal(null);
    expect(counters).to.include({ analyses: 1, factorizations: 1, solves: 0 });
    const want = matvecBlock(denseInverse(denseA, N), rhs, N, 3);
    expect(maxRelDiff(slots.solvePinned(rhs, 3), want)).to.be.below(1e-10);
    expect(counters.solves).to.equal(3);
    expect(maxRelDiff(slots.heldSolve(rhs.subarray(0, N)), want.subarray(0, N))).to.be.below(1e-10);
    expect(counters.solves).to.equal(4);
  });

  it('is valid exactly at the factorized state; without a kept slot, factorizations reuse slot 0 (one analysis)', () => {
    const pattern = patternOf(A), s1 = state(1), s2 = state(2);
    factorize(pattern, A.values, s1);
    expect(slots.isCurrent(s1.x, s1.gamma)).to.equal(true);
    slots.moved(s2.x, s2.gamma);
    expect(slots.valid).to.equal(false);
    expect(slots.held).to.equal(true);
    expect(slots.isCurrent(s1.x, s2.gamma)).to.equal(false); // same x, other γ
    expect(slots.isCurrent(Float64Array.of(1, 1.5, -1.25), s1.gamma)).to.equal(false); // one entry differs
    slots.moved(s1.x, s1.gamma);
    expect(slots.valid).to.equal(true);
    factorize(pattern, B.values, s2);
    expect(counters).to.include({ analyses: 1, factorizations: 2 });
    expect(maxRelDiff(slots.hessianProduct(rhs, 3), matvecBlock(denseB, rhs, N, 3))).to.be.below(1e-14);
  });

  it('keepFactor: later factorizations go to the other slot, useKeptFactor brings the kept one back without refactorizing', () => {
    const pattern = patternOf(A), s1 = state(1), s2 = state(2), s3 = state(3);
    const b = rhs.subarray(0, N);
    const invA = matvecBlock(denseInverse(denseA, N), b, N, 1), invB = matvecBlock(denseInverse(denseB, N), b, N, 1);
    factorize(pattern, A.values, s1);
    slots.keepFactor();
    factorize(pattern, B.values, s2);
    expect(counters).to.include({ analyses: 2, factorizations: 2 }); // the second slot's analysis
    expect(maxRelDiff(slots.solvePinned(b), invB)).to.be.below(1e-10);

    expect(slots.useKeptFactor(s2.x, s2.gamma)).to.equal(true);
    expect(slots.valid).to.equal(false); // held, but of s1, not the current state s2
    expect(maxRelDiff(slots.heldSolve(b), invA)).to.be.below(1e-10);
    expect(() => slots.solvePinned(b)).to.throw('Test.solvePinned: no valid factorization');

    // A third factorization overwrites the unkept slot (no analysis), the kept one stays A.
    factorize(pattern, B.values, s3);
    expect(counters).to.include({ analyses: 2, factorizations: 3 });
    expect(slots.useKeptFactor(s1.x, s1.gamma)).to.equal(true);
    expect(slots.valid).to.equal(true);
    expect(maxRelDiff(slots.hessianProduct(rhs, 3), matvecBlock(denseA, rhs, N, 3))).to.be.below(1e-14);
    expect(counters.factorizations).to.equal(3);
  });

  it('useKeptFactor is false and keepFactor throws when there is nothing to keep', () => {
    expect(slots.useKeptFactor(state(1).x, 0)).to.equal(false);
    expect(() => slots.keepFactor()).to.throw('Test.keepFactor: no valid factorization');
  });

  it('CHOLMOD_NOT_POSDEF (−A): the error is returned, nothing is active, the kept slot survives a failure in the other', () => {
    const pattern = patternOf(A), negative = A.values.map((v) => -v), b = rhs.subarray(0, N);
    const error = factorize(pattern, negative, state(1));
    expect(error?.code).to.equal('CHOLMOD_NOT_POSDEF');
    expect(counters).to.include({ analyses: 1, factorizations: 1 });
    expect(slots.held).to.equal(false);
    expect(slots.valid).to.equal(false);
    expect(() => slots.heldSolve(b)).to.throw('Test.heldStep: no factorization held');
    expect(() => slots.hessianProduct(b)).to.throw('Test.hessianProduct: no valid factorization');

    // Back to a good factorization in the same slot, kept; a failure in the other slot
    // leaves the kept one active and held (the chord steps go on), but nothing valid.
    expect(factorize(pattern, A.values, state(2))).to.equal(null);
    expect(counters).to.include({ analyses: 1, factorizations: 2 });
    slots.keepFactor();
    expect(factorize(pattern, negative, state(3))?.code).to.equal('CHOLMOD_NOT_POSDEF');
    expect(counters).to.include({ analyses: 2, factorizations: 3 });
    expect(slots.held).to.equal(true);
    expect(slots.valid).to.equal(false);
    expect(maxRelDiff(slots.heldSolve(b), matvecBlock(denseInverse(denseA, N), b, N, 1))).to.be.below(1e-10);
  });

  it('a slot analysed for another pattern is analysed anew; dispose forgets every slot and is safe twice', () => {
    const s1 = state(1), s2 = state(2);
    factorize(patternOf(A), A.values, s1);
    slots.keepFactor();
    factorize(patternOf(A), B.values, s2); // a new pattern object: slot 1 is new anyway
    factorize(patternOf(A), B.values, s2); // slot 1 again, for yet another pattern: re-analysed
    expect(counters).to.include({ analyses: 3, factorizations: 3 });
    slots.dispose();
    slots.dispose();
    expect(slots.held).to.equal(false);
    expect(slots.valid).to.equal(false);
    expect(slots.useKeptFactor(s1.x, s1.gamma)).to.equal(false);
    factorize(patternOf(A), A.values, s1);
    expect(counters).to.include({ analyses: 4, factorizations: 4 });
    expect(maxRelDiff(slots.hessianProduct(rhs, 3), matvecBlock(denseA, rhs, N, 3))).to.be.below(1e-14);
  });
});
