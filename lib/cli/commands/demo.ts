/** `softspot demo`: a small ensemble end to end, in a few minutes on two cores. */
import { join, resolve } from 'node:path';
import { defineCommand, parseNumber } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { particlesOption } from './prepare-options.js';
import { expectRunnable, modelOptions, resolveRunModel, runWithProgress } from './run.js';
import { defaultWorkers } from '../../ensemble/pool.js';
import { DEFAULT_SEED0, MIN_SAMPLE_PARTICLES, SAMPLES_RULE } from '../../ensemble/identity.js';
import { particlesRule } from '../limits.js';

/** Demo defaults: measured to finish in a few minutes on 2 cores (docs/ensemble.md). */
export const DEMO_DEFAULTS = Object.freeze({ samples: 16, n: 1000, seed0: DEFAULT_SEED0, out: 'softspot-demo', sampleTimeout: 180 });

export const demo = defineCommand({
  name: 'demo',
  summary: `a small ensemble end to end (${DEMO_DEFAULTS.samples} glasses of N = ${DEMO_DEFAULTS.n}), with figures and report.html`,
  synopsis: 'demo [--out DIR] [--samples K] [--n N] [--workers W] [--model PRESET|FILE.json [--dim D]]',
  description: `Prepares ${DEMO_DEFAULTS.samples} glasses of N = ${DEMO_DEFAULTS.n} by the paper's protocol, computes c_α, dc_α/dγ and
the first plastic events in the four directions, and writes the HDF5 files, events.csv,
summary.json, the figures and a self-contained report.html (open it in a browser).
Same as \`softspot run --samples ${DEMO_DEFAULTS.samples} --n ${DEMO_DEFAULTS.n} --seed0 ${DEMO_DEFAULTS.seed0} --out ${DEMO_DEFAULTS.out}
--sample-timeout ${DEMO_DEFAULTS.sampleTimeout}\` (run has no sample timeout by default); resumable.
--model takes the presets of \`softspot run\` or a model file, params.json (3D glasses take
much longer per sample: use a smaller --n and --samples).`,
  options: {
    ...modelOptions,
    out: { ...sharedOptions.outOptional('results directory', 'DIR'), default: DEMO_DEFAULTS.out },
    samples: { kind: 'number', arg: 'K', rule: SAMPLES_RULE, default: DEMO_DEFAULTS.samples, help: 'number of glasses' },
    n: { ...particlesOption(MIN_SAMPLE_PARTICLES, 'particles per glass'), default: DEMO_DEFAULTS.n },
    workers: { kind: 'number', arg: 'W', rule: { integer: true, min: 1 }, default: defaultWorkers(), help: 'worker threads', defaultText: `available cores, ${defaultWorkers()} here` },
    'sample-timeout': {
      kind: 'number', arg: 'S', rule: { min: 0 }, default: DEMO_DEFAULTS.sampleTimeout,
      help: 'give up on a sample after S seconds (a 2D sample of N = 1000 takes ~5 s on one core)',
    },
  },
}, async ({ values: v }, context) => {
  parseNumber('n', String(v.n), particlesRule(MIN_SAMPLE_PARTICLES, v.workers));
  const model = (await resolveRunModel(v.model, v.dim)).model;
  expectRunnable({ samples: v.samples, n: v.n, seed0: DEMO_DEFAULTS.seed0, model, ...(v.dim !== undefined ? { dim: v.dim as 2 | 3 } : {}), prepare: {}, events: {} });
  const out = resolve(v.out);
  const t0 = performance.now();
  const { code, summary } = await runWithProgress({
    samples: v.samples, n: v.n, seed0: DEMO_DEFAULTS.seed0, out, model, ...(v.dim !== undefined ? { dim: v.dim as 2 | 3 } : {}), workers: v.workers, sampleTimeout: v['sample-timeout'], quiet: false,
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
});
