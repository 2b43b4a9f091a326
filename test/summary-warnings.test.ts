/**
 * The caveats a results summary carries (EnsembleSummary.warnings, printed by `softspot run`
 * and `figures`, listed at the top of report.html): a ξ-grid too coarse for C(λ), several
 * sizes or protocols pooled, too few glasses for the tail fits' intervals; none for an
 * ensemble without those.
 */
import { expect } from 'chai';
import { binShapeNd } from '../lib/stats/index.js';
import { largestBinSize } from '../lib/stats/grid-nd.js';
import { FEW_GLASSES, FEW_TAIL_GLASSES, summaryWarnings } from '../lib/ensemble/aggregate.js';
import type { TailFit } from '../lib/ensemble/types.js';

const P = (n: number, samples = 20): { model: string; dim: 2 | 3; n: number; prepare: unknown; events: unknown; validate: boolean; samples: number } =>
  ({ model: 'ipl', dim: 2, n, prepare: {}, events: {}, validate: false, samples });

/** A tail fit whose tail lies in `inTail` of `glasses` glasses. */
const fit = (glasses: number, inTail: number): TailFit => ({ alpha: 2.5, se: 0.05, ci: [2.4, 2.6], ciValues: [2.45, 2.55], glasses, glassesInTail: inTail, xmin: 1, ntail: 500, n: 1e5, theory: 2.6 });
const NO_TAILS = {};

describe('summary warnings', () => {
  it('a 3D KA glass of N = 200 at ξ = 5 has 1 bin a side: λ not defined, said with the bins and the ξ that gives 4 bins', () => {
    const side = Math.cbrt(200 / 1.2), cell = Float64Array.of(side, 0, 0, 0, side, 0, 0, 0, side), bins = binShapeNd(cell, 5);
    expect(bins).to.deep.equal([1, 1, 1]);
    // ξ ≤ L/3.5 gives round(L/ξ) ≥ 4 bins (L = 5.50: ξ ≤ 1.57), checked by the grid itself.
    const fineXi = largestBinSize(cell, 4);
    expect(fineXi).to.be.closeTo(side / 3.5, 1e-12);
    expect(Math.min(...binShapeNd(cell, Math.floor(10 * fineXi) / 10))).to.equal(4);
    expect(Math.min(...binShapeNd(cell, fineXi * 1.01))).to.equal(3);
    const [w] = summaryWarnings(20, bins, 5, [P(200)], NO_TAILS, { glasses: 20, fineXi });
    expect(w).to.equal('the ξ = 5 grid (1 × 1 × 1 bins) of every glass has fewer than 4 bins along a cell vector: each bin\'s neighbourhood spans the cell there, ' +
      'so λ is not defined; those glasses\' λ columns of events.csv are NaN and they are left out of C(λ) and Figs. 4, S2, S3; ' +
      'use larger glasses, or a smaller ξ (softspot figures DIR --xi 1.5)');
  });

  it('sizes pooled, and few glasses; nothing for 20 glasses of one size on a 4 × 4 grid', () => {
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)], NO_TAILS)).to.have.length(2);
    expect(summaryWarnings(6, [4, 4], 5, [P(100, 3), P(300, 3)], NO_TAILS)[0]).to.contain('2 sets of parameters (N = 100, 300), pooled in the tail fits');
    expect(summaryWarnings(FEW_GLASSES - 1, [4, 4], 5, [P(300, FEW_GLASSES - 1)], NO_TAILS)[0]).to.match(/^9 glasses: the tail fits' 95 % intervals over glasses cover less with so few/);
    expect(summaryWarnings(FEW_GLASSES, [4, 4], 5, [P(300, FEW_GLASSES)], { c: fit(FEW_GLASSES, FEW_GLASSES), '|dc/dγ| simple': null })).to.deep.equal([]);
    expect(summaryWarnings(20, [3, 5], 5, [P(300)], NO_TAILS)).to.have.length(1);
  });

  it('a tail held by fewer than 5 glasses, or with an interval over glasses less than half the independent values\' band, is named, with where it lies', () => {
    const tails = { c: fit(20, 20), '|dc/dγ| simple': fit(20, FEW_TAIL_GLASSES - 2), '|c·dc/dγ| pure': fit(20, FEW_TAIL_GLASSES) };
    const w = summaryWarnings(20, [4, 4], 5, [P(300)], tails);
    expect(w).to.have.length(1);
    expect(w[0]).to.match(/^the tail fit of \|dc\/dγ\| simple \(above x_min in 3 of 20 glasses\) rests on too few glasses \(fewer than 5, or an interval over glasses less than half as wide/);
    // ... and one held by many glasses whose interval over them is less than half the width of independent values' (an audit: KA |dc/dγ| pure).
    const narrow = summaryWarnings(20, [4, 4], 5, [P(300)], { '|dc/dγ| pure': { ...fit(20, 6), ci: [2.7575, 2.8809], se: 0.0694 } });
    expect(narrow).to.have.length(1);
    expect(narrow[0]).to.contain('|dc/dγ| pure (above x_min in 6 of 20 glasses)');
    // A tail in 2 of 20 glasses has no interval over glasses (NaN, as fitTailOverGlasses gives it there): named all the same.
    const none = summaryWarnings(20, [4, 4], 5, [P(300)], { '|c·dc/dγ| simple': { ...fit(20, 2), ci: [NaN, NaN] } });
    expect(none).to.have.length(1);
    expect(none[0]).to.contain('|c·dc/dγ| simple (above x_min in 2 of 20 glasses, no interval over glasses)');
    // One glass has no interval over glasses at all (NaN), said by the NaN itself.
    expect(summaryWarnings(1, [4, 4], 5, [P(300, 1)], { c: { ...fit(1, 1), ci: [NaN, NaN] } })).to.have.length(1);
  });
});
