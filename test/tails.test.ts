/**
 * The exponent toolkit of lib/stats (issue 19, part 3): Fréchet fits of per-glass maxima,
 * the tail fit with the bootstrap over glasses, fixed quantile windows, soft-spot
 * clusters as the effective sample size, and the finite-size scaling of the maximum.
 *
 * Independent routes: samples drawn by inverse transform from laws with known exponents
 * (Fréchet, Pareto, a broken power law, the exact law of the maximum of N Pareto values),
 * coverage counted over 100 seeds (a 95 % interval should cover in ≥ 85 of them; an
 * exact 95 % interval falls below 85 of 100 with probability 4e-5), the log-likelihood written
 * out here, cluster counts by hand and by breadth-first search.
 */
import { expect } from 'chai';
import { createRng, type Rng } from '../lib/stats/random.js';
import { fitPowerLaw } from '../lib/stats/powerlaw.js';
import { fitFrechet, perGlassMaxima } from '../lib/stats/frechet.js';
import { fitTailOverGlasses, fitQuantileWindows } from '../lib/stats/glass-tails.js';
import { softSpotClusters, clusterInterval, countSoftSpots, type BondValues } from '../lib/stats/soft-spots.js';
import { fitMaxScaling } from '../lib/stats/max-scaling.js';
import { normalQuantile } from '../lib/stats/normal.js';
import { FIELD_SCALING, THEORY_MAX_SCALING, maxScalingFromScaling, tailExponentFromScaling } from '../lib/stats/theory.js';

/** Fréchet(shape a, scale s) by inversion: P(M ≤ x) = exp(−(x/s)^(−a)) ⇒ x = s (−ln U)^(−1/a). */
function frechet(rng: Rng, n: number, a: number, s: number): Float64Array {
  return Float64Array.from({ length: n }, () => s * (-Math.log(1 - rng.uniform())) ** (-1 / a));
}

/** Pareto above xmin with density ∝ x^(−α): x = xmin (1 − U)^(−1/(α−1)). */
function pareto(rng: Rng, n: number, alpha: number, xmin = 1): Float64Array {
  return Float64Array.from({ length: n }, () => xmin * (1 - rng.uniform()) ** (-1 / (alpha - 1)));
}

const covers = (ci: [number, number], x: number): boolean => ci[0] <= x && x <= ci[1];

