/**
 * Ensembles of glasses read from files (lib/ensemble/glass-input.ts; `softspot run
 * GLASS... --out DIR`): each file is a sample with the stages `read`, lhc, events.
 * - Against the independent references of test/fixtures: the c_α, dc_α/dγ and first
 *   events stored for the fixture glasses match the reference implementation's (README of
 *   the fixtures: c 1e-8 relative, dc/dγ 1e-6, γ_c 1e-7 absolute, the same particle); a
 *   glass written as a LAMMPS data file gives the reference's numbers too; the same glass in
 *   two files (other bytes: another comment line, another format) is refused as a twin.
 * - Identity by content: a rerun computes nothing, a renamed copy is the finished sample,
 *   an edited file is a new sample; a file changed between planning and computing fails
 *   its sample (stage read) instead of computing another glass under the planned id.
 * - Bad input is refused before anything is computed, naming the file.
 * - Over a Redis queue (a real redis-server; skipped with a printed reason where it is
 *   missing, a failure under CI): a `softspot worker` process reads the files at the paths
 *   of its jobs and stores the pool's numbers.
 */
import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { glassSpecs, GlassInputError, readSampleGlass, shipGlasses } from '../lib/ensemble/glass-input.js';
import { FORMAT_VERSION_GLASS } from '../lib/ensemble/hdf5.js';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { sampleId } from '../lib/ensemble/identity.js';
import { runEnsemble } from '../lib/ensemble/run.js';
import { aggregate } from '../lib/ensemble/aggregate.js';
import { ensureStore, finishedIds, readLog, samplePath } from '../lib/ensemble/store.js';
import type { ChildProcess } from 'node:child_process';
import { requireProgram, requirePython } from './helpers/system-program.js';
import { runDocumentedSnippet } from './helpers/python.js';
import { exited, spawnCli } from './helpers/spawn-cli.js';
import { startRedisIn, stopAll } from './helpers/redis-server.js';
import { runTask } from '../lib/ensemble/task.js';
import type { Configuration } from '../lib/config.js';
import { writeXyz, XyzFormatError } from '../lib/io/index.js';
import { fixturePath, readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import h5wasm from 'h5wasm/node';

/** A 2D LAMMPS data file of a configuration: type = species code + 1 (ipl: 1 → S, 2 → L), atoms in reverse id order. */
function lammpsData(config: Configuration): string {
  const [lx, txy, , ly] = config.cell;
  const atoms = Array.from({ length: config.n }, (_, p) => p).reverse()
    .map((p) => `${p + 1} ${config.species[p]! + 1} ${config.positions[2 * p]!} ${config.positions[2 * p + 1]!} 0`);
  return ['LAMMPS data file of a fixture glass', '', `${config.n} atoms`, '2 atom types', '',
    `0 ${lx} xlo xhi`, `0 ${ly} ylo yhi`, '-0.5 0.5 zlo zhi', `${txy} 0 0 xy xz yz`, '', 'Atoms # atomic', '', ...atoms, ''].join('\n');
}

describe('ensembles of glasses read from files (softspot run GLASS...)', function () {
  this.timeout(300000);
  let tmp = '', out = '', inputs: string[] = [];
  scratchDir('softspot-glass-files-', (d) => { tmp = d; });

  before(async () => {
    const glasses = join(tmp, 'glasses');
    mkdirSync(glasses, { recursive: true });
    for (const name of ['n64_s1', 'n128_s1']) copyFileSync(fixturePath(`${name}.xyz`), join(glasses, `${name}.xyz`));
    // A third glass as a LAMMPS data file (the same glass in two files is a twin, refused).
    writeFileSync(join(glasses, 'n256_s1.data'), lammpsData(readFixtureConfig('n256_s1')));
    inputs = ['n64_s1.xyz', 'n128_s1.xyz', 'n256_s1.data'].map((f) => join(glasses, f));
    out = join(tmp, 'run');
    const summary = await runEnsemble({ glasses: inputs, out, workers: 1 });
    expect(summary.failed, JSON.stringify(summary.outcomes)).to.equal(0);
    expect(summary.done).to.equal(3);
  });

  it('stores c_α, dc_α/dγ and the four first events of each glass as the independent references have them', async () => {
    const ids = JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')).ids as string[];
    expect(ids).to.have.length(3);
    for (const [k, name] of (['n64_s1', 'n128_s1', 'n256_s1'] as const).entries()) {
      const r = await readSampleHdf5(samplePath(out, ids[k]!), ids[k]);
      expect(r.spec.glass?.format).to.equal(k === 2 ? 'lammps-data' : 'xyz');
      expect(r.glassPath).to.equal(inputs[k]);
      const ref = readFixtureLhc(name);
      const at = new Map<string, number>();
      for (let a = 0; a < r.i.length; a++) at.set(`${r.i[a]}-${r.j[a]}`, a);
      expect(r.i.length).to.equal(ref.i.length);
      const meanAbs = (v: Float64Array): number => v.reduce((s, x) => s + Math.abs(x), 0) / v.length;
      const floorS = 1e-9 * meanAbs(ref.dcdgSimple), floorP = 1e-9 * meanAbs(ref.dcdgPure);
      for (let a = 0; a < ref.i.length; a++) {
        const b = at.get(`${ref.i[a]}-${ref.j[a]}`);
        expect(b, `${name} pair ${ref.i[a]}-${ref.j[a]}`).to.not.equal(undefined);
        expect(r.c[b!]).to.be.closeTo(ref.c[a]!, 1e-8 * Math.abs(ref.c[a]!) + 1e-12);
        expect(r.dcdg.simple[b!]).to.be.closeTo(ref.dcdgSimple[a]!, 1e-6 * Math.abs(ref.dcdgSimple[a]!) + floorS);
        expect(r.dcdg.pure[b!]).to.be.closeTo(ref.dcdgPure[a]!, 1e-6 * Math.abs(ref.dcdgPure[a]!) + floorP);
      }
      // The reference lists the particle of each of the two post-event minima its relaxations found.
      const aqs = JSON.parse(readFileSync(fixturePath(`${name}.aqs.json`), 'utf8')) as
        { events: Record<string, { gamma_c: number; event_particle: number; event_particle_alt: number }> };
      for (const e of r.events) {
        const want = aqs.events[e.direction]!;
        expect(e.gammaC, `${name} ${e.direction}`).to.be.closeTo(want.gamma_c, 1e-7);
        expect(e.particle, `${name} ${e.direction}`).to.be.oneOf([want.event_particle, want.event_particle_alt]);
      }
    }
  });

  it('writes format_version 3 with the glass\'s SHA-256, format and path, and the glass column of events.csv', async () => {
    await h5wasm.ready;
    const id = (await finishedIds(out))[0]!;
    const f = new h5wasm.File(samplePath(out, id), 'r');
    try {
      expect(Number(f.attrs.format_version!.value)).to.equal(FORMAT_VERSION_GLASS);
      expect(String(f.attrs.glass_sha256!.value)).to.match(/^[0-9a-f]{64}$/);
      expect(f.attrs.seed).to.equal(undefined);
      expect(inputs).to.include(String(f.attrs.glass_path!.value));
    } finally {
      f.close();
    }
    const csv = readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n');
    expect(csv[0]!.split(',').at(-1)).to.equal('glass');
    expect(new Set(csv.slice(1).map((l) => l.split(',').at(-1)))).to.deep.equal(new Set(inputs));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.parameters.map((p: { prepare: unknown }) => p.prepare)).to.deep.equal(['glass files', 'glass files', 'glass files']);
  });

  it('reads back in Python: the h5py snippet of docs/ensemble.md runs on a glass file\'s sample and sees its SHA-256', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const id = (await finishedIds(out))[0]!;
    const printed = runDocumentedSnippet(python, samplePath(out, id));
    expect(printed).to.contain("'format_version': 3").and.to.match(/'glass_sha256': '[0-9a-f]{64}'/);
  });

  it('is identified by content: a rerun computes nothing, a renamed copy is finished, an edited file is a new sample', async () => {
    const again = await runEnsemble({ glasses: inputs, out, workers: 1, aggregate: false });
    expect([again.done, again.alreadyDone]).to.deep.equal([0, 3]);
    const moved = join(tmp, 'moved.xyz');
    copyFileSync(inputs[1]!, moved);
    const copy = await runEnsemble({ glasses: [moved], out, workers: 1, aggregate: false });
    expect([copy.done, copy.alreadyDone]).to.deep.equal([0, 1]);
    // A digit of a position changed by 1e-13: another glass (it is polished to the force floor anyway).
    const text = readFileSync(inputs[0]!, 'utf8').split('\n');
    const fields = text[2]!.split(/\s+/);
    fields[1] = String(Number(fields[1]) + 1e-13);
    text[2] = fields.join(' ');
    const edited = join(tmp, 'edited.xyz');
    writeFileSync(edited, text.join('\n'));
    const plan = await glassSpecs({ glasses: [edited] });
    expect(sampleId(plan.specs[0]!)).to.not.be.oneOf(await finishedIds(out));
    // The same path run before and after the edit: two samples of one file, both pooled, which the aggregation warns of.
    const twiceRoot = join(tmp, 'twice');
    const path = join(tmp, 'twice.xyz');
    copyFileSync(inputs[0]!, path);
    await runEnsemble({ glasses: [path], out: twiceRoot, workers: 1, aggregate: false });
    writeFileSync(path, text.join('\n'));
    await runEnsemble({ glasses: [path], out: twiceRoot, workers: 1, aggregate: false });
    const r = await aggregate(twiceRoot, { outDir: join(twiceRoot, 'agg'), viewerSamples: 1, figures: false });
    expect(r.samples).to.equal(2);
    expect(r.summary.warnings.join('\n')).to.match(new RegExp(`1 glass file has more than one sample here \\(e\\.g\\. ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\S+, \\S+\\), and each counts`));
    const single = await aggregate(out, { outDir: join(out, 'agg-single'), viewerSamples: 1, figures: false });
    expect(single.summary.warnings.join('\n')).to.not.contain('more than one sample');
  });

  it('a directory stands for its glass files, sorted by name; one without any is refused', async () => {
    const plan = await glassSpecs({ glasses: [join(tmp, 'glasses')] });
    expect(plan.paths).to.deep.equal([...inputs].sort());
    const again = await runEnsemble({ glasses: [join(tmp, 'glasses')], out, workers: 1, aggregate: false });
    expect([again.done, again.alreadyDone]).to.deep.equal([0, 3]);
    // The command line counts the directory's files, not the directory.
    const cli = await runCli('run', join(tmp, 'glasses'), '--out', out, '--workers', '1', '--no-aggregate', '--quiet');
    expect(cli.code, cli.stderr).to.equal(0);
    expect(cli.stderr).to.contain('softspot run: 3 glass files of ipl (2D)');
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.txt'), 'not a glass');
    let error: unknown;
    try { await glassSpecs({ glasses: [empty] }); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(GlassInputError);
    expect((error as Error).message).to.contain(`${empty}: a directory without glass files (.xyz, .extxyz, .data`);
  });

  it('each frame of a LAMMPS dump is a sample (the same numbers as the glass from its own file); appended frames are new samples', async () => {
    const names = ['n64_s1', 'n128_s1', 'n256_s1'];
    const frame = (name: string, timestep: number): string => {
      const c = readFixtureConfig(name);
      // Atom ids 13, 23, 33, …: not the particle numbers, so that /configuration/ids shows they are the file's.
      const atoms = Array.from({ length: c.n }, (_, p) => `${10 * p + 13} ${c.species[p]! + 1} ${c.positions[2 * p]} ${c.positions[2 * p + 1]} 0`);
      return ['ITEM: TIMESTEP', String(timestep), 'ITEM: NUMBER OF ATOMS', String(c.n), 'ITEM: BOX BOUNDS pp pp pp',
        `0 ${c.cell[0]}`, `0 ${c.cell[3]}`, '-0.5 0.5', 'ITEM: ATOMS id type x y z', ...atoms, ''].join('\n');
    };
    const dump = join(tmp, 'quenches.dump');
    writeFileSync(dump, frame(names[0]!, 1000) + frame(names[1]!, 2000));
    const root = join(tmp, 'dump-run');
    const first = await runEnsemble({ glasses: [dump], out: root, workers: 1 });
    expect([first.done, first.failed]).to.deep.equal([2, 0]);
    const glasses = JSON.parse(readFileSync(join(root, 'ensemble.json'), 'utf8')).glasses as string[];
    expect(glasses).to.deep.equal([`${dump}#0`, `${dump}#1`]);
    for (const id of await finishedIds(root)) {
      const r = await readSampleHdf5(samplePath(root, id), id);
      expect(r.glassPath).to.equal(dump);
      expect(Array.from(r.ids!), 'the dump\'s atom ids in particle order').to.deep.equal(Array.from({ length: r.config.n }, (_, p) => 10 * p + 13));
      const k = r.glassFrame!;
      // The same glass from its XYZ file, in the first run (the fixture n64_s1 / n128_s1).
      const twins = await Promise.all((await finishedIds(out)).map((i) => readSampleHdf5(samplePath(out, i), i)));
      const twin = twins.find((t) => t.glassPath === inputs[k])!;
      expect(twin.config.n).to.equal(r.config.n);
      expect(Array.from(r.c)).to.deep.equal(Array.from(twin.c));
      expect(r.events.map((e) => [e.gammaC, e.particle])).to.deep.equal(twin.events.map((e) => [e.gammaC, e.particle]));
    }
    const csv = readFileSync(join(root, 'events.csv'), 'utf8');
    expect(csv).to.contain(`${dump}#1\n`);
    // A frame LAMMPS is still writing (its atoms cut off): left out with a note, nothing else changes.
    const third = frame(names[2]!, 3000);
    const cut = third.slice(0, third.indexOf('\n', Math.floor(third.length / 2)) + 1);
    writeFileSync(dump, frame(names[0]!, 1000) + frame(names[1]!, 2000) + cut);
    const warnings: string[] = [];
    const writing = await runEnsemble({ glasses: [dump], out: root, workers: 1, aggregate: false, onWarning: (w) => warnings.push(w) });
    expect([writing.done, writing.alreadyDone, writing.failed]).to.deep.equal([0, 2, 0]);
    const cutLine = (frame(names[0]!, 1000) + frame(names[1]!, 2000) + cut).trimEnd().split('\n').length;
    expect(warnings).to.include(`${dump}#2: left out: the file ends at line ${cutLine} inside this last frame's atoms, as a dump LAMMPS is still writing does; ` +
      'the run plans the file\'s 2 whole frames: run the same command again once the dump is complete to add this one');
    // A frame cut in the middle of the file is not one being written: the plan is refused, naming it.
    writeFileSync(dump, frame(names[0]!, 1000) + cut + frame(names[1]!, 2000));
    let refused: unknown;
    try { await glassSpecs({ glasses: [dump] }); } catch (e) { refused = e; }
    expect((refused as Error).message).to.match(/has \d+ atom lines but declares 256 atoms; atom lines are missing inside the file \(the next frame follows\): write the dump again$/);
    // The frame complete: one new sample, the first two stay finished.
    writeFileSync(dump, frame(names[0]!, 1000) + frame(names[1]!, 2000) + frame(names[2]!, 3000));
    const more = await runEnsemble({ glasses: [dump], out: root, workers: 1, aggregate: false });
    expect([more.done, more.alreadyDone, more.failed]).to.deep.equal([1, 2, 0]);
  });

  it('each frame of an extended-XYZ trajectory is a sample, read from the file or from a shipped copy (with the file\'s line numbers) as the glass it was written from; a file of one frame keeps its identity', async () => {
    // The computation of a sample is the same whatever file it came from (the dump test
    // above runs a whole ensemble of frames); what is particular to a trajectory is how
    // its frames are planned, identified, shipped and read back.
    const traj = join(tmp, 'trajectory.xyz');
    // Glasses other than inputs[0]'s: the same glass twice in a run is refused.
    writeFileSync(traj, writeXyz(readFixtureConfig('n128_s1')) + writeXyz(readFixtureConfig('n256_s1')));
    const plan = await glassSpecs({ glasses: [traj, inputs[0]!] });
    expect(plan.frames).to.deep.equal([0, 1, undefined]);
    const shipped = await shipGlasses(plan.specs.map((spec, k) => ({ spec, glass: plan.paths[k], frame: plan.frames[k] })));
    expect(shipped.map((g) => g.firstLine)).to.deep.equal([0, 130, undefined]);
    const fromCopy = (await readSampleGlass(plan.specs[1]!, plan.paths[1], 1, shipped[1])).config;
    expect(Array.from(fromCopy.positions)).to.deep.equal(Array.from(readFixtureConfig('n256_s1').positions));
    const fromFile = (await readSampleGlass(plan.specs[0]!, plan.paths[0], 0)).config;
    expect(Array.from(fromFile.positions)).to.deep.equal(Array.from(readFixtureConfig('n128_s1').positions));
    // The single-frame file is planned as before: the SHA-256 of its bytes; frames appended
    // to it leave its first frame the same glass (that frame's text is those bytes).
    const sha = createHash('sha256').update(readFileSync(inputs[0]!)).digest('hex');
    expect(plan.specs[2]!.glass!.sha256).to.equal(sha);
    const grown = join(tmp, 'grown.xyz');
    writeFileSync(grown, Buffer.concat([readFileSync(inputs[0]!), Buffer.from(writeXyz(readFixtureConfig('n128_s1')))]));
    const regrown = await glassSpecs({ glasses: [grown] });
    expect(regrown.frames).to.deep.equal([0, 1]);
    expect(regrown.specs[0]!.glass!.sha256).to.equal(sha);
  });

  it('a direction without an event up to maxStrain is an outcome, not a failure: particle −1 in the sample, counted missing in summary.json, NaN in events.csv', async () => {
    // n64_s1's first events (fixture, an independent implementation): pure+ at γ_c ≈ 0.0376,
    // the other three beyond 0.08; up to 0.05 only pure+ is found.
    const ref = (JSON.parse(readFileSync(fixturePath('n64_s1.aqs.json'), 'utf8')) as { events: Record<string, { gamma_c: number }> }).events;
    const root = join(tmp, 'no-event-run');
    const run = await runEnsemble({ glasses: [inputs[0]!], out: root, workers: 1, events: { maxStrain: 0.05 } });
    expect([run.done, run.failed]).to.deep.equal([1, 0]);
    const [id] = await finishedIds(root);
    const r = await readSampleHdf5(samplePath(root, id!), id!);
    for (const e of r.events) {
      if (e.direction === 'pure+') {
        expect(Math.abs(e.gammaC - ref['pure+']!.gamma_c)).to.be.below(1e-7);
        expect(e.particle).to.be.at.least(0);
      } else {
        expect(ref[e.direction]!.gamma_c, e.direction).to.be.above(0.05);
        expect([e.particle, e.gammaC, e.gammaLo], e.direction).to.deep.equal([-1, NaN, 0.05]);
      }
    }
    const summary = JSON.parse(readFileSync(join(root, 'summary.json'), 'utf8'));
    expect(Object.fromEntries(Object.entries(summary.events as Record<string, { found: number; missing: number }>).map(([d, v]) => [d, [v.found, v.missing]])))
      .to.deep.equal({ 'simple+': [0, 1], 'simple-': [0, 1], 'pure+': [1, 0], 'pure-': [0, 1] });
    expect(summary.events['simple+'].gammaC).to.equal(null);
    const rows = readFileSync(join(root, 'events.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows.map((c) => [c[3], c[4] === 'NaN' ? c[4] : Number(c[4]), c[7]])).to.deep.equal([
      ['simple+', 'NaN', '-1'], ['simple-', 'NaN', '-1'], ['pure+', r.events.find((e) => e.direction === 'pure+')!.gammaC, String(r.events.find((e) => e.direction === 'pure+')!.particle)], ['pure-', 'NaN', '-1'],
    ]);
    expect(existsSync(join(root, 'report.html'))).to.equal(true);
  });

  it('a file changed after planning fails its sample at the read stage, computing nothing', async () => {
    const path = join(tmp, 'changing.xyz');
    copyFileSync(inputs[0]!, path);
    const plan = await glassSpecs({ glasses: [path] });
    writeFileSync(path, readFileSync(inputs[1]!));
    const other = join(tmp, 'other-run');
    ensureStore(other);
    const outcome = await runTask({ spec: plan.specs[0]!, root: other, glass: plan.paths[0] });
    expect(outcome.status).to.equal('failed');
    expect(outcome.stage).to.equal('read');
    expect(outcome.error).to.contain(`${path}: the file changed after the run was planned`);
    expect(existsSync(join(other, 'samples')) ? readdirSync(join(other, 'samples')).filter((f) => f.endsWith('.h5')) : []).to.deep.equal([]);
  });

  it('refuses bad input before anything is computed, naming the file', async () => {
    const bad = join(tmp, 'bad');
    mkdirSync(bad, { recursive: true });
    const ka2d = join(bad, 'ka2d.xyz');
    writeFileSync(ka2d, writeXyz({ ...readFixtureConfig('n64_s1'), model: 'ka2d' }));
    const broken = join(bad, 'broken.xyz');
    const lines = readFileSync(inputs[0]!, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/^(\S+\s+)\S+/, '$1NaN'); // the first particle's x
    writeFileSync(broken, lines.join('\n'));
    // The same glass under another comment line (an info key added): other bytes, the same glass.
    const relabeled = join(bad, 'relabeled.xyz');
    writeFileSync(relabeled, readFileSync(inputs[0]!, 'utf8').replace(/^(.*\n)(.*)\n/, '$1$2 note=copy\n'));
    // A trajectory holding one frame twice: run takes a file's frames all, so the advice is to write the frames out.
    const twice = join(bad, 'twice.xyz');
    writeFileSync(twice, readFileSync(inputs[0]!, 'utf8') + readFileSync(inputs[0]!, 'utf8'));
    const dataAsXyz = join(bad, 'data-as.xyz');
    writeFileSync(dataAsXyz, readFileSync(fixturePath('ka_n256_s2.data')));
    const cases: Array<[string[], RegExp, new (...args: never[]) => Error]> = [
      [[twice], /twice\.xyz#1: the same frame text as .*twice\.xyz#0; one glass is one sample: the file holds the glass twice; write the frames you mean to files of their own \(softspot minimize .*twice\.xyz --frame K --out gK\.xyz --no-newton --tol X, one per frame, with X above the frame's max \|force\|/, GlassInputError],
      [[join(bad, 'missing.xyz')], /missing\.xyz: cannot read the glass file \(ENOENT\); check the path/, GlassInputError],
      [[inputs[0]!, join(tmp, 'moved.xyz'), inputs[1]!], /n128_s1\.xyz: the same bytes as .*moved\.xyz; one glass is one sample: leave one of the two out/, GlassInputError],
      [[inputs[0]!, relabeled], /relabeled\.xyz: the same glass as .*n64_s1\.xyz \(cell, species and positions equal; the files' text differs/, GlassInputError],
      [[ka2d], /ka2d\.xyz: a glass of model 'ka2d' \(model= on line 2\), but the run is of model 'ipl'/, GlassInputError],
      [[inputs[0]!, broken], /broken\.xyz:3: /, XyzFormatError], // the reader's own error, with the line
      // a data file under an .xyz name: the reader's error at line 1, and what the file is (run has no --format: the name)
      [[dataAsXyz], /data-as\.xyz:1: expected the particle count N .*; its first lines are those of a LAMMPS data file: name the file \.data$/, GlassInputError],
    ];
    for (const [glasses, message, kind] of cases) {
      const root = join(bad, 'out');
      let error: unknown;
      try { await runEnsemble({ glasses, out: root, workers: 1 }); } catch (e) { error = e; }
      expect(error, String(message)).to.be.instanceOf(kind);
      expect((error as Error).message).to.match(message);
      expect(existsSync(join(root, 'ensemble.json')), 'nothing written').to.equal(false);
    }
    const both = await runCli('run', inputs[0]!, '--samples', '2', '--out', join(bad, 'cli'));
    expect(both.code).to.equal(2);
    expect(both.stderr).to.contain('--samples: a run of glass files prepares nothing');
    const ship = await runCli('run', inputs[0]!, '--out', join(bad, 'cli'), '--ship-glasses');
    expect(ship.code).to.equal(2);
    expect(ship.stderr).to.contain('--ship-glasses: only for a queue run of glass files (give --queue URL and the files)');
    // Without --model the run is of the model the first file names (ipl when it names none); files of another are refused.
    const cli = await runCli('run', inputs[0]!, ka2d, '--out', join(bad, 'cli'));
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.contain("ka2d.xyz: a glass of model 'ka2d' (model= on line 2), but the run is of model 'ipl'");
    const other = await runCli('run', ka2d, inputs[0]!, '--out', join(bad, 'cli'));
    expect(other.code).to.equal(2);
    expect(other.stderr).to.contain('softspot run: 2 glass files of ka2d (2D)');
    expect(other.stderr).to.contain("n64_s1.xyz:3: unknown species 'S' for particle 0: model 'ka2d' (given: no model= on line 2) has species A, B");
    // A polydisperse file that names no model, without --model: refused as info refuses it (not planned as ipl).
    for (const [file, message] of [
      [fixturePath('gsd/poly2d.gsd'), /poly2d\.gsd: frame 0 \(step 0\): the particles 0 and \d+ of type 'P' have different diameters .*--model poly/],
      [fixturePath('lammps/poly/poly2d.dump'), /poly2d\.dump:\d+: atoms of type 1 have different diameters .*--model poly/],
    ] as const) {
      const poly = await runCli('run', file, '--out', join(bad, 'cli-poly'));
      expect(poly.code, poly.stderr).to.equal(2);
      expect(poly.stderr).to.match(message);
      expect(existsSync(join(bad, 'cli-poly', 'ensemble.json'))).to.equal(false);
    }
  });

  it('softspot run of a file that names its model (model= on line 2) runs that model without --model, as info and aqs read the file', async () => {
    const root = join(tmp, 'own-model');
    const r = await runCli('run', fixturePath('ka2d_n128_s2.xyz'), '--out', root, '--workers', '1', '--no-aggregate', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('softspot run: 1 glass file of ka2d (2D)');
    expect(r.stderr).to.contain('1 computed, 0 already done, 0 failed');
    expect(JSON.parse(readFileSync(join(root, 'ensemble.json'), 'utf8')).model).to.equal('ka2d');
    // The same file gzip-compressed: its model= read through the compression, as info reads it.
    const gz = join(tmp, 'ka2d-own.xyz.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixturePath('ka2d_n128_s2.xyz'))));
    const z = await runCli('run', gz, '--out', root, '--workers', '1', '--no-aggregate', '--quiet');
    expect(z.code, z.stderr).to.equal(0);
    expect(z.stderr).to.contain('softspot run: 1 glass file of ka2d (2D)');
  });

  it('a glass the job carries (shipGlasses) is read from the job, not the file: the same numbers; a damaged or foreign copy is refused', async () => {
    const dir = join(tmp, 'shipped');
    mkdirSync(dir, { recursive: true });
    const xyz = join(dir, 'n64_s1.xyz');
    copyFileSync(inputs[0]!, xyz);
    // A dump whose second frame is the n256_s1 fixture (n64_s1 is the xyz's: a glass once a run): its copy must keep the file's line numbers.
    const dump = join(dir, 'two.dump');
    const c = readFixtureConfig('n256_s1'), d = readFixtureConfig('n128_s1');
    const frame = (g: Configuration, t: number): string => ['ITEM: TIMESTEP', String(t), 'ITEM: NUMBER OF ATOMS', String(g.n), 'ITEM: BOX BOUNDS pp pp pp',
      `0 ${g.cell[0]}`, `0 ${g.cell[3]}`, '-0.5 0.5', 'ITEM: ATOMS id type x y z',
      ...Array.from({ length: g.n }, (_, p) => `${p + 1} ${g.species[p]! + 1} ${g.positions[2 * p]} ${g.positions[2 * p + 1]} 0`), ''].join('\n');
    writeFileSync(dump, frame(d, 10) + frame(c, 20));
    const plan = await glassSpecs({ glasses: [xyz, dump] });
    const tasks = plan.specs.map((spec, k) => ({ spec, glass: plan.paths[k], frame: plan.frames[k] }));
    const shipped = await shipGlasses(tasks);
    expect(shipped.map((g) => g.firstLine)).to.deep.equal([undefined, 0, 9 + 128]);
    rmSync(dir, { recursive: true });
    const root = join(tmp, 'shipped-run');
    ensureStore(root);
    const twins = await Promise.all((await finishedIds(out)).map((i) => readSampleHdf5(samplePath(out, i), i)));
    for (const [k, task] of tasks.entries()) {
      const outcome = await runTask({ ...task, root, shipped: shipped[k] });
      expect(outcome.status, outcome.error).to.equal('done');
      const r = await readSampleHdf5(samplePath(root, outcome.id), outcome.id);
      expect(r.glassPath).to.equal(task.glass);
      // The same glass from its own file in the first run: bit for bit.
      const twin = twins.find((t) => t.glassPath === inputs[({ 64: 0, 128: 1, 256: 2 } as Record<number, number>)[r.config.n]!])!;
      expect(Array.from(r.c)).to.deep.equal(Array.from(twin.c));
      expect(r.events.map((e) => [e.gammaC, e.particle])).to.deep.equal(twin.events.map((e) => [e.gammaC, e.particle]));
    }
    // Another glass's copy, a damaged copy, and the file itself gone without a copy.
    const other = join(tmp, 'shipped-refused');
    ensureStore(other);
    const cases: Array<[typeof shipped[number] | undefined, string]> = [
      [shipped[1], `${xyz}: the copy of the glass in the job is not the planned glass`],
      [{ gzipBase64: 'not gzip' }, `${xyz}: the copy of the glass in the job is damaged`],
      [undefined, `${xyz}: cannot read the glass file on this machine (ENOENT); the workers of a queue run read the files at the paths the run planned: ` +
        'put them on a file system every worker sees, or let the jobs carry the glasses (softspot run --ship-glasses)'],
    ];
    for (const [copy, message] of cases) {
      const outcome = await runTask({ ...tasks[0]!, root: other, ...(copy !== undefined ? { shipped: copy } : {}) });
      expect([outcome.status, outcome.stage]).to.deep.equal(['failed', 'read']);
      expect(outcome.error).to.contain(message);
    }
  });

  describe('over a Redis queue', function () {
    let redis: ChildProcess | undefined;
    let rdir = '', url = '';
    const children: ChildProcess[] = [];
    before(async function () {
      const REDIS = requireProgram(this, 'redis-server', 'redis-server');
      ({ dir: rdir, url, redis } = await startRedisIn(REDIS, 'softspot-glass-queue-'));
    });
    after(() => stopAll(children, redis, rdir));

    it('a softspot worker process reads each job\'s file at its path: the same numbers as the pool\'s', async () => {
      const root = join(rdir, 'results');
      const queueArgs = ['--queue', url, '--queue-name', 'softspot-glass'];
      const run = spawnCli(['run', inputs[0]!, inputs[1]!, '--out', root, ...queueArgs, '--no-aggregate', '--quiet']);
      children.push(run);
      const worker = spawnCli(['worker', ...queueArgs, '--workers', '1', '--exit-when-empty', '--idle-seconds', '10']);
      children.push(worker);
      expect((await exited(run)).code, `${run.err()}\n--- worker:\n${worker.err()}`).to.equal(0);
      expect((await exited(worker)).code, worker.err()).to.equal(0);
      const done = (await readLog(root)).filter((l) => l.event === 'done');
      expect(done.map((l) => l.pid)).to.deep.equal([worker.pid, worker.pid]);
      for (const id of await finishedIds(root)) {
        const [queued, pooled] = [await readSampleHdf5(samplePath(root, id), id), await readSampleHdf5(samplePath(out, id), id)];
        expect(queued.glassPath).to.be.oneOf(inputs.slice(0, 2));
        // Another process, bit for bit: one BLAS thread in both, and METIS orders alike.
        expect(Array.from(queued.c)).to.deep.equal(Array.from(pooled.c));
        expect(queued.events.map((e) => [e.gammaC, e.particle])).to.deep.equal(pooled.events.map((e) => [e.gammaC, e.particle]));
      }
    });

    it('with --ship-glasses the jobs carry the glasses: a worker computes them after the files are gone', async () => {
      const away = join(rdir, 'away');
      mkdirSync(away, { recursive: true });
      const copies = inputs.slice(0, 2).map((p, k) => join(away, `glass${k}.xyz`));
      copies.forEach((c, k) => copyFileSync(inputs[k]!, c));
      const root = join(rdir, 'shipped');
      const queueArgs = ['--queue', url, '--queue-name', 'softspot-ship'];
      const run = spawnCli(['run', ...copies, '--out', root, ...queueArgs, '--ship-glasses', '--no-aggregate', '--quiet']);
      children.push(run);
      // Once both jobs are in Redis, the files go: only the jobs' copies are left.
      const client = new Redis(url, { maxRetriesPerRequest: null });
      const queue = new Queue('softspot-ship', { connection: client });
      try {
        const end = Date.now() + 60_000;
        while ((await queue.getWaitingCount()) < 2) {
          expect(Date.now(), `the jobs were not enqueued: ${run.err()}`).to.be.below(end);
          await sleep(100);
        }
      } finally {
        await queue.close();
        client.disconnect();
      }
      rmSync(away, { recursive: true });
      const worker = spawnCli(['worker', ...queueArgs, '--workers', '1', '--exit-when-empty', '--idle-seconds', '10']);
      children.push(worker);
      expect((await exited(run)).code, `${run.err()}\n--- worker:\n${worker.err()}`).to.equal(0);
      expect((await exited(worker)).code, worker.err()).to.equal(0);
      const ids = await finishedIds(root);
      expect(ids).to.have.length(2);
      for (const id of ids) {
        const r = await readSampleHdf5(samplePath(root, id), id);
        expect(r.glassPath).to.be.oneOf(copies);
        const pooled = await readSampleHdf5(samplePath(out, id), id); // the same glass, so the same id
        expect(Array.from(r.c)).to.deep.equal(Array.from(pooled.c));
        expect(r.events.map((e) => [e.gammaC, e.particle])).to.deep.equal(pooled.events.map((e) => [e.gammaC, e.particle]));
      }
    });
  });

  it('softspot run GLASS... --out DIR: the command line, with figures and report', async () => {
    const root = join(tmp, 'cli-run');
    const r = await runCli('run', inputs[0]!, inputs[1]!, '--out', root, '--workers', '1', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('softspot run: 2 glass files of ipl (2D)');
    expect(r.stderr).to.contain('2 computed, 0 already done, 0 failed');
    expect(existsSync(join(root, 'report.html'))).to.equal(true);
  });
});
