/**
 * The ensemble pipeline (issue 8): identity and shards, one-file-per-sample HDF5 storage
 * read back in full and checked with the HDF5 tools, the worker-pool engine end to end,
 * resuming after SIGKILL without recomputation, failures recorded, and report.html in a
 * real headless browser. Tiny glasses (N = 64, short MD) keep it under ~2 minutes.
 * The HDF5-tools, Python and browser tests need the Debian packages hdf5-tools (h5ls,
 * h5dump), python3-h5py and chromium; where they are missing they skip with a printed
 * reason (a failure under CI).
 */
import { expect } from 'chai';
import { requireProgram, requirePython } from './helpers/system-program.js';
import { readInPython, runDocumentedSnippet } from './helpers/python.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson, ensembleSpecs, sampleId } from '../lib/ensemble/identity.js';
import { parseShard, selectShard } from '../lib/ensemble/shard.js';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { runEnsemble } from '../lib/ensemble/run.js';
import { aggregate } from '../lib/ensemble/aggregate.js';
import { directionOf } from '../lib/space/index.js';
import { fitPowerLaw, fitTailOverGlasses, interactionMidpoints, predictorFields, rankEvents } from '../lib/stats/index.js';
import { runTask } from '../lib/ensemble/task.js';
import { discardPartial, readLog, samplePath } from '../lib/ensemble/store.js';
import { activeWall } from '../lib/ensemble/throughput.js';
import { DIRECTIONS } from '../lib/ensemble/types.js';

const ROOT = resolve(import.meta.dirname, '..');
/** Short MD so that a sample takes about a second. */
const TINY = { n: 64, prepare: { tEquilibrate: 1, anneal: 2 } };
const TINY_ARGS = ['--n', '64', '--t-equilibrate', '1', '--anneal', '2'];

