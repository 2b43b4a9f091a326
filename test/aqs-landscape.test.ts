/**
 * lib/aqs Landscape: the energy landscape along a strain path that the AQS protocols
 * work on. Checked against independent routes: lib/hessian's energyForces (the reference
 * pair loop), and the dense Hessian of exactly the interacting pairs (findPairs) for the
 * sparse factorization on the landscape's own (reused, margin-padded) pattern.
 */
import { expect } from 'chai';
import { runSync } from '../lib/aqs/driver.js';
import { parseDirection } from '../lib/aqs/direction.js';
import { Landscape } from '../lib/aqs/landscape.js';
import { relax } from '../lib/aqs/relax.js';
import { energyForces, findPairs, hessian, pairTensors, restrictPinned } from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { createRng } from '../lib/stats/random.js';
import { denseFromCsc, denseInverse } from './helpers/dense-linalg.js';
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
});
