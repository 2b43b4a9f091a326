/**
 * Issue 17 item 5 benchmark: the first plastic event of a 3D Kob–Andersen glass (fast
 * protocol, precision 1e-8), with the pairs of every state found by the cell-list search
 * (lib/nd/pairs.ts findPairsNd, the route before) and by the candidate list
 * (lib/nd/pair-candidates.ts, the default of lib/aqs/landscape-nd.ts), side by side:
 * CPU seconds of the whole direction and of the pair finding alone, interleaved
 * (search, candidates, candidates, search, …) so that a changing machine load and the
 * order hit both alike, the load average, and γ_c and the particle (which must be the same,
 * bit for bit). Run with OPENBLAS_NUM_THREADS=1: idle BLAS threads spinning at a high load
 * add seconds of CPU time that have nothing to do with the work.
 *
 * Glass: `.bench-out/ka3d-n<N>-s1.xyz` (./lhc-3d.bench.ts kaGlass, prepared once), or
 * `--glass file.xyz`. Usage: `node --import tsx test/bench/aqs-3d.bench.ts
 * [--n 2000] [--glass file.xyz] [--direction pure-] [--repeats 3]`.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { runSync } from '../../lib/aqs/driver.js';
import { firstEventProtocol } from '../../lib/aqs/first-event.js';
import { NdLandscape, type NdLandscapeOptions } from '../../lib/aqs/landscape-nd.js';
import type { AqsEvent, DirectionSpec } from '../../lib/aqs/index.js';
import { kaGlass, readGlass } from './lhc-3d.bench.js';
import { printTable, ratio } from './table.js';

type PairSearch = NonNullable<NdLandscapeOptions['pairSearch']>;

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

// Instrumentation of the landscape (private members reached at run time, for this benchmark
// only): the CPU time in its pair finding, and its pair counts before it is disposed.
let pairMs = 0;
let counts = { searches: 0, filtered: 0 };
const proto = NdLandscape.prototype as unknown as { findPairs: () => unknown; dispose: () => void };
const findPairs = proto.findPairs, dispose = proto.dispose;
proto.findPairs = function (this: NdLandscape) {
  const c0 = cpuMs();
  const out = findPairs.call(this);
  pairMs += cpuMs() - c0;
  return out;
};
proto.dispose = function (this: NdLandscape) {
  counts = { ...this.pairCounts };
  dispose.call(this);
};

function once(config: Configuration, direction: DirectionSpec, pairSearch: PairSearch): { event: AqsEvent; cpu: number; pairs: number; counts: typeof counts } {
  pairMs = 0;
  const c0 = cpuMs();
  const event = runSync(firstEventProtocol(config, { direction }, pairSearch));
  return { event, cpu: cpuMs() - c0, pairs: pairMs, counts };
}

export async function run(n = 2000, glassPath?: string, direction: DirectionSpec = 'pure-', repeats = 3): Promise<void> {
  const config = glassPath !== undefined ? readGlass(glassPath) : (await kaGlass(n)).config;
  const rows: (string | number)[][] = [];
  const total: Record<PairSearch, number[]> = { search: [], candidates: [] };
  let first: AqsEvent | undefined;
  for (let k = 0; k < repeats; k++) {
    // alternate the order (search first in odd repeats) so that an order effect cancels
    for (const pairSearch of k % 2 === 0 ? ['search', 'candidates'] as const : ['candidates', 'search'] as const) {
      const load = loadavg()[0]!.toFixed(1);
      const r = once(config, direction, pairSearch);
      first ??= r.event;
      const same = r.event.gammaC === first.gammaC && r.event.particle === first.particle;
      total[pairSearch].push(r.cpu);
      rows.push([k + 1, pairSearch, load, (r.cpu / 1000).toFixed(1), (r.pairs / 1000).toFixed(2),
        `${r.counts.searches} / ${r.counts.filtered}`, r.event.gammaC, r.event.particle, same ? 'same' : 'DIFFERENT']);
      process.stderr.write(`  ${k + 1} ${pairSearch}: ${(r.cpu / 1000).toFixed(1)} CPU s (pairs ${(r.pairs / 1000).toFixed(2)} s), load ${load}\n`);
    }
  }
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  printTable(`First event of 3D ka N = ${config.n} along ${String(direction)} (fast protocol): pairs by search vs candidate list, interleaved; ` +
    `CPU s of the process (OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? 'unset'})`,
    ['repeat', 'pairs by', 'load', 'CPU s', 'pair finding CPU s', 'searches / filtered', 'γ_c', 'particle', 'vs first run'], rows);
  process.stdout.write(`\nmedian CPU: search ${(median(total.search) / 1000).toFixed(1)} s, candidates ${(median(total.candidates) / 1000).toFixed(1)} s ` +
    `(${ratio(median(total.search) / median(total.candidates))})\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => { const k = args.indexOf(name); return k >= 0 ? args[k + 1] : undefined; };
  await run(Number(value('--n') ?? 2000), value('--glass'), (value('--direction') ?? 'pure-') as DirectionSpec, Number(value('--repeats') ?? 3));
}
