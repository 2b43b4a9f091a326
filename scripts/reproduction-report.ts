/**
 * The numbers and figures of docs/reproduction.md, from the ensembles written by
 * scripts/reproduce.sh (one results directory per N, already aggregated by
 * `softspot figures`):
 *
 *   node --import tsx scripts/reproduction-report.ts [OUT=runs/reproduction] [DOCS=docs] [n2000,n10000]
 *
 * Writes DOCS/reproduction.json and copies the SVG figures into DOCS/reproduction/.
 * Prints the tables of docs/reproduction.md on stdout. Beyond summary.json it computes:
 * the |c| tail (summary.json fits c > 0 only), the tail exponent for fixed x_min at the
 * 90/99/99.9 % quantiles (fitting-range dependence), standard errors of C(0.1) and of the
 * mean λ, paired P⁺-vs-|c| comparisons per event, C(λ) pooled over directions and at
 * ξ = 4, 5, 6 (Fig. S2), and the cross-mode ranks of Fig. S3.
 */
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { finishedIds, readSampleHdf5, samplePath, glassRecord, type EnsembleSummary, type SampleResult, DIRECTIONS } from '../lib/ensemble/index.js';
import { chartSpec, vegaLiteToSvg, writeFigure, type Curve } from '../lib/plot/index.js';
import { validateResponse } from '../lib/lhc/index.js';
import { fitPowerLaw, percentiles, predictabilityData, THEORY_EXPONENTS, type PredictabilityData } from '../lib/stats/index.js';
import { LOCALIZED, softestModes, type Slope } from './reproduction/modes.js';
import { fillMarkdown } from './reproduction/markdown.js';
import { paired, rank, type Rank } from './reproduction/ranks.js';
import { concat, exponent, mean, positive, rangeScan, sd, type Exponent, type RangePoint } from './reproduction/tails.js';

const OUT = process.argv[2] ?? 'runs/reproduction';
const DOCS = process.argv[3] ?? 'docs';
const ENSEMBLES = (process.argv[4] ?? 'n2000,n10000').split(',');
const FIGURES = ['fig1-lhc-map', 'fig3-bond-maps', 'fig2-pdfs', 'fig4-predictability-simple', 'figS3-predictability-pure', 'figS2-xi-dependence', 'figS1-err-cdf'];

async function loadSamples(dir: string): Promise<SampleResult[]> {
  const out: SampleResult[] = [];
  for (const id of await finishedIds(dir)) out.push(await readSampleHdf5(samplePath(dir, id)));
  return out.sort((a, b) => a.spec.seed! - b.spec.seed!); // prepared glasses: every sample has a seed
}

