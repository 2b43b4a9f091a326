/**
 * The numbers and figures of docs/reproduction-3d.md (issue 17, item 6: the paper's analysis
 * on 3D Kob–Andersen glasses), from the ensemble written by scripts/reproduce-3d.sh and
 * aggregated by `softspot figures --xi 2`:
 *
 *   node --import tsx scripts/reproduction-report-3d.ts [OUT=runs/reproduction-3d] [DOCS=docs] [n2000]
 *
 * Writes DOCS/reproduction-3d.json (the keys of docs/reproduction.json: `ensembles` → N →
 * `exponents`, `predictability`, ...), copies the SVG figures into DOCS/reproduction-3d/ and
 * fills the `<!-- generated:NAME -->` blocks of DOCS/reproduction-3d.md; prints the tables.
 * Beyond summary.json: tail exponents with intervals over glasses for every 3D shear mode,
 * the |c| tail, the paired per-event comparison of P⁺ (c·dc/dγ) with |c| and its two-sided
 * sign test, C(λ) pooled over directions, the cross-direction ranks, and ξ-dependence
 * (ξ = 2 is the main grid; see scripts/reproduce-3d.sh for why not the paper's 5).
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DIRECTIONS, finishedIds, glassRecord, readSampleHdf5, samplePath, type EnsembleSummary, type SampleResult } from '../lib/ensemble/index.js';
import { lengthUnitOf } from '../lib/model/index.js';
import { binShapeNd, percentiles, predictabilityData, THEORY_EXPONENTS, type PredictabilityData } from '../lib/stats/index.js';
import { fillMarkdown } from './reproduction/markdown.js';
import { paired, rank, signTest, type Rank } from './reproduction/ranks.js';
import { concat, exponent, mean, rangeScan, sd, type Exponent, type RangePoint } from './reproduction/tails.js';

const OUT = process.argv[2] ?? 'runs/reproduction-3d';
const DOCS = process.argv[3] ?? 'docs';
const ENSEMBLES = (process.argv[4] ?? 'n2000').split(',');
/** The ξ of the main C(λ) grid, as in scripts/reproduce-3d.sh's `figures --xi 2`. */
const MAIN_XI = 2;
const XIS = [1.5, 2, 2.5, 3];
const MODES_3D = ['simple', 'pure', 'simple-xz', 'simple-yz'] as const;
const FIGURES = ['fig1-lhc-map', 'fig3-bond-maps', 'fig2-pdfs', 'fig4-predictability-simple', 'figS3-predictability-pure', 'figS2-xi-dependence', 'figS1-err-cdf'];

async function loadSamples(dir: string): Promise<SampleResult[]> {
  const out: SampleResult[] = [];
  for (const id of await finishedIds(dir)) out.push(await readSampleHdf5(samplePath(dir, id)));
  return out.sort((a, b) => a.spec.seed! - b.spec.seed!); // prepared glasses: every sample has a seed
}

type Paired = ReturnType<typeof paired> & { signTestP: number };
const pairedWithTest = (a: Float64Array, b: Float64Array): Paired => { const p = paired(a, b); return { ...p, signTestP: signTest(p.better, p.worse) }; };

