import { expect } from 'chai';
import {
  NonFiniteObjectiveError, minimizeCG, minimizeFire,
  type MinimizeOptions, type MinimizeResult, type Objective,
} from '../lib/minimize/index.js';
import { seededRandom as rng } from './helpers/dense-linalg.js';


/**
 * E = ½ xᵀAx − bᵀx with A = Qᵀ diag(λ) Q (Q a product of random Givens rotations),
 * λ from 1 to `condition`, evenly or logarithmically spaced.
 */
function quadratic(n: number, condition: number, seed: number, spacing: 'linear' | 'log' = 'log'):
  { f: Objective; solution: Float64Array; A: Float64Array; b: Float64Array } {
  const r = rng(seed);
  const lambda = Float64Array.from({ length: n }, (_, i) =>
    spacing === 'log' ? condition ** (i / (n - 1)) : 1 + ((condition - 1) * i) / (n - 1));
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i * n + i] = lambda[i]!;
  for (let k = 0; k < 3 * n; k++) { // A ← G A Gᵀ for random rotations G in planes (p, q)
    const p = Math.floor(r() * n), q = (p + 1 + Math.floor(r() * (n - 1))) % n;
    const t = 2 * Math.PI * r(), c = Math.cos(t), s = Math.sin(t);
    for (let j = 0; j < n; j++) {
      const ap = A[p * n + j]!, aq = A[q * n + j]!;
      A[p * n + j] = c * ap - s * aq;
      A[q * n + j] = s * ap + c * aq;
    }
    for (let j = 0; j < n; j++) {
      const ap = A[j * n + p]!, aq = A[j * n + q]!;
      A[j * n + p] = c * ap - s * aq;
      A[j * n + q] = s * ap + c * aq;
    }
  }
  const solution = Float64Array.from({ length: n }, () => r() * 2 - 1);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += A[i * n + j]! * solution[j]!;
  const f: Objective = (x, g) => {
    let e = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += A[i * n + j]! * x[j]!;
      g[i] = ax - b[i]!;
      e += x[i]! * (0.5 * ax - b[i]!);
    }
    return e;
  };
  return { f, solution, A, b };
}

/** Textbook linear CG (Hestenes–Stiefel, recursive residual) from x = 0: iterations to max|r| ≤ tol. */
function linearCGIterations(A: Float64Array, b: Float64Array, tol: number): number {
  const n = b.length;
  const r = Float64Array.from(b), p = Float64Array.from(b), Ap = new Float64Array(n);
  let rr = r.reduce((s, v) => s + v * v, 0);
  for (let k = 0; k < 100 * n; k++) {
    if (r.reduce((m, v) => Math.max(m, Math.abs(v)), 0) <= tol) return k;
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A[i * n + j]! * p[j]!; Ap[i] = s; }
    const alpha = rr / p.reduce((s, v, i) => s + v * Ap[i]!, 0);
    for (let i = 0; i < n; i++) r[i]! -= alpha * Ap[i]!;
    const rr2 = r.reduce((s, v) => s + v * v, 0);
    for (let i = 0; i < n; i++) p[i] = r[i]! + (rr2 / rr) * p[i]!;
    rr = rr2;
  }
  return Infinity;
}

/** Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)²; minimum 0 at (1, …, 1). */
const rosenbrock: Objective = (x, g) => {
  const n = x.length;
  g.fill(0);
  let e = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!, b = 1 - x[i]!;
    e += 100 * a * a + b * b;
    g[i]! += -400 * a * x[i]! - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return e;
};

/**
 * A jammed 2D soft-sphere packing: N discs (half diameter 1, half 1.4) in a periodic
 * square box at packing fraction 0.92, harmonic repulsion E = Σ ½ (1 − r/σ_ij)² for
 * r < σ_ij, brute-force O(N²) minimum image. `offset` is added to E to mimic a glass,
 * whose energy (≈ 500) dwarfs the energy changes near convergence.
 */
