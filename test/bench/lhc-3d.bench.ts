/**
 * Issue 17 item 5 benchmark: c_α and dc_α/dγ (four deformations: simple, pure, simple-xz,
 * simple-yz) on 3D Kob–Andersen glasses, beside the 2D N = 10⁴ run, and the fill-reducing
 * orderings on the same 3D Hessians.
 *
 * Per 3D size: the whole localHeatCapacity() with METIS (time per phase, CPU seconds of
 * the process, peak resident memory), then for METIS, NESDIS and AMD the analysis,
 * nnz(L), CHOLMOD's flop count and one factorization. Glasses: `.bench-out/ka3d-n<N>-s1.xyz`
 * (prepareGlassNd defaults, prepared once and cached: ~1 CPU-minute at N = 2000, ~6 at
 * N = 10⁴, far more on a loaded machine), or the files given as `--glass path` arguments.
 *
 * Usage: `node --import tsx test/bench/lhc-3d.bench.ts [N ...] [--glass file.xyz ...]`
 * (default N = 2000 10000). Peak memory is the process's maxRSS, so run one size per
 * process to read it per size (the largest last otherwise).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../../lib/config.js';
import { configurationOfFrame, readXyzFrame } from '../../lib/io/index.js';
import { writeXyzFile } from '../../lib/io/xyz-file.js';
import { localHeatCapacity } from '../../lib/lhc/index.js';
import { stiffnessBlocks } from '../../lib/nd/contractions.js';
import { lawOfConfiguration } from '../../lib/nd/law.js';
import { findPairsNd } from '../../lib/nd/pairs.js';
import { ndAssemble, ndHessianPattern } from '../../lib/nd/pattern.js';
import { prepareGlassNd } from '../../lib/nd/prepare.js';
import { pairRadial } from '../../lib/nd/radial.js';
import { SparseCholesky, type Ordering } from '../../lib/sparse-cholesky.js';
import { BENCH_DIR, benchGlass } from './glasses.js';
import { fmt, printTable } from './table.js';

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const peakMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** A 3D KA glass of n particles (prepareGlassNd defaults, seed 1), cached on disk. */
export async function kaGlass(n: number): Promise<{ config: Configuration; path: string }> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `ka3d-n${n}-s1.xyz`);
  if (!existsSync(path)) {
    const t0 = performance.now();
    const g = prepareGlassNd({ model: 'ka', n, seed: 1 });
    process.stderr.write(`  (prepared ka N=${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    await writeXyzFile(path, g.config);
  }
  return { config: readGlass(path), path };
}

export function readGlass(path: string): Configuration {
  return configurationOfFrame(readXyzFrame(readFileSync(path, 'utf8'), path));
}

/** The phases of one localHeatCapacity() run: wall ms per phase, CPU ms, peak MB. */
function lhcRow(label: string, config: Configuration): (string | number)[] {
  const c0 = cpuMs();
  const r = localHeatCapacity(config, { ordering: 'metis' });
  const cpu = cpuMs() - c0;
  const t = r.diagnostics.timings;
  // the rest: solves and contractions (the 2D path's response:<name> phases include its tangents)
  const rest = t.total! - t.setup! - t.factorize! - t.selectedInverse! - t.selectedInverseDerivative!;
  return [label, config.n, r.count, r.diagnostics.nnzL, fmt(t.setup!), fmt(t.factorize!), fmt(t.selectedInverse!), fmt(t.selectedInverseDerivative!),
    fmt(rest), fmt(t.total!), fmt(cpu), peakMB()];
}

/** Analysis, nnz(L), flops and one factorization per ordering (CPU ms). */
function orderingRows(label: string, config: Configuration, orderings: readonly Ordering[]): (string | number)[][] {
  const law = lawOfConfiguration(config);
  const pairs = findPairsNd(config, law);
  const pattern = ndHessianPattern(pairs, 0);
  const M = ndAssemble(pattern, stiffnessBlocks(pairs, pairRadial(pairs, law, 4)));
  return orderings.map((ordering) => {
    let t = cpuMs();
    const f = SparseCholesky.analyze(pattern, { ordering, mode: 'supernodal' });
    const analyze = cpuMs() - t;
    t = cpuMs();
    f.factorize(M.values);
    const factorize = cpuMs() - t;
    const row = [label, ordering, pattern.n, f.nnzL, `${(100 * f.nnzL / (pattern.n * (pattern.n + 1) / 2)).toFixed(0)} %`, f.flops.toExponential(2), fmt(analyze), fmt(factorize)];
    f.dispose();
    return row;
  });
}

export async function run(sizes = [2000, 10000], files: string[] = []): Promise<void> {
  const glasses: { label: string; config: Configuration }[] = [];
  for (const n of sizes) glasses.push({ label: `3D ka`, config: (await kaGlass(n)).config });
  for (const path of files) glasses.push({ label: `3D ${path.split('/').pop()}`, config: readGlass(path) });
  const load = () => loadavg()[0]!.toFixed(1);

  const rows: (string | number)[][] = [];
  const glass2d = await benchGlass(10000, 1);
  localHeatCapacity(glass2d); // warm-up (JIT)
  rows.push(lhcRow(`2D ipl (load ${load()})`, glass2d));
  for (const { label, config } of glasses) rows.push(lhcRow(`${label} (load ${load()})`, config));
  printTable('Local heat capacity c and dc/dγ, METIS, supernodal (2D: simple + pure; 3D: simple, pure, simple-xz, simple-yz in one tangent sweep); wall ms per phase',
    ['glass', 'N', 'pairs', 'nnz(L)', 'setup (polish, pairs, analysis)', 'factorize', 'selinv', 'selinv tangents (all deformations)', 'solves + contractions', 'total', 'CPU ms', 'peak MB'], rows);

  const orderings: (string | number)[][] = [];
  for (const { label, config } of glasses) orderings.push(...orderingRows(`${label} N=${config.n}`, config, ['metis', 'nesdis', 'amd']));
  printTable('Fill-reducing orderings of the 3D Hessians (supernodal): CPU ms', ['glass', 'ordering', 'n (dofs)', 'nnz(L)', 'of the dense triangle', 'flops', 'analysis', 'factorize'], orderings);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const files: string[] = [];
  const sizes: number[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--glass') files.push(args[++k]!);
    else sizes.push(Number(args[k]));
  }
  await run(sizes.length > 0 || files.length > 0 ? sizes : undefined, files);
}
