/**
 * METIS's random generator and threads (native/core/metis_random.h). METIS 5.1 draws its
 * orderings' random choices from the C library's rand(), one state per process, so two
 * threads ordering at once got orderings that depended on each other (and a worker-pool
 * sample's last bits on its neighbours). These tests check:
 * - the addon redirected the srand() and rand() imports of the METIS it loaded (Linux
 *   x86-64 / arm64 with glibc);
 * - a Node-free program (test/native/metis_random_check.cc) calling the real METIS: after
 *   the redirection an ordering alone is the one glibc's own generator gives, and two
 *   threads ordering at once always get it too; without the redirection most of theirs
 *   differ (so the probe can fail);
 * - through the addon, in two worker threads at once, every analysis (metis, nesdis, best)
 *   gives the main thread's factor bit for bit (nnz(L) and a solve's bytes), both with the
 *   per-thread generator and with SOFTSPOT_METIS_RANDOM=process, where the orderings are
 *   serialized instead; and the two modes give the same factors.
 * The compiled check needs g++ (Debian: g++), skipped with a printed reason where missing.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { addon } from '../lib/native.js';
import { buildMetisCheck, expectRedirected, type MetisCheck } from './helpers/metis-check.js';

const ROOT = resolve(import.meta.dirname, '..');
const LINUX_ELF = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');
const GLIBC = Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);
const REPETITIONS = 6;

interface Factor { nnzL: number; solve: string }
interface ChildResult {
  report: { confined: boolean; objects: string[]; entries: number; note: string };
  alone: Record<string, Factor>;
  workers: Record<string, Factor>[][];
}

/**
 * A child Node process: the pattern of a 3D random contact network (1500 particles within
 * 1.5 of each other, 3 columns per particle: 4500 columns), analysed with each ordering,
 * factorized with diagonally dominant values and solved for one right-hand side, first on
 * the main thread alone, then REPETITIONS times in each of two worker threads at once.
 */
function runChild(env: Record<string, string>): ChildResult {
  const factorCode = `
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)});
    const { createHash } = require('node:crypto');
    let s = 12345;
    const rnd = () => ((s = (1664525 * s + 1013904223) >>> 0) / 4294967296);
    const particles = 1500, side = Math.cbrt(particles), n = 3 * particles;
    const x = Array.from({ length: particles }, () => [rnd() * side, rnd() * side, rnd() * side]);
    const columns = Array.from({ length: n }, () => []);
    for (let i = 0; i < particles; i++) for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) { let dx = x[i][d] - x[j][d]; dx -= side * Math.round(dx / side); r2 += dx * dx; }
      if (r2 > 2.25) continue;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (3 * i + a >= 3 * j + b) columns[3 * j + b].push(3 * i + a);
    }
    const colPtr = new Int32Array(n + 1), rows = [];
    for (let c = 0; c < n; c++) { columns[c].sort((p, q) => p - q); rows.push(...columns[c]); colPtr[c + 1] = rows.length; }
    const rowIdx = Int32Array.from(rows), values = new Float64Array(rows.length);
    for (let c = 0; c < n; c++) for (let k = colPtr[c]; k < colPtr[c + 1]; k++) values[k] = rowIdx[k] === c ? 40 : -0.1 * Math.sin(k);
    const b = Float64Array.from({ length: n }, (_, k) => Math.cos(k));
    function factors() {
      const out = {};
      for (const ordering of ['metis', 'nesdis', 'best']) {
        const f = new addon.NativeSparseCholesky(n, colPtr, rowIdx, ordering, 'supernodal');
        f.factorize(values);
        const xs = f.solve(b, 1, new Float64Array(n));
        out[ordering] = { nnzL: f.info().nnzL, solve: createHash('sha256').update(Buffer.from(xs.buffer)).digest('hex') };
        f.dispose();
      }
      return out;
    }`;
  const main = `${factorCode}
    const { Worker } = require('node:worker_threads');
    const alone = factors();
    const runs = Array.from({ length: 2 }, () => new Promise((res, rej) => {
      const w = new Worker(${JSON.stringify(`${factorCode}
        const { parentPort } = require('node:worker_threads');
        const results = [];
        for (let r = 0; r < ${REPETITIONS}; r++) results.push(factors());
        parentPort.postMessage(results);`)}, { eval: true });
      w.once('message', res);
      w.once('error', rej);
    }));
    Promise.all(runs).then((workers) => process.stdout.write(JSON.stringify({ report: addon.metisRandom(), alone, workers })));`;
  const child = spawnSync(process.execPath, ['-e', main], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', ...env },
  });
  expect(child.status, `${child.stderr}`).to.equal(0);
  return JSON.parse(child.stdout) as ChildResult;
}

