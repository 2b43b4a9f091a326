/**
 * The finite-size study of docs/reproduction.md ("Tail exponents by finite-size scaling",
 * issue 19, parts 2 and 4) from the glasses written by scripts/finite-size/compute.ts:
 *
 *   node --import tsx scripts/finite-size/report.ts [OUT=runs/finite-size] [DOCS=docs]
 *
 * Writes DOCS/reproduction.json's `finiteSize` (the rest of the file is kept), the figures
 * DOCS/reproduction/finite-size-*.svg, and the generated tables of DOCS/reproduction.md
 * (between `<!-- generated:finite-size-* -->` markers); prints the tables.
 *
 * Methods, fixed before the data were looked at:
 * - per field x ∈ {|c|, |dc/dγ|, |c·dc/dγ|} (dc/dγ of simple shear), per size N: the CSN
 *   tail fit with the bootstrap over glasses, its soft-spot interval, the Fréchet fit of the
 *   per-glass maxima and fits over fixed quantile windows (lib/ensemble/tails.ts, the same
 *   code as `softspot tails`);
 * - across sizes: the OLS slope b of ln(median per-glass maximum) against ln N with the
 *   stratified bootstrap over glasses (theory m/5); the published tail exponent is the one
 *   this slope implies, α = 1 + 1/b (interval mapped through the same monotone function),
 *   method "max-scaling" — it uses only the far tail (the maxima) and its interval comes
 *   from glasses, not values;
 * - the premises: over the quasilocalized modes (participation < QLM_THRESHOLD) of every
 *   glass, the OLS slope of ln max|c| and ln max|dc/dγ| over the bonds of the mode's core
 *   (lib/modes coreBonds) against ln ω, interval by the bootstrap over glasses
 *   (lib/stats fitGroupedSlope); theory −4 and −8.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensembleTails, TAIL_FIELDS, type FieldTails, type TailSample } from '../../lib/ensemble/tails.js';
import { QLM_THRESHOLD } from '../../lib/modes/index.js';
import { chartSpec, vegaLiteToSvg, writeFigure, type Curve, type Panel } from '../../lib/plot/index.js';
import { fitGroupedSlope, percentiles, perGlassMaxima, type GroupedSlope } from '../../lib/stats/index.js';
import { fillMarkdown } from '../reproduction/markdown.js';

const OUT = process.argv[2] ?? 'runs/finite-size';
const DOCS = process.argv[3] ?? 'docs';
const QUANTILES = [0.5, 0.9, 0.99, 0.999];
const BOOTSTRAP = 1000;

interface ModeRecord { omega: number; participation: number; core: number; coreBonds: number; maxC: number; maxDcdgSimple: number; maxDcdgPure: number }
interface GlassRecord { n: number; seed: number; k: number; energyPerParticle: number; maxForce: number; sumC: number; expectedSumC: number; modesConverged: boolean; modes: ModeRecord[]; ms: Record<string, number> }

/** A glass's bond fields: dc/dγ of simple and pure shear. */
type GlassSample = TailSample & { dcdg: { simple: Float64Array; pure: Float64Array } };

/** One glass: its JSON record and its bond fields (compute.ts's .bin layout). */
async function loadGlass(dir: string, name: string): Promise<{ record: GlassRecord; sample: GlassSample }> {
  const record = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as GlassRecord;
  const buf = await readFile(join(dir, `${name}.bin`));
  const count = buf.readInt32LE(0);
  if (buf.length !== 4 + 32 * count) throw new Error(`${join(dir, name)}.bin: expected ${4 + 32 * count} bytes for ${count} bonds, got ${buf.length}; rerun compute.ts for this glass`);
  const copy = <T extends Int32Array | Float64Array>(C: { new (b: ArrayBuffer): T }, off: number, bytes: number): T => new C(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + bytes) as ArrayBuffer);
  const i = copy(Int32Array, 4, 4 * count), j = copy(Int32Array, 4 + 4 * count, 4 * count);
  const base = 4 + 8 * count;
  const c = copy(Float64Array, base, 8 * count), simple = copy(Float64Array, base + 8 * count, 8 * count), pure = copy(Float64Array, base + 16 * count, 8 * count);
  return { record, sample: { spec: { n: record.n }, i, j, c, dcdg: { simple, pure } } };
}

