/**
 * Aggregation of a large results directory (the end of `softspot run`, `softspot figures`):
 * wall time and peak memory for K samples, this tree against the commit before the
 * aggregation streamed its samples (BASE_COMMIT), each in its own process
 * (./aggregate-child.ts) on the same directory, alternating; and the two agree (α̂ and x_min
 * of every tail fit equal; the bootstrap intervals are draws of the same distribution).
 *
 * The K samples are copies, under new ids, of a few real ones: those of an existing results
 * directory (SOFTSPOT_BENCH_AGG_FROM=DIR, e.g. a 3D run), or 4 samples of the paper's 2D
 * glass at N = 2000 computed first (~20 s on 2 cores). SOFTSPOT_BENCH_AGG_SAMPLES: the
 * values of K (default 64,256). Directories under .bench-out/ (gitignored).
 *
 * Run: `npm run bench -- aggregate`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { baselineTree } from './baseline-tree.js';
import { replicate, sourceDir } from './replicate-samples.js';
import { printTable, ratio } from './table.js';

const BASE_COMMIT = '54cf919';

interface ChildResult { seconds: number; peakMB: number; samples: number; tails: Record<string, unknown> }

function child(tree: string, dir: string, outDir: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/aggregate-child.ts', tree, dir, outDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`aggregate-child ${tree}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** α̂ and x_min of every fit equal in the two summaries (the intervals are bootstrap draws). */
function sameFits(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // α̂, x_min and the tail: the intervals are new draws (and since 2026-12-07 `ci` is over glasses, with ciValues and glasses beside it).
  const strip = (t: Record<string, unknown>) => JSON.stringify(t, (key, v) => (['ci', 'se', 'ciValues', 'glasses', 'glassesInTail'].includes(key) ? undefined : v));
  return strip(a) === strip(b);
}

export async function run(): Promise<void> {
  const base = baselineTree(BASE_COMMIT);
  const source = await sourceDir(process.env.SOFTSPOT_BENCH_AGG_FROM);
  const ks = (process.env.SOFTSPOT_BENCH_AGG_SAMPLES ?? '64,256').split(',').map(Number);
  const rows: (string | number)[][] = [];
  const runs: Array<{ interactions: number; now: ChildResult; old?: ChildResult }> = [];
  for (const k of ks) {
    const { dir, interactions } = await replicate(source, k, `aggregate-k${k}`);
    const now = child('.', dir, join(dir, 'out-new'));
    const old = base === undefined ? undefined : child(base, dir, join(dir, 'out-old'));
    runs.push({ interactions, now, old });
    rows.push([
      k, interactions, loadavg()[0].toFixed(1),
      old ? `${old.seconds.toFixed(1)} s` : 'n/a', `${now.seconds.toFixed(1)} s`, old ? ratio(old.seconds / now.seconds) : 'n/a',
      old ? `${old.peakMB.toFixed(0)} MB` : 'n/a', `${now.peakMB.toFixed(0)} MB`,
      old ? (sameFits(old.tails, now.tails) ? 'yes' : 'NO') : 'n/a',
    ]);
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`Aggregation with figures: ${BASE_COMMIT} (all samples in memory, textbook bootstrap) vs this tree (streamed, tail-only bootstrap)`,
    ['K samples', 'interactions', 'load', `${BASE_COMMIT}`, 'this tree', 'speed-up', `peak memory ${BASE_COMMIT}`, 'peak memory now', 'same α̂, x_min'], rows);
  // Memory that grows with the ensemble: the peak's growth per interaction from the first K to the last.
  const first = runs[0], last = runs[runs.length - 1];
  if (runs.length > 1) {
    const growth = (pick: (r: (typeof runs)[number]) => ChildResult | undefined) => {
      const a = pick(first), b = pick(last);
      return a && b ? `${(((b.peakMB - a.peakMB) * 1048576) / (last.interactions - first.interactions)).toFixed(0)} B` : 'n/a';
    };
    process.stdout.write(`\nPeak memory per added interaction (K = ${ks[0]} → ${ks[ks.length - 1]}): ${BASE_COMMIT} ${growth((r) => r.old)}, this tree ${growth((r) => r.now)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