async function analyse(name: string) {
  const dir = join(OUT, name);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as EnsembleSummary;
  const samples = await loadSamples(dir);
  if (samples.length !== summary.samples.finished) throw new Error(`${dir}: summary.json has ${summary.samples.finished} samples, the directory ${samples.length}: rerun \`softspot figures ${dir}\``);
  const n = samples[0].spec.n;
  const c = concat(samples.map((s) => s.c));
  const fields = {
    c: samples.map((s) => s.c.map(Math.abs)),
    dcdgSimple: samples.map((s) => s.dcdg.simple.map(Math.abs)),
    dcdgPure: samples.map((s) => s.dcdg.pure.map(Math.abs)),
    cdcdgSimple: samples.map((s) => s.dcdg.simple.map((x, a) => Math.abs(x * s.c[a]))),
    cdcdgPure: samples.map((s) => s.dcdg.pure.map((x, a) => Math.abs(x * s.c[a]))),
  };
  const byMode = {
    simple: { dcdg: exponent(fields.dcdgSimple, THEORY_EXPONENTS.dcdg), cdcdg: exponent(fields.cdcdgSimple, THEORY_EXPONENTS.cdcdg) },
    pure: { dcdg: exponent(fields.dcdgPure, THEORY_EXPONENTS.dcdg), cdcdg: exponent(fields.cdcdgPure, THEORY_EXPONENTS.cdcdg) },
  };
  const exponents = { c: exponent(fields.c, THEORY_EXPONENTS.c), dcdg: byMode.simple.dcdg, cdcdg: byMode.simple.cdcdg };
  const fittingRange = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, rangeScan(concat(v))]));
  // α̂ (KS x_min) on the first quarter, half and all of the glasses: does it drift with sample size?
  const sampleSize = [0.25, 0.5, 1].map((share) => {
    const g = Math.max(1, Math.round(share * samples.length));
    const fit = (v: Float64Array[]) => fitPowerLaw(positive(concat(v.slice(0, g))), { bootstrap: 0 }).alpha;
    return { glasses: g, c: fit(fields.c), dcdg: fit(fields.dcdgSimple), cdcdg: fit(fields.cdcdgSimple) };
  });
  const modes = softestModes(samples);
  // How concentrated is the far tail? Glasses contributing to the top 0.1 % of |dc/dγ| (simple).
  const cut = percentiles(positive(concat(fields.dcdgSimple)), [99.9])[0];
  const perGlassTop = fields.dcdgSimple.map((v) => v.filter((x) => x >= cut).length).sort((a, b) => b - a);
  const topTotal = perGlassTop.reduce((a, b) => a + b, 0);
  // Wall time per direction (ms, under the run's load): the slow outliers of the AQS protocol.
  const dirMs = Float64Array.from(samples.flatMap((x) => x.events.map((e) => e.ms)));
  const [msMedian, msP90, msP99] = percentiles(dirMs, [50, 90, 99]);
  const slowest = samples.flatMap((x) => x.events.map((e) => ({ id: x.id, direction: e.direction, seconds: e.ms / 1000 }))).sort((a, b) => b.seconds - a.seconds).slice(0, 3);
  const directionSeconds = { median: msMedian / 1000, p90: msP90 / 1000, p99: msP99 / 1000, over10xMedian: dirMs.filter((x) => x > 10 * msMedian).length, of: dirMs.length, slowest };
  const tailConcentration = { threshold: cut, values: topTotal, glassesContributing: perGlassTop.filter((x) => x > 0).length, shareOfTopGlass: perGlassTop[0] / topTotal, shareOfTop3Glasses: (perGlassTop[0] + (perGlassTop[1] ?? 0) + (perGlassTop[2] ?? 0)) / topTotal };

  const records = samples.map(glassRecord);
  const byXi = new Map<number, PredictabilityData>([4, 5, 6].map((xi) => [xi, predictabilityData(records, xi)]));
  const main = byXi.get(5)!;
  const predictabilityOut: Record<string, unknown> = {};
  for (const d of DIRECTIONS) {
    const r = main.directions[d];
    predictabilityOut[d] = { abs_c: rank(r.absC), pplus: rank(r.pPlus), pminus: rank(r.pMinus), pplusVsAbsC: paired(r.pPlus, r.absC) };
    // The same numbers by summary.json's path (different code path through aggregate): must agree.
    const s = summary.predictability.directions[d].pPlus;
    if (s && Math.abs(s.meanLambda - mean(r.pPlus)) > 1e-12) throw new Error(`${d}: summary.json mean λ(P⁺) ${s.meanLambda} ≠ ${mean(r.pPlus)}`);
  }
  const pooled = (k: 'absC' | 'pPlus' | 'pMinus') => concat(DIRECTIONS.map((d) => main.directions[d][k]));
  const crossPredictability: Record<string, Record<string, Rank>> = {};
  for (const p of DIRECTIONS) {
    crossPredictability[p] = Object.fromEntries(Object.entries(main.directions[p].cross).map(([d, v]) => [d, rank(v!)]));
  }
  const xiDependence = Object.fromEntries([...byXi].map(([xi, pd]) => [String(xi), {
    'simple+': { abs_c: rank(pd.directions['simple+'].absC), pplus: rank(pd.directions['simple+'].pPlus) },
    allDirections: { abs_c: rank(concat(DIRECTIONS.map((d) => pd.directions[d].absC))), pplus: rank(concat(DIRECTIONS.map((d) => pd.directions[d].pPlus))) },
  }]));

  const energies = Float64Array.from(samples, (s) => s.energyPerParticle);
  const sameSpot = samples.map((s) => new Set(s.events.filter((e) => e.particle >= 0).map((e) => e.particle)).size);
  return {
    n,
    samples: samples.length,
    failed: summary.samples.failed,
    validatedSamples: samples.filter((s) => s.validation).length,
    interactions: c.length,
    glass: { energyPerParticleMean: mean(energies), energyPerParticleSd: sd(energies), negativeCFraction: c.filter((x) => x < 0).length / c.length },
    exponents,
    exponentsByMode: byMode,
    fittingRange,
    sampleSize,
    tailConcentration,
    directionSeconds,
    softestModes: modes.summary,
    errByScheme: errStudy(samples.slice(0, n >= 10000 ? 2 : 4)),
    figures: { modeScaling: await modeScalingSvg(modes.rows, modes.summary.slopes), fittingRange: await fittingRangeSvg(fields) },
    predictability: predictabilityOut,
    predictabilityAllDirections: { abs_c: rank(pooled('absC')), pplus: rank(pooled('pPlus')), pminus: rank(pooled('pMinus')), pplusVsAbsC: paired(pooled('pPlus'), pooled('absC')) },
    crossPredictability,
    xiDependence,
    events: summary.events,
    distinctEventParticlesPerGlass: { mean: mean(sameSpot), histogram: [1, 2, 3, 4].map((k) => sameSpot.filter((x) => x === k).length) },
    validation: summary.validation,
    throughput: summary.throughput,
    hdf5BytesPerSample: mean(await Promise.all((await finishedIds(dir)).map(async (id) => (await import('node:fs/promises')).stat(samplePath(dir, id)).then((st) => st.size)))),
  };
}