async function loadAll(): Promise<Array<{ record: GlassRecord; sample: GlassSample }>> {
  const out: Array<{ record: GlassRecord; sample: GlassSample }> = [];
  for (const d of (await readdir(OUT)).filter((d) => /^n\d+$/.test(d)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))) {
    const names = (await readdir(join(OUT, d))).filter((f) => /^s\d+\.json$/.test(f)).map((f) => f.slice(0, -5));
    names.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    for (const name of names) out.push(await loadGlass(join(OUT, d), name));
  }
  return out;
}

const glasses = await loadAll();
const sizes = [...new Set(glasses.map((g) => g.record.n))].sort((a, b) => a - b);
const count = sizes.map((n) => glasses.filter((g) => g.record.n === n).length);
console.log(`${glasses.length} glasses: ${sizes.map((n, s) => `N = ${n}: ${count[s]}`).join(', ')}`);

// Sanity of the inputs: sum rule and forces of every glass.
const worstSum = Math.max(...glasses.map((g) => Math.abs(g.record.sumC - g.record.expectedSumC) / g.record.expectedSumC));
const worstForce = Math.max(...glasses.map((g) => g.record.maxForce));
const unconverged = glasses.filter((g) => !g.record.modesConverged).length;
console.log(`sum rule worst relative deviation ${worstSum.toExponential(1)}; max |F| ${worstForce.toExponential(1)}; mode solves not converged: ${unconverged}`);

const tails: FieldTails[] = ensembleTails(glasses.map((g) => g.sample), { quantiles: QUANTILES, bootstrap: BOOTSTRAP, seed: 1 });

// ---- the premises: QLM core maxima against ω -------------------------------------------
type Premise = 'c' | 'dcdg' | 'dcdgPure';
const PREMISES: Array<{ key: Premise; label: string; theory: number; get: (m: ModeRecord) => number }> = [
  { key: 'c', label: 'max |c| on the core', theory: -4, get: (m) => m.maxC },
  { key: 'dcdg', label: 'max |dc/dγ| (simple) on the core', theory: -8, get: (m) => m.maxDcdgSimple },
  { key: 'dcdgPure', label: 'max |dc/dγ| (pure) on the core', theory: -8, get: (m) => m.maxDcdgPure },
];
interface QlmPoint { n: number; glass: number; omega: number; participation: number; values: Record<Premise, number> }
const qlms: QlmPoint[] = [];
glasses.forEach((g, glass) => {
  for (const m of g.record.modes) {
    if (m.participation < QLM_THRESHOLD) qlms.push({ n: g.record.n, glass, omega: m.omega, participation: m.participation, values: { c: m.maxC, dcdg: m.maxDcdgSimple, dcdgPure: m.maxDcdgPure } });
  }
});
function premiseSlope(points: QlmPoint[], key: Premise): GroupedSlope | null {
  const ok = points.filter((p) => p.values[key] > 0);
  if (ok.length < 3) return null;
  return fitGroupedSlope(Float64Array.from(ok, (p) => Math.log(p.omega)), Float64Array.from(ok, (p) => Math.log(p.values[key])), Int32Array.from(ok, (p) => p.glass), { bootstrap: BOOTSTRAP, seed: 2 });
}
// Secondary (labelled as such in the doc): the softest QLM of each glass only, the one
// deepest in the low-frequency regime where the premises are asymptotic statements.
const softestOf = new Map<number, QlmPoint>();
for (const p of qlms) { const q = softestOf.get(p.glass); if (q === undefined || p.omega < q.omega) softestOf.set(p.glass, p); }
const softest = [...softestOf.values()];
const premises = Object.fromEntries(PREMISES.map(({ key, theory }) => [key, {
  all: premiseSlope(qlms, key),
  softest: premiseSlope(softest, key),
  bySize: Object.fromEntries(sizes.map((n) => [n, premiseSlope(qlms.filter((p) => p.n === n), key)])),
  theory,
}]));

// ---- tables -------------------------------------------------------------------------------
const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
const FIELD_LABEL: Record<string, string> = { c: '\\|c\\|', dcdg: '\\|dc/dγ\\|', cdcdg: '\\|c·dc/dγ\\|' };
const alphaOf = (b: number) => 1 + 1 / b;

