/**
 * The minimizers' one-call evaluation with the tracked displacement bound
 * (NativePairKernel.evaluateTracked, native/core/md_displacement_bound.h): against the
 * TypeScript reference of the pass it replaces (`shiftedCopyWithinTypeScript`: the exact
 * test |x + off − ref|² ≤ lim2, xs = x + off), the pair loop on xs, `maxAbsTypeScript` and
 * −F by unary minus, bit for bit; its bound D against the distance computed here directly
 * (max_i |x_i + off_i − ref_i|, which D must never undercut); the answer near the limit,
 * beyond it, after a NaN step and with D unknown; and createMdEvaluator's tracked path
 * against its call-by-call path (a custom `forces`, the exact test every call) over a
 * long walk of small steps that creeps past the limit: the same rebuilds at the same
 * calls, the same bits, and `positions` = x after every call.
 */
import { expect } from 'chai';
import { maxAbsTypeScript, shiftedCopyWithinTypeScript, shiftedParticles } from '../lib/md/evaluator-loops.js';
import { buildMdNeighborList, createMdNeighborList, mdForces, type MdNeighborList } from '../lib/md/kernel.js';
import { createMdEvaluator } from '../lib/md/objective.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { createRng } from '../lib/random.js';

const same = (a: Float64Array, b: Float64Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** A jittered m × m lattice at density 0.86 in [[L, tilt·L], [0, L]]; `outside` particles moved by a cell vector. */
function lattice(m: number, seed: number, tilt: number, outside: number) {
  const n = m * m, L = Math.sqrt(n / 0.86);
  const rng = createRng(seed);
  const h = Float64Array.of(L, tilt * L, 0, L);
  const x = new Float64Array(2 * n), species = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const s0 = ((k % m) + 0.5 + 0.3 * (rng.uniform() - 0.5)) / m, s1 = (Math.floor(k / m) + 0.5 + 0.3 * (rng.uniform() - 0.5)) / m;
    x[2 * k] = h[0] * s0 + h[1] * s1;
    x[2 * k + 1] = h[2] * s0 + h[3] * s1;
    species[k] = rng.uniform() < 0.5 ? 0 : 1;
  }
  for (let c = 0; c < outside; c++) {
    const i = Math.floor(rng.uniform() * n), col = rng.uniform() < 0.5 ? 0 : 1, sign = rng.uniform() < 0.5 ? -1 : 1;
    x[2 * i] += sign * h[col];
    x[2 * i + 1] += sign * h[2 + col];
  }
  return { n, h, x, species };
}

/** The list built for x (wrapped copy), the offsets off = xs − x and the shifted particles. */
function built(n: number, h: Float64Array, x: Float64Array, species: Uint8Array, skin: number) {
  const nl = createMdNeighborList(n, DEFAULT_MODEL, h, skin);
  const xs = Float64Array.from(x);
  buildMdNeighborList(nl, h, xs, species);
  const off = Float64Array.from(xs, (v, k) => v - x[k]);
  const idx = new Int32Array(n);
  return { nl, off, shifted: idx.subarray(0, shiftedParticles(n, off, idx)) };
}

/** max_i |x_i + off_i − ref_i| (λ), NaN particles skipped: the distance D must bound. */
function distance(x: Float64Array, off: Float64Array, ref: Float64Array): number {
  let d = 0;
  for (let k = 0; k < x.length; k += 2) {
    const r = Math.hypot(x[k] + off[k] - ref[k], x[k + 1] + off[k + 1] - ref[k + 1]);
    if (r > d) d = r;
  }
  return d;
}

/** The reference: exact test and xs, pair loop on xs, max|F|. */
function reference(nl: MdNeighborList, x: Float64Array, off: Float64Array, lim2: number) {
  const n = nl.n, xs = new Float64Array(2 * n), f = new Float64Array(2 * n);
  const within = shiftedCopyWithinTypeScript(n, x, off, nl.ref, lim2, xs);
  const energy = mdForces(nl, xs, f, true);
  return { within, f, energy, maxForce: maxAbsTypeScript(f, 2 * n) };
}

