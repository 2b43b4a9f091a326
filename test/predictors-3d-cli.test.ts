/**
 * `softspot predictors` on a tiny 3D ensemble made by `softspot run --model ipl3d` (2 glasses
 * of N = 125, short preparation, ξ = 1.3 and 1.5: 4 cubes along each cell vector), checked
 * by test/helpers/predictors-cli-suite.ts: brute-force ranks of the stored fields (ξ-cubes
 * and their 3×3×3 average), every number of predictors.json against the indicators
 * recomputed from each glass, a ξ too large for the box.
 */
import { describePredictorsCli } from './helpers/predictors-cli-suite.js';

describePredictorsCli({
  label: 'ipl3d, N = 125', model: ['--model', 'ipl3d'], d: 3, n: 125, xis: [1.3, 1.5],
  badXi: { xi: '2', message: '3 × 3 × 3 bins' },
});
