/**
 * The d-generic MD kernel (lib/nd md-neighbor-list, md-forces), DESIGN §10, against
 * independent routes: the Verlet list against all pairs with a brute-force image search
 * (O(N²)), energy and forces against a direct sum of `law.radial` over those pairs,
 * forces against central finite differences of the energy (every species preset, 2D and
 * 3D, tilted cells), and at d = 2 against the 2D MD kernel (lib/md mdForces) on a fixture.
 */
import { expect } from 'chai';
import { createMdNeighborList, buildMdNeighborList, mdForces } from '../lib/md/kernel.js';
import { DEFAULT_MODEL, composition, modelPreset, type PairLaw } from '../lib/model/index.js';
import { createNdPairTable, ndForces, ndTableForces } from '../lib/nd/md-forces.js';
import { buildNdNeighborList, createNdNeighborList } from '../lib/nd/md-neighbor-list.js';
import { inverse } from '../lib/space/cell-nd.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { bruteForcePairs, type Glass, lattice, referenceEnergyForces } from './helpers/nd-md-reference.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

function kernelEnergyForces(g: Glass, law: PairLaw, skin = 0.3, loop = ndForces): { energy: number; forces: Float64Array; listed: number } {
  const table = createNdPairTable(law);
  const n = g.species.length;
  const nl = createNdNeighborList(g.d, n, law.nSpecies, table.cutoff, g.cell, skin);
  const x = Float64Array.from(g.positions);
  buildNdNeighborList(nl, x, g.species);
  const forces = new Float64Array(g.d * n);
  const energy = loop(table, nl, x, g.species, forces);
  return { energy, forces, listed: nl.count };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]!));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

/** Species presets with their dimension, a lattice size that fits the cutoff, and tilts. */
const CASES = [
  { preset: 'ka', d: 3 as const, m: 6, tilt: [0.1, -0.07, 0.05] },
  { preset: 'ipl3d', d: 3 as const, m: 6, tilt: [0.12, 0.04, -0.1] },
  { preset: 'ka2d', d: 2 as const, m: 12, tilt: [0.15, 0, 0] },
  { preset: 'ipl', d: 2 as const, m: 10, tilt: [-0.2, 0, 0] },
];

