/**
 * The ensemble pipeline on 3D glasses and other models (issue 17 "Any glass", item 3):
 * `softspot run --model ipl3d` end to end on tiny glasses (N = 160, short MD, 2 glasses on
 * 2 pool workers), read back from real HDF5 files and checked against independent routes:
 * the sum rule Σc_α = 3(N − 1), the event particle's stored position = its row of the
 * stored configuration, the h5ls shapes; C(λ) finite; the slab maps in the report; a
 * resumed run or a sample of another model refused with a clear error; `softspot tails`
 * on the 3D results.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram, requirePython } from './helpers/system-program.js';
import { readInPython, runDocumentedSnippet } from './helpers/python.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { runCli } from './helpers/run-cli.js';
import { ensembleSpecs, runModel, sampleId } from '../lib/ensemble/identity.js';
import { readSampleHdf5, writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { syntheticSample } from './helpers/synthetic-sample.js';
import { createRng } from '../lib/random.js';
import { runEnsemble } from '../lib/ensemble/run.js';
import { aggregate } from '../lib/ensemble/aggregate.js';
import { runTask } from '../lib/ensemble/task.js';
import { ModelMismatchError } from '../lib/ensemble/manifest.js';
import { ensureStore, finishedIds, readLog, samplePath } from '../lib/ensemble/store.js';
import { writeXyz } from '../lib/io/index.js';
import { DIRECTIONS } from '../lib/ensemble/types.js';

const N = 160;
/**
 * Short MD; the event search keeps firstEvent's 3D protocol and only coarsens its strain
 * step (2e-3, the fast protocol's default largest step) to keep the test short.
 */
const TINY_3D = { model: 'ipl3d', n: N, samples: 2, seed0: 1, prepare: { tEquilibrate: 1, anneal: 2 }, events: { step: 2e-3 }, validate: true } as const;

