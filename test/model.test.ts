import { expect } from 'chai';
import {
  DEFAULT_MODEL,
  bondTensors,
  doubleFactorial,
  makeModel,
  pairPotential,
  pairType,
  radialDerivatives,
  reducedRadial,
  type Model,
} from '../lib/model/index.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { centralDirectional, relMaxError, unitVector } from './helpers/finite-diff.js';

/** Solve A x = b (n×n row-major) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, k) => [...row, b[k]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** c_{2ℓ} from the conditions d^k/dx^k [x^{−n} + Σ c_ℓ x^{2ℓ}] = 0 at x_c, k = 0..q. */
function coefficientsBySolve(n: number, q: number, xc: number): number[] {
  const A: number[][] = [];
  const b: number[] = [];
  for (let k = 0; k <= q; k++) {
    const row: number[] = [];
    for (let l = 0; l <= q; l++) {
      let f = 1;
      for (let i = 0; i < k; i++) f *= 2 * l - i;
      row.push(f === 0 ? 0 : f * Math.pow(xc, 2 * l - k));
    }
    let g = 1;
    for (let i = 0; i < k; i++) g *= -n - i;
    A.push(row);
    b.push(-g * Math.pow(xc, -n - k));
  }
  return solve(A, b);
}

function randomBond(rand: () => number, rmin: number, rmax: number): Float64Array {
  const r = rmin + (rmax - rmin) * rand();
  const th = 2 * Math.PI * rand();
  return new Float64Array([r * Math.cos(th), r * Math.sin(th)]);
}

