/**
 * A worker thread ended by worker.terminate() while the addon's asynchronous work runs
 * (the ensemble pool ends a sample past --sample-timeout, or after a full disk, that way):
 * the work completes into a terminating environment, where no error can reach JavaScript.
 * node-addon-api's default then threw a Napi::Error out of its callback wrapper and the
 * whole process aborted ("terminate called after throwing an instance of 'Napi::Error'",
 * status 134; 2 of 6 runs with --sample-timeout 1 in an audit). The addon is built with
 * NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS (binding.gyp): the error is dropped, with its thread.
 *
 * Checked on the addon itself, in a child process: worker threads factorize and solve a
 * grid Laplacian asynchronously in a loop and are terminated after a few milliseconds, 40
 * times; the child must end by itself with status 0 (before the define it aborted within
 * the first dozen terminations, every run of five).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The child's program: `rounds` workers, each terminated 2–30 ms into its asynchronous loop. */
function terminatingChild(rounds: number): string {
  const worker = `
    const { parentPort } = require('node:worker_threads');
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)});
    // The 5-point Laplacian of a 60 × 60 grid plus the identity (positive definite), lower triangle.
    const side = 60, n = side * side;
    const colPtr = new Int32Array(n + 1), rows = [], values = [];
    for (let c = 0; c < n; c++) {
      rows.push(c); values.push(5);
      if ((c % side) + 1 < side) { rows.push(c + 1); values.push(-1); }
      if (c + side < n) { rows.push(c + side); values.push(-1); }
      colPtr[c + 1] = rows.length;
    }
    const factor = new addon.NativeSparseCholesky(n, colPtr, Int32Array.from(rows), 'amd', 'supernodal');
    const a = Float64Array.from(values), b = new Float64Array(n).fill(1);
    parentPort.postMessage('ready');
    (async () => { for (;;) { await factor.factorizeAsync(a); await factor.solveAsync(b, 1); } })();`;
  return `
    const { Worker } = require('node:worker_threads');
    (async () => {
      for (let k = 0; k < ${rounds}; k++) {
        const w = new Worker(${JSON.stringify(worker)}, { eval: true });
        await new Promise((res, rej) => { w.once('message', res); w.once('error', rej); });
        await new Promise((res) => setTimeout(res, 2 + (k * 7) % 29));
        await w.terminate();
      }
      process.stdout.write('survived\\n');
    })();`;
}

describe('the addon in a worker thread terminated during its asynchronous work', function () {
  this.timeout(120_000);

  it('does not abort the process: 40 workers terminated mid-loop, the child ends with status 0', async () => {
    const child = spawn(process.execPath, ['-e', terminatingChild(40)], {
      cwd: ROOT, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { err += String(d); });
    try {
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.once('exit', (c, s) => res([c, s])));
      expect({ code, signal }, err.slice(0, 300)).to.deep.equal({ code: 0, signal: null });
      expect(err).to.not.contain('Napi::Error');
      expect(out).to.equal('survived\n');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // a hung child (mocha's timeout) is not left behind
    }
  });
});