describe('ensemble: a 3D run end to end (ipl3d, N = 160)', function () {
  this.timeout(600_000);
  let dir = '';
  scratchDir('softspot-ens3d-', (d) => { dir = d; });

  it('computes, stores d-generic HDF5 files, and aggregates C(λ), the sum rule and the slab maps', async () => {
    const t0 = process.cpuUsage();
    const summary = await runEnsemble({ ...TINY_3D, out: dir, workers: 2, sampleTimeout: 300 });
    expect(summary.failed, JSON.stringify(summary.outcomes)).to.equal(0);
    expect(summary.done).to.equal(2);
    const specs = ensembleSpecs(TINY_3D);
    expect(specs[0]).to.include({ model: 'ipl3d', dim: 3 });
    expect(specs[0].events).to.not.have.property('protocol'); // firstEvent chooses the 3D protocol
    let events = 0;
    for (const spec of specs) {
      const id = sampleId(spec);
      expect(id).to.match(/^ipl3d-n160-s[12]-[0-9a-f]{10}$/);
      const r = await readSampleHdf5(samplePath(dir, id), id);
      expect(r.spec).to.deep.equal(spec);
      expect(r.config.dim).to.equal(3);
      expect(r.config.model).to.equal('ipl3d');
      expect(r.config.cell).to.have.length(9);
      expect(r.config.positions).to.have.length(3 * N);
      expect(r.config.cell[0] * r.config.cell[4] * r.config.cell[8]).to.be.closeTo(N / 0.82, 1e-9);
      expect(Object.keys(r.dcdg).sort()).to.deep.equal(['pure', 'simple', 'simple-xz', 'simple-yz']);
      for (const mode of Object.keys(r.dcdg)) expect(r.dcdg[mode]).to.have.length(r.c.length);
      // Sum rule, from the stored c (not the stored sum): Σc = 3(N − 1).
      expect(r.c.reduce((s, x) => s + x, 0)).to.be.closeTo(3 * (N - 1), 1e-6);
      expect(r.sumC).to.be.closeTo(3 * (N - 1), 1e-6);
      expect(r.events.map((e) => e.direction)).to.deep.equal([...DIRECTIONS]);
      for (const e of r.events) {
        if (e.particle < 0) continue;
        events++;
        expect(e.gammaC).to.be.greaterThan(0);
        expect([e.x, e.y, e.z]).to.deep.equal(Array.from(r.config.positions.subarray(3 * e.particle, 3 * e.particle + 3)));
      }
      expect(r.engines.prepare).to.equal('lib/nd prepareGlassNd (ipl3d, 3D)');
      // The protocol, and the directions in which the fast protocol handed the search to the
      // reference protocol (these small 3D glasses meet such hand-overs).
      expect(r.engines.events).to.match(/^lib\/aqs firstEvent \((fast|reference)(; the reference protocol after a stalled continuation: (simple|pure)[+-](, (simple|pure)[+-])*)?\)$/);
    }
    expect(events, 'first events found').to.be.at.least(4);
    // Aggregates.
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(s.parameters).to.have.length(1);
    expect(s.parameters[0]).to.include({ model: 'ipl3d', dim: 3, n: N, samples: 2 });
    expect(s.sumRule.samples).to.equal(2);
    expect(s.sumRule.maxRelativeError).to.be.lessThan(1e-9);
    // The Fig. S1 check in 3D: every 3D preset mode, forward differences at Δγ = 1e-5.
    expect(Object.keys(s.validation).sort()).to.deep.equal(['pure', 'simple', 'simple-xz', 'simple-yz']);
    for (const v of Object.values(s.validation) as Array<{ count: number; median: number }>) {
      expect(v.count).to.be.greaterThan(1000);
      expect(v.median).to.be.lessThan(5); // percent: forward differences, O(Δγ), of a barely annealed glass (≈ 1 % here)
    }
    // At ξ = 5 a box of side 5.8 has 1 bin a side: no λ, and the summary says so. At ξ = 1.5
    // (4 bins a side) every event is ranked.
    expect(s.predictability.bins).to.deep.equal([1, 1, 1]);
    for (const d of DIRECTIONS) expect(s.predictability.directions[d].pPlus).to.equal(null);
    expect(s.warnings[0]).to.match(/^the ξ = 5 grid \(1 × 1 × 1 bins\) of every glass has fewer than 4 bins along a cell vector/);
    const fine = (await aggregate(dir, { outDir: join(dir, 'xi1.5'), xi: 1.5, viewerSamples: 1 })).summary;
    expect(fine.predictability.bins).to.deep.equal([4, 4, 4]);
    let ranked = 0;
    for (const d of DIRECTIONS) {
      for (const k of ['absC', 'pPlus', 'pMinus'] as const) {
        const r = fine.predictability.directions[d][k];
        if (r === null) continue;
        ranked += k === 'pPlus' ? r.n : 0;
        expect(r.meanLambda).to.be.within(0, 1);
        for (const c of r.cdf) expect(c).to.be.within(0, 1);
        expect(r.cdf.at(-1)).to.equal(1);
      }
    }
    expect(ranked).to.equal(events);
    // The log's done lines carry each sample's sum rule.
    const done = (await readLog(dir)).filter((l) => l.event === 'done');
    expect(done).to.have.length(2);
    for (const l of done) expect(l.sumRuleError).to.be.lessThan(1e-9);
    const csv = readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => csv[0].indexOf(name);
    expect(csv).to.have.length(1 + 2 * 4);
    for (const row of csv.slice(1)) {
      expect(row[col('model')]).to.equal('ipl3d');
      expect(row[col('dim')]).to.equal('3');
      expect(Number(row[col('sum_rule_error')])).to.be.lessThan(1e-9);
      expect(row[col('lambda_p_plus')], 'no λ on a grid of 1 bin a side').to.equal('NaN');
    }
    // At ξ = 1.5 every event has its λ.
    const fineCsv = readFileSync(join(dir, 'xi1.5', 'events.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    for (const row of fineCsv.slice(1)) {
      if (Number(row[col('particle')]) >= 0) expect(Number(row[col('lambda_p_plus')])).to.be.within(0, 1);
    }
    // Figs. 1 and 3 are slab maps; the report says where the 3D bond fields are.
    const fig1 = readFileSync(join(dir, 'figures', 'fig1-lhc-map.svg'), 'utf8');
    expect(fig1).to.contain('Slab');
    expect(existsSync(join(dir, 'figures', 'fig3-bond-maps.png'))).to.equal(true);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).to.contain('slab maps');
    expect(html).to.contain('Sum rule');
    expect(html, 'no viewer (its selectors and canvas would be empty) for an ensemble of 3D glasses only').to.not.contain('id="viewer"');
    expect(html).to.not.contain('viewer-data');
    // No baseline of ⟨λ⟩ on a grid where λ is not defined; the ξ = 1.5 report gives it for its 4 × 4 × 4 bins.
    expect(html).to.not.contain('a field without information');
    expect(readFileSync(join(dir, 'xi1.5', 'report.html'), 'utf8')).to.contain('a field without information gives ⟨λ⟩ = (B − 1)/(2B) = 0.492 for these B = 64 bins');
    // Nothing ranked at ξ = 5: every cross entry is there, null as the own entries are (it was {}).
    const coarse = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { predictability: { cross: Record<string, unknown>; directions: Record<string, { pPlus: unknown }> } };
    expect(coarse.predictability.directions['simple+']!.pPlus).to.equal(null);
    expect(coarse.predictability.cross['pure+']).to.deep.equal({ 'simple+': null, 'simple-': null });
    expect(coarse.predictability.cross['simple-']).to.deep.equal({ 'pure+': null, 'pure-': null });
    // `run --xi` aggregates at that ξ itself (it needed a second command, figures --xi): the same λ as the ξ = 1.5 aggregation.
    const again = await runCli('run', '--model', 'ipl3d', '--n', String(N), '--samples', '2', '--seed0', '1', '--t-equilibrate', '1', '--anneal', '2',
      '--step', '2e-3', '--validate', '--out', dir, '--xi', '1.5', '--quiet');
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.contain('0 computed, 2 already done');
    expect((JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { predictability: { xi: number } }).predictability.xi).to.equal(1.5);
    expect(readFileSync(join(dir, 'events.csv'), 'utf8')).to.equal(readFileSync(join(dir, 'xi1.5', 'events.csv'), 'utf8'));
    const noAggregation = await runCli('run', '--model', 'ipl3d', '--n', String(N), '--samples', '2', '--out', dir, '--xi', '1.5', '--no-aggregate');
    expect(noAggregation.code).to.equal(2);
    expect(noAggregation.stderr).to.contain('--xi: the bin size of the aggregation, but this run does not aggregate');
    const cpu = process.cpuUsage(t0);
    console.log(`      (3D pool run of 2 samples + aggregation: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU of this thread)`);
  });

  it('writes HDF5 files whose shapes the HDF5 tools list (N×3 positions, 3×3 cell, four dc/dγ, z of the events)', function () {
    requireProgram(this, 'h5ls', 'hdf5-tools');
    requireProgram(this, 'h5dump', 'hdf5-tools');
    const file = samplePath(dir, sampleId(ensembleSpecs(TINY_3D)[0]));
    const listing = execFileSync('h5ls', ['-r', file], { encoding: 'utf8' });
    expect(listing).to.match(/^\/configuration\/positions\s+Dataset \{160, 3\}/m);
    expect(listing).to.match(/^\/configuration\/cell\s+Dataset \{3, 3\}/m);
    for (const mode of ['simple', 'pure', 'simple-xz', 'simple-yz']) expect(listing).to.match(new RegExp(`^/lhc/dcdg_${mode}\\s+Dataset \\{\\d+\\}`, 'm'));
    expect(listing).to.match(/^\/events\/z\s+Dataset \{4\}/m);
    const attrs = execFileSync('h5dump', ['-a', '/dim', '-a', '/model', '-a', '/format_version', file], { encoding: 'utf8' });
    expect(attrs).to.match(/ATTRIBUTE "dim"[\s\S]*?\(0\): 3/);
    expect(attrs).to.contain('"ipl3d"');
    expect(attrs).to.match(/ATTRIBUTE "format_version"[\s\S]*?\(0\): 2/);
  });

  it('reads back in Python (h5py, numpy): the documented snippet runs, N×3 positions, four dc/dγ and z as the TypeScript reader sees them', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const id = sampleId(ensembleSpecs(TINY_3D)[0]);
    const file = samplePath(dir, id);
    expect(runDocumentedSnippet(python, file)).to.contain("'model': 'ipl3d'");
    const py = readInPython(python, file);
    const ts = await readSampleHdf5(file, id);
    expect([py.shape, py.dim, py.format, py.n]).to.deep.equal([[N, 3], 3, 'softspot-sample', N]);
    expect(py.positions.flat()).to.deep.equal(Array.from(ts.config.positions));
    expect(py.cell.flat()).to.deep.equal(Array.from(ts.config.cell));
    expect(py.c).to.deep.equal(Array.from(ts.c));
    expect(Object.keys(py.dcdg).sort()).to.deep.equal(['pure', 'simple', 'simple-xz', 'simple-yz']);
    for (const mode of Object.keys(py.dcdg)) expect(py.dcdg[mode], mode).to.deep.equal(Array.from(ts.dcdg[mode]!));
    expect(Math.abs(py.sumCNumpy - 3 * (N - 1))).to.be.below(1e-9);
    expect(py.z).to.deep.equal(ts.events.map((e) => e.z));
    // self-describing: the species' labels and the units of every dimensioned dataset (3D: stress per volume)
    expect(py.speciesNames).to.deep.equal(['S', 'L']);
    expect(py.units).to.deep.equal({
      'configuration/cell': 'lambda', 'configuration/positions': 'lambda',
      'lhc/c': 'k_B', ...Object.fromEntries(['pure', 'simple', 'simple-xz', 'simple-yz'].map((m) => [`lhc/dcdg_${m}`, 'k_B (per unit strain)'])),
      'events/gamma_c': '1', 'events/gamma_lo': '1', 'events/gamma_hi': '1', 'events/x': 'lambda', 'events/y': 'lambda', 'events/z': 'lambda',
      'events/energy_drop': 'epsilon', 'events/stress_drop': 'epsilon/lambda^3', 'events/max_displacement': 'lambda', 'events/ms': 'ms',
      ...Object.fromEntries(['pure', 'simple', 'simple-xz', 'simple-yz'].map((m) => [`validation/${m}/err`, '%'])),
    });
  });

  it('refuses to resume the directory with another model, and a sample of another model writes nothing there', async () => {
    let error: unknown;
    try {
      await runEnsemble({ samples: 1, n: 64, seed0: 1, out: dir, workers: 1, aggregate: false });
    } catch (e) { error = e; }
    expect(error).to.be.instanceOf(ModelMismatchError);
    expect((error as Error).message).to.equal(`${dir} holds a run of ipl3d (3D) (${join(dir, 'ensemble.json')}), but this run is of ipl (2D): ` +
      'a results directory holds glasses of one model. Choose another --out for this model, or rerun with --model ipl3d to resume that run');
    const [spec] = ensembleSpecs({ samples: 1, n: 64, seed0: 1 });
    const outcome = await runTask({ spec, root: dir });
    expect(outcome.status).to.equal('failed');
    expect(outcome.stage).to.equal('model');
    expect(outcome.error).to.contain(`but sample ${sampleId(spec)} is of ipl (2D)`);
    expect(existsSync(join(dir, 'failed', `${sampleId(spec)}.json`))).to.equal(false);
    // The CLI says the same, with exit code 2 (bad input: the directory of another run).
    const r = await runCli('run', '--samples', '1', '--n', '64', '--out', dir, '--workers', '1', '--no-aggregate', '--quiet');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('holds a run of ipl3d (3D)');
  });

  it('a results directory of two models is not aggregated, and a corrupt ensemble.json is not rewritten (models were mixed silently)', async () => {
    const mixed = join(dir, 'mixed');
    ensureStore(mixed);
    const flat = syntheticSample(createRng(3), 30, 77); // a 2D ipl sample
    await writeSampleHdf5(samplePath(mixed, flat.id), flat);
    const id3 = sampleId(ensembleSpecs(TINY_3D)[0]!);
    copyFileSync(samplePath(dir, id3), samplePath(mixed, id3));
    const figures = await runCli('figures', mixed, '--quiet');
    expect(figures.code, figures.stderr).to.equal(2);
    expect(figures.stderr).to.match(/the samples are glasses of 2 models \(.*ipl3d \(3D\), e\.g\. sample .*\); a results directory holds one model/);
    expect(existsSync(join(mixed, 'summary.json'))).to.equal(false);
    const broken = join(dir, 'broken');
    ensureStore(broken);
    writeFileSync(join(broken, 'ensemble.json'), '{"samples": 2, "n": 100, "model": "ka2d"');
    const run = await runCli('run', '--samples', '1', '--n', '100', '--model', 'ka2d', '--out', broken, '--workers', '1', '--no-aggregate', '--quiet');
    expect(run.code, run.stderr).to.equal(2);
    expect(run.stderr).to.contain(`${join(broken, 'ensemble.json')}: not JSON (`);
    expect(readFileSync(join(broken, 'ensemble.json'), 'utf8')).to.equal('{"samples": 2, "n": 100, "model": "ka2d"');
    expect(await finishedIds(broken)).to.deep.equal([]);
  });

  it('a prepared 3D glass written to a file and run as a glass file gives the prepared run\'s numbers (the read stage, format_version 3 in 3D)', async () => {
    const [spec] = ensembleSpecs(TINY_3D);
    const prepared = await readSampleHdf5(samplePath(dir, sampleId(spec!)));
    const file = join(dir, 'glass3d.xyz');
    writeFileSync(file, writeXyz(prepared.config));
    const root = join(dir, 'from-file');
    const summary = await runEnsemble({ glasses: [file], model: 'ipl3d', events: TINY_3D.events, validate: true, out: root, workers: 1, aggregate: false });
    expect([summary.done, summary.failed], JSON.stringify(summary.outcomes)).to.deep.equal([1, 0]);
    const id = (await finishedIds(root))[0]!;
    expect(id).to.match(/^ipl3d-n160-g[0-9a-f]{10}-[0-9a-f]{10}$/);
    const r = await readSampleHdf5(samplePath(root, id), id);
    expect(r.config.dim).to.equal(3);
    expect(Array.from(r.config.positions)).to.deep.equal(Array.from(prepared.config.positions));
    expect(Array.from(r.c)).to.deep.equal(Array.from(prepared.c));
    for (const mode of ['simple', 'pure', 'simple-xz', 'simple-yz']) expect(Array.from(r.dcdg[mode]!)).to.deep.equal(Array.from(prepared.dcdg[mode]!));
    // Bit for bit, although the prepared run computed its two samples in two worker threads
    // at once: each thread orders with its own METIS generator (native/core/metis_random.h).
    // Before that, a CI run gave a γ_c 2e-16 away from this glass's run alone.
    expect(r.events.map((e) => [e.gammaC, e.particle, e.z])).to.deep.equal(prepared.events.map((e) => [e.gammaC, e.particle, e.z]));
    expect(Object.keys(r.validation!.modes).sort()).to.deep.equal(Object.keys(prepared.validation!.modes).sort());
  });

  it('softspot tails fits the 3D results (every shear mode of a 3D glass) and reports the sum rule', async () => {
    const r = await runCli('tails', dir, '--json', '--bootstrap', '100', '--mode', 'simple-xz', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^tails: 2 ipl3d \(3D\) glasses at 1 size \(N = 160\) from 1 directory; sum rule Σc = d\(N − 1\) to relative error ≤ \S+\n$/);
    const out = JSON.parse(r.stdout);
    expect(out.model).to.deep.equal({ model: 'ipl3d', dim: 3 });
    expect(out.sumRuleMaxRelativeError).to.be.lessThan(1e-9);
    expect(out.fields.map((f: { field: string }) => f.field)).to.deep.equal(['c', 'dcdg', 'cdcdg']);
    for (const f of out.fields) expect(f.sizes[0].n).to.equal(N);
  });
});