describe('model', () => {
  describe('parameters', () => {
    it('DEFAULT_MODEL carries the paper parameters (S1, S2)', () => {
      const m = DEFAULT_MODEL;
      expect([m.n, m.q, m.xc, m.epsilon, m.density, m.nSpecies]).to.deep.equal([10, 4, 1.6, 1, 0.86, 2]);
      expect(Array.from(m.lambda)).to.deep.equal([1, 1.18, 1.18, 1.4]);
      expect(m.cutoff[pairType(m, 1, 1)]).to.be.closeTo(1.6 * 1.4, 1e-15);
      expect(m.maxCutoff).to.be.closeTo(2.24, 1e-15);
      expect(pairType(m, 0, 1)).to.equal(1);
      expect(pairType(m, 1, 0)).to.equal(2);
    });

    it('double factorials', () => {
      expect([-1, 0, 1, 2, 5, 8, 18].map(doubleFactorial)).to.deep.equal([1, 1, 1, 2, 15, 384, 185794560]);
    });

    for (const [n, q, xc] of [[10, 4, 1.6], [12, 2, 1.5], [9, 3, 1.4], [6, 0, 2]] as const) {
      it(`c_2l from Eq. S2 solve φ^(k)(x_c) = 0, k = 0..q (n=${n}, q=${q}, x_c=${xc})`, () => {
        const m = makeModel({ n, q, xc });
        const ref = coefficientsBySolve(n, q, xc);
        expect(relMaxError(m.c, ref)).to.be.below(1e-11);
      });
    }

    it('validates parameters with named messages', () => {
      expect(() => makeModel({ n: 10.5 })).to.throw(RangeError, 'params.n: expected a finite integer, got 10.5');
      expect(() => makeModel({ xc: 0.5 })).to.throw(RangeError, 'params.xc: expected > 1, got 0.5');
      expect(() => makeModel({ q: -1 })).to.throw(RangeError, 'params.q: expected >= 0, got -1');
      expect(() => makeModel({ epsilon: '1' as unknown as number })).to.throw(TypeError, 'params.epsilon: expected a number, got "1"');
      expect(() => makeModel({ lambda: [[1, 1.2], [1.1, 1.4]] })).to.throw(RangeError, 'params.lambda: expected symmetric table');
      expect(() => makeModel({ lambda: [[1, 1.2]] })).to.throw(RangeError, 'params.lambda[0]: expected array of length 1, got Array(2)');
    });
  });

  describe('radial derivatives', () => {
    for (const m of [DEFAULT_MODEL, makeModel({ n: 12, q: 3, xc: 1.45 })]) {
      it(`φ and its first q derivatives vanish at the cutoff (n=${m.n}, q=${m.q})`, () => {
        for (let t = 0; t < 4; t++) {
          const rc = m.cutoff[t];
          const d = radialDerivatives(m, t, rc, m.q + 1);
          // scale: the IPL part's k-th derivative at r_c
          const ipl = radialDerivatives(makeModel({ ...m.params }), t, 0.9 * rc, m.q + 1);
          for (let k = 0; k <= m.q; k++) {
            expect(Math.abs(d[k]), `k=${k}`).to.be.below(1e-12 * Math.max(1, Math.abs(ipl[k])));
          }
          expect(Math.abs(d[m.q + 1])).to.be.above(1e-3); // the (q+1)-th does not
          expect(radialDerivatives(m, t, rc * (1 + 1e-12), 2)).to.deep.equal(new Float64Array(3));
        }
      });
    }

    it('φ is the IPL plus the polynomial (direct evaluation of S1)', () => {
      const m = DEFAULT_MODEL;
      for (const [t, r] of [[0, 0.9], [1, 1.3], [3, 1.9]] as const) {
        const lam = m.lambda[t];
        let ref = Math.pow(lam / r, m.n);
        for (let l = 0; l <= m.q; l++) ref += m.c[l] * Math.pow(r / lam, 2 * l);
        expect(pairPotential(m, t, r)).to.be.closeTo(ref, 1e-13 * Math.abs(ref));
        expect(radialDerivatives(m, t, r)[0]).to.be.closeTo(ref, 1e-13 * Math.abs(ref));
      }
      expect(pairPotential(m, 0, 1.7)).to.equal(0);
    });

    it('reduced functions A_k agree with φ^(k) (φ\' = rA1, φ\'\' = A1 + r²A2, …)', () => {
      const m = DEFAULT_MODEL;
      const rand = seededRandom(3);
      for (let s = 0; s < 50; s++) {
        const t = Math.floor(4 * rand());
        const r = m.lambda[t] * (0.8 + 0.79 * rand());
        const d = radialDerivatives(m, t, r);
        const A = reducedRadial(m, t, r);
        const fromA = [A[0], r * A[1], A[1] + r * r * A[2], 3 * r * A[2] + r ** 3 * A[3], 3 * A[2] + 6 * r * r * A[3] + r ** 4 * A[4]];
        expect(relMaxError(fromA, d)).to.be.below(1e-12);
      }
    });

    it('each radial derivative is the finite difference of the previous one', () => {
      const m = DEFAULT_MODEL;
      for (const t of [0, 1, 3]) {
        for (const x of [0.85, 1.1, 1.5]) {
          const r = x * m.lambda[t];
          const h = 1e-5;
          const dp = radialDerivatives(m, t, r + h), dm = radialDerivatives(m, t, r - h), d = radialDerivatives(m, t, r);
          for (let k = 0; k < 4; k++) {
            const fd = (dp[k] - dm[k]) / (2 * h);
            expect(fd).to.be.closeTo(d[k + 1], 1e-7 * Math.max(1, Math.abs(d[k + 1])));
          }
        }
      }
    });

    it('validates its arguments', () => {
      expect(() => radialDerivatives(DEFAULT_MODEL, 4, 1)).to.throw(RangeError, 't: expected <= 3, got 4');
      expect(() => radialDerivatives(DEFAULT_MODEL, 0, -1)).to.throw(RangeError, 'r: expected > 0, got -1');
      expect(() => reducedRadial(DEFAULT_MODEL, 0, 1, 5)).to.throw(RangeError, 'kmax: expected <= 4, got 5');
      expect(() => radialDerivatives(DEFAULT_MODEL, 0, 1, 2, new Float64Array(2))).to.throw(RangeError, 'out: expected length >= 3, got 2');
    });
  });

  describe('Cartesian pair tensors', () => {
    const m: Model = DEFAULT_MODEL;
    const rand = seededRandom(11);
    const bonds: Array<[number, Float64Array]> = [];
    for (let s = 0; s < 24; s++) {
      const t = s % 4;
      bonds.push([t, randomBond(rand, 0.8 * m.lambda[t], 1.55 * m.lambda[t])]);
    }
    const h = 1e-5;
    const grad = (t: number, r: Float64Array, which: 'phi' | 'g' | 'K' | 'T', k: number): Float64Array => {
      const f = (x: Float64Array): Float64Array => {
        const bt = bondTensors(m, t, x);
        return which === 'phi' ? new Float64Array([bt.phi]) : bt[which];
      };
      return centralDirectional(f, r, unitVector(2, k), h);
    };

    it('K = φ\'\' n nᵀ + (φ\'/r)(I − n nᵀ), g = φ\' n', () => {
      for (const [t, r] of bonds) {
        const rr = Math.hypot(r[0], r[1]);
        const d = radialDerivatives(m, t, rr);
        const n = [r[0] / rr, r[1] / rr];
        const K = [0, 1, 2, 3].map((k) => {
          const a = k >> 1, b = k & 1;
          return d[2] * n[a] * n[b] + (d[1] / rr) * ((a === b ? 1 : 0) - n[a] * n[b]);
        });
        const bt = bondTensors(m, t, r);
        expect(relMaxError(bt.K, K)).to.be.below(1e-12);
        expect(relMaxError(bt.g, [d[1] * n[0], d[1] * n[1]])).to.be.below(1e-12);
      }
    });

    it('g, K, T, Q are finite differences of φ, g, K, T', () => {
      for (const [t, r] of bonds) {
        const bt = bondTensors(m, t, r);
        const pairs: Array<['phi' | 'g' | 'K' | 'T', Float64Array, number]> = [['phi', bt.g, 1], ['g', bt.K, 2], ['K', bt.T, 4], ['T', bt.Q, 8]];
        for (const [lower, higher, stride] of pairs) {
          const fd = new Float64Array(2 * stride);
          for (let c = 0; c < 2; c++) {
            const col = grad(t, r, lower, c);
            for (let k = 0; k < stride; k++) fd[k * 2 + c] = col[k];
          }
          expect(relMaxError(fd, higher), `${lower} → next, t=${t}`).to.be.below(1e-8);
        }
      }
    });

    it('T and Q are fully symmetric; everything vanishes beyond the cutoff', () => {
      const [t, r] = bonds[5];
      const { T, Q } = bondTensors(m, t, r);
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let c = 0; c < 2; c++) {
        const v = T[4 * a + 2 * b + c];
        expect(T[4 * b + 2 * a + c]).to.equal(v);
        expect(T[4 * a + 2 * c + b]).to.be.closeTo(v, 1e-12 * Math.abs(v));
        for (let d = 0; d < 2; d++) {
          const w = Q[8 * a + 4 * b + 2 * c + d];
          expect(Q[8 * d + 4 * c + 2 * b + a]).to.be.closeTo(w, 1e-12 * Math.max(1, Math.abs(w)));
          expect(Q[8 * b + 4 * a + 2 * d + c]).to.be.closeTo(w, 1e-12 * Math.max(1, Math.abs(w)));
        }
      }
      const far = bondTensors(m, 3, new Float64Array([2.25, 0]));
      expect(far.phi).to.equal(0);
      expect(Array.from(far.Q).every((v) => v === 0)).to.equal(true);
    });
  });
});
