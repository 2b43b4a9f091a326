/**
 * BLAS threads (lib/native.ts): loading the addon sets OPENBLAS_NUM_THREADS=1 and
 * OMP_NUM_THREADS=1 unless the environment already says, so that API users, the test
 * process and the worker pool get what the `softspot` launcher gives: one BLAS thread per
 * worker, reproducible to the last bit. Checked from outside the library: the threads of a
 * fresh process, counted by Linux (/proc/self/task) before and after the addon loads —
 * OpenBLAS starts its extra threads when it is loaded.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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
