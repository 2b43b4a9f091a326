/** `softspot aqs config.xyz --mode simple|pure --sign +|-`: the first plastic event under AQS. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { checkPinned, onGlass, readInputGlass } from '../input.js';
import { eventOptions } from './event-options.js';
import { writeXyzFile } from '../../io/index.js';
import { AQS_DEFAULTS, firstEventAsync, type AqsEvent } from '../../aqs/index.js';
import { SHEAR_MODES, directionName, shearModes, type DirectionName } from '../../space/index.js';
import { dimensionOf } from '../../config.js';
import { UsageError } from '../errors.js';

/** The JSON record printed by --json (DESIGN §9: gammaC, particle, energyDrop, stressDrop, ...). */
export function eventJson(event: AqsEvent, input: string): Record<string, unknown> {
  const { before: _b, after: _a, ...rest } = event;
  return { config: input, ...rest };
}

export const aqs = defineCommand({
  name: 'aqs',
  summary: 'first plastic event under athermal quasistatic shear (γ_c to 1e-8)',
  synopsis: `aqs <config.xyz> --mode ${SHEAR_MODES.join('|')} --sign +|- [options]`,
  description: `Shears a minimized glass athermally and quasistatically (DESIGN §6) and finds its first
plastic event: the critical strain γ_c to the requested precision (γ_c = upper end of the
final bracket, a magnitude along the direction), the energy and stress drops, and the
particle with the largest non-affine displacement across the event (with its position in
the input glass). The input is taken as γ = 0 of H(γ)·cell. 3D glasses (DESIGN §10) take
the modes simple (x moves with y), simple-xz, simple-yz and pure; both protocols work in
2D and 3D (fast by default).`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    mode: {
      kind: 'choice', choices: SHEAR_MODES, required: true,
      help: `H = 1 + γE: simple E = e_x e_yᵀ, pure E = diag(½, −½[, 0]);\n3D also simple-xz E = e_x e_zᵀ, simple-yz E = e_y e_zᵀ`,
    },
    sign: { kind: 'choice', choices: ['+', '-'], required: true, help: 'direction: H(+γ) or H(−γ)' },
    ...eventOptions,
    step: {
      kind: 'number', arg: 'X', rule: eventOptions.step.rule, help: eventOptions.step.help,
      defaultText: `${AQS_DEFAULTS.step.fast} fast, ${AQS_DEFAULTS.step.reference} reference`,
    },
    'allow-force-jumps': {
      kind: 'flag',
      help: 'shear a glass whose pair force does not vanish at the cutoff (lj or ipl with q = 0, as LAMMPS\'s lj/cut),\nrefused otherwise: its minimum jumps at every cutoff crossing, and the first crossing is reported as the event',
    },
    minimizer: { kind: 'choice', arg: 'cg|fire', choices: ['cg', 'fire'], default: AQS_DEFAULTS.minimizer, help: 'minimizer of the reference steps and of the post-event state' },
    pinned: sharedOptions.pinned(),
    json: sharedOptions.json(),
    'out-after': { kind: 'string', arg: 'FILE', help: 'write the post-event minimum (at γ_c) as extended XYZ' },
    'out-before': { kind: 'string', arg: 'FILE', help: 'write the last elastic minimum (at γ_lo) as extended XYZ' },
    quiet: sharedOptions.quiet(),
  },
}, async ({ values: v, input }, { stdout, stderr }) => {
  const config = await readInputGlass(input, v, 'aqs', [2, 3]);
  checkPinned(v.pinned, config);
  const d = dimensionOf(config);
  if (!shearModes(d).includes(v.mode)) {
    throw new UsageError(`--mode: ${v.mode} is a mode of 3D glasses, and ${input} is ${d}D; use ${shearModes(d).join(' or ')}`);
  }
  const protocol = v.protocol ?? AQS_DEFAULTS.protocol;
  const direction: DirectionName = directionName(v.mode, v.sign === '+' ? 1 : -1);
  let last = 0;
  const event = await onGlass(input, () => firstEventAsync(config, {
    direction,
    protocol, precision: v.precision, step: v.step ?? AQS_DEFAULTS.step[protocol], maxStrain: v['max-strain'],
    minimizer: v.minimizer, pinned: v.pinned, allowForceJumps: v['allow-force-jumps'],
    configurations: v['out-after'] !== undefined || v['out-before'] !== undefined,
    onProgress: v.quiet ? undefined : (p) => {
      const now = performance.now();
      if (p.phase !== 'event' && now - last < 1000) return;
      last = now;
      stderr.write(`aqs ${direction} ${p.protocol}: ${p.phase} γ = ${p.gamma.toPrecision(12)}` +
        `${Number.isFinite(p.gammaHi) ? ` < γ_hi = ${p.gammaHi.toPrecision(12)}` : ''}` +
        `${Number.isFinite(p.lambdaMin) ? `, λ_min = ${p.lambdaMin.toExponential(2)}` : ''}, steps ${p.steps}\n`);
    },
  }));
  if (v['out-after'] !== undefined) await writeXyzFile(v['out-after'], event.after!);
  if (v['out-before'] !== undefined) await writeXyzFile(v['out-before'], event.before!);
  const s = event.statistics;
  if (v.json) stdout.write(JSON.stringify(eventJson(event, input)) + '\n');
  else {
    stdout.write(
      `${event.direction} (${event.protocol}${s.handOverGamma !== undefined ? `; the reference protocol from γ = ${s.handOverGamma.toPrecision(12)}, where the continuation stalled` : ''}): ` +
      `γ_c = ${event.gammaC.toPrecision(12)} ` +
      `(bracket [${event.gammaLo.toPrecision(12)}, ${event.gammaHi.toPrecision(12)}])\n` +
      `  particle ${event.particle} at (${event.particlePosition.map((x) => x.toFixed(6)).join(', ')}) in the input glass, ` +
      `displacement ${event.maxDisplacement.toPrecision(6)}\n` +
      `  energy ${event.energyBefore.toPrecision(15)} → ${event.energyAfter.toPrecision(15)} (drop ${event.energyDrop.toPrecision(6)})\n` +
      `  stress ${event.stressBefore.toPrecision(10)} → ${event.stressAfter.toPrecision(10)} (drop ${event.stressDrop.toPrecision(6)})\n` +
      `  λ_min ${event.lambdaMinBefore.toExponential(3)} → ${event.lambdaMinAfter.toExponential(3)}\n`);
  }
  if (!v.quiet) {
    stderr.write(`aqs: ${s.steps} steps, ${s.minimizerIterations} minimizer iterations, ${s.factorizations} factorizations, ` +
      `${(s.timeMs / 1000).toFixed(2)} s\n`);
  }
  return 0;
});
