/**
 * lib/aqs Landscape: the energy landscape along a strain path that the AQS protocols
 * work on. Checked against independent routes: lib/hessian's energyForces (the reference
 * pair loop), and the dense Hessian of exactly the interacting pairs (findPairs) for the
 * sparse factorization on the landscape's own (reused, margin-padded) pattern.
 */
import { expect } from 'chai';
import { runSync } from '../lib/aqs/driver.js';
import { parseDirection } from '../lib/aqs/direction.js';
import { branchModes, lowestMode } from '../lib/aqs/eigen.js';
import { correct } from '../lib/aqs/corrector.js';
import { Landscape } from '../lib/aqs/landscape.js';
import { newtonAt } from '../lib/aqs/newton.js';
import { relax } from '../lib/aqs/relax.js';
import { energyForces, findPairs, hessian, pairTensors, restrictPinned } from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { createRng } from '../lib/random.js';
import { denseFromCsc, denseInverse, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

describe('aqs: Landscape', () => {
  const config = readFixtureConfig('n64_s1');
  const n = config.n;

  /** Positions of the glass mapped affinely to γ, plus uniform noise of amplitude `move`. */
  function state(land: Landscape, gamma: number, move: number, seed: number): Float64Array {
    const A = land.affineMap(0, gamma), rng = createRng(seed), x = config.positions;
    const y = new Float64Array(2 * n);
    for (let p = 0; p < n; p++) {
      y[2 * p] = A[0] * x[2 * p] + A[1] * x[2 * p + 1] + move * (rng.uniform() - 0.5);
      y[2 * p + 1] = A[2] * x[2 * p] + A[3] * x[2 * p + 1] + move * (rng.uniform() - 0.5);
    }
    return y;
  }

  for (const direction of ['simple+', 'pure-'] as const) {
    it(`${direction}: energy and forces equal lib/hessian energyForces along a strain path`, () => {
      const land = new Landscape(DEFAULT_MODEL, parseDirection(direction), config.cell, config.species);
      try {
        for (const [gamma, move] of [[0, 0], [0.01, 0], [0.01, 0.02], [0.2, 0.05]] as const) {
          const x = state(land, gamma, move, 3);
          const ev = land.evaluate(x, gamma);
          const ref = energyForces({ n, cell: land.cellAt(gamma), positions: x, species: config.species }, DEFAULT_MODEL);
          expect(Math.abs(ev.energy - ref.energy) / Math.abs(ref.energy), `γ ${gamma}`).to.be.below(1e-13);
          expect(maxAbsDiff(ev.forces, ref.forces), `γ ${gamma}`).to.be.below(1e-11);
          let m = 0;
          for (const f of ref.forces) m = Math.max(m, Math.abs(f));
          expect(ev.maxForce).to.be.closeTo(m, 1e-11);
        }
      } finally {
        land.dispose();
      }
    });
  }

  it('its factorization is the Hessian of the interacting pairs, also after pairs enter the cutoff from beyond the pattern', () => {
    const land = new Landscape(DEFAULT_MODEL, parseDirection('simple+'), config.cell, config.species, { pinned: 5 });
    try {
      const analyses: number[] = [];
      // Minimized states (the Hessian is positive definite there): at γ = 0, then close by
      // (no pair moves by the pattern's margin), then past several plastic events.
      for (const [gamma, move, seed] of [[0, 0, 1], [0.003, 0.01, 2], [0.003, 0.02, 3], [0.3, 0.3, 4]] as const) {
        const x = runSync(relax(land, state(land, gamma, move, seed), gamma, {
          minimizer: 'cg', minimizerTol: 1e-10, fTol: 1e-10, maxIter: 100000,
        })).x;
        land.evaluate(x, gamma);
        expect(runSync(land.factorizeRequest())).to.equal(null);
        analyses.push(land.counters.analyses);
        // Dense Hessian of exactly the interacting pairs (independent pattern and assembly).
        const cfg = { n, cell: land.cellAt(gamma), positions: x, species: config.species };
        const pairs = findPairs(cfg, DEFAULT_MODEL);
        const H = hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, n, 5);
        const inv = denseInverse(denseFromCsc(H), H.n);
        const b = restrictPinned(land.hessianPattern, Float64Array.from({ length: 2 * n }, (_, k) => Math.sin(k + 1)));
        const got = land.solvePinned(b);
        const want = new Float64Array(H.n);
        for (let r = 0; r < H.n; r++) for (let c = 0; c < H.n; c++) want[r] += inv[r * H.n + c] * b[c];
        let scale = 0;
        for (const v of want) scale = Math.max(scale, Math.abs(v));
        expect(maxAbsDiff(got, want) / scale, `γ ${gamma}, move ${move}`).to.be.below(1e-9);
      }
      // Small moves reuse the analysis; moving pairs by more than the margin forces a new one.
      expect(analyses.slice(0, 3)).to.deep.equal([1, 1, 1]);
      expect(analyses[3]).to.equal(2);
    } finally {
      land.dispose();
    }
  });

  it('branchModes: the k lowest eigenpairs of the pinned Hessian (dense Jacobi eigenvalues), from any start', () => {
    for (const name of ['n64_s1', 'n128_s1'] as const) {
      const glass = readFixtureConfig(name);
      const land = new Landscape(DEFAULT_MODEL, parseDirection('pure+'), glass.cell, glass.species);
      try {
        land.evaluate(glass.positions, 0);
        expect(runSync(land.factorizeRequest())).to.equal(null);
        const pairs = findPairs(glass, DEFAULT_MODEL);
        const H = hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, glass.n, 0);
        const dense = symmetricEigenvalues(denseFromCsc(H), H.n);
        const cold = branchModes(land, 6, { tol: 1e-12, maxIter: 300 });
        // A start that contains the same vector twice and a zero column still works.
        const start = new Float64Array(3 * H.n);
        start.set(cold.vectors.subarray(0, H.n));
        start.set(cold.vectors.subarray(0, H.n), H.n);
        const degenerate = branchModes(land, 6, { start, tol: 1e-12, maxIter: 300 });
        const warm = branchModes(land, 6, { start: cold.vectors, tol: 1e-12, maxIter: 300 });
        for (const modes of [cold, degenerate, warm]) {
          for (let c = 0; c < 6; c++) {
            expect(modes.lambdas[c], `${name} mode ${c}`).to.be.closeTo(dense[c], 1e-9 * dense[c]);
            // Residual |M v − λ v| of the Ritz vector, |v| = 1.
            const v = modes.vectors.subarray(c * H.n, (c + 1) * H.n);
            const Mv = land.hessianProduct(Float64Array.from(v));
            let res = 0, norm = 0;
            for (let r = 0; r < H.n; r++) {
              res += (Mv[r] - modes.lambdas[c] * v[r]) ** 2;
              norm += v[r] * v[r];
            }
            expect(Math.sqrt(norm)).to.be.closeTo(1, 1e-12);
            expect(Math.sqrt(res), `${name} residual ${c}`).to.be.below(1e-5 * dense[c]);
          }
        }
        expect(warm.iterations).to.be.at.most(3);
        expect(cold.iterations).to.be.above(10);
        expect(lowestMode(land, undefined, 1e-12, 300).lambda).to.be.closeTo(dense[0], 1e-9 * dense[0]);
      } finally {
        land.dispose();
      }
    }
  });

  it('the chord corrector reaches the minimum Newton reaches, with fewer factorizations, and leaves its factor', () => {
    for (const direction of ['simple+', 'pure-'] as const) {
      const land = new Landscape(DEFAULT_MODEL, parseDirection(direction), config.cell, config.species);
      try {
        const init = runSync(newtonAt(land, config.positions, 0, { fTol: 1e-10, maxIter: 20 }));
        expect(init.ok).to.equal(true);
        land.keepFactor();
        const u = land.nonAffineVelocity();
        const gamma = 2e-3;
        const A = land.affineMap(0, gamma);
        const pred = new Float64Array(2 * n);
        for (let i = 0; i < 2 * n; i += 2) {
          pred[i] = A[0] * init.x[i] + A[1] * init.x[i + 1] + gamma * u[i];
          pred[i + 1] = A[2] * init.x[i] + A[3] * init.x[i + 1] + gamma * u[i + 1];
        }
        const f0 = land.counters.factorizations;
        const chord = runSync(correct(land, pred, gamma, { fTol: 1e-10, maxIter: 60 }));
        const fChord = land.counters.factorizations - f0;
        expect(chord.ok, chord.reason).to.equal(true);
        expect(land.factorized).to.equal(true);
        const ev = land.evaluate(chord.x, gamma);
        expect(ev.maxForce).to.be.below(1e-10);
        // Newton from the same predictor (the kept factor is the one at γ = 0).
        land.useKeptFactor();
        const f1 = land.counters.factorizations;
        const newton = runSync(newtonAt(land, pred, gamma, { fTol: 1e-10, maxIter: 20 }));
        const fNewton = land.counters.factorizations - f1;
        expect(newton.ok).to.equal(true);
        expect(maxAbsDiff(chord.x, newton.x), direction).to.be.below(1e-9);
        expect(chord.energy).to.be.closeTo(newton.energy, 1e-11 * Math.abs(newton.energy));
        expect(fChord, `${direction}: ${fChord} vs ${fNewton}`).to.be.below(fNewton);
      } finally {
        land.dispose();
      }
    }
  });

  it('a kept factor survives later factorizations, failed ones included', () => {
    const land = new Landscape(DEFAULT_MODEL, parseDirection('simple+'), config.cell, config.species);
    try {
      land.evaluate(config.positions, 0);
      expect(runSync(land.factorizeRequest())).to.equal(null);
      land.keepFactor();
      const b = restrictPinned(land.hessianPattern, Float64Array.from({ length: 2 * n }, (_, k) => Math.cos(k)));
      const before = land.solvePinned(b);
      // A state far from any minimum: its Hessian is not positive definite.
      const shaken = config.positions.map((x, k) => x + 0.03 * Math.sin(3 * k));
      land.evaluate(shaken, 0);
      expect(runSync(land.factorizeRequest())).to.not.equal(null);
      expect(land.useKeptFactor()).to.equal(true);
      land.evaluate(config.positions, 0);
      expect(land.factorized).to.equal(true);
      expect(maxAbsDiff(land.solvePinned(b), before)).to.equal(0);
    } finally {
      land.dispose();
    }
  });
  for (const direction of ['simple+', 'pure-'] as const) {
    it(`${direction}: u = dx/dγ − L x and dλ/dγ = vᵀṀv against central differences of Newton minima at γ ± h`, () => {
      const land = new Landscape(DEFAULT_MODEL, parseDirection(direction), config.cell, config.species);
      const gamma = 2e-3, h = 1e-5;
      const minimumAt = (x: Float64Array, from: number, to: number): Float64Array => {
        const A = land.affineMap(from, to), y = new Float64Array(x.length);
        for (let p = 0; p < n; p++) {
          y[2 * p] = A[0] * x[2 * p] + A[1] * x[2 * p + 1];
          y[2 * p + 1] = A[2] * x[2 * p] + A[3] * x[2 * p + 1];
        }
        const r = runSync(newtonAt(land, y, to, { fTol: 1e-12, maxIter: 40 }));
        expect(r.ok, r.reason).to.equal(true);
        return r.x;
      };
      try {
        const x = minimumAt(config.positions, 0, gamma);
        const xp = minimumAt(x, gamma, gamma + h), xm = minimumAt(x, gamma, gamma - h);
        land.evaluate(x, gamma);
        expect(runSync(land.factorizeRequest())).to.equal(null);
        const u = land.nonAffineVelocity();
        const Ap = land.affineMap(gamma, gamma + h), Am = land.affineMap(gamma, gamma - h);
        let uMax = 0, err = 0;
        for (let p = 0; p < n; p++) {
          for (const c of [0, 1]) {
            const ap = Ap[2 * c] * x[2 * p] + Ap[2 * c + 1] * x[2 * p + 1], am = Am[2 * c] * x[2 * p] + Am[2 * c + 1] * x[2 * p + 1];
            const fd = (xp[2 * p + c] - xm[2 * p + c] - (ap - am)) / (2 * h);
            uMax = Math.max(uMax, Math.abs(fd));
            err = Math.max(err, Math.abs(u[2 * p + c] - fd));
          }
        }
        expect(uMax).to.be.above(0.1);
        expect(err).to.be.below(1e-4 * uMax);
        // For fixed unit vectors v: dλ/dγ = vᵀṀv is the derivative of vᵀMv along the branch.
        const rng = createRng(7), dofs = land.dofs, k = 3;
        const V = new Float64Array(dofs * k).map(() => rng.uniform() - 0.5);
        for (let c = 0; c < k; c++) {
          const col = V.subarray(c * dofs, (c + 1) * dofs);
          const norm = Math.hypot(...col);
          for (let q = 0; q < dofs; q++) col[q] /= norm;
        }
        const analytic = land.eigenvalueDerivatives(V, k, u);
        const quadratic = (y: Float64Array, g: number): number[] => {
          land.evaluate(y, g);
          expect(runSync(land.factorizeRequest())).to.equal(null);
          const MV = land.hessianProduct(V, k);
          return Array.from({ length: k }, (_, c) => {
            let s = 0;
            for (let q = 0; q < dofs; q++) s += V[c * dofs + q] * MV[c * dofs + q];
            return s;
          });
        };
        const qp = quadratic(xp, gamma + h), qm = quadratic(xm, gamma - h);
        for (let c = 0; c < k; c++) {
          const fd = (qp[c] - qm[c]) / (2 * h);
          expect(Math.abs(fd), `column ${c}`).to.be.above(1e-3);
          expect(analytic[c], `column ${c}`).to.be.closeTo(fd, 1e-4 * Math.max(1, Math.abs(fd)));
        }
      } finally {
        land.dispose();
      }
    });
  }
});
