/** `softspot tails DIR...`: tail exponents of ensembles by the exponent toolkit of lib/stats (docs/api.md "Tail exponents of an ensemble"). */
import { writeRepeats } from '../output.js';
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { InputError, UsageError } from '../errors.js';
import { checkInputDirectory } from '../input.js';
import { createProgress } from '../progress.js';
import { ensembleTails, pooledProtocolNotes, readTailSamples, TAIL_MODES, TAILS_DEFAULTS, type FieldTails } from '../../ensemble/tails.js';
import { sampleModels, specModel } from '../../ensemble/identity.js';

const FIELD_NAMES = { c: '|c|', dcdg: '|dc/dγ|', cdcdg: '|c·dc/dγ|' } as const;

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'nan');
const ci = (c: [number, number]): string => `[${f3(c[0])}, ${f3(c[1])}]`;

function table(f: FieldTails, mode: string, quantiles: readonly number[]): string {
  const name = f.field === 'c' ? FIELD_NAMES.c : `${FIELD_NAMES[f.field]} (${mode})`;
  const lines = [`${name}: theory α = 1 + 5/${f.theory.m} = ${f3(f.theory.alpha)}, per-glass maximum ~ N^(${f.theory.m}/5) = N^${f3(f.theory.maxSlope)}`];
  const head = ['N', 'glasses', 'x_min', 'ntail', 'α̂ [over glasses]', 'spots', 'α̂ [spots]', 'Fréchet α [glasses]', ...quantiles.map((q) => `q${q} α̂ [glasses]`)];
  const rows = f.sizes.map((s) => [
    String(s.n), String(s.glasses),
    s.fit ? s.fit.xmin.toPrecision(4) : '–', s.fit ? String(s.fit.ntail) : '–',
    s.fit ? `${f3(s.fit.alpha)} ${ci(s.fit.ci)}` : '–',
    s.softSpots ? String(s.softSpots.clusters) : '–', s.softSpots ? ci(s.softSpots.ci) : '–',
    s.frechet ? `${f3(s.frechet.alpha)} ${ci(s.frechet.alphaCi)}` : '–',
    ...quantiles.map((_, k) => (s.windows ? `${f3(s.windows[k].alpha)} ${ci(s.windows[k].ci)}` : '–')),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]): string => r.map((x, c) => x.padStart(widths[c])).join('  ');
  lines.push(fmt(head), ...rows.map(fmt));
  for (const s of f.sizes) for (const note of s.notes) lines.push(`  N = ${s.n}: ${note}`);
  for (const note of f.notes) lines.push(`  ${note}`);
  if (f.maxScaling) {
    lines.push(`  median per-glass maximum vs N: slope ${f3(f.maxScaling.slope)} ${ci(f.maxScaling.ci)} (theory ${f3(f.theory.maxSlope)}) over N = ${Array.from(f.maxScaling.sizes).join(', ')}`);
  }
  return lines.join('\n');
}

