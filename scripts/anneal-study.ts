/**
 * How the tail exponents depend on the preparation protocol (docs/reproduction.md): glasses
 * of N = 2000 prepared with several annealing protocols, then c_α and dc_α/dγ (no AQS),
 * tail fits as in scripts/reproduction-report.ts, and the softest mode of each glass.
 *
 *   node --import tsx scripts/anneal-study.ts [OUT=runs/reproduction/anneal-study.json] [GLASSES=40]
 *
 * Seeds 1001… (disjoint from the main ensembles). The JSON is rewritten after each
 * protocol, so an interrupted study keeps the protocols it finished; rerunning skips them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../lib/io/index.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { prepareGlass } from '../lib/md/index.js';
import { THEORY_EXPONENTS } from '../lib/stats/index.js';
import { softestModes, type GlassFields } from './reproduction/modes.js';
import { exponent, mean, rangeScan, concat, sd } from './reproduction/tails.js';

const OUT = process.argv[2] ?? 'runs/reproduction/anneal-study.json';
const GLASSES = Number(process.argv[3] ?? 40);
const N = 2000;

/** Protocols (times in τ0, temperatures in ε/k_B); `glasses` scales the count for slow ones. */
const PROTOCOLS: Array<{ name: string; tAnneal: number; anneal: number; share: number }> = [
  { name: 'quench (no anneal)', tAnneal: 0.45, anneal: 0, share: 1 },
  { name: 'T_anneal 0.55 × 100 τ0', tAnneal: 0.55, anneal: 100, share: 1 },
  { name: 'T_anneal 0.45 × 100 τ0 (default)', tAnneal: 0.45, anneal: 100, share: 1 },
  { name: 'T_anneal 0.45 × 400 τ0', tAnneal: 0.45, anneal: 400, share: 0.5 },
];

const done: Record<string, unknown> = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
for (const p of PROTOCOLS) {
  if (done[p.name]) { console.error(`${p.name}: done before, skipped`); continue; }
  const count = Math.max(2, Math.round(GLASSES * p.share));
  const glasses: GlassFields[] = [];
  const energies: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < count; k++) {
    const g = prepareGlass({ n: N, seed: 1001 + k, tAnneal: p.tAnneal, anneal: p.anneal });
    const r = localHeatCapacity(g.config);
    glasses.push({ config: r.config, i: r.i, c: r.c, dcdg: { simple: r.dcdg.simple } });
    energies.push(g.energy / N);
    process.stderr.write(`\r${p.name}: ${k + 1}/${count} glasses, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  process.stderr.write('\n');
  const fields = {
    c: glasses.map((g) => g.c.map(Math.abs)),
    dcdg: glasses.map((g) => g.dcdg.simple.map(Math.abs)),
    cdcdg: glasses.map((g) => g.dcdg.simple.map((x, a) => Math.abs(x * g.c[a]))),
  };
  const modes = softestModes(glasses);
  done[p.name] = {
    n: N, glasses: count, tAnneal: p.tAnneal, anneal: p.anneal,
    energyPerParticle: { mean: mean(energies), sd: sd(energies) },
    exponents: { c: exponent(fields.c, THEORY_EXPONENTS.c), dcdg: exponent(fields.dcdg, THEORY_EXPONENTS.dcdg), cdcdg: exponent(fields.cdcdg, THEORY_EXPONENTS.cdcdg) },
    fittingRange: { c: rangeScan(concat(fields.c)), dcdg: rangeScan(concat(fields.dcdg)), cdcdg: rangeScan(concat(fields.cdcdg)) },
    softestModes: modes.summary,
    secondsPerGlass: (performance.now() - t0) / 1000 / count,
  };
  await writeFileAtomic(OUT, JSON.stringify(done, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}
console.error(`wrote ${OUT}`);
