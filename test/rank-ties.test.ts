/**
 * Ties of the smoothed ξ-grid values in the ranks λ (lib/stats/ties.ts): a field of few
 * distinct values (the coordination deficit) makes bins whose 3×3 averages are equal as
 * numbers but a few ulp apart in floating point, and a rank by `>` counted such a tie as
 * higher or lower by round-off (an audit found λ = 0.68 for an exact 0.64). Independent
 * route: the same ranks in exact integer arithmetic (values k/10 summed as integers k).
 */
import { expect } from 'chai';
import { eventRanks, eventRanksNd } from '../lib/stats/index.js';
import { rankField } from '../lib/predictors/rank.js';
import { seededRandom } from './helpers/dense-linalg.js';

/** λ, ties and lower of each event bin of a periodic n×n grid of integer values, by exact 3×3 block sums. */
function exactRanks(values: number[], n: number, eventBins: number[]): Array<{ lambda: number; ties: number; lower: number }> {
  const S = values.map((_, b) => {
    const ix = b % n, iy = Math.floor(b / n);
    let s = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += values[((iy + dy + n) % n) * n + ((ix + dx + n) % n)]!;
    return s;
  });
  return eventBins.map((e) => {
    const higher = S.filter((s) => s > S[e]!).length, lower = S.filter((s) => s < S[e]!).length;
    return { lambda: higher / S.length, ties: S.length - 1 - higher - lower, lower };
  });
}

describe('ranks λ: ties of the smoothed grid decided by value, not by round-off', () => {
  it('eventRanks (2D) and eventRanksNd (3D): a value equal but for round-off (0.1 + 0.2 against 0.3) is not higher', () => {
    // 2×2 grid, event in bin 1 (value 0.3): only 0.5 is higher.
    const grid = Float64Array.of(0.1 + 0.2, 0.3, 0.5, 0.1);
    expect(0.1 + 0.2 > 0.3, 'the round-off this test is about').to.equal(true);
    expect(Array.from(eventRanks(Float64Array.of(2, 0, 0, 2), grid, 2, 2, Float64Array.of(1.5, 0.5)))).to.deep.equal([1 / 4]);
    const grid3 = Float64Array.of(0.1 + 0.2, 0.3, 0.5, 0.1, 0.2, 0.2, 0.2, 0.2);
    expect(Array.from(eventRanksNd(Float64Array.of(2, 0, 0, 0, 2, 0, 0, 0, 2), grid3, [2, 2, 2], Float64Array.of(1.5, 0.5, 0.5)))).to.deep.equal([1 / 8]);
  });

  it('rankField (predictors): on 300 random fields of three values k/10 over a 5×5 grid, λ, ties and AUC are those of exact integer sums', () => {
    const rng = seededRandom(19);
    const n = 5, cell = Float64Array.of(n, 0, 0, n);
    const points = Float64Array.from({ length: 2 * n * n }, (_, k) => (k % 2 === 0 ? ((k / 2) % n) + 0.5 : Math.floor(k / 2 / n) + 0.5));
    const eventBins = [0, 7, 12, 18, 24];
    const events = Float64Array.from(eventBins.flatMap((b) => [(b % n) + 0.5, Math.floor(b / n) + 0.5]));
    let ties = 0;
    for (let trial = 0; trial < 300; trial++) {
      const values = Array.from({ length: n * n }, () => [1, 2, 7][Math.floor(3 * rng())]!);
      const r = rankField(cell, points, Float64Array.from(values, (k) => k / 10), events, 1);
      const exact = exactRanks(values, n, eventBins);
      exact.forEach((x, k) => {
        expect(r.lambda[k], `trial ${trial}, event ${k}`).to.equal(x.lambda);
        expect(r.ties[k], `trial ${trial}, event ${k}`).to.equal(x.ties);
        expect(r.auc[k], `trial ${trial}, event ${k}`).to.be.closeTo((x.lower + x.ties / 2) / (n * n - 1), 1e-15);
        ties += x.ties;
      });
    }
    expect(ties, 'the fields make ties').to.be.above(100);
  });
});
