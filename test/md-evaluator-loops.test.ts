/**
 * The O(N) loops of an energy/force evaluation (lib/md/evaluator-loops.ts): the native
 * versions (native/core/md_evaluator_loops.h) against the TypeScript references bit for
 * bit, and both against values written out directly here (element-wise sums, the
 * particles beyond the limit found by a scan of its own, Math.max of |a|); malformed input.
 */
import { expect } from 'chai';
import { addon } from '../lib/native.js';
import {
  maxAbs, maxAbsTypeScript, shiftedCopyWithin, shiftedCopyWithinTypeScript, shiftedParticles,
} from '../lib/md/evaluator-loops.js';
import { createRng } from '../lib/random.js';

/** Positions x, lattice offsets off and build positions ref ≈ x + off moved by up to `move` λ. */
function state(n: number, seed: number, move: number) {
  const rng = createRng(seed);
  const x = new Float64Array(2 * n), off = new Float64Array(2 * n), ref = new Float64Array(2 * n);
  for (let k = 0; k < 2 * n; k++) {
    x[k] = 100 * (rng.uniform() - 0.5);
    off[k] = 37.25 * Math.round(4 * (rng.uniform() - 0.5));
    ref[k] = x[k] + off[k] + move * (rng.uniform() - 0.5);
  }
  return { x, off, ref };
}

/** Index of the first particle with |x + off − ref|² > lim2, or −1 (a scan of its own). */
function firstBeyond(n: number, x: Float64Array, off: Float64Array, ref: Float64Array, lim2: number): number {
  for (let i = 0; i < n; i++) {
    const d = Math.hypot(x[2 * i] + off[2 * i] - ref[2 * i], x[2 * i + 1] + off[2 * i + 1] - ref[2 * i + 1]);
    if (d * d > lim2 * (1 + 1e-12)) return i;
  }
  return -1;
}

