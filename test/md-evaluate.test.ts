/**
 * A minimizer's evaluation in one native call (NativePairKernel.evaluateTracked,
 * native/core/pair_kernel_evaluate.cc) against the calls it replaces, bit for bit: the
 * TypeScript reference of the wrapped copy and displacement check
 * (`shiftedCopyWithinTypeScript`: xs = x + off), the pair loop on xs, `maxAbsTypeScript` of
 * the forces and the gradient −F by unary minus. Cases: particles outside the cell
 * (nonzero offsets; the loop reads the caller's record of x patched at those, or xs = x +
 * off for all), coordinates −0 and +0 (the loop reads the record, −0 kept, where the
 * reference reads xs), the gradient alone (F accumulated in it), the scalar and generic
 * loops, and createMdEvaluator's and createMdObjective's one-call path against their
 * call-by-call path (a custom `forces`) over moves with list rebuilds and a change of cell;
 * the forces also against the TypeScript pair loop to rounding; Landscape.objective against
 * Landscape.evaluate. The displacement bound itself, the limit and malformed input:
 * test/md-evaluate-tracked.test.ts.
 */
import { expect } from 'chai';
import { addon, type NativePairKernel } from '../lib/native.js';
import { maxAbsTypeScript, shiftedCopyWithinTypeScript, shiftedParticles } from '../lib/md/evaluator-loops.js';
import { buildMdNeighborList, createMdNeighborList, mdForces, mdForcesTypeScript, type MdNeighborList } from '../lib/md/kernel.js';
import { createMdEvaluator, createMdObjective } from '../lib/md/objective.js';
import { DEFAULT_MODEL, makeModel, type Model } from '../lib/model/index.js';
import { createRng } from '../lib/random.js';
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

/** The three passes (the reference): check and xs = x + off, the pair loop on xs, max|F|. */
function threePasses(nl: MdNeighborList, x: Float64Array, off: Float64Array, lim2: number, pair: (xs: Float64Array, f: Float64Array) => number) {
  const n = nl.n, xs = new Float64Array(2 * n), f = new Float64Array(2 * n);
  const within = shiftedCopyWithinTypeScript(n, x, off, nl.ref, lim2, xs);
  const energy = pair(xs, f);
  return { within, f, energy, maxForce: maxAbsTypeScript(f, 2 * n) };
}

/**
 * The one call, on a kernel and list, as the first call after the build at `start` (the
 * record pos = start, D = 0): the loop reads pos patched at the shifted particles
 * (`sparse`), or xs = x + off for all; `withForces` false: the gradient only (F
 * accumulated in it). `pos` may be x itself.
 */
function oneCall(
  kernel: NativePairKernel, nl: MdNeighborList, x: Float64Array, off: Float64Array, lim2: number, start: Float64Array,
  sparse = true, withForces = true, pos = Float64Array.from(start),
) {
  const n = nl.n;
  const idx = new Int32Array(n);
  const shifted = sparse ? idx.subarray(0, shiftedParticles(n, off, idx)) : undefined;
  const f = new Float64Array(2 * n).fill(Number.NaN), out = Float64Array.of(Number.NaN, Number.NaN, 0);
  const gradient = new Float64Array(2 * n + 1).fill(7);
  const within = kernel.evaluateTracked(n, x, off, nl.ref, lim2, new Float64Array(2 * n), pos, shifted,
    withForces ? f : undefined, nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true, out, gradient,
    2 ** -48 * 40);
  return { within, pos, f, energy: out[0], maxForce: out[1], gradient, shifted };
}

describe('md: one-call evaluation for the minimizers (NativePairKernel.evaluateTracked)', () => {
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
        const got = oneCall(nl.native!, nl, y, off, lim2, x);
        if (outside === 0) expect(got.shifted!.length).to.equal(0);
        else expect(got.shifted!.length).to.be.above(5);
        expect(ref.within).to.equal(true);
        expect(got.within).to.equal(true);
        expect(same(got.f, ref.f)).to.equal(true);
        expect(Object.is(got.energy, ref.energy)).to.equal(true);
        expect(Object.is(got.maxForce, ref.maxForce)).to.equal(true);
        // The record is x again (unpatched, −0 kept).
        expect(same(got.pos, y)).to.equal(true);
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
        // The loop on xs = x + off for every particle: the same numbers.
        const bare = oneCall(nl.native!, nl, y, off, lim2, x, false);
        expect(bare.within && same(bare.f, ref.f) && Object.is(bare.energy, ref.energy)).to.equal(true);
        // The record is x itself (a caller's own array): the same numbers, x unchanged.
        const yy = Float64Array.from(y);
        const own = oneCall(nl.native!, nl, yy, off, lim2, x, true, true, yy);
        expect(own.within && same(yy, y) && same(own.f, ref.f) && Object.is(own.energy, ref.energy)).to.equal(true);
        // The gradient only (F accumulated in it, negated in place), the loop on the
        // patched record or on xs: the same gradient, energy and max|F|.
        for (const sparse of [true, false]) {
          const g = oneCall(nl.native!, nl, y, off, lim2, x, sparse, false);
          expect(g.within && Object.is(g.energy, ref.energy) && Object.is(g.maxForce, ref.maxForce)).to.equal(true);
          expect(same(g.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
          expect(g.gradient[2 * n]).to.equal(7);
          expect(same(g.pos, y)).to.equal(true);
        }
      }
    });
  }

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
      for (const sparse of [true, false]) {
        const got = oneCall(k, nl, y, off, lim2, x, sparse);
        expect(got.within).to.equal(true);
        expect(same(got.f, ref.f) && Object.is(got.energy, ref.energy) && Object.is(got.maxForce, ref.maxForce)).to.equal(true);
        expect(same(got.pos, y) && same(got.gradient.subarray(0, 2 * n), ref.f.map((v) => -v))).to.equal(true);
      }
      y[11] += 0.3;
      expect(oneCall(k, nl, y, off, lim2, x).within).to.equal(false);
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
});
