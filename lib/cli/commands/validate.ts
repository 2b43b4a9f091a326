/** `softspot validate config.xyz`: the paper's Fig. S1 check of dc/dγ by finite differences. */
import { defineCommand } from '../options.js';
import { checkOutputKindPath, checkOutputPaths } from '../output.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { onGlass, readInputGlass } from '../input.js';
import { farPolishWarning, glassAtMinimum } from '../polish.js';
import { formatCsvNumber, writeFileAtomic } from '../../io/index.js';
import { DEFAULT_DGAMMA, validateResponse } from '../../lhc/index.js';
import { MIN_DGAMMA } from '../../lhc/fd-compare.js';
import { SHEAR_MODES, shearModes, type ShearMode } from '../../space/index.js';
import { dimensionOf } from '../../config.js';
import { UsageError } from '../errors.js';

export const validate = defineCommand({
  name: 'validate',
  summary: "check dc/dγ against finite differences (the paper's Fig. S1)",
  synopsis: 'validate <config.xyz> [options]',
  description: `The paper's numerical validation (Supplemental Fig. S1): deform affinely by Δγ,
re-minimize (Newton), recompute c_α, and compare Δc/Δγ with the analytic dc/dγ through
Err = 100·|dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|) (percent). Prints the median, 90th and
99th percentiles and the fraction of interactions below 1e-2 % for each shear mode:
simple and pure for a 2D glass; simple, simple-xz, simple-yz and pure for a 3D glass
(docs/design.md §10 presets), re-minimized by Newton with the glass's own model.
The laws are smooth only to a finite order at the cutoff, so c_α or dc_α/dγ jumps where a
pair crosses it: each mode's step is kept below half the strain of its nearest cutoff
crossing (predicted to linear order from the response), and the crossing is reported.
The paper's forward difference errs by O(Δγ): on a glass with a very soft mode its Err
reaches percents while dc/dγ is exact (an audit: a 2D poly glass, lowest eigenvalue 0.1,
median 3.8 % forward at 1e-5, 0.14 % --central, 0.0014 % --central --dgamma 1e-6).
--central errs by O(Δγ²); shrinking --dgamma then tells truncation from a real error.`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    dgamma: {
      kind: 'number', arg: 'X', rule: { min: MIN_DGAMMA, max: 0.1, why: 'a finite-difference step, well inside the elastic range and above rounding (c is computed to ~1e-13 relative)' },
      default: DEFAULT_DGAMMA, help: "strain step Δγ, in [1e-9, 0.1] (the paper's)",
    },
    mode: {
      kind: 'list', arg: 'LIST', choices: SHEAR_MODES, defaultText: 'every mode of the dimension: simple,pure in 2D; simple,simple-xz,simple-yz,pure in 3D',
      help: `shear modes to check, comma-separated: ${SHEAR_MODES.join(', ')} (simple-xz, simple-yz: 3D only)`,
    },
    central: { kind: 'flag', help: "central differences instead of the paper's forward difference" },
    out: { kind: 'string', arg: 'FILE', help: 'also write mode,i,j,dcdg,fd,err_percent per interaction (CSV; err_percent = Err in %)' },
    json: sharedOptions.json('print the summary as JSON'),
  },
}, async ({ values, input: path }, { stdout, stderr }) => {
  const { dgamma } = values;
  checkOutputPaths([path, values.model], { out: values.out });
  if (values.out !== undefined) checkOutputKindPath(values.out, 'out', 'csv');
  const config = await readInputGlass(path, values, 'validate', [2, 3], (line) => stderr.write(line));
  const d = dimensionOf(config);
  const modes: ShearMode[] = values.mode ?? shearModes(d);
  for (const m of modes) {
    if (!shearModes(d).includes(m)) {
      throw new UsageError(`--mode: "${m}" needs a 3D glass; a ${d}D glass has ${shearModes(d).join(', ')}`);
    }
  }
  // The glass at its minimum, as lhc takes it: a polish far from the input is said (the
  // check is then of a glass near the input, not of the input itself).
  const atMinimum = await onGlass(path, async () => glassAtMinimum(config, 0));
  stderr.write(farPolishWarning('validate', atMinimum.polishShift, atMinimum.maxForceInput, config));
  const result = await onGlass(path, () => validateResponse(atMinimum.config, { dgamma, modes, central: values.central }));
  const summary = Object.fromEntries(Object.entries(result.modes).map(([mode, v]) => [mode, {
    interactions: v!.count, dropped: v!.dropped, median: v!.median, p90: v!.p90, p99: v!.p99, fractionBelow1em2: v!.fractionBelow1em2,
    dgammaUsed: v!.dgamma,
    crossing: Number.isFinite(v!.crossing.gamma)
      ? { gamma: v!.crossing.gamma, sign: v!.crossing.sign ?? 1, i: v!.crossing.i, j: v!.crossing.j, entering: v!.crossing.entering, reach: v!.crossing.reach }
      : { gamma: null, reach: v!.crossing.reach },
  }]));
  if (values.out) {
    const lines = ['mode,i,j,dcdg,fd,err_percent'];
    for (const [mode, v] of Object.entries(result.modes)) {
      for (let a = 0; a < v!.count; a++) {
        lines.push(`${mode},${v!.i[a]},${v!.j[a]},${formatCsvNumber(v!.analytic[a])},${formatCsvNumber(v!.finiteDifference[a])},${formatCsvNumber(v!.err[a])}`);
      }
    }
    await writeFileAtomic(values.out, lines.join('\n') + '\n');
  }
  if (values.json) {
    stdout.write(JSON.stringify({ file: path, dim: result.dim, dgamma, central: result.central, modes: summary }, null, 2) + '\n');
    return 0;
  }
  // The step of each mode in its row: a mode whose step was cut below a cutoff crossing is
  // otherwise read as checked at the step asked for (the header's, before 2026-12-07).
  const reduced = Object.values(summary).filter((s) => s.dgammaUsed < dgamma).length;
  stdout.write(`Err = 100·|dc/dγ − Δc/Δγ| / min(|·|, |·|) in percent, ${result.central ? 'central' : 'forward'} differences, Δγ = ${dgamma}` +
    `${reduced > 0 ? ` asked, reduced for ${reduced} of ${Object.keys(summary).length} modes (column Δγ; a cutoff crossing, below)` : ''}\n`);
  stdout.write('mode       Δγ          interactions  median      90th        99th        fraction < 1e-2 %\n');
  for (const [mode, s] of Object.entries(summary)) {
    stdout.write(`${mode.padEnd(10)} ${s.dgammaUsed.toExponential(2).padEnd(10)}  ${String(s.interactions).padStart(12)}  ${s.median.toExponential(2).padEnd(10)}  ${s.p90.toExponential(2).padEnd(10)}  ${s.p99.toExponential(2).padEnd(10)}  ${(100 * s.fractionBelow1em2).toFixed(2)} %\n`);
  }
  for (const [mode, v] of Object.entries(result.modes)) {
    const c = v!.crossing;
    const where = Number.isFinite(c.gamma)
      ? `pair (${c.i}, ${c.j}) ${c.entering ? 'enters' : 'leaves'} the cutoff at Δγ ≈ ${((c.sign ?? 1) * c.gamma).toExponential(2)}`
      : `none below Δγ = ${c.reach.toExponential(2)}`;
    const step = v!.dgamma < dgamma ? `; step reduced to ${v!.dgamma.toExponential(2)} (half the crossing)` : '';
    stdout.write(`${mode}: nearest cutoff crossing: ${where}${step}\n`);
  }
  // A forward difference's truncation error reads as an error of dc/dγ: say what tells them apart.
  if (!result.central && Object.values(summary).some((s) => s.median > 1e-2)) {
    stdout.write('note: forward differences err by O(Δγ) (a soft mode makes that percents); --central errs by O(Δγ²): ' +
      'if its Err falls as Δγ² with a smaller --dgamma, the difference is truncation, not dc/dγ\n');
  }
  return 0;
});
