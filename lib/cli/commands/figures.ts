/** `softspot figures DIR --out OUT`: re-aggregate an ensemble from its HDF5 files. */
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { checkInputDirectory } from '../input.js';
import { InputError, UsageError } from '../errors.js';
import { existsSync, statSync } from 'node:fs';
import { sampleFileIds } from '../../ensemble/store.js';
import { createProgress } from '../progress.js';
import { AGGREGATE_DEFAULTS, aggregate } from '../../ensemble/aggregate.js';
import { MIN_BIN_SIZE } from '../../stats/grid-nd.js';

export const figures = defineCommand({
  name: 'figures',
  summary: 're-aggregate an ensemble: events.csv, summary.json, figures, report.html',
  synopsis: 'figures <results-dir> [--out DIR] [options]',
  description: `Reads every sample of <results-dir>/samples/*.h5 and writes events.csv, summary.json,
figures/ (SVG and PNG) and report.html into --out (default: <results-dir>). A file that
is not a complete sample is named, left out, and makes the exit code 1 (rerun
\`softspot run\` with the same options to recompute it).`,
  positional: 'results directory',
  options: {
    out: sharedOptions.outOptional('where to write', 'DIR', 'the results directory'),
    xi: {
      kind: 'number', arg: 'X', rule: { min: MIN_BIN_SIZE }, defaultText: `the ξ of the output directory's summary.json, else ${AGGREGATE_DEFAULTS.xi}`,
      help: `bin size ξ of the predictability ranks, ≥ ${MIN_BIN_SIZE} λ (λ needs at least 4 bins along each cell vector: ξ ≤ L/3.5)`,
    },
    'viewer-samples': { kind: 'number', arg: 'K', rule: { integer: true, min: 0 }, default: AGGREGATE_DEFAULTS.viewerSamples, help: "samples in the report's bond-field viewer" },
    quiet: sharedOptions.quiet(),
  },
}, async ({ values: v, input: dir }, { stderr }) => {
  await checkInputDirectory(dir, 'samples', 'the results directory of `softspot run` (with samples/)');
  if (v.out !== undefined && existsSync(v.out) && !statSync(v.out).isDirectory()) throw new UsageError(`--out: ${v.out} is a file; give a directory (made if missing)`);
  // No sample file at all: the aggregates already there (of an earlier aggregation) are kept, not rewritten empty.
  if ((await sampleFileIds(dir)).length === 0) throw new InputError(dir, `${dir}: samples/ holds no sample file (*.h5); nothing was written`);
  const progress = v.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'samples' });
  // Without --xi the aggregation keeps the ξ it finds (as a resumed run and predictors do): `run --xi 3` then `figures DIR` stays at 3.
  const r = await aggregate(dir, { outDir: v.out ?? dir, ...(v.xi !== undefined ? { xi: v.xi } : {}), viewerSamples: v['viewer-samples'], onSample: (done, total) => progress?.update('read', done, total) });
  progress?.finish();
  for (const f of r.invalid) stderr.write(`figures: warning: ${f.path} is not a valid sample file (${f.reason}); left out\n`);
  for (const w of r.summary.warnings) stderr.write(`figures: warning: ${w}\n`);
  stderr.write(`figures: ${r.samples} samples (${r.failed} failed${r.invalid.length ? `, ${r.invalid.length} invalid file(s) left out: rerun \`softspot run\` with the same options to recompute them` : ''})` +
    ` → ${r.eventsCsv}, ${r.summaryJson}, ${r.figures.length} figure files, ${r.report}\n`);
  return r.samples > 0 && r.invalid.length === 0 ? 0 : 1;
});
