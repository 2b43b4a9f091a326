/**
 * The tail fit of the reproduction scripts (scripts/reproduction/tails.ts): on synthetic
 * Pareto data the exponent is recovered and the glass-resampling interval covers it; when
 * many values of a glass are copies of one (as the bonds of one soft spot are alike), the
 * interval over values is too narrow and the one over glasses is not.
 */
import { expect } from 'chai';
import { signTest } from '../scripts/reproduction/ranks.js';
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

describe('reproduction: paired sign test', function () {
  /** Σ_{j ≥ k} C(n, j) / 2ⁿ in exact integer arithmetic (BigInt), then one division. */
  function exactUpperTail(n: number, k: number): number {
    let choose = 1n, sum = 0n;
    for (let j = 0; j <= n; j++) {
      if (j >= k) sum += choose;
      choose = (choose * BigInt(n - j)) / BigInt(j + 1);
    }
    const scale = 10n ** 30n;
    return Number((sum * scale) / (1n << BigInt(n))) / 1e30;
  }

  it('equals the exact two-sided binomial tail (classic 9 of 10: 22/1024)', function () {
    expect(signTest(9, 1)).to.be.closeTo(22 / 1024, 1e-15);
    expect(signTest(1, 9)).to.be.closeTo(22 / 1024, 1e-15);
  });

  it('matches exact integer arithmetic on large, lopsided and even splits', function () {
    for (const [b, w] of [[462, 239], [116, 24], [60, 40], [50, 50], [0, 0], [3, 0], [200, 170]]) {
      const n = b + w, k = Math.max(b, w);
      const exact = n === 0 ? 1 : Math.min(1, 2 * exactUpperTail(n, k));
      const got = signTest(b, w);
      expect(Math.abs(got - exact), `${b} / ${w}`).to.be.at.most(1e-12 * Math.max(exact, 1e-300) + 1e-300);
    }
  });
});
