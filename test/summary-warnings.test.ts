/**
 * The caveats a results summary carries (EnsembleSummary.warnings, printed by `softspot run`
 * and `figures`, listed at the top of report.html): a ξ-grid too coarse for C(λ), several
 * sizes or protocols pooled, too few glasses for the tail fits' intervals; none for an
 * ensemble without those.
 */
import { expect } from 'chai';
import { binShapeNd } from '../lib/stats/index.js';
import { FEW_GLASSES, summaryWarnings } from '../lib/ensemble/aggregate.js';

const P = (n: number, samples = 20): { model: string; dim: 2 | 3; n: number; prepare: unknown; events: unknown; validate: boolean; samples: number } =>
  ({ model: 'ipl', dim: 2, n, prepare: {}, events: {}, validate: false, samples });

describe('summary warnings', () => {
  it('a 3D KA glass of N = 200 at ξ = 5 has 1 bin a side: C(λ) degenerate, said with the bins and what to do', () => {
    const side = Math.cbrt(200 / 1.2), bins = binShapeNd(Float64Array.of(side, 0, 0, 0, side, 0, 0, 0, side), 5);
    expect(bins).to.deep.equal([1, 1, 1]);
    const [w] = summaryWarnings(20, bins, 5, [P(200)]);
    expect(w).to.equal('the ξ = 5 grid has 1 × 1 × 1 bins, fewer than 4 along a cell vector: each bin\'s neighbourhood spans the cell, ' +
      'so C(λ), the λ columns of events.csv and Fig. 4 do not measure prediction (with 2 or fewer bins every bin ties: λ = 0, C = 1); ' +
      'use larger glasses, or a smaller ξ (softspot figures DIR --xi 2)');
  });

  it('sizes pooled, and few glasses; nothing for 20 glasses of one size on a 4 × 4 grid', () => {
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)])).to.have.length(2);
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)])[0]).to.contain('2 sets of parameters (N = 100, 300), pooled in the tail fits');
    expect(summaryWarnings(FEW_GLASSES - 1, [4, 4], 5, [P(300, FEW_GLASSES - 1)])[0]).to.match(/^9 glasses: the tail fits' intervals resample values/);
    expect(summaryWarnings(FEW_GLASSES, [4, 4], 5, [P(300, FEW_GLASSES)])).to.deep.equal([]);
    expect(summaryWarnings(20, [3, 5], 5, [P(300)])).to.have.length(1);
  });
});
