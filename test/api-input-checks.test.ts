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
import { tmpdir } from 'node:os';
import { newtonPolish } from '../lib/minimize/newton.js';
import {
  formatGsd, formatLammpsData, gsdToConfiguration, lammpsToConfiguration, readGsdFrame, readLammpsData, readLammpsDump, readLammpsDumpFile, readXyz, readXyzFile, scanFrames,
} from '../lib/io/index.js';
import { readFileSync } from 'node:fs';
import {
  energyForces, findPairs, firstEvent, localHeatCapacity, lowestModes, minimizeGlass, minimizeGlassNd, prepareGlass, prepareGlassNd, softestMode, stats,
  stressTensor, validateResponse, DEFAULT_MODEL,
} from '../lib/index.js';
import { energyForcesNd, findPairsNd, lawOfConfiguration, validateResponseNd } from '../lib/nd/index.js';
import type { Configuration } from '../lib/config.js';
import { denseEnergyForces } from './helpers/nd-dense.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';

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

describe('coordinates far outside the cell', () => {
  it('a coordinate whose place in the cell a double cannot hold (1e300) is refused, naming the particle; one 1000 cells away is the same glass', () => {
    const g = readFixtureConfig('n64_s1');
    const L = g.cell[0]!;
    const far = spoiled(g, 2, 1e300);
    for (const [name, call] of [['energyForces', () => energyForces(far, DEFAULT_MODEL)], ['localHeatCapacity', () => localHeatCapacity(far)], ['lowestModes', () => lowestModes(far, 2)]] as const) {
      expect(call, name).to.throw(RangeError, /^config\.positions\[2\]: particle 1's x = 1e\+300 λ is 1\.2e\+299 cell sizes from the cell/);
    }
    // The 3D route checks the same.
    const ka = readFixtureConfig('ka_n256_s2');
    expect(() => energyForcesNd(spoiled(ka, 5, -1e30), lawOfConfiguration(ka))).to.throw(RangeError, /^config\.positions\[5\]: particle 1's z = -1e\+30 λ/);
    // An image 1000 cells away (an unwrapped trajectory) is the same glass: c_α equal to round-off of x.
    const image = spoiled(g, 2, g.positions[2]! + 1000 * L);
    const c0 = localHeatCapacity(g).c, c1 = localHeatCapacity(image).c;
    let worst = 0;
    for (let a = 0; a < c0.length; a++) worst = Math.max(worst, Math.abs(c1[a]! - c0[a]!));
    expect(worst).to.be.below(1e-9);
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

  it('minimizeGlassNd, validateResponse(Nd) and the stats fits refuse an unknown option too', () => {
    const g = readFixtureConfig('n64_s1');
    const loose = (o: object) => o as never;
    const x = Float64Array.from({ length: 200 }, (_, k) => 1 + k / 7);
    const calls: Array<[() => unknown, string]> = [
      [() => minimizeGlassNd(g, loose({ maxIterations: 10 })), 'options.maxIterations: not an option of minimizeGlassNd; did you mean maxIter?'],
      [() => minimizeGlassNd(g, loose({ model: DEFAULT_MODEL })), 'options.model: not an option of minimizeGlassNd; the law is that of the preset named by config.model'],
      [() => validateResponse(g, loose({ dgama: 1e-6 })), 'options.dgama: not an option of validateResponse; did you mean dgamma?'],
      [() => validateResponseNd(g, loose({ model: DEFAULT_MODEL })), 'options.model: not an option of validateResponseNd; it takes the pair law as options.law (default: the configuration\'s preset)'],
      [() => stats.fitPowerLaw(x, loose({ xMin: 2 })), 'options.xMin: not an option of fitPowerLaw; did you mean xmin?'],
      [() => stats.fitFrechet(x, loose({ bootstraps: 10 })), 'options.bootstraps: not an option of fitFrechet; did you mean bootstrap?'],
      [() => stats.fitTailOverGlasses([x, x], loose({ minTails: 5 })), 'options.minTails: not an option of fitTailOverGlasses; did you mean minTail?'],
      [() => stats.fitGroupedSlope(x, x, new Int32Array(x.length), loose({ levels: 0.9 })), 'options.levels: not an option of fitGroupedSlope; did you mean level?'],
      [() => stats.logHistogram(x, loose({ bin: 5 })), 'options.bin: not an option of logHistogram; did you mean bins?'],
      [() => stats.logHistogramAbs(x, loose({ bin: 5 })), 'options.bin: not an option of logHistogramAbs; did you mean bins?'],
      [() => stats.logHistogramSigned(x, loose({ bin: 5 })), 'options.bin: not an option of logHistogramSigned; did you mean bins?'],
      [() => stats.fitMaxScaling([{ n: 100, maxima: x }], loose({ statistics: 'mean' })), 'options.statistics: not an option of fitMaxScaling; did you mean statistic?'],
      [() => stats.predictability(x, loose({ point: 10 })), 'options.point: not an option of predictability; did you mean points?'],
    ];
    for (const [call, message] of calls) expect(call).to.throw(TypeError, message);
    // The control: the same calls with the names spelt right get past the check.
    expect(stats.fitPowerLaw(x, { xmin: 2 }).xmin).to.equal(2);
    expect(stats.logHistogram(x, { bins: 5 }).counts).to.have.length(5);
  });
});

describe('the readers and writers of files refuse an unknown option too', () => {
  it('readXyz, readLammpsData/Dump (and their File forms), lammpsToConfiguration, gsdToConfiguration, readGsdFrame, formatGsd, formatLammpsData, scanFrames', async () => {
    const loose = (o: object) => o as never;
    const g = readFixtureConfig('n64_s1');
    const xyz = readFileSync(fixturePath('n64_s1.xyz'), 'utf8');
    const dump = readFileSync(fixturePath('lammps/ortho2d.dump'), 'utf8');
    const data = readFileSync(fixturePath('lammps/ortho2d.data'), 'utf8');
    const snapshot = readLammpsData(data, 'a.data', { dimension: 'auto' });
    const gsd = await readGsdFrame(fixturePath('gsd/ipl-named.gsd'));
    const calls: Array<[() => unknown, string]> = [
      [() => readXyz(xyz, 'a.xyz', loose({ minSeperation: 0.1 })), 'options.minSeperation: not an option of readXyz; did you mean minSeparation?'],
      [() => readLammpsDump(dump, 'a.dump', loose({ frme: 0 })), 'options.frme: not an option of readLammpsDump; did you mean frame?'],
      [() => readLammpsData(data, 'a.data', loose({ model: 'ka' })), 'options.model: not an option of readLammpsData; the model maps the types in lammpsToConfiguration(snapshot, { model })'],
      [() => lammpsToConfiguration(snapshot, loose({ modle: 'ipl' })), 'options.modle: not an option of lammpsToConfiguration; did you mean model?'],
      [() => gsdToConfiguration(gsd, 'a.gsd', loose({ minSep: 0 })), 'options.minSep: not an option of gsdToConfiguration; did you mean minSeparation?'],
      [() => formatGsd(g, loose({ id: [1] })), 'options.id: not an option of formatGsd; did you mean ids?'],
      [() => formatLammpsData(g, loose({ mass: new Float64Array(64) })), 'options.mass: not an option of formatLammpsData; did you mean masses?'],
    ];
    for (const [call, message] of calls) expect(call).to.throw(TypeError, message);
    for (const [call, message] of [
      [() => readLammpsDumpFile(fixturePath('lammps/ortho2d.dump'), loose({ timestamp: 0 })), 'options.timestamp: not an option of readLammpsDump; did you mean timestep?'],
      [() => readXyzFile(fixturePath('n64_s1.xyz'), loose({ frames: 0 })), 'options.frames: not an option of readXyz; did you mean frame?'],
      [() => readGsdFrame(fixturePath('gsd/ipl-named.gsd'), loose({ frames: 0 })), 'options.frames: not an option of readGsdFrame; did you mean frame?'],
      [() => scanFrames(fixturePath('lammps/ortho2d.dump'), 'lammps-dump', loose({ hashes: true })), 'options.hashes: not an option of scanFrames; did you mean hash?'],
    ] as Array<[() => Promise<unknown>, string]>) {
      let error: unknown;
      try { await call(); } catch (e) { error = e; }
      expect(error, message).to.be.instanceOf(TypeError).and.to.have.property('message', message);
    }
    // The control: the names spelt right pass.
    expect(lammpsToConfiguration(readLammpsDump(dump, 'a.dump', { frame: 0, dimension: 'auto' })).n).to.equal(64);
    expect(readXyz(xyz, 'a.xyz', { minSeparation: 0.1 }).n).to.equal(64);
  });
});

describe('newtonPolish, minimizeGlass, energyForces and readXyzFile: their arguments', () => {
  const loose = (o: unknown) => o as never;
  it('bad options and a missing model are named (newtonPolish with maxIter −1 returned the input unpolished; energyForces without a model read undefined.nSpecies)', async () => {
    const g = readFixtureConfig('n64_s1');
    const calls: Array<[() => unknown, ErrorConstructor, string]> = [
      [() => newtonPolish(g, { maxIter: -1 }), RangeError, 'options.maxIter: expected an integer >= 1, got -1'],
      [() => newtonPolish(g, { maxIter: NaN }), RangeError, 'options.maxIter: expected an integer'],
      [() => newtonPolish(g, { fTol: -1 }), RangeError, 'options.fTol: expected >= 0, got -1'],
      [() => newtonPolish(g, loose({ maxIters: 3 })), TypeError, 'options.maxIters: not an option of newtonPolish; did you mean maxIter?'],
      [() => energyForces(g, loose(undefined)), TypeError, "model: expected a Model (the configuration's own: modelOfConfiguration(config)), got undefined"],
      [() => minimizeGlass(g, { cgTolerance: -1 }), RangeError, 'options.cgTolerance: expected > 0, got -1'],
      [() => minimizeGlass(loose(undefined)), TypeError, 'config: expected a Configuration object, got undefined'],
    ];
    for (const [call, kind, message] of calls) expect(call).to.throw(kind, message);
    let error: unknown;
    try { await readXyzFile(tmpdir()); } catch (e) { error = e; }
    expect((error as Error).message).to.equal(`${tmpdir()}: is a directory, not a file`);
    expect((error as { code?: string }).code).to.equal('EISDIR');
  });
});

describe('localHeatCapacity: its arguments, and what a polish function returns', () => {
  const loose = (o: unknown) => o as never;

  it('a missing configuration or options that are not an object, a negative forceTolerance or tangentsPerSweep, a polish or model of the wrong kind: errors naming them', () => {
    const g = readFixtureConfig('n64_s1');
    const calls: Array<[() => unknown, ErrorConstructor, string]> = [
      [() => localHeatCapacity(loose(null)), TypeError, 'config: expected a Configuration object, got null'],
      [() => localHeatCapacity(loose(undefined)), TypeError, 'config: expected a Configuration object, got undefined'],
      [() => localHeatCapacity(g, loose(null)), TypeError, 'options: expected an object of options (or none), got null'],
      [() => localHeatCapacity(g, loose(5)), TypeError, 'options: expected an object of options (or none), got 5'],
      [() => localHeatCapacity(g, loose('x')), TypeError, 'options: expected an object of options (or none), got "x"'],
      [() => localHeatCapacity(g, { forceTolerance: -1 }), RangeError, 'options.forceTolerance: expected'],
      // the 2D kernels' tangentsPerSweep too (it was accepted unchecked on that path when they did not use it)
      [() => localHeatCapacity(g, { tangentsPerSweep: -5 }), RangeError, 'options.tangentsPerSweep: expected an integer'],
      [() => localHeatCapacity(g, loose({ tangentsPerSweep: 'x' })), TypeError, 'options.tangentsPerSweep: expected'],
      [() => localHeatCapacity(g, loose({ polish: 'yes' })), TypeError, 'options.polish: expected true, false or a function (config) => config, got "yes"'],
      [() => localHeatCapacity(g, loose({ model: 'ka2d' })), TypeError, 'options.model: expected a Model (for the preset "ka2d": presetModel(\'ka2d\')), got "ka2d"'],
    ];
    for (const [call, kind, message] of calls) expect(call).to.throw(kind, message);
  });

  it('a polish function must return the input\'s glass at a minimum: one that does nothing, or returns another glass, is refused', () => {
    const g = readFixtureConfig('n64_s1');
    const moved: Configuration = { ...g, positions: g.positions.map((x, k) => (k === 10 ? x + 0.01 : x)) };
    // Independently: the moved glass is not at a minimum (dense brute-force forces of test/helpers/nd-dense).
    const maxForce = Math.max(...Array.from(denseEnergyForces(moved, lawOfConfiguration(moved)).forces, Math.abs));
    expect(maxForce).to.be.above(1e-3);
    let refusal = '';
    try { localHeatCapacity(moved, { polish: (c) => c }); } catch (e) { refusal = (e as Error).message; }
    const reported = /^options\.polish: the configuration your function returned has max \|force\| (\S+) > forceTolerance 1e-9: it is not at a minimum/.exec(refusal);
    expect(reported, refusal).to.not.equal(null);
    expect(Number(reported![1])).to.be.closeTo(maxForce, 1e-3 * maxForce);
    const other = readFixtureConfig('n128_s1');
    expect(() => localHeatCapacity(moved, { polish: () => other })).to.throw(RangeError, 'options.polish: the configuration your function returned N = 128, not the input\'s 64');
    expect(() => localHeatCapacity(moved, { polish: (c) => ({ ...c, cell: c.cell.map((x) => x * 1.01) }) })).to.throw(RangeError, 'has another cell');
    // A function that does polish (here: the glass before it was moved) is used as before.
    const r = localHeatCapacity(moved, { polish: () => g });
    expect(r.diagnostics.polished).to.equal(true);
    expect(r.diagnostics.sumC).to.be.closeTo(2 * 64 - 2, 1e-9);
  });
});

describe('duplicated particles', () => {
  /** A copy of `g` whose particle 1 sits exactly on particle 0 (or on its image one cell vector away). */
  const duplicated = (g: Configuration, shift = 0): Configuration => {
    const d = g.dim === 3 ? 3 : 2;
    const positions = Float64Array.from(g.positions);
    for (let k = 0; k < d; k++) positions[d + k] = positions[k]! + shift * g.cell[d * k]!;
    return { ...g, positions };
  };
  const message = /^config\.positions: particles 0 and 1 are at the same place \(\S+ apart, nearest image\): a duplicated particle; remove one of the two$/;

  it('2D: localHeatCapacity, lowestModes, firstEvent and findPairs name the two particles (they said "values: expected finite numbers, got NaN")', () => {
    const g = readFixtureConfig('n64_s1');
    for (const bad of [duplicated(g), duplicated(g, 1)]) {
      expect(() => localHeatCapacity(bad)).to.throw(RangeError, message);
      expect(() => lowestModes(bad, 2)).to.throw(RangeError, message);
      expect(() => firstEvent(bad, { direction: 'simple+' })).to.throw(RangeError, message);
      expect(() => findPairs(bad, DEFAULT_MODEL)).to.throw(RangeError, message);
    }
  });

  it('3D: findPairsNd and localHeatCapacity name them too', () => {
    const g = readFixtureConfig('ka_n256_s2');
    const bad = duplicated(g);
    expect(() => findPairsNd(bad, lawOfConfiguration(bad))).to.throw(RangeError, message);
    expect(() => localHeatCapacity(bad)).to.throw(RangeError, message);
  });
});