async function analyse(name: string) {
  const dir = join(OUT, name);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as EnsembleSummary;
  const samples = await loadSamples(dir);
  if (samples.length !== summary.samples.finished) throw new Error(`${dir}: summary.json has ${summary.samples.finished} samples, the directory ${samples.length}: rerun \`softspot figures ${dir} --xi ${MAIN_XI}\``);
  if (summary.predictability.xi !== MAIN_XI) throw new Error(`${dir}: summary.json was aggregated at ξ = ${summary.predictability.xi}; rerun \`softspot figures ${dir} --xi ${MAIN_XI}\``);
  const bad = samples.find((s) => s.config.dim !== 3);
  if (bad) throw new Error(`${dir}: sample ${bad.id} is ${bad.config.dim}D; this report is for the 3D ensemble (scripts/reproduction-report.ts is the 2D one)`);
  const n = samples[0].spec.n;
  const c = concat(samples.map((s) => s.c));
  const absC = samples.map((s) => s.c.map(Math.abs));
  const dcdgOf = (s: SampleResult, m: string): Float64Array => {
    const v = (s.dcdg as Record<string, Float64Array | undefined>)[m];
    if (!v) throw new Error(`${s.id}: no dc/dγ for '${m}' (the 3D layout stores all four shear modes)`);
    return v;
  };
  const exponentsByMode = Object.fromEntries(MODES_3D.map((m) => [m, {
    dcdg: exponent(samples.map((s) => dcdgOf(s, m).map(Math.abs)), THEORY_EXPONENTS.dcdg),
    cdcdg: exponent(samples.map((s) => dcdgOf(s, m).map((x, a) => Math.abs(x * s.c[a]))), THEORY_EXPONENTS.cdcdg),
  }])) as Record<(typeof MODES_3D)[number], { dcdg: Exponent; cdcdg: Exponent }>;
  const exponents = { c: exponent(absC, THEORY_EXPONENTS.c), dcdg: exponentsByMode.simple.dcdg, cdcdg: exponentsByMode.simple.cdcdg };
  const fittingRange = {
    c: rangeScan(concat(absC)),
    dcdgSimple: rangeScan(concat(samples.map((s) => dcdgOf(s, 'simple').map(Math.abs)))),
    cdcdgSimple: rangeScan(concat(samples.map((s) => dcdgOf(s, 'simple').map((x, a) => Math.abs(x * s.c[a]))))),
  };

  const records = samples.map(glassRecord);
  const byXi = new Map<number, PredictabilityData>(XIS.map((xi) => [xi, predictabilityData(records, xi)]));
  const main = byXi.get(MAIN_XI)!;
  const predictability: Record<string, { abs_c: Rank; pplus: Rank; pminus: Rank; pplusVsAbsC: Paired }> = {};
  for (const d of DIRECTIONS) {
    const r = main.directions[d];
    predictability[d] = { abs_c: rank(r.absC), pplus: rank(r.pPlus), pminus: rank(r.pMinus), pplusVsAbsC: pairedWithTest(r.pPlus, r.absC) };
    // The same numbers by summary.json's path (aggregate): must agree.
    const s = summary.predictability.directions[d].pPlus;
    if (s && Math.abs(s.meanLambda - mean(r.pPlus)) > 1e-12) throw new Error(`${d}: summary.json mean λ(P⁺) ${s.meanLambda} ≠ ${mean(r.pPlus)}`);
  }
  const pooled = (pd: PredictabilityData, k: 'absC' | 'pPlus' | 'pMinus') => concat(DIRECTIONS.map((d) => pd.directions[d][k]));
  const crossPredictability: Record<string, Record<string, Rank>> = {};
  for (const p of DIRECTIONS) crossPredictability[p] = Object.fromEntries(Object.entries(main.directions[p].cross).map(([d, v]) => [d, rank(v!)]));
  const xiDependence = [...byXi].map(([xi, pd]) => ({
    xi, bins: binShapeNd(samples[0].config.cell, xi),
    abs_c: rank(pooled(pd, 'absC')), pplus: rank(pooled(pd, 'pPlus')), pplusVsAbsC: pairedWithTest(pooled(pd, 'pPlus'), pooled(pd, 'absC')),
  }));

  const dirMs = Float64Array.from(samples.flatMap((x) => x.events.map((e) => e.ms)));
  const [msMedian, msP90, msP99] = percentiles(dirMs, [50, 90, 99]);
  const slowest = samples.flatMap((x) => x.events.map((e) => ({ id: x.id, direction: e.direction, seconds: e.ms / 1000 }))).sort((a, b) => b.seconds - a.seconds).slice(0, 3);
  const energies = Float64Array.from(samples, (s) => s.energyPerParticle);
  const sameSpot = samples.map((s) => new Set(s.events.filter((e) => e.particle >= 0).map((e) => e.particle)).size);
  const ids = await finishedIds(dir);
  return {
    n,
    dim: 3,
    model: samples[0].config.model ?? 'ka',
    samples: samples.length,
    failed: summary.samples.failed,
    validatedSamples: samples.filter((s) => s.validation).length,
    interactions: c.length,
    box: { edge: Math.cbrt(Math.abs(det3(samples[0].config.cell))), bins: summary.predictability.bins ?? binShapeNd(samples[0].config.cell, MAIN_XI), xi: MAIN_XI },
    glass: { energyPerParticleMean: mean(energies), energyPerParticleSd: sd(energies), negativeCFraction: c.filter((x) => x < 0).length / c.length },
    sumRule: summary.sumRule,
    exponents,
    exponentsByMode,
    fittingRange,
    predictability,
    predictabilityAllDirections: {
      abs_c: rank(pooled(main, 'absC')), pplus: rank(pooled(main, 'pPlus')), pminus: rank(pooled(main, 'pMinus')),
      pplusVsAbsC: pairedWithTest(pooled(main, 'pPlus'), pooled(main, 'absC')),
    },
    crossPredictability,
    xiDependence,
    events: summary.events,
    distinctEventParticlesPerGlass: { mean: mean(sameSpot), histogram: [1, 2, 3, 4].map((k) => sameSpot.filter((x) => x === k).length) },
    validation: summary.validation,
    throughput: summary.throughput,
    directionSeconds: { median: msMedian / 1000, p90: msP90 / 1000, p99: msP99 / 1000, of: dirMs.length, slowest },
    hdf5BytesPerSample: mean(await Promise.all(ids.map(async (id) => (await stat(samplePath(dir, id))).size))),
  };
}