describe('ensemble: choosing the model (run, demo, worker, --config)', () => {
  it('plans the model and dimension of every preset, with ids that name them (the 2D ipl ids unchanged)', () => {
    expect(sampleId(ensembleSpecs({ samples: 1, n: 64, seed0: 1 })[0])).to.match(/^n64-s1-[0-9a-f]{10}$/);
    expect(ensembleSpecs({ samples: 1, n: 64, seed0: 1 })[0]).to.not.have.any.keys('model', 'dim');
    expect(ensembleSpecs({ samples: 1, n: 64, seed0: 1, model: 'ipl' })).to.deep.equal(ensembleSpecs({ samples: 1, n: 64, seed0: 1 }));
    // N = 200: ka and 3D poly glasses of 64 cannot be prepared (KA needs N ≥ 151), and are refused up front.
    const ids = ['ipl3d', 'ka', 'ka2d'].map((model) => sampleId(ensembleSpecs({ samples: 1, n: 200, seed0: 1, model })[0]));
    ids.push(sampleId(ensembleSpecs({ samples: 1, n: 200, seed0: 1, model: 'poly', dim: 3 })[0]));
    expect(ids.map((id) => id.replace(/-[0-9a-f]{10}$/, ''))).to.deep.equal(['ipl3d-n200-s1', 'ka-n200-s1', 'ka2d-n200-s1', 'poly3d-n200-s1']);
    expect(() => ensembleSpecs({ samples: 1, n: 64, seed0: 1, model: 'ka' })).to.throw(RangeError, 'give a glass of N ≥ 151');
    expect(sampleId(ensembleSpecs({ samples: 1, n: 64, seed0: 1, model: 'poly' })[0])).to.match(/^poly-n64-s1-[0-9a-f]{10}$/); // 2D poly: lib/nd at d = 2
    expect(ensembleSpecs({ samples: 1, n: 64, seed0: 1, model: 'poly' })[0].dim).to.equal(undefined);
    // The preset's protocol temperatures; 2D events keep the fast protocol, 3D ones leave it to firstEvent.
    const [ka] = ensembleSpecs({ samples: 1, n: 200, seed0: 1, model: 'ka' });
    expect(ka.prepare).to.deep.equal({ tLiquid: 2, tEquilibrate: 20, tAnneal: 0.4, anneal: 100, dt: 0.005 });
    expect(ka.events).to.deep.equal({ precision: 1e-8, maxStrain: 0.5 });
    expect(ensembleSpecs({ samples: 1, n: 64, seed0: 1, model: 'ka2d' })[0].events.protocol).to.equal('fast');
    expect(() => runModel('ka', 2)).to.throw(RangeError, "dim: model 'ka' is 3D only, got dim = 2; 2D models are ipl, ka2d and poly");
    expect(() => runModel('lj')).to.throw(RangeError, 'model: expected one of ipl, ipl3d, ka, ka2d, poly or a model file (params.json), got "lj"');
    expect(ensembleSpecs({ samples: 1, n: 200, seed0: 1, model: 'ka', validate: true })[0].validate).to.equal(true); // the Fig. S1 check is d-generic
  });

  it('the command line: --model and --dim checked before any work, also from --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softspot-model-cli-'));
    try {
      const bad = await runCli('run', '--samples', '1', '--n', '200', '--out', join(dir, 'a'), '--model', 'ipl3d', '--dim', '2');
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain("--dim: model 'ipl3d' is 3D only, got dim = 2");
      const unknown = await runCli('demo', '--model', 'lj', '--out', join(dir, 'b'));
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.contain('--model');
      const config = join(dir, 'run.json');
      writeFileSync(config, JSON.stringify({ samples: 1, n: 200, out: join(dir, 'c'), model: 'ka', dim: 2 }));
      const fromFile = await runCli('run', '--config', config);
      expect(fromFile.code).to.equal(2);
      expect(fromFile.stderr).to.contain("--dim: model 'ka' is 3D only, got dim = 2");
      const worker = await runCli('worker', '--queue', 'redis://127.0.0.1:1', '--dim', '3');
      expect(worker.code).to.equal(2);
      expect(worker.stderr).to.contain('--dim: give it with --model');
      for (const command of ['run', 'demo', 'worker']) expect((await runCli(command, '--help')).stdout).to.contain('--model PRESET');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
