/** `softspot prepare --n N --seed S --out glass.xyz`: one glass by the paper's protocol (DESIGN §3). */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption } from '../options.js';
import { createProgress } from '../progress.js';
import { writeXyzFile } from '../../io/index.js';
import { prepareGlass } from '../../md/prepare.js';

const usage = `Usage: softspot prepare --n N --seed S --out glass.xyz [options]

Prepares one glass: random start with overlaps removed softly, liquid at --t-liquid for
--liquid-time, instant quench to --t-anneal for --anneal-time (velocity Verlet, CSVR
thermostat τ = 0.5 τ0), conjugate gradient, then Newton to the double-precision floor of
the forces. The same options and seed give the same glass bit for bit. Times in τ0.

Options:
  --n N               number of particles (required; 50:50 small/large, N/V = 0.86)
  --seed S            random seed, a non-negative integer (required)
  --out FILE          output configuration (extended XYZ), written atomically (required)
  --t-liquid T        liquid temperature (default 1.0)
  --liquid-time t     duration of the liquid run (default 20)
  --t-anneal T        annealing temperature, just below T_g ≈ 0.5 (default 0.45)
  --anneal-time t     duration of the anneal (default 100)
  --dt dt             time step (default 0.005)
  --no-timings        leave wall-clock timings out of the file (byte-identical reruns)
  --quiet             no progress on stderr

Progress goes to stderr: a bar on a terminal, otherwise lines
  progress phase=anneal done=54 total=120 fraction=0.4500 elapsed=12.1 eta=14.8 T=0.452 E/N=4.1
`;

export const prepare: Command = {
  name: 'prepare',
  summary: 'prepare a glass: liquid MD, quench, anneal, minimize (CG + Newton)',
  usage,
  async run(args, { stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        n: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        't-liquid': { type: 'string' },
        'liquid-time': { type: 'string' },
        't-anneal': { type: 'string' },
        'anneal-time': { type: 'string' },
        dt: { type: 'string' },
        'no-timings': { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.n === undefined) throw new UsageError('--n is required');
    if (values.seed === undefined) throw new UsageError('--seed is required');
    if (!values.out) throw new UsageError('--out is required');
    const n = integerOption('n', values.n, 0, 2);
    const seed = integerOption('seed', values.seed, 0, 0);
    const nonNegative = (x: number) => x >= 0;
    const tLiquid = numberOption('t-liquid', values['t-liquid'], 1.0, nonNegative, 'a number >= 0');
    const tEquilibrate = numberOption('liquid-time', values['liquid-time'], 20, nonNegative, 'a number >= 0');
    const tAnneal = numberOption('t-anneal', values['t-anneal'], 0.45, nonNegative, 'a number >= 0');
    const anneal = numberOption('anneal-time', values['anneal-time'], 100, nonNegative, 'a number >= 0');
    const dt = numberOption('dt', values.dt, 0.005, (x) => x > 0 && x <= 0.05, 'a number in (0, 0.05]');

    const progress = values.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'τ0' });
    const result = prepareGlass({
      n, seed, tLiquid, tEquilibrate, tAnneal, anneal, dt,
      timings: !values['no-timings'],
      onProgress: progress === null ? undefined : (p) => {
        if (p.phase === 'minimize' || p.phase === 'polish') {
          progress.update(p.phase, p.iterations, p.iterations, { 'max|F|': p.maxForce.toExponential(2), 'E/N': p.energyPerParticle.toFixed(6) });
        } else if (p.phase !== 'done') {
          progress.update(p.phase, p.time, p.total, { T: p.temperature.toFixed(3), 'E/N': p.energyPerParticle.toFixed(4) });
        }
      },
    });
    await writeXyzFile(values.out, result.config);
    progress?.finish(
      `prepared N=${n} seed=${seed}: E/N = ${(result.energy / n).toPrecision(12)}, max |force| = ${result.maxForce.toExponential(2)}, ` +
      `${result.cgIterations} CG iterations + ${result.newtonIterations} Newton steps, ${result.wall.total.toFixed(1)} s → ${values.out}`);
    return 0;
  },
};
