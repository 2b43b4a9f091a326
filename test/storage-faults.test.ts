/**
 * Storage faults of an ensemble, as a user meets them (issue 15): a full disk (a real
 * tmpfs of a few KB, mounted in a private mount namespace: test/helpers/small-disk.ts),
 * sample files left empty or truncated by it, and files that do not match the layout.
 * Tiny glasses (N = 64, short MD): a sample takes about a second.
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { ensembleSpecs, sampleId } from '../lib/ensemble/identity.js';
import { checkSampleHdf5, hdf5Ready, InvalidSampleError, readSampleHdf5, writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { runEnsemble } from '../lib/ensemble/run.js';
import { resultsDirectoryRemedy } from '../lib/io/write-error.js';
import { readLog, samplePath } from '../lib/ensemble/store.js';
import type { SampleResult } from '../lib/ensemble/types.js';
import { requireSmallDisk, type SmallDisk } from './helpers/small-disk.js';
import { syntheticSample } from './helpers/synthetic-sample.js';
import { createRng } from '../lib/random.js';
import { ensureStore } from '../lib/ensemble/store.js';
import { CLI_ENV, cliArgv, collect, exitedWithin, ROOT, spawnCli } from './helpers/spawn-cli.js';

const TINY = { n: 64, prepare: { tEquilibrate: 1, anneal: 2 } };
const TINY_ARGS = ['--n', '64', '--t-equilibrate', '1', '--anneal', '2'];
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sampleFiles = (dir: string): string[] => readdirSync(join(dir, 'samples')).filter((f) => f.endsWith('.h5') && !f.startsWith('.')).sort();

describe('storage faults: a full disk (a real 64 KB tmpfs)', function () {
  this.timeout(150_000);
  let disk: SmallDisk;
  let dir: string;
  const mounts: string[] = [];
  before(function () {
    disk = requireSmallDisk(this);
    process.stdout.write(`      (tmpfs mounted by: ${disk.mode === 'userns' ? 'unshare -rm' : disk.mode === 'mountns' ? 'unshare -m' : 'mount, as root'})\n`);
    dir = mkdtempSync(join(tmpdir(), 'softspot-full-'));
  });
  after(() => {
    for (const m of mounts) disk?.release(m);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  /** Runs `softspot ...args` with `<dir>/<name>` a tmpfs of `size`; returns what it printed and the tmpfs's contents' copy. */
  async function onSmallDisk(name: string, size: string, args: (mnt: string) => string[]): Promise<{ code: number | null; hung: boolean; stderr: string; mnt: string; left: string }> {
    const mnt = join(dir, name), left = join(dir, `${name}-left`);
    mkdirSync(mnt);
    mkdirSync(left);
    mounts.push(mnt);
    const child = collect(disk.spawn(mnt, size, left, cliArgv(args(mnt)), { cwd: ROOT, env: CLI_ENV }));
    const r = await exitedWithin(child, 120_000);
    return { code: r.code, hung: r.hung, stderr: child.err(), mnt, left };
  }

  it('`softspot run` stops at the first sample it cannot write: one message naming the file, exit 1; the finished samples are intact and a rerun on a roomy disk completes the rest', async () => {
    const runArgs = ['--samples', '4', '--seed0', '1', ...TINY_ARGS, '--workers', '1', '--sample-timeout', '60', '--quiet', '--no-aggregate'];
    const r = await onSmallDisk('run', '64k', (mnt) => ['run', ...runArgs, '--out', join(mnt, 'a')]);
    const out = join(r.mnt, 'a');
    expect(r.hung, r.stderr).to.equal(false);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.not.contain('HDF5-DIAG');
    expect(r.stderr).to.not.contain('name not defined');
    // The start line, then one message.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).to.have.length(2);
    const m = new RegExp(`^softspot run: ${escape(out)}/samples/(n64-s\\d-[0-9a-f]{10})\\.h5: no space left on device; ` +
      `the run stopped; the (\\d) finished samples? in ${escape(out)}/samples (is|are) intact\\. Free some space \\(or choose another --out\\) and rerun the same command to compute the rest\\.$`).exec(lines[1]);
    expect(m, lines[1]).to.not.equal(null);
    const stuck = m![1], finished = Number(m![2]);

    // What the run left on the disk: only complete samples (no empty file, no temporary file), no failure record.
    const left = join(r.left, 'a');
    const files = readdirSync(join(left, 'samples'));
    expect(files.filter((f) => f.startsWith('.')), 'temporary files').to.deep.equal([]);
    expect(files).to.have.length(finished);
    expect(finished).to.be.within(1, 3);
    expect(files).to.not.include(`${stuck}.h5`);
    for (const f of files) expect((await readSampleHdf5(join(left, 'samples', f))).events).to.have.length(4);
    expect(readdirSync(join(left, 'failed'))).to.deep.equal([]);

    // The same command on a roomy disk finishes the run without recomputing anything.
    const rerun = spawnCli(['run', ...runArgs, '--out', left]);
    const r2 = await exitedWithin(rerun, 120_000);
    expect(r2.code, rerun.err()).to.equal(0);
    expect(rerun.err()).to.contain(`softspot run: ${4 - finished} computed, ${finished} already done, 0 failed`);
    const all = sampleFiles(left);
    expect(all).to.have.length(4);
    for (const f of all) expect((await readSampleHdf5(join(left, 'samples', f))).events).to.have.length(4);
    const done = (await readLog(left)).filter((l) => l.event === 'done').map((l) => String(l.id)).sort();
    expect(done).to.deep.equal(all.map((f) => f.slice(0, -3)));
  });

  it('`softspot run` into a read-only file system says so (not "no such file or directory", which Node\'s recursive mkdir reports), exit 1', async () => {
    const mnt = join(dir, 'ro'), left = join(dir, 'ro-left');
    mkdirSync(mnt);
    mkdirSync(left);
    mounts.push(mnt);
    const out = join(mnt, 'a');
    const argv = ['sh', '-c', 'mount -o remount,ro "$0" && exec "$@"', mnt, ...cliArgv(['run', '--samples', '1', '--seed0', '1', ...TINY_ARGS, '--out', out, '--quiet'])];
    const child = collect(disk.spawn(mnt, '64k', left, argv, { cwd: ROOT, env: CLI_ENV }));
    const r = await exitedWithin(child, 120_000);
    expect(r.hung, child.err()).to.equal(false);
    expect(r.code, child.err()).to.equal(1);
    expect(child.err()).to.contain(`softspot run: ${out}: read-only file system; nothing was written there: write to a directory you can write to`);
  });

  it('an output on a read-only file system is refused before the work, exit 2, and the command\'s other outputs are not written (lhc wrote its CSV, aqs ran its whole search first)', async () => {
    const mnt = join(dir, 'ro-out'), left = join(dir, 'ro-out-left'), writable = join(dir, 'rw-out');
    mkdirSync(mnt);
    mkdirSync(left);
    mkdirSync(writable);
    mounts.push(mnt);
    const glass = join(ROOT, 'test', 'fixtures', 'n64_s1.xyz');
    for (const [option, args] of [
      ['particles', ['lhc', glass, '--out', join(writable, 'o.csv'), '--particles', join(mnt, 'p.xyz')]],
      ['out-before', ['aqs', glass, '--mode', 'simple', '--sign', '+', '--quiet', '--out-after', join(writable, 'after.xyz'), '--out-before', join(mnt, 'before.xyz')]],
    ] as const) {
      const argv = ['sh', '-c', 'mount -o remount,ro "$0" && exec "$@"', mnt, ...cliArgv([...args])];
      const child = collect(disk.spawn(mnt, '64k', left, argv, { cwd: ROOT, env: CLI_ENV }));
      const r = await exitedWithin(child, 120_000);
      expect(r.hung, child.err()).to.equal(false);
      expect(r.code, child.err()).to.equal(2);
      expect(child.err()).to.contain(`--${option}: ${mnt} cannot be written in (a read-only file system), so ${mnt}/`);
      expect(child.err()).to.contain('choose another place (nothing was computed)');
      expect(readdirSync(writable), option).to.deep.equal([]);
    }
  });

  it('`softspot figures --out` on a full disk names the output file, not its staging directory, exit 1, nothing left behind', async () => {
    const results = join(dir, 'fig-results');
    ensureStore(results);
    const rng = createRng(3);
    for (let g = 0; g < 2; g++) { const x = syntheticSample(rng, 20, 60 + g); await writeSampleHdf5(samplePath(results, x.id), x); }
    const r = await onSmallDisk('fig', '16k', (mnt) => ['figures', results, '--out', mnt, '--xi', '3', '--quiet']);
    expect(r.hung, r.stderr).to.equal(false);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(new RegExp(`^softspot figures: ${escape(r.mnt)}/\\S+: no space left on device`));
    expect(r.stderr).not.to.contain('.aggregate.');
    expect(readdirSync(r.left)).to.deep.equal([]);
  });

  it('`softspot predictors --out` on a read-only file system is refused before the ranking, with what to do (it said only "permission denied" after the work)', async () => {
    const results = join(dir, 'pred-results');
    ensureStore(results);
    const rng = createRng(4);
    const x = syntheticSample(rng, 20, 80);
    await writeSampleHdf5(samplePath(results, x.id), x);
    const mnt = join(dir, 'pred-ro'), left = join(dir, 'pred-ro-left');
    mkdirSync(mnt);
    mkdirSync(left);
    mounts.push(mnt);
    const argv = ['sh', '-c', 'mount -o remount,ro "$0" && exec "$@"', mnt, ...cliArgv(['predictors', results, '--out', join(mnt, 'p'), '--quiet'])];
    const child = collect(disk.spawn(mnt, '64k', left, argv, { cwd: ROOT, env: CLI_ENV }));
    const r = await exitedWithin(child, 120_000);
    expect(r.code, child.err()).to.equal(2);
    expect(child.err()).to.contain(`softspot predictors: --out: ${join(mnt, 'p')} cannot be made in ${mnt} (a read-only file system); give --out a directory you can write to (nothing was computed)`);
  });

  it('`softspot prepare` on a full disk: the message names the file, exit 1, nothing left behind', async () => {
    const r = await onSmallDisk('prepare', '16k', (mnt) => ['prepare', '--n', '400', '--seed', '1', '--liquid-time', '0.1', '--anneal-time', '0.1', '--quiet', '--out', join(mnt, 'glass.xyz')]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.equal(`softspot prepare: ${join(r.mnt, 'glass.xyz')}: no space left on device; nothing was written there: free some space or write elsewhere\n`);
    expect(readdirSync(r.left)).to.deep.equal([]);
  });
});