/** Runs a (not necessarily registered) CLI command in a child process, as `softspot <name> ...args`. */
function spawnCommand(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const code = `const [name, ...rest] = process.argv.slice(1);
const m = await import(${JSON.stringify(`file://${ROOT}/lib/cli/commands/`)} + name + '.ts');
process.exitCode = await m[name].run(rest, { stdout: process.stdout, stderr: process.stderr });`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, name, ...args], {
    cwd: ROOT, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
}

function doneCounts(log: Array<Record<string, unknown>>): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of log) if (l.event === 'done') m.set(String(l.id), (m.get(String(l.id)) ?? 0) + 1);
  return m;
}


describe('ensemble: sample identity and shards', () => {
  it('gives a stable id from the parameters and the seed, and a new one when any changes', () => {
    const [a] = ensembleSpecs({ samples: 1, n: 64, seed0: 7 });
    expect(sampleId(a)).to.match(/^n64-s7-[0-9a-f]{10}$/);
    expect(sampleId(a)).to.equal(sampleId(JSON.parse(JSON.stringify(a))));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).to.equal('{"a":{"c":3,"d":2},"b":1}');
    const ids = new Set([
      a, { ...a, seed: 8 }, { ...a, n: 65 }, { ...a, validate: true },
      { ...a, prepare: { ...a.prepare!, anneal: 50 } }, { ...a, events: { ...a.events, step: 1e-3 } },
    ].map(sampleId));
    expect(ids.size).to.equal(6);
  });

  it('validates the ensemble parameters with messages naming them', () => {
    expect(() => ensembleSpecs({ samples: 0, n: 64, seed0: 1 })).to.throw(RangeError, 'samples: expected a positive integer, got 0');
    expect(() => ensembleSpecs({ samples: 1, n: 4, seed0: 1 })).to.throw(RangeError, 'n: expected an integer >= 8, got 4');
    expect(() => ensembleSpecs({ samples: 1, n: 64, seed0: -1 })).to.throw(RangeError, 'seed0: expected a non-negative integer, got -1');
    expect(() => ensembleSpecs({ samples: 1, n: 64, seed0: 1, prepare: { dt: 0 } })).to.throw(RangeError, 'prepare.dt: expected a positive number, got 0');
  });

  it('runEnsemble\'s xi (the aggregation\'s bin size) is checked before any work: a ξ below 0.5 λ, or a run that does not aggregate, is refused and nothing is made', async () => {
    const out = join(tmpdir(), `softspot-xi-refused-${process.pid}`);
    for (const [options, message] of [[{ xi: 0.1 }, 'xi: expected >= 0.5, got 0.1'], [{ xi: 2, aggregate: false }, 'xi: the bin size of the aggregation, but this run does not aggregate']] as const) {
      let caught: unknown;
      try { await runEnsemble({ samples: 1, ...TINY, seed0: 1, out, ...options }); } catch (error) { caught = error; }
      expect(caught, message).to.be.instanceOf(RangeError);
      expect((caught as Error).message).to.contain(message);
    }
    expect(existsSync(out)).to.equal(false);
  });

  it('rejects, before planning anything, more samples than a run can hold and a precision aqs would reject', () => {
    // 1e20 samples used to be planned one by one until the heap ran out (exit 134).
    expect(() => ensembleSpecs({ samples: 1e20, n: 64, seed0: 1 })).to.throw(RangeError, /^samples: expected an integer <= 1000000 \(a run plans every sample in memory .*\), got 100000000000000000000$/);
    expect(() => ensembleSpecs({ samples: 1, n: 64, seed0: 1, events: { precision: 1e-300 } })).to.throw(RangeError,
      'events.precision: expected a number >= 1e-13 (a narrower strain bracket is below what the round-off of the minimized states resolves), got 1e-300');
  });

  it('splits an ensemble into disjoint deterministic shards that cover it', () => {
    const items = Array.from({ length: 11 }, (_, k) => k);
    const shards = [0, 1, 2].map((i) => selectShard(items, parseShard(`${i}/3`)));
    expect(shards[0]).to.deep.equal([0, 3, 6, 9]);
    expect(shards.flat().sort((x, y) => x - y)).to.deep.equal(items);
    expect(() => parseShard('3/3')).to.throw(RangeError, 'shard: expected "i/n" with integers 0 <= i < n, got "3/3"');
    expect(() => parseShard('a')).to.throw(RangeError, 'got "a"');
  });
});

describe('ensemble: temporary files of killed writers', () => {
  it('removes an atomic write\'s .tmp in the results directory once older than 10 minutes (a run killed between write and rename), nothing else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'softspot-tmp-'));
    try {
      const old = join(root, '.ensemble.json.4242.0123456789ab.tmp'), fresh = join(root, '.summary.json.4243.0123456789ab.tmp');
      const other = join(root, '.keep.tmp'), data = join(root, 'ensemble.json');
      for (const f of [old, fresh, other, data]) writeFileSync(f, '{}');
      const longAgo = new Date(Date.now() - 11 * 60 * 1000);
      for (const f of [old, other, data]) utimesSync(f, longAgo, longAgo);
      expect(await discardPartial(root)).to.equal(1);
      expect(readdirSync(root).sort()).to.deep.equal(['.keep.tmp', '.summary.json.4243.0123456789ab.tmp', 'ensemble.json']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ensemble: active wall time from the computation log', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
  it('counts the union of each process\'s busy span: gaps between runs excluded, concurrent workers once', () => {
    const log = [
      // run 1 (pid 1): 0–100 s; a resumed run the next hour (pid 2): 3600–3650 s
      { at: at(0), host: 'a', pid: 1, event: 'start' }, { at: at(100), host: 'a', pid: 1, event: 'done' },
      { at: at(3600), host: 'a', pid: 2, event: 'start' }, { at: at(3650), host: 'a', pid: 2, event: 'failed' },
      // a queue worker on another machine overlapping run 1: 50–120 s
      { at: at(50), host: 'b', pid: 1, event: 'start' }, { at: at(120), host: 'b', pid: 1, event: 'done' },
      { at: 'garbage', host: 'b', pid: 1, event: 'done' }, { at: at(9999), host: 'a', pid: 3, event: 'progress' },
    ];
    // union = [0, 120] ∪ [3600, 3650] = 170 s; the unparsable line still counts as done
    expect(activeWall(log)).to.deep.equal({ wallSeconds: 170, done: 3 });
    expect(activeWall([])).to.deep.equal({ wallSeconds: null, done: 0 });
    expect(activeWall([{ at: at(5), host: 'a', pid: 1, event: 'start' }]).wallSeconds).to.equal(null);
  });
});

describe('ensemble: worker pool end to end', function () {
  this.timeout(120_000);
  let dir = '';
  scratchDir('softspot-ens-', (d) => { dir = d; });

  it('computes, stores one HDF5 file per sample, aggregates, and skips everything on a rerun', async () => {
    const t0 = performance.now();
    const summary = await runEnsemble({ samples: 3, seed0: 1, ...TINY, out: dir, workers: 2, validate: true, sampleTimeout: 60 });
    expect(summary.done).to.equal(3);
    expect(summary.failed).to.equal(0);
    const specs = ensembleSpecs({ samples: 3, seed0: 1, ...TINY, validate: true });
    // Every dataset and attribute, back from the file.
    for (const spec of specs) {
      const r = await readSampleHdf5(samplePath(dir, sampleId(spec)));
      expect(r.id).to.equal(sampleId(spec));
      expect(r.spec).to.deep.equal(spec);
      expect(r.config.n).to.equal(64);
      expect(r.config.positions).to.have.length(128);
      expect(r.config.species).to.have.length(64);
      expect(Array.from(r.config.species).filter((s) => s === 1)).to.have.length(32);
      expect(r.config.cell[0] * r.config.cell[3]).to.be.closeTo(64 / 0.86, 1e-9);
      const m = r.c.length;
      expect(m).to.be.greaterThan(100);
      for (const a of [r.i, r.j, r.dcdg.simple, r.dcdg.pure]) expect(a).to.have.length(m);
      for (let a = 0; a < m; a++) expect(r.i[a]).to.be.lessThan(r.j[a]);
      expect(r.sumC).to.be.closeTo(2 * 64 - 2, 1e-6);
      expect(r.c.reduce((s, x) => s + x, 0)).to.be.closeTo(126, 1e-6);
      expect(r.maxForce).to.be.lessThan(1e-9);
      expect(r.energyPerParticle).to.be.greaterThan(0); // purely repulsive pair law
      expect(r.events.map((e) => e.direction)).to.deep.equal([...DIRECTIONS]);
      for (const e of r.events) {
        expect(e.particle).to.be.within(0, 63);
        expect(e.gammaC).to.be.greaterThan(0);
        expect(e.gammaHi - e.gammaLo).to.be.within(0, 1.0001e-8);
        expect(e.energyDrop).to.be.greaterThan(0);
        expect(e.x).to.equal(r.config.positions[2 * e.particle]);
      }
      expect(Object.keys(r.timings).sort()).to.deep.equal(['events', 'lhc', 'prepare', 'total', 'validate']);
      expect(r.validation?.modes.simple.err.length).to.be.greaterThan(100);
      expect(r.validation?.modes.pure.median).to.be.lessThan(1);
      expect(r.engines.events).to.contain('lib/aqs');
      expect(r.softwareVersion).to.match(/^\d+\.\d+\.\d+/);
    }
    // Aggregates.
    const csv = readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n');
    expect(csv).to.have.length(1 + 3 * 4);
    expect(csv[0]).to.equal('sample_id,n,seed,direction,gamma_c,gamma_lo,gamma_hi,particle,x,y,energy_drop,stress_drop,max_displacement,lambda_abs_c,lambda_p_plus,lambda_p_minus,model,dim,z,sum_c,sum_rule_error,glass');
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(s.samples.finished).to.equal(3);
    expect(s.sumRule.samples).to.equal(3);
    expect(s.sumRule.maxRelativeError).to.be.lessThan(1e-9);
    expect(s.parameters[0]).to.include({ model: 'ipl', dim: 2, n: 64 });
    expect(s.tails.dcdg.simple.theory).to.equal(13 / 8);
    expect(s.validation.simple.count).to.be.greaterThan(300);
    // N = 64 (side 8.6) at ξ = 5: 2 bins a side, too few for λ (the next test ranks at ξ = 2):
    // NaN in every λ column, no C(λ), and a warning that says so and which ξ would do.
    const col = (name: string) => csv[0].split(',').indexOf(name);
    expect(s.predictability.bins).to.deep.equal([2, 2]);
    for (const d of DIRECTIONS) expect(s.predictability.directions[d].pPlus).to.equal(null);
    for (const row of csv.slice(1)) for (const name of ['lambda_abs_c', 'lambda_p_plus', 'lambda_p_minus']) expect(row.split(',')[col(name)]).to.equal('NaN');
    expect(s.warnings[0]).to.match(/^the ξ = 5 grid \(2 × 2 bins\) of every glass has fewer than 4 bins along a cell vector: .* \(softspot figures DIR --xi 2\.4\)$/);
    expect(s.throughput.meanStageSeconds).to.have.keys('prepare', 'lhc', 'events', 'validate', 'total');
    expect(readdirSync(join(dir, 'figures')).filter((f) => f.endsWith('.svg')).length).to.be.at.least(6);
    expect(readdirSync(join(dir, 'figures'))).to.include('figS1-err-cdf.svg');
    expect(existsSync(join(dir, 'report.html'))).to.equal(true);
    // Rerun: nothing recomputed.
    const again = await runEnsemble({ samples: 3, seed0: 1, ...TINY, out: dir, workers: 2, validate: true, aggregate: false });
    expect(again.alreadyDone).to.equal(3);
    expect(again.done).to.equal(0);
    const log = await readLog(dir);
    expect([...doneCounts(log).values()]).to.deep.equal([1, 1, 1]);
    expect(log.filter((l) => l.event === 'start')).to.have.length(3);
    console.log(`      (pool run of 3 samples + aggregation: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  });

  it('a sample a run planned that has neither a file nor a failure record (failed on the job queue) is a summary warning, not "0 failed"', async function () {
    this.timeout(60_000);
    const copy = join(dir, '..', `${basename(dir)}-unaccounted`);
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${sep}again`) });
    try {
      const planned = (JSON.parse(readFileSync(join(copy, 'ensemble.json'), 'utf8')) as { ids: string[] }).ids;
      const intact = await aggregate(copy, { outDir: join(copy, 'agg0'), viewerSamples: 1, figures: false });
      expect(intact.summary.warnings.filter((w) => w.includes('planned'))).to.deep.equal([]);
      rmSync(samplePath(copy, planned[1]!));
      const r = await aggregate(copy, { outDir: join(copy, 'agg1'), viewerSamples: 1, figures: false });
      expect(r.summary.samples.finished).to.equal(planned.length - 1);
      expect(r.summary.warnings.filter((w) => w.includes('planned'))).to.deep.equal([
        `1 of the ${planned.length} samples the runs into this directory planned (ensemble.json: ${planned[1]}) have neither a result nor a failure record: ` +
        'still being computed, stopped before they finished, or failed on a job queue (softspot run printed why); rerun the command that planned them to compute them']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('aggregation: a report.html that is a symbolic link stays one (its target gets the report), a figures/ linked elsewhere is filled, no staging directory is left', async function () {
    this.timeout(60_000);
    const copy = join(dir, '..', `${basename(dir)}-links`);
    const elsewhere = join(dir, '..', `${basename(dir)}-elsewhere`);
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${sep}again`) });
    mkdirSync(join(elsewhere, 'figures'), { recursive: true });
    try {
      rmSync(join(copy, 'report.html'));
      writeFileSync(join(elsewhere, 'report.html'), 'old');
      symlinkSync(join(elsewhere, 'report.html'), join(copy, 'report.html'));
      rmSync(join(copy, 'figures'), { recursive: true });
      symlinkSync(join(elsewhere, 'figures'), join(copy, 'figures'));
      await aggregate(copy, { viewerSamples: 1 });
      expect(lstatSync(join(copy, 'report.html')).isSymbolicLink()).to.equal(true);
      expect(readFileSync(join(elsewhere, 'report.html'), 'utf8')).to.match(/^<!doctype html>/i);
      expect(lstatSync(join(copy, 'figures')).isSymbolicLink()).to.equal(true);
      expect(readdirSync(join(elsewhere, 'figures')).filter((f) => f.endsWith('.svg')).length).to.be.at.least(6);
      expect(readdirSync(copy).filter((f) => f.startsWith('.aggregate.'))).to.deep.equal([]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('ensemble.json keeps the ids of every run into the directory: after a shard 0/3 run, a missing sample of another shard is still warned of', async function () {
    this.timeout(60_000);
    const copy = join(dir, '..', `${basename(dir)}-shards`);
    cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes(`${sep}again`) });
    try {
      const before = (JSON.parse(readFileSync(join(copy, 'ensemble.json'), 'utf8')) as { ids: string[] }).ids;
      expect(before).to.have.length(3);
      // Shard 0 of the same ensemble: its sample is done, nothing is computed; the manifest still lists all three.
      const shard0 = await runEnsemble({ samples: 3, seed0: 1, ...TINY, out: copy, workers: 1, validate: true, aggregate: false, shard: parseShard('0/3') });
      expect(shard0.alreadyDone).to.equal(1);
      const after = (JSON.parse(readFileSync(join(copy, 'ensemble.json'), 'utf8')) as { ids: string[]; shard: unknown }).ids;
      expect(after).to.deep.equal(before);
      const otherShard = before.find((id) => !selectShard(before, parseShard('0/3')).includes(id))!;
      rmSync(samplePath(copy, otherShard));
      const r = await aggregate(copy, { outDir: join(copy, 'agg'), viewerSamples: 1, figures: false });
      expect(r.summary.warnings.filter((w) => w.includes('planned')).join('\n')).to.contain(`1 of the 3 samples the runs into this directory planned (ensemble.json: ${otherShard})`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('aggregation, one sample at a time, gives what the samples give all in memory', async function () {
    this.timeout(60_000);
    // The independent route: every sample read at once, each field binned on its own
    // (stats.rankEvents, not the shared binning of glassRanks), the tails fitted here.
    const specs = ensembleSpecs({ samples: 3, seed0: 1, ...TINY, validate: true });
    const samples = await Promise.all(specs.map((spec) => readSampleHdf5(samplePath(dir, sampleId(spec)))));
    const out = join(dir, 'again');
    // ξ = 2: the N = 64 glasses (side 8.6) have 4 bins a side, enough for λ.
    const r = await aggregate(dir, { outDir: out, viewerSamples: 1, xi: 2 });
    const csv = readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => csv[0].indexOf(name);
    expect(csv.slice(1).map((f) => f[col('seed')])).to.deep.equal(['1', '1', '1', '1', '2', '2', '2', '2', '3', '3', '3', '3']);
    for (const row of csv.slice(1)) {
      const sample = samples.find((x) => x.id === row[col('sample_id')])!;
      const dir1 = row[col('direction')] as (typeof DIRECTIONS)[number];
      const { mode, sign } = directionOf(dir1)!;
      const e = sample.events.find((x) => x.direction === dir1)!;
      const f = predictorFields(sample.c, sample.dcdg[mode as 'simple' | 'pure'].map((x) => sign * x));
      const mid = interactionMidpoints(sample.config.cell, sample.config.positions, sample.i, sample.j);
      const at = Float64Array.from([e.x, e.y]);
      for (const [name, field] of [['lambda_abs_c', f.absC], ['lambda_p_plus', f.pPlus], ['lambda_p_minus', f.pMinus]] as const) {
        expect(Number(row[col(name)]), `${row[0]} ${dir1} ${name}`).to.equal(rankEvents(sample.config.cell, mid, field, at, 2)[0]);
      }
    }
    // The summary's C(λ) (predictabilityData) agrees with the λ columns of events.csv.
    expect(r.summary.predictability.bins).to.deep.equal([4, 4]);
    expect(r.summary.warnings.filter((w) => w.includes('bins'))).to.deep.equal([]);
    for (const d of DIRECTIONS) {
      const lambdas = csv.slice(1).filter((f) => f[col('direction')] === d).map((f) => Number(f[col('lambda_p_plus')]));
      expect(r.summary.predictability.directions[d].pPlus!.meanLambda).to.be.closeTo(lambdas.reduce((a, b) => a + b, 0) / lambdas.length, 1e-12);
      expect(r.summary.predictability.directions[d].pPlus!.c01).to.equal(lambdas.filter((x) => x <= 0.1).length / lambdas.length);
    }
    // Cross-mode ranks (Fig. S3's extra curves): P⁺ of each direction at the other mode's events.
    expect(Object.keys(r.summary.predictability.cross['pure+']).sort()).to.deep.equal(['simple+', 'simple-']);
    expect(Object.keys(r.summary.predictability.cross['simple-']).sort()).to.deep.equal(['pure+', 'pure-']);
    expect(r.summary.predictability.cross['pure+']['simple+']!.n).to.equal(3);
    const pooled = (get: (x: (typeof samples)[number]) => Float64Array) => {
      const parts = samples.map(get);
      const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((o, p) => (all.set(p, o), o + p.length), 0);
      return all;
    };
    const c = pooled((x) => x.c), d = pooled((x) => x.dcdg.simple);
    for (const [fit, values] of [[r.summary.tails.c, c], [r.summary.tails.dcdg.simple, d.map(Math.abs)], [r.summary.tails.cdcdg.simple, d.map((x, a) => Math.abs(x * c[a]))]] as const) {
      const want = fitPowerLaw(values, { bootstrap: 0 });
      expect(fit!.alpha).to.equal(want.alpha);
      expect(fit!.xmin).to.equal(want.xmin);
      expect(fit!.ntail).to.equal(want.ntail);
      // The interval over values stays, as ciValues (100 resamples, x_min fixed, seed 1).
      expect(fit!.ciValues).to.deep.equal(fitPowerLaw(values, { bootstrap: 100, bootstrapFixXmin: true, seed: 1 }).ci);
    }
    // `ci` is the interval over glasses, at the pooled fit's x_min, of each glass's own values (c: its positive ones).
    const own = {
      c: samples.map((x) => x.c.map((v) => (v > 0 ? v : 0))),
      d: samples.map((x) => x.dcdg.simple.map(Math.abs)),
      cd: samples.map((x) => x.dcdg.simple.map((v, a) => Math.abs(v * x.c[a]))),
    };
    for (const [fit, perGlass] of [[r.summary.tails.c, own.c], [r.summary.tails.dcdg.simple, own.d], [r.summary.tails.cdcdg.simple, own.cd]] as const) {
      const want = fitTailOverGlasses([...perGlass], { xmin: fit!.xmin, bootstrap: 1000, seed: 1 });
      expect([fit!.ci, fit!.glasses, fit!.glassesInTail]).to.deep.equal([want.ci, samples.length, want.glassesInTail]);
      expect(want.alpha).to.be.closeTo(fit!.alpha, 1e-12 * fit!.alpha);
    }
    // Fig. 2 shows the summary's fits, intervals included (one fit serves both).
    const fig2 = readFileSync(join(out, 'figures', 'fig2-pdfs.svg'), 'utf8');
    for (const fit of [r.summary.tails.dcdg.simple!, r.summary.tails.cdcdg.pure!]) {
      expect(fig2).to.contain(Number.isNaN(fit.ci[0]) ? `fit α = ${fit.alpha.toFixed(2)}, no CI (tail in too few glasses)`
        : `fit α = ${fit.alpha.toFixed(2)}, 95% CI over glasses [${fit.ci[0].toFixed(2)}, ${fit.ci[1].toFixed(2)}]`);
    }
    // The report's viewer shows the first sample of the table (seed 1) and only it.
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).to.include(sampleId(specs[0]));
    expect(report).not.to.include(sampleId(specs[1]));
    // Figs. 1 and 3 are of that glass, and their captions say so.
    for (const fig of ['fig1-lhc-map', 'fig3-bond-maps']) expect(report).to.include(`<figcaption>${fig}: the bond fields of sample ${sampleId(specs[0])}, the first of the table</figcaption>`);
  });

  it('writes normal HDF5 files that the HDF5 tools list (h5ls, h5dump)', function () {
    requireProgram(this, 'h5ls', 'hdf5-tools');
    requireProgram(this, 'h5dump', 'hdf5-tools');
    const specs = ensembleSpecs({ samples: 3, seed0: 1, ...TINY, validate: true });
    const file = samplePath(dir, sampleId(specs[0]));
    const listing = execFileSync('h5ls', ['-r', file], { encoding: 'utf8' });
    for (const path of ['/configuration/cell', '/configuration/positions', '/configuration/species', '/interactions/i', '/interactions/j',
      '/lhc/c', '/lhc/dcdg_simple', '/lhc/dcdg_pure', '/events/gamma_c', '/events/particle', '/events/direction', '/validation/simple/err']) {
      expect(listing).to.match(new RegExp(`^${path.replace(/\//g, '\\/')}\\s+Dataset`, 'm'));
    }
    expect(listing).to.match(/^\/configuration\/positions\s+Dataset \{64, 2\}/m);
    const attrs = execFileSync('h5dump', ['-A', file], { encoding: 'utf8' });
    for (const a of ['format', 'format_version', 'sample_id', 'software_version', 'spec', 'n', 'seed', 'prepare_anneal', 'events_precision', 'prepare_ms', 'events_ms', 'sum_c']) {
      expect(attrs).to.contain(`ATTRIBUTE "${a}"`);
    }
    expect(attrs).to.contain('"softspot-sample"');
  });

  it('reads back in Python: the h5py snippet of docs/ensemble.md runs, and h5py sees the numbers the TypeScript reader sees', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const specs = ensembleSpecs({ samples: 3, seed0: 1, ...TINY, validate: true });
    const file = samplePath(dir, sampleId(specs[0]));
    expect(runDocumentedSnippet(python, file)).to.contain("'format': 'softspot-sample'");
    const py = readInPython(python, file);
    const ts = await readSampleHdf5(file);
    expect(py.dtypes).to.deep.equal(['float64', 'int32', 'float64', 'int32']);
    expect([py.shape, py.dim, py.z]).to.deep.equal([[64, 2], 2, null]);
    expect(py.positions.flat()).to.deep.equal(Array.from(ts.config.positions));
    expect(py.cell.flat()).to.deep.equal(Array.from(ts.config.cell));
    expect(py.species).to.deep.equal(Array.from(ts.config.species));
    expect(py.i).to.deep.equal(Array.from(ts.i));
    expect(py.j).to.deep.equal(Array.from(ts.j));
    expect(py.i.every((a, k) => a < py.j[k])).to.equal(true);
    expect(py.c).to.deep.equal(Array.from(ts.c));
    expect(Object.keys(py.dcdg).sort()).to.deep.equal(['pure', 'simple']);
    expect(py.dcdg.simple).to.deep.equal(Array.from(ts.dcdg.simple));
    expect(py.dcdg.pure).to.deep.equal(Array.from(ts.dcdg.pure));
    expect(py.sumCAttr).to.equal(ts.sumC);
    // The sum rule Σc = d(N − 1) in numpy's own summation.
    expect(Math.abs(py.sumCNumpy - 2 * 63)).to.be.below(1e-9);
    expect(py.direction).to.deep.equal(ts.events.map((e) => e.direction));
    expect(py.gammaC).to.deep.equal(ts.events.map((e) => e.gammaC));
    expect(py.particle).to.deep.equal(ts.events.map((e) => e.particle));
    expect([py.format, py.n, py.seed, py.sampleId]).to.deep.equal(['softspot-sample', 64, 1, sampleId(specs[0])]);
    expect(py.energyPerParticle).to.equal(ts.energyPerParticle);
  });

  it('records a failed sample with its stage and error and goes on', async () => {
    // N = 10 is too small to prepare: ensembleSpecs refuses it up front, so the spec is made
    // by hand, as a queue job or an older ensemble.json could carry it.
    const bad = { ...ensembleSpecs({ samples: 1, n: 100, seed0: 1, prepare: { tEquilibrate: 0.1, anneal: 0.1 } })[0]!, n: 10 };
    const outcome = await runTask({ spec: bad, root: dir });
    expect(outcome.status).to.equal('failed');
    expect(outcome.stage).to.equal('prepare');
    const failure = JSON.parse(readFileSync(join(dir, 'failed', `${sampleId(bad)}.json`), 'utf8'));
    expect(failure.stage).to.equal('prepare');
    expect(failure.message).to.match(/^prepare: /);
    expect(failure.spec).to.deep.equal(bad);
    expect(existsSync(samplePath(dir, sampleId(bad)))).to.equal(false);
  });

  it('opens report.html in headless Chromium without console errors, and its viewer draws the bonds', async function () {
    const chromiumPath = requireProgram(this, 'chromium', 'chromium');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
      await page.goto(`file://${join(dir, 'report.html')}`, { waitUntil: 'load' });
      await page.waitForFunction(() => Number(document.getElementById('viewer')?.dataset.drawn) > 0, undefined, { timeout: 10_000 });
      const drawn = Number(await page.getAttribute('#viewer', 'data-drawn'));
      expect(drawn).to.be.greaterThan(10);
      const inked = async (): Promise<number> => page.evaluate(() => {
        const c = document.getElementById('viewer') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let inked = 0; // pixels of bonds (black or red), not background, outline or event marks
        for (let k = 0; k < d.length; k += 4) if ((d[k] < 80 && d[k + 1] < 80 && d[k + 2] < 80) || (d[k] > 200 && d[k + 1] < 60 && d[k + 2] < 60)) inked++;
        return inked;
      });
      expect(await inked()).to.be.greaterThan(500);
      // Another field and another sample redraw; zoom changes the picture.
      await page.selectOption('#viewer-field', 'c');
      const drawnC = Number(await page.getAttribute('#viewer', 'data-drawn'));
      expect(drawnC).to.be.greaterThan(10);
      await page.selectOption('#viewer-sample', '2');
      expect(Number(await page.getAttribute('#viewer', 'data-drawn'))).to.be.greaterThan(10);
      const before = await inked();
      await page.click('#viewer-in');
      expect(await inked()).to.not.equal(before);
      expect(await page.locator('figure img').count()).to.be.at.least(6);
      expect(await page.locator('table').count()).to.be.at.least(5);
      expect(errors).to.deep.equal([]);
      expect(requests).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});

describe('ensemble: interrupted run', function () {
  this.timeout(120_000);
  let dir = '';
  scratchDir('softspot-kill-', (d) => { dir = d; });

  it('survives SIGKILL mid-run: the rerun completes, no file is corrupt, nothing is computed twice', async () => {
    const args = ['--samples', '4', '--seed0', '1', ...TINY_ARGS, '--out', dir, '--workers', '1', '--no-aggregate', '--quiet', '--sample-timeout', '30'];
    const first = spawnCommand('run', args);
    let stderr = '';
    first.stderr!.on('data', (d) => { stderr += String(d); });
    // Kill once two samples are finished and a third has started.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const log = await readLog(dir);
      if (log.filter((l) => l.event === 'done').length >= 2 && log.filter((l) => l.event === 'start').length >= 3) break;
      if (first.exitCode !== null) throw new Error(`the run ended before it could be killed: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no progress: ${stderr}`);
      await sleep(50);
    }
    first.kill('SIGKILL');
    expect((await exited(first)).signal).to.equal('SIGKILL');
    const finishedBefore = readdirSync(join(dir, 'samples')).filter((f) => f.endsWith('.h5') && !f.startsWith('.'));
    expect(finishedBefore.length).to.be.within(2, 3);
    // A partial file as a killed writer leaves it (dead pid): it must be discarded.
    const stale = join(dir, 'samples', `.n64-s4-0000000000.h5.${hostname().replace(/\./g, '_')}.999999.abcd.part`);
    writeFileSync(stale, 'partial');

    const second = spawnCommand('run', args);
    let out2 = '';
    second.stderr!.on('data', (d) => { out2 += String(d); });
    expect((await exited(second)).code, out2).to.equal(0);
    expect(out2).to.contain(`${finishedBefore.length} already done`);
    expect(existsSync(stale)).to.equal(false);
    const files = readdirSync(join(dir, 'samples'));
    expect(files.filter((f) => f.startsWith('.'))).to.deep.equal([]);
    expect(files.filter((f) => f.endsWith('.h5'))).to.have.length(4);
    for (const f of files) {
      const r = await readSampleHdf5(join(dir, 'samples', f));
      expect(r.c).to.have.length(r.i.length);
      expect(r.events).to.have.length(4);
    }
    const log = await readLog(dir);
    const done = doneCounts(log);
    expect(done.size).to.equal(4);
    expect([...done.values()].every((c) => c === 1), JSON.stringify([...done])).to.equal(true);
    // Only the sample that was running at the kill was started twice.
    expect(log.filter((l) => l.event === 'start').length).to.be.within(4, 5);
  });
});