function expectAllAlone(result: ChildResult): void {
  expect(result.workers).to.have.length(2);
  for (const [w, runs] of result.workers.entries()) {
    expect(runs).to.have.length(REPETITIONS);
    for (const [r, factors] of runs.entries()) {
      expect(factors, `worker ${w}, repetition ${r}`).to.deep.equal(result.alone);
    }
  }
}

describe('native: METIS orderings in threads at once', function () {
  this.timeout(180_000);

  it('the addon gave each thread its own METIS generator (Linux x86-64 / arm64 with glibc)', function () {
    const report = addon.metisRandom();
    if (!LINUX_ELF || !GLIBC) {
      process.stdout.write(`      skipped: METIS's generator is confined on Linux x86-64 and arm64 with glibc only (this is ${process.platform}-${process.arch}); orderings are serialized: ${report.note}\n`);
      expect(report.confined).to.equal(false);
      expect(report.note).to.match(/serialized/);
      this.skip();
    }
    expectRedirected(report);
  });

  describe('a Node-free check against the real METIS', () => {
    let program: MetisCheck | undefined;
    before(function () {
      if (!LINUX_ELF || !GLIBC) {
        process.stdout.write(`      skipped: the check links the prebuild's libmetis.so.5 (Linux x86-64 with glibc; this is ${process.platform}-${process.arch})\n`);
        this.skip();
      }
      program = buildMetisCheck(this, 'metis_random_check', ['metis_random.cc', 'metis_imports.cc']);
    });
    after(() => program?.remove());

    function check(...args: string[]) {
      return program!.run<{ confined: boolean; sameAlone: boolean; orderings: number; differ: number; failed: number }>(...args);
    }

    it('with one generator per thread: alone, the ordering glibc\'s generator gives; two threads at once, always that one', () => {
      const r = check();
      expect(r).to.deep.equal({ confined: true, sameAlone: true, orderings: 60, differ: 0, failed: 0 });
    });

    it('without it (the probe can fail): two threads at once get other orderings', () => {
      const r = check('--no-confine');
      expect(r.confined).to.equal(false);
      expect(r.failed).to.equal(0);
      expect(r.differ).to.be.greaterThan(0);
    });
  });

  it('two worker threads analysing at once get the main thread\'s factors bit for bit (metis, nesdis, best)', () => {
    const result = runChild({});
    expect(result.report.confined).to.equal(LINUX_ELF && GLIBC);
    expectAllAlone(result);
  });

  it('with SOFTSPOT_METIS_RANDOM=process the orderings are serialized: the same factors, alone and in threads', () => {
    const serialized = runChild({ SOFTSPOT_METIS_RANDOM: 'process' });
    expect(serialized.report).to.include({ confined: false, entries: 0 });
    expect(serialized.report.note).to.match(/SOFTSPOT_METIS_RANDOM=process.*serialized/);
    expectAllAlone(serialized);
    // glibc's own process-wide generator and the per-thread one: the same orderings.
    expect(serialized.alone).to.deep.equal(runChild({}).alone);
  });
});
