/**
 * Tests of lib/stats (DESIGN §7). Every numeric expectation comes from an independent
 * route: a BigInt re-implementation (PRNG), closed-form distributions (histograms,
 * power laws, Kolmogorov table values), hand arithmetic (binning, neighbour averages,
 * ranks, Err), or sampling theory (standard errors, KS tests). Fixed seeds throughout.
 */
import { expect } from 'chai';
import {
  binomial,
  createRng,
  rngFromState,
  fillUniform,
  fillNormal,
  logHistogram,
  logHistogramAbs,
  logHistogramSigned,
  fitPowerLaw,
  THEORY_EXPONENTS,
  tailExponentFromScaling,
  binShape,
  binIndex,
  binField,
  neighbourAverage,
  predictorFields,
  eventRank,
  eventRanks,
  rankEvents,
  predictability,
  relativeErrPercent,
  percentiles,
  quantileOf,
  quantilesOf,
  fractionBelow,
  ecdf,
  ecdfAt,
  ksTestUniform,
  kolmogorovQ,
  type Rng,
} from '../lib/stats/index.js';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

/** Pareto sample by inverse transform: x = xmin (1 − u)^(−1/(α−1)), density ∝ x^(−α). */
function pareto(rng: Rng, n: number, alpha: number, xmin = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = xmin * Math.pow(1 - rng.uniform(), -1 / (alpha - 1));
  return out;
}