describe('storage faults: sample files that are not complete', function () {
  this.timeout(150_000);
  let dir: string;
  let ids: string[];
  const args = (out: string): string[] => ['--samples', '3', '--seed0', '5', ...TINY_ARGS, '--workers', '1', '--sample-timeout', '60', '--out', out];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'softspot-invalid-'));
    const summary = await runEnsemble({ samples: 3, seed0: 5, ...TINY, out: dir, workers: 1, sampleTimeout: 60, aggregate: false });
    expect(summary.done).to.equal(3);
    ids = ensembleSpecs({ samples: 3, seed0: 5, ...TINY }).map(sampleId);
    // As a full disk left them with softspot 0.1.0: an empty file, and one cut in the middle.
    writeFileSync(samplePath(dir, ids[0]), '');
    truncateSync(samplePath(dir, ids[1]), Math.floor(statSync(samplePath(dir, ids[1])).size / 2));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('`softspot figures` names an empty and a truncated sample file, leaves them out, and exits 1 instead of crashing', async () => {
    const report = join(dir, 'report');
    const child = spawnCli(['figures', dir, '--out', report]);
    const r = await exitedWithin(child, 120_000);
    const stderr = child.err();
    expect(r.code, stderr).to.equal(1);
    expect(stderr).to.not.contain('name not defined');
    expect(stderr).to.contain(`figures: warning: ${samplePath(dir, ids[0])} is not a valid sample file (empty file (0 bytes)); left out\n`);
    expect(stderr).to.match(new RegExp(`figures: warning: ${escape(samplePath(dir, ids[1]))} is not a valid sample file \\(truncated file: eof = \\d+, .*\\); left out\n`));
    expect(stderr).to.contain('figures: 1 samples (0 failed, 2 invalid file(s) left out: rerun `softspot run` with the same options to recompute them)');
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8'));
    expect(summary.samples.finished).to.equal(1);
    expect(summary.samples.invalid.map((f: { id: string }) => f.id)).to.deep.equal([ids[0], ids[1]]);
    expect(summary.samples.invalid[0].reason).to.equal('empty file (0 bytes)');
  });

  it('`softspot run` moves them to invalid/ with a warning naming each, computes them again, and keeps the intact sample', async () => {
    const sizes = ids.slice(0, 2).map((id) => statSync(samplePath(dir, id)).size);
    const child = spawnCli(['run', ...args(dir), '--no-aggregate']);
    const r = await exitedWithin(child, 120_000);
    const stderr = child.err();
    expect(r.code, stderr).to.equal(0);
    const invalidDir = join(dir, 'invalid');
    const moved = readdirSync(invalidDir).sort();
    expect(moved).to.have.length(2);
    for (const [k, id] of ids.slice(0, 2).entries()) {
      expect(moved[k]).to.match(new RegExp(`^${id}\\.\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.h5$`));
      // Nothing is deleted: the files are there as they were.
      expect(statSync(join(invalidDir, moved[k])).size).to.equal(sizes[k]);
      expect(stderr).to.contain(`softspot run: warning: ${samplePath(dir, id)} is not a valid sample file (${k === 0 ? 'empty file (0 bytes)' : 'truncated file: eof = '}`);
      expect(stderr).to.contain(`moved it to ${join(invalidDir, moved[k])} and computing the sample again\n`);
    }
    expect(stderr).to.contain('softspot run: 2 computed, 1 already done, 0 failed, 2 invalid file(s) set aside');
    for (const id of ids) expect((await readSampleHdf5(samplePath(dir, id))).id).to.equal(id);
    // The intact sample was not computed again.
    const starts = (await readLog(dir)).filter((l) => l.event === 'start').map((l) => String(l.id));
    expect(starts.filter((id) => id === ids[2])).to.have.length(1);
    expect(starts.filter((id) => id === ids[0])).to.have.length(2);
  });
});

