/**
 * The C++ loops of the d-generic MD against their TypeScript references, which they must
 * equal bit for bit (the same IEEE operations in the same order):
 * - the binned Verlet-list build (native/core/nd_neighbor_build.h) against
 *   lib/nd/md-neighbor-list.ts buildBinned (`reference`), and the all-pairs build of small
 *   cells against buildAllPairs: the same offsets and codes in 2D and 3D, tilted cells,
 *   codes grown when they do not fit; a whole small 3D preparation (N = 300) too;
 * - the scaled-law force loop (native/core/nd_scaled_forces.h, lib/nd/md-scaled.ts `loop`)
 *   against the generated JavaScript loop (`referenceLoop`) on every scaled preset, and a
 *   thermostatted MD trajectory and a whole preparation run through each;
 * - the `poly` force loop (native/core/nd_poly_forces.h) against lib/nd/md-forces.ts
 *   polyForces in 2D and 3D, and a whole 2D poly preparation.
 * (test/nd-md-forces.test.ts checks the list against a brute-force pair search and the loop
 * against an O(N²) sum of law.radial and finite differences.) Then malformed input: a list
 * or species array that does not fit the positions, a non-finite position and malformed law
 * terms are refused with a RangeError.
 */
import { expect } from 'chai';
import { createCsvr } from '../lib/md/thermostat.js';
import { composition, ljLaw, modelPreset } from '../lib/model/index.js';
import { createNdPairTable, ndForces } from '../lib/nd/md-forces.js';
import { initNdMd, setNdVelocities, stepNdMd } from '../lib/nd/md-integrator.js';
import { buildNdNeighborList, createNdNeighborList } from '../lib/nd/md-neighbor-list.js';
import { ndRandomStart } from '../lib/nd/md-random-start.js';
import { prepareGlassNd } from '../lib/nd/prepare.js';
import { setNdReferenceLoops } from '../lib/nd/reference-loops.js';
import { addon } from '../lib/native.js';
import { createRng } from '../lib/stats/index.js';
import { lattice, referenceEnergyForces } from './helpers/nd-md-reference.js';

const CASES = [
  { preset: 'ka', d: 3 as const, m: 7, tilt: [0.1, -0.07, 0.05] },
  { preset: 'ipl3d', d: 3 as const, m: 7, tilt: [0.12, 0.04, -0.1] },
  { preset: 'ka2d', d: 2 as const, m: 14, tilt: [0.15, 0, 0] },
  { preset: 'ipl', d: 2 as const, m: 12, tilt: [-0.2, 0, 0] },
];

