/**
 * softestMode (inverse iteration through the pinned factorization) against the dense
 * eigenvalues of the free Hessian (Jacobi), on the fixture glasses.
 */
import { expect } from 'chai';
import { findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { softestMode } from '../lib/lhc/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { denseFromCsc, symmetricEigenvalues } from './helpers/dense-linalg.js';
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

  it('rejects bad options', () => {
    const config = readFixtureConfig('n64_s1');
    expect(() => softestMode(config, { maxIterations: 0 })).to.throw(RangeError, 'options.maxIterations');
    expect(() => softestMode(config, { tol: -1 })).to.throw(RangeError, 'options.tol');
  });
});
