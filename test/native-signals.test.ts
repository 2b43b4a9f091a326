/**
 * METIS and process signals (native/core/metis_signals.h). METIS 5.1 sets process-wide
 * SIGTERM/SIGABRT handlers while it orders; a SIGTERM then crashed the process (SIGSEGV,
 * status 139) or was swallowed. These tests check, on Linux (x86-64, arm64):
 * - the addon redirected METIS's signal() and raise() (its report);
 * - a Node-free program (test/native/metis_signals_check.cc) ordering with the real METIS
 *   in two threads never sees a handler installed, and METIS still recovers from an
 *   allocation failure by its own signal path; without the redirection the same probe
 *   sees METIS's handler (so the probe can fail);
 * - processes whose threads order with METIS end with 143 / 130 on SIGTERM / SIGINT,
 *   every time, whether the ordering runs in worker threads or on the main thread.
 * The compiled check needs g++ (Debian: g++), skipped with a printed reason where missing.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addon } from '../lib/native.js';
import { buildMetisCheck, expectRedirected, type MetisCheck } from './helpers/metis-check.js';

const ROOT = resolve(import.meta.dirname, '..');
const SUPPORTED = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');
const STATUS = { SIGTERM: 143, SIGINT: 130 } as const;

/** The exit status as a shell reports it: the code, or 128 + the signal's number. */
function shellStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };
  return 128 + (numbers[signal!] ?? 0);
}

/**
 * A child Node process that orders a 2D grid Laplacian (n = 100², METIS, analysis only)
 * over and over, in `threads` worker threads, or on its main thread when threads = 0. It
 * prints "ready" once every ordering thread has finished one ordering, and exits 0 by
 * itself after 40 s (a signal that was swallowed shows as that).
 */
function orderingChild(threads: number): ChildProcess {
  const loop = `
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)});
    const side = 100, n = side * side;
    const colPtr = new Int32Array(n + 1), rows = [];
    for (let c = 0; c < n; c++) {
      rows.push(c);
      if ((c % side) + 1 < side) rows.push(c + 1);
      if (c + side < n) rows.push(c + side);
      colPtr[c + 1] = rows.length;
    }
    const rowIdx = Int32Array.from(rows);
    function orderOnce() { new addon.NativeSparseCholesky(n, colPtr, rowIdx, 'metis', 'supernodal').dispose(); }`;
  const main = threads === 0
    ? `${loop}
      orderOnce();
      process.stdout.write('ready\\n');
      const end = Date.now() + 40000;
      while (Date.now() < end) orderOnce();`
    : `const { Worker } = require('node:worker_threads');
      let ready = 0;
      for (let t = 0; t < ${threads}; t++) {
        const w = new Worker(${JSON.stringify(`${loop}
          const { parentPort } = require('node:worker_threads');
          orderOnce();
          parentPort.postMessage('ordered');
          const end = Date.now() + 40000;
          while (Date.now() < end) orderOnce();`)}, { eval: true });
        w.on('message', () => { if (++ready === ${threads}) process.stdout.write('ready\\n'); });
      }`;
  return spawn(process.execPath, ['-e', main], {
    cwd: ROOT, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
}

function readyLine(child: ChildProcess): Promise<void> {
  return new Promise((res, rej) => {
    let out = '', err = '';
    child.stdout!.on('data', (d) => { out += String(d); if (out.includes('ready')) res(); });
    child.stderr!.on('data', (d) => { err += String(d); });
    child.once('exit', (code, signal) => rej(new Error(`the child ended before it was ready (${code ?? signal}): ${err}`)));
  });
}

/** Signals an ordering child after `delayMs` and returns its status (or 'hang' after 10 s). */
async function signalWhileOrdering(threads: number, signal: 'SIGTERM' | 'SIGINT', delayMs: number): Promise<number | 'hang'> {
  const child = orderingChild(threads);
  try {
    await readyLine(child);
    await sleep(delayMs);
    child.kill(signal);
    const result = await Promise.race([exited(child), sleep(10_000).then(() => 'hang' as const)]);
    return result === 'hang' ? 'hang' : shellStatus(result.code, result.signal);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

describe('native: METIS and process signals', function () {
  this.timeout(120_000);
  before(function () {
    if (!SUPPORTED) {
      process.stdout.write(`      skipped: METIS's signal handlers are confined on Linux x86-64 and arm64 only (this is ${process.platform}-${process.arch})\n`);
      this.skip();
    }
  });

  it('the addon redirected the signal() and raise() imports of the METIS it loaded', () => {
    const report = addon.metisSignals();
    expectRedirected(report);
  });

  describe('a Node-free check against the real METIS', () => {
    let program: MetisCheck | undefined;
    before(function () {
      program = buildMetisCheck(this, 'metis_signals_check', ['metis_signals.cc', 'metis_imports.cc']);
    });
    after(() => program?.remove());

    function check(...args: string[]) {
      return program!.run<{ confined: boolean; orderings: number; failed: number; seen: number; left: boolean; oom: number }>(...args);
    }

    it('two threads ordering never install a handler, and an allocation failure inside METIS still comes back as METIS_ERROR_MEMORY', () => {
      const r = check();
      expect(r.confined).to.equal(true);
      expect(r).to.include({ orderings: 80, failed: 0, seen: 0, left: false });
      expect(r.oom, 'METIS_NodeND under an address-space limit (METIS_ERROR_MEMORY = -3)').to.equal(-3);
    });

    it('without the redirection the same probe sees METIS install its handler', () => {
      const r = check('--no-confine', '--no-oom');
      expect(r.confined).to.equal(false);
      expect(r.failed).to.equal(0);
      expect(r.seen, 'samples of sigaction() that saw a SIGTERM/SIGABRT handler').to.be.greaterThan(0);
    });
  });

  it('SIGTERM and SIGINT end a process whose two worker threads order with METIS (143 / 130), every time', async () => {
    const statuses: string[] = [];
    const delays = [30, 120, 260, 400, 75, 190];
    for (const [k, delay] of delays.entries()) {
      const signal = k % 3 === 2 ? 'SIGINT' : 'SIGTERM';
      const status = await signalWhileOrdering(2, signal, delay);
      statuses.push(`${signal} after ${delay} ms: ${status}`);
      expect(status, statuses.join('; ')).to.equal(STATUS[signal]);
    }
  });

  it('SIGTERM ends a process ordering with METIS on its main thread (143), every time', async () => {
    const statuses: string[] = [];
    for (const delay of [40, 150, 300]) {
      const status = await signalWhileOrdering(0, 'SIGTERM', delay);
      statuses.push(`after ${delay} ms: ${status}`);
      expect(status, statuses.join('; ')).to.equal(143);
    }
  });
});
