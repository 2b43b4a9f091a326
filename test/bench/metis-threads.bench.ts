/**
 * METIS orderings in worker threads at once (native/core/metis_random.h): each thread with
 * its own generator (the default where it applies) against the fallback that serializes the
 * orderings (SOFTSPOT_METIS_RANDOM=process), side by side in this run, on the pattern of a
 * 2D glass-like Hessian (N = 10⁴, 2 DOFs per particle, where the analysis costs more than a
 * numeric factorization) and of a 3D contact network (N = 2000, 3 DOFs). Each mode runs in
 * its own process (the mode is fixed when the addon loads): W worker threads (W = cores)
 * each analyse the pattern R times with METIS; one thread alone gives the time of one
 * analysis. Also checks that every analysis had the lone thread's nnz(L).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultWorkers } from '../../lib/ensemble/pool.js';
import type { CscPattern } from '../../lib/sparse-cholesky.js';
import { contactNetwork3d } from './contact-network-3d.js';
import { glassLikeHessian } from './glass-like-hessian.js';
import { fmt, printTable, ratio } from './table.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface ChildTimes { confined: boolean; aloneMs: number; wallMs: number; analyses: number; distinctNnzL: number[] }

/** One process: the pattern analysed once alone (after a warm-up), then `repeats` times in each of `threads` worker threads at once. */
function measure(file: string, threads: number, repeats: number, mode: 'thread' | 'process'): ChildTimes {
  const load = `
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)});
    const p = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
    const colPtr = Int32Array.from(p.colPtr), rowIdx = Int32Array.from(p.rowIdx);
    const analyse = () => { const f = new addon.NativeSparseCholesky(p.n, colPtr, rowIdx, 'metis', 'supernodal'); const nnzL = f.info().nnzL; f.dispose(); return nnzL; };`;
  const main = `${load}
    const { Worker } = require('node:worker_threads');
    analyse();
    const t0 = performance.now(); const nnzL = analyse(); const aloneMs = performance.now() - t0;
    const t1 = performance.now();
    Promise.all(Array.from({ length: ${threads} }, () => new Promise((res, rej) => {
      const w = new Worker(${JSON.stringify(`${load}
        const out = []; for (let r = 0; r < ${repeats}; r++) out.push(analyse());
        require('node:worker_threads').parentPort.postMessage(out);`)}, { eval: true });
      w.once('message', res); w.once('error', rej);
    }))).then((all) => {
      const wallMs = performance.now() - t1;
      const values = [nnzL, ...all.flat()];
      process.stdout.write(JSON.stringify({ confined: addon.metisRandom().confined, aloneMs, wallMs, analyses: ${threads * repeats}, distinctNnzL: [...new Set(values)] }));
    });`;
  const child = spawnSync(process.execPath, ['-e', main], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', SOFTSPOT_METIS_RANDOM: mode },
  });
  if (child.status !== 0) throw new Error(`metis-threads child (${mode}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildTimes;
}

export async function run(): Promise<void> {
  const threads = Math.max(2, defaultWorkers());
  const patterns: Array<{ label: string; pattern: CscPattern; repeats: number }> = [
    { label: '2D glass-like, N = 10⁴', pattern: glassLikeHessian(10_000, 1), repeats: 20 },
    { label: '3D contact network, N = 2000', pattern: contactNetwork3d(2000, 7), repeats: 20 },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'softspot-bench-metis-'));
  const rows: (string | number)[][] = [];
  try {
    for (const { label, pattern, repeats } of patterns) {
      const file = join(dir, 'pattern.json');
      writeFileSync(file, JSON.stringify({ n: pattern.n, colPtr: Array.from(pattern.colPtr), rowIdx: Array.from(pattern.rowIdx) }));
      const own = measure(file, threads, repeats, 'thread');
      const serial = measure(file, threads, repeats, 'process');
      const rate = (t: ChildTimes) => (1000 * t.analyses) / t.wallMs;
      rows.push([
        label, `${pattern.n}`, fmt(own.aloneMs),
        `${rate(own).toFixed(1)}/s${own.confined ? '' : ' (not confined!)'}`, `${rate(serial).toFixed(1)}/s`, ratio(rate(own) / rate(serial)),
        own.distinctNnzL.length === 1 && serial.distinctNnzL.length === 1 && own.distinctNnzL[0] === serial.distinctNnzL[0] ? `yes (${own.distinctNnzL[0]})` : `NO: ${[...own.distinctNnzL, ...serial.distinctNnzL].join(', ')}`,
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`METIS analyses in ${threads} worker threads at once: one generator per thread vs serialized`,
    ['pattern', 'columns', 'one analysis alone (ms)', 'per-thread generator', 'serialized', 'ratio', 'one nnz(L) throughout'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
