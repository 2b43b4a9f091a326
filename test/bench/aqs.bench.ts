/**
 * AQS benchmark (issue 6): time to the first plastic event at precision 1e-8, fast
 * protocol (linear-response predictor + Newton on a reused analysis + saddle-node step
 * control) against the reference (δγ = 1e-4 steps, affine map + CG, Newton polish,
 * bisection) on the same glass in the same run, in all four directions.
 *
 * Glasses: lib/md's prepareGlass (quench + anneal) when available, else minimized random
 * starts (./glasses.ts, cached under .bench-out/).
 *
 * Run: `node --import tsx test/bench/aqs.bench.ts` (all), or with environment
 *   AQS_BENCH_SIZES=2000,10000       sizes (default 2000,10000)
 *   AQS_BENCH_DIRECTIONS=simple+,…  directions (default all four)
 *   AQS_BENCH_REFERENCE=all|none|<max N>  which sizes also run the (slow) reference (default all)
 *   AQS_BENCH_REFERENCE_DIRECTIONS=…  directions that also run the reference (default all)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { firstEvent, type AqsEvent, type DirectionSpec } from '../../lib/aqs/index.js';
import { readXyz, writeXyzFile } from '../../lib/io/index.js';
import { BENCH_DIR, benchGlass } from './glasses.js';
import { printTable, ratio } from './table.js';

async function glass(n: number): Promise<{ config: Configuration; kind: string }> {
  const path = join(BENCH_DIR, `aqs-annealed-n${n}-s1.xyz`);
  if (existsSync(path)) return { config: readXyz(readFileSync(path, 'utf8'), path), kind: 'annealed (lib/md, cached)' };
  try {
    const md = await import('../../lib/md/index.js' as string) as {
      prepareGlass?: (options: { n: number; seed: number }) => { config: Configuration };
    };
    if (typeof md.prepareGlass === 'function') {
      const t0 = performance.now();
      const { config } = md.prepareGlass({ n, seed: 1 });
      process.stderr.write(`  (prepared annealed glass N=${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      mkdirSync(BENCH_DIR, { recursive: true });
      await writeXyzFile(path, config);
      return { config, kind: 'annealed (lib/md prepareGlass)' };
    }
  } catch (error) {
    process.stderr.write(`  (lib/md prepareGlass unavailable: ${(error as Error).message.split('\n')[0]})\n`);
  }
  return { config: await benchGlass(n, 1), kind: 'random-start quench' };
}

const fmtS = (ms: number): string => (ms / 1000).toFixed(ms < 10000 ? 2 : 1);

export async function run(): Promise<void> {
  const sizes = (process.env.AQS_BENCH_SIZES ?? '2000,10000').split(',').map(Number);
  const directions = (process.env.AQS_BENCH_DIRECTIONS ?? 'simple+,simple-,pure+,pure-').split(',') as DirectionSpec[];
  const refSetting = process.env.AQS_BENCH_REFERENCE ?? 'all';
  const refDirections = process.env.AQS_BENCH_REFERENCE_DIRECTIONS?.split(',');
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const { config, kind } = await glass(n);
    process.stderr.write(`AQS bench: N = ${n} (${kind})\n`);
    for (const direction of directions) {
      const fast = firstEvent(config, { direction, protocol: 'fast' });
      process.stderr.write(`  ${String(direction)} fast: γ_c = ${fast.gammaC}, particle ${fast.particle}, ${fmtS(fast.statistics.timeMs)} s\n`);
      const runRef = (refSetting === 'all' || (refSetting !== 'none' && n <= Number(refSetting))) &&
        (refDirections === undefined || refDirections.includes(String(direction)));
      let ref: AqsEvent | undefined;
      if (runRef) {
        ref = firstEvent(config, { direction, protocol: 'reference' });
        process.stderr.write(`  ${String(direction)} reference: γ_c = ${ref.gammaC}, particle ${ref.particle}, ${fmtS(ref.statistics.timeMs)} s\n`);
      }
      const f = fast.statistics;
      rows.push([
        n, String(direction), fast.gammaC.toFixed(10), fast.particle,
        `${fmtS(f.timeMs)} s`, f.steps, f.minimizerIterations, f.factorizations,
        ref ? `${fmtS(ref.statistics.timeMs)} s` : '—',
        ref ? ref.statistics.steps : '—', ref ? ref.statistics.minimizerIterations : '—',
        ref ? ratio(ref.statistics.timeMs / f.timeMs) : '—',
        ref ? `${Math.abs(ref.gammaC - fast.gammaC).toExponential(1)} / ${ref.particle === fast.particle ? 'same' : `${ref.particle}≠${fast.particle}`}` : '—',
      ]);
    }
  }
  printTable('First plastic event at precision 1e-8: fast vs reference protocol', [
    'N', 'direction', 'γ_c', 'particle', 'fast', 'steps', 'Newton+CG it.', 'factorizations',
    'reference', 'ref. steps', 'ref. CG+Newton it.', 'speed-up', '|Δγ_c| / particle',
  ], rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
