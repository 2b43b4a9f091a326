/** `softspot aqs config.xyz --mode simple|pure --sign +|-`: the first plastic event under AQS. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption, onePositional } from '../options.js';
import { readXyzFile, writeXyzFile } from '../../io/index.js';
import { firstEventAsync, type AqsEvent } from '../../aqs/index.js';
import { expectOneOf } from '../../validate.js';

const usage = `Usage: softspot aqs <config.xyz> --mode simple|pure --sign +|- [options]

Shears a minimized glass athermally and quasistatically (DESIGN §6) and finds its first
plastic event: the critical strain γ_c to the requested precision (γ_c = upper end of the
final bracket, a magnitude along the direction), the energy and stress drops, and the
particle with the largest non-affine displacement across the event (with its position in
the input glass). The input is taken as γ = 0 of H(γ)·cell.

Options:
  --mode simple|pure         deformation H = [[1,γ],[0,1]] or [[1+γ/2,0],[0,1−γ/2]] (required)
  --sign +|-                 direction: H(+γ) or H(−γ) (required)
  --protocol fast|reference  linear response + Newton + saddle-node step control (default),
                             or fixed steps + CG + bisection (the paper's, slow)
  --precision X              width of the final strain bracket (default 1e-8)
  --step X                   reference: strain step (default 1e-4); fast: largest step (default 2e-3)
  --max-strain X             give up beyond this strain (default 0.5)
  --minimizer cg|fire        minimizer of the reference steps and of the post-event state (default cg)
  --pinned K                 particle held fixed in the Hessian (default 0)
  --json                     print the result as one JSON object on stdout
  --out-after FILE           write the post-event minimum (at γ_c) as extended XYZ
  --out-before FILE          write the last elastic minimum (at γ_lo) as extended XYZ
  --quiet                    no progress on stderr
`;

/** The JSON record printed by --json (DESIGN §9: gammaC, particle, energyDrop, stressDrop, ...). */
export function eventJson(event: AqsEvent, input: string): Record<string, unknown> {
  const { before: _b, after: _a, ...rest } = event;
  return { config: input, ...rest };
}

export const aqs: Command = {
  name: 'aqs',
  summary: 'first plastic event under athermal quasistatic shear (γ_c to 1e-8)',
  usage,
  async run(args, { stdout, stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        mode: { type: 'string' },
        sign: { type: 'string' },
        protocol: { type: 'string' },
        precision: { type: 'string' },
        step: { type: 'string' },
        'max-strain': { type: 'string' },
        minimizer: { type: 'string' },
        pinned: { type: 'string' },
        json: { type: 'boolean' },
        'out-after': { type: 'string' },
        'out-before': { type: 'string' },
        quiet: { type: 'boolean' },
      },
    });
    const path = onePositional(positionals, 'configuration file (.xyz)');
    if (values.mode === undefined) throw new UsageError('--mode is required (simple or pure)');
    if (values.sign === undefined) throw new UsageError('--sign is required (+ or -)');
    const mode = expectOneOf('--mode', values.mode, ['simple', 'pure'] as const);
    const sign = expectOneOf('--sign', values.sign, ['+', '-'] as const);
    const protocol = expectOneOf('--protocol', values.protocol ?? 'fast', ['fast', 'reference'] as const);
    const minimizer = expectOneOf('--minimizer', values.minimizer ?? 'cg', ['cg', 'fire'] as const);
    const positive = (x: number): boolean => x > 0;
    const precision = numberOption('precision', values.precision, 1e-8, (x) => x >= 1e-13, 'a number >= 1e-13');
    const step = numberOption('step', values.step, protocol === 'fast' ? 2e-3 : 1e-4, positive, 'a number > 0');
    const maxStrain = numberOption('max-strain', values['max-strain'], 0.5, positive, 'a number > 0');
    const pinned = integerOption('pinned', values.pinned, 0, 0);
    const config = await readXyzFile(path);
    if (pinned >= config.n) throw new UsageError(`--pinned: expected an integer < N = ${config.n}, got ${pinned}`);
    let last = 0;
    const event = await firstEventAsync(config, {
      direction: `${mode}${sign}`,
      protocol, precision, step, maxStrain, minimizer, pinned,
      configurations: values['out-after'] !== undefined || values['out-before'] !== undefined,
      onProgress: values.quiet ? undefined : (p) => {
        const now = performance.now();
        if (p.phase !== 'event' && now - last < 1000) return;
        last = now;
        stderr.write(`aqs ${mode}${sign} ${p.protocol}: ${p.phase} γ = ${p.gamma.toPrecision(12)}` +
          `${Number.isFinite(p.gammaHi) ? ` < γ_hi = ${p.gammaHi.toPrecision(12)}` : ''}` +
          `${Number.isFinite(p.lambdaMin) ? `, λ_min = ${p.lambdaMin.toExponential(2)}` : ''}, steps ${p.steps}\n`);
      },
    });
    if (values['out-after'] !== undefined) await writeXyzFile(values['out-after'], event.after!);
    if (values['out-before'] !== undefined) await writeXyzFile(values['out-before'], event.before!);
    const s = event.statistics;
    if (values.json) stdout.write(JSON.stringify(eventJson(event, path)) + '\n');
    else {
      stdout.write(
        `${event.direction} (${event.protocol}): γ_c = ${event.gammaC.toPrecision(12)} ` +
        `(bracket [${event.gammaLo.toPrecision(12)}, ${event.gammaHi.toPrecision(12)}])\n` +
        `  particle ${event.particle} at (${event.particlePosition.map((x) => x.toFixed(6)).join(', ')}) in the input glass, ` +
        `displacement ${event.maxDisplacement.toPrecision(6)}\n` +
        `  energy ${event.energyBefore.toPrecision(15)} → ${event.energyAfter.toPrecision(15)} (drop ${event.energyDrop.toPrecision(6)})\n` +
        `  stress ${event.stressBefore.toPrecision(10)} → ${event.stressAfter.toPrecision(10)} (drop ${event.stressDrop.toPrecision(6)})\n` +
        `  λ_min ${event.lambdaMinBefore.toExponential(3)} → ${event.lambdaMinAfter.toExponential(3)}\n`);
    }
    if (!values.quiet) {
      stderr.write(`aqs: ${s.steps} steps, ${s.minimizerIterations} minimizer iterations, ${s.factorizations} factorizations, ` +
        `${(s.timeMs / 1000).toFixed(2)} s\n`);
    }
    return 0;
  },
};
