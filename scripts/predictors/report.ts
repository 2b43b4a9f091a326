/**
 * The results of the predictor benchmark, docs/predictors.md "Results" (issue 20, part 4),
 * from the ensembles written by scripts/predictors/run.sh:
 *
 *   node --import tsx scripts/predictors/report.ts [RUNS=runs/pred] [DOCS=docs]
 *
 * Reads RUNS/n2000 and RUNS/n10000 (results directories of `softspot run`; a missing one is
 * left out), ranks every
 * glass's first events under the eleven indicators (lib/ensemble ensemblePredictors, the code
 * of `softspot predictors`, k = 20 modes, ξ = 4, 5, 6), and writes DOCS/predictors.json, the
 * figures DOCS/predictors/c-lambda-n<N>-all.svg (the four directions pooled; the per-direction
 * ones are what `softspot predictors` writes) and the generated tables of
 * DOCS/predictors.md (between `<!-- generated:predictors-* -->` markers); prints them.
 *
 * Methods, fixed before the results were looked at:
 * - the headline bin size is the paper's ξ = 5; ξ = 4 and 6 are shown pooled over the
 *   four directions as a robustness check;
 * - intervals: percentile bootstrap over glasses (B = 1000, seed 1): the glasses of one N
 *   are resampled with replacement and the metrics recomputed (benchmarkMetrics), so the
 *   four events of a glass stay together;
 * - "best in a direction": the highest pooled AUC at ξ = 5 (the AUC is not flattered by
 *   ties as λ is). An indicator is "indistinguishable from the best" when the 95 % interval
 *   of the paired bootstrap difference AUC(best) − AUC(other) contains 0. The same rule on
 *   ⟨λ⟩ (lowest best) is reported beside it;
 * - P⁺ against each other indicator: the paired better/worse/tied counts of λ per event.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensemblePredictors, type SizePredictors } from '../../lib/ensemble/predictors.js';
import { readEnsembleSamples } from '../../lib/ensemble/sample-stream.js';
import { predictorCdfSvg } from '../../lib/predictors/figures.js';
import { benchmarkMetrics, INDICATOR_NAMES, type BenchmarkMetrics, type GlassEventRanks, type IndicatorName } from '../../lib/predictors/index.js';
import { DIRECTIONS_2D } from '../../lib/space/index.js';
import { createRng, percentiles } from '../../lib/stats/index.js';
import { fillMarkdown } from '../reproduction/markdown.js';

const RUNS = process.argv[2] ?? 'runs/pred';
const DOCS = process.argv[3] ?? 'docs';
const SIZES = [2000, 10000];
const XIS = [4, 5, 6];
const XI = '5';
const BOOTSTRAP = 1000;
const COLUMNS = [...DIRECTIONS_2D, 'all'] as const;
type Column = (typeof COLUMNS)[number];
const METRICS = ['meanLambda', 'c01', 'auc'] as const;
type Metric = (typeof METRICS)[number];

/** metric(indicator, column) at ξ = 5 of one metrics table (NaN when absent). */
const at = (m: BenchmarkMetrics, name: IndicatorName, col: Column, metric: Metric, xi = XI): number => m[name]?.[col]?.[xi]?.[metric] ?? NaN;

interface Interval { lo: number; hi: number }
interface SizeResult {
  size: SizePredictors;
  /** ci[indicator][column][metric] at ξ = 5. */
  ci: Record<string, Record<string, Record<Metric, Interval>>>;
  /** Per bootstrap replicate, metric[indicator][column] (for the paired differences). */
  replicates: BenchmarkMetrics[];
}

function bootstrap(size: SizePredictors): SizeResult {
  const glasses: GlassEventRanks[] = size.ranks.map((r) => r.ranks);
  const rng = createRng(1);
  const replicates: BenchmarkMetrics[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    const pick = Array.from({ length: glasses.length }, () => glasses[Math.floor(rng.uniform() * glasses.length)]);
    replicates.push(benchmarkMetrics(pick, { xis: [5] }));
  }
  const ci: SizeResult['ci'] = {};
  for (const name of INDICATOR_NAMES) {
    ci[name] = {};
    for (const col of COLUMNS) {
      ci[name][col] = Object.fromEntries(METRICS.map((metric) => {
        const v = Float64Array.from(replicates, (r) => at(r, name, col, metric)).filter(Number.isFinite);
        const [lo, hi] = v.length ? percentiles(v, [2.5, 97.5]) : [NaN, NaN];
        return [metric, { lo, hi }];
      })) as Record<Metric, Interval>;
    }
  }
  return { size, ci, replicates };
}