/** Per-glass maxima against ω_min (log–log), with the fitted and the theory slopes. */
async function modeScalingSvg(rows: ReturnType<typeof softestModes>['rows'], slopes: Record<string, Slope>): Promise<string> {
  const w = rows.map((r) => r.omega);
  const wl = [Math.min(...w), Math.max(...w)];
  const keys: Array<[string, (r: (typeof rows)[number]) => number]> = [['max |c|', (r) => r.maxC], ['max |dc/dγ| (simple)', (r) => r.maxDcdg], ['max |c·dc/dγ| (simple)', (r) => r.maxCdcdg]];
  const panels = keys.map(([k, get]) => {
    const y = rows.map(get);
    const lx = mean(w.map(Math.log)), ly = mean(y.map(Math.log));
    const line = (b: number, label: string, colour: string, dash?: number[]): Curve => ({ label, colour, dash, x: wl, y: wl.map((v) => Math.exp(ly + b * (Math.log(v) - lx))) });
    const sl = slopes[k];
    return {
      title: k, xTitle: 'ω_min (softest mode, 1/τ0)', yTitle: k,
      curves: [
        { label: `softest mode quasilocalized (participation < ${LOCALIZED})`, colour: '#1f77b4', x: w.filter((_, k) => rows[k].participation < LOCALIZED), y: y.filter((_, k) => rows[k].participation < LOCALIZED), line: false, marker: 'circle' as const },
        { label: 'softest mode extended', colour: '#aaaaaa', x: w.filter((_, k) => rows[k].participation >= LOCALIZED), y: y.filter((_, k) => rows[k].participation >= LOCALIZED), line: false, marker: 'square' as const },
        line(sl.slope, `fit, all glasses: slope ${sl.slope.toFixed(2)}`, '#d62728'),
        line(sl.theory, `theory: slope ${sl.theory}`, '#555555', [6, 4]),
      ],
    };
  });
  return vegaLiteToSvg(chartSpec(panels, { xTitle: '', yTitle: '', xLog: true, yLog: true, legendOrient: 'bottom', width: 300, height: 260 }));
}

/** α̂ as a function of x_min (as a quantile of the values), against the theory. */
async function fittingRangeSvg(fields: Record<string, Float64Array[]>): Promise<string> {
  const qs = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999];
  const spec: Array<[string, string, number]> = [['c', '|c|', THEORY_EXPONENTS.c], ['dcdgSimple', '|dc/dγ| simple', THEORY_EXPONENTS.dcdg], ['dcdgPure', '|dc/dγ| pure', THEORY_EXPONENTS.dcdg], ['cdcdgSimple', '|c·dc/dγ| simple', THEORY_EXPONENTS.cdcdg], ['cdcdgPure', '|c·dc/dγ| pure', THEORY_EXPONENTS.cdcdg]];
  const colours = ['#555555', '#1f77b4', '#6baed6', '#d62728', '#fc9272'];
  const tail = qs.map((q) => 1 - q);
  const curves: Curve[] = [];
  spec.forEach(([k, label, theory], i) => {
    const scan = rangeScan(concat(fields[k]), qs);
    curves.push({ label, colour: colours[i], x: tail, y: scan.map((p) => p.alpha), marker: 'circle' });
    if (k === 'c' || k === 'dcdgSimple' || k === 'cdcdgSimple') curves.push({ label: `theory ${label.split(' ')[0]}: ${theory.toFixed(3)}`, colour: colours[i], dash: [6, 4], x: [tail[0], tail[tail.length - 1]], y: [theory, theory] });
  });
  return vegaLiteToSvg(chartSpec([{ title: 'tail exponent α̂ fitted above x_min', curves }], {
    xTitle: 'fraction of values above x_min (tail share)', yTitle: 'α̂ (p(x) ~ x^−α)', xLog: true, legendOrient: 'right', width: 420, height: 300,
  }));
}