describe('md: one-call evaluation with the tracked displacement bound (NativePairKernel.evaluateTracked)', () => {
  const skin = 0.3, lim2 = 0.25 * skin * skin, slack = 2 ** -48 * 40;

  /** One call: pos (in: the previous x; out: x), out[2] = D in and out. */
  function tracked(nl: MdNeighborList, x: Float64Array, off: Float64Array, pos: Float64Array, bound: number,
    shifted: Int32Array | undefined, withForces = true) {
    const n = nl.n, f = new Float64Array(2 * n).fill(Number.NaN), out = Float64Array.of(Number.NaN, Number.NaN, bound);
    const gradient = new Float64Array(2 * n + 1).fill(7);
    const within = nl.native!.evaluateTracked(n, x, off, nl.ref, lim2, new Float64Array(2 * n), pos, shifted,
      withForces ? f : undefined, nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out, gradient, slack);
    return { within, f, energy: out[0], maxForce: out[1], bound: out[2], gradient };
  }

  for (const [label, tilt, outside] of [['square cell, offsets', 0, 25], ['sheared cell, offsets', 0.2, 60], ['no offsets', 0, 0]] as const) {
    it(`the same bits as the reference, D ≥ the distance, over a walk of small steps (${label})`, () => {
      const { n, h, x, species } = lattice(30, 3, tilt, outside);
      const { nl, off, shifted } = built(n, h, x, species, skin);
      if (outside > 0) expect(shifted.length).to.be.above(5);
      const rng = createRng(4);
      for (const sparse of [true, false]) {
        const pos = Float64Array.from(x);
        let bound = 0, y = Float64Array.from(x);
        for (let step = 0; step < 30; step++) {
          const prev = Float64Array.from(y);
          y = y.map((v) => v + 0.004 * (rng.uniform() - 0.5));
          const ref = reference(nl, y, off, lim2);
          const got = tracked(nl, y, off, pos, bound, sparse ? shifted : undefined, step % 3 !== 2);
          expect(ref.within && got.within).to.equal(true);
          expect(Object.is(got.energy, ref.energy) && Object.is(got.maxForce, ref.maxForce)).to.equal(true);
          if (step % 3 !== 2) expect(same(got.f, ref.f)).to.equal(true);
          expect(same(got.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
          expect(got.gradient[2 * n]).to.equal(7);
          // pos = x again (unpatched), D at least the distance and at most D + the largest step + slack.
          expect(same(pos, y)).to.equal(true);
          const d = distance(y, off, nl.ref);
          expect(got.bound).to.be.at.least(d);
          expect(got.bound).to.be.at.most((bound + distance(y, new Float64Array(2 * n), prev)) * (1 + 1e-9) + 2 * slack);
          bound = got.bound;
        }
      }
    });
  }

  it('D unknown (NaN) or too large: the exact test, which gives D anew (the distance to rounding)', () => {
    const { n, h, x, species } = lattice(24, 5, 0.1, 20);
    const { nl, off, shifted } = built(n, h, x, species, skin);
    const y = x.map((v, k) => v + (k === 40 ? 0.1 : 0.01 * Math.sin(k)));
    const d = distance(y, off, nl.ref);
    for (const bound of [Number.NaN, 0.149, 1e9]) {
      const pos = Float64Array.from(x);
      const got = tracked(nl, y, off, pos, bound, shifted);
      const ref = reference(nl, y, off, lim2);
      expect(got.within && ref.within).to.equal(true);
      expect(same(got.f, ref.f) && Object.is(got.energy, ref.energy)).to.equal(true);
      expect(got.bound).to.be.at.least(d);
      expect(got.bound).to.be.below(d * (1 + 1e-9) + 2 * slack);
    }
  });

  it('near and beyond the limit: the answer of the exact test; false with pos = x and D NaN', () => {
    const { n, h, x, species } = lattice(24, 6, 0.1, 20);
    const { nl, off, shifted } = built(n, h, x, species, skin);
    for (const [i, dx, within] of [[0, 0.149, true], [300, 0.1499999, true], [n - 1, 0.1500001, false], [77, 0.2, false]] as const) {
      // The step from pos taken in three small ones: D accumulates to near the limit.
      const pos = Float64Array.from(x);
      let bound = 0;
      for (const part of [0.3, 0.6, 1]) {
        const y = Float64Array.from(x);
        y[2 * i] += part * dx;
        const ref = reference(nl, y, off, lim2);
        const got = tracked(nl, y, off, pos, bound, shifted);
        expect(got.within).to.equal(ref.within);
        expect(got.within).to.equal(part < 1 || within);
        expect(same(pos, y)).to.equal(true);
        if (!got.within) {
          expect(got.bound).to.be.NaN;
          break;
        }
        expect(same(got.f, ref.f) && Object.is(got.energy, ref.energy)).to.equal(true);
        bound = got.bound;
      }
    }
  });

  it('a NaN step (NaN in the previous x) is not bounded: the particle that then lands far away is found', () => {
    const { n, h, x, species } = lattice(20, 7, 0, 0);
    const { nl, off, shifted } = built(n, h, x, species, skin);
    const pos = Float64Array.from(x);
    const nan = Float64Array.from(x);
    nan[2 * 33] = Number.NaN;
    const first = tracked(nl, nan, off, pos, 0, shifted);
    expect(first.within).to.equal(reference(nl, nan, off, lim2).within); // a NaN distance passes
    const far = Float64Array.from(x);
    far[2 * 33] += 0.3;
    expect(tracked(nl, far, off, pos, first.bound, shifted).within).to.equal(false);
  });

  it('pos = x itself (the same array): the same bits, x unchanged', () => {
    const { n, h, x, species } = lattice(20, 8, 0, 30);
    const { nl, off, shifted } = built(n, h, x, species, skin);
    const y = x.map((v, k) => v + 0.001 * Math.cos(k)), yy = Float64Array.from(y);
    const ref = reference(nl, y, off, lim2);
    const got = tracked(nl, yy, off, yy, 0.01, shifted);
    expect(got.within && same(got.f, ref.f) && Object.is(got.energy, ref.energy) && same(yy, y)).to.equal(true);
  });

  it('rejects malformed input (types, lengths, out of 3, slack), and pos is x again when the loop throws', () => {
    const { n, h, x, species } = lattice(10, 9, 0, 0);
    const { nl, off } = built(n, h, x, species, skin);
    const k = nl.native!;
    const call = (over: Partial<Record<string, unknown>>) => () => k.evaluateTracked(n, (over.x ?? x) as Float64Array, off,
      nl.ref, lim2, new Float64Array(2 * n), (over.pos ?? Float64Array.from(x)) as Float64Array,
      over.shifted as Int32Array | undefined, ('f' in over ? over.f : new Float64Array(2 * n)) as Float64Array | undefined,
      (over.offsets ?? nl.offsets) as Int32Array, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift,
      (over.withMax ?? true) as boolean, (over.out ?? new Float64Array(3)) as Float64Array,
      over.gradient as Float64Array | undefined, (over.slack ?? 0) as number);
    expect(call({})).to.not.throw();
    expect(call({ f: undefined, gradient: new Float64Array(2 * n) })).to.not.throw();
    expect(call({ f: undefined })).to.throw(TypeError, /f: expected a Float64Array when no gradient/);
    expect(call({ x: new Float64Array(2 * n - 1) })).to.throw(RangeError, /x: expected at least 200/);
    expect(call({ x: new Float32Array(2 * n) })).to.throw(TypeError, /x must be a Float64Array/);
    expect(call({ withMax: 1 })).to.throw(TypeError, /withMax/);
    expect(call({ gradient: new Float64Array(2 * n - 1) })).to.throw(RangeError, /gradient: expected at least 200/);
    expect(call({ shifted: Int32Array.of(n) })).to.throw(RangeError, /shifted/);
    expect(call({ pos: new Float64Array(2 * n - 1) })).to.throw(RangeError, /pos: expected at least 200/);
    expect(call({ out: new Float64Array(2) })).to.throw(RangeError, /out: expected at least 3/);
    expect(call({ slack: -1 })).to.throw(RangeError, /slack/);
    expect(call({ slack: Number.POSITIVE_INFINITY })).to.throw(RangeError, /slack/);
    expect(call({ shifted: Int32Array.of(3, 2) })).to.throw(RangeError, /shifted: expected ascending/);
    const bad = Int32Array.from(nl.offsets);
    bad[3] = bad[2] - 1;
    off[2 * 7] = 0.01;
    const pos = Float64Array.from(x);
    expect(call({ offsets: bad, pos, shifted: Int32Array.of(7) })).to.throw(RangeError, /offsets not non-decreasing/);
    expect(same(pos, x)).to.equal(true);
  });

  it('createMdEvaluator: the tracked path = the call-by-call path (exact test every call) over 400 small steps past the limit', () => {
    const { n, h, x, species } = lattice(30, 10, 0.05, 30);
    const positions = new Float64Array(2 * n);
    const fused = createMdEvaluator(DEFAULT_MODEL, h, species, skin, undefined, positions);
    const passes = createMdEvaluator(DEFAULT_MODEL, h, species, skin, (nl, xs, f) => mdForces(nl, xs, f, true));
    expect(fused.positions).to.equal(positions);
    const rng = createRng(11);
    let y = Float64Array.from(x);
    const fA = new Float64Array(2 * n), fB = new Float64Array(2 * n), gA = new Float64Array(2 * n), gB = new Float64Array(2 * n);
    const rebuildsAt: number[][] = [[], []];
    for (let step = 0; step < 400; step++) {
      // A slow drift (it takes the walk past skin/2 about every 60 steps), noise, and a
      // line search's back-and-forth (every third call returns to the call before).
      if (step % 3 !== 2) y = y.map((v, k) => v + (k & 1 ? 0.0017 : -0.0011) + 0.002 * (rng.uniform() - 0.5));
      const buildsA = fused.neighbors.builds, buildsB = passes.neighbors.builds;
      const withMax = step % 2 === 0;
      const eA = fused.energyForces(y, h, fA, undefined, withMax, gA);
      const eB = passes.energyForces(y, h, fB, undefined, withMax, gB);
      if (fused.neighbors.builds > buildsA) rebuildsAt[0].push(step);
      if (passes.neighbors.builds > buildsB) rebuildsAt[1].push(step);
      expect(Object.is(eA, eB) && same(fA, fB) && same(gA, gB)).to.equal(true);
      expect(Object.is(fused.maxForce, passes.maxForce)).to.equal(true);
      expect(same(fused.positions, y) && same(passes.positions, y)).to.equal(true);
    }
    expect(rebuildsAt[0]).to.deep.equal(rebuildsAt[1]);
    expect(rebuildsAt[0].length).to.be.within(4, 30);
  });
});
