/**
 * A minimizer's evaluation in one native call (NativePairKernel.evaluate,
 * native/core/pair_kernel_evaluate.cc) against the calls it replaces, bit for bit: the
 * TypeScript reference of the wrapped copy and displacement check
 * (`shiftedCopyWithinTypeScript`: xs = x + off, copy = x), the pair loop on xs,
 * `maxAbsTypeScript` of the forces and the gradient −F by unary minus. Cases: particles
 * outside the cell (nonzero offsets; off read for those only, or for all), coordinates −0
 * and +0 (the loop reads the caller's copy of x, −0 kept, where the reference reads xs), a
 * particle beyond the check's limit and one near it (the exact test after the max|Δ|
 * bound), the gradient alone (F accumulated in it), the scalar and generic loops, and
 * createMdEvaluator's and createMdObjective's one-call path against their call-by-call
 * path (a custom `forces`) over moves with list rebuilds and a change of cell; the forces
 * also against the TypeScript pair loop to rounding; Landscape.objective against
 * Landscape.evaluate; malformed input, and the copy restored when the loop throws.
 */
import { expect } from 'chai';
import { addon, type NativePairKernel } from '../lib/native.js';
import { maxAbsTypeScript, shiftedCopyWithinTypeScript, shiftedParticles } from '../lib/md/evaluator-loops.js';
import { buildMdNeighborList, createMdNeighborList, mdForces, mdForcesTypeScript, type MdNeighborList } from '../lib/md/kernel.js';
import { createMdEvaluator, createMdObjective } from '../lib/md/objective.js';
import { DEFAULT_MODEL, makeModel, type Model } from '../lib/model/index.js';
import { createRng } from '../lib/stats/random.js';
import { Landscape } from '../lib/aqs/landscape.js';
import { parseDirection } from '../lib/aqs/direction.js';

const same = (a: Float64Array, b: Float64Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * A jittered m × m square lattice at density 0.86 in the cell [[L, tilt·L], [0, L]], two
 * species at random; `outside` particles moved by a cell vector (outside the cell, so the
 * build gives them an offset); particles 2m·(m/2) and its lattice neighbour above it at x =
 * +0 and −0 (a bond coordinate −0 − (+0) = −0 where xs = x + 0 gives +0).
 */
function lattice(m: number, seed: number, tilt: number, outside: number) {
  const n = m * m, L = Math.sqrt(n / 0.86), a = L / m;
  const rng = createRng(seed);
  const h = Float64Array.of(L, tilt * L, 0, L);
  const x = new Float64Array(2 * n), species = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const s0 = ((k % m) + 0.5 + 0.3 * (rng.uniform() - 0.5)) / m, s1 = (Math.floor(k / m) + 0.5 + 0.3 * (rng.uniform() - 0.5)) / m;
    x[2 * k] = h[0] * s0 + h[1] * s1;
    x[2 * k + 1] = h[2] * s0 + h[3] * s1;
    species[k] = rng.uniform() < 0.5 ? 0 : 1;
  }
  const zeroA = m * Math.floor(m / 2), zeroB = zeroA + m;
  if (tilt === 0) {
    x[2 * zeroA] = 0;
    x[2 * zeroB] = -0;
    x[2 * zeroB + 1] = x[2 * zeroA + 1] + 0.95 * a;
  }
  for (let c = 0; c < outside; c++) {
    const i = 1 + Math.floor(rng.uniform() * (n - 1));
    if (i === zeroA || i === zeroB) continue;
    const sign = rng.uniform() < 0.5 ? -1 : 1;
    const col = rng.uniform() < 0.5 ? 0 : 1;
    x[2 * i] += sign * h[col];
    x[2 * i + 1] += sign * h[2 + col];
  }
  return { n, h, x, species, zeroA, zeroB };
}

/** The list built for x (copied and wrapped), and the offsets off = xs − x. */
function built(model: Model, n: number, h: Float64Array, x: Float64Array, species: Uint8Array, skin: number) {
  const nl = createMdNeighborList(n, model, h, skin);
  const xs = Float64Array.from(x);
  buildMdNeighborList(nl, h, xs, species);
  const off = new Float64Array(2 * n);
  for (let k = 0; k < 2 * n; k++) off[k] = xs[k] - x[k];
  return { nl, off };
}