const blocks: Record<string, string> = {};
{
  const lines = ['| field | m | slope b of ln(median max) vs ln N [95 % over glasses] | theory m/5 | α = 1 + 1/b [95 %] | theory 1 + 5/m |', '|---|---|---|---|---|---|'];
  for (const t of tails) {
    const s = t.maxScaling!;
    lines.push(`| ${FIELD_LABEL[t.field]} | ${t.theory.m} | ${f3(s.slope)} [${f3(s.ci[0])}, ${f3(s.ci[1])}] | ${f3(t.theory.maxSlope)} | ${f3(alphaOf(s.slope))} [${f3(alphaOf(s.ci[1]))}, ${f3(alphaOf(s.ci[0]))}] | ${f3(t.theory.alpha)} |`);
  }
  blocks['finite-size-scaling'] = lines.join('\n');
}
{
  const lines = [`| field | N | glasses | median max | CSN α̂ [glasses] | x_min quantile share | Fréchet α̂ [glasses] | ${QUANTILES.map((q) => `α̂ above q = ${q}`).join(' | ')} |`, `|---|---|---|---|---|---|---|${QUANTILES.map(() => '---').join('|')}|`];
  for (const t of tails) {
    t.sizes.forEach((r, s) => {
      const med = t.maxScaling?.typical[s];
      const share = r.fit ? r.fit.ntail / r.fit.n : NaN;
      lines.push(`| ${FIELD_LABEL[t.field]} | ${r.n} | ${r.glasses} | ${med === undefined ? '–' : med.toPrecision(3)} | ${r.fit ? `${f2(r.fit.alpha)} [${f2(r.fit.ci[0])}, ${f2(r.fit.ci[1])}]` : '–'} | ${Number.isFinite(share) ? share.toExponential(1) : '–'} | ${r.frechet ? `${f2(r.frechet.alpha)} [${f2(r.frechet.alphaCi[0])}, ${f2(r.frechet.alphaCi[1])}]` : '–'} | ${QUANTILES.map((q) => { const w = r.windows?.find((x) => x.quantile === q); return w ? `${f2(w.alpha)} [${f2(w.ci[0])}, ${f2(w.ci[1])}]` : '–'; }).join(' | ')} |`);
    });
  }
  blocks['finite-size-fits'] = lines.join('\n');
}
{
  const lines = ['| quantity vs ω over QLMs | N | QLMs | glasses | slope [95 % over glasses] | theory |', '|---|---|---|---|---|---|'];
  for (const { key, label, theory } of PREMISES) {
    const p = premises[key];
    const row = (n: string, s: GroupedSlope | null) => lines.push(`| ${label.replace(/\|/g, '\\|')} | ${n} | ${s?.points ?? 0} | ${s?.groups ?? 0} | ${s ? `${f2(s.slope)} [${f2(s.ci[0])}, ${f2(s.ci[1])}]` : '–'} | ${theory} |`);
    for (const n of sizes) row(String(n), p.bySize[n]);
    row('all', p.all);
    row('all, softest QLM of each glass', p.softest);
  }
  const share = sizes.map((n) => {
    const modes = glasses.filter((g) => g.record.n === n).flatMap((g) => g.record.modes);
    const q = modes.filter((m) => m.participation < QLM_THRESHOLD).length;
    const [p10, med] = percentiles(Float64Array.from(modes, (m) => m.participation), [10, 50]);
    return `N = ${n}: ${q} of ${modes.length} modes (${(100 * q / modes.length).toFixed(1)} %), participation p10 ${p10.toFixed(3)}, median ${med.toFixed(3)}`;
  });
  blocks['finite-size-qlm'] = lines.join('\n') + '\n\nQuasilocalized (participation < ' + QLM_THRESHOLD + ') among the k = ' + glasses[0].record.k + ' lowest modes: ' + share.join('; ') + '.';
}
for (const b of Object.values(blocks)) console.log(b + '\n');

