/**
 * Ensembles of configurations that are not minima (`softspot run snapshots.xyz --minimize`,
 * RunOptions.minimize; lib/ensemble/glass-input.ts minimizeSampleGlass): the fixture glass
 * n64_s1 displaced at random (0.05 λ per coordinate, no net translation) is refused by the
 * lhc stage as it is, and with --minimize comes back to the fixture's minimum — so its
 * samples must hold the independent reference's c_α, dc_α/dγ and first events (README of
 * the fixtures). The option is part of each sample's identity: the same files with and
 * without it are different samples, a rerun with it computes nothing. In 3D (ipl3d_n160_s1)
 * the d-generic minimizer brings the displaced glass back to the fixture's energy.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { glassSpecs, minimizeSampleGlass } from '../lib/ensemble/glass-input.js';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { runEnsemble } from '../lib/ensemble/run.js';
import { finishedIds, samplePath } from '../lib/ensemble/store.js';
import { readXyz, writeXyz } from '../lib/io/index.js';
import { energyForcesNd } from '../lib/nd/energy.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { fixturePath, readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

/** `config` with every coordinate moved by a uniform amount in ±amplitude, the mean move removed (CG keeps the centre of mass). */
function displaced(config: Configuration, amplitude: number, seed: number): Configuration {
  let s = seed >>> 0;
  const rand = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const d = config.dim === 3 ? 3 : 2;
  const move = Float64Array.from(config.positions, () => amplitude * (2 * rand() - 1));
  for (let a = 0; a < d; a++) {
    let mean = 0;
    for (let p = 0; p < config.n; p++) mean += move[d * p + a]! / config.n;
    for (let p = 0; p < config.n; p++) move[d * p + a]! -= mean;
  }
  return { ...config, positions: Float64Array.from(config.positions, (x, k) => x + move[k]!), info: { ...config.info, snapshot: seed } };
}

describe('ensembles of configurations that are not minima (--minimize)', function () {
  this.timeout(300000);
  let tmp = '', snapshots = '';
  scratchDir('softspot-glass-minimize-', (d) => { tmp = d; });

  before(() => {
    const base = readFixtureConfig('n64_s1');
    snapshots = join(tmp, 'snapshots.xyz');
    writeFileSync(snapshots, [1, 2].map((seed) => writeXyz(displaced(base, 0.05, seed))).join(''));
  });

  it('as they are, the displaced glasses fail at the lhc stage: not near a stable minimum', async () => {
    const summary = await runEnsemble({ glasses: [snapshots], out: join(tmp, 'as-is'), workers: 1, aggregate: false });
    expect(summary.done).to.equal(0);
    expect(summary.failed).to.equal(2);
    for (const o of summary.outcomes) {
      expect([o.status, o.stage]).to.deep.equal(['failed', 'lhc']);
      expect(o.error).to.contain('not near a stable minimum').and.to.contain('softspot run --minimize (RunOptions minimize)');
    }
  });

  it('minimized, each is the fixture glass: the independent reference\'s c_α, dc_α/dγ and first events', async () => {
    const out = join(tmp, 'minimized');
    const summary = await runEnsemble({ glasses: [snapshots], out, workers: 1, minimize: true, aggregate: false });
    expect(summary.failed, JSON.stringify(summary.outcomes)).to.equal(0);
    expect(summary.done).to.equal(2);
    const ref = readFixtureLhc('n64_s1');
    const aqs = JSON.parse(readFileSync(fixturePath('n64_s1.aqs.json'), 'utf8')) as
      { events: Record<string, { gamma_c: number; event_particle: number; event_particle_alt: number }> };
    const meanAbs = (v: Float64Array): number => v.reduce((s, x) => s + Math.abs(x), 0) / v.length;
    const ids = await finishedIds(out);
    expect(ids).to.have.length(2);
    for (const id of ids) {
      const r = await readSampleHdf5(samplePath(out, id), id);
      expect(r.spec.glass).to.deep.include({ format: 'xyz', minimize: true });
      const at = new Map<string, number>();
      for (let a = 0; a < r.i.length; a++) at.set(`${r.i[a]}-${r.j[a]}`, a);
      expect(r.i.length).to.equal(ref.i.length);
      for (let a = 0; a < ref.i.length; a++) {
        const b = at.get(`${ref.i[a]}-${ref.j[a]}`);
        expect(b, `pair ${ref.i[a]}-${ref.j[a]}`).to.not.equal(undefined);
        expect(r.c[b!]).to.be.closeTo(ref.c[a]!, 1e-8 * Math.abs(ref.c[a]!) + 1e-12);
        expect(r.dcdg.simple[b!]).to.be.closeTo(ref.dcdgSimple[a]!, 1e-6 * Math.abs(ref.dcdgSimple[a]!) + 1e-9 * meanAbs(ref.dcdgSimple));
        expect(r.dcdg.pure[b!]).to.be.closeTo(ref.dcdgPure[a]!, 1e-6 * Math.abs(ref.dcdgPure[a]!) + 1e-9 * meanAbs(ref.dcdgPure));
      }
      for (const e of r.events) {
        const want = aqs.events[e.direction]!;
        expect(e.gammaC, e.direction).to.be.closeTo(want.gamma_c, 1e-7);
        expect(e.particle, e.direction).to.be.oneOf([want.event_particle, want.event_particle_alt]);
      }
    }
    // Part of the identity: the same files without --minimize are other samples; a rerun with it computes nothing.
    const plain = await glassSpecs({ glasses: [snapshots] });
    const minimized = await glassSpecs({ glasses: [snapshots], minimize: true });
    expect(plain.specs.map((s) => s.glass!.sha256)).to.deep.equal(minimized.specs.map((s) => s.glass!.sha256));
    expect(plain.specs.map((s) => s.glass!.minimize)).to.deep.equal([undefined, undefined]);
    const again = await runEnsemble({ glasses: [snapshots], out, workers: 1, minimize: true, aggregate: false });
    expect([again.alreadyDone, again.done]).to.deep.equal([2, 0]);
    expect(JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')).minimize).to.equal(true);
  });

  it('the command line: --minimize with glass files, refused without them', async () => {
    const bad = await runCli('run', '--samples', '2', '--n', '64', '--out', join(tmp, 'x'), '--minimize');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--minimize: only for a run of glass files');
    let error: unknown;
    try { await runEnsemble({ samples: 2, n: 64, seed0: 1, out: join(tmp, 'y'), minimize: true }); } catch (e) { error = e; }
    expect((error as Error).message).to.equal('minimize: applies to a run of glass files (glasses); a prepared glass is minimized by its preparation');
  });

  it('in 3D the d-generic minimizer takes a displaced ipl3d glass back to the fixture\'s minimum', () => {
    const base = readXyz(readFileSync(fixturePath('ipl3d_n160_s1.xyz'), 'utf8'));
    const law = lawOfConfiguration(base);
    const e0 = energyForcesNd(base, law).energy;
    const snapshot = displaced(base, 0.02, 3);
    expect(energyForcesNd(snapshot, law).energy).to.be.greaterThan(e0 + 1e-3 * Math.abs(e0));
    const m = minimizeSampleGlass(snapshot);
    expect(m.energy).to.be.closeTo(e0, 1e-10 * Math.abs(e0));
    let moved = 0;
    for (let k = 0; k < base.positions.length; k++) moved = Math.max(moved, Math.abs(m.config.positions[k]! - base.positions[k]!));
    expect(moved).to.be.lessThan(1e-5);
  });
});
