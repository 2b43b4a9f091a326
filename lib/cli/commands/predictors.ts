/** `softspot predictors DIR... [--out OUT]`: the predictor benchmark on ensemble results (docs/predictors.md). */
import { checkOutputDirectory, writeRepeats } from '../output.js';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { InputError, UsageError } from '../errors.js';
import { checkInputDirectory } from '../input.js';
import { createProgress } from '../progress.js';
import { writeError, writeFileAtomic } from '../../io/index.js';
import { DIRECTIONS_2D } from '../../space/index.js';
import { INDICATOR_NAMES, REFERENCE_INDICATOR, type IndicatorName } from '../../predictors/index.js';
import { figureName, predictorsJson, PredictorsBenchmark, PREDICTORS_DEFAULTS, type SizePredictors } from '../../ensemble/predictors.js';
import { eachSample, type SampleRepeat } from '../../ensemble/sample-stream.js';
import { readSampleHdf5 } from '../../ensemble/hdf5.js';
import type { InvalidSample } from '../../ensemble/types.js';
import { aggregate } from '../../ensemble/aggregate.js';
import { PREDICTORS_SUBDIR } from '../../ensemble/report-predictors.js';
import { predictorCdfSvg } from '../../predictors/figures.js';
import { writeFigure } from '../../plot/render.js';
import { ArgumentRangeError } from '../../errors.js';
import { MIN_BIN_SIZE } from '../../stats/grid-nd.js';

const COLUMNS = [...DIRECTIONS_2D, 'all'] as const;

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'nan');