// ---- figures ------------------------------------------------------------------------------
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
async function maxScalingSvg(): Promise<string> {
  const panels: Panel[] = tails.map((t) => {
    const s = t.maxScaling!;
    const perSize = sizes.map((n) => perGlassMaxima(glasses.filter((g) => g.record.n === n).map((g) => t.field === 'c' ? g.sample.c : t.field === 'dcdg' ? g.sample.dcdg.simple : g.sample.dcdg.simple.map((x, a) => x * g.sample.c[a]))));
    const quart = perSize.map((m) => percentiles(m, [25, 75]));
    const lx = sizes.map(Math.log).reduce((a, b) => a + b) / sizes.length;
    const ly = Array.from(s.typical, Math.log).reduce((a, b) => a + b) / sizes.length;
    const line = (b: number) => sizes.map((n) => Math.exp(ly + b * (Math.log(n) - lx)));
    const curves: Curve[] = [
      { label: 'median per-glass max', colour: '#1f77b4', x: sizes, y: s.typical, line: false, marker: 'circle' },
      { label: 'quartiles', colour: '#9ecae1', x: sizes, y: quart.map((q) => q[0]), line: false, marker: 'triangle-down' },
      { label: 'quartiles ', colour: '#9ecae1', x: sizes, y: quart.map((q) => q[1]), line: false, marker: 'triangle-up', legend: false },
      { label: `fit: N^${s.slope.toFixed(2)} [${s.ci[0].toFixed(2)}, ${s.ci[1].toFixed(2)}]`, colour: '#d62728', x: sizes, y: line(s.slope) },
      { label: `theory: N^${t.theory.maxSlope.toFixed(1)} (m/5)`, colour: '#555555', dash: [6, 4], x: sizes, y: line(t.theory.maxSlope) },
    ];
    return { title: `max ${FIELD_LABEL[t.field].replace(/\\/g, '')} per glass`, xTitle: 'N', yTitle: `per-glass max ${FIELD_LABEL[t.field].replace(/\\/g, '')}`, curves };
  });
  return vegaLiteToSvg(chartSpec(panels, { xTitle: 'N', yTitle: '', xLog: true, yLog: true, legendOrient: 'bottom', width: 280, height: 260, title: 'Per-glass maximum against N (median, quartiles; 95 % interval of the slope over glasses)' }));
}
async function windowsSvg(): Promise<string> {
  const panels: Panel[] = tails.map((t) => {
    const curves: Curve[] = t.sizes.map((r, s) => ({
      label: `N = ${r.n}`, colour: COLOURS[s % COLOURS.length], marker: 'circle' as const,
      x: (r.windows ?? []).map((w) => 1 - w.quantile), y: (r.windows ?? []).map((w) => w.alpha),
    }));
    curves.push({ label: `theory ${t.theory.alpha.toFixed(3)}`, colour: '#555555', dash: [6, 4], x: [1e-3, 0.5], y: [t.theory.alpha, t.theory.alpha] });
    const s = t.maxScaling!;
    curves.push({ label: `from max scaling ${alphaOf(s.slope).toFixed(2)}`, colour: '#d62728', dash: [2, 2], x: [1e-3, 0.5], y: [alphaOf(s.slope), alphaOf(s.slope)] });
    return { title: FIELD_LABEL[t.field].replace(/\\/g, ''), curves };
  });
  return vegaLiteToSvg(chartSpec(panels, { xTitle: 'share of values above x_min (window 1 − q)', yTitle: 'α̂ (p(x) ~ x^−α)', xLog: true, legendOrient: 'bottom', width: 280, height: 260, title: 'Tail exponent against the fitting window' }));
}
async function qlmSvg(): Promise<string> {
  const panels: Panel[] = PREMISES.slice(0, 2).map(({ key, label, theory }) => {
    const fit = premises[key].all!;
    const w = qlms.map((p) => p.omega);
    const wl = [Math.min(...w), Math.max(...w)];
    const lx = w.map(Math.log).reduce((a, b) => a + b) / w.length;
    const line = (b: number, a: number) => wl.map((x) => Math.exp(a + b * (Math.log(x) - lx)));
    const mid = fit.intercept + fit.slope * lx;
    const curves: Curve[] = sizes.map((n, s) => ({
      label: `N = ${n}`, colour: COLOURS[s % COLOURS.length], marker: 'circle' as const, line: false,
      x: qlms.filter((p) => p.n === n).map((p) => p.omega), y: qlms.filter((p) => p.n === n).map((p) => p.values[key]),
    }));
    curves.push({ label: `fit: slope ${fit.slope.toFixed(2)} [${fit.ci[0].toFixed(2)}, ${fit.ci[1].toFixed(2)}]`, colour: '#000000', x: wl, y: line(fit.slope, mid) });
    curves.push({ label: `theory: slope ${theory}`, colour: '#555555', dash: [6, 4], x: wl, y: line(theory, mid) });
    return { title: label, xTitle: 'ω of the quasilocalized mode (1/τ0)', yTitle: label, curves };
  });
  return vegaLiteToSvg(chartSpec(panels, { xTitle: '', yTitle: '', xLog: true, yLog: true, legendOrient: 'bottom', width: 320, height: 280, title: `Quasilocalized modes (participation < ${QLM_THRESHOLD}): core maxima against ω` }));
}
const figures = { 'finite-size-max-scaling': await maxScalingSvg(), 'finite-size-windows': await windowsSvg(), 'finite-size-qlm': await qlmSvg() };
for (const [name, svg] of Object.entries(figures)) {
  await writeFile(join(DOCS, 'reproduction', `${name}.svg`), svg);
  await writeFigure(join(OUT, 'figures', `${name}.svg`), svg); // with a PNG beside it, to look at
}

