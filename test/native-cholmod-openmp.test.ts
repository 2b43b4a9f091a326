/**
 * CHOLMOD's OpenMP (native/core/cholmod_openmp.h). The source build's CHOLMOD 3 starts a
 * team of a compiled-in size (num_threads(CHOLMOD_OMP_NUM_THREADS), which OMP_NUM_THREADS
 * does not change) for a few copy loops of every large supernode; the addon points that
 * library's OpenMP imports at a one-thread runtime. These tests check, independently of
 * the addon's own report:
 * - which OpenMP entry points the loaded libcholmod imports (readelf on the file in
 *   /proc/self/maps), and that the report covers them;
 * - in child processes, with OMP_NUM_THREADS=1 set as the library sets it: a factorization
 *   starts no thread (source build or prebuild), and, where a dynamic CHOLMOD with GCC's
 *   OpenMP is loaded, does start threads without the redirection
 *   (SOFTSPOT_CHOLMOD_OPENMP=library), so the probe can fail;
 * - the factor and a solve are the same bits either way.
 * The prebuild has no OpenMP runtime to redirect (its CHOLMOD is linked with a one-thread
 * runtime, native/prebuild/static_shim.c): its report says so.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { addon, addonPath, PACKAGE_ROOT } from '../lib/native.js';
import { requireProgram } from './helpers/system-program.js';

const LINUX_ELF = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');
const PREBUILT = relative(PACKAGE_ROOT, addonPath()).startsWith('prebuilds');

/** The libcholmod* files mapped into this process (a source build's dynamic CHOLMOD). */
function loadedCholmod(): string[] {
  const paths = readFileSync('/proc/self/maps', 'utf8').split('\n').map((line) => line.split(/\s+/)[5] ?? '');
  return [...new Set(paths.filter((p) => basename(p).startsWith('libcholmod')))];
}

interface ChildResult {
  report: { serial: boolean; objects: string[]; entries: number; note: string };
  threadsBefore: number;
  threadsAfter: number;
  nnzL: number;
  factor: string;
}

/**
 * A child Node process: a 2D periodic lattice of 3600 particles with 5 neighbours each
 * (7200 columns, supernodes far above CHOLMOD's 128-row parallel threshold), analysed with
 * METIS, factorized twice and solved; the process's thread count (/proc/self/task) before
 * the factor is made and after, and a hash of the solution.
 */
function runChild(env: Record<string, string>): ChildResult {
  const code = `
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(PACKAGE_ROOT)});
    const { readdirSync } = require('node:fs');
    const { createHash } = require('node:crypto');
    const threads = () => readdirSync('/proc/self/task').length;
    const side = 60, n = 2 * side * side;
    const columns = Array.from({ length: n }, () => new Set());
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) {
      const p = i * side + j;
      for (const [di, dj] of [[0, 0], [1, 0], [0, 1], [1, 1], [1, -1]]) {
        const q = ((i + di + side) % side) * side + ((j + dj + side) % side);
        for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
          const r = 2 * p + a, c = 2 * q + b;
          if (r >= c) columns[c].add(r); else columns[r].add(c);
        }
      }
    }
    const colPtr = new Int32Array(n + 1), rows = [];
    for (let c = 0; c < n; c++) { rows.push(...[...columns[c]].sort((x, y) => x - y)); colPtr[c + 1] = rows.length; }
    const rowIdx = Int32Array.from(rows), values = new Float64Array(rows.length);
    for (let c = 0; c < n; c++) for (let k = colPtr[c]; k < colPtr[c + 1]; k++) values[k] = rowIdx[k] === c ? 40 : -0.1 * Math.sin(k);
    const b = Float64Array.from({ length: n }, (_, k) => Math.cos(k));
    const threadsBefore = threads();
    const f = new addon.NativeSparseCholesky(n, colPtr, rowIdx, 'metis', 'supernodal');
    f.factorize(values);
    f.factorize(values);
    const x = f.solve(b, 1, new Float64Array(n));
    const threadsAfter = threads();
    process.stdout.write(JSON.stringify({ report: addon.cholmodOpenMp(), threadsBefore, threadsAfter, nnzL: f.info().nnzL,
      factor: createHash('sha256').update(Buffer.from(x.buffer)).digest('hex') }));
    f.dispose();`;
  const child = spawnSync(process.execPath, ['-e', code], {
    cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', ...env },
  });
  expect(child.status, `${child.stderr}`).to.equal(0);
  return JSON.parse(child.stdout) as ChildResult;
}