/** Positions moved from x by up to `move` λ per coordinate (−0 and +0 kept where planted). */
function moved(x: Float64Array, seed: number, move: number, keep: number[]): Float64Array {
  const rng = createRng(seed);
  const y = x.map((v) => v + move * (rng.uniform() - 0.5));
  for (const k of keep) y[k] = x[k];
  return y;
}

/** The three passes (the reference): check and copies, the pair loop on xs, max|F|. */
function threePasses(nl: MdNeighborList, x: Float64Array, off: Float64Array, lim2: number, pair: (xs: Float64Array, f: Float64Array) => number) {
  const n = nl.n, xs = new Float64Array(2 * n), copy = new Float64Array(2 * n), f = new Float64Array(2 * n);
  const within = shiftedCopyWithinTypeScript(n, x, off, nl.ref, lim2, xs, copy);
  const energy = pair(xs, f);
  return { within, copy, f, energy, maxForce: maxAbsTypeScript(f, 2 * n) };
}

/**
 * The one call, on a kernel and list (off read for the shifted particles only, or for all).
 * With a copy and the shifted particles the loop reads the copy, patched at those
 * particles while it runs; `withForces` false: the gradient only (F accumulated in it).
 */
function oneCall(
  kernel: NativePairKernel, nl: MdNeighborList, x: Float64Array, off: Float64Array, lim2: number, withCopy = true, sparse = true,
  withForces = true, withRef32 = false,
) {
  const n = nl.n;
  // The build positions rounded to float, and max |ref − ref32| (the bound's slack).
  const ref32 = withRef32 ? Float32Array.from(nl.ref) : undefined;
  const slack = ref32 === undefined ? undefined : Math.max(...Array.from(nl.ref, (v, k) => Math.abs(v - ref32[k])));
  const idx = new Int32Array(n);
  const shifted = sparse ? idx.subarray(0, shiftedParticles(n, off, idx)) : undefined;
  const copy = withCopy ? new Float64Array(2 * n).fill(7) : undefined;
  const f = new Float64Array(2 * n).fill(Number.NaN), out = new Float64Array(2).fill(Number.NaN);
  const gradient = new Float64Array(2 * n + 1).fill(7);
  const within = kernel.evaluate(n, x, off, nl.ref, lim2, new Float64Array(2 * n), copy, shifted, withForces ? f : undefined,
    nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out, gradient, ref32, slack);
  return { within, copy, f, energy: out[0], maxForce: out[1], gradient, shifted };
}