describe('stats', function () {
  describe('random (xoshiro128** via splitmix64)', function () {
    const M32 = 0xffffffffn;
    const M64 = (1n << 64n) - 1n;
    const rotl32 = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M32;
    /** Independent BigInt reference of the published C code. */
    function refXoshiro(s: bigint[], count: number): number[] {
      const out: number[] = [];
      for (let c = 0; c < count; c++) {
        out.push(Number((rotl32((s[1] * 5n) & M32, 7n) * 9n) & M32));
        const t = (s[1] << 9n) & M32;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl32(s[3], 11n);
      }
      return out;
    }
    function refSplitmix(seed: bigint): bigint[] {
      let x = seed;
      const outs: bigint[] = [];
      for (let k = 0; k < 2; k++) {
        x = (x + 0x9e3779b97f4a7c15n) & M64;
        let z = x;
        z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
        z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
        outs.push(z ^ (z >> 31n));
      }
      return [outs[0] & M32, outs[0] >> 32n, outs[1] & M32, outs[1] >> 32n];
    }

    it('matches hand-computed outputs from state [1, 2, 3, 4]', function () {
      // out1 = rotl(2·5, 7)·9 = 1280·9; then s1 = 0 → out2 = 0; then s1 = 1029 → out3 = 5145·128·9
      const rng = rngFromState(new Uint32Array([1, 2, 3, 4]));
      expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).to.deep.equal([11520, 0, 5927040]);
    });

    it('matches an independent BigInt implementation, including splitmix64 seeding', function () {
      for (const seed of [0, 1, 12345, 2 ** 53 - 1]) {
        const expected = refXoshiro(refSplitmix(BigInt(seed)), 1000);
        const rng = createRng(seed);
        const got = Array.from({ length: 1000 }, () => rng.nextUint32());
        expect(got).to.deep.equal(expected);
      }
      const big = createRng(2n ** 64n + 7n);
      expect(big.nextUint32()).to.equal(createRng(7).nextUint32());
    });

    it('is reproducible and resumable from a saved state', function () {
      const a = createRng(9);
      a.uniform();
      const saved = Uint32Array.from(a.state);
      const x = [a.uniform(), a.normal(), a.uniformInt(10)];
      const b = rngFromState(saved);
      expect([b.uniform(), b.normal(), b.uniformInt(10)]).to.deep.equal(x);
    });

    it('uniform and normal samplers have the right moments and shape', function () {
      const n = 100000;
      const rng = createRng(2024);
      const u = fillUniform(rng, new Float64Array(n));
      let m = 0;
      let min = 1;
      for (const v of u) {
        m += v;
        min = Math.min(min, v);
      }
      m /= n;
      expect(min).to.be.at.least(0);
      expect(Math.abs(m - 0.5)).to.be.below(4 * Math.sqrt(1 / 12 / n));
      expect(ksTestUniform(u).pValue).to.be.above(0.01);

      const z = fillNormal(rng, new Float64Array(n), 2, 3);
      let s1 = 0;
      let s2 = 0;
      for (const v of z) s1 += v;
      const mean = s1 / n;
      for (const v of z) s2 += (v - mean) ** 2;
      const sd = Math.sqrt(s2 / (n - 1));
      expect(Math.abs(mean - 2)).to.be.below((4 * 3) / Math.sqrt(n));
      expect(Math.abs(sd - 3)).to.be.below(4 * 3 * Math.sqrt(1 / (2 * n)));
      // probability integral transform through Φ(x) = (1 + erf(x/√2))/2 must be uniform
      const erf = (x: number): number => {
        // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7
        const t = 1 / (1 + 0.3275911 * Math.abs(x));
        const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
      };
      const pit = z.slice(0, 20000).map((v) => 0.5 * (1 + erf((v - 2) / 3 / Math.SQRT2)));
      expect(ksTestUniform(pit).pValue).to.be.above(0.01);

      const counts = new Float64Array(7);
      for (let i = 0; i < 70000; i++) counts[rng.uniformInt(7)]++;
      for (const c of counts) expect(Math.abs(c - 10000)).to.be.below(5 * Math.sqrt(10000 * (6 / 7)));
    });

    it('validates the seed and state', function () {
      expect(() => createRng(-1)).to.throw(RangeError, 'seed: expected a non-negative safe integer, got -1');
      expect(() => createRng(1.5)).to.throw(RangeError, 'seed: expected a non-negative safe integer, got 1.5');
      expect(() => createRng('1' as unknown as number)).to.throw(TypeError, 'seed: expected a number or bigint, got string');
      expect(() => rngFromState(new Uint32Array(3))).to.throw(RangeError, 'state: expected length 4, got 3');
      expect(() => rngFromState(new Uint32Array(4))).to.throw(RangeError, 'state: expected a non-zero state, got all zeros');
    });

    it('binomial(n, p) has the exact probabilities of the binomial law, on both sides of p = 1/2', function () {
      const rng = createRng(2024);
      /** Exact pmf C(n,k) p^k (1−p)^(n−k), by logs. */
      const logFact = (k: number): number => { let s = 0; for (let t = 2; t <= k; t++) s += Math.log(t); return s; };
      const pmf = (n: number, p: number, k: number): number => Math.exp(logFact(n) - logFact(k) - logFact(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
      for (const [n, p] of [[12, 0.3], [12, 0.75], [40, 0.05], [7, 0.5]]) {
        const draws = 40000;
        const counts = new Float64Array(n + 1);
        for (let r = 0; r < draws; r++) counts[binomial(rng, n, p)]++;
        // Pearson's χ² over the cells with an expected count ≥ 5 (the rest pooled)
        let chi2 = 0, cells = 0, restObs = 0, restExp = 0;
        for (let k = 0; k <= n; k++) {
          const e = draws * pmf(n, p, k);
          if (e >= 5) { chi2 += (counts[k] - e) ** 2 / e; cells++; } else { restObs += counts[k]; restExp += e; }
        }
        if (restExp >= 5) { chi2 += (restObs - restExp) ** 2 / restExp; cells++; }
        // χ² with ≤ 30 degrees of freedom: mean dof, sd √(2 dof); 5 sd is far beyond chance
        expect(chi2, `n = ${n}, p = ${p}`).to.be.below(cells - 1 + 5 * Math.sqrt(2 * (cells - 1)));
      }
      // large n, small and large p: mean np and variance np(1 − p) within sampling error
      for (const [n, p] of [[2_000_000, 3e-4], [2_000_000, 0.9997], [100_000, 0.5]]) {
        const draws = 4000;
        let s1 = 0, s2 = 0;
        for (let r = 0; r < draws; r++) { const k = binomial(rng, n, p); s1 += k; s2 += k * k; }
        const mean = s1 / draws, variance = s2 / draws - mean * mean, v = n * p * (1 - p);
        expect(Math.abs(mean - n * p), `mean, n = ${n}, p = ${p}`).to.be.below(5 * Math.sqrt(v / draws));
        expect(variance / v, `variance, n = ${n}, p = ${p}`).to.be.within(0.85, 1.15);
      }
      expect(binomial(rng, 10, 0)).to.equal(0);
      expect(binomial(rng, 10, 1)).to.equal(10);
      expect(binomial(rng, 0, 0.4)).to.equal(0);
      expect(() => binomial(rng, -1, 0.5)).to.throw(RangeError, 'n: expected a non-negative safe integer, got -1');
      expect(() => binomial(rng, 5, 1.5)).to.throw(RangeError, 'p: expected a probability in [0, 1], got 1.5');
      expect(() => binomial(rng, 5, NaN)).to.throw(RangeError, 'p: expected a probability in [0, 1], got NaN');
    });
  });

  describe('log-binned histograms', function () {
    const alpha = 2.5;
    const cdf = (x: number): number => 1 - Math.pow(x, 1 - alpha); // Pareto, xmin = 1
    const sample = pareto(createRng(7), 100000, alpha);

    it('integrates to the fraction of samples in range', function () {
      const all = logHistogram(sample, { binsPerDecade: 8 });
      let integral = 0;
      for (let k = 0; k < all.counts.length; k++) integral += all.density[k] * (all.edges[k + 1] - all.edges[k]);
      expect(integral).to.be.closeTo(1, 1e-12);
      expect(all.inRange).to.equal(sample.length);

      const part = logHistogram(sample, { bins: 12, min: 2, max: 20 });
      let inRange = 0;
      for (const x of sample) if (x >= 2 && x <= 20) inRange++;
      let integ = 0;
      for (let k = 0; k < 12; k++) integ += part.density[k] * (part.edges[k + 1] - part.edges[k]);
      expect(part.inRange).to.equal(inRange);
      expect(integ).to.be.closeTo(inRange / sample.length, 1e-12);
    });

    it('matches the analytic Pareto density bin by bin', function () {
      const h = logHistogram(sample, { binsPerDecade: 10, min: 1, max: 1000 });
      expect(h.edges.length).to.equal(31);
      expect(h.edges[10]).to.be.closeTo(10, 1e-12);
      expect(h.edges[30]).to.be.closeTo(1000, 1e-10);
      let checked = 0;
      for (let k = 0; k < 30; k++) {
        const w = h.edges[k + 1] - h.edges[k];
        const expected = (cdf(h.edges[k + 1]) - cdf(h.edges[k])) / w; // bin-averaged density
        const sigma = Math.sqrt(sample.length * expected * w) / (sample.length * w); // Poisson
        if (h.counts[k] < 100) continue;
        checked++;
        expect(Math.abs(h.density[k] - expected)).to.be.below(5 * sigma);
        expect(h.centres[k]).to.be.closeTo(Math.sqrt(h.edges[k] * h.edges[k + 1]), 1e-12);
      }
      expect(checked).to.be.at.least(15);
    });

    it('splits signed data into positive and negative parts that add up to |x|', function () {
      const rng = createRng(3);
      const x = pareto(rng, 20000, 2);
      for (let i = 0; i < x.length; i++) if (rng.uniform() < 0.3) x[i] = -x[i];
      x[0] = 0; // zeros count in n only
      const s = logHistogramSigned(x, { binsPerDecade: 5 });
      const a = logHistogramAbs(x, { binsPerDecade: 5 });
      expect(Array.from(s.positive.edges)).to.deep.equal(Array.from(a.edges));
      for (let k = 0; k < a.density.length; k++) {
        expect(s.positive.density[k] + s.negative.density[k]).to.be.closeTo(a.density[k], 1e-12 * a.density[k] + 1e-300);
      }
      let pos = 0;
      let neg = 0;
      for (const v of x) {
        if (v > 0) pos++;
        if (v < 0) neg++;
      }
      expect(s.positive.inRange).to.equal(pos);
      expect(s.negative.inRange).to.equal(neg);
      expect(a.inRange).to.equal(x.length - 1);
      expect(s.positive.n).to.equal(x.length);
    });

    it('validates its arguments', function () {
      expect(() => logHistogram([1, 2] as unknown as Float64Array)).to.throw(TypeError, 'values: expected a Float64Array, got Array(2)');
      expect(() => logHistogram(f64([1, NaN]))).to.throw(RangeError, 'values: expected finite values, got NaN at index 1');
      expect(() => logHistogram(f64([1, 2]), { bins: 3, binsPerDecade: 2 })).to.throw(
        RangeError,
        'options: expected at most one of bins / binsPerDecade, got bins=3 and binsPerDecade=2',
      );
      expect(() => logHistogram(f64([1, 2]), { bins: 0 })).to.throw(RangeError, 'options.bins: expected an integer >= 1, got 0');
      expect(() => logHistogram(f64([-1, 0]))).to.throw(RangeError, /values: expected at least one positive value/);
      expect(() => logHistogram(f64([1, 2]), { min: 3, max: 2 })).to.throw(RangeError, 'options.max: expected a value > min = 3, got 2');
    });
  });

  describe('power-law tail fit (Clauset, Shalizi & Newman 2009)', function () {
    it('theory exponents follow α = 1 + 5/k from D(ω) ~ ω^4', function () {
      expect(THEORY_EXPONENTS.c).to.equal(tailExponentFromScaling(4));
      expect(THEORY_EXPONENTS.dcdg).to.equal(tailExponentFromScaling(8));
      expect(THEORY_EXPONENTS.cdcdg).to.equal(tailExponentFromScaling(12));
      expect([THEORY_EXPONENTS.c, THEORY_EXPONENTS.dcdg, THEORY_EXPONENTS.cdcdg]).to.deep.equal([2.25, 1.625, 17 / 12]);
    });

    it('recovers known exponents of pure Pareto samples within its bootstrap CI', function () {
      const cases = [THEORY_EXPONENTS.cdcdg, THEORY_EXPONENTS.dcdg, THEORY_EXPONENTS.c, 3];
      cases.forEach((alpha, i) => {
        const x = pareto(createRng(100 + i), 5000, alpha, 0.5);
        const fit = fitPowerLaw(x, { bootstrap: 100, seed: i });
        expect(fit.n).to.equal(5000);
        expect(fit.ci[0]).to.be.below(alpha);
        expect(fit.ci[1]).to.be.above(alpha);
        expect(Math.abs(fit.alpha - alpha)).to.be.below(3 * fit.se);
        expect(fit.se).to.be.closeTo((fit.alpha - 1) / Math.sqrt(fit.ntail), 1e-15);
        // pure power law: the KS choice of x_min may drift up, never below the true one
        expect(fit.xmin).to.be.at.least(0.5);
        // refitting x_min in every resample only adds variance: not narrower than ±1.96 σ
        expect((fit.ci[1] - fit.ci[0]) / (2 * 1.96 * fit.se)).to.be.above(0.7);
      });
    });

    it('has calibrated standard errors over many samples', function () {
      // with x_min fixed at the truth, (α̂ − α)/σ should be ≈ N(0, 1)
      const alpha = THEORY_EXPONENTS.dcdg;
      const zs: number[] = [];
      for (let s = 0; s < 60; s++) {
        const fit = fitPowerLaw(pareto(createRng(500 + s), 2000, alpha), { xmin: 1, bootstrap: 0 });
        expect(fit.ntail).to.equal(2000);
        expect(fit.ci[0]).to.be.NaN;
        zs.push((fit.alpha - alpha) / fit.se);
      }
      const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
      const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / (zs.length - 1));
      expect(Math.abs(mean)).to.be.below(4 / Math.sqrt(zs.length));
      expect(sd).to.be.within(0.7, 1.3);
    });

    it('finds x_min above a lognormal body and the tail exponent within its CI', function () {
      const alpha = THEORY_EXPONENTS.c;
      const xminTrue = 1;
      const xmins: number[] = [];
      for (let s = 0; s < 5; s++) {
        const rng = createRng(900 + s);
        const n = 4000;
        const x = new Float64Array(n);
        for (let i = 0; i < n / 2; i++) {
          let v: number;
          do v = 0.3 * Math.exp(0.6 * rng.normal()); // lognormal body truncated below x_min
          while (v >= xminTrue);
          x[i] = v;
        }
        x.set(pareto(rng, n / 2, alpha, xminTrue), n / 2);
        const fit = fitPowerLaw(x, { bootstrap: 60, seed: s });
        expect(fit.ci[0]).to.be.below(alpha);
        expect(fit.ci[1]).to.be.above(alpha);
        expect(fit.xmin).to.be.at.least(0.9 * xminTrue); // does not eat into the body
        xmins.push(fit.xmin);
        // the body matters: fitting from the smallest value is far off
        let lo = Infinity;
        for (const v of x) lo = Math.min(lo, v);
        const naive = fitPowerLaw(x, { xmin: lo, bootstrap: 0 });
        expect(Math.abs(naive.alpha - alpha)).to.be.above(10 * naive.se);
        expect(naive.ks).to.be.above(fit.ks);
      }
      xmins.sort((a, b) => a - b);
      expect(xmins[2]).to.be.within(0.95 * xminTrue, 1.5 * xminTrue); // median
    });

    it('bootstrap with a fixed x_min gives a similar interval, deterministically', function () {
      const x = pareto(createRng(77), 3000, 1.8, 2);
      const a = fitPowerLaw(x, { bootstrap: 80, bootstrapFixXmin: true, seed: 5 });
      const b = fitPowerLaw(x, { bootstrap: 80, bootstrapFixXmin: true, seed: 5 });
      const c = fitPowerLaw(x, { bootstrap: 80, seed: 5 });
      expect(a.ci).to.deep.equal(b.ci);
      expect(a.nBootstrap).to.equal(80);
      expect(a.ci[0]).to.be.below(1.8);
      expect(a.ci[1]).to.be.above(1.8);
      // x_min fixed: the bootstrap spread is the asymptotic one, width ≈ 2·1.96·(α − 1)/√m
      expect((a.ci[1] - a.ci[0]) / (2 * 1.96 * a.se)).to.be.within(0.7, 1.4);
      // refitting x_min adds variance: its interval is not narrower by much
      expect(c.ci[1] - c.ci[0]).to.be.above(0.8 * (a.ci[1] - a.ci[0]));
    });

    it('the bootstrap with x_min fixed has the distribution of resampling the whole sample', function () {
      // Body below x_min = 2 and a Pareto tail above it; the tail is 20 % of the values.
      const rng = createRng(91);
      const x = new Float64Array(3000);
      for (let i = 0; i < 2400; i++) x[i] = 2 * rng.uniform();
      x.set(pareto(rng, 600, 2.2, 2), 2400);
      const B = 4000;
      const fit = fitPowerLaw(x, { xmin: 2, bootstrap: B, level: 0.9, seed: 3 });
      const mid = fitPowerLaw(x, { xmin: 2, bootstrap: B, level: 0.5, seed: 4 });
      // The textbook route, written here: n indices drawn with replacement from all n values,
      // α re-estimated from those that land at or above x_min.
      const naive = new Float64Array(B);
      const draw = createRng(5);
      for (let b = 0; b < B; b++) {
        let m = 0, s = 0;
        for (let t = 0; t < x.length; t++) {
          const v = x[draw.uniformInt(x.length)];
          if (v >= 2) { m++; s += Math.log(v / 2); }
        }
        naive[b] = 1 + m / s;
      }
      naive.sort();
      const q = (p: number): number => naive[Math.round(p * (B - 1))];
      const width = q(0.95) - q(0.05);
      expect(fit.nBootstrap).to.equal(B);
      // quantiles of 4000 resamples: sampling error ≈ 2 % of the 90 % width; allow 8 %
      expect(Math.abs(fit.ci[0] - q(0.05))).to.be.below(0.08 * width);
      expect(Math.abs(fit.ci[1] - q(0.95))).to.be.below(0.08 * width);
      expect(Math.abs(mid.ci[0] - q(0.25))).to.be.below(0.08 * width);
      expect(Math.abs(mid.ci[1] - q(0.75))).to.be.below(0.08 * width);
    });

    it('x̂_min is the KS argmin over every candidate (brute force written here), on distinct and on rounded values', function () {
      // Every distinct value with a tail of ≥ minTail is a candidate when there are at most
      // maxCandidates of them. For each: α̂ = 1 + m / Σ ln(x/x_min) and D = max over the
      // sorted tail of |j/m − P| and |(j+1)/m − P|, all m values, no early exit.
      const brute = (x: Float64Array, minTail: number): { xmin: number; alpha: number; ks: number } => {
        const s = Float64Array.from(x.filter((v) => v > 0)).sort();
        let best = { xmin: NaN, alpha: NaN, ks: Infinity };
        for (let i = 0; i + minTail <= s.length; i++) {
          if (i > 0 && s[i] === s[i - 1]) continue;
          const tail = s.subarray(i), m = tail.length;
          let sum = 0;
          for (const v of tail) sum += Math.log(v / s[i]);
          if (!(sum > 0)) continue;
          const alpha = 1 + m / sum;
          let d = 0;
          tail.forEach((v, j) => {
            const P = 1 - (v / s[i]) ** (1 - alpha);
            d = Math.max(d, Math.abs((j + 1) / m - P), Math.abs(j / m - P));
          });
          if (d < best.ks) best = { xmin: s[i], alpha, ks: d }; // ascending x_min: the first of equal D
        }
        return best;
      };
      for (let t = 0; t < 10; t++) {
        const rng = createRng(t < 6 ? 4100 + t : [1, 7, 11, 25][t - 6]);
        // A lognormal body under a Pareto tail (t < 6), or a pure Pareto sample, whose
        // argmin may be the whole sample (the last candidate of a scan from the far tail).
        let x: Float64Array = new Float64Array(600);
        if (t < 6) {
          x.set(Float64Array.from({ length: 300 }, () => 0.4 * Math.exp(0.5 * rng.normal())));
          x.set(pareto(rng, 300, 1.6 + 0.3 * t, 1), 300);
        } else x = pareto(rng, 600, 2, 1); // seeds whose argmin is the whole sample
        // Rounded to 2 decimals in half of the cases: many equal values (a candidate is the
        // first of equal values).
        if (t % 2 === 1) x = x.map((v) => Math.round(v * 100) / 100);
        const want = brute(x, 20);
        const fit = fitPowerLaw(x, { minTail: 20, maxCandidates: 10_000, bootstrap: 0 });
        expect(fit.xmin, `case ${t}`).to.equal(want.xmin);
        expect(fit.alpha, `case ${t}`).to.be.closeTo(want.alpha, 1e-9 * want.alpha);
        expect(fit.ks, `case ${t}`).to.be.closeTo(want.ks, 1e-9);
      }
    });

    it('ignores non-positive values and validates its arguments', function () {
      const x = pareto(createRng(1), 500, 2.5);
      const withZeros = new Float64Array(600);
      withZeros.set(x);
      withZeros.fill(-3, 500, 550);
      const f1 = fitPowerLaw(x, { bootstrap: 0 });
      const f2 = fitPowerLaw(withZeros, { bootstrap: 0 });
      expect(f2.alpha).to.equal(f1.alpha);
      expect(f2.n).to.equal(500);
      expect(() => fitPowerLaw(x.subarray(0, 10))).to.throw(RangeError, 'values: expected at least minTail = 50 positive values, got 10');
      expect(() => fitPowerLaw(x, { level: 1 })).to.throw(RangeError, 'options.level: expected a number in (0, 1), got 1');
      expect(() => fitPowerLaw(x, { bootstrap: -1 })).to.throw(RangeError, 'options.bootstrap: expected an integer >= 0, got -1');
      expect(() => fitPowerLaw(x, { xmin: 0 })).to.throw(RangeError, 'options.xmin: expected a finite number > 0, got 0');
      expect(() => fitPowerLaw(new Float64Array(100).fill(2))).to.throw(RangeError, /values: expected a tail with at least two distinct values/);
    });
  });

  describe('predictive power C(λ)', function () {
    it('neighbourAverage: a single spike spreads over its periodic 3×3 block', function () {
      const nx = 4;
      const ny = 4;
      const g = new Float64Array(16);
      g[0] = 9; // (ix, iy) = (0, 0)
      const out = neighbourAverage(g, nx, ny);
      for (let iy = 0; iy < ny; iy++) {
        for (let ix = 0; ix < nx; ix++) {
          const near = [3, 0, 1].includes(ix) && [3, 0, 1].includes(iy);
          expect(out[iy * nx + ix], `(${ix},${iy})`).to.equal(near ? 1 : 0);
        }
      }
    });

    it('neighbourAverage: hand-computed ramp on a 4×3 grid', function () {
      // value = 4·iy + ix; with ny = 3 every window covers all three rows (mean 4·1 = 4);
      // columns: ix=0 → {3,0,1} mean 4/3; ix=1 → 1; ix=2 → 2; ix=3 → {2,3,0} mean 5/3
      const g = f64([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const out = neighbourAverage(g, 4, 3);
      const row = [4 + 4 / 3, 5, 6, 4 + 5 / 3];
      for (let iy = 0; iy < 3; iy++) for (let ix = 0; ix < 4; ix++) expect(out[iy * 4 + ix]).to.be.closeTo(row[ix], 1e-14);
      expect(Array.from(neighbourAverage(f64([7]), 1, 1))).to.deep.equal([7]);
      expect(() => neighbourAverage(g, 4, 4)).to.throw(RangeError, 'grid: expected length 16, got 12');
      expect(() => neighbourAverage(g, 4, 3, g)).to.throw(RangeError, /out: expected an array not sharing memory/);
    });

    it('binField: hand-computed means, empty bins get 0, periodic wrap', function () {
      const cell = f64([10, 0, 0, 10]); // 2×2 bins of 5
      const mid = f64([1, 1, 2, 3, 6, 1, -1, 7]);
      const val = f64([2, 4, 10, 5]);
      const b = binField(cell, mid, val, 5);
      expect([b.nx, b.ny]).to.deep.equal([2, 2]);
      expect(Array.from(b.count)).to.deep.equal([2, 1, 0, 1]);
      expect(Array.from(b.mean)).to.deep.equal([3, 10, 0, 5]);
      expect(() => binField(cell, mid, f64([1, 2]), 5)).to.throw(RangeError, 'field: expected length 4, got 2');
      expect(() => binField(cell, f64([1, 2, 3]), val)).to.throw(RangeError, 'midpoints: expected an even length (x, y interleaved), got 3');
      expect(() => binField(f64([1, 2, 2, 4]), mid, val)).to.throw(RangeError, 'cell: expected a non-singular cell matrix, got determinant 0');
      expect(() => binField(cell, mid, val, 0)).to.throw(RangeError, 'xi: expected a finite number > 0, got 0');
    });

    it('tilted cell: bins in reduced coordinates, n_k = max(1, round(|a_k|/ξ))', function () {
      const cell = f64([20, 10, 0, 20]); // a1 = (20, 0), a2 = (10, 20), |a2| = 22.36
      expect(binShape(cell, 10)).to.deep.equal({ nx: 2, ny: 2 });
      expect(binShape(cell, 4)).to.deep.equal({ nx: 5, ny: 6 });
      expect(binShape(cell, 100)).to.deep.equal({ nx: 1, ny: 1 });
      // s = (0.1, 0.9) → x = h s = (11, 18): reduced bin (0, 1), though x/Lx = 0.55 would say ix = 1
      expect(binIndex(cell, 2, 2, 11, 18)).to.equal(2);
      // random points built from their reduced coordinates plus lattice images
      const rng = createRng(31);
      const nx = 5;
      const ny = 6;
      for (let k = 0; k < 2000; k++) {
        const s1 = rng.uniform();
        const s2 = rng.uniform();
        const n1 = rng.uniformInt(5) - 2;
        const n2 = rng.uniformInt(5) - 2;
        const x = cell[0] * (s1 + n1) + cell[1] * (s2 + n2);
        const y = cell[2] * (s1 + n1) + cell[3] * (s2 + n2);
        const expected = Math.floor(s2 * ny) * nx + Math.floor(s1 * nx);
        const got = binIndex(cell, nx, ny, x, y);
        // points within rounding distance of a bin edge may legitimately go either way
        const edge = Math.min(Math.abs(s1 * nx - Math.round(s1 * nx)), Math.abs(s2 * ny - Math.round(s2 * ny)));
        if (edge > 1e-9) expect(got).to.equal(expected);
      }
    });

    it('hand-computed λ on a small grid (strictly higher bins only)', function () {
      const cell = f64([30, 0, 0, 20]); // 3×2 bins of 10
      const grid = f64([5, 1, 3, 3, 7, 0]);
      expect(eventRank(cell, grid, 3, 2, 15, 5)).to.equal(4 / 6); // bin 1 (value 1): 5, 3, 3, 7 higher
      expect(eventRank(cell, grid, 3, 2, 5, 15)).to.equal(2 / 6); // bin 3 (value 3): 5, 7; the tie 3 does not count
      expect(eventRank(cell, grid, 3, 2, 45, -5)).to.equal(0); // wraps to (15, 15): bin 4, the maximum
      expect(eventRank(cell, grid, 3, 2, 25, 5)).to.equal(2 / 6); // bin 2 (value 3)
      expect(eventRank(cell, grid, 3, 2, 29.9, 19.9)).to.equal(5 / 6); // bin 5 (value 0)
      expect(Array.from(eventRanks(cell, grid, 3, 2, f64([15, 5, 45, -5])))).to.deep.equal([4 / 6, 0]);
      expect(() => eventRank(cell, grid, 3, 3, 0, 0)).to.throw(RangeError, 'grid: expected length 9, got 6');
      expect(() => eventRank(cell, grid, 3, 2, NaN, 0)).to.throw(RangeError, 'x: expected a finite number, got NaN');
    });

    it('predictorFields gives |c|, P⁺ and P⁻', function () {
      const f = predictorFields(f64([2, -1, 3, 0.5]), f64([1, 4, -2, 0]));
      expect(Array.from(f.absC)).to.deep.equal([2, 1, 3, 0.5]);
      expect(Array.from(f.pPlus)).to.deep.equal([2, 0, 0, 0]);
      expect(Array.from(f.pMinus)).to.deep.equal([0, 4, 6, 0]);
    });

    /** Random midpoints uniform in a cell (built from reduced coordinates). */
    function midpointsIn(rng: Rng, cell: Float64Array, m: number): Float64Array {
      const out = new Float64Array(2 * m);
      for (let a = 0; a < m; a++) {
        const s1 = rng.uniform();
        const s2 = rng.uniform();
        out[2 * a] = cell[0] * s1 + cell[1] * s2;
        out[2 * a + 1] = cell[2] * s1 + cell[3] * s2;
      }
      return out;
    }

    it('a field peaked exactly at each event gives λ = 0 (and C = θ)', function () {
      const rng = createRng(11);
      const cell = f64([40, 12, 0, 35]);
      const ranks = new Float64Array(40);
      for (let g = 0; g < ranks.length; g++) {
        const m = 600;
        const mid = midpointsIn(rng, cell, m);
        const field = new Float64Array(m); // zero everywhere ...
        const ev = midpointsIn(rng, cell, 1);
        mid[0] = ev[0] + 2 * cell[0]; // ... except one interaction at the event (another image)
        mid[1] = ev[1] + 2 * cell[2];
        field[0] = 1;
        ranks[g] = rankEvents(cell, mid, field, ev)[0];
        // control: the same field judged from a point 3 bins away is not top-ranked
        const far = f64([ev[0] + 15, ev[1]]);
        expect(rankEvents(cell, mid, field, far)[0]).to.be.above(0);
      }
      const p = predictability(ranks);
      expect(Array.from(p.lambdas).every((l) => l === 0)).to.equal(true);
      expect(p.meanLambda).to.equal(0);
      expect(p.c01).to.equal(1);
      expect(p.cdf[0]).to.equal(1);
    });

    it('a field independent of the events gives C(λ) ≈ λ (KS), an informative one does not', function () {
      const rng = createRng(12);
      const cell = f64([200, 60, 0, 180]); // tilted; 40 × 38 bins at ξ = 5
      const { nx, ny } = binShape(cell, 5);
      const nBins = nx * ny;
      expect(nBins).to.equal(40 * 38);
      const glasses = 25;
      const perGlass = 40;
      const ranks = new Float64Array(glasses * perGlass);
      const informed = new Float64Array(glasses);
      for (let g = 0; g < glasses; g++) {
        const m = 4 * nBins;
        const mid = midpointsIn(rng, cell, m);
        const field = new Float64Array(m);
        for (let a = 0; a < m; a++) field[a] = -Math.log(1 - rng.uniform()); // iid exponential
        const ev = midpointsIn(rng, cell, perGlass);
        ranks.set(rankEvents(cell, mid, field, ev), g * perGlass);
        // informative: add a bump around the first event
        const bumped = Float64Array.from(field);
        for (let a = 0; a < m; a++) {
          const d2 = (mid[2 * a] - ev[0]) ** 2 + (mid[2 * a + 1] - ev[1]) ** 2; // events are inside the cell;
          bumped[a] += 20 * Math.exp(-d2 / (2 * 5 * 5)); // bumps near the border only lose a little
        }
        informed[g] = rankEvents(cell, mid, bumped, ev.subarray(0, 2))[0];
      }
      const ks = ksTestUniform(ranks);
      expect(ks.pValue).to.be.above(0.01);
      const p = predictability(ranks);
      expect(Math.abs(p.meanLambda - (nBins - 1) / (2 * nBins))).to.be.below(4 * Math.sqrt(1 / 12 / ranks.length));
      for (let k = 0; k < p.grid.length; k++) {
        expect(Math.abs(p.cdf[k] - p.grid[k])).to.be.below(1.63 / Math.sqrt(ranks.length) + 1 / nBins);
      }
      expect(ksTestUniform(informed).pValue).to.be.below(1e-6);
      expect(predictability(informed).c01).to.be.above(0.8);
    });

    it('predictability: C on a grid, mean and C(0.1) from hand-made ranks', function () {
      const p = predictability(f64([0.5, 0, 0.1, 0.05, 0.9]), { grid: f64([0, 0.1, 0.5, 0.95]) });
      expect(Array.from(p.lambdas)).to.deep.equal([0, 0.05, 0.1, 0.5, 0.9]);
      expect(Array.from(p.cdf)).to.deep.equal([1 / 5, 3 / 5, 4 / 5, 1]);
      expect(p.meanLambda).to.be.closeTo(1.55 / 5, 1e-15);
      expect(p.c01).to.equal(3 / 5);
      expect(predictability(f64([0.2])).grid.length).to.equal(101);
      expect(() => predictability(f64([1]))).to.throw(RangeError, 'ranks: expected values in [0, 1), got 1 at index 0');
      expect(() => predictability(new Float64Array(0))).to.throw(RangeError, 'ranks: expected at least one rank, got length 0');
    });
  });

  describe('Err distribution (Fig. S1) and empirical helpers', function () {
    it('relativeErrPercent by hand', function () {
      const err = relativeErrPercent(f64([1, -2, 1, 0, 0, 3]), f64([1.01, -2.2, -1, 0, 1e-3, 3]));
      expect(err[0]).to.be.closeTo(1, 1e-12); // 100·0.01/1
      expect(err[1]).to.be.closeTo(10, 1e-12); // 100·0.2/2
      expect(err[2]).to.equal(200); // opposite signs: 100·2/1
      expect(err[3]).to.equal(0);
      expect(err[4]).to.equal(Infinity);
      expect(err[5]).to.equal(0);
      expect(() => relativeErrPercent(f64([1]), f64([1, 2]))).to.throw(RangeError, 'fd: expected length 1, got 2');
      expect(() => relativeErrPercent(f64([1]), [1] as unknown as Float64Array)).to.throw(TypeError, 'fd: expected a Float64Array, got Array(1)');
    });

    it('percentiles, fractionBelow and the ECDF', function () {
      const v = Float64Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
      // type 7: h = 99·p/100 on 1..100 → Q = 1 + h
      const q = percentiles(v, [0, 50, 90, 99, 100]);
      [1, 50.5, 90.1, 99.01, 100].forEach((e, i) => expect(q[i]).to.be.closeTo(e, 1e-12));
      expect(fractionBelow(v, 10)).to.equal(9 / 100);
      expect(fractionBelow(v, 10.5)).to.equal(10 / 100);
      const e = ecdf(f64([3, 1, 2, 2]));
      expect(Array.from(e.x)).to.deep.equal([1, 2, 2, 3]);
      expect(Array.from(e.y)).to.deep.equal([0.25, 0.5, 0.75, 1]);
      expect(ecdfAt(e.x, 2)).to.equal(0.75);
      expect(ecdfAt(e.x, 0.5)).to.equal(0);
      expect(ecdfAt(e.x, 3)).to.equal(1);
      expect(() => percentiles(v, [101])).to.throw(RangeError, 'ps[0]: expected a percentile in [0, 100], got 101');
    });

    it('quantileOf and quantilesOf select the quantiles a full sort gives, on ties, sorted and reversed input too', function () {
      const rng = createRng(8);
      const cases: Float64Array[] = [
        fillUniform(rng, new Float64Array(10007)),
        Float64Array.from({ length: 5000 }, () => Math.floor(rng.uniform() * 7)), // heavy ties
        Float64Array.from({ length: 4096 }, (_, i) => i), // sorted
        Float64Array.from({ length: 4096 }, (_, i) => -i), // reversed
        Float64Array.from({ length: 3000 }, (_, i) => (i % 2 ? 1 : -1) * i), // organ pipe
        f64([5]), f64([2, 1]), f64([3, -1, 7, 0]),
      ];
      for (const x of cases) {
        const before = Float64Array.from(x);
        const sorted = Float64Array.from(x).sort();
        const qs = [0, 1e-4, 0.01, 0.25, 0.5, 0.731, 0.99, 1];
        // type 7, written out on the sorted copy: h = (n − 1)q, x_(⌊h⌋) + frac·(x_(⌊h⌋+1) − x_(⌊h⌋))
        const type7 = (q: number): number => {
          const h = (sorted.length - 1) * q, k = Math.floor(h);
          return k >= sorted.length - 1 || h === k ? sorted[k] : sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]);
        };
        for (const q of qs) expect(quantileOf(x, q), `n = ${x.length}, q = ${q}`).to.equal(type7(q));
        // Several from one copy, in an order that selects again inside earlier partitions.
        const mixed = [0.5, 0.99, 0.01, 0.731, 1, 0, 0.25, 1e-4, 0.5];
        expect(Array.from(quantilesOf(x, mixed)), `n = ${x.length}`).to.deep.equal(mixed.map(type7));
        expect(x).to.deep.equal(before); // the input is not reordered
      }
      expect(Number.isNaN(quantileOf(new Float64Array(0), 0.5))).to.equal(true);
      expect(() => quantileOf(f64([1, NaN]), 0.5)).to.throw(RangeError, 'values: expected no NaN, got NaN at index 1');
      expect(() => quantileOf(f64([1]), 1.5)).to.throw(RangeError, 'q: expected a number in [0, 1], got 1.5');
      expect(Array.from(quantilesOf(new Float64Array(0), [0.1, 0.9]))).to.deep.equal([NaN, NaN]);
      expect(() => quantilesOf(f64([1, 2]), [0.5, -0.1])).to.throw(RangeError, 'q: expected a number in [0, 1], got -0.1');
    });
  });

  describe('KS test against the uniform law', function () {
    it('Kolmogorov survival function matches the classical table', function () {
      // critical values of √n·D: 1.224 (10 %), 1.358 (5 %), 1.628 (1 %)
      expect(kolmogorovQ(1.224)).to.be.closeTo(0.1, 5e-4);
      expect(kolmogorovQ(1.358)).to.be.closeTo(0.05, 5e-4);
      expect(kolmogorovQ(1.628)).to.be.closeTo(0.01, 2e-4);
      expect(kolmogorovQ(0)).to.equal(1);
      // both series around the switch at t = 1.18 (reference: mpmath, 30 digits)
      expect(kolmogorovQ(1.18 - 1e-13)).to.be.closeTo(0.12345380942976571, 1e-13);
      expect(kolmogorovQ(1.18 + 1e-13)).to.be.closeTo(0.12345380942976571, 1e-13);
      // large t: leading term 2 exp(−2 t²)
      expect(kolmogorovQ(3)).to.be.closeTo(2 * Math.exp(-18), 1e-15);
    });

    it('computes D by hand and detects non-uniform samples', function () {
      // sorted 0.1, 0.5, 0.9: D = max(1/3 − 0.1, 0.9 − 2/3) = 7/30
      const r = ksTestUniform(f64([0.9, 0.1, 0.5]));
      expect(r.statistic).to.be.closeTo(7 / 30, 1e-15);
      expect(r.n).to.equal(3);
      // D⁻ dominated: 0.5 − 0/3 = 1/2; D⁺ dominated: 1 − 0.3 = 0.7
      expect(ksTestUniform(f64([0.6, 0.5, 0.9])).statistic).to.be.closeTo(0.5, 1e-15);
      expect(ksTestUniform(f64([0.1, 0.3, 0.2])).statistic).to.be.closeTo(0.7, 1e-15);
      // same sample on [0, 2] after scaling
      expect(ksTestUniform(f64([1.8, 0.2, 1.0]), 0, 2).statistic).to.be.closeTo(7 / 30, 1e-15);
      const rng = createRng(8);
      const u = fillUniform(rng, new Float64Array(2000));
      expect(ksTestUniform(u).pValue).to.be.above(0.01);
      const sq = u.map((x) => x * x);
      expect(ksTestUniform(sq).pValue).to.be.below(1e-6);
      expect(() => ksTestUniform(u, 1, 1)).to.throw(RangeError, 'hi: expected a value > lo = 1, got 1');
      expect(() => ksTestUniform(new Float64Array(0))).to.throw(RangeError, 'samples: expected at least one value, got length 0');
    });
  });
});
