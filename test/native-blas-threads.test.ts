/**
 * BLAS threads (lib/native.ts): loading the addon sets OPENBLAS_NUM_THREADS=1 and
 * OMP_NUM_THREADS=1 unless the environment already says, so that API users, the test
 * process and the worker pool get what the `softspot` launcher gives: one BLAS thread per
 * worker, reproducible to the last bit. Checked from outside the library: the threads of a
 * fresh process, counted by Linux (/proc/self/task) before and after the addon loads —
 * OpenBLAS starts its extra threads when it is loaded.
 *
 * And when a worker thread loads the addon first (native/core/blas_threads.h): a worker's
 * process.env is its own copy, so lib/native.ts cannot set the variables for OpenBLAS there,
 * and the addon tells OpenBLAS one thread itself unless the environment names a count.
 * Checked with OpenBLAS's own count (openblas_get_num_threads) in child processes, where
 * OpenBLAS is loaded once.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { addon } from '../lib/native.js';
import { underCi } from './helpers/system-program.js';

const ROOT = resolve(import.meta.dirname, '..');
const PROBE = `import { readdirSync } from 'node:fs';
const count = () => readdirSync('/proc/self/task').length;
const before = count();
await import(${JSON.stringify(`file://${ROOT}/lib/native.ts`)});
console.log(JSON.stringify({ blas: process.env.OPENBLAS_NUM_THREADS ?? null, omp: process.env.OMP_NUM_THREADS ?? null, added: count() - before }));`;

/** A fresh process that loads the addon with `env` (BLAS variables removed first). */
function probe(env: Record<string, string>): { blas: string | null; omp: string | null; added: number } {
  const base = { ...process.env };
  delete base.OPENBLAS_NUM_THREADS;
  delete base.OMP_NUM_THREADS;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: ROOT, encoding: 'utf8', env: { ...base, ...env } });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('native: BLAS threads', function () {
  this.timeout(60_000);

  it('one OpenBLAS thread unless the environment says otherwise; a setting of the user wins', function () {
    if (!existsSync('/proc/self/task')) {
      console.log('      (skipped: counting threads needs Linux /proc/self/task)');
      this.skip();
    }
    const unset = probe({});
    expect([unset.blas, unset.omp]).to.deep.equal(['1', '1']);
    const two = probe({ OPENBLAS_NUM_THREADS: '2' });
    expect(two.blas).to.equal('2');
    // OpenBLAS with 2 threads starts one thread besides the caller's; with 1, none.
    expect(two.added - unset.added).to.equal(1);
    expect(probe({ OPENBLAS_NUM_THREADS: '1' }).added).to.equal(unset.added);
  });
});

const LOAD = `process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)})`;

interface Report { openblas: boolean; threads: number; action: string }

/** The report of an addon loaded first in a worker thread (`inWorker`) or on the main thread, with `env` as the process environment's BLAS variables. */
function loadedWith(env: Record<string, string>, inWorker: boolean): Report {
  const { OPENBLAS_NUM_THREADS: _o, OMP_NUM_THREADS: _m, ...rest } = process.env;
  const code = inWorker
    ? `const { Worker } = require('node:worker_threads');
       new Worker(${JSON.stringify(`require('node:worker_threads').parentPort.postMessage((${LOAD}).blasThreads())`)}, { eval: true })
         .on('message', (m) => process.stdout.write(JSON.stringify(m)));`
    : `process.stdout.write(JSON.stringify((${LOAD}).blasThreads()))`;
  const child = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8', env: { ...rest, ...env }, timeout: 60_000 });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout) as Report;
}

describe('native: OpenBLAS threads when a worker thread loads the addon first', function () {
  this.timeout(60_000);
  before(function () {
    const here = addon.blasThreads();
    // Skipped only where the BLAS is another one, or the platform is not Linux; never under
    // CI (Linux with OpenBLAS, source build and prebuild alike), and never for a report that
    // says the addon did not look at all.
    if (!here.openblas && /not OpenBLAS|this platform/.test(here.action) && !underCi()) {
      process.stdout.write(`      skipped: the addon's BLAS is not OpenBLAS here (${here.action}); its threads are the user's to set\n`);
      this.skip();
    }
  });

  it('one thread when a worker thread loads the addon first and the environment names no count', () => {
    expect(loadedWith({}, true)).to.deep.equal({
      openblas: true, threads: 1, action: 'set to 1 (neither OPENBLAS_NUM_THREADS nor OMP_NUM_THREADS in the environment)',
    });
  });

  it('a count the user set is left alone (OPENBLAS_NUM_THREADS, or OMP_NUM_THREADS alone)', () => {
    // OpenBLAS caps a count at the cores it may run on.
    const two = Math.min(2, availableParallelism());
    expect(loadedWith({ OPENBLAS_NUM_THREADS: '2' }, true)).to.deep.equal({
      openblas: true, threads: two, action: 'left alone: OPENBLAS_NUM_THREADS=2 in the environment',
    });
    const omp = loadedWith({ OMP_NUM_THREADS: '2' }, false);
    expect(omp.action).to.equal('left alone: OMP_NUM_THREADS=2 in the environment');
    expect(omp.threads).to.equal(two);
  });

  it('this process (lib/native.ts set OPENBLAS_NUM_THREADS=1 before loading, unless the runner had a count): the count the environment names', () => {
    const here = addon.blasThreads();
    expect(here.threads).to.equal(Number(process.env.OPENBLAS_NUM_THREADS ?? process.env.OMP_NUM_THREADS));
  });
});
