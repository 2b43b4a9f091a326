/**
 * softestMode (inverse iteration through the pinned factorization) against the dense
 * eigenvalues of the free Hessian (Jacobi), on the fixture glasses (2D ipl, the 2D
 * kernels) and on glasses of lib/nd (2D and 3D poly, ipl3d; the d-generic Hessian), whose
 * dense Hessian is built from brute-force pairs (test/helpers/nd-dense.ts).
 */
import { expect } from 'chai';
import { findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { UnstableConfigurationError } from '../lib/errors.js';
import { lowestModes, softestMode } from '../lib/modes/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import type { Configuration } from '../lib/config.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { denseFromCsc, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { denseHessian, smallGlass } from './helpers/nd-dense.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

describe('softestMode', function () {
  this.timeout(60_000);

  for (const name of ['n64_s1', 'n128_s1']) {
    it(`${name}: equals the lowest non-zero dense eigenvalue; the mode is an eigenvector without net translation`, () => {
      const config = readFixtureConfig(name);
      const pairs = findPairs(config, DEFAULT_MODEL);
      const H = hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, config.n, -1);
      const ev = symmetricEigenvalues(denseFromCsc(H), H.n);
      // two zero modes (translations), then the spectrum
      expect(Math.abs(ev[0])).to.be.lessThan(1e-9 * ev[H.n - 1]);
      expect(Math.abs(ev[1])).to.be.lessThan(1e-9 * ev[H.n - 1]);
      expect(ev[2]).to.be.greaterThan(1e-6);
      const m = softestMode(config);
      expect(m.eigenvalue).to.be.closeTo(ev[2], 1e-9 * ev[2]);
      expect(m.omega).to.be.closeTo(Math.sqrt(ev[2]), 1e-9);
      expect(m.residual).to.be.lessThan(1e-5 * ev[2] + 1e-6 * (ev[3] - ev[2]));
      let sx = 0, sy = 0, nn = 0;
      for (let i = 0; i < config.n; i++) { sx += m.mode[2 * i]; sy += m.mode[2 * i + 1]; }
      for (const v of m.mode) nn += v * v;
      expect(Math.abs(sx) + Math.abs(sy)).to.be.lessThan(1e-12);
      expect(nn).to.be.closeTo(1, 1e-12);
      expect(m.participation).to.be.within(1 / config.n, 1);
    });
  }

  const ndGlasses: Array<[string, () => Configuration]> = [
    ['poly 2D, N = 80', () => smallGlass('poly', 80, 3, 2)],
    ['poly 3D, N = 80', () => smallGlass('poly', 80, 3, 3)],
    ['ipl3d, N = 64', () => glass3d('ipl3d', 4)],
  ];
  for (const [label, make] of ndGlasses) {
    it(`${label} (lib/nd): the lowest non-zero dense eigenvalue; the mode is a dense eigenvector without net translation`, () => {
      const config = make();
      const d = config.dim === 3 ? 3 : 2, dofs = d * config.n;
      const M = denseHessian(config, lawOfConfiguration(config));
      const ev = symmetricEigenvalues(M, dofs);
      // d zero modes (translations), then the spectrum
      for (let k = 0; k < d; k++) expect(Math.abs(ev[k])).to.be.lessThan(1e-9 * ev[dofs - 1]);
      expect(ev[d]).to.be.greaterThan(1e-6);
      const m = softestMode(config);
      expect(m.mode).to.have.length(dofs);
      expect(m.eigenvalue).to.be.closeTo(ev[d], 1e-9 * ev[d]);
      expect(m.omega).to.be.closeTo(Math.sqrt(ev[d]), 1e-9);
      // |M x − λ x| with the dense M, not the library's product
      let r2 = 0;
      for (let r = 0; r < dofs; r++) {
        let y = 0;
        for (let c = 0; c < dofs; c++) y += M[r * dofs + c] * m.mode[c];
        r2 += (y - ev[d] * m.mode[r]) ** 2;
      }
      expect(Math.sqrt(r2)).to.be.lessThan(1e-5 * ev[d] + 1e-6 * (ev[d + 1] - ev[d]));
      expect(m.residual).to.be.closeTo(Math.sqrt(r2), 1e-6 * ev[d]);
      const sums = new Array<number>(d).fill(0);
      let nn = 0, sum4 = 0;
      for (let i = 0; i < config.n; i++) {
        let a = 0;
        for (let c = 0; c < d; c++) { sums[c] += m.mode[d * i + c]; a += m.mode[d * i + c] ** 2; }
        nn += a;
        sum4 += a * a;
      }
      expect(sums.reduce((t, x) => t + Math.abs(x), 0)).to.be.lessThan(1e-12);
      expect(nn).to.be.closeTo(1, 1e-12);
      expect(m.participation).to.be.closeTo(1 / (config.n * sum4), 1e-12);
    });
  }

  it('an input that is not a stable minimum (a negative dense eigenvalue) is an UnstableConfigurationError naming the particle, as in lowestModes', () => {
    const config = readFixtureConfig('n64_s1');
    const shaken: Configuration = { ...config, positions: config.positions.map((x, k) => x + 0.2 * Math.sin(7 * k)) };
    const pairs = findPairs(shaken, DEFAULT_MODEL);
    const H = hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, shaken.n, -1);
    expect(symmetricEigenvalues(denseFromCsc(H), H.n)[0]).to.be.below(-1e-6); // independently: indefinite
    let caught: unknown;
    try { softestMode(shaken); } catch (error) { caught = error; }
    expect(caught).to.be.instanceOf(UnstableConfigurationError);
    const e = caught as UnstableConfigurationError;
    expect(e.code).to.equal('CHOLMOD_NOT_POSDEF');
    // Particle 0 is pinned: pivot column c is dof c + 2, particle ⌊(c + 2)/2⌋.
    expect(e.particle).to.equal(Math.floor((e.column! + 2) / 2));
    expect(e.message).to.equal('the configuration is not at a stable minimum: its Hessian is not positive definite ' +
      `(first failing pivot at particle ${e.particle}); minimize it first (softspot minimize)`);
    let fromModes: unknown;
    try { lowestModes(shaken, 2); } catch (error) { fromModes = error; }
    // The same class (the particle may differ: lowestModes orders with AMD, softestMode with METIS).
    expect(fromModes).to.be.instanceOf(UnstableConfigurationError);
  });

  it('rejects bad options', () => {
    const config = readFixtureConfig('n64_s1');
    expect(() => softestMode(config, { maxIterations: 0 })).to.throw(RangeError, 'options.maxIterations');
    expect(() => softestMode(config, { tol: -1 })).to.throw(RangeError, 'options.tol');
  });
});
