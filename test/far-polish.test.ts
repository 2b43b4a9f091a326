/**
 * Newton's polish of an input that is not at the model's minimum: rounding in a file
 * (6 significant digits, float32) moves particles by ≤ 1e-4 λ and passes silently; a glass
 * of another law read under the model (here ka2d's glass under a model whose A–B size is
 * 1 % larger) moves them by ~1e-2 λ, and every command says that the numbers are of a
 * glass near the input, not of the input: lhc, modes, map and aqs warn; a run refuses
 * the sample, naming --model and --minimize.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { POLISH_SHIFT_WARNING } from '../lib/lhc/minimum.js';
import { forgetModel } from '../lib/model/presets.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const FAR = /warning: Newton's polish moved particles by up to (\S+) λ \(max \|force\| \S+ ε\/λ before\), so the glass analysed is a minimum of model ka2d-wide near the input, not the input itself: .*name its model with --model.*minimize it first/;

describe('a polish far from the input', function () {
  this.timeout(240000);
  let tmp = '', wide = '';
  scratchDir('softspot-far-polish-', (d) => {
    tmp = d;
    // ka2d with σ_AB 1 % larger: the fixture glass is near, not at, this model's minimum.
    wide = join(tmp, 'ka2d-wide.json');
    writeFileSync(wide, JSON.stringify({
      name: 'ka2d-wide', law: 'lj', dimension: 2, species: ['A', 'B'], fractions: [0.65, 0.35], density: 1.2,
      parameters: { q: 3, xc: 2.5, epsilon: [[1, 1.5], [1.5, 0.5]], sigma: [[1, 0.808], [0.808, 0.88]] },
    }));
  });

  // The CLI registers the model file for the process; other test files in this process list the known models.
  after(() => { forgetModel('ka2d-wide'); });

  it('the shift of a file\'s rounding stays below POLISH_SHIFT_WARNING (6 significant digits, float32); measured against the input here', () => {
    for (const name of ['n256_s1', 'ka2d_n128_s2', 'slow_n2000_s115']) {
      const g = readFixtureConfig(name);
      for (const round of [(x: number) => Number(x.toPrecision(6)), Math.fround]) {
        const rounded = { ...g, positions: g.positions.map(round), cell: g.cell.map(round) };
        const r = localHeatCapacity(rounded, { deformations: [] });
        expect(r.diagnostics.polished, name).to.equal(true);
        // The displacement, taken here as plain differences (the polish does not wrap): well below the threshold.
        let max = 0;
        for (let p = 0; p < g.n; p++) max = Math.max(max, Math.hypot(r.config.positions[2 * p]! - rounded.positions[2 * p]!, r.config.positions[2 * p + 1]! - rounded.positions[2 * p + 1]!));
        expect(r.diagnostics.polishShift, name).to.be.closeTo(max, 1e-15);
        expect(r.diagnostics.polishShift, name).to.be.below(POLISH_SHIFT_WARNING / 5);
      }
    }
  });

  it('lhc, modes, map, aqs and validate warn on the glass of another law; not on the float32 GSD copy of the glass', async () => {
    const glass = fixturePath('ka2d_n128_s2.xyz');
    const xyz = join(tmp, 'glass.xyz');
    // The fixture names model=ka2d; the same glass without model= reads under --model.
    writeFileSync(xyz, readFileSync(glass, 'utf8').replace(/ model=ka2d/, ''));
    const lhc = await runCli('lhc', xyz, '--model', wide, '--out', join(tmp, 'w.csv'));
    expect(lhc.code, lhc.stderr).to.equal(0);
    const shift = Number(FAR.exec(lhc.stderr)?.[1]);
    expect(shift, lhc.stderr).to.be.above(POLISH_SHIFT_WARNING);
    for (const args of [['modes', xyz, '--model', wide, '--k', '2'], ['map', xyz, '--model', wide, '--out', join(tmp, 'w.svg')], ['aqs', xyz, '--model', wide, '--mode', 'simple', '--sign', '+', '--quiet'], ['validate', xyz, '--model', wide, '--mode', 'simple']]) {
      const r = await runCli(...args);
      expect(r.code, `${args[0]}: ${r.stderr}`).to.equal(0);
      expect(r.stderr, args[0]).to.match(FAR);
      expect(r.stderr, args[0]).to.contain(`${args[0]}: warning: Newton's polish moved particles by up to ${shift.toExponential(1)} λ`);
    }
    // The glass as the gsd package wrote it (float32, test/fixtures/gsd): polished from its rounding, silently.
    const near = await runCli('lhc', fixturePath('gsd/ka2d.gsd'), '--model', 'ka2d', '--out', join(tmp, 'g.csv'));
    expect(near.code, near.stderr).to.equal(0);
    expect(near.stderr).to.match(/polished with Newton from \d\.\d+e-[45]/);
    expect(near.stderr).to.not.contain('warning');
  });

  it('softspot run refuses such a sample, saying why and what to do', async () => {
    const xyz = join(tmp, 'glass.xyz');
    writeFileSync(xyz, readFileSync(fixturePath('ka2d_n128_s2.xyz'), 'utf8').replace(/ model=ka2d/, ''));
    const out = join(tmp, 'run');
    const r = await runCli('run', xyz, '--model', wide, '--out', out, '--workers', '1', '--quiet');
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.match(/lhc\): .*Newton's polish moved particles by up to \S+ λ .*name its model with --model.*; for a run of MD snapshots: softspot run --minimize/);
    // The failed sample is named by its file, not by its id alone.
    expect(r.stderr).to.contain(`(${xyz}, lhc): `);
  });
});