describe('nd md: Verlet list', () => {
  for (const c of CASES) {
    it(`${c.preset} (d = ${c.d}, tilted cell): the listed pairs within r_c + skin are exactly the brute-force ones, each with its nearest image`, () => {
      const p = modelPreset(c.preset);
      const g = lattice(c.d, c.m, p.density, p.fractions, 11, c.tilt, 0.6);
      const skin = 0.3;
      const table = createNdPairTable(p.law);
      const n = g.species.length;
      const nl = createNdNeighborList(c.d, n, p.law.nSpecies, table.cutoff, g.cell, skin);
      const x = Float64Array.from(g.positions);
      buildNdNeighborList(nl, x, g.species);
      const want = bruteForcePairs({ ...g, positions: x }, (a, b) => (p.law.cutoff(a, b) + skin) ** 2);
      const got = new Map<string, number[]>();
      for (let i = 0; i < n; i++) {
        for (let k = nl.offsets[i]!; k < nl.offsets[i + 1]!; k++) {
          const j = nl.codes[k]! >> 5, m = nl.codes[k]! & 31;
          const key = i < j ? `${i},${j}` : `${j},${i}`;
          expect(got.has(key), `pair ${key} listed twice`).to.equal(false);
          const r = Array.from({ length: c.d }, (_, a) => (x[c.d * j + a]! - x[c.d * i + a]! + nl.shift[c.d * m + a]!) * (i < j ? 1 : -1));
          got.set(key, r);
        }
      }
      expect(got.size).to.equal(want.size);
      expect(want.size).to.be.greaterThan(n * (c.d === 3 ? 10 : 4));
      for (const [key, r] of want) {
        expect(got.has(key), `pair ${key} missing`).to.equal(true);
        expect(maxAbsDiff(got.get(key)!, r)).to.be.below(1e-12);
      }
    });
  }

  it('a larger 3D KA cell uses the binned build (≥ 3 bins per axis) and agrees with all pairs', () => {
    const p = modelPreset('ka');
    const g = lattice(3, 10, p.density, p.fractions, 3, [0.05, 0.1, -0.05], 0.5); // N = 1000, L = 9.4: 3 bins
    const table = createNdPairTable(p.law);
    const nl = createNdNeighborList(3, 1000, 2, table.cutoff, g.cell, 0.3);
    const x = Float64Array.from(g.positions);
    buildNdNeighborList(nl, x, g.species);
    // Wrapped positions in a slightly tilted cell: the nearest image is within one cell.
    const want = bruteForcePairs({ ...g, positions: x }, (a, b) => (p.law.cutoff(a, b) + 0.3) ** 2, 1);
    expect(nl.count).to.equal(want.size);
  });

  it('refuses a cell narrower than 2·(max r_c + skin), naming the widths', () => {
    const p = modelPreset('ka');
    const g = lattice(3, 5, p.density, p.fractions, 1); // N = 125, L = 4.7 < 2·2.8
    expect(() => createNdNeighborList(3, 125, 2, createNdPairTable(p.law).cutoff, g.cell, 0.3))
      .to.throw(RangeError, /cell: the cell's smallest width 4\.7\d* λ is not above twice the interaction range 2\.80000 λ/);
  });
});

describe('nd md: energy and forces', () => {
  for (const c of CASES) {
    it(`${c.preset} (d = ${c.d}): U and F equal a direct O(N²) sum of law.radial with brute-force images`, () => {
      const p = modelPreset(c.preset);
      const g = lattice(c.d, c.m, p.density, p.fractions, 5, c.tilt);
      const ref = referenceEnergyForces(g, p.law);
      // The generated scaled loop (ndForces) and the per-type table loop, each against the reference.
      expect(createNdPairTable(p.law).scaled).to.not.equal(null);
      for (const loop of [ndForces, ndTableForces]) {
        const got = kernelEnergyForces(g, p.law, 0.3, loop);
        expect(Math.abs(got.energy - ref.energy)).to.be.below(1e-11 * Math.abs(ref.energy) + 1e-11);
        expect(maxAbsDiff(got.forces, ref.forces)).to.be.below(1e-11 * maxAbs(ref.forces));
      }
    });

    it(`${c.preset} (d = ${c.d}): forces are −∇U by central finite differences of the kernel's energy`, () => {
      const p = modelPreset(c.preset);
      const g = lattice(c.d, c.m, p.density, p.fractions, 9, c.tilt);
      const { forces } = kernelEnergyForces(g, p.law);
      const rand = seededRandom(4);
      const h = 1e-5;
      for (let s = 0; s < 12; s++) {
        const k = Math.floor(rand() * g.positions.length);
        const plus = { ...g, positions: Float64Array.from(g.positions) };
        const minus = { ...g, positions: Float64Array.from(g.positions) };
        plus.positions[k] += h;
        minus.positions[k] -= h;
        const fd = -(kernelEnergyForces(plus, p.law).energy - kernelEnergyForces(minus, p.law).energy) / (2 * h);
        expect(Math.abs(fd - forces[k]!)).to.be.below(1e-6 * Math.max(1, Math.abs(forces[k]!)), `coordinate ${k}`);
      }
    });
  }

  for (const d of [2, 3] as const) {
    it(`poly (d = ${d}, per-particle sizes σ_i ∈ [0.73, 1.62]): U, F equal the O(N²) sum of law.radial(σ_i, σ_j, r); F = −∇U by finite differences`, () => {
      const p = modelPreset('poly');
      const g = lattice(d, d === 3 ? 7 : 16, p.density, p.fractions, 8, [0.1, 0.05, -0.05]);
      const rand = seededRandom(12), n = g.species.length;
      const sizes = Float64Array.from({ length: n }, () => 0.73 + 0.89 * rand());
      const energyForces = (positions: Float64Array): { energy: number; forces: Float64Array } => {
        const table = createNdPairTable(p.law, sizes);
        const nl = createNdNeighborList(d, n, 1, table.cutoff, g.cell, 0.3);
        const x = Float64Array.from(positions);
        buildNdNeighborList(nl, x, g.species);
        const forces = new Float64Array(d * n);
        return { energy: ndForces(table, nl, x, g.species, forces), forces };
      };
      const ref = referenceEnergyForces(g, p.law, sizes);
      const got = energyForces(g.positions);
      expect(Math.abs(got.energy - ref.energy)).to.be.below(1e-11 * Math.abs(ref.energy));
      expect(maxAbsDiff(got.forces, ref.forces)).to.be.below(1e-11 * maxAbs(ref.forces));
      const h = 1e-5;
      for (let s = 0; s < 8; s++) {
        const k = Math.floor(rand() * d * n);
        const plus = Float64Array.from(g.positions), minus = Float64Array.from(g.positions);
        plus[k] += h;
        minus[k] -= h;
        const fd = -(energyForces(plus).energy - energyForces(minus).energy) / (2 * h);
        expect(Math.abs(fd - got.forces[k]!)).to.be.below(1e-6 * Math.max(1, Math.abs(got.forces[k]!)), `coordinate ${k}`);
      }
    });
  }

  it('d = 2, ipl: equals the 2D MD kernel (lib/md mdForces) on the n256 fixture to 1e-12', () => {
    const config = readFixtureConfig('n256_s1');
    const n = config.n;
    const x2 = Float64Array.from(config.positions);
    const nl2 = createMdNeighborList(n, DEFAULT_MODEL, config.cell, 0.3);
    buildMdNeighborList(nl2, config.cell, x2, config.species);
    const f2 = new Float64Array(2 * n);
    const e2 = mdForces(nl2, x2, f2, true);
    const got = kernelEnergyForces({ d: 2, cell: config.cell, positions: config.positions, species: config.species }, DEFAULT_MODEL.law);
    expect(Math.abs(got.energy - e2)).to.be.below(1e-12 * Math.abs(e2));
    // Both wrap into the cell, possibly by different lattice vectors: forces do not care.
    expect(maxAbsDiff(got.forces, f2)).to.be.below(1e-12 * maxAbs(f2) + 1e-12);
    expect(maxAbs(f2)).to.be.below(1e-9); // the fixture is a minimum: compare the energy, then a strained copy
    const strained = { d: 2 as const, cell: config.cell, positions: Float64Array.from(config.positions, (v, k) => v + 0.02 * Math.sin(k)), species: config.species };
    const xs = Float64Array.from(strained.positions);
    buildMdNeighborList(nl2, config.cell, xs, config.species);
    const e2s = mdForces(nl2, xs, f2, true);
    const gs = kernelEnergyForces(strained, DEFAULT_MODEL.law);
    expect(Math.abs(gs.energy - e2s)).to.be.below(1e-12 * Math.abs(e2s));
    expect(maxAbsDiff(gs.forces, f2)).to.be.below(1e-12 * maxAbs(f2));
    expect(maxAbs(f2)).to.be.above(1);
  });

  it('a user law (not a power sum) goes through law.radial and agrees with the same law as a power sum', () => {
    const p = modelPreset('ka');
    const law = p.law;
    const user: PairLaw = { name: 'my-lj', nSpecies: 2, perParticle: false, cutoff: (a, b) => law.cutoff(a, b), radial: (a, b, r, out) => law.radial(a, b, r, out) };
    const g = lattice(3, 6, p.density, p.fractions, 2);
    expect(createNdPairTable(user).scaled).to.equal(null);
    const a = kernelEnergyForces(g, law), b = kernelEnergyForces(g, user);
    expect(Math.abs(a.energy - b.energy)).to.be.below(1e-11 * Math.abs(a.energy));
    expect(maxAbsDiff(a.forces, b.forces)).to.be.below(1e-11 * maxAbs(a.forces));
    expect(composition(p, 256)).to.deep.equal([205, 51]);
  });

  it('the cell inverse used by the list is the inverse (sanity of the tilted fixture)', () => {
    const g = lattice(3, 6, 1.2, [0.8, 0.2], 1, [0.1, 0.2, 0.3]);
    const hinv = inverse(g.cell);
    let err = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += g.cell[a * 3 + k]! * hinv[k * 3 + b]!;
      err = Math.max(err, Math.abs(s - (a === b ? 1 : 0)));
    }
    expect(err).to.be.below(1e-14);
  });
});