/** 95 % interval of the paired difference metric(a) − metric(b) over the replicates. */
function difference(r: SizeResult, a: IndicatorName, b: IndicatorName, col: Column, metric: Metric): Interval {
  const v = Float64Array.from(r.replicates, (m) => at(m, a, col, metric) - at(m, b, col, metric)).filter(Number.isFinite);
  const [lo, hi] = percentiles(v, [2.5, 97.5]);
  return { lo, hi };
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');
const ci3 = (i: Interval): string => `[${f3(i.lo)}, ${f3(i.hi)}]`;
const dirLabel = (c: Column): string => (c === 'all' ? 'all four' : c.replace(/-$/, '−'));

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Per N: ⟨λ⟩ / AUC per direction at ξ = 5, then the pooled metrics with intervals and the counts against P⁺. */
function sizeTables(r: SizeResult): string {
  const m = r.size.metrics;
  const events = DIRECTIONS_2D.map((d) => `${dirLabel(d)} ${r.size.events[d]}`).join(', ');
  const perDirection = mdTable(['indicator', ...COLUMNS.map((c) => `${dirLabel(c)}: ⟨λ⟩ / AUC`)],
    INDICATOR_NAMES.map((name) => [`\`${name}\``, ...COLUMNS.map((c) => `${f3(at(m, name, c, 'meanLambda'))} / ${f3(at(m, name, c, 'auc'))}`)]));
  const pooled = mdTable(['indicator', '⟨λ⟩ [95 % CI]', 'C(0.1) [95 % CI]', 'AUC [95 % CI]', 'vs P⁺: better / worse / tied', 'tied events'],
    INDICATOR_NAMES.map((name) => {
      const all = m[name]?.all?.[XI];
      const c = r.ci[name].all;
      return [`\`${name}\``, `${f3(at(m, name, 'all', 'meanLambda'))} ${ci3(c.meanLambda)}`, `${f3(at(m, name, 'all', 'c01'))} ${ci3(c.c01)}`,
        `${f3(at(m, name, 'all', 'auc'))} ${ci3(c.auc)}`,
        all === undefined ? '–' : name === 'pPlus' ? '(reference)' : `${all.vsReference.better} / ${all.vsReference.worse} / ${all.vsReference.tied}`,
        all === undefined ? '–' : String(all.tiedEvents)];
    }));
  return [`**N = ${r.size.n}**: ${r.size.glasses} glasses; events ${events}. ξ = 5, per direction:`, '', perDirection, '',
    `The four directions pooled (intervals: bootstrap over glasses):`, '', pooled].join('\n');
}

/** ξ = 4, 5, 6, pooled directions: ⟨λ⟩ / AUC per N. */
function xiTable(results: SizeResult[]): string {
  const head = ['indicator', ...results.flatMap((r) => XIS.map((xi) => `N = ${r.size.n}, ξ = ${xi}`))];
  return mdTable(head, INDICATOR_NAMES.map((name) => [`\`${name}\``, ...results.flatMap((r) => XIS.map((xi) =>
    `${f3(at(r.size.metrics, name, 'all', 'meanLambda', String(xi)))} / ${f3(at(r.size.metrics, name, 'all', 'auc', String(xi)))}`))]));
}

/** The statement: per N and direction the best by AUC and by ⟨λ⟩, and those indistinguishable from it. */
function bestStatement(results: SizeResult[]): { text: string; json: Record<string, Record<string, unknown>> } {
  const lines: string[] = [];
  const json: Record<string, Record<string, unknown>> = {};
  for (const r of results) {
    json[r.size.n] = {};
    lines.push(`**N = ${r.size.n}** (ξ = 5):`, '');
    for (const col of COLUMNS) {
      const pick = (metric: Metric, better: (a: number, b: number) => boolean) => {
        let best: IndicatorName = INDICATOR_NAMES[0];
        for (const name of INDICATOR_NAMES) if (better(at(r.size.metrics, name, col, metric), at(r.size.metrics, best, col, metric))) best = name;
        const tiedWith = INDICATOR_NAMES.filter((name) => name !== best).filter((name) => {
          const d = difference(r, best, name, col, metric);
          return d.lo <= 0 && d.hi >= 0;
        });
        return { best, value: at(r.size.metrics, best, col, metric), ci: r.ci[best][col][metric], tiedWith };
      };
      const auc = pick('auc', (a, b) => a > b);
      const lambda = pick('meanLambda', (a, b) => a < b);
      const pPlusVsBest = auc.best === 'pPlus' ? null : difference(r, auc.best, 'pPlus', col, 'auc');
      json[r.size.n][col] = { byAuc: auc, byMeanLambda: lambda, aucBestMinusPPlus: pPlusVsBest };
      const tiedEvents = (name: IndicatorName): number => r.size.metrics[name]?.[col]?.[XI]?.tiedEvents ?? 0;
      const others = (l: string[]) => (l.length ? `indistinguishable from it: ${l.map((n) => `\`${n}\``).join(', ')}` : 'ahead of every other indicator');
      lines.push(`- ${dirLabel(col)}: by AUC \`${auc.best}\` ${f3(auc.value)} ${ci3(auc.ci)} (${others(auc.tiedWith)})` +
        `${pPlusVsBest ? `; AUC − AUC(P⁺) = ${ci3(pPlusVsBest)}` : ''}. By ⟨λ⟩ \`${lambda.best}\` ${f3(lambda.value)} ${ci3(lambda.ci)} (${others(lambda.tiedWith)}; ${tiedEvents(lambda.best)} of its ${r.size.metrics[lambda.best]?.[col]?.[XI]?.n ?? 0} events tie with another bin).`);
    }
    lines.push('');
  }
  return { text: lines.join('\n').trimEnd(), json };
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  const sizes = SIZES.filter((n) => existsSync(join(RUNS, `n${n}`, 'samples')));
  if (sizes.length === 0) throw new Error(`${RUNS}: none of ${SIZES.map((n) => `n${n}/samples`).join(', ')}; run scripts/predictors/run.sh first`);
  for (const n of sizes) {
    const dir = join(RUNS, `n${n}`);
    const { samples, invalid } = await readEnsembleSamples([dir]);
    if (invalid.length) throw new Error(`${dir}: ${invalid.length} invalid sample files (${invalid[0].path}: ${invalid[0].reason}); rerun softspot run there`);
    const withEvents = samples.filter((s) => s.events.some((e) => e.particle >= 0));
    process.stderr.write(`N = ${n}: ${samples.length} glasses (${withEvents.length} with events)\n`);
    const t = performance.now();
    const [size] = ensemblePredictors(withEvents, {
      xis: XIS,
      onGlass: (done, total) => { if (done % 10 === 0 || done === total) process.stderr.write(`  ${done}/${total} ${((performance.now() - t) / 1000).toFixed(0)} s\n`); },
    });
    results.push(bootstrap(size));
  }

  const json: Record<string, Record<string, Record<string, Record<string, unknown>>>> = {};
  for (const r of results) {
    json[r.size.n] = {};
    for (const name of INDICATOR_NAMES) {
      json[r.size.n][name] = {};
      for (const col of COLUMNS) {
        const m = r.size.metrics[name]?.[col]?.[XI];
        if (m === undefined) continue;
        const c = r.ci[name][col];
        json[r.size.n][name][col] = {
          meanLambda: m.meanLambda, c01: m.c01, auc: m.auc,
          meanLambdaCI: [c.meanLambda.lo, c.meanLambda.hi], c01CI: [c.c01.lo, c.c01.hi], aucCI: [c.auc.lo, c.auc.hi],
          n: m.n, tiedEvents: m.tiedEvents, ...m.vsReference,
        };
      }
    }
  }
  const best = bestStatement(results);
  await writeFile(join(DOCS, 'predictors.json'), `${JSON.stringify(json, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`);
  await mkdir(join(DOCS, 'predictors'), { recursive: true });
  for (const r of results) {
    for (const col of ['all'] as const) {
      const name = `c-lambda-n${r.size.n}-${col.replace('+', '-plus').replace(/-$/, '-minus')}.svg`;
      await writeFile(join(DOCS, 'predictors', name), await predictorCdfSvg(r.size.metrics, col, r.size.n, XIS));
    }
  }
  const generated: Record<string, string> = {
    'predictors-xi': xiTable(results),
    'predictors-best': best.text,
  };
  for (const r of results) generated[`predictors-n${r.size.n}`] = sizeTables(r);
  await fillMarkdown(join(DOCS, 'predictors.md'), generated);
  await writeFile(join(RUNS, 'best.json'), `${JSON.stringify(best.json, null, 1)}\n`);
  for (const [k, v] of Object.entries(generated)) process.stdout.write(`## ${k}\n\n${v}\n\n`);
}

main().catch((error: unknown) => { process.stderr.write(`${(error as Error).stack ?? String(error)}\n`); process.exit(1); });
