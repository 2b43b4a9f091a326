/** `softspot demo`: a small ensemble end to end, in a few minutes on two cores. */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { integerOption, numberOption } from '../options.js';
import { runWithProgress } from './run.js';
import { defaultWorkers } from '../../ensemble/pool.js';

/** Demo defaults: measured to finish in a few minutes on 2 cores (docs/ensemble.md). */
export const DEMO_DEFAULTS = Object.freeze({ samples: 16, n: 1000, seed0: 1, out: 'softspot-demo', sampleTimeout: 180 });

const usage = `Usage: softspot demo [--out DIR] [--samples K] [--n N] [--workers W]

Prepares ${DEMO_DEFAULTS.samples} glasses of N = ${DEMO_DEFAULTS.n} by the paper's protocol, computes c_α, dc_α/dγ and
the first plastic events in the four directions, and writes the HDF5 files, events.csv,
summary.json, the figures and a self-contained report.html (open it in a browser).
Same as \`softspot run --samples ${DEMO_DEFAULTS.samples} --n ${DEMO_DEFAULTS.n} --seed0 1 --out ${DEMO_DEFAULTS.out}\`; resumable.

Options:
  --out DIR       results directory (default ./${DEMO_DEFAULTS.out})
  --samples K     number of glasses (default ${DEMO_DEFAULTS.samples})
  --n N           particles per glass (default ${DEMO_DEFAULTS.n})
  --workers W     worker threads (default: available cores, ${defaultWorkers()} here)
  --sample-timeout S  give up on a sample after S seconds (default ${DEMO_DEFAULTS.sampleTimeout}; a sample takes ~20 s)
`;

export const demo: Command = {
  name: 'demo',
  summary: `a small ensemble end to end (${DEMO_DEFAULTS.samples} glasses of N = ${DEMO_DEFAULTS.n}), with figures and report.html`,
  usage,
  async run(args, context) {
    const { values: v } = parseArgs({ args, options: { out: { type: 'string' }, samples: { type: 'string' }, n: { type: 'string' }, workers: { type: 'string' }, 'sample-timeout': { type: 'string' } } });
    const out = resolve(v.out ?? DEMO_DEFAULTS.out);
    const t0 = performance.now();
    const { code, summary } = await runWithProgress({
      samples: integerOption('samples', v.samples, DEMO_DEFAULTS.samples, 1),
      n: integerOption('n', v.n, DEMO_DEFAULTS.n, 8),
      seed0: DEMO_DEFAULTS.seed0,
      out,
      workers: integerOption('workers', v.workers, defaultWorkers(), 1),
      sampleTimeout: numberOption('sample-timeout', v['sample-timeout'], DEMO_DEFAULTS.sampleTimeout, (x) => x >= 0, 'a number >= 0'),
      quiet: false,
    }, context);
    const a = summary.aggregate;
    context.stdout.write([
      '',
      `softspot demo finished in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${a?.samples ?? 0} glasses, ${a?.failed ?? 0} failed.`,
      `  report   ${a?.report ?? join(out, 'report.html')}`,
      `  figures  ${join(out, 'figures')}/`,
      `  tables   ${a?.eventsCsv ?? ''}, ${a?.summaryJson ?? ''}`,
      `  samples  ${join(out, 'samples')}/*.h5`,
      '',
    ].join('\n'));
    return code;
  },
};
