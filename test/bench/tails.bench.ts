/**
 * `softspot tails` on a large results directory: wall time and peak memory for K samples,
 * this tree against the commit before it read only the bonds, c and one dc/dγ of each
 * sample and before the KS scan ran from the far tail (BASE_COMMIT), each in its own process
 * (./tails-child.ts) on the same directory; and the two print the same JSON, field for field.
 *
 * The K samples: ./replicate-samples.ts, from SOFTSPOT_BENCH_TAILS_FROM=DIR (e.g. a 3D run)
 * or the 2D N = 2000 samples it computes. SOFTSPOT_BENCH_TAILS_SAMPLES: the values of K
 * (default 64,256).
 *
 * Run: `npm run bench -- tails`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { baselineTree } from './baseline-tree.js';
import { replicate, sourceDir } from './replicate-samples.js';
import { printTable, ratio } from './table.js';

const BASE_COMMIT = 'ad08e2c';

interface ChildResult { code: number; seconds: number; peakMB: number; json: string }

function child(tree: string, dir: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/tails-child.ts', tree, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stdout.trim().split('\n');
  if (r.status !== 0 || lines.length < 2) throw new Error(`tails-child ${tree}: ${r.stderr}`);
  const stats = JSON.parse(lines.pop()!) as Omit<ChildResult, 'json'>;
  if (stats.code !== 0) throw new Error(`tails-child ${tree}: softspot tails exited ${stats.code}: ${r.stderr}`);
  return { ...stats, json: lines.join('\n') };
}

export async function run(): Promise<void> {
  const base = baselineTree(BASE_COMMIT);
  const source = await sourceDir(process.env.SOFTSPOT_BENCH_TAILS_FROM);
  const ks = (process.env.SOFTSPOT_BENCH_TAILS_SAMPLES ?? '64,256').split(',').map(Number);
  const rows: (string | number)[][] = [];
  const runs: Array<{ interactions: number; now: ChildResult; old?: ChildResult }> = [];
  for (const k of ks) {
    const { dir, interactions } = await replicate(source, k, `tails-k${k}`);
    const now = child('.', dir);
    const old = base === undefined ? undefined : child(base, dir);
    runs.push({ interactions, now, old });
    rows.push([
      k, interactions, loadavg()[0].toFixed(1),
      old ? `${old.seconds.toFixed(1)} s` : 'n/a', `${now.seconds.toFixed(1)} s`, old ? ratio(old.seconds / now.seconds) : 'n/a',
      old ? `${old.peakMB.toFixed(0)} MB` : 'n/a', `${now.peakMB.toFixed(0)} MB`,
      old ? (old.json === now.json ? 'yes' : 'NO') : 'n/a',
    ]);
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`softspot tails --json: ${BASE_COMMIT} (whole samples, three sorts per field) vs this tree (bonds and one dc/dγ per sample)`,
    ['K samples', 'interactions', 'load', `${BASE_COMMIT}`, 'this tree', 'speed-up', `peak memory ${BASE_COMMIT}`, 'peak memory now', 'same JSON'], rows);
  const first = runs[0], last = runs[runs.length - 1];
  if (runs.length > 1) {
    const growth = (pick: (r: (typeof runs)[number]) => ChildResult | undefined): string => {
      const a = pick(first), b = pick(last);
      return a && b ? `${(((b.peakMB - a.peakMB) * 1048576) / (last.interactions - first.interactions)).toFixed(0)} B` : 'n/a';
    };
    process.stdout.write(`\nPeak memory per added interaction (K = ${ks[0]} → ${ks[ks.length - 1]}): ${BASE_COMMIT} ${growth((r) => r.old)}, this tree ${growth((r) => r.now)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
