/** `softspot figures DIR --out OUT`: re-aggregate an ensemble from its HDF5 files. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { integerOption, onePositional } from '../options.js';
import { aggregate } from '../../ensemble/aggregate.js';

const usage = `Usage: softspot figures <results-dir> [--out DIR] [options]

Reads every sample of <results-dir>/samples/*.h5 and writes events.csv, summary.json,
figures/ (SVG and PNG) and report.html into --out (default: <results-dir>).

Options:
  --out DIR            where to write (default: the results directory)
  --xi X               bin size ξ of the predictability ranks (default 5)
  --viewer-samples K   samples in the report's bond-field viewer (default 8)
`;

export const figures: Command = {
  name: 'figures',
  summary: 're-aggregate an ensemble: events.csv, summary.json, figures, report.html',
  usage,
  async run(args, { stderr }) {
    const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, xi: { type: 'string' }, 'viewer-samples': { type: 'string' } } });
    const dir = onePositional(positionals, 'results directory');
    const r = await aggregate(dir, { outDir: v.out ?? dir, xi: integerOption('xi', v.xi, 5, 1), viewerSamples: integerOption('viewer-samples', v['viewer-samples'], 8, 0) });
    stderr.write(`figures: ${r.samples} samples (${r.failed} failed) → ${r.eventsCsv}, ${r.summaryJson}, ${r.figures.length} figure files, ${r.report}\n`);
    return r.samples > 0 ? 0 : 1;
  },
};
