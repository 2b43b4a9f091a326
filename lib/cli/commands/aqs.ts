/** `softspot aqs config.xyz --mode simple|pure --sign +|-`: the first plastic event under AQS. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { checkPinned, onGlass, readInputGlassWithIds } from '../input.js';
import { eventOptions } from './event-options.js';
import { checkOutputGlassCell, checkOutputGlassMasses, checkOutputGlassPath, checkOutputPaths, writeOutputGlass } from '../output.js';
import { farPolishWarning, glassAtMinimum } from '../polish.js';
import { AQS_DEFAULTS, firstEventAsync, NoEventError, type AqsEvent } from '../../aqs/index.js';
import { expectStepRange } from '../../aqs/types.js';
import { SHEAR_MODES, directionName, shearModes, type DirectionName } from '../../space/index.js';
import { dimensionOf, type Configuration } from '../../config.js';
import { UsageError } from '../errors.js';

/** The JSON record printed by --json (docs/design.md §9: gammaC, particle, energyDrop, stressDrop, ...); `event`: 1 for the first, k for the k-th of --events. */
export function eventJson(event: AqsEvent, input: string, index = 1, ids?: Int32Array): Record<string, unknown> {
  const { before: _b, after: _a, ...rest } = event;
  return { config: input, event: index, ...rest, ...(ids !== undefined ? { particleId: ids[event.particle] } : {}) };
}