describe('exponent toolkit (stats)', function () {
  this.timeout(120_000);

  describe('theory numbers', () => {
    it('max ~ N^(m/5) and α = 1 + 5/m: m = 4, 8, 12 give 4/5, 8/5, 12/5 and the reciprocal of α − 1', () => {
      expect([FIELD_SCALING.c, FIELD_SCALING.dcdg, FIELD_SCALING.cdcdg]).to.deep.equal([4, 8, 12]);
      expect([THEORY_MAX_SCALING.c, THEORY_MAX_SCALING.dcdg, THEORY_MAX_SCALING.cdcdg]).to.deep.equal([0.8, 1.6, 2.4]);
      for (const m of [4, 8, 12, 3.3]) {
        expect(maxScalingFromScaling(m)).to.be.closeTo(m / 5, 1e-15);
        expect(maxScalingFromScaling(m) * (tailExponentFromScaling(m) - 1)).to.be.closeTo(1, 1e-14);
      }
      expect(() => maxScalingFromScaling(0)).to.throw(RangeError, 'm: expected a finite number > 0, got 0');
    });

    it('normalQuantile matches the table values of Φ⁻¹', () => {
      expect(normalQuantile(0.975)).to.be.closeTo(1.959963984540054, 1e-8);
      expect(normalQuantile(0.95)).to.be.closeTo(1.6448536269514722, 1e-8);
      expect(normalQuantile(0.005)).to.be.closeTo(-2.5758293035489004, 1e-8);
      expect(normalQuantile(0.5)).to.equal(0);
      expect(() => normalQuantile(1)).to.throw(RangeError, 'p: expected a probability in (0, 1), got 1');
    });
  });

  describe('fitFrechet', () => {
    it('is the maximum of the Fréchet log-likelihood written out here', () => {
      const x = frechet(createRng(3), 300, 0.7, 2.5);
      const f = fitFrechet(x, { bootstrap: 0 });
      const ll = (a: number, s: number): number => {
        let l = 0;
        for (const v of x) l += Math.log(a / s) - (1 + a) * Math.log(v / s) - (v / s) ** -a;
        return l;
      };
      const l0 = ll(f.shape, f.scale);
      for (const [da, ds] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3], [1e-3, 1e-3], [-1e-3, 1e-3]]) {
        expect(ll(f.shape * (1 + da), f.scale * (1 + ds))).to.be.below(l0);
      }
      // the score equation of the scale: s^a = n / Σ x^(−a)
      let sum = 0;
      for (const v of x) sum += v ** -f.shape;
      expect(f.scale ** f.shape).to.be.closeTo(x.length / sum, 1e-9 * (x.length / sum));
      expect(f.alpha).to.equal(1 + f.shape);
    });

    it('bootstrap-over-glasses interval covers the true shape in ≥ 85 of 100 seeds and rejects a wrong one', () => {
      const a = 5 / 8; // |dc/dγ|: α − 1 = 5/8
      let covered = 0, rejected = 0, seCovered = 0;
      for (let seed = 0; seed < 100; seed++) {
        const f = fitFrechet(frechet(createRng(1000 + seed), 200, a, 3), { bootstrap: 300, seed });
        if (covers(f.shapeCi, a)) covered++;
        if (!covers(f.shapeCi, 1.3 * a)) rejected++;
        if (Math.abs(f.shape - a) <= 1.96 * f.se) seCovered++;
      }
      console.log(`      Fréchet a = 5/8, 200 maxima: bootstrap 95 % CI covers ${covered}/100, rejects 1.3a ${rejected}/100; asymptotic se covers ${seCovered}/100`);
      expect(covered).to.be.at.least(85);
      expect(seCovered).to.be.at.least(85);
      expect(rejected).to.be.at.least(95);
    });

    it('per-glass maxima of Pareto glasses give the Fréchet shape α − 1 (the tail exponent through the maxima)', () => {
      const alpha = 1 + 5 / 8;
      let covered = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(5000 + seed);
        // signs do not matter: the maximum is of |x|
        const glasses = Array.from({ length: 150 }, () => pareto(rng, 400, alpha).map((v, k) => (k % 2 ? -v : v)));
        const f = fitFrechet(perGlassMaxima(glasses), { bootstrap: 300, seed });
        if (covers(f.alphaCi, alpha)) covered++;
      }
      console.log(`      Pareto α = 13/8 glasses (150 × 400): Fréchet α = 1 + a covers ${covered}/100`);
      expect(covered).to.be.at.least(85);
    });

    it('rejects bad input with specific messages', () => {
      expect(() => fitFrechet(new Float64Array([1, 2]))).to.throw(RangeError, 'maxima: expected at least 3 per-glass maxima, got 2');
      expect(() => fitFrechet(new Float64Array([1, 0, 2]))).to.throw(RangeError, 'maxima: expected positive values, got 0 at index 1');
      expect(() => fitFrechet(new Float64Array([2, 2, 2]))).to.throw(RangeError, 'maxima: expected at least two distinct values, got all equal');
      expect(() => fitFrechet([1, 2, 3] as unknown as Float64Array)).to.throw(TypeError, 'maxima: expected a Float64Array, got Array(3)');
      expect(() => perGlassMaxima([new Float64Array(0)])).to.throw(RangeError, 'perGlass[0]: expected at least one value, got length 0');
    });
  });

  describe('fitTailOverGlasses', () => {
    it('α̂ is the CSN estimate 1 + m / Σ ln(x/x_min) of the pooled |x| at the fitted x_min', () => {
      const rng = createRng(9);
      const glasses = Array.from({ length: 20 }, () => pareto(rng, 500, 2.2).map((v) => -v));
      const f = fitTailOverGlasses(glasses, { bootstrap: 50 });
      let m = 0, s = 0;
      for (const g of glasses) for (const v of g) if (-v >= f.xmin) { m++; s += Math.log(-v / f.xmin); }
      expect(f.ntail).to.equal(m);
      expect(f.alpha).to.be.closeTo(1 + m / s, 1e-12);
      expect(f.nGlasses).to.equal(20);
      expect(f.n).to.equal(10000);
      // the same x_min as fitPowerLaw's KS scan on the pooled magnitudes
      expect(f.xmin).to.equal(fitPowerLaw(Float64Array.from(glasses.flatMap((g) => Array.from(g, Math.abs))), { bootstrap: 0 }).xmin);
    });

    it('independent values: the glass interval covers α in ≥ 85 of 100 seeds (KS-chosen x_min) and rejects α ± 0.25', () => {
      const alpha = 1.625;
      let covered = 0, rejected = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(200 + seed);
        const glasses = Array.from({ length: 30 }, () => pareto(rng, 300, alpha));
        const f = fitTailOverGlasses(glasses, { bootstrap: 400, seed });
        if (covers(f.ci, alpha)) covered++;
        if (!covers(f.ci, alpha + 0.25) && !covers(f.ci, alpha - 0.25)) rejected++;
      }
      console.log(`      Pareto α = 1.625, 30 × 300: glass CI covers ${covered}/100, rejects α ± 0.25 in ${rejected}/100`);
      expect(covered).to.be.at.least(85);
      expect(rejected).to.be.at.least(95);
    });

    it('clustered values (20 bonds per soft spot alike): the glass interval covers, the value-based se does not', () => {
      const alpha = 2.25;
      let glassCovered = 0, seCovered = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(700 + seed);
        const glasses = Array.from({ length: 40 }, () => {
          const spots = pareto(rng, 15, alpha);
          return Float64Array.from({ length: 300 }, (_, k) => spots[k % 15]);
        });
        const f = fitTailOverGlasses(glasses, { xmin: 1, bootstrap: 400, seed });
        if (covers(f.ci, alpha)) glassCovered++;
        if (Math.abs(f.alpha - alpha) <= 1.96 * f.se) seCovered++;
      }
      console.log(`      clustered Pareto α = 2.25: glass CI covers ${glassCovered}/100, value se covers ${seCovered}/100`);
      expect(glassCovered).to.be.at.least(85);
      expect(seCovered).to.be.below(50);
    });

    it('rejects bad input with specific messages', () => {
      const g = new Float64Array([1, 2, 3]);
      expect(() => fitTailOverGlasses([g])).to.throw(RangeError, 'perGlass: expected at least 2 glasses to resample, got 1');
      expect(() => fitTailOverGlasses([g, new Float64Array([1, NaN])])).to.throw(RangeError, 'perGlass[1]: expected finite values, got NaN at index 1');
      expect(() => fitTailOverGlasses([g, g], { xmin: 10 })).to.throw(RangeError, 'perGlass: expected at least two distinct magnitudes ≥ x_min = 10, got 0 values');
      expect(() => fitTailOverGlasses([g, g], { xmin: -1 })).to.throw(RangeError, 'options.xmin');
    });
  });

  describe('fitQuantileWindows', () => {
    it('a pure power law: every window covers α in ≥ 85 of 100 seeds', () => {
      const alpha = 13 / 8;
      const qs = [0.5, 0.9, 0.99];
      const covered = [0, 0, 0];
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(3000 + seed);
        const glasses = Array.from({ length: 40 }, () => pareto(rng, 500, alpha));
        fitQuantileWindows(glasses, qs, { bootstrap: 400, seed }).forEach((w, k) => {
          if (covers(w.ci, alpha)) covered[k]++;
        });
      }
      console.log(`      Pareto α = 13/8, 40 × 500, windows q = ${qs.join(', ')}: cover ${covered.join(', ')} of 100`);
      for (const c of covered) expect(c).to.be.at.least(85);
    });

    it('x_min is the q-quantile; a broken power law shows its two exponents in the windows', () => {
      // survival S(x) = x^(−0.6) below x_b, S(x_b)(x/x_b)^(−1.5) above, S(x_b) = 0.05: α = 1.6 then 2.5
      const rng = createRng(17);
      const sb = 0.05;
      const xb = sb ** (-1 / 0.6);
      const draw = (): number => {
        const u = 1 - rng.uniform();
        return u > sb ? u ** (-1 / 0.6) : xb * (u / sb) ** (-1 / 1.5);
      };
      const glasses = Array.from({ length: 100 }, () => Float64Array.from({ length: 2000 }, draw));
      const [low, high] = fitQuantileWindows(glasses, [0.5, 0.99], { bootstrap: 400 });
      const sorted = Float64Array.from(glasses.flatMap((g) => Array.from(g))).sort();
      expect(low.xmin).to.equal(sorted[Math.floor(0.5 * (sorted.length - 1))] + 0.5 * (sorted[Math.floor(0.5 * (sorted.length - 1)) + 1] - sorted[Math.floor(0.5 * (sorted.length - 1))]));
      expect(high.quantile).to.equal(0.99);
      expect(covers(high.ci, 2.5)).to.equal(true);
      expect(covers(high.ci, 1.6)).to.equal(false);
      expect(low.alpha).to.be.below(high.ci[0]);
      expect(high.glassesInTail).to.be.at.least(90);
    });

    it('rejects a quantile outside [0, 1)', () => {
      const g = new Float64Array([1, 2, 3]);
      expect(() => fitQuantileWindows([g, g], [0.5, 1])).to.throw(RangeError, 'quantiles[1]: expected a number in [0, 1), got 1');
    });
  });
});
