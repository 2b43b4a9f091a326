/**
 * fitGroupedSlope (lib/stats/grouped-slope.ts) and the core bonds of a mode
 * (lib/modes/core-bonds.ts): exact lines, the slope against the normal equations solved
 * as a 2 × 2 system, interval coverage over 100 seeds on grouped data with a known
 * slope (and the same data treated as independent points, which under-covers), and
 * hand-made bond lists.
 */
import { expect } from 'chai';
import { createRng, fitGroupedSlope } from '../lib/stats/index.js';
import { coreBonds, maxAbsOver } from '../lib/modes/index.js';

/** Groups with a shared x offset and a shared y error: y = 1 + b x + u_g + e. */
function groupedData(seed: number, b: number, groups = 40, perGroup = 5) {
  const rng = createRng(seed);
  const n = groups * perGroup;
  const x = new Float64Array(n), y = new Float64Array(n), g = new Int32Array(n);
  for (let G = 0; G < groups; G++) {
    const xg = rng.normal(), ug = rng.normal();
    for (let k = 0; k < perGroup; k++) {
      const p = G * perGroup + k;
      x[p] = xg + 0.3 * rng.normal();
      y[p] = 1 + b * x[p] + ug + 0.2 * rng.normal();
      g[p] = 1000 + 7 * G;
    }
  }
  return { x, y, g };
}

describe('fitGroupedSlope', () => {
  it('recovers an exact line, with a degenerate interval', () => {
    const x = Float64Array.from({ length: 12 }, (_, k) => Math.log(0.1 + k));
    const y = x.map((v) => 2 - 3 * v);
    const g = Int32Array.from({ length: 12 }, (_, k) => k % 4);
    const fit = fitGroupedSlope(x, y, g, { bootstrap: 200 });
    expect(fit.slope).to.be.closeTo(-3, 1e-12);
    expect(fit.intercept).to.be.closeTo(2, 1e-12);
    expect(fit.ci[0]).to.be.closeTo(-3, 1e-12);
    expect(fit.ci[1]).to.be.closeTo(-3, 1e-12);
    expect(fit.groups).to.equal(4);
    expect(fit.points).to.equal(12);
  });

  it('equals the solution of the normal equations [n Σx; Σx Σx²][a; b] = [Σy; Σxy]', () => {
    const { x, y, g } = groupedData(5, -4);
    let n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0;
    for (let k = 0; k < x.length; k++) { n++; sx += x[k]; sxx += x[k] * x[k]; sy += y[k]; sxy += x[k] * y[k]; }
    const det = n * sxx - sx * sx;
    const a = (sxx * sy - sx * sxy) / det, b = (n * sxy - sx * sy) / det;
    const fit = fitGroupedSlope(x, y, g, { bootstrap: 0 });
    expect(fit.slope).to.be.closeTo(b, 1e-10);
    expect(fit.intercept).to.be.closeTo(a, 1e-10);
    expect(fit.ci.every(Number.isNaN)).to.equal(true);
  });

  it('covers the true slope about 95 % of the time over groups, where treating points as independent does not', () => {
    let grouped = 0, naive = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const { x, y, g } = groupedData(seed, -8);
      const fit = fitGroupedSlope(x, y, g, { bootstrap: 400, seed });
      if (fit.ci[0] <= -8 && -8 <= fit.ci[1]) grouped++;
      const own = fitGroupedSlope(x, y, Int32Array.from(x, (_, k) => k), { bootstrap: 400, seed });
      if (own.ci[0] <= -8 && -8 <= own.ci[1]) naive++;
    }
    expect(grouped).to.be.within(88, 100);
    expect(naive).to.be.below(grouped - 10);
  });

  it('rejects bad input with the argument named', () => {
    const x = Float64Array.of(1, 2, 3), y = Float64Array.of(1, 2, 3), g = Int32Array.of(0, 0, 1);
    expect(() => fitGroupedSlope(x, Float64Array.of(1, 2), g)).to.throw(RangeError, /^y:/);
    expect(() => fitGroupedSlope(x, y, Int32Array.of(0, 1))).to.throw(RangeError, /^group:/);
    expect(() => fitGroupedSlope(x, Float64Array.of(1, NaN, 3), g)).to.throw(RangeError, /^y:/);
    expect(() => fitGroupedSlope(Float64Array.of(2, 2, 2), y, g)).to.throw(RangeError, /distinct values/);
    expect(() => fitGroupedSlope(Float64Array.of(1), Float64Array.of(1), Int32Array.of(0))).to.throw(RangeError, /at least 2 points/);
    expect(() => fitGroupedSlope(x, y, g, { level: 95 })).to.throw(RangeError, /options\.level/);
    expect(() => fitGroupedSlope([1, 2, 3] as unknown as Float64Array, y, g)).to.throw(TypeError, /^x:/);
  });
});

describe('coreBonds and maxAbsOver', () => {
  //   0 — 1 — 2 — 3 — 4,  1 — 5,  6 — 7 (apart)
  const i = Int32Array.of(0, 2, 1, 3, 5, 6);
  const j = Int32Array.of(1, 1, 2, 4, 1, 7);

  it('takes the bonds within one bond of the core particle', () => {
    // core 1: shell {1, 0, 2, 5}; bonds touching it: 0–1, 2–1, 1–2, 5–1 (3–4 and 6–7 do not)
    expect(Array.from(coreBonds(1, i, j))).to.deep.equal([0, 1, 2, 4]);
    // core 4: shell {4, 3}; bond 3–4 only (2–3 does not exist here)
    expect(Array.from(coreBonds(4, i, j))).to.deep.equal([3]);
    // a particle without bonds has none
    expect(Array.from(coreBonds(9, i, j))).to.deep.equal([]);
  });

  it('takes the largest magnitude over those bonds', () => {
    const v = Float64Array.of(1, -7, 2, 100, 3, -50);
    expect(maxAbsOver(v, coreBonds(1, i, j))).to.equal(7);
    expect(maxAbsOver(v, Int32Array.of())).to.equal(0);
    expect(() => maxAbsOver(v, Int32Array.of(6))).to.throw(RangeError, /bonds\[0\]/);
    expect(() => coreBonds(-1, i, j)).to.throw(RangeError, /particle/);
  });
});
