/**
 * CHOLMOD's OpenMP in the source build (native/core/cholmod_openmp.h): numeric
 * factorizations with CHOLMOD's parallel regions run on the calling thread (the default)
 * against CHOLMOD as built (SOFTSPOT_CHOLMOD_OPENMP=library: CHOLMOD 3 starts a team of
 * its compiled-in size for the copy loops of every large supernode), side by side in this
 * run. Each mode runs in its own process (the mode is fixed when the addon loads), both
 * with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1 as the library sets them; the two
 * processes alternate, `rounds` times, and each round factorizes `repeats` times. Wall
 * times: the team's cost is waiting, which CPU time would hide. Also checks that both modes
 * give the same solve, bit for bit. With the prebuild loaded (no dynamic CHOLMOD) the
 * two modes are the same code: the table says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CscMatrix } from '../../lib/sparse-cholesky.js';
import { contactNetwork3d } from './contact-network-3d.js';
import { glassLikeHessian } from './glass-like-hessian.js';
import { fmt, printTable, ratio } from './table.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface ChildTimes { serial: boolean; note: string; first: number; factor: number[]; solve: number; nnzL: number; hash: string }

/** One process: analyse (METIS), factorize `repeats` times, solve 20 times; wall ms. */
function measure(file: string, repeats: number, mode: 'serial' | 'library'): ChildTimes {
  const code = `
    const addon = process.env.SOFTSPOT_ADDON ? require(process.env.SOFTSPOT_ADDON) : require('node-gyp-build')(${JSON.stringify(ROOT)});
    const { createHash } = require('node:crypto');
    const m = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
    const colPtr = Int32Array.from(m.colPtr), rowIdx = Int32Array.from(m.rowIdx), values = Float64Array.from(m.values);
    const f = new addon.NativeSparseCholesky(m.n, colPtr, rowIdx, 'metis', 'supernodal');
    let t = performance.now(); f.factorize(values); const first = performance.now() - t;
    const factor = [];
    for (let r = 0; r < ${repeats}; r++) { t = performance.now(); f.factorize(values); factor.push(performance.now() - t); }
    const b = Float64Array.from({ length: m.n }, (_, k) => Math.cos(k)), x = new Float64Array(m.n);
    let solve = Infinity;
    for (let r = 0; r < 20; r++) { t = performance.now(); f.solve(b, 1, x); solve = Math.min(solve, performance.now() - t); }
    const report = addon.cholmodOpenMp();
    process.stdout.write(JSON.stringify({ serial: report.serial, note: report.note, first, factor, solve, nnzL: f.info().nnzL,
      hash: createHash('sha256').update(Buffer.from(x.buffer)).digest('hex') }));`;
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  if (mode === 'library') env.SOFTSPOT_CHOLMOD_OPENMP = 'library';
  else delete env.SOFTSPOT_CHOLMOD_OPENMP;
  const child = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8', env });
  if (child.status !== 0) throw new Error(`cholmod-openmp child (${mode}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildTimes;
}

/** The 3D contact network's pattern with diagonally dominant values (SPD). */
function contactMatrix3d(particles: number, seed: number): CscMatrix {
  const p = contactNetwork3d(particles, seed);
  const values = new Float64Array(p.rowIdx.length);
  for (let c = 0; c < p.n; c++) for (let k = p.colPtr[c]!; k < p.colPtr[c + 1]!; k++) values[k] = p.rowIdx[k] === c ? 40 : -0.1 * Math.sin(k);
  return { ...p, values };
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

export async function run(rounds = 3, repeats = 10): Promise<void> {
  const matrices: Array<{ label: string; matrix: CscMatrix }> = [
    { label: '2D glass-like, N = 2000', matrix: glassLikeHessian(2000, 1) },
    { label: '2D glass-like, N = 10⁴', matrix: glassLikeHessian(10_000, 1) },
    { label: '3D contact network, N = 2000', matrix: contactMatrix3d(2000, 7) },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'softspot-bench-openmp-'));
  const rows: string[][] = [];
  try {
    for (const { label, matrix } of matrices) {
      const file = join(dir, 'matrix.json');
      writeFileSync(file, JSON.stringify({ n: matrix.n, colPtr: Array.from(matrix.colPtr), rowIdx: Array.from(matrix.rowIdx), values: Array.from(matrix.values) }));
      const runs: Record<'serial' | 'library', ChildTimes[]> = { serial: [], library: [] };
      for (let r = 0; r < rounds; r++) {
        runs.serial.push(measure(file, repeats, 'serial'));
        runs.library.push(measure(file, repeats, 'library'));
      }
      const fastest = (ts: ChildTimes[]) => Math.min(...ts.flatMap((t) => t.factor));
      const typical = (ts: ChildTimes[]) => median(ts.flatMap((t) => t.factor));
      const s = runs.serial, l = runs.library;
      const hashes = new Set([...s, ...l].map((t) => t.hash));
      rows.push([
        label, `${matrix.n}`, `${s[0]!.nnzL}`,
        `${fmt(fastest(s))} / ${fmt(typical(s))}`, `${fmt(fastest(l))} / ${fmt(typical(l))}`,
        ratio(typical(l) / typical(s)),
        `${fmt(median(s.map((t) => t.first)))} vs ${fmt(median(l.map((t) => t.first)))}`,
        `${fmt(Math.min(...s.map((t) => t.solve)))} vs ${fmt(Math.min(...l.map((t) => t.solve)))}`,
        hashes.size === 1 ? 'yes' : `NO (${hashes.size} different)`,
        `${s[0]!.serial ? 'serial' : 'NOT serial'}: ${s[0]!.note}; ${l[0]!.note}`,
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`CHOLMOD numeric factorization (METIS, supernodal), OpenMP regions on the calling thread vs as built (SOFTSPOT_CHOLMOD_OPENMP=library); wall ms, ${rounds} alternating processes × ${repeats} refactorizations each (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')} at the end)`,
    ['matrix', 'columns', 'nnz(L)', 'serial: fastest / median', 'as built: fastest / median', 'as built ÷ serial (medians)', 'first factorization (ms)', 'one solve (ms)', 'same solve bits', 'mode'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