describe('md: one-call evaluation for the minimizers (NativePairKernel.evaluate)', () => {
  const skin = 0.3, lim2 = 0.25 * skin * skin;

  for (const [label, tilt, outside] of [['square cell, −0 next to +0', 0, 25], ['sheared cell (γ = 0.2)', 0.2, 60], ['no offsets', 0, 0]] as const) {
    it(`paper law: the same bits as the three passes (${label})`, () => {
      const { n, h, x, species, zeroA, zeroB } = lattice(40, 2, tilt, outside);
      const { nl, off } = built(DEFAULT_MODEL, n, h, x, species, skin);
      const keep = tilt === 0 ? [2 * zeroA, 2 * zeroB] : [];
      for (const seed of [3, 4]) {
        const y = moved(x, seed, 0.1, keep);
        if (tilt === 0) {
          expect(Object.is(y[2 * zeroB], -0) && Object.is(y[2 * zeroA], 0)).to.equal(true);
          // The two are a pair of the list, read from x in a row of unshifted particles.
          const a = Math.min(zeroA, zeroB), b = Math.max(zeroA, zeroB);
          const codes = Array.from(nl.codes.subarray(nl.offsets[a], nl.offsets[a + 1]), (c) => c >> nl.typeBits >> 1);
          const codesB = Array.from(nl.codes.subarray(nl.offsets[b], nl.offsets[b + 1]), (c) => c >> nl.typeBits >> 1);
          expect(codes.includes(b) || codesB.includes(a)).to.equal(true);
        }
        const ref = threePasses(nl, y, off, lim2, (xs, f) => mdForces(nl, xs, f, true));
        const got = oneCall(nl.native!, nl, y, off, lim2);
        if (outside === 0) expect(got.shifted!.length).to.equal(0);
        else expect(got.shifted!.length).to.be.above(5);
        expect(ref.within).to.equal(true);
        expect(got.within).to.equal(true);
        expect(same(got.f, ref.f)).to.equal(true);
        expect(Object.is(got.energy, ref.energy)).to.equal(true);
        expect(Object.is(got.maxForce, ref.maxForce)).to.equal(true);
        expect(same(got.copy!, ref.copy)).to.equal(true);
        // The gradient: −F by unary minus (+0 → −0 included), the entry after it untouched.
        expect(same(got.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
        expect(got.gradient[2 * n]).to.equal(7);
        // The independent route: the TypeScript pair loop on the wrapped copy, to rounding.
        const xs = Float64Array.from(y, (v, k) => v + off[k]), fTs = new Float64Array(2 * n);
        const uTs = mdForcesTypeScript(nl, xs, fTs, true);
        expect(Math.abs(got.energy - uTs)).to.be.below(1e-12 * Math.abs(uTs));
        let d = 0;
        for (let k = 0; k < 2 * n; k++) d = Math.max(d, Math.abs(got.f[k] - fTs[k]));
        expect(d).to.be.below(1e-10 * got.maxForce);
        expect(Math.abs(got.maxForce - Math.max(...Array.from(fTs, Math.abs)))).to.be.below(1e-10 * got.maxForce);
        // Without a copy, and with off read for every particle: the same numbers.
        const bare = oneCall(nl.native!, nl, y, off, lim2, false, false);
        expect(bare.within && same(bare.f, ref.f) && Object.is(bare.energy, ref.energy)).to.equal(true);
        // The copy is x itself (the caller's own record): the same numbers, x unchanged.
        {
          const idx = new Int32Array(n), shifted = idx.subarray(0, shiftedParticles(n, off, idx));
          const xx = Float64Array.from(y), f = new Float64Array(2 * n), out = new Float64Array(2);
          expect(nl.native!.evaluate(n, xx, off, nl.ref, lim2, new Float64Array(2 * n), xx, shifted, f, nl.offsets, nl.codes,
            nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out)).to.equal(true);
          expect(same(xx, y) && same(f, ref.f) && Object.is(out[0], ref.energy)).to.equal(true);
        }
        // The displacement bound against ref rounded to float: the same numbers.
        const r32 = oneCall(nl.native!, nl, y, off, lim2, true, true, true, true);
        expect(r32.within && same(r32.f, ref.f) && Object.is(r32.energy, ref.energy) && same(r32.copy!, y)).to.equal(true);
        // The gradient only (F accumulated in it, negated in place), with and without the
        // patched copy: the same gradient, energy and max|F|, and the copy = x.
        for (const withCopy of [true, false]) {
          const g = oneCall(nl.native!, nl, y, off, lim2, withCopy, true, false);
          expect(g.within && Object.is(g.energy, ref.energy) && Object.is(g.maxForce, ref.maxForce)).to.equal(true);
          expect(same(g.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
          expect(g.gradient[2 * n]).to.equal(7);
          if (withCopy) expect(same(g.copy!, y)).to.equal(true);
        }
      }
    });
  }

  it('a particle beyond the limit: false, and the copy of x written all the same', () => {
    const { n, h, x, species } = lattice(30, 5, 0.1, 20);
    const { nl, off } = built(DEFAULT_MODEL, n, h, x, species, skin);
    for (const far of [0, 451, n - 1]) {
      const y = moved(x, far, 0.1, []);
      y[2 * far + 1] += 0.2; // |Δ| > skin/2 = 0.15
      const ref = threePasses(nl, y, off, lim2, (xs, f) => mdForces(nl, xs, f, true));
      const got = oneCall(nl.native!, nl, y, off, lim2, true, true, true, far === 451);
      expect(ref.within).to.equal(false);
      expect(got.within).to.equal(false);
      expect(same(got.copy!, y)).to.equal(true);
    }
  });

  it('a displacement near the limit (|Δx| = 0.12 > √(lim2/2), |Δ| < skin/2): the exact test, within, the same bits', () => {
    const { n, h, x, species } = lattice(30, 13, 0.1, 20);
    const { nl, off } = built(DEFAULT_MODEL, n, h, x, species, skin);
    for (const near of [0, 452, n - 1]) {
      const y = moved(x, near, 0.02, []);
      y[2 * near] = x[2 * near] + 0.12;
      const ref = threePasses(nl, y, off, lim2, (xs, f) => mdForces(nl, xs, f, true));
      for (const withRef32 of [false, true]) {
        const got = oneCall(nl.native!, nl, y, off, lim2, true, true, true, withRef32);
        expect(ref.within && got.within).to.equal(true);
        expect(same(got.f, ref.f) && Object.is(got.energy, ref.energy) && same(got.copy!, y)).to.equal(true);
      }
      y[2 * near + 1] = x[2 * near + 1] + 0.1; // |Δ| = 0.156 > 0.15
      expect(oneCall(nl.native!, nl, y, off, lim2).within).to.equal(false);
      expect(oneCall(nl.native!, nl, y, off, lim2, true, true, true, true).within).to.equal(false);
    }
  });

  it('laws without the fused loop (per-type ε: scalar loop; n = 12, q = 2: generic loop): the same bits as the three passes', () => {
    const { n, h, x, species } = lattice(30, 6, 0.15, 30);
    // Per-type ε: G0, G1 differ between types, so the paired loop is not used.
    const model = DEFAULT_MODEL;
    const record = model.q + 4, nt = model.nSpecies * model.nSpecies;
    const table = new Float64Array(nt * record);
    for (let t = 0; t < nt; t++) {
      table.set([model.lambda[t], 1 + 0.25 * t, model.cutoff[t], ...model.c], t * record);
    }
    const perType = new addon.NativePairKernel('ipl', nt, model.n, model.q, table);
    const generic = makeModel({ n: 12, q: 2 });
    for (const [kernelModel, kernel] of [[model, perType], [generic, null]] as const) {
      const { nl, off } = built(kernelModel, n, h, x, species, skin);
      const k = kernel ?? nl.native!;
      const y = moved(x, 7, 0.1, []);
      const ref = threePasses(nl, y, off, lim2, (xs, f) => k.forces(n, xs, f, nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true));
      const got = oneCall(k, nl, y, off, lim2);
      expect(got.within).to.equal(true);
      expect(same(got.f, ref.f) && Object.is(got.energy, ref.energy) && Object.is(got.maxForce, ref.maxForce)).to.equal(true);
      expect(same(got.copy!, ref.copy) && same(got.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
      y[11] += 0.3;
      expect(oneCall(k, nl, y, off, lim2).within).to.equal(false);
    }
  });

  for (const [label, model] of [['paper law', DEFAULT_MODEL], ['n = 12, q = 2', makeModel({ n: 12, q: 2 })]] as const) {
    it(`createMdEvaluator (${label}): the one-call path = the three-pass path over moves, rebuilds and a new cell`, () => {
      const { n, h, x, species } = lattice(36, 8, 0.05, 30);
      const fused = createMdEvaluator(model, h, species, skin);
      const passes = createMdEvaluator(model, h, species, skin, (nl, xs, f) => mdForces(nl, xs, f, true));
      const rng = createRng(9);
      let y = Float64Array.from(x);
      let cell = h;
      const fA = new Float64Array(2 * n), fB = new Float64Array(2 * n), cA = new Float64Array(2 * n), cB = new Float64Array(2 * n);
      const gA = new Float64Array(2 * n), gB = new Float64Array(2 * n);
      for (let step = 0; step < 40; step++) {
        // A drift that carries particles across the cell's sides, plus noise.
        y = y.map((v, k) => v + (k & 1 ? 0.013 : -0.021) + 0.03 * (rng.uniform() - 0.5));
        if (step === 25) cell = Float64Array.of(h[0], h[1] + 0.02 * h[0], h[2], h[3]);
        const eA = fused.energyForces(y, cell, fA, cA, true, gA);
        const eB = passes.energyForces(y, cell, fB, cB, true, gB);
        expect(Object.is(eA, eB)).to.equal(true);
        expect(same(fA, fB) && same(cA, cB) && same(cA, y)).to.equal(true);
        expect(same(gA, gB) && same(gA, fB.map((v) => -v))).to.equal(true);
        expect(Object.is(fused.maxForce, passes.maxForce)).to.equal(true);
        expect(fused.maxForce).to.equal(maxAbsTypeScript(fB, 2 * n));
      }
      expect(fused.neighbors.builds).to.equal(passes.neighbors.builds);
      expect(fused.neighbors.builds).to.be.within(4, 30);
      // Without withMaxForce: NaN.
      fused.energyForces(y, cell, fA);
      expect(fused.maxForce).to.be.NaN;
    });
  }

  it('createMdObjective: the one-call objective = E and −F of the three-pass path, bit for bit', () => {
    const { n, h, x, species } = lattice(30, 11, 0, 15);
    const a = createMdObjective(DEFAULT_MODEL, h, species, skin);
    const b = createMdObjective(DEFAULT_MODEL, h, species, skin, (nl, xs, f) => mdForces(nl, xs, f, true));
    const gA = new Float64Array(2 * n), gB = new Float64Array(2 * n);
    for (let step = 0; step < 12; step++) {
      const y = moved(x, 20 + step, 0.04 * step, []);
      expect(Object.is(a.objective(y, gA), b.objective(y, gB))).to.equal(true);
      expect(same(gA, gB)).to.equal(true);
    }
    expect(a.neighbors.builds).to.equal(b.neighbors.builds);
    expect(a.neighbors.builds).to.be.above(2);
  });

  it('Landscape.objective (the gradient only) = −F of Landscape.evaluate, bit for bit, and the forces of evaluate left as they were', () => {
    const { n, h, x, species } = lattice(36, 12, 0.1, 40);
    const land = new Landscape(DEFAULT_MODEL, parseDirection('simple+'), h, species);
    const twin = new Landscape(DEFAULT_MODEL, parseDirection('simple+'), h, species);
    const gamma = 0.01, objective = land.objective(gamma), grad = new Float64Array(2 * n);
    for (let step = 0; step < 10; step++) {
      const y = moved(x, 40 + step, 0.02 * step, []);
      const before = Float64Array.from(land.evaluate(x, gamma).forces);
      const u = objective(y, grad);
      // evaluate's forces are left as they were; the landscape's copy of the positions is y.
      expect(same(land.evaluate(x, gamma).forces, before)).to.equal(true);
      const ev = twin.evaluate(y, gamma);
      expect(Object.is(u, ev.energy)).to.equal(true);
      expect(same(grad, ev.forces.map((v) => -v))).to.equal(true);
      objective(y, grad);
      expect(same(land.evaluate(y, gamma).forces, ev.forces)).to.equal(true);
    }
    land.dispose();
    twin.dispose();
  });

  it('rejects malformed input (types, lengths, a list that does not fit)', () => {
    const { n, h, x, species } = lattice(10, 10, 0, 0);
    const { nl, off } = built(DEFAULT_MODEL, n, h, x, species, skin);
    const k = nl.native!, out = new Float64Array(2), f = new Float64Array(2 * n);
    const call = (over: Partial<Record<string, unknown>>) => () => k.evaluate(
      n, (over.x ?? x) as Float64Array, off, nl.ref, lim2, new Float64Array(2 * n), undefined,
      over.shifted as Int32Array | undefined, f, (over.offsets ?? nl.offsets) as Int32Array, nl.codes, nl.typeBits,
      nl.border, nl.borderCount, nl.shift, (over.withMax ?? true) as boolean, (over.out ?? out) as Float64Array,
      over.gradient as Float64Array | undefined);
    expect(call({})).to.not.throw();
    expect(call({ x: new Float64Array(2 * n - 1) })).to.throw(RangeError, /x: expected at least 200/);
    expect(call({ out: new Float64Array(1) })).to.throw(RangeError, /out/);
    expect(call({ withMax: 1 })).to.throw(TypeError, /withMax/);
    expect(call({ gradient: new Float64Array(2 * n - 1) })).to.throw(RangeError, /gradient: expected at least 200/);
    expect(call({ shifted: Int32Array.of(3, 2) })).to.throw(RangeError, /shifted: expected ascending/);
    expect(call({ shifted: Int32Array.of(n) })).to.throw(RangeError, /shifted/);
    const bad = Int32Array.from(nl.offsets);
    bad[3] = bad[2] - 1;
    expect(call({ offsets: bad })).to.throw(RangeError, /pair list: offsets not non-decreasing/);
    // Thrown from the loop over the patched copy (particle 7 patched to x + 0.01): the copy
    // is x again.
    off[2 * 7] = 0.01;
    const copy = new Float64Array(2 * n);
    expect(() => k.evaluate(n, x, off, nl.ref, lim2, new Float64Array(2 * n), copy, Int32Array.of(7), f, bad, nl.codes,
      nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out)).to.throw(RangeError, /offsets not non-decreasing/);
    expect(same(copy, x)).to.equal(true);
    expect(() => k.evaluate(n, x, off, nl.ref, lim2, new Float64Array(2 * n), undefined, undefined, undefined, nl.offsets,
      nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out)).to.throw(TypeError, /f: expected a Float64Array when no gradient/);
  });
});
