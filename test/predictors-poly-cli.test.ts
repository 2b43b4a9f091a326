/**
 * `softspot predictors` on a tiny 2D poly ensemble made by `softspot run --model poly` (2
 * glasses of N = 64, the preset's default dimension, short preparation; ξ = 1.6 and 1.9: 5 and
 * 4 bins along each cell vector of the 8 λ box; not integers, which JSON objects would reorder), checked by
 * test/helpers/predictors-cli-suite.ts: brute-force ranks of the stored fields (ξ-bins and
 * their 3×3 average), every number of predictors.json against the indicators recomputed
 * from each glass (glassIndicators' d-generic route), a ξ too large for the box.
 */
import { describePredictorsCli } from './helpers/predictors-cli-suite.js';

describePredictorsCli({
  label: 'poly 2D, N = 64', model: ['--model', 'poly'], d: 2, n: 64, xis: [1.6, 1.9],
  badXi: { xi: '2.5', message: '3 × 3 bins' },
});
