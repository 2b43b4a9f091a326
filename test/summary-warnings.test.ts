/**
 * The caveats a results summary carries (EnsembleSummary.warnings, printed by `softspot run`
 * and `figures`, listed at the top of report.html): a ξ-grid too coarse for C(λ), several
 * sizes or protocols pooled, too few glasses for the tail fits' intervals; none for an
 * ensemble without those.
 */
import { expect } from 'chai';
import { binShapeNd } from '../lib/stats/index.js';
import { largestBinSize } from '../lib/stats/grid-nd.js';
import { FEW_GLASSES, summaryWarnings } from '../lib/ensemble/aggregate.js';

const P = (n: number, samples = 20): { model: string; dim: 2 | 3; n: number; prepare: unknown; events: unknown; validate: boolean; samples: number } =>
  ({ model: 'ipl', dim: 2, n, prepare: {}, events: {}, validate: false, samples });

describe('summary warnings', () => {
  it('a 3D KA glass of N = 200 at ξ = 5 has 1 bin a side: λ not defined, said with the bins and the ξ that gives 4 bins', () => {
    const side = Math.cbrt(200 / 1.2), cell = Float64Array.of(side, 0, 0, 0, side, 0, 0, 0, side), bins = binShapeNd(cell, 5);
    expect(bins).to.deep.equal([1, 1, 1]);
    // ξ ≤ L/3.5 gives round(L/ξ) ≥ 4 bins (L = 5.50: ξ ≤ 1.57), checked by the grid itself.
    const fineXi = largestBinSize(cell, 4);
    expect(fineXi).to.be.closeTo(side / 3.5, 1e-12);
    expect(Math.min(...binShapeNd(cell, Math.floor(10 * fineXi) / 10))).to.equal(4);
    expect(Math.min(...binShapeNd(cell, fineXi * 1.01))).to.equal(3);
    const [w] = summaryWarnings(20, bins, 5, [P(200)], { glasses: 20, fineXi });
    expect(w).to.equal('the ξ = 5 grid (1 × 1 × 1 bins) of every glass has fewer than 4 bins along a cell vector: each bin\'s neighbourhood spans the cell there, ' +
      'so λ is not defined; those glasses\' λ columns of events.csv are NaN and they are left out of C(λ) and Figs. 4, S2, S3; ' +
      'use larger glasses, or a smaller ξ (softspot figures DIR --xi 1.5)');
  });

  it('sizes pooled, and few glasses; nothing for 20 glasses of one size on a 4 × 4 grid', () => {
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)])).to.have.length(2);
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)])[0]).to.contain('2 sets of parameters (N = 100, 300), pooled in the tail fits');
    expect(summaryWarnings(FEW_GLASSES - 1, [4, 4], 5, [P(300, FEW_GLASSES - 1)])[0]).to.match(/^9 glasses: the tail fits' intervals resample values/);
    expect(summaryWarnings(FEW_GLASSES, [4, 4], 5, [P(300, FEW_GLASSES)])).to.deep.equal([]);
    expect(summaryWarnings(20, [3, 5], 5, [P(300)])).to.have.length(1);
  });
});