function bits(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** fn() with the TypeScript reference loops of lib/nd (./reference-loops.ts). */
function withReferenceLoops<T>(fn: () => T): T {
  setNdReferenceLoops(true);
  try {
    return fn();
  } finally {
    setNdReferenceLoops(false);
  }
}

/**
 * The C++ build against the TypeScript one on a jittered lattice of m^d particles: the same
 * offsets, codes and wrapped positions (the C++ one starts with 16 codes, so it must grow
 * them and build again). Returns the C++ list.
 */
function expectSameBuild(c: { preset: string; d: 2 | 3; tilt: number[] }, m: number, seed: number): { count: number; codes: Int32Array; n: number } {
  const p = modelPreset(c.preset);
  const table = createNdPairTable(p.law);
  const g = lattice(c.d, m, p.density, p.fractions, seed, c.tilt, 0.6);
  const n = g.species.length;
  const lists = [false, true].map((reference) => {
    const nl = createNdNeighborList(c.d, n, table.nSpecies, table.cutoff, g.cell, 0.3);
    if (!reference) nl.codes = new Int32Array(16); // forces the grow-and-rebuild path
    const x = Float64Array.from(g.positions);
    buildNdNeighborList(nl, x, g.species, reference);
    return { nl, x };
  });
  const [a, b] = [lists[0]!, lists[1]!];
  expect(a.nl.count).to.be.above(5 * n);
  expect(a.nl.count).to.equal(b.nl.count);
  expect(Buffer.from(a.nl.offsets.buffer, 0, 4 * (n + 1)).equals(Buffer.from(b.nl.offsets.buffer, 0, 4 * (n + 1)))).to.equal(true);
  expect(Buffer.from(a.nl.codes.buffer, 0, 4 * a.nl.count).equals(Buffer.from(b.nl.codes.buffer, 0, 4 * b.nl.count))).to.equal(true);
  expect(bits(a.x).equals(bits(b.x))).to.equal(true); // both wrapped the same way
  return { count: a.nl.count, codes: a.nl.codes, n };
}

describe('nd md: the C++ list build', () => {
  for (const c of CASES) {
    it(`${c.preset} (d = ${c.d}, tilted cell): offsets and codes equal the TypeScript build's, also when the codes must grow`, () => {
      expectSameBuild(c, c.d === 3 ? 11 : 40, 5);
    });
  }

  // Cells with fewer than 3 bins along an axis, and fewer than 64 particles: the all-pairs build.
  for (const c of [
    { preset: 'ka', d: 3 as const, m: 7, tilt: [0.1, -0.07, 0.05] }, // 343 particles, 2 bins per axis
    { preset: 'ipl3d', d: 3 as const, m: 6, tilt: [-0.12, 0.04, 0.1] },
    { preset: 'ka2d', d: 2 as const, m: 7, tilt: [0.15, 0, 0] }, // 49 particles
    { preset: 'ipl', d: 2 as const, m: 7, tilt: [-0.2, 0, 0] },
  ]) {
    it(`a small cell, ${c.preset} (d = ${c.d}, m = ${c.m}, tilted): the C++ all-pairs build equals the TypeScript one, also when the codes must grow`, () => {
      const { count, codes, n } = expectSameBuild(c, c.m, 7);
      // The images of the listed pairs include wrapped ones (w ≠ 0), so the rounding is exercised.
      let wrapped = 0;
      for (let k = 0; k < count; k++) if ((codes[k]! & 31) !== (c.d === 3 ? 13 : 4)) wrapped++;
      expect(wrapped).to.be.above(n);
    });
  }

  it('a non-finite position or a species ≥ nSpecies is refused, naming the particle', () => {
    const p = modelPreset('ka');
    const table = createNdPairTable(p.law);
    const g = lattice(3, 11, p.density, p.fractions, 5);
    const n = g.species.length;
    const nl = createNdNeighborList(3, n, 2, table.cutoff, g.cell, 0.3);
    const x = Float64Array.from(g.positions);
    x[3 * 40 + 1] = NaN;
    expect(() => buildNdNeighborList(nl, x, g.species)).to.throw(RangeError, /positions: particle 40 is not finite/);
    const species = Uint8Array.from(g.species);
    species[9] = 5;
    expect(() => buildNdNeighborList(nl, Float64Array.from(g.positions), species)).to.throw(RangeError, /species\[9\] = 5 is not below nSpecies = 2/);
    // The same through the all-pairs build of a small cell (216 particles, 2 bins per axis).
    const small = lattice(3, 6, p.density, p.fractions, 5);
    const nlSmall = createNdNeighborList(3, 216, 2, table.cutoff, small.cell, 0.3);
    const xs = Float64Array.from(small.positions);
    xs[3 * 40 + 2] = Infinity;
    expect(() => buildNdNeighborList(nlSmall, xs, small.species)).to.throw(RangeError, /positions: particle 40 is not finite/);
    const speciesSmall = Uint8Array.from(small.species);
    speciesSmall[9] = 5;
    expect(() => buildNdNeighborList(nlSmall, Float64Array.from(small.positions), speciesSmall)).to.throw(RangeError, /species\[9\] = 5 is not below nSpecies = 2/);
  });
});

describe('nd md: the C++ scaled-law loop', () => {
  for (const c of CASES) {
    it(`${c.preset} (d = ${c.d}, tilted cell, jittered lattice): forces and energy equal the generated JavaScript loop bit for bit`, () => {
      const p = modelPreset(c.preset);
      const table = createNdPairTable(p.law);
      expect(table.scaled).to.not.equal(null);
      for (const [seed, jitter] of [[3, 0.3], [4, 0.6]] as const) {
        const g = lattice(c.d, c.m, p.density, p.fractions, seed, c.tilt, jitter);
        const n = g.species.length;
        const nl = createNdNeighborList(c.d, n, table.nSpecies, table.cutoff, g.cell, 0.3);
        const x = Float64Array.from(g.positions);
        buildNdNeighborList(nl, x, g.species);
        const fNative = new Float64Array(c.d * n).fill(7), fRef = new Float64Array(c.d * n);
        const uNative = table.scaled!.loop(c.d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fNative);
        const uRef = table.scaled!.referenceLoop(c.d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fRef);
        expect(Object.is(uNative, uRef), `U ${uNative} vs ${uRef}`).to.equal(true);
        expect(bits(fNative).equals(bits(fRef))).to.equal(true);
        expect(Number.isFinite(uNative) && uNative !== 0).to.equal(true);
        // Forces only (the loop without the energy's terms): the same F, and U = 0.
        const fOnly = new Float64Array(c.d * n).fill(7);
        expect(table.scaled!.loop(c.d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fOnly, false)).to.equal(0);
        expect(bits(fOnly).equals(bits(fRef))).to.equal(true);
        expect(table.scaled!.referenceLoop(c.d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fOnly, false)).to.equal(0);
      }
    });
  }

  for (const q of [2, 5]) {
    it(`an lj law of another shape (smoothing q = ${q}: the loop that reads its term counts at run time), 3D and 2D: bit for bit`, () => {
      const ka = modelPreset('ka');
      const law = ljLaw({ epsilon: [[1, 1.5], [1.5, 0.5]], sigma: [[1, 0.8], [0.8, 0.88]], q });
      const table = createNdPairTable(law);
      expect(table.scaled).to.not.equal(null);
      expect(table.scaled!.terms.pos.length).to.equal(q + 1); // not one of the shapes compiled in
      for (const d of [3, 2] as const) {
        const g = lattice(d, d === 3 ? 7 : 14, ka.density, ka.fractions, 8, [0.05, 0.02, -0.04], 0.5);
        const n = g.species.length;
        const nl = createNdNeighborList(d, n, 2, table.cutoff, g.cell, 0.3);
        const x = Float64Array.from(g.positions);
        buildNdNeighborList(nl, x, g.species);
        const fNative = new Float64Array(d * n), fRef = new Float64Array(d * n);
        const uNative = table.scaled!.loop(d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fNative);
        const uRef = table.scaled!.referenceLoop(d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fRef);
        expect(Object.is(uNative, uRef), `d = ${d}: U ${uNative} vs ${uRef}`).to.equal(true);
        expect(bits(fNative).equals(bits(fRef)), `d = ${d}`).to.equal(true);
        const fOnly = new Float64Array(d * n);
        expect(table.scaled!.loop(d)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fOnly, false)).to.equal(0);
        expect(bits(fOnly).equals(bits(fRef)), `d = ${d}, forces only`).to.equal(true);
      }
    });
  }

  it('ka, skin 0.7 λ with every particle moved by up to skin/2 since the build (allowed by the rebuild rule): the C++ loop equals the O(N²) sum, the generated loop (1 − ⌊w/w_c⌋) does not', () => {
    const p = modelPreset('ka');
    const table = createNdPairTable(p.law);
    const skin = 0.7; // above maxSkin = (√2 − 1)/2 · 2.2 λ: listed pairs may reach w ≥ 2 w_c
    expect(skin).to.be.above(table.scaled!.maxSkin);
    const g = lattice(3, 8, p.density, p.fractions, 21, [0.03, 0, 0.02], 0.4);
    const n = g.species.length;
    const nl = createNdNeighborList(3, n, 2, table.cutoff, g.cell, skin);
    const x = Float64Array.from(g.positions);
    buildNdNeighborList(nl, x, g.species);
    const rand = createRng(5);
    for (let k = 0; k < 3 * n; k++) x[k] += (skin / 2 / Math.sqrt(3)) * (2 * rand.uniform() - 1); // |Δx_i| < skin/2
    const fNative = new Float64Array(3 * n), fRef = new Float64Array(3 * n);
    const uNative = table.scaled!.loop(3)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fNative);
    const uRef = table.scaled!.referenceLoop(3)(n, x, g.species, nl.offsets, nl.codes, nl.shift, fRef);
    const exact = referenceEnergyForces({ ...g, positions: x }, p.law);
    expect(Math.abs(uNative - exact.energy)).to.be.below(1e-10 * Math.abs(exact.energy));
    let worst = 0, scale = 0;
    for (let k = 0; k < 3 * n; k++) {
      worst = Math.max(worst, Math.abs(fNative[k]! - exact.forces[k]!));
      scale = Math.max(scale, Math.abs(exact.forces[k]!));
    }
    expect(worst).to.be.below(1e-11 * scale);
    expect(Math.abs(uRef - exact.energy)).to.be.above(1e-6); // the pairs beyond 2 w_c counted with weight −1
  });

  it('ka (3D, N = 800, binned list): a thermostatted MD trajectory (T = 2, 300 steps, list rebuilds) is the same bit for bit through either set of loops', () => {
    const p = modelPreset('ka');
    const run = (): { x: Float64Array; u: number; builds: number } => {
      const rng = createRng(11);
      const start = ndRandomStart(3, p.law, composition(p, 800), p.density, rng, 0.3);
      const s = initNdMd(3, createNdPairTable(p.law), start.cell, start.positions, start.species, 0.005, 0.3);
      setNdVelocities(s, 2, rng);
      stepNdMd(s, 300, createCsvr(2, 0.5, s.dof, createRng(12)));
      return { x: s.positions, u: s.potentialEnergy, builds: s.neighbors.builds };
    };
    const a = run(), b = withReferenceLoops(run);
    expect(a.builds).to.be.above(5);
    expect(a.builds).to.equal(b.builds);
    expect(Object.is(a.u, b.u)).to.equal(true);
    expect(bits(a.x).equals(bits(b.x))).to.equal(true);
  });

  for (const { model, dim, n, seed } of [{ model: 'ka', dim: 3, n: 800, seed: 3 }, { model: 'ka', dim: 3, n: 300, seed: 5 }, { model: 'poly', dim: 2, n: 600, seed: 4 }] as const) {
    it(`prepareGlassNd (${model}, ${dim}D, N = ${n}, short protocol: MD, FIRE, CG) gives the same glass bit for bit through either set of loops`, () => {
      const run = (): { x: Float64Array; u: number; it: string } => {
        const g = prepareGlassNd({ model, dim, n, seed, tEquilibrate: 0.5, anneal: 1, fireTolerance: 3, cgTolerance: 1e-1, timings: false });
        return { x: g.config.positions, u: g.energy, it: `${g.fireIterations} + ${g.cgIterations} (${g.listBuilds} builds)` };
      };
      const a = run(), b = withReferenceLoops(run);
      expect(a.it).to.match(/^[1-9]\d* \+ [1-9]\d* \(\d+ builds\)$/); // FIRE and CG both ran
      expect(a.it).to.equal(b.it);
      expect(Object.is(a.u, b.u)).to.equal(true);
      expect(bits(a.x).equals(bits(b.x))).to.equal(true);
    });
  }

  for (const d of [2, 3] as const) {
    it(`poly (d = ${d}, per-particle sizes, tilted cell): the C++ loop equals the TypeScript polyForces bit for bit`, () => {
      const p = modelPreset('poly');
      const g = lattice(d, d === 3 ? 8 : 24, p.density, p.fractions, 6, [0.1, 0.05, -0.05], 0.5);
      const n = g.species.length, rand = createRng(31);
      const sizes = Float64Array.from({ length: n }, () => 0.73 + 0.89 * rand.uniform());
      const table = createNdPairTable(p.law, sizes);
      const nl = createNdNeighborList(d, n, 1, table.cutoff, g.cell, 0.3);
      const x = Float64Array.from(g.positions);
      buildNdNeighborList(nl, x, g.species);
      const fNative = new Float64Array(d * n).fill(3), fRef = new Float64Array(d * n);
      const uNative = ndForces(table, nl, x, g.species, fNative);
      const uRef = withReferenceLoops(() => ndForces(table, nl, x, g.species, fRef));
      expect(Object.is(uNative, uRef), `U ${uNative} vs ${uRef}`).to.equal(true);
      expect(bits(fNative).equals(bits(fRef))).to.equal(true);
      expect(uNative).to.be.above(0);
    });
  }


  describe('malformed input', () => {
    const p = modelPreset('ka');
    const table = createNdPairTable(p.law);
    const g = lattice(3, 6, p.density, p.fractions, 1, [0, 0, 0]);
    const n = g.species.length;
    const nl = createNdNeighborList(3, n, 2, table.cutoff, g.cell, 0.3);
    const x = Float64Array.from(g.positions);
    buildNdNeighborList(nl, x, g.species);
    const native = new addon.NativeScaledForces(2, table.scaled!.kappa, table.scaled!.eps, table.scaled!.eps2k, 1 / table.scaled!.wc,
      table.scaled!.terms.negPower, table.scaled!.terms.negEnergy, table.scaled!.terms.negForce, table.scaled!.terms.pos, table.scaled!.terms.dpos);
    const f = new Float64Array(3 * n);
    const call = (o: Partial<{ d: number; n: number; x: Float64Array; species: Uint8Array; offsets: Int32Array; codes: Int32Array; shift: Float64Array; f: Float64Array }>): number =>
      native.forces((o.d ?? 3) as 3, o.n ?? n, o.x ?? x, o.species ?? g.species, o.offsets ?? nl.offsets, o.codes ?? nl.codes, o.shift ?? nl.shift, o.f ?? f, true);

    it('the list as built is accepted (the control of the cases below)', () => {
      expect(Number.isFinite(call({}))).to.equal(true);
    });

    it('withEnergy must be a boolean', () => {
      const forces = native.forces as unknown as (...args: unknown[]) => number;
      const args = [3, n, x, g.species, nl.offsets, nl.codes, nl.shift, f];
      expect(() => forces.call(native, ...args)).to.throw(TypeError, /withEnergy must be a boolean/);
      expect(() => forces.call(native, ...args, 1)).to.throw(TypeError, /withEnergy must be a boolean/);
    });

    it('a pair code naming a particle ≥ n, a negative code or an image ≥ 27 is refused', () => {
      for (const bad of [(n << 5) | 13, -1, (3 << 5) | 27]) {
        const codes = Int32Array.from(nl.codes);
        codes[nl.offsets[2]!] = bad;
        expect(() => call({ codes }), String(bad)).to.throw(RangeError, /nd pair list: a pair code outside the particles or images .*rebuild it/);
      }
    });

    it('offsets that decrease or run past the codes are refused', () => {
      const down = Int32Array.from(nl.offsets);
      down[5] = down[4]! - 1;
      expect(() => call({ offsets: down })).to.throw(RangeError, /offsets not monotone/);
      const past = Int32Array.from(nl.offsets);
      past[n] = nl.codes.length + 1;
      expect(() => call({ offsets: past })).to.throw(RangeError, /offsets outside the codes/);
      expect(() => call({ offsets: nl.offsets.subarray(0, n) })).to.throw(RangeError, /offsets: expected at least n \+ 1/);
    });

    it('a species ≥ nSpecies, short arrays, a wrong shift table or d are refused', () => {
      const species = Uint8Array.from(g.species);
      species[17] = 2;
      expect(() => call({ species })).to.throw(RangeError, /species\[17\] = 2 is not below nSpecies = 2/);
      expect(() => call({ species: g.species.subarray(1) })).to.throw(TypeError, /species must be a Uint8Array of at least n entries/);
      expect(() => call({ x: x.subarray(3) })).to.throw(RangeError, /x, f: expected at least d·n/);
      expect(() => call({ f: f.subarray(1) })).to.throw(RangeError, /x, f: expected at least d·n/);
      expect(() => call({ shift: new Float64Array(18) })).to.throw(RangeError, /shift must have length 81/);
      expect(() => call({ d: 4 })).to.throw(RangeError, /d: expected 2 or 3/);
    });

    it('poly: short sizes, a law of the wrong length, non-finite coefficients or a bad code are refused', () => {
      const sizes = new Float64Array(n).fill(1), law = Float64Array.of(1, -1, 0.5, -0.1, 1.5625, 0.2);
      const poly = (o: Partial<{ sizes: Float64Array; law: Float64Array; codes: Int32Array }>): number =>
        addon.ndPolyForces(3, n, x, o.sizes ?? sizes, nl.offsets, o.codes ?? nl.codes, nl.shift, o.law ?? law, f);
      expect(Number.isFinite(poly({}))).to.equal(true);
      expect(() => poly({ sizes: sizes.subarray(1) })).to.throw(RangeError, /sizes: expected at least n/);
      expect(() => poly({ law: law.subarray(1) })).to.throw(RangeError, /law must have length 6/);
      expect(() => poly({ law: Float64Array.of(1, -1, 0.5, NaN, 1.5625, 0.2) })).to.throw(RangeError, /poly law: coefficients must be finite/);
      const codes = Int32Array.from(nl.codes);
      codes[nl.offsets[1]!] = (n << 5) | 13;
      expect(() => poly({ codes })).to.throw(RangeError, /a pair code outside the particles or images/);
    });

    it('malformed law terms are refused at construction', () => {
      const sc = table.scaled!, t = sc.terms;
      const make = (o: Partial<{ kappa: Float64Array; invWc: number; negPower: Int32Array; pos: Float64Array }>) => () =>
        new addon.NativeScaledForces(2, o.kappa ?? sc.kappa, sc.eps, sc.eps2k, o.invWc ?? 1 / sc.wc, o.negPower ?? t.negPower, t.negEnergy, t.negForce, o.pos ?? t.pos, t.dpos);
      expect(make({})).to.not.throw();
      expect(make({ kappa: Float64Array.of(1, NaN, 1, 1) })).to.throw(RangeError, /kappa must be finite/);
      expect(make({ kappa: Float64Array.of(1, 0, 1, 1) })).to.throw(RangeError, /kappa must be > 0/);
      expect(make({ kappa: Float64Array.of(1, 1, 1) })).to.throw(RangeError, /kappa must have length 4/);
      expect(make({ invWc: Infinity })).to.throw(RangeError, /1\/w_c must be > 0 and finite/);
      expect(make({ negPower: Int32Array.of(0, 3) })).to.throw(RangeError, /powers must be in 1\.\.31/);
      expect(make({ pos: new Float64Array(0) })).to.throw(RangeError, /Horner coefficients/);
    });
  });
});
