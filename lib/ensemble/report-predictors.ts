/**
 * The predictor-benchmark section of report.html: what `softspot predictors`
 * wrote into <results-dir>/predictors/ (predictors.json and the pooled C(λ) figure of each
 * N), shown as one table per N at the report's ξ (⟨λ⟩ / C(0.1) / AUC per direction, the
 * paired counts against P⁺) and the figure. The section is read, never computed, here: the
 * aggregation (`softspot run`, `softspot figures`) includes it whenever the directory exists,
 * and `softspot predictors` re-renders the report after writing it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INDICATOR_STYLE } from '../predictors/figures.js';
import { isIndicatorName } from '../predictors/index.js';
import { DIRECTIONS_2D } from '../space/index.js';
import { esc, fmt, svgFigure, table } from './html.js';
import { figureName, type PredictorsJson } from './predictors.js';

/** The subdirectory of a results directory where `softspot predictors` writes by default. */
export const PREDICTORS_SUBDIR = 'predictors';

/** What the section shows: the JSON and the pooled figure of each N, or why it could not be read. */
export type PredictorsReportData =
  | { json: PredictorsJson; figures: Map<string, string> }
  | { error: string };

const COLUMNS = [...DIRECTIONS_2D, 'all'] as const;

/** The entries must be objects of numbers; anything else means the file is not predictors.json. */
function checkShape(json: unknown): json is PredictorsJson {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  return Object.entries(json).every(([n, byName]) => /^\d+$/.test(n) && byName !== null && typeof byName === 'object' &&
    Object.values(byName as object).every((byDir) => byDir !== null && typeof byDir === 'object' &&
      Object.values(byDir as object).every((byXi) => byXi !== null && typeof byXi === 'object' &&
        Object.values(byXi as object).every((m) => m !== null && typeof m === 'object' && typeof (m as { meanLambda?: unknown }).meanLambda === 'number'))));
}

/**
 * Reads <resultsDir>/predictors/: undefined when there is no predictors.json (the section is
 * left out), `{ error }` when it cannot be read or is not what `softspot predictors` writes.
 */
export async function readPredictorsForReport(resultsDir: string): Promise<PredictorsReportData | undefined> {
  const dir = join(resultsDir, PREDICTORS_SUBDIR);
  const path = join(dir, 'predictors.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { error: `${path}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `${path}: not JSON (${(error as Error).message}); rerun \`softspot predictors\`` };
  }
  if (!checkShape(json)) return { error: `${path}: not the { N: { indicator: { direction: { ξ: metrics } } } } of \`softspot predictors\`; rerun it` };
  const figures = new Map<string, string>();
  for (const n of Object.keys(json)) {
    const name = figureName(Number(n), 'all');
    try { figures.set(n, await readFile(join(dir, name), 'utf8')); } catch { /* the table is shown without it */ }
  }
  return { json, figures };
}

/**
 * The section's HTML. `xi` is the report's bin size; when predictors.json has no entry at
 * it, the section uses its first ξ and says so.
 */
export function renderPredictorsSection(data: PredictorsReportData, xi: number): string {
  const head = '<h2>Structural indicators (<code>softspot predictors</code>)</h2>';
  if ('error' in data) return `${head}\n<p>Not shown: ${esc(data.error)}.</p>`;
  const sizes = Object.keys(data.json).sort((a, b) => Number(a) - Number(b));
  const parts = [head, `<p>Every indicator ranked at the same first events (docs/predictors.md): ⟨λ⟩ (0.5 = no prediction, 0 = the event's bin first), C(0.1) and the AUC of "this bin hosts the event" (0.5 = none). Better / worse / tied: events where the indicator's λ is below / above / equal to that of P⁺, over the four directions.</p>`];
  for (const n of sizes) {
    const byName = data.json[n];
    const xis = Object.keys(Object.values(Object.values(byName)[0] ?? {})[0] ?? {});
    const key = xis.includes(String(xi)) ? String(xi) : xis[0];
    if (key === undefined) continue;
    const rows = Object.entries(byName).map(([name, byDir]) => {
      const label = isIndicatorName(name) ? `${name}: ${INDICATOR_STYLE[name].label}` : name;
      const all = byDir.all?.[key];
      return [
        label,
        ...COLUMNS.map((d) => { const m = byDir[d]?.[key]; return m ? `${fmt(m.meanLambda)} / ${fmt(m.c01)} / ${fmt(m.auc)}` : '–'; }),
        all ? (name === 'pPlus' ? '(reference)' : `${all.better} / ${all.worse} / ${all.tied}`) : '–',
      ];
    });
    const events = COLUMNS.slice(0, 4).map((d) => `${d} ${byName.pPlus?.[d]?.[key]?.n ?? '–'}`).join(', ');
    parts.push(`<h3>N = ${esc(n)}, ξ = ${esc(key)}${key !== String(xi) ? ` (no entry at the report's ξ = ${xi})` : ''}</h3>`);
    parts.push(`<p>Events: ${esc(events)}.</p>`);
    parts.push(table(['indicator', ...COLUMNS.map((d) => `${d} ⟨λ⟩ / C(0.1) / AUC`), 'vs P⁺ better / worse / tied'], rows));
    const svg = data.figures.get(n);
    if (svg !== undefined) parts.push(svgFigure(`predictors-n${n}`, svg, `C(λ) of every indicator, N = ${n}, the four directions pooled`));
  }
  return parts.join('\n');
}
