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
import { createRng, type Rng } from '../lib/random.js';
import { fitPowerLaw } from '../lib/stats/powerlaw.js';
import { fitFrechet, perGlassMaxima } from '../lib/stats/frechet.js';
import { fitTailOverGlasses, fitQuantileWindows } from '../lib/stats/glass-tails.js';
import { softSpotClusters, clusterInterval, countSoftSpots, type BondValues } from '../lib/stats/soft-spots.js';
import { fitMaxScaling } from '../lib/stats/max-scaling.js';
import { normalQuantile } from '../lib/stats/normal.js';
import { basicLogInterval, jackknifeSe, studentizedInterval, studentizedPivot } from '../lib/stats/bootstrap.js';
import { FIELD_SCALING, THEORY_MAX_SCALING, maxScalingFromScaling, tailExponentFromScaling } from '../lib/stats/theory.js';
import { ensembleTails, FEW_TAIL_GLASSES, intervalRestsOnFewGlasses, type TailSample } from '../lib/ensemble/tails.js';

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

  describe('bootstrap intervals', () => {
    it('jackknifeSe of the leave-one-out means is the standard error s/√n of the mean', () => {
      const x = [3.1, -0.4, 2.2, 7.9, 1.05, 4.4];
      const n = x.length;
      const sum = x.reduce((p, q) => p + q);
      const mean = sum / n;
      const s2 = x.reduce((p, q) => p + (q - mean) ** 2, 0) / (n - 1);
      expect(jackknifeSe(x.map((v) => (sum - v) / (n - 1)))).to.be.closeTo(Math.sqrt(s2 / n), 1e-14);
      expect(jackknifeSe([1, NaN, 2])).to.be.NaN;
      expect(jackknifeSe([1])).to.be.NaN;
    });

    it('studentizedInterval: θ̂ − t*_(1−α/2)·se to θ̂ − t*_(α/2)·se; an infinite end quantile gives NaN', () => {
      // t* = −2 … 2 in 401 steps: type-7 quantiles at 0.025 and 0.975 are −1.9 and 1.9
      const t = Float64Array.from({ length: 401 }, (_, k) => 2 - k / 100);
      const [lo, hi] = studentizedInterval(10, 0.5, t, 0.95);
      expect(lo).to.be.closeTo(10 - 1.9 * 0.5, 1e-12);
      expect(hi).to.be.closeTo(10 + 1.9 * 0.5, 1e-12);
      expect(studentizedPivot(3, 2, 0.5)).to.equal(2);
      expect(studentizedPivot(3, 2, 0)).to.equal(Infinity);
      expect(studentizedPivot(1, 2, NaN)).to.equal(-Infinity);
      expect(studentizedPivot(2, 2, 0)).to.equal(0);
      // 3 % of the resamples rest on one unit above θ̂: the lower end is unbounded
      const some = Float64Array.from({ length: 100 }, (_, k) => (k < 3 ? Infinity : k / 100));
      expect(studentizedInterval(10, 0.5, some, 0.95).every(Number.isNaN)).to.equal(true);
      const few = Float64Array.from({ length: 100 }, (_, k) => (k < 2 ? Infinity : k / 100));
      expect(studentizedInterval(10, 0.5, few, 0.95).every(Number.isFinite)).to.equal(true);
      expect(studentizedInterval(10, 0, t, 0.95).every(Number.isNaN)).to.equal(true);
    });

    it('basicLogInterval reflects the replicates about θ̂ on the log scale', () => {
      // replicates θ̂·e^u, u = −1 … 1 in 201 steps: quantiles θ̂e^(∓0.95), interval θ̂e^(∓0.95) swapped
      const reps = Float64Array.from({ length: 201 }, (_, k) => 4 * Math.exp(-1 + k / 100));
      const [lo, hi] = basicLogInterval(4, reps, 0.95);
      expect(lo).to.be.closeTo(4 * Math.exp(-0.95), 1e-12);
      expect(hi).to.be.closeTo(4 * Math.exp(0.95), 1e-12);
      // skewed replicates (all above θ̂): the interval lies below θ̂, as the bias says
      const high = Float64Array.from({ length: 101 }, (_, k) => 4 * Math.exp(k / 100));
      expect(basicLogInterval(4, high, 0.95)[1]).to.be.below(4);
      expect(basicLogInterval(4, new Float64Array(0), 0.95).every(Number.isNaN)).to.equal(true);
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

    it('is scale-equivariant (x → k·x: scale × k, same shape) and recovers a steep shape a = 3', () => {
      const x = frechet(createRng(8), 100, 0.4, 1);
      const f = fitFrechet(x, { bootstrap: 0 });
      const g = fitFrechet(x.map((v) => 1e6 * v), { bootstrap: 0 });
      expect(g.shape).to.be.closeTo(f.shape, 1e-9 * f.shape);
      expect(g.scale).to.be.closeTo(1e6 * f.scale, 1e-6 * f.scale);
      const h = fitFrechet(frechet(createRng(9), 2000, 3, 0.01), { bootstrap: 0 });
      expect(h.shape).to.be.closeTo(3, 4 * h.se);
      expect(h.scale).to.be.closeTo(0.01, 0.001);
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

    it('6 glasses: the shape and scale intervals cover in ≥ 85 of 100 seeds (the percentile interval of â* covered ~60 %)', () => {
      const a = 5 / 8, s = 3;
      let shapeCovered = 0, scaleCovered = 0;
      for (let seed = 0; seed < 100; seed++) {
        const f = fitFrechet(frechet(createRng(9000 + seed), 6, a, s), { bootstrap: 400, seed });
        if (covers(f.shapeCi, a)) shapeCovered++;
        if (covers(f.scaleCi, s)) scaleCovered++;
      }
      console.log(`      Fréchet a = 5/8, 6 maxima: shape CI covers ${shapeCovered}/100, scale CI ${scaleCovered}/100`);
      expect(shapeCovered).to.be.at.least(85);
      expect(scaleCovered).to.be.at.least(85);
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

    it('clustered values in 6 glasses: the interval covers in ≥ 90 of 100 seeds (the percentile interval of α* covered ~85 %)', () => {
      const alpha = 1.625;
      let covered = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(8000 + seed);
        const glasses = Array.from({ length: 6 }, () => {
          const spots = pareto(rng, 20, alpha);
          return Float64Array.from({ length: 120 }, (_, k) => spots[k % 20]);
        });
        if (covers(fitTailOverGlasses(glasses, { xmin: 1, bootstrap: 400, seed }).ci, alpha)) covered++;
      }
      console.log(`      clustered Pareto α = 1.625, 6 glasses × 20 spots: glass CI covers ${covered}/100`);
      expect(covered).to.be.at.least(90);
    });

    it('a far tail mostly in one of 60 glasses: the interval stays above α = 1 (studentized on α itself it fell below 1 in 100 of these 100 seeds)', () => {
      let finite = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(12000 + seed);
        // 60 glasses: one holds 40 values above x_min = 10 (α = 3), nine one heavy value each (α = 1.5), the rest none
        // (the shape of the finite-size study's far windows: most of the tail in one glass)
        const glasses = Array.from({ length: 60 }, (_, g) => (g === 0 ? pareto(rng, 40, 3, 10) : g < 10 ? pareto(rng, 1, 1.5, 10)
          : Float64Array.from({ length: 50 }, () => 1 + 8 * rng.uniform())));
        const f = fitTailOverGlasses(glasses, { xmin: 10, bootstrap: 400, seed });
        if (f.ci.every(Number.isFinite)) {
          finite++;
          expect(f.ci[0], `seed ${seed}`).to.be.at.least(1);
          expect(f.ci[1], `seed ${seed}`).to.be.above(f.ci[0]);
        } else expect(f.ci.every(Number.isNaN)).to.equal(true);
      }
      console.log(`      far tail mostly in 1 of 60 glasses: ${finite}/100 seeds with an interval, every one above α = 1`);
    });

    it('a tail in too few glasses has no interval over glasses (NaN): one glass, or 2 of 4 (most resamples rest on one)', () => {
      const rng = createRng(5);
      const flat = (): Float64Array => Float64Array.from({ length: 200 }, () => 0.5 + 0.4 * rng.uniform());
      const perGlass = [pareto(rng, 200, 2), flat(), flat()];
      const fit = fitTailOverGlasses(perGlass, { xmin: 1, bootstrap: 200 });
      expect(fit.glassesInTail).to.equal(1);
      expect(fit.ci.every(Number.isNaN)).to.equal(true);
      const two = fitTailOverGlasses([...perGlass, pareto(rng, 200, 2)], { xmin: 1, bootstrap: 200 });
      expect(two.glassesInTail).to.equal(2);
      expect(two.ci.every(Number.isNaN)).to.equal(true);
      // every glass in the tail: a finite interval around α̂
      const all = fitTailOverGlasses(Array.from({ length: 4 }, () => pareto(rng, 200, 2)), { xmin: 1, bootstrap: 200 });
      expect(all.ci[0]).to.be.below(all.alpha);
      expect(all.ci[1]).to.be.above(all.alpha);
    });

    it('one glass: α̂ of its own values (the MLE written out) without an interval over glasses', () => {
      const v = pareto(createRng(8), 300, 2);
      const xmin = 1.5;
      let m = 0, S = 0;
      for (const x of v) if (x >= xmin) { m++; S += Math.log(x / xmin); }
      const fit = fitTailOverGlasses([v], { xmin, bootstrap: 100 });
      expect(fit.alpha).to.be.closeTo(1 + m / S, 1e-12);
      expect([fit.ntail, fit.nGlasses, fit.glassesInTail]).to.deep.equal([m, 1, 1]);
      expect(fit.ci.every(Number.isNaN)).to.equal(true);
      expect(fitQuantileWindows([v], [0.5], { bootstrap: 50 })[0]!.ci.every(Number.isNaN)).to.equal(true);
    });

    it('rejects bad input with specific messages', () => {
      const g = new Float64Array([1, 2, 3]);
      expect(() => fitTailOverGlasses([])).to.throw(RangeError, 'perGlass: expected at least one glass, got none');
      expect(() => fitTailOverGlasses([g, new Float64Array([1, NaN])])).to.throw(RangeError, 'perGlass[1]: expected finite values, got NaN at index 1');
      expect(() => fitTailOverGlasses([g, g], { xmin: 10 })).to.throw(RangeError, 'perGlass: expected at least two distinct magnitudes ≥ x_min = 10, got none');
      expect(() => fitTailOverGlasses([g, g], { xmin: 3 })).to.throw(RangeError, 'perGlass: expected at least two distinct magnitudes ≥ x_min = 3, got 2 values, all equal to x_min');
      expect(() => fitTailOverGlasses([g, g], { xmin: -1 })).to.throw(RangeError, 'options.xmin');
      // The KS scan's own refusals speak of the glasses, not of fitPowerLaw's `values`.
      expect(() => fitTailOverGlasses([g, g])).to.throw(RangeError,
        'perGlass: expected at least minTail = 50 non-zero values over the glasses for the KS choice of x_min, got 6 in 2 glasses; compute more glasses, or fix x_min');
      const flat = new Float64Array(40).fill(-2);
      expect(() => fitTailOverGlasses([flat, flat])).to.throw(RangeError,
        'perGlass: expected distinct magnitudes, got all 80 non-zero values of the 2 glasses equal to 2; a power law needs a spread');
      // fitQuantileWindows checks its option names (a typo, or an x_min its quantiles set, was ignored)
      expect(() => fitQuantileWindows([g, g], [0.5], { bootstrapp: 10 } as never)).to.throw(TypeError, /options\.bootstrapp: not an option of fitQuantileWindows.*bootstrap/);
      expect(() => fitQuantileWindows([g, g], [0.5], { xmin: 5 } as never)).to.throw(TypeError, /options\.xmin: not an option of fitQuantileWindows/);
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

  describe('soft-spot clusters', () => {
    const bonds = (pairs: [number, number, number][]): BondValues => ({
      i: Int32Array.from(pairs, (p) => p[0]), j: Int32Array.from(pairs, (p) => p[1]), values: Float64Array.from(pairs, (p) => p[2]),
    });

    it('counts hand-made clusters: shared particles join, small bonds do not, |x| counts, x = x_min counts', () => {
      const c = softSpotClusters(bonds([
        [0, 1, 5], [1, 2, 5], // A: chain through particle 1
        [3, 4, 5], // B
        [4, 5, 0.1], // small: does not join B and C
        [5, 6, 5], // C
        [7, 8, -6], // D: negative, |x| large
        [8, 0, 0.2], // small: does not join D and A
        [9, 10, 1], // E: exactly x_min
      ]), 1);
      expect(c.count).to.equal(5);
      expect(Array.from(c.labels)).to.deep.equal([0, 0, 1, -1, 2, 3, -1, 4]);
      expect(Array.from(c.sizes)).to.deep.equal([2, 1, 1, 1, 1]);
      // a triangle is one cluster; two stars joined by one large bond are one
      expect(softSpotClusters(bonds([[0, 1, 2], [1, 2, 2], [2, 0, 2]]), 1).count).to.equal(1);
      expect(softSpotClusters(bonds([[0, 1, 2], [0, 2, 2], [5, 6, 2], [5, 7, 2], [2, 7, 2]]), 1).count).to.equal(1);
      expect(softSpotClusters(bonds([[0, 1, 2], [0, 2, 2], [5, 6, 2], [5, 7, 2], [2, 7, 0.5]]), 1).count).to.equal(2);
      expect(softSpotClusters(bonds([[0, 1, 0.5]]), 1).count).to.equal(0);
    });

    it('agrees with a breadth-first search on random bond graphs', () => {
      const rng = createRng(4);
      for (let t = 0; t < 50; t++) {
        const nP = 60, nB = 120;
        const pairs: [number, number, number][] = Array.from({ length: nB }, () => {
          const a = rng.uniformInt(nP);
          return [a, (a + 1 + rng.uniformInt(nP - 1)) % nP, (rng.uniform() - 0.5) * 4];
        });
        // BFS over particles through large bonds
        const adj: number[][] = Array.from({ length: nP }, () => []);
        for (const [a, b, v] of pairs) if (Math.abs(v) >= 1) { adj[a].push(b); adj[b].push(a); }
        const seen = new Array<boolean>(nP).fill(false);
        let components = 0;
        for (let p = 0; p < nP; p++) {
          if (seen[p] || adj[p].length === 0) continue;
          components++;
          const queue = [p];
          seen[p] = true;
          while (queue.length) for (const q of adj[queue.pop()!]) if (!seen[q]) { seen[q] = true; queue.push(q); }
        }
        const c = softSpotClusters(bonds(pairs), 1);
        expect(c.count).to.equal(components);
        expect(c.sizes.reduce((x, y) => x + y, 0)).to.equal(pairs.filter((p) => Math.abs(p[2]) >= 1).length);
        // bonds sharing a particle and both large have the same label
        pairs.forEach(([a, b], k) => pairs.forEach(([a2, b2], k2) => {
          if (c.labels[k] >= 0 && c.labels[k2] >= 0 && (a === a2 || a === b2 || b === a2 || b === b2)) expect(c.labels[k]).to.equal(c.labels[k2]);
        }));
      }
    });

    it('clusterInterval: K and Kish K_eff = (Σk)²/Σk², α̂ ± z(α̂ − 1)/√K', () => {
      const r = clusterInterval(2, Int32Array.from([4, 4, 4, 4]));
      expect(r.ntail).to.equal(16);
      expect(r.clusters).to.equal(4);
      expect(r.effectiveSize).to.equal(4);
      expect(r.se).to.be.closeTo(0.5, 1e-15);
      expect(r.ci[0]).to.be.closeTo(2 - 1.959963984540054 * 0.5, 1e-8);
      expect(r.ci[1]).to.be.closeTo(2 + 1.959963984540054 * 0.5, 1e-8);
      const u = clusterInterval(3, Int32Array.from([1, 3]), 0.9);
      expect(u.effectiveSize).to.be.closeTo(1.6, 1e-15);
      expect(u.seEffective).to.be.closeTo(2 / Math.sqrt(1.6), 1e-14);
      expect(u.ciEffective[1] - 3).to.be.closeTo(1.6448536269514722 * 2 / Math.sqrt(1.6), 1e-8);
      // Few clusters: the normal interval would reach below α = 1, no tail exponent; it is cut at 1.
      const cut = clusterInterval(1.5, Int32Array.from([1, 1]));
      expect(1.5 - 1.959963984540054 * 0.5 / Math.SQRT2).to.be.below(1);
      expect(cut.ci[0]).to.equal(1);
      expect(cut.ciEffective[0]).to.equal(1);
      expect(cut.ci[1]).to.be.closeTo(1.5 + 1.959963984540054 * 0.5 / Math.SQRT2, 1e-8);
      expect(() => clusterInterval(1, Int32Array.from([1]))).to.throw(RangeError, 'alpha: expected a finite number > 1, got 1');
      expect(() => clusterInterval(2, new Int32Array(0))).to.throw(RangeError, 'sizes: expected at least one cluster, got none');
    });

    it('soft spots of 12 bonds alike: the interval with the cluster count covers α in ≥ 85 of 100 seeds, the one with the bond count does not', () => {
      const alpha = 2.25;
      let kCovered = 0, mCovered = 0;
      let kSum = 0;
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(9000 + seed);
        const glasses: BondValues[] = Array.from({ length: 20 }, () => {
          // 10 soft spots, each a star of 12 bonds around its own core particle, values
          // v·(1 ± 3 %); 200 background bonds between other particles below x_min = 1
          const spots = pareto(rng, 10, alpha);
          const pairs: [number, number, number][] = [];
          let p = 0;
          for (const v of spots) {
            const core = p++;
            for (let k = 0; k < 12; k++) pairs.push([core, p++, v * (1 + 0.03 * (rng.uniform() - 0.5))]);
          }
          for (let k = 0; k < 200; k++) { pairs.push([p, p + 1, 0.5 * rng.uniform()]); p += 2; }
          return { i: Int32Array.from(pairs, (q) => q[0]), j: Int32Array.from(pairs, (q) => q[1]), values: Float64Array.from(pairs, (q) => q[2]) };
        });
        const xmin = 1.05; // above the jitter of the smallest spot, so clusters are whole
        const fit = fitTailOverGlasses(glasses.map((g) => g.values), { xmin, bootstrap: 0 });
        const spots = countSoftSpots(glasses, xmin);
        kSum += spots.count;
        const ci = clusterInterval(fit.alpha, spots.sizes).ci;
        if (covers(ci, alpha)) kCovered++;
        if (Math.abs(fit.alpha - alpha) <= 1.96 * fit.se) mCovered++;
      }
      console.log(`      stars of 12 bonds, α = 2.25: cluster-count CI covers ${kCovered}/100 (mean K = ${(kSum / 100).toFixed(0)}), bond-count CI ${mCovered}/100`);
      expect(kCovered).to.be.at.least(85);
      expect(mCovered).to.be.below(60);
    });

    it('countSoftSpots adds the glasses and names the glass of bad input', () => {
      const g = bonds([[0, 1, 2], [2, 3, 2]]);
      const r = countSoftSpots([g, g, bonds([[0, 1, 0.1]])], 1);
      expect(r.count).to.equal(4);
      expect(Array.from(r.perGlass)).to.deep.equal([2, 2, 0]);
      expect(() => countSoftSpots([g, bonds([[-1, 1, 2]])], 1)).to.throw(RangeError, 'glasses[1]: bonds: expected particle indices ≥ 0, got -1–1 at bond 0');
      expect(() => softSpotClusters({ i: new Int32Array(1), j: new Int32Array(0), values: new Float64Array(1) }, 1))
        .to.throw(RangeError, 'bonds.i, bonds.j: expected length ≥ values.length = 1, got 1 and 0');
    });
  });

  describe('fitMaxScaling', () => {
    /** The maximum of N Pareto(α) values by inversion of its exact law (1 − x^(−a))^N, a = α − 1. */
    const maxOfN = (rng: Rng, N: number, a: number): number => (1 - (1 - rng.uniform()) ** (1 / N)) ** (-1 / a);
    const sizes = [500, 1000, 2000, 4000];
    /** OLS slope of ln(exact median of the max) against ln N: median = (1 − 2^(−1/N))^(−1/a). */
    const exactSlope = (a: number): number => {
      const x = sizes.map(Math.log);
      const y = sizes.map((N) => (-1 / a) * Math.log(1 - 2 ** (-1 / N)));
      const mx = x.reduce((p, q) => p + q) / 4, my = y.reduce((p, q) => p + q) / 4;
      return x.reduce((acc, xi, k) => acc + (xi - mx) * (y[k] - my), 0) / x.reduce((acc, xi) => acc + (xi - mx) ** 2, 0);
    };

    it('the exact medians grow as N^(1/a): the theory m/5 for a = 5/m', () => {
      expect(exactSlope(5 / 8)).to.be.closeTo(8 / 5, 2e-3);
    });

    for (const [field, m] of [['|c|', 4], ['|dc/dγ|', 8], ['|c·dc/dγ|', 12]] as const) {
      it(`median slope for ${field} (a = 5/${m}): the interval covers the exact slope in ≥ 85 of 100 seeds and rejects the next field's m/5 (m ± 4)`, () => {
        const a = 5 / m;
        const truth = exactSlope(a);
        let covered = 0, rejected = 0, width = 0;
        for (let seed = 0; seed < 100; seed++) {
          const rng = createRng(20000 + 100 * m + seed);
          const groups = sizes.map((N) => ({ n: N, maxima: Float64Array.from({ length: 100 }, () => maxOfN(rng, N, a)) }));
          const f = fitMaxScaling(groups, { bootstrap: 400, seed });
          if (covers(f.ci, truth)) covered++;
          if (!covers(f.ci, (m - 4) / 5) && !covers(f.ci, (m + 4) / 5)) rejected++;
          width += (f.ci[1] - f.ci[0]) / 200;
        }
        console.log(`      ${field}: 4 sizes × 100 glasses, slope CI covers ${covered}/100 (mean half-width ${width.toFixed(3)}), rejects (m ± 4)/5 in ${rejected}/100`);
        expect(covered).to.be.at.least(85);
        expect(rejected).to.be.at.least(90);
      });
    }

    it('the mean for |c| (a = 5/4 > 1, the mean exists) and the fitted line', () => {
      const rng = createRng(77);
      const groups = sizes.map((N) => ({ n: N, maxima: Float64Array.from({ length: 2000 }, () => maxOfN(rng, N, 1.25)) }));
      const f = fitMaxScaling(groups, { statistic: 'mean', bootstrap: 200 });
      expect(f.statistic).to.equal('mean');
      expect(covers(f.ci, 0.8)).to.equal(true);
      // typical = the plain mean of each size
      groups.forEach((g, s) => expect(f.typical[s]).to.be.closeTo(g.maxima.reduce((p, q) => p + q) / g.maxima.length, 1e-9 * f.typical[s]));
      expect(Array.from(f.sizes)).to.deep.equal(sizes);
    });

    it('rejects bad input with specific messages', () => {
      const v = new Float64Array([1, 2]);
      expect(() => fitMaxScaling([{ n: 10, maxima: v }, { n: 10, maxima: v }])).to.throw(RangeError, 'groups: expected at least 2 distinct sizes n, got 1');
      expect(() => fitMaxScaling([{ n: 10, maxima: v }, { n: 20, maxima: new Float64Array([1, -1]) }])).to.throw(RangeError, 'groups[1].maxima: expected positive values, got -1 at index 1');
      expect(() => fitMaxScaling([{ n: 10, maxima: v }, { n: 20, maxima: v }], { statistic: 'mode' as 'mean' })).to.throw(RangeError, 'options.statistic');
    });
  });
});

describe('softspot tails: a tail that rests on too few glasses is said to (an audit: an interval over 2–3 effective glasses narrower than one of independent values)', () => {
  /** A glass of `values` as c on a chain of bonds (k, k + 1), with dc/dγ = c. */
  const glass = (values: Float64Array): TailSample => {
    const i = Int32Array.from(values, (_, k) => k), j = Int32Array.from(values, (_, k) => k + 1);
    return { spec: { n: values.length + 1 }, i, j, c: values, dcdg: { simple: values } };
  };
  const cRow = (samples: TailSample[]) => ensembleTails(samples, { bootstrap: 400 }).find((f) => f.field === 'c')!.sizes[0]!;
  const note = (row: ReturnType<typeof cRow>) => row.notes.find((n) => n.startsWith('tail fit:') && n.includes('rests on too few glasses'));

  it('20 glasses, a far tail in 2 of them: no interval over glasses (NaN), and the rule says the tail rests on too few', () => {
    const rng = createRng(8);
    const glasses = Array.from({ length: 20 }, (_, g) => (g < 2 ? pareto(rng, 300, 2.5, 10) : Float64Array.from({ length: 300 }, () => 1 + rng.uniform())));
    const fit = fitTailOverGlasses(glasses, { xmin: 10, bootstrap: 400 });
    expect([fit.glassesInTail, Number.isNaN(fit.ci[0])]).to.deep.equal([2, true]);
    expect(intervalRestsOnFewGlasses(fit)).to.equal(true);
  });

  it('20 independent Pareto glasses: no note; 4 glasses: fewer than 5 hold the tail', () => {
    const rng = createRng(5);
    const many = cRow(Array.from({ length: 20 }, () => glass(pareto(rng, 400, 2.5))));
    expect(many.fit!.glassesInTail).to.be.at.least(FEW_TAIL_GLASSES);
    expect(note(many)).to.equal(undefined);
    const few = cRow(Array.from({ length: 4 }, () => glass(pareto(rng, 400, 2.5))));
    expect(few.fit!.ci.every(Number.isFinite), 'an interval over 4 glasses').to.equal(true);
    expect(note(few)).to.match(/^tail fit: the tail above x_min = \S+ lies in 4 of 4 glasses: the tail rests on too few glasses for an interval over them to bound α̂; compute more glasses$/);
  });

  it('an interval over glasses less than half as wide as the band of independent values is flagged: the audit\'s KA N = 500 |dc/dγ| pure, not its |c·dc/dγ|', () => {
    // softspot tails on 10 KA glasses of N = 500 (pure): |dc/dγ| α̂ 2.834 [2.757, 2.881] with se 0.0694 (±1.96 se: [2.70, 2.97]), tail in 6 of 10 glasses;
    // |c·dc/dγ| 1.946 [1.876, 2.003], se 0.0351 (0.92 of the band); |c| 2.982 [2.386, 3.496], se 0.0201 (wider, as soft spots make it).
    expect(intervalRestsOnFewGlasses({ ci: [2.7574981925926, 2.8808586163176644], se: 0.06942584679797521, glassesInTail: 6 })).to.equal(true);
    expect(intervalRestsOnFewGlasses({ ci: [1.8763506728723924, 2.002543236979233], se: 0.035082293519915965, glassesInTail: 9 })).to.equal(false);
    expect(intervalRestsOnFewGlasses({ ci: [2.3858661774142247, 3.4962167322160713], se: 0.020091074362296967, glassesInTail: 10 })).to.equal(false);
    // Fewer than 5 glasses holding the tail, whatever the interval (NaN, as it mostly is there, included); NaN with many glasses: not by itself.
    expect(intervalRestsOnFewGlasses({ ci: [2, 3], se: 0.01, glassesInTail: FEW_TAIL_GLASSES - 1 })).to.equal(true);
    expect(intervalRestsOnFewGlasses({ ci: [NaN, NaN], se: 0.01, glassesInTail: 3 })).to.equal(true);
    expect(intervalRestsOnFewGlasses({ ci: [NaN, NaN], se: 0.01, glassesInTail: 10 })).to.equal(false);
  });
});