/** det of a row-major 3×3 matrix. */
function det3(h: Float64Array): number {
  return h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]);
}

function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(digits);
}

type Analysis = Awaited<ReturnType<typeof analyse>>;

function tables(r: Analysis): string {
  const lines: string[] = [`### ${r.model}, N = ${r.n} (3D): ${r.samples} glasses (${r.failed} failed, ${r.validatedSamples} validated)`, ''];
  lines.push(`Box edge ${fmt(r.box.edge, 2)} ${lengthUnitOf(r.model)}; C(λ) grid at ξ = ${r.box.xi}: ${r.box.bins.join(' × ')} bins, each averaged with its 26 neighbours. Sum rule Σc = 3(N − 1): largest relative error ${fmt(r.sumRule.maxRelativeError)} over ${r.sumRule.samples} glasses.`, '');
  lines.push('| field | α̂ | 95 % CI (glasses) | 95 % CI (values) | theory | x_min | n_tail / n | α̂ at x_min = q90, q99, q99.9 |', '|---|---|---|---|---|---|---|---|');
  const row = (label: string, e: Exponent, scan?: RangePoint[]) => lines.push(`| ${label} | ${fmt(e.value)} | [${fmt(e.lo)}, ${fmt(e.hi)}] | [${fmt(e.valueLo)}, ${fmt(e.valueHi)}] | ${fmt(e.theory)} | ${fmt(e.xmin)} | ${e.ntail} / ${e.n} | ${scan ? scan.map((p) => `${fmt(p.alpha)} ± ${fmt(p.se)}`).join(', ') : ''} |`);
  row('\\|c\\|', r.exponents.c, r.fittingRange.c);
  for (const m of MODES_3D) {
    row(`\\|dc/dγ\\| ${m}`, r.exponentsByMode[m].dcdg, m === 'simple' ? r.fittingRange.dcdgSimple : undefined);
    row(`\\|c·dc/dγ\\| ${m}`, r.exponentsByMode[m].cdcdg, m === 'simple' ? r.fittingRange.cdcdgSimple : undefined);
  }
  lines.push('', `| direction | events | mean λ: \\|c\\| | P⁺ | P⁻ | C(0.1): \\|c\\| | P⁺ | P⁻ | P⁺ better / worse / tied than \\|c\\| | sign test p |`, '|---|---|---|---|---|---|---|---|---|---|');
  const rk = (x: Rank) => `${fmt(x.meanLambda)} ± ${fmt(x.meanLambdaSe)}`;
  const c01 = (x: Rank) => `${fmt(x.c01)} ± ${fmt(x.c01Se)}`;
  const pairs = (x: Paired) => `${x.better} / ${x.worse} / ${x.tied} | ${fmt(x.signTestP)}`;
  for (const d of DIRECTIONS) {
    const x = r.predictability[d];
    lines.push(`| ${d} | ${x.pplus.n} | ${rk(x.abs_c)} | ${rk(x.pplus)} | ${rk(x.pminus)} | ${c01(x.abs_c)} | ${c01(x.pplus)} | ${c01(x.pminus)} | ${pairs(x.pplusVsAbsC)} |`);
  }
  const a = r.predictabilityAllDirections;
  lines.push(`| all four | ${a.pplus.n} | ${rk(a.abs_c)} | ${rk(a.pplus)} | ${rk(a.pminus)} | ${c01(a.abs_c)} | ${c01(a.pplus)} | ${c01(a.pminus)} | ${pairs(a.pplusVsAbsC)} |`);
  lines.push('', '| P⁺ of | at events of | mean λ | C(0.1) |', '|---|---|---|---|');
  for (const [pd, m] of Object.entries(r.crossPredictability)) for (const [d, x] of Object.entries(m)) lines.push(`| ${pd} | ${d} | ${rk(x)} | ${c01(x)} |`);
  lines.push('', '| ξ | bins | all directions mean λ: \\|c\\| | P⁺ | C(0.1): \\|c\\| | P⁺ | P⁺ better / worse / tied | sign test p |', '|---|---|---|---|---|---|---|---|');
  for (const x of r.xiDependence) lines.push(`| ${x.xi} | ${x.bins.join('×')} | ${rk(x.abs_c)} | ${rk(x.pplus)} | ${c01(x.abs_c)} | ${c01(x.pplus)} | ${pairs(x.pplusVsAbsC)} |`);
  if (r.validation) {
    lines.push('', '| Fig. S1 (forward differences, Δγ = 10⁻⁵) | interactions | median Err (%) | p90 | p99 | Err < 1e-2 % |', '|---|---|---|---|---|---|');
    for (const [m, v] of Object.entries(r.validation)) lines.push(`| ${m} | ${v.count} | ${fmt(v.median, 4)} | ${fmt(v.p90, 4)} | ${fmt(v.p99, 4)} | ${fmt(100 * v.fractionBelow1em2, 1)} % |`);
  }
  lines.push('', '| direction | found | γ_c mean | p10 | median | p90 | mean energy drop (ε) |', '|---|---|---|---|---|---|---|');
  for (const [d, e] of Object.entries(r.events)) lines.push(`| ${d} | ${e.found} / ${e.found + e.missing} | ${fmt(e.gammaC?.mean, 4)} | ${fmt(e.gammaC?.p10, 4)} | ${fmt(e.gammaC?.median, 4)} | ${fmt(e.gammaC?.p90, 4)} | ${fmt(e.meanEnergyDrop)} |`);
  const t = r.throughput;
  lines.push('', `Throughput: ${fmt(t.samplesPerHour, 1)} samples/h over ${fmt((t.wallSeconds ?? NaN) / 60, 1)} min active wall; per sample (one worker) ${Object.entries(t.meanStageSeconds).map(([k, v]) => `${k} ${fmt(v, 1)} s`).join(', ')}; ${fmt(r.hdf5BytesPerSample / 1e6, 2)} MB HDF5 per sample.`);
  const ds = r.directionSeconds;
  lines.push(`First event per direction (wall, under the run's load): median ${fmt(ds.median, 1)} s, p90 ${fmt(ds.p90, 1)} s, p99 ${fmt(ds.p99, 1)} s; slowest: ${ds.slowest.map((x) => `${x.id} ${x.direction} ${fmt(x.seconds, 0)} s`).join(', ')}.`);
  lines.push(`Glasses: E/N = ${fmt(r.glass.energyPerParticleMean, 4)} ± ${fmt(r.glass.energyPerParticleSd, 4)} (sd); ${fmt(100 * r.glass.negativeCFraction, 2)} % of c_α < 0; distinct event particles per glass (1–4): ${r.distinctEventParticlesPerGlass.histogram.join(' / ')}.`);
  return lines.join('\n');
}

const results: Record<string, Analysis> = {};
const blocks: Record<string, string> = {};
for (const name of ENSEMBLES) {
  const r = await analyse(name);
  results[String(r.n)] = r;
  blocks[name] = tables(r);
  console.log(blocks[name] + '\n');
  const figDir = join(OUT, name, 'figures');
  const have = new Set(await readdir(figDir).catch(() => [] as string[]));
  await mkdir(join(DOCS, 'reproduction-3d'), { recursive: true });
  for (const f of FIGURES) if (have.has(`${f}.svg`)) await copyFile(join(figDir, `${f}.svg`), join(DOCS, 'reproduction-3d', `${name}-${f}.svg`));
}
const doc = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
  commands: ['bash scripts/reproduce-3d.sh runs/reproduction-3d', 'node --import tsx scripts/reproduction-report-3d.ts runs/reproduction-3d docs'],
  ensembles: results,
};
await writeFile(join(DOCS, 'reproduction-3d.json'), JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
await fillMarkdown(join(DOCS, 'reproduction-3d.md'), blocks);
console.log(`wrote ${join(DOCS, 'reproduction-3d.json')}`);