function softSpheres(n: number, seed: number, offset: number): { f: Objective; x: Float64Array; L: number } {
  const r = rng(seed);
  const sigma = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 1.4));
  let area = 0;
  for (const s of sigma) area += Math.PI * s * s / 4;
  const L = Math.sqrt(area / 0.92);
  const x = Float64Array.from({ length: 2 * n }, () => r() * L);
  const f: Objective = (p, g) => {
    g.fill(0);
    let e = offset;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = p[2 * j]! - p[2 * i]!, dy = p[2 * j + 1]! - p[2 * i + 1]!;
        dx -= L * Math.round(dx / L);
        dy -= L * Math.round(dy / L);
        const s = 0.5 * (sigma[i]! + sigma[j]!);
        const r2 = dx * dx + dy * dy;
        if (r2 >= s * s) continue;
        const rr = Math.sqrt(r2), overlap = 1 - rr / s;
        e += 0.5 * overlap * overlap;
        const dEdr = -overlap / s; // dE/dr
        const gx = (dEdr * dx) / rr, gy = (dEdr * dy) / rr;
        g[2 * j]! += gx; g[2 * j + 1]! += gy;
        g[2 * i]! -= gx; g[2 * i + 1]! -= gy;
      }
    }
    return e;
  };
  return { f, x, L };
}

