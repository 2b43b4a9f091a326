/**
 * Cubic nonlinear modes (lib/modes/nonlinear.ts, `softspot modes --nonlinear`): the cost of
 * one from each of the k = 20 lowest harmonic modes, beside the harmonic modes themselves,
 * at N = 2000 (the annealed fixture slow_n2000_s115) and N = 10⁴ (a minimized random-start
 * glass, ./glasses.ts). Wall times of one run each (CPU-bound, single-threaded), with the
 * iterations per start and the number of distinct modes reached.
 *
 * Run: `npm run bench -- nonlinear`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { readXyz } from '../../lib/io/index.js';
import { lowestModes, nonlinearModesOf } from '../../lib/modes/index.js';
import { benchGlass } from './glasses.js';
import { printTable, ratio } from './table.js';

function fixture(name: string): Configuration {
  const path = fileURLToPath(new URL(`../fixtures/${name}.xyz`, import.meta.url));
  return readXyz(readFileSync(path, 'utf8'), path);
}

export async function run(k = 20): Promise<void> {
  const glasses: Array<[string, Configuration]> = [['N = 2000 (slow_n2000_s115)', fixture('slow_n2000_s115')], ['N = 10⁴ (quench, seed 1)', await benchGlass(10_000, 1)]];
  const rows: (string | number)[][] = [];
  for (const [name, config] of glasses) {
    let t0 = performance.now();
    const harmonic = lowestModes(config, k);
    const harmonicMs = performance.now() - t0;
    t0 = performance.now();
    const nl = nonlinearModesOf(config, harmonic.vectors, k);
    const nonlinearMs = performance.now() - t0;
    const iterations = nl.reduce((s, m) => s + m.iterations, 0) / nl.length;
    rows.push([
      name, loadavg()[0].toFixed(1), `${(harmonicMs / 1000).toFixed(2)} s`, `${(nonlinearMs / 1000).toFixed(1)} s`, `${(nonlinearMs / k / 1000).toFixed(2)} s`,
      ratio(nonlinearMs / harmonicMs), iterations.toFixed(0), `${nl.filter((m) => m.sameAs === undefined).length} (${nl.filter((m) => !m.converged).length} not converged)`,
      `${harmonic.modes.filter((m) => m.quasilocalized).length} / ${k}`,
    ]);
  }
  printTable(`Nonlinear modes from each of the k = ${k} lowest harmonic modes (wall time, one run)`,
    ['glass', 'load', `${k} harmonic modes`, `${k} nonlinear modes`, 'per start', 'nonlinear / harmonic', 'iterations per start', 'distinct modes', 'harmonic e < 0.2'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
