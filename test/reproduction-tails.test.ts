/**
 * The tail fit of the reproduction scripts (scripts/reproduction/tails.ts): on synthetic
 * Pareto data the exponent is recovered and the glass-resampling interval covers it; when
 * many values of a glass are copies of one (as the bonds of one soft spot are alike), the
 * interval over values is too narrow and the one over glasses is not.
 */
import { expect } from 'chai';
import { exponent, rangeScan } from '../scripts/reproduction/tails.js';
import { seededRandom } from './helpers/dense-linalg.js';

/** n Pareto(α) values above 1: x = U^(−1/(α−1)). */
function pareto(rand: () => number, n: number, alpha: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * (1 - rand()) ** (-1 / (alpha - 1)));
}

describe('reproduction tail fits', function () {
  this.timeout(60_000);

  it('recovers α of independent Pareto values; both intervals cover it', () => {
    const rand = seededRandom(7);
    const glasses = Array.from({ length: 40 }, () => pareto(rand, 2000, 1.8));
    const e = exponent(glasses, 1.8);
    expect(e.value).to.be.closeTo(1.8, 0.05);
    expect(e.valueLo).to.be.below(1.8 + 0.02);
    expect(e.valueHi).to.be.above(1.8 - 0.02);
    expect(e.lo).to.be.below(1.8);
    expect(e.hi).to.be.above(1.8);
    // x_min fixed at quantiles of a pure power law: the same α at every quantile, within its error.
    for (const p of rangeScan(new Float64Array(glasses.flatMap((g) => Array.from(g))))) expect(Math.abs(p.alpha - 1.8)).to.be.below(4 * p.se + 0.01);
  });

  it('clustered values: the glass interval is wider than the value interval', () => {
    const rand = seededRandom(11);
    // each glass: 100 independent values, each carried by 20 interactions (the bonds of one
    // soft spot share its size); the value bootstrap sees 20× too many independent values
    const glasses = Array.from({ length: 40 }, () => {
      const distinct = pareto(rand, 100, 2.5);
      return Float64Array.from({ length: 2000 }, (_, k) => distinct[k % 100]);
    });
    const e = exponent(glasses, 2.5);
    expect(e.hi - e.lo).to.be.above(2.5 * (e.valueHi - e.valueLo));
    expect(e.lo).to.be.below(2.5);
    expect(e.hi).to.be.above(2.5);
  });
});