/**
 * Fig. S1 against the difference scheme: Err (Eq. S7) of simple shear on a few glasses for
 * forward differences at Δγ = 1e-4, 1e-5 (the paper's), 1e-6 and central differences at
 * 1e-5. Truncation error of the forward difference scales as Δγ, of the central as Δγ²;
 * round-off as 1/Δγ.
 */
function errStudy(samples: SampleResult[]) {
  const schemes: Array<{ scheme: string; dgamma: number; central: boolean }> = [
    { scheme: 'forward', dgamma: 1e-4, central: false }, { scheme: 'forward', dgamma: 1e-5, central: false },
    { scheme: 'forward', dgamma: 1e-6, central: false }, { scheme: 'central', dgamma: 1e-5, central: true },
  ];
  return schemes.map(({ scheme, dgamma, central }) => {
    const err = concat(samples.map((s) => validateResponse(s.config, { dgamma, central, modes: ['simple'] }).modes.simple!.err)).filter(Number.isFinite);
    const [median, p90, p99] = percentiles(err, [50, 90, 99]);
    return { scheme, dgamma, glasses: samples.length, count: err.length, median, p90, p99, fractionBelow1em2: err.filter((x) => x < 1e-2).length / err.length };
  });
}

function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(digits);
}

function tables(r: Awaited<ReturnType<typeof analyse>>): string {
  const lines: string[] = [`### N = ${r.n}: ${r.samples} glasses (${r.failed} failed, ${r.validatedSamples} validated)`, ''];
  lines.push('| field | α̂ | 95 % CI (values) | 95 % CI (glasses) | theory | x_min | n_tail / n | α̂ at x_min = q90, q99, q99.9 |', '|---|---|---|---|---|---|---|---|');
  const row = (label: string, e: Exponent, scan: RangePoint[]) => lines.push(`| ${label} | ${fmt(e.value)} | [${fmt(e.valueLo)}, ${fmt(e.valueHi)}] | [${fmt(e.lo)}, ${fmt(e.hi)}] | ${fmt(e.theory)} | ${fmt(e.xmin)} | ${e.ntail} / ${e.n} | ${scan.map((p) => `${fmt(p.alpha)} ± ${fmt(p.se)}`).join(', ')} |`);
  row('\\|c\\|', r.exponents.c, r.fittingRange.c);
  row('\\|dc/dγ\\| simple', r.exponentsByMode.simple.dcdg, r.fittingRange.dcdgSimple);
  row('\\|dc/dγ\\| pure', r.exponentsByMode.pure.dcdg, r.fittingRange.dcdgPure);
  row('\\|c·dc/dγ\\| simple', r.exponentsByMode.simple.cdcdg, r.fittingRange.cdcdgSimple);
  row('\\|c·dc/dγ\\| pure', r.exponentsByMode.pure.cdcdg, r.fittingRange.cdcdgPure);
  lines.push('', '| glasses | α̂ \\|c\\| | α̂ \\|dc/dγ\\| | α̂ \\|c·dc/dγ\\| |', '|---|---|---|---|');
  for (const x of r.sampleSize) lines.push(`| ${x.glasses} | ${fmt(x.c)} | ${fmt(x.dcdg)} | ${fmt(x.cdcdg)} |`);
  const tc = r.tailConcentration;
  lines.push('', `Top 0.1 % of |dc/dγ| (simple, ≥ ${fmt(tc.threshold)}): ${tc.values} values from ${tc.glassesContributing} of ${r.samples} glasses; the largest contributor holds ${fmt(100 * tc.shareOfTopGlass, 1)} %, the top three ${fmt(100 * tc.shareOfTop3Glasses, 1)} %.`);
  const sm = r.softestModes;
  lines.push('', `Softest mode per glass: ω_min median ${fmt(sm.omega.median)} (p10 ${fmt(sm.omega.p10)}, p90 ${fmt(sm.omega.p90)}); participation median ${fmt(sm.participation.median)}, quasilocalized (< ${LOCALIZED}) in ${fmt(100 * sm.localizedShare, 1)} % of glasses; max-|c| interaction within 2 λ of the mode's largest-amplitude particle in ${fmt(100 * sm.maxCNearCore, 1)} % of glasses; largest eigen-residual ${fmt(sm.maxResidual)}.`);
  lines.push('', '| per-glass maximum | slope of ln(max) vs ln ω_min, all glasses | 95 % CI | quasilocalized softest mode only | 95 % CI | theory |', '|---|---|---|---|---|---|');
  for (const [k, v] of Object.entries(sm.slopes)) {
    const l = sm.slopesLocalized?.[k];
    lines.push(`| ${k.replace(/\|/g, '\\|')} | ${fmt(v.slope)} | [${fmt(v.lo)}, ${fmt(v.hi)}] | ${fmt(l?.slope)} | [${fmt(l?.lo)}, ${fmt(l?.hi)}] | ${v.theory} |`);
  }
  lines.push('', '| direction | events | mean λ: \\|c\\| | P⁺ | P⁻ | C(0.1): \\|c\\| | P⁺ | P⁻ | P⁺ better / worse / tied than \\|c\\| |', '|---|---|---|---|---|---|---|---|---|');
  const rk = (x: Rank) => `${fmt(x.meanLambda)} ± ${fmt(x.meanLambdaSe)}`;
  const c01 = (x: Rank) => `${fmt(x.c01)} ± ${fmt(x.c01Se)}`;
  const p = r.predictability as Record<string, { abs_c: Rank; pplus: Rank; pminus: Rank; pplusVsAbsC: ReturnType<typeof paired> }>;
  for (const d of DIRECTIONS) {
    const x = p[d];
    lines.push(`| ${d} | ${x.pplus.n} | ${rk(x.abs_c)} | ${rk(x.pplus)} | ${rk(x.pminus)} | ${c01(x.abs_c)} | ${c01(x.pplus)} | ${c01(x.pminus)} | ${x.pplusVsAbsC.better} / ${x.pplusVsAbsC.worse} / ${x.pplusVsAbsC.tied} |`);
  }
  const a = r.predictabilityAllDirections;
  lines.push(`| all four | ${a.pplus.n} | ${rk(a.abs_c)} | ${rk(a.pplus)} | ${rk(a.pminus)} | ${c01(a.abs_c)} | ${c01(a.pplus)} | ${c01(a.pminus)} | ${a.pplusVsAbsC.better} / ${a.pplusVsAbsC.worse} / ${a.pplusVsAbsC.tied} |`);
  lines.push('', '| P⁺ of | at events of | mean λ | C(0.1) |', '|---|---|---|---|');
  for (const [pd, m] of Object.entries(r.crossPredictability)) for (const [d, x] of Object.entries(m)) lines.push(`| ${pd} | ${d} | ${rk(x)} | ${c01(x)} |`);
  lines.push('', '| ξ | simple+ mean λ: \\|c\\| | P⁺ | all directions mean λ: \\|c\\| | P⁺ | all directions C(0.1): \\|c\\| | P⁺ |', '|---|---|---|---|---|---|---|');
  for (const [xi, x] of Object.entries(r.xiDependence)) lines.push(`| ${xi} | ${rk(x['simple+'].abs_c)} | ${rk(x['simple+'].pplus)} | ${rk(x.allDirections.abs_c)} | ${rk(x.allDirections.pplus)} | ${c01(x.allDirections.abs_c)} | ${c01(x.allDirections.pplus)} |`);
  if (r.validation) {
    lines.push('', '| Fig. S1 | interactions | median Err (%) | p90 | p99 | Err < 1e-2 % |', '|---|---|---|---|---|---|');
    for (const [m, v] of Object.entries(r.validation)) lines.push(`| ${m} | ${v.count} | ${fmt(v.median, 4)} | ${fmt(v.p90, 4)} | ${fmt(v.p99, 4)} | ${fmt(100 * v.fractionBelow1em2, 1)} % |`);
  }
  lines.push('', `| scheme (simple shear, first ${r.errByScheme[0].glasses} glasses) | Δγ | median Err (%) | p90 | p99 | Err < 1e-2 % |`, '|---|---|---|---|---|---|');
  for (const e of r.errByScheme) lines.push(`| ${e.scheme} | ${e.dgamma} | ${fmt(e.median, 4)} | ${fmt(e.p90, 4)} | ${fmt(e.p99, 4)} | ${fmt(100 * e.fractionBelow1em2, 1)} % |`);
  lines.push('', '| direction | found | γ_c mean | p10 | median | p90 | mean energy drop (ε) |', '|---|---|---|---|---|---|---|');
  for (const [d, e] of Object.entries(r.events)) lines.push(`| ${d} | ${e.found} / ${e.found + e.missing} | ${fmt(e.gammaC?.mean, 4)} | ${fmt(e.gammaC?.p10, 4)} | ${fmt(e.gammaC?.median, 4)} | ${fmt(e.gammaC?.p90, 4)} | ${fmt(e.meanEnergyDrop)} |`);
  const t = r.throughput;
  lines.push('', `Throughput: ${fmt(t.samplesPerHour, 1)} samples/h over ${fmt((t.wallSeconds ?? NaN) / 60, 1)} min active wall; per sample (one worker) ${Object.entries(t.meanStageSeconds).map(([k, v]) => `${k} ${fmt(v, 1)} s`).join(', ')}; ${fmt(r.hdf5BytesPerSample / 1e6, 2)} MB HDF5 per sample.`);
  const ds = r.directionSeconds;
  lines.push(`First event per direction: median ${fmt(ds.median, 1)} s, p90 ${fmt(ds.p90, 1)} s, p99 ${fmt(ds.p99, 1)} s; ${ds.over10xMedian} of ${ds.of} directions took > 10× the median; slowest: ${ds.slowest.map((x) => `${x.id} ${x.direction} ${fmt(x.seconds, 0)} s`).join(', ')}.`);
  lines.push(`Glasses: E/N = ${fmt(r.glass.energyPerParticleMean, 4)} ± ${fmt(r.glass.energyPerParticleSd, 4)} (sd); ${fmt(100 * r.glass.negativeCFraction, 2)} % of c_α < 0; distinct event particles per glass (1–4): ${r.distinctEventParticlesPerGlass.histogram.join(' / ')}.`);
  return lines.join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` by blocks[NAME]. */
/** Peak RSS (kB) reported by GNU time in the reproduction log, if any. */
async function peakRss(): Promise<number | null> {
  const log = await readFile(join(OUT, '..', 'reproduce.log'), 'utf8').catch(() => '');
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(log);
  return m ? Number(m[1]) : null;
}

const results: Record<string, Awaited<ReturnType<typeof analyse>>> = {};
/** Markdown blocks by name, written between `<!-- generated:NAME -->` markers of DOCS/reproduction.md. */
const blocks: Record<string, string> = {};
type Analysis = Awaited<ReturnType<typeof analyse>>;
/**
 * The analysis of one ensemble, cached in OUT/<name>/analysis.json (with its two extra
 * figures in OUT/<name>/figures/) and reused while summary.json counts the same glasses.
 */
async function analysed(name: string): Promise<Analysis> {
  const cache = join(OUT, name, 'analysis.json');
  const summary = JSON.parse(await readFile(join(OUT, name, 'summary.json'), 'utf8')) as EnsembleSummary;
  const cached = JSON.parse(await readFile(cache, 'utf8').catch(() => 'null')) as Analysis | null;
  if (cached && cached.samples === summary.samples.finished) {
    const figures = { modeScaling: '', fittingRange: '' };
    for (const f of Object.keys(figures) as Array<keyof typeof figures>) figures[f] = await readFile(join(OUT, name, 'figures', `${f}.svg`), 'utf8');
    console.error(`${name}: reusing ${cache} (${cached.samples} glasses)`);
    return { ...cached, figures };
  }
  const r = await analyse(name);
  for (const [f, svg] of Object.entries(r.figures)) await writeFigure(join(OUT, name, 'figures', `${f}.svg`), svg);
  await writeFile(cache, JSON.stringify({ ...r, figures: undefined }, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  return r;
}

for (const name of ENSEMBLES) {
  const r = await analysed(name);
  results[String(r.n)] = r;
  blocks[name] = tables(r);
  console.log(blocks[name] + '\n');
  await mkdir(join(DOCS, 'reproduction'), { recursive: true });
  const figDir = join(OUT, name, 'figures');
  const have = new Set(await readdir(figDir));
  // The bond maps (MBs of SVG) only for the N = 10000 example glass, as the paper's Figs. 1 and 3.
  for (const f of FIGURES) if (have.has(`${f}.svg`) && (r.n >= 10000 || !f.startsWith('fig1') && !f.startsWith('fig3'))) await copyFile(join(figDir, `${f}.svg`), join(DOCS, 'reproduction', `${name}-${f}.svg`));
  for (const [f, svg] of Object.entries(r.figures)) await writeFile(join(DOCS, 'reproduction', `${name}-${f}.svg`), svg);
  delete (r as Partial<typeof r>).figures;
}
const rss = await peakRss();
// The preparation-protocol study (scripts/anneal-study.ts), if it was run.
const annealStudy = JSON.parse(await readFile(join(OUT, 'anneal-study.json'), 'utf8').catch(() => 'null')) as Record<string, {
  glasses: number; energyPerParticle: { mean: number; sd: number }; exponents: Record<'c' | 'dcdg' | 'cdcdg', Exponent>;
  softestModes: { omega: { median: number }; localizedShare: number }; secondsPerGlass: number;
}> | null;
// Studies written before the interval over glasses became `lo`/`hi` carry it as glassLo/glassHi.
for (const a of Object.values(annealStudy ?? {})) {
  for (const e of Object.values(a.exponents) as Array<Exponent & { glassLo?: number; glassHi?: number }>) {
    if (e.glassLo === undefined || e.glassHi === undefined) continue;
    Object.assign(e, { valueLo: e.lo, valueHi: e.hi, lo: e.glassLo, hi: e.glassHi });
    delete e.glassLo;
    delete e.glassHi;
  }
}
if (annealStudy) {
  const lines = ['| protocol (N = 2000) | glasses | E/N | α̂ \\|c\\| [glass CI] | α̂ \\|dc/dγ\\| | α̂ \\|c·dc/dγ\\| | median ω_min | softest mode quasilocalized |', '|---|---|---|---|---|---|---|---|'];
  const e = (x: Exponent) => `${fmt(x.value)} [${fmt(x.lo)}, ${fmt(x.hi)}]`;
  for (const [name, a] of Object.entries(annealStudy)) {
    lines.push(`| ${name} | ${a.glasses} | ${fmt(a.energyPerParticle.mean, 4)} ± ${fmt(a.energyPerParticle.sd, 4)} | ${e(a.exponents.c)} | ${e(a.exponents.dcdg)} | ${e(a.exponents.cdcdg)} | ${fmt(a.softestModes.omega.median)} | ${fmt(100 * a.softestModes.localizedShare, 0)} % |`);
  }
  blocks.anneal = lines.join('\n');
  console.log(blocks.anneal + '\n');
}
// Sections written by other scripts (scripts/finite-size/report.ts: finiteSize) are kept.
const previous = await readFile(join(DOCS, 'reproduction.json'), 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => ({} as Record<string, unknown>));
const doc = {
  ...(previous.finiteSize === undefined ? {} : { finiteSize: previous.finiteSize }),
  generatedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
  commands: ['/usr/bin/time -v bash scripts/reproduce.sh runs/reproduction > runs/reproduce.log 2>&1', 'node --import tsx scripts/anneal-study.ts runs/reproduction/anneal-study.json 40', 'node --import tsx scripts/reproduction-report.ts runs/reproduction docs'],
  peakRssKiB: rss,
  annealStudy,
  ensembles: results,
};
await writeFile(join(DOCS, 'reproduction.json'), JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
await fillMarkdown(join(DOCS, 'reproduction.md'), blocks);
console.log(`peak RSS ${rss === null ? '–' : `${(rss / 1024 / 1024).toFixed(2)} GiB`}; wrote ${join(DOCS, 'reproduction.json')}`);
