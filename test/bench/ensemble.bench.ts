/**
 * Ensemble throughput with the default engine (worker pool, one thread per core): samples
 * per hour for N = 1000 and N = 10000 on this machine, and the split of a sample's time
 * between the stages (prepare = MD + minimization, lhc = c and dc/dγ, events = 4 first
 * events with the fast AQS protocol). Samples: SOFTSPOT_BENCH_ENSEMBLE_SAMPLES (default:
 * 2 per core at N = 1000, 1 per core at N = 10000); sizes: SOFTSPOT_BENCH_ENSEMBLE_N
 * (comma-separated, default 1000,10000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkers } from '../../lib/ensemble/pool.js';
import { runEnsemble } from '../../lib/ensemble/run.js';
import { aggregate } from '../../lib/ensemble/aggregate.js';

export async function run(): Promise<void> {
  const workers = defaultWorkers();
  const sizes = (process.env.SOFTSPOT_BENCH_ENSEMBLE_N ?? '1000,10000').split(',').map(Number);
  const rows: string[] = [];
  for (const n of sizes) {
    const samples = Number(process.env.SOFTSPOT_BENCH_ENSEMBLE_SAMPLES ?? (n <= 2000 ? 2 * workers : workers));
    const dir = mkdtempSync(join(tmpdir(), `softspot-bench-ens-${n}-`));
    try {
      const t0 = performance.now();
      const r = await runEnsemble({ samples, n, seed0: 1, out: dir, workers, aggregate: false });
      const wall = (performance.now() - t0) / 1000;
      const tAgg = performance.now();
      const a = await aggregate(dir, { figures: true });
      const aggSeconds = (performance.now() - tAgg) / 1000;
      const st = a.summary.throughput.meanStageSeconds;
      const total = st.total ?? NaN;
      const pct = (k: string): string => `${(st[k] ?? 0).toFixed(1)} s (${((100 * (st[k] ?? 0)) / total).toFixed(0)} %)`;
      rows.push(`| ${n} | ${samples} (${r.failed} failed) | ${workers} | ${wall.toFixed(0)} s | ${((r.done / wall) * 3600).toFixed(1)} | ${total.toFixed(1)} s | ${pct('prepare')} | ${pct('lhc')} | ${pct('events')} | ${aggSeconds.toFixed(1)} s |`);
      process.stdout.write(`N = ${n}: ${r.done} samples in ${wall.toFixed(1)} s\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write([
    '',
    '| N | samples | workers | wall | samples / hour | s / sample (one thread) | prepare | lhc | events (4 directions) | aggregate + figures |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