export const aqs = defineCommand({
  name: 'aqs',
  summary: 'first plastic event under athermal quasistatic shear (γ_c to 1e-8)',
  synopsis: `aqs <config.xyz> --mode ${SHEAR_MODES.join('|')} --sign +|- [options]`,
  description: `Shears a minimized glass athermally and quasistatically (docs/design.md §6) and
finds its first plastic event: the critical strain γ_c to the requested precision (γ_c =
upper end of the final bracket, a magnitude along the direction), the energy and stress
drops, and the particle with the largest non-affine displacement across the event (with
its position in the input glass). The input is taken as γ = 0 of H(γ)·cell. 3D glasses
(docs/design.md §10) take the modes simple (x moves with y), simple-xz, simple-yz and pure;
both protocols work in 2D and 3D (fast by default).

--events K goes on past the first event: each search starts from the post-event minimum of
the event before, at its γ_c, and strains on along the same path (γ counts from the input).
Each event is printed when found (--json: one JSON object per line, with "event": 1…K).
The post-event minimum is where the minimizer lands from the last elastic state mapped to
γ_c; after a large rearrangement another minimizer or protocol can land in another minimum,
and the events after it then differ.
Of a LAMMPS file, the particle's atom id is printed too (particleId in --json), and the
--out-after/--out-before states carry the ids as column id (OVITO's Particle Identifier).`,
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
    events: {
      kind: 'number', arg: 'K', rule: { integer: true, min: 1 }, default: 1,
      help: 'find K successive events: each search starts from the post-event minimum of the one before, at its γ_c,\non the same path (--max-strain then counts from there)',
    },
    pinned: sharedOptions.pinned(),
    json: sharedOptions.json(),
    'out-after': { kind: 'string', arg: 'FILE', help: 'write the post-event minimum (at γ_c): extended XYZ, a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd) (of the last event, with --events)' },
    'out-before': { kind: 'string', arg: 'FILE', help: 'write the last elastic minimum (at γ_lo): extended XYZ, a LAMMPS data file or a GSD file (of the last event, with --events)' },
    quiet: sharedOptions.quiet(),
  },
}, async ({ values: v, input }, { stdout, stderr }) => {
  for (const option of ['out-after', 'out-before'] as const) if (v[option] !== undefined) checkOutputGlassPath(v[option], option);
  checkOutputPaths([input, v.model], { 'out-after': v['out-after'], 'out-before': v['out-before'] });
  try {
    expectStepRange(v.step ?? AQS_DEFAULTS.step[v.protocol ?? AQS_DEFAULTS.protocol], v.precision, v['max-strain'], { step: '--step', precision: '--precision', maxStrain: '--max-strain' }, v.step === undefined);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { config, ids, masses } = await readInputGlassWithIds(input, v, 'aqs', [2, 3], v.quiet ? undefined : (line) => stderr.write(line));
  const written = { ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}) };
  for (const option of ['out-after', 'out-before'] as const) {
    if (v[option] !== undefined) { checkOutputGlassMasses(v[option], option, config, masses); checkOutputGlassCell(v[option], option, config); }
  }
  checkPinned(v.pinned, config);
  const d = dimensionOf(config);
  if (!shearModes(d).includes(v.mode)) {
    throw new UsageError(`--mode: ${v.mode} is a mode of 3D glasses, and ${input} is ${d}D; use ${shearModes(d).join(' or ')}`);
  }
  const protocol = v.protocol ?? AQS_DEFAULTS.protocol;
  const direction: DirectionName = directionName(v.mode, v.sign === '+' ? 1 : -1);
  const count = v.events;
  const wantStates = v['out-after'] !== undefined || v['out-before'] !== undefined;
  warnIfFarFromMinimum(config, v.pinned, stderr);
  let last = 0;
  let glass = config, gamma0 = 0, previous: AqsEvent | undefined;
  for (let k = 1; k <= count; k++) {
    const label = count > 1 ? ` event ${k}/${count}` : '';
    let event: AqsEvent;
    try {
      // Event k > 1 starts from the post-event minimum of event k − 1 at its γ_c, on the same
      // path: the undeformed cell stays the input's (lib/aqs/first-event.ts, "Continuing").
      event = await onGlass(input, () => firstEventAsync(glass, {
        direction, gamma0, referenceCell: config.cell,
        protocol, precision: v.precision, step: v.step ?? AQS_DEFAULTS.step[protocol], maxStrain: v['max-strain'],
        minimizer: v.minimizer, pinned: v.pinned, allowForceJumps: v['allow-force-jumps'],
        configurations: k < count || wantStates,
        onProgress: v.quiet ? undefined : (p) => {
          const now = performance.now();
          if (p.phase !== 'event' && now - last < 1000) return;
          last = now;
          stderr.write(`aqs ${direction} ${p.protocol}${label}: ${p.phase} γ = ${p.gamma.toPrecision(12)}` +
            `${Number.isFinite(p.gammaHi) ? ` < γ_hi = ${p.gammaHi.toPrecision(12)}` : ''}` +
            `${Number.isFinite(p.lambdaMin) ? `, λ_min = ${p.lambdaMin.toExponential(2)}` : ''}, steps ${p.steps}\n`);
        },
      }));
    } catch (error) {
      if (previous === undefined || !(error instanceof NoEventError)) throw error;
      // The events found so far are on stdout already; keep the last one's states too.
      await writeStates(v, previous, written);
      const files = [v['out-after'], v['out-before']].filter((f) => f !== undefined);
      throw new Error(`event ${k}: no plastic event within strain ${error.maxStrain} of event ${k - 1} (γ_c = ${previous.gammaC.toPrecision(12)}); ` +
        `the ${k - 1} event${k > 2 ? 's' : ''} before it ${k > 2 ? 'are' : 'is'} printed above` +
        `${files.length > 0 ? `, and ${files.join(' and ')} ${files.length > 1 ? 'hold' : 'holds'} the state${files.length > 1 ? 's' : ''} of event ${k - 1}, not ${k}` : ''}; raise --max-strain to look farther`);
    }
    // Every event's particle position is given in the input glass (the particle's index is
    // the same in every state), so that all of them can be set against its maps.
    event.particlePosition = Array.from(config.positions.subarray(d * event.particle, d * event.particle + d)) as AqsEvent['particlePosition'];
    printEvent(event, k);
    if (!v.quiet) {
      const s = event.statistics;
      stderr.write(`aqs${label}: ${s.steps} steps, ${s.minimizerIterations} minimizer iterations, ${s.factorizations} factorizations, ` +
        `${(s.timeMs / 1000).toFixed(2)} s\n`);
    }
    previous = event;
    if (k < count) {
      glass = event.after!;
      gamma0 = event.gammaC;
    }
  }
  await writeStates(v, previous!, written);
  return 0;

  function printEvent(event: AqsEvent, index: number): void {
    const s = event.statistics;
    if (v.json) {
      stdout.write(JSON.stringify(eventJson(event, input, index, ids)) + '\n');
      return;
    }
    stdout.write(
      `${count > 1 ? `event ${index}: ` : ''}` +
      `${event.direction} (${event.protocol}${s.handOverGamma !== undefined ? `; the reference protocol from γ = ${s.handOverGamma.toPrecision(12)}, where the continuation stalled` : ''}): ` +
      `γ_c = ${event.gammaC.toPrecision(12)} ` +
      `(bracket [${event.gammaLo.toPrecision(12)}, ${event.gammaHi.toPrecision(12)}])\n` +
      `  particle ${event.particle}${ids !== undefined ? ` (atom id ${ids[event.particle]})` : ''} at (${event.particlePosition.map((x) => x.toFixed(6)).join(', ')}) in the input glass, ` +
      `displacement ${event.maxDisplacement.toPrecision(6)}\n` +
      `  energy ${event.energyBefore.toPrecision(15)} → ${event.energyAfter.toPrecision(15)} (drop ${event.energyDrop.toPrecision(6)})\n` +
      `  stress ${event.stressBefore.toPrecision(10)} → ${event.stressAfter.toPrecision(10)} (drop ${event.stressDrop.toPrecision(6)})\n` +
      `  λ_min ${event.lambdaMinBefore.toExponential(3)} → ${event.lambdaMinAfter.toExponential(3)}\n`);
  }
});

/**
 * The protocols start with their own Newton (or relaxation) at γ = 0 and do not say how far
 * it moved the glass; measured here by lhc's polish (a glass of another law, read under the
 * wrong model, moves by ~1e-2 λ). A glass Newton cannot polish is left to the protocol,
 * which says what it finds.
 */
function warnIfFarFromMinimum(config: Configuration, pinned: number, stderr: NodeJS.WritableStream): void {
  let polish: ReturnType<typeof glassAtMinimum>;
  try {
    polish = glassAtMinimum(config, pinned);
  } catch {
    return;
  }
  stderr.write(farPolishWarning('aqs', polish.polishShift, polish.maxForceInput, config));
}

/** --out-after / --out-before: the two states of the event (the last one found, with --events); a LAMMPS input's atom ids and masses go along (lib/cli/output.ts). */
async function writeStates(v: { 'out-after'?: string; 'out-before'?: string }, event: AqsEvent, extra: { ids?: Int32Array; masses?: Float64Array }): Promise<void> {
  const write = (path: string, state: Configuration): Promise<void> => writeOutputGlass(path, state, extra);
  if (v['out-after'] !== undefined) await write(v['out-after'], event.after!);
  if (v['out-before'] !== undefined) await write(v['out-before'], event.before!);
}