export const tails = defineCommand({
  name: 'tails',
  summary: 'tail exponents of ensembles: fits over glasses, soft spots, Fréchet maxima, quantile windows, N-scaling',
  synopsis: 'tails <results-dir>... [--mode simple|pure|simple-xz|simple-yz] [--quantiles 0.5,0.9,0.99] [--json] [options]',
  description: `Reads every sample of the results directories of \`softspot run\` (samples/*.h5), groups the
glasses by N and, for |c|, |dc/dγ| and |c·dc/dγ| of --mode, prints per N: the power-law fit
(x_min by the KS criterion) with its interval from resampling glasses; the same fit's
interval with the number of soft spots (connected clusters of bonds ≥ x_min) as the sample
size; the Fréchet fit of the per-glass maxima (α = 1 + shape); and the fits at x_min fixed
at the --quantiles; then, with two or more sizes, the slope of ln(median per-glass
maximum) against ln N with its interval against the theory m/5. Intervals at 95 %, from
resampling glasses: with fewer than 10 glasses a size they cover less (notes say so); the
tail fit's holds x_min at its KS choice, so it covers about 90 % (the windows show how α̂
moves with x_min). x_min is chosen among at most 200 candidates (every distinct value when
there are no more; docs/api.md, fitPowerLaw).
2D and 3D results (3D: --mode also simple-xz, simple-yz); the directories must hold one
model and dimension (fits never pool glasses of different models). stderr also gives the
sum rule Σc = d(N − 1): its largest relative error over the samples, and progress lines
while the samples are read (of each: its bonds, c and dc/dγ of --mode).
Formulas: docs/api.md "Tail exponents of an ensemble" and lib/stats.`,
  positional: 'results directory',
  variadic: true,
  options: {
    mode: { kind: 'choice', arg: 'simple|pure|simple-xz|simple-yz', choices: TAIL_MODES, default: TAILS_DEFAULTS.mode, help: 'shear mode of dc/dγ (simple-xz, simple-yz: 3D glasses)' },
    quantiles: { kind: 'string', arg: 'Q,Q,…', default: TAILS_DEFAULTS.quantiles.join(','), help: 'quantiles of the fixed x_min windows, each in [0, 1)' },
    bootstrap: { kind: 'number', arg: 'B', rule: { integer: true, min: 100, why: 'a 95 % percentile interval needs its 2.5 % tails: fewer resamples give an interval that may not hold the estimate' }, default: TAILS_DEFAULTS.bootstrap, help: 'resamples of every interval (at least 100)' },
    seed: { kind: 'number', arg: 'S', rule: { integer: true, min: 0 }, default: TAILS_DEFAULTS.seed, help: 'seed of the resampling' },
    json: sharedOptions.json(),
    quiet: sharedOptions.quiet(),
  },
}, async ({ values: v, inputs }, { stdout, stderr }) => {
  const quantiles = v.quantiles.split(',').map((t) => t.trim()).map((t, k) => {
    const q = t === '' ? NaN : Number(t);
    if (!(q >= 0 && q < 1)) {
      throw new UsageError(`--quantiles: expected comma-separated numbers in [0, 1), got ${t === '' ? `an empty entry (number ${k + 1})` : `"${t}"`} in "${v.quantiles}"`);
    }
    return q;
  });
  const twice = quantiles.find((q, k) => quantiles.indexOf(q) !== k);
  if (twice !== undefined) throw new UsageError(`--quantiles: ${twice} is given twice in "${v.quantiles}"; give each quantile once`);
  for (const dir of inputs) await checkInputDirectory(dir, 'samples', 'the results directory of `softspot run` (with samples/)');
  const progress = v.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'samples' });
  const { samples, invalid, repeats } = await readTailSamples(inputs, v.mode, (done, total) => progress?.update('read', done, total));
  progress?.finish();
  for (const f of invalid) stderr.write(`tails: warning: ${f.path} is not a valid sample file (${f.reason}); left out\n`);
  writeRepeats('tails', repeats, stderr);
  if (samples.length === 0) {
    // As predictors says it (and exits 2): a directory without results is bad input.
    throw new InputError(inputs[0]!, `${inputs.join(', ')}: no complete samples in samples/; expected the results of \`softspot run\` (run it, or wait for it to finish a sample)`);
  }
  const models = sampleModels(samples);
  if (models.labels.length > 1) {
    throw new UsageError(`the results hold glasses of ${models.labels.length} models (${models.list}); ` +
      'fit each model on its own: give the directories of one model');
  }
  const [model] = models.labels;
  const is3d = specModel(samples[0].spec).dim === 3;
  if (!is3d && (v.mode === 'simple-xz' || v.mode === 'simple-yz')) throw new UsageError(`--mode ${v.mode}: a 3D shear; these are ${model} glasses (simple or pure)`);
  const fields = ensembleTails(samples, { mode: v.mode, quantiles, bootstrap: v.bootstrap, seed: v.seed });
  for (const note of pooledProtocolNotes(samples).values()) stderr.write(`tails: warning: ${note}\n`);
  const worstSumRule = samples.reduce((w, s) => Math.max(w, s.sumRuleError), 0);
  if (v.json) {
    const replacer = (_: string, x: unknown): unknown => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : typeof x === 'number' && !Number.isFinite(x) ? null : x);
    stdout.write(`${JSON.stringify({ model: specModel(samples[0].spec), mode: v.mode, quantiles, samples: samples.length, invalid: invalid.length, sumRuleMaxRelativeError: worstSumRule, fields }, replacer)}\n`);
  } else {
    stdout.write(`${fields.map((f) => table(f, v.mode, quantiles)).join('\n\n')}\n`);
  }
  const sizes = new Set(samples.map((s) => s.spec.n));
  stderr.write(`tails: ${samples.length} ${model} glasses at ${sizes.size} size${sizes.size > 1 ? 's' : ''} (N = ${[...sizes].sort((a, b) => a - b).join(', ')}) from ${inputs.length} director${inputs.length > 1 ? 'ies' : 'y'}` +
    `${invalid.length ? `, ${invalid.length} invalid file(s) left out` : ''}; sum rule Σc = d(N − 1) to relative error ≤ ${worstSumRule.toExponential(1)}\n`);
  return invalid.length === 0 ? 0 : 1;
});