describe('storage faults: the layout check of a sample file', function () {
  this.timeout(60_000);
  let dir: string;
  let good: SampleResult;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'softspot-layout-'));
    const [spec] = ensembleSpecs({ samples: 1, seed0: 9, ...TINY });
    const s = await runEnsemble({ samples: 1, seed0: 9, ...TINY, out: dir, workers: 1, aggregate: false });
    expect(s.done).to.equal(1);
    good = await readSampleHdf5(samplePath(dir, sampleId(spec)));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const variant = async (name: string, change: (r: SampleResult) => SampleResult): Promise<string> => {
    const path = join(dir, `${name}.h5`);
    await writeSampleHdf5(path, change(good));
    return path;
  };
  /**
   * A copy of sample file `src` as another program might write it: every group, dataset
   * and attribute, except that `edit(path, value)` may change a dataset's data (or drop
   * it: undefined). Our writer cannot make such files (every shape comes from one N, M).
   */
  const rewritten = async (name: string, src: string, edit: (path: string, value: Float64Array | Int32Array | Uint8Array | string[]) => typeof value | undefined): Promise<string> => {
    await hdf5Ready();
    const path = join(dir, `${name}.h5`);
    const from = new h5wasm.File(src, 'r'), to = new h5wasm.File(path, 'w');
    type Node = InstanceType<typeof h5wasm.Group>;
    const copyAttrs = (a: Node | InstanceType<typeof h5wasm.Dataset>, b: Node): void => {
      for (const [k, v] of Object.entries(a.attrs)) b.create_attribute(k, v.value as never, v.shape, v.dtype);
    };
    const copy = (a: Node, b: Node): void => {
      copyAttrs(a, b);
      for (const key of a.keys()) {
        const child = a.get(key);
        if (child instanceof h5wasm.Group) copy(child, b.create_group(key));
        else if (child instanceof h5wasm.Dataset) {
          const value = edit(child.path, child.value as never);
          if (value === undefined) continue;
          const shape = value.length === (child.shape ?? []).reduce((x, y) => x * y, 1) ? child.shape : [value.length];
          b.create_dataset({ name: key, data: value as never, shape, dtype: Array.isArray(value) ? undefined : child.dtype });
        }
      }
    };
    try { copy(from, to); } finally { from.close(); to.close(); }
    return path;
  };
  const rejects = async (f: () => Promise<unknown>, path: string, reason: string | RegExp): Promise<void> => {
    let error: unknown;
    try { await f(); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(InvalidSampleError);
    const e = error as InvalidSampleError;
    expect(e.path).to.equal(path);
    if (typeof reason === 'string') expect(e.reason).to.equal(reason);
    else expect(e.reason).to.match(reason);
    expect(e.message).to.equal(`${path} is not a valid sample file: ${e.reason}`);
  };

  it('accepts the sample as written and rejects, naming the file and what is wrong: another sample, a shape, N, a missing group, the format', async () => {
    const ok = samplePath(dir, good.id);
    await checkSampleHdf5(ok, good.id);
    await rejects(() => checkSampleHdf5(ok, 'n64-s1-0000000000'), ok, `it holds sample ${good.id}, expected n64-s1-0000000000`);
    const same = await rewritten('copy', ok, (_, v) => v);
    expect((await readSampleHdf5(same)).c).to.deep.equal(good.c);
    const m = good.c.length;
    const short = await rewritten('short-dcdg', ok, (p, v) => (p === '/lhc/dcdg_pure' ? v.slice(0, m - 1) : v));
    await rejects(() => checkSampleHdf5(short), short, `/lhc/dcdg_pure has shape [${m - 1}], expected [${m}] (N = 64, M = ${m})`);
    await rejects(() => readSampleHdf5(short), short, `/lhc/dcdg_pure has shape [${m - 1}], expected [${m}] (N = 64, M = ${m})`);
    const missing = await rewritten('no-species', ok, (p, v) => (p === '/configuration/species' ? undefined : v));
    await rejects(() => checkSampleHdf5(missing), missing, 'missing dataset /configuration/species');
    const wrongN = await variant('wrong-n', (r) => ({ ...r, spec: { ...r.spec, n: 65 } }));
    await rejects(() => checkSampleHdf5(wrongN), wrongN, 'attribute n = 64 but spec.n = 65');
    const noValidation = await variant('no-validation', (r) => ({ ...r, spec: { ...r.spec, validate: true }, validation: undefined }));
    await rejects(() => checkSampleHdf5(noValidation), noValidation, 'missing group /validation');
    const other = join(dir, 'other.h5');
    copyFileSync(ok, other);
    await hdf5Ready();
    const f = new h5wasm.File(other, 'a');
    f.delete_attribute('format');
    f.create_attribute('format', 'something-else');
    f.close();
    await rejects(() => readSampleHdf5(other), other, 'format is "something-else", expected "softspot-sample"');
    const notHdf5 = join(dir, 'text.h5');
    writeFileSync(notHdf5, 'this is not HDF5\n');
    await rejects(() => checkSampleHdf5(notHdf5), notHdf5, 'file signature not found');
  });
});

describe('storage faults: the advice for a results directory that refuses writes (run and worker alike)', () => {
  it('free space for a full disk only; a read-only directory, a file or a missing one is to be made writable (the worker said "free some space" for all)', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) expect(resultsDirectoryRemedy(code)).to.equal('Free some space (or choose another --out)');
    for (const code of ['EROFS', 'EACCES', 'EPERM']) expect(resultsDirectoryRemedy(code)).to.equal('Make the results directory writable (or choose another --out)');
    for (const code of ['ENOTDIR', 'ENOENT']) expect(resultsDirectoryRemedy(code)).to.match(/^Give the results directory back \(it is gone, or a file is where it was/);
  });
});