describe('md evaluator loops', () => {
  it('shiftedCopyWithin: native = TypeScript bit for bit, xs = x + off (and copy = x), false when a particle is beyond', () => {
    const n = 4999, lim2 = 0.15 * 0.15;
    for (const [seed, move] of [[1, 0.1], [2, 0.2], [3, 0.35], [4, 0]] as const) {
      const { x, off, ref } = state(n, seed, move);
      // Plant one particle beyond the limit in some cases, at a known index.
      const planted = seed === 2 ? 3170 : seed === 4 ? n - 1 : -1;
      if (planted >= 0) ref[2 * planted + 1] = x[2 * planted + 1] + off[2 * planted + 1] + 0.2;
      const expected = firstBeyond(n, x, off, ref, lim2);
      if (planted >= 0) expect(expected).to.equal(planted);
      const xsN = new Float64Array(2 * n).fill(-7), xsT = new Float64Array(2 * n).fill(-7);
      const okN = shiftedCopyWithin(n, x, off, ref, lim2, xsN, true);
      const okT = shiftedCopyWithinTypeScript(n, x, off, ref, lim2, xsT);
      expect(okN).to.equal(okT);
      expect(okN).to.equal(expected < 0);
      expect(Buffer.from(xsN.buffer).equals(Buffer.from(xsT.buffer))).to.equal(true);
      for (let k = 0; k < 2 * n; k++) expect(xsN[k]).to.equal(x[k] + off[k]);
      expect(shiftedCopyWithin(n, x, off, ref, lim2, new Float64Array(2 * n), false)).to.equal(okT);
      // With a copy of x in the same pass (the native loop with and without one differ).
      const copyN = new Float64Array(2 * n + 3).fill(-7), copyT = new Float64Array(2 * n + 3).fill(-7);
      const xsC = new Float64Array(2 * n);
      expect(shiftedCopyWithin(n, x, off, ref, lim2, xsC, true, copyN)).to.equal(okT);
      expect(shiftedCopyWithinTypeScript(n, x, off, ref, lim2, new Float64Array(2 * n), copyT)).to.equal(okT);
      expect(Buffer.from(xsC.buffer).equals(Buffer.from(xsT.buffer))).to.equal(true);
      expect(Array.from(copyN.subarray(0, 2 * n))).to.deep.equal(Array.from(x));
      expect(Array.from(copyN.subarray(2 * n))).to.deep.equal([-7, -7, -7]);
      expect(Buffer.from(copyN.buffer).equals(Buffer.from(copyT.buffer))).to.equal(true);
    }
  });

  it('shiftedCopyWithin with the shifted particles only: the same bits as the dense loop (±0 included)', () => {
    const n = 3001, lim2 = 0.15 * 0.15;
    for (const [seed, move, every] of [[5, 0.2, 97], [6, 0.35, 5], [7, 0.2, 1], [8, 0.2, 0]] as const) {
      const { x, off, ref } = state(n, seed, move);
      // Offsets +0 except every `every`-th particle (then a lattice shift, or −0 in one
      // coordinate); some coordinates −0 and +0 (x + 0 turns −0 into +0, x + (−0) keeps it).
      const rng = createRng(seed + 100);
      for (let i = 0; i < n; i++) {
        const keep = every > 0 && i % every === 3;
        for (const k of [2 * i, 2 * i + 1]) {
          if (!keep) off[k] = 0;
          else if (rng.uniform() < 0.3) off[k] = -0;
          if (rng.uniform() < 0.05) x[k] = rng.uniform() < 0.5 ? -0 : 0;
          ref[k] = x[k] + off[k] + move * (rng.uniform() - 0.5);
        }
      }
      if (every === 0) off[2 * (n - 1)] = -0; // the last particle shifted only by a −0
      const idx = new Int32Array(n);
      const count = shiftedParticles(n, off, idx);
      const expectedIdx: number[] = [];
      for (let i = 0; i < n; i++) if (!Object.is(off[2 * i], 0) || !Object.is(off[2 * i + 1], 0)) expectedIdx.push(i);
      expect(Array.from(idx.subarray(0, count))).to.deep.equal(expectedIdx);
      const xsT = new Float64Array(2 * n), copyT = new Float64Array(2 * n);
      const okT = shiftedCopyWithinTypeScript(n, x, off, ref, lim2, xsT, copyT);
      for (const withCopy of [false, true]) {
        const xsN = new Float64Array(2 * n).fill(7), copyN = new Float64Array(2 * n);
        const ok = shiftedCopyWithin(n, x, off, ref, lim2, xsN, true, withCopy ? copyN : undefined, idx.subarray(0, count));
        expect(ok).to.equal(okT);
        expect(Buffer.from(xsN.buffer).equals(Buffer.from(xsT.buffer))).to.equal(true);
        if (withCopy) expect(Buffer.from(copyN.buffer).equals(Buffer.from(copyT.buffer))).to.equal(true);
      }
      for (let k = 0; k < 2 * n; k++) expect(Object.is(xsT[k], x[k] + off[k])).to.equal(true);
    }
  });

  it('maxAbs: native = TypeScript = Math.max of |a|, over a prefix, NaN skipped', () => {
    const rng = createRng(9);
    for (const len of [0, 1, 2, 3, 17, 20000]) {
      const a = Float64Array.from({ length: len + 5 }, () => 10 * (rng.uniform() - 0.5) ** 3);
      const expected = len === 0 ? 0 : Math.max(...Array.from(a.subarray(0, len), Math.abs));
      expect(maxAbs(a, len)).to.equal(expected);
      expect(maxAbs(a, len, false)).to.equal(expected);
      expect(maxAbsTypeScript(a, len)).to.equal(expected);
    }
    const b = Float64Array.of(-3, Number.NaN, 2, -0, Number.NaN, -5, 4);
    expect(maxAbs(b, b.length)).to.equal(5);
    expect(maxAbsTypeScript(b, b.length)).to.equal(5);
    expect(maxAbs(Float64Array.of(Number.NaN, -0), 2)).to.equal(0);
    expect(maxAbs(Float64Array.of(-Infinity, 1), 2)).to.equal(Infinity);
  });

  it('rejects malformed input (types, lengths)', () => {
    const a = new Float64Array(4);
    expect(() => addon.maxAbs(a, 5)).to.throw(RangeError, /length/);
    expect(() => addon.maxAbs(new Float32Array(4) as unknown as Float64Array, 2)).to.throw(TypeError, /Float64Array/);
    expect(() => addon.mdShiftedCopyWithin(3, a, new Float64Array(6), new Float64Array(6), 1, new Float64Array(6))).to.throw(RangeError, /x: expected at least 6/);
    expect(() => addon.mdShiftedCopyWithin(2, a, a, a, 1, new Float64Array(3))).to.throw(RangeError, /xs/);
    expect(() => addon.mdShiftedCopyWithin(-1, a, a, a, 1, a)).to.throw(RangeError, /n/);
    expect(() => addon.mdShiftedCopyWithin(2, a, a, a, 1, a, new Float64Array(3))).to.throw(RangeError, /copy/);
    expect(() => addon.mdShiftedCopyWithin(2, a, a, a, 1, a, undefined, Int32Array.of(1, 0))).to.throw(RangeError, /ascending/);
    expect(() => addon.mdShiftedCopyWithin(2, a, a, a, 1, a, undefined, Int32Array.of(2))).to.throw(RangeError, /shifted/);
    expect(() => addon.mdShiftedCopyWithin(2, a, a, a, 1, a, undefined, Float64Array.of(0) as unknown as Int32Array)).to.throw(TypeError, /Int32Array/);
  });
});