/** Independent check of the reported force: recompute ∇E at the returned x. */
function trueMaxForce(f: Objective, x: Float64Array): number {
  const g = new Float64Array(x.length);
  f(x, g);
  return g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

type Minimizer = (f: Objective, x: Float64Array, o?: MinimizeOptions) => MinimizeResult;
const METHODS: Array<[string, Minimizer]> = [['CG', minimizeCG], ['FIRE', minimizeFire]];

describe('minimize', () => {
  describe('conjugate gradient on quadratics', () => {
    for (const [n, condition] of [[10, 1e2], [30, 1e4], [60, 1e3]] as const) {
      it(`n = ${n}, condition ${condition}, even spectrum: exact minimizer in ≤ n + 2 iterations`, () => {
        const { f, solution } = quadratic(n, condition, n, 'linear');
        const x = new Float64Array(n);
        // An exact line search (the secant on ∇E·d is exact here) gives finite termination.
        const result = minimizeCG(f, x, { fTol: 1e-10 * condition, lineSearchTol: 1e-6 });
        expect(result.converged, result.reason).to.equal(true);
        expect(result.reason).to.equal('converged');
        expect(result.x).to.equal(x); // in place
        expect(result.iterations).to.be.at.most(n + 2);
        expect(result.maxForce).to.equal(trueMaxForce(f, x));
        for (let i = 0; i < n; i++) expect(Math.abs(x[i]! - solution[i]!)).to.be.below(1e-9);
        // The default (inexact, η = 1e-2) search still converges, within a few n.
        const loose = minimizeCG(f, new Float64Array(n), { fTol: 1e-10 * condition });
        expect(loose.converged, loose.reason).to.equal(true);
        expect(loose.iterations).to.be.at.most(3 * n);
      });
    }

    // With logarithmically spread eigenvalues, rounding delays even linear CG well past n
    // iterations (Greenbaum & Strakoš 1992); the nonlinear CG with an exact line search
    // should track it.
    for (const [n, condition] of [[30, 1e2], [30, 1e4]] as const) {
      it(`n = ${n}, condition ${condition}, log spectrum: as fast as linear CG`, () => {
        const { f, A, b } = quadratic(n, condition, 2 * n, 'log');
        const tol = 1e-10 * condition;
        const reference = linearCGIterations(A, b, tol);
        const result = minimizeCG(f, new Float64Array(n), { fTol: tol, lineSearchTol: 1e-6 });
        expect(result.converged, result.reason).to.equal(true);
        expect(result.iterations).to.be.at.most(Math.ceil(1.25 * reference) + 2);
        expect(result.evaluations).to.be.at.most(4 * result.iterations); // secant search: ~2 per line search
      });
    }
  });

  for (const [name, minimize] of METHODS) {
    describe(name, () => {
      it('reaches fTol on an ill-conditioned quadratic', () => {
        const { f, solution } = quadratic(20, 1e3, 5);
        const x = new Float64Array(20);
        const result = minimize(f, x, { fTol: 1e-10 });
        expect(result.converged, result.reason).to.equal(true);
        expect(trueMaxForce(f, x)).to.be.at.most(1e-10);
        for (let i = 0; i < 20; i++) expect(x[i]).to.be.closeTo(solution[i]!, 1e-9);
      });

      it('reaches fTol on the 2D Rosenbrock function', () => {
        const x = Float64Array.of(-1.2, 1);
        const result = minimize(rosenbrock, x, { fTol: 1e-10 });
        expect(result.converged, result.reason).to.equal(true);
        expect(trueMaxForce(rosenbrock, x)).to.be.at.most(1e-10);
        expect(x[0]).to.be.closeTo(1, 1e-9);
        expect(x[1]).to.be.closeTo(1, 1e-9);
        expect(result.evaluations).to.be.at.least(result.iterations);
      });

      it('reaches fTol on the 10-D Rosenbrock function', () => {
        const x = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
        const result = minimize(rosenbrock, x, { fTol: 1e-10 });
        expect(result.converged, result.reason).to.equal(true);
        expect(trueMaxForce(rosenbrock, x)).to.be.at.most(1e-10);
        expect(result.energy).to.be.below(1e-18);
      });

      it('relaxes a periodic soft-sphere packing to max|F| ≤ 1e-11 although E ≈ 1000', () => {
        const { f, x, L } = softSpheres(32, 3, 1000);
        const start = Float64Array.from(x);
        const maxStep = 0.1;
        let largestJump = 0;
        const prev = Float64Array.from(x);
        const tracked: Objective = (p, g) => f(p, g);
        const result = minimize(tracked, x, {
          fTol: 1e-11, maxStep,
          onProgress: () => {
            for (let i = 0; i < x.length; i++) largestJump = Math.max(largestJump, Math.abs(x[i]! - prev[i]!));
            prev.set(x);
          },
        });
        expect(result.converged, `${result.reason} at max|F| = ${result.maxForce}`).to.equal(true);
        expect(trueMaxForce(f, x)).to.be.at.most(1e-11);
        expect(result.energy).to.be.below(f(start, new Float64Array(x.length)));
        expect(largestJump).to.be.at.most(maxStep * (1 + 1e-12)); // no jumps across the box (L ≈ 7)
        expect(L).to.be.above(10 * maxStep);
      });

      it('respects and reports the iteration cap', () => {
        const x = Float64Array.of(-1.2, 1);
        const result = minimize(rosenbrock, x, { fTol: 1e-12, maxIter: 5 });
        expect(result).to.include({ converged: false, reason: 'max-iterations', iterations: 5 });
        expect(result.maxForce).to.equal(trueMaxForce(rosenbrock, x));
        const zero = minimize(rosenbrock, Float64Array.of(0, 0), { maxIter: 0 });
        expect(zero).to.include({ converged: false, reason: 'max-iterations', iterations: 0, evaluations: 1 });
      });

      it('stops when onProgress returns false, and returns at once when already converged', () => {
        let calls = 0;
        const result = minimize(rosenbrock, Float64Array.of(-1.2, 1), { onProgress: () => ++calls < 3 });
        expect(result).to.include({ converged: false, reason: 'aborted', iterations: 3 });
        const done = minimize(rosenbrock, Float64Array.of(1, 1), { fTol: 1e-12 });
        expect(done).to.include({ converged: true, reason: 'converged', iterations: 0, evaluations: 1, energy: 0 });
      });

      it('throws a clear error on a non-finite energy or gradient', () => {
        const nanEnergy: Objective = (x, g) => { g.fill(1); return x[0]! < 0.5 ? NaN : 1; };
        expect(() => minimize(nanEnergy, Float64Array.of(0))).to.throw(NonFiniteObjectiveError,
          /non-finite energy \(NaN\) at evaluation 1/);
        const badGradient: Objective = (x, g) => { g[0] = x[0]!; g[1] = x[1]! > 0.9 ? Infinity : x[1]! - 1; return 0.5 * (x[0]! ** 2 + (x[1]! - 1) ** 2); };
        try {
          minimize(badGradient, Float64Array.of(1, 0), { maxStep: 0.05 });
          expect.fail('expected a NonFiniteObjectiveError');
        } catch (error) {
          expect(error).to.be.instanceOf(NonFiniteObjectiveError);
          const e = error as NonFiniteObjectiveError;
          expect(e.code).to.equal('ERR_MINIMIZE_NON_FINITE');
          expect(e.index).to.equal(1);
          expect(e.message).to.match(/grad\[1\] = Infinity at evaluation \d+/);
        }
      });

      it('validates its arguments with exact messages', () => {
        const m = name === 'CG' ? 'minimizeCG' : 'minimizeFire';
        expect(() => minimize(rosenbrock, [1, 2] as unknown as Float64Array)).to.throw(TypeError, `${m}: expected x to be a Float64Array`);
        expect(() => minimize(rosenbrock, Float64Array.of(1, NaN))).to.throw(RangeError, `${m}: expected x to be finite, got NaN at index 1`);
        expect(() => minimize(rosenbrock, Float64Array.of(1), { fTol: -1 })).to.throw(RangeError, `${m}: expected options.fTol to be a finite number ≥ 0, got -1`);
        expect(() => minimize(rosenbrock, Float64Array.of(1), { maxIter: 1.5 })).to.throw(RangeError, `${m}: expected options.maxIter to be an integer ≥ 0, got 1.5`);
        expect(() => minimize(rosenbrock, Float64Array.of(1), { maxStep: 0 })).to.throw(RangeError, `${m}: expected options.maxStep to be > 0, got 0`);
        expect(() => minimize(null as unknown as Objective, Float64Array.of(1))).to.throw(TypeError, `${m}: expected objective to be a function, got object`);
      });
    });
  }

  it('CG line search is steered by ∇E·d where energies are rounding noise', () => {
    // E = 1e6 + ½|x|²: near the minimum the energy changes are far below ε·1e6 ≈ 2e-10.
    const f: Objective = (x, g) => {
      let e = 1e6;
      for (let i = 0; i < x.length; i++) { g[i] = (i + 1) * x[i]!; e += 0.5 * (i + 1) * x[i]! ** 2; }
      return e;
    };
    const x = Float64Array.from({ length: 8 }, (_, i) => 1e-4 * (i - 3.5));
    const result = minimizeCG(f, x, { fTol: 1e-14 });
    expect(result.converged, result.reason).to.equal(true);
    expect(result.iterations).to.be.at.most(10);
  });

  it('CG goes down to the floating-point floor of the gradient and then stops by itself', () => {
    const { f, x } = softSpheres(32, 3, 1000);
    const result = minimizeCG(f, x, { fTol: 0, maxStep: 0.1 });
    expect(result).to.include({ converged: false, reason: 'line-search-failed' });
    expect(result.maxForce).to.be.below(1e-13);
    expect(result.maxForce).to.equal(trueMaxForce(f, x));
    expect(result.evaluations).to.be.below(5000);
  });

  it('CG given a gradient that does not belong to its energy: no step lowers the energy, so it stops by itself (line-search-failed) within rounding of the start, not converged', () => {
    // E = ½|x|², but the "gradient" returned is −x: every step along −g raises E. The line
    // searches end on steps too small to change E (within rounding), three in a row end the run.
    const wrong: Objective = (x, g) => {
      let e = 0;
      for (let i = 0; i < x.length; i++) { g[i] = -x[i]!; e += 0.5 * x[i]! ** 2; }
      return e;
    };
    const start = Float64Array.from({ length: 6 }, (_, i) => 0.1 * (i + 1));
    const e0 = 0.5 * start.reduce((s, v) => s + v * v, 0);
    for (const energyNoise of [0, 1e-11]) {
      const x = Float64Array.from(start);
      const result = minimizeCG(wrong, x, { fTol: 1e-10, energyNoise });
      expect(result, `energyNoise ${energyNoise}`).to.include({ converged: false, reason: 'line-search-failed' });
      expect(result.iterations).to.be.at.most(5);
      // Each accepted step may raise E by up to energyNoise·|E| (rounding noise, by design).
      expect(Math.abs(result.energy - e0)).to.be.at.most((result.iterations * energyNoise + 1e-15) * e0);
      for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - start[i]!)).to.be.at.most(1e-10);
    }
  });

  it('CG tolerates energy rounding noise up to energyNoise', () => {
    const { f, x } = softSpheres(32, 3, 1000);
    const r = rng(99);
    const noisy: Objective = (p, g) => f(p, g) * (1 + 1e-9 * (2 * r() - 1)); // ±1e-6 on E ≈ 1000
    const result = minimizeCG(noisy, x, { fTol: 1e-11, maxStep: 0.1, energyNoise: 1e-8 });
    expect(result.converged, result.reason).to.equal(true);
    expect(trueMaxForce(f, x)).to.be.at.most(1e-11);
  });

  it('FIRE options are validated', () => {
    expect(() => minimizeFire(rosenbrock, Float64Array.of(1), { dt: 0 })).to.throw(RangeError, 'minimizeFire: expected options.dt to be in (0, Infinity), got 0');
    expect(() => minimizeFire(rosenbrock, Float64Array.of(1), { fDec: 1 })).to.throw(RangeError, 'minimizeFire: expected options.fDec to be in (0, 1), got 1');
  });
});