describe('native: CHOLMOD\'s OpenMP runs on the calling thread', function () {
  this.timeout(120_000);

  /** The GOMP_* and omp_* functions `file` imports (readelf, binutils). */
  function openMpImports(context: Mocha.Context, file: string): string[] {
    const readelf = requireProgram(context, 'readelf', 'binutils');
    const out = spawnSync(readelf, ['--dyn-syms', '-W', file], { encoding: 'utf8' });
    expect(out.status, out.stderr).to.equal(0);
    // Undefined dynamic symbols: "Num: Value Size Type Bind Vis UND Name@version".
    return [...new Set(out.stdout.split('\n').filter((l) => /\sUND\s/.test(l))
      .map((l) => l.trim().split(/\s+/)[7]?.split('@')[0] ?? '').filter((name) => /^(GOMP_|omp_)/.test(name)))].sort();
  }

  it('the report matches the CHOLMOD this process loaded', function () {
    const report = addon.cholmodOpenMp();
    if (PREBUILT) {
      expect(loadedCholmod()).to.deep.equal([]);
      expect(report).to.deep.equal({ serial: true, objects: [], entries: 0, note: 'prebuild: CHOLMOD linked with a one-thread OpenMP runtime' });
      return;
    }
    const [cholmod, ...others] = loadedCholmod();
    expect(others, 'one CHOLMOD').to.deep.equal([]);
    if (cholmod === undefined) {
      // A source build linked with a static CHOLMOD: nothing to redirect.
      expect(report.serial).to.equal(false);
      expect(report.note).to.match(/no libcholmod\* is loaded|not applied on this platform/);
      return;
    }
    const imports = openMpImports(this, cholmod);
    if (!LINUX_ELF) {
      expect(report).to.include({ serial: false, entries: 0 });
      return;
    }
    if (!imports.includes('GOMP_parallel')) {
      process.stdout.write(`      (the CHOLMOD loaded, ${cholmod}, imports no GOMP_parallel: ${imports.join(', ') || 'no OpenMP'})\n`);
      expect(report.serial).to.equal(false);
      expect(report.note).to.match(/imports no GOMP_parallel/);
      return;
    }
    const redirectable = imports.filter((name) => ['GOMP_parallel', 'omp_get_num_threads', 'omp_get_thread_num', 'omp_get_max_threads'].includes(name));
    expect(report.serial).to.equal(true);
    expect(report.note).to.equal('redirected');
    expect(report.objects.map((o) => realpathSync(o))).to.deep.equal([realpathSync(cholmod)]);
    // One GOT entry per import at least (a function can be both called and addressed).
    expect(report.entries).to.be.at.least(redirectable.length);
  });

  it('a factorization starts no thread (OMP_NUM_THREADS=1 set, as the library sets it)', function () {
    if (process.platform !== 'linux') {
      process.stdout.write(`      skipped: counts threads in /proc/self/task (Linux; this is ${process.platform})\n`);
      this.skip();
    }
    const r = runChild({});
    expect(r.report.serial).to.equal(true);
    expect(r.threadsAfter, 'threads started by two factorizations and a solve').to.equal(r.threadsBefore);
  });

  it('without the redirection (SOFTSPOT_CHOLMOD_OPENMP=library) the CHOLMOD loaded starts a team; the factor is the same bits', function () {
    const [cholmod] = PREBUILT ? [] : loadedCholmod();
    if (!LINUX_ELF || cholmod === undefined || !openMpImports(this, cholmod).includes('GOMP_parallel')) {
      process.stdout.write(`      skipped: no dynamic CHOLMOD with GCC's OpenMP is loaded (addon ${relative(PACKAGE_ROOT, addonPath())}, ${process.platform}-${process.arch})\n`);
      this.skip();
    }
    const serial = runChild({});
    const asBuilt = runChild({ SOFTSPOT_CHOLMOD_OPENMP: 'library' });
    expect(serial.report).to.include({ serial: true, note: 'redirected' });
    expect(asBuilt.report).to.deep.equal({ serial: false, objects: [], entries: 0, note: 'left as built (SOFTSPOT_CHOLMOD_OPENMP=library)' });
    expect(serial.threadsAfter).to.equal(serial.threadsBefore);
    expect(asBuilt.threadsAfter, 'threads started as built, OMP_NUM_THREADS=1 notwithstanding').to.be.greaterThan(asBuilt.threadsBefore);
    expect(serial.nnzL).to.equal(asBuilt.nnzL);
    expect(serial.factor).to.equal(asBuilt.factor);
  });
});