/** The Markdown table of one size and ξ: per indicator and direction ⟨λ⟩ / C(0.1) / AUC, and the pooled counts. */
function table(s: SizePredictors, xi: number, names: readonly IndicatorName[]): string {
  const key = String(xi);
  const head = ['indicator', ...COLUMNS.map((d) => `${d} ⟨λ⟩ / C(0.1) / AUC`), 'vs P⁺ better/worse/tied', 'tied events'];
  const rows = names.map((name) => {
    const all = s.metrics[name]?.all?.[key];
    return [
      name,
      ...COLUMNS.map((d) => {
        const m = s.metrics[name]?.[d]?.[key];
        return m ? `${f3(m.meanLambda)} / ${f3(m.c01)} / ${f3(m.auc)}` : '–';
      }),
      all && name !== REFERENCE_INDICATOR ? `${all.vsReference.better}/${all.vsReference.worse}/${all.vsReference.tied}` : '–',
      all ? String(all.tiedEvents) : '–',
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]): string => `| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  const events = DIRECTIONS_2D.map((d) => `${d} ${s.events[d]}`).join(', ');
  return [`N = ${s.n}, ${s.glasses} glasses (events: ${events}), ξ = ${xi}`, '', fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

/** `names` joined by ", " in lines of at most 88 characters, indented by 2. */
function wrapList(names: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line === '' ? name : `${line}, ${name}`;
    if (next.length > 86 && line !== '') { lines.push(`${line},`); line = name; } else line = next;
  }
  lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}

export const predictors = defineCommand({
  name: 'predictors',
  summary: 'predictor benchmark: C(λ), mean λ and AUC of structural indicators at the first events',
  synopsis: 'predictors <results-dir>... [--out DIR] [--indicators a,b,…] [--xi 4,5,6] [--modes K] [--json] [options]',
  description: `Reads every sample of the results directories of \`softspot run\` (samples/*.h5) and
ranks each glass's first plastic events under the structural indicators of
docs/predictors.md:
${wrapList(INDICATOR_NAMES)}.
The stored c and dc/dγ are used as they are; the non-affine velocity (and, for the mode
indicators, the --modes lowest modes) is solved per glass. Glasses are grouped by N.
Writes into --out: predictors.json ({ N: { indicator: { direction: { ξ: { n, meanLambda,
c01, auc, tiedEvents, better, worse, tied } } } } }, the last three paired against
P⁺ = pPlus event by event), and per N and direction (and 'all', the four pooled) a C(λ)
figure with every indicator, one panel per ξ (c-lambda-n<N>-<direction>.svg and .png).
With one results directory --out defaults to <results-dir>/predictors; writing there also
re-aggregates the directory (as \`softspot figures\`) so that its report.html shows the
benchmark (a table per N at ξ = 5 and the pooled C(λ) figure).
Prints one Markdown table per N and ξ (⟨λ⟩ / C(0.1) / AUC per direction), or with --json
the numbers of predictors.json. Progress per glass on stderr. Each ξ needs at least 4 bins along each cell vector
(N ≳ 260 at ξ = 5, N ≳ 380 at ξ = 6 at density 0.86).
2D poly results (--model poly) take the d-generic route (lib/nd) with the same fields.
3D results (--model ka, ipl3d, poly --dim 3): the same four directions, ξ-cubes averaged
with their 26 neighbours. 3D boxes are small in λ: pass --xi (e.g. --xi 2 for ka at
N = 2000; ξ = 4, 5, 6 need N ≳ 3300, 6400, 11100 for ka).`,
  positional: 'results directory',
  variadic: true,
  options: {
    out: sharedOptions.outOptional('directory for predictors.json and the figures', 'DIR', '<results-dir>/predictors with one results directory'),
    indicators: { kind: 'list', arg: 'NAME,…', choices: INDICATOR_NAMES, default: INDICATOR_NAMES, defaultText: 'all', help: 'indicators to compare (pPlus is always added: the paired counts need it)' },
    xi: { kind: 'string', arg: 'X,X,…', default: PREDICTORS_DEFAULTS.xis.join(','), help: `bin sizes ξ (λ), each ≥ ${MIN_BIN_SIZE}, each once` },
    modes: { kind: 'number', arg: 'K', rule: { integer: true, min: 1 }, default: PREDICTORS_DEFAULTS.modes, help: 'lowest modes searched for quasilocalized modes (mode indicators)' },
    json: sharedOptions.json('print the numbers of predictors.json as one JSON object on stdout'),
    quiet: sharedOptions.quiet(),
  },
}, async ({ values: v, inputs }, { stdout, stderr }) => {
  const xis = v.xi.split(',').map((t) => t.trim()).map((t, k, all) => {
    const x = t === '' ? NaN : Number(t);
    if (!(Number.isFinite(x) && x >= MIN_BIN_SIZE)) {
      throw new UsageError(`--xi: expected comma-separated bin sizes ≥ ${MIN_BIN_SIZE} λ, got ${t === '' ? `an empty entry (number ${k + 1})` : `"${t}"`} in "${v.xi}"` +
        `${x > 0 && x < MIN_BIN_SIZE ? ` (a bin much smaller than the particles' spacing holds one point or none)` : ''}`);
    }
    if (all.slice(0, k).some((u) => Number(u) === x)) throw new UsageError(`--xi: ${t} is given twice in "${v.xi}"; give each bin size once`);
    return x;
  });
  if (v.out === undefined && inputs.length > 1) throw new UsageError(`--out is required with more than one results directory (got ${inputs.length})`);
  const out = v.out ?? join(inputs[0], PREDICTORS_SUBDIR);
  // Into a results directory's own predictors/: its report.html gets the section (re-aggregated below).
  const ownResults = inputs.length === 1 && resolve(out) === resolve(inputs[0], PREDICTORS_SUBDIR) ? inputs[0] : undefined;
  const names = INDICATOR_NAMES.filter((n) => n === REFERENCE_INDICATOR || v.indicators.includes(n));
  for (const dir of inputs) await checkInputDirectory(dir, 'samples', 'the results directory of `softspot run` (with samples/)');
  checkOutputDirectory(out, 'out'); // before the ranking, which takes seconds a glass
  // The samples are read one at a time and only their ranks are kept (PredictorsBenchmark).
  const invalid: InvalidSample[] = [];
  const repeats: SampleRepeat[] = [];
  let read = 0, total = 0, complete = 0, ranked = 0;
  const progress = v.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'glasses' });
  const benchmark = new PredictorsBenchmark({ indicators: names, xis, modes: v.modes });
  const warnInvalid = (): void => {
    for (const f of invalid) stderr.write(`predictors: warning: ${f.path} is not a valid sample file (${f.reason}); left out\n`);
  };
  try {
    for await (const sample of eachSample(inputs, readSampleHdf5, invalid, (done, t) => { read = done; total = t; }, repeats)) {
      complete++;
      // A glass without any event is read (it counts in the total) but has nothing to rank.
      if (!sample.events.some((e) => e.particle >= 0)) {
        progress?.update('glasses', read, total, { sample: sample.id, s: 'no event' });
        continue;
      }
      const seconds = benchmark.add(sample);
      ranked++;
      progress?.update('glasses', read, total, { sample: sample.id, s: seconds.toFixed(1) });
    }
  } catch (error) {
    progress?.finish();
    warnInvalid(); // the files found invalid so far, as after a complete read
    // A ξ too large for a glass (fewer than 4 bins along a cell vector) is the user's --xi.
    const m = error instanceof ArgumentRangeError ? /^(sample \S+ \(N = \d+\)): xi: (expected .*)$/s.exec(error.message) : null;
    if (m) throw new UsageError(`--xi: ${m[1]}: ${m[2]}`);
    throw error;
  }
  progress?.finish();
  warnInvalid();
  writeRepeats('predictors', repeats, stderr);
  if (complete === 0) {
    throw new InputError(inputs[0], `${inputs.join(', ')}: no complete samples in samples/; expected the results of \`softspot run\` (run it, or wait for it to finish a sample)`);
  }
  if (ranked === 0) {
    throw new InputError(inputs[0], `${inputs.join(', ')}: none of the ${complete} samples has a first plastic event (all directions reached the largest strain); nothing to rank`);
  }
  const sizes: SizePredictors[] = benchmark.sizes();

  const json = predictorsJson(sizes);
  await mkdir(out, { recursive: true }).catch((error: unknown) => {
    throw writeError(out, error, 'nothing was written there: give --out a directory you can write to');
  });
  const jsonPath = join(out, 'predictors.json');
  await writeFileAtomic(jsonPath, `${JSON.stringify(json, null, 1)}\n`);
  const files = [jsonPath];
  for (const s of sizes) {
    for (const dir of COLUMNS) {
      files.push(...await writeFigure(join(out, figureName(s.n, dir)), await predictorCdfSvg(s.metrics, dir, s.n, xis)));
    }
  }
  let report = '';
  if (ownResults !== undefined) {
    if (!v.quiet) stderr.write(`predictors: re-aggregating ${ownResults} for its report.html\n`);
    report = `; ${(await aggregate(ownResults)).report} shows them`;
  }
  if (v.json) stdout.write(`${JSON.stringify(json)}\n`);
  else stdout.write(`${sizes.flatMap((s) => xis.map((xi) => table(s, xi, names))).join('\n\n')}\n`);
  for (const s of sizes) for (const note of s.notes) stderr.write(`predictors: warning: ${note}\n`);
  const skipped = complete - ranked;
  stderr.write(`predictors: ${ranked} glass${ranked > 1 ? 'es' : ''} at N = ${sizes.map((s) => s.n).join(', ')} from ${inputs.length} director${inputs.length > 1 ? 'ies' : 'y'}` +
    `${skipped ? `, ${skipped} without any event left out` : ''}${invalid.length ? `, ${invalid.length} invalid file(s) left out` : ''} → ${files.length} files in ${out}${report}\n`);
  return invalid.length === 0 ? 0 : 1;
});
