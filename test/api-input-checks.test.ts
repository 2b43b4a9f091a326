/**
 * What the API refuses, found by an outside audit of the library: non-finite coordinates,
 * deformation names that would lose results, a Model prepareGlass cannot run.
 *
 * A NaN or ±Infinity coordinate (from a user's own MD code, say) is refused by every
 * entry point that takes a configuration, naming the index: before, the pair loops dropped
 * the particle (no pair within the cutoff) and gave finite, plausible and wrong energies,
 * forces, stresses and pair lists, and the analyses called the glass unstable.
 */
import { expect } from 'chai';
import { energyForces, findPairs, firstEvent, localHeatCapacity, lowestModes, minimizeGlass, prepareGlass, prepareGlassNd, softestMode, stressTensor, DEFAULT_MODEL } from '../lib/index.js';
import { energyForcesNd, findPairsNd, lawOfConfiguration } from '../lib/nd/index.js';
import type { Configuration } from '../lib/config.js';
import { readFixtureConfig } from './helpers/read-fixture.js';

const spoiled = (g: Configuration, k: number, value: number): Configuration => {
  const positions = Float64Array.from(g.positions);
  positions[k] = value;
  return { ...g, positions };
};

describe('non-finite coordinates', () => {
  it('2D: energyForces, findPairs, stressTensor, localHeatCapacity, lowestModes, softestMode, firstEvent refuse NaN and Infinity, naming the index', () => {
    const g = readFixtureConfig('n64_s1');
    for (const [value, k] of [[NaN, 4], [Infinity, 9], [-Infinity, 0]] as const) {
      const bad = spoiled(g, k, value);
      const calls: Array<[string, () => unknown]> = [
        ['energyForces', () => energyForces(bad, DEFAULT_MODEL)], ['findPairs', () => findPairs(bad, DEFAULT_MODEL)],
        ['stressTensor', () => stressTensor(bad, DEFAULT_MODEL)], ['localHeatCapacity', () => localHeatCapacity(bad)],
        ['lowestModes', () => lowestModes(bad, 2)], ['softestMode', () => softestMode(bad)],
        ['firstEvent', () => firstEvent(bad, { direction: 'simple+' })],
      ];
      for (const [name, call] of calls) expect(call, `${name} ${value}`).to.throw(RangeError, `config.positions: expected finite coordinates, got ${value} at index ${k}`);
    }
  });

  it('3D: energyForcesNd, findPairsNd and localHeatCapacity refuse them too', () => {
    const g = readFixtureConfig('ka_n256_s2');
    const law = lawOfConfiguration(g);
    const bad = spoiled(g, 7, Infinity);
    for (const [name, call] of [['energyForcesNd', () => energyForcesNd(bad, law)], ['findPairsNd', () => findPairsNd(bad, law)], ['localHeatCapacity', () => localHeatCapacity(bad)]] as const) {
      expect(call, name).to.throw(RangeError, 'config.positions: expected finite coordinates, got Infinity at index 7');
    }
  });
});

describe('deformation names', () => {
  it('2D and 3D: a name given twice, or __proto__, is refused (the results are keyed by name)', () => {
    const simple = Float64Array.of(0, 1, 0, 0), pure = Float64Array.of(0.5, 0, 0, -0.5);
    const g = readFixtureConfig('n64_s1');
    expect(() => localHeatCapacity(g, { deformations: [{ name: 'x', E: simple }, { name: 'x', E: pure }] })).to.throw(RangeError, 'options.deformations[1].name: "x" is given twice; deformation names must be distinct');
    expect(() => localHeatCapacity(g, { deformations: [{ name: '__proto__', E: simple }] })).to.throw(RangeError, 'options.deformations[0].name: "__proto__" cannot name a result');
    const g3 = readFixtureConfig('ipl3d_n128_s2');
    const e3 = new Float64Array(9); e3[1] = 1;
    expect(() => localHeatCapacity(g3, { deformations: [{ name: 'y', E: e3 }, { name: 'y', E: e3 }] })).to.throw(RangeError, '"y" is given twice');
  });
});

describe('prepareGlass with a Model of another law', () => {
  it('is refused with what to call instead, not the MD kernel\'s internal message', async () => {
    const { prepareGlass, presetModel } = await import('../lib/index.js');
    expect(() => prepareGlass({ n: 64, seed: 1, model: presetModel('ka2d') })).to.throw(RangeError, "options.model: prepareGlass runs the paper's 2D protocol on an inverse-power-law Model, and this one is of law 'lj'; prepare it with prepareGlassNd");
  });
});

describe('misspelt option names', () => {
  // TypeScript refuses them in an object literal; plain JavaScript ignored them and used the
  // default (a misspelt `polish: false` polished). Each list of names is checked complete
  // against its options interface at compile time (lib/validate.ts AllKeysOf).
  it('localHeatCapacity, firstEvent, lowestModes, prepareGlass, prepareGlassNd, softestMode and minimizeGlass refuse an unknown option, naming the nearest known one', () => {
    const g = readFixtureConfig('n64_s1');
    const loose = (o: object) => o as never; // what plain JavaScript passes
    const calls: Array<[() => unknown, string]> = [
      [() => localHeatCapacity(g, loose({ polsh: false })), 'options.polsh: not an option of localHeatCapacity; did you mean polish?'],
      [() => firstEvent(g, loose({ direction: 'simple+', precison: 1e-6 })), 'options.precison: not an option of firstEvent; did you mean precision?'],
      [() => lowestModes(g, 3, loose({ qlmTreshold: 0.1 })), 'options.qlmTreshold: not an option of lowestModes; did you mean qlmThreshold?'],
      [() => prepareGlass(loose({ n: 64, seed: 1, tempreature: 3 })), 'options.tempreature: not an option of prepareGlass; expected some of n, seed, tLiquid'],
      [() => prepareGlassNd(loose({ model: 'ka', n: 200, seed: 1, dimension: 3 })), 'options.dimension: not an option of prepareGlassNd; did you mean dim?'],
      [() => softestMode(g, loose({ maxIteration: 10 })), 'options.maxIteration: not an option of softestMode; did you mean maxIterations?'],
      [() => minimizeGlass(g, loose({ cgTol: 1e-6 })), 'options.cgTol: not an option of minimizeGlass; did you mean cgTolerance?'],
    ];
    for (const [call, message] of calls) expect(call).to.throw(TypeError, message);
    // The known names pass (the control): a full set of localHeatCapacity's, with their defaults' values.
    expect(localHeatCapacity(g, { polish: false, ordering: 'metis', pinned: 0 }).count).to.be.above(0);
  });
});
