/**
 * The predictor benchmark on polydisperse glasses (`poly`, per-particle sizes σ_i; issue 17,
 * DESIGN §10): glassIndicators sends them to its d-generic route (lib/predictors
 * indicators-nd.ts; lib/nd/law.ts isNdGlass), in 2D as in 3D. The checks of
 * test/helpers/predictors-nd-suite.ts against independent routes (brute-force pairs, dense
 * Hessian, dense Newton, Jacobi spectra, brute-force binning) on a minimized 2D poly glass
 * of N = 80 (dense 160 × 160) and a 3D one of N = 80 (dense 240 × 240), both made in
 * test/helpers/nd-dense.ts smallGlass.
 */
import { expect } from 'chai';
import { isNdGlass } from '../lib/nd/law.js';
import { smallGlass } from './helpers/nd-dense.js';
import { describePredictorsNd } from './helpers/predictors-nd-suite.js';

describe('predictors: poly glasses take the d-generic route', () => {
  it('2D poly (no dim) and 3D poly are lib/nd glasses; 2D ipl and ka2d are not', () => {
    expect(isNdGlass({ model: 'poly' })).to.equal(true);
    expect(isNdGlass({ model: 'poly', dim: 3 })).to.equal(true);
    expect(isNdGlass({ model: 'ipl' })).to.equal(false);
    expect(isNdGlass({ model: 'ka2d' })).to.equal(false);
    expect(isNdGlass({})).to.equal(false);
  });
});

describePredictorsNd('poly 2D, N = 80', () => smallGlass('poly', 80, 3, 2), { pinned: 11, k: 4 });
describePredictorsNd('poly 3D, N = 80', () => smallGlass('poly', 80, 3, 3), { pinned: 29, k: 4 });
