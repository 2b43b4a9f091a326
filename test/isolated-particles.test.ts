/**
 * A glass whose particles have no neighbour within the cutoff (read in other units than its
 * model's: a LAMMPS file of units metal, lengths in Å, under a model in λ) has a singular
 * Hessian. localHeatCapacity and lowestModes say so, and what to do, instead of calling it a
 * saddle to be minimized again (which the LAMMPS audit was told). That no pair is in range
 * is checked independently, by brute force over all pairs and images.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeXyz } from '../lib/io/index.js';
import { runCli } from './helpers/run-cli.js';
import type { Configuration } from '../lib/config.js';
import { UnstableConfigurationError } from '../lib/errors.js';
import { isolatedParticles } from '../lib/hessian/isolated.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { lowestModes } from '../lib/modes/index.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { glass3d } from './helpers/glass3d.js';
import { brutePairs } from './helpers/nd-dense.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { thrownBy } from './helpers/thrown.js';

/** The glass without the particles in `drop` (their positions, species and sizes taken out). */
function withoutParticles(c: Configuration, drop: Set<number>): Configuration {
  const d = c.dim === 3 ? 3 : 2;
  const keep = Array.from({ length: c.n }, (_, p) => p).filter((p) => !drop.has(p));
  return {
    ...c, n: keep.length, info: {},
    positions: Float64Array.from(keep.flatMap((p) => Array.from(c.positions.subarray(d * p, d * p + d)))),
    species: Uint8Array.from(keep, (p) => c.species[p]!),
    ...(c.sigma !== undefined ? { sigma: Float64Array.from(keep, (p) => c.sigma![p]!) } : {}),
  };
}

/** The glass with every length times `s` (cell and positions): what other length units do. */
const scaled = (c: Configuration, s: number): Configuration => ({ ...c, cell: c.cell.map((x) => x * s), positions: c.positions.map((x) => x * s) });

describe('a glass without interactions (other length units)', () => {
  const cases: Array<[string, () => Configuration]> = [
    ['2D ipl fixture N = 64 (the 2D kernels)', () => scaled(readFixtureConfig('n64_s1'), 3.405)],
    ['3D ipl3d N = 64 (lib/nd)', () => scaled(glass3d('ipl3d', 4, 1), 3.405)],
  ];
  for (const [label, make] of cases) {
    it(`${label}: localHeatCapacity and lowestModes say that no particle has a neighbour, and what to do`, () => {
      const config = make();
      expect(brutePairs(config, lawOfConfiguration(config)), 'independently: no pair within its cutoff').to.have.length(0);
      const expected = `the Hessian is singular: particle 0 has no neighbour within the cutoff (${config.n} of the ${config.n} particles have none; ` +
        '0 interactions in all), so no response is defined there; if the coordinates are in other units than the model\'s';
      for (const [name, run] of [['localHeatCapacity', () => localHeatCapacity(config)], ['lowestModes', () => lowestModes(config, 2)]] as const) {
        const error = thrownBy(run);
        expect(error, name).to.be.instanceOf(UnstableConfigurationError);
        expect((error as Error).message, name).to.contain(expected);
      }
    });
  }

  it('softspot info says why the Hessian of such a glass is not positive definite (2D and 3D layouts, text and --json)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softspot-isolated-'));
    try {
      for (const [name, make] of cases) {
        const config = make();
        const path = join(dir, `${config.dim === 3 ? '3d' : '2d'}.xyz`);
        writeFileSync(path, writeXyz(config));
        const text = await runCli('info', path);
        expect(text.code, `${name}: ${text.stderr}`).to.equal(0);
        // The label column is as wide as the longest label (20 in 2D, 22 in 3D).
        expect(text.stdout.replace(/^(\S+(?: \S+)*) {2,}/gm, '$1 ')).to.contain(`Hessian NOT positive definite: singular, particle 0 has no neighbour within the cutoff (${config.n} of ${config.n} particles have none`);
        const json = JSON.parse((await runCli('info', path, '--json')).stdout);
        expect(json.hessianPositiveDefinite).to.equal(false);
        expect(json.isolatedParticles).to.deep.equal({ first: 0, count: config.n, n: config.n, interactions: 0 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A rattler in a glass short of its minimum: the input is polished first, and Newton's
  // Hessian is singular at every step. The message names the rattler (it said "not near a
  // stable minimum … minimize it first", and a minimizer may well stop there: an audit's loop).
  const rattlerCases: Array<[string, () => Configuration]> = [
    ['2D ipl fixture N = 64 (the 2D kernels)', () => readFixtureConfig('n64_s1')],
    ['3D ipl3d N = 64 (lib/nd)', () => glass3d('ipl3d', 4, 1)],
  ];
  for (const [label, make] of rattlerCases) {
    it(`${label}, the neighbours of particle 5 taken out: lhc and modes polish it and name the rattler as without a neighbour`, () => {
      const glass = make();
      const law = lawOfConfiguration(glass);
      const neighbours = new Set(brutePairs(glass, law).filter((p) => p.i === 5 || p.j === 5).map((p) => (p.i === 5 ? p.j : p.i)));
      const config = withoutParticles(glass, neighbours);
      const dropped = [...neighbours].filter((p) => p < 5).length;
      const rattler = 5 - dropped;
      const pairs = brutePairs(config, lawOfConfiguration(config));
      expect(pairs.some((p) => p.i === rattler || p.j === rattler), 'independently: the rattler has no pair').to.equal(false);
      expect(pairs.length).to.be.greaterThan(0);
      const expected = `the Hessian is singular: particle ${rattler} has no neighbour within the cutoff (1 of the ${config.n} particles have none; ${pairs.length} interactions in all)`;
      for (const [name, run] of [['localHeatCapacity', () => localHeatCapacity(config)], ['lowestModes', () => lowestModes(config, 2)]] as const) {
        const error = thrownBy(run);
        expect(error, name).to.be.instanceOf(UnstableConfigurationError);
        expect((error as Error).message, name).to.contain(expected);
      }
      expect((thrownBy(() => localHeatCapacity(config, { polish: false })) as Error).message, 'not a minimum, unpolished').to.contain('not at an energy minimum');
    });
  }

  it('isolatedParticles: the first particle in no pair and how many, against a direct count', () => {
    const n = 7;
    const i = Int32Array.of(0, 2, 2, 6), j = Int32Array.of(2, 5, 6, 5);
    // Particles in some pair: 0, 2, 5, 6; none: 1, 3, 4.
    expect(isolatedParticles(i, j, 4, n)).to.deep.equal({ first: 1, count: 3, n, interactions: 4 });
    expect(isolatedParticles(i, j, 2, n)).to.deep.equal({ first: 1, count: 4, n, interactions: 2 }); // 0, 2, 5 only
    expect(isolatedParticles(Int32Array.of(0, 1), Int32Array.of(1, 2), 2, 3)).to.equal(undefined);
  });
});