// ---- docs/reproduction.json: finiteSize ------------------------------------------------------
const byField = <T>(f: (t: FieldTails) => T) => Object.fromEntries(tails.map((t) => [t.field, f(t)])) as Record<(typeof TAIL_FIELDS)[number], T>;
const slopeJson = (s: GroupedSlope | null, theory: number) => (s ? { slope: s.slope, lo: s.ci[0], hi: s.ci[1], theory, modes: s.points, glasses: s.groups } : null);
const finiteSize = {
  generatedAt: new Date().toISOString(),
  commands: ['node --import tsx scripts/finite-size/compute.ts runs/finite-size 500,1000,2000,4000 1 200 20 2 0 (and … 2 1 in a second process)', 'node --import tsx scripts/finite-size/report.ts runs/finite-size docs'],
  protocol: 'prepareGlass defaults (the reproduction ensembles\' protocol); dc/dγ of simple shear; k = 20 lowest modes',
  sizes,
  glasses: count,
  maxScaling: byField((t) => ({ slope: t.maxScaling!.slope, lo: t.maxScaling!.ci[0], hi: t.maxScaling!.ci[1], theory: t.theory.maxSlope, statistic: t.maxScaling!.statistic, typical: Array.from(t.maxScaling!.typical) })),
  tailExponents: byField((t) => ({ value: alphaOf(t.maxScaling!.slope), lo: alphaOf(t.maxScaling!.ci[1]), hi: alphaOf(t.maxScaling!.ci[0]), theory: t.theory.alpha, method: 'max-scaling: α = 1 + 1/b from the slope b of ln(median per-glass max) vs ln N' })),
  qlm: {
    c: slopeJson(premises.c.all, -4), dcdg: slopeJson(premises.dcdg.all, -8), dcdgPure: slopeJson(premises.dcdgPure.all, -8), threshold: QLM_THRESHOLD,
    softestPerGlass: { c: slopeJson(premises.c.softest, -4), dcdg: slopeJson(premises.dcdg.softest, -8), dcdgPure: slopeJson(premises.dcdgPure.softest, -8) },
  },
  perSize: Object.fromEntries(sizes.map((n, s) => [n, byField((t) => {
    const r = t.sizes[s];
    return {
      csn: r.fit ? { alpha: r.fit.alpha, lo: r.fit.ci[0], hi: r.fit.ci[1], xmin: r.fit.xmin, ntail: r.fit.ntail, glassesInTail: r.fit.glassesInTail } : null,
      softSpots: r.softSpots ? { lo: r.softSpots.ci[0], hi: r.softSpots.ci[1], clusters: r.softSpots.clusters } : null,
      frechet: r.frechet ? { alpha: r.frechet.alpha, lo: r.frechet.alphaCi[0], hi: r.frechet.alphaCi[1] } : null,
      windows: (r.windows ?? []).map((w) => ({ quantile: w.quantile, alpha: w.alpha, lo: w.ci[0], hi: w.ci[1] })),
      qlm: t.field === 'cdcdg' ? null : slopeJson(premises[t.field as Premise].bySize[n], t.field === 'c' ? -4 : -8),
    };
  })])),
};
const jsonPath = join(DOCS, 'reproduction.json');
const doc = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, unknown>;
doc.finiteSize = finiteSize;
await writeFile(jsonPath, JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
await fillMarkdown(join(DOCS, 'reproduction.md'), blocks);
console.log(`wrote ${jsonPath} (finiteSize), ${Object.keys(figures).map((f) => join(DOCS, 'reproduction', `${f}.svg`)).join(', ')}`);
