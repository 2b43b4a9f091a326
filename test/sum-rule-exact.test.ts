/**
 * The sums the sum rules report (diagnostics.sumC, sumDcdg) are the sums of the stored
 * fields to about one rounding, not the round-off of n additions in some order: checked
 * against the exact sum of the doubles (each a dyadic rational m·2^e, added as integers in
 * BigInt at a common exponent, rounded once by Number(BigInt)), an independent route.
 */
import { expect } from 'chai';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { compensatedSum } from '../lib/lhc/run.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

/** x = sign · M · 2^e with M an integer (< 2^53): from the bits of the double. */
function dyadic(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  return { m: hi >>> 31 ? -m : m, e: (biased === 0 ? 1 : biased) - 1075 };
}

/** The exact Σ values, rounded once to the nearest double. */
function exactSum(values: ArrayLike<number>): number {
  const parts = Array.from(values, dyadic).filter((p) => p.m !== 0n);
  if (parts.length === 0) return 0;
  const e0 = Math.min(...parts.map((p) => p.e));
  const total = parts.reduce((s, p) => s + (p.m << BigInt(p.e - e0)), 0n);
  // Number(BigInt) rounds to nearest; the scaling by 2^e0 is exact while the result is a normal double (values spanning
  // less than ~2^1000 in magnitude, as fields do: a wider span would overflow Number(total)).
  return Number(total) * 2 ** e0;
}

/** One unit in the last place of x. */
const ulp = (x: number): number => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);

describe('sum rules: the reported sums are the sums of the fields', () => {
  it('the exact-sum reference: dyadic decomposition and rounding, on values whose plain sum loses them', () => {
    expect(exactSum([1, 1e-16, 1e-16, -1])).to.equal(2e-16);
    expect(exactSum([0.1, 0.2, -0.3])).to.equal(2 ** -55); // the doubles nearest 0.1, 0.2, 0.3 sum to 2^-55 exactly (Python: Fraction(0.1) + Fraction(0.2) - Fraction(0.3))
    expect(exactSum([1e16, 1, -1e16])).to.equal(1);
    expect(exactSum([1, 2 ** -60, 3 * 2 ** -61, -(2 ** -60)])).to.equal(1); // 1 + 1.5·2^-60 rounds to 1 (below half an ulp of 1, 2^-53)
    expect(compensatedSum([1e16, 1, -1e16])).to.equal(1);
    expect([compensatedSum([1, Infinity]), compensatedSum([1e308, 1e308]), compensatedSum([1, NaN])]).to.deep.equal([Infinity, Infinity, NaN]);
    expect([1e16, 1, -1e16].reduce((s, x) => s + x, 0), 'a plain sum loses it').to.equal(0);
  });

  for (const name of ['n256_s1', 'ka_n256_s2']) {
    it(`${name}: Σc and each Σdc/dγ within one ulp of the exact sum of the values returned`, () => {
      const r = localHeatCapacity(readFixtureConfig(name));
      const exactC = exactSum(r.c);
      expect(Math.abs(r.diagnostics.sumC - exactC), `Σc ${r.diagnostics.sumC} vs exact ${exactC}`).to.be.at.most(ulp(exactC));
      for (const [mode, values] of Object.entries(r.dcdg)) {
        const exact = exactSum(values);
        const scale = values.reduce((s, x) => s + Math.abs(x), 0);
        // Σdc/dγ is ~0: Neumaier's bound, 2u|S| + 2n u² Σ|x| (Higham §4.3), u = ε/2.
        const u = Number.EPSILON / 2;
        expect(Math.abs(r.diagnostics.sumDcdg[mode]! - exact), `Σdc/dγ ${mode}`).to.be.at.most(2 * u * Math.abs(exact) + 2 * values.length * u * u * scale);
      }
    });
  }
});
