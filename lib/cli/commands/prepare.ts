/** `softspot prepare --n N --seed S --out glass.xyz`: one glass by the paper's protocol (DESIGN §3). */
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { createProgress } from '../progress.js';
import { MIN_PARTICLES } from '../input.js';
import { particlesOption, prepareOptions, SEED_RULE } from './prepare-options.js';
import { writeXyzFile } from '../../io/index.js';
import { prepareGlass } from '../../md/prepare.js';

export const prepare = defineCommand({
  name: 'prepare',
  summary: 'prepare a glass: liquid MD, quench, anneal, minimize (CG + Newton)',
  synopsis: 'prepare --n N --seed S --out glass.xyz [options]',
  description: `Prepares one glass: random start with overlaps removed softly, liquid at --t-liquid for
--liquid-time, instant quench to --t-anneal for --anneal-time (velocity Verlet, CSVR
thermostat τ = 0.5 τ0), conjugate gradient, then Newton to the double-precision floor of
the forces. The same options and seed give the same glass bit for bit. Times in τ0.`,
  options: {
    n: { ...particlesOption(MIN_PARTICLES, 'number of particles (50:50 small/large, N/V = 0.86)'), required: true },
    seed: { kind: 'number', arg: 'S', rule: SEED_RULE, required: true, help: 'random seed, a non-negative integer' },
    out: sharedOptions.out('output configuration (extended XYZ), written atomically'),
    't-liquid': prepareOptions.tLiquid,
    'liquid-time': prepareOptions.tEquilibrate,
    't-anneal': prepareOptions.tAnneal,
    'anneal-time': prepareOptions.anneal,
    dt: prepareOptions.dt,
    'no-timings': { kind: 'flag', help: 'leave wall-clock timings out of the file (byte-identical reruns)' },
    quiet: sharedOptions.quiet(),
  },
  notes: `Progress goes to stderr: a bar on a terminal, otherwise lines
  progress phase=anneal done=54 total=120 fraction=0.4500 elapsed=12.1 eta=14.8 T=0.452 E/N=4.1`,
}, async ({ values: v }, { stderr }) => {
  const { n, seed, dt } = v;
  const progress = v.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'τ0' });
  const result = prepareGlass({
    n, seed, tLiquid: v['t-liquid'], tEquilibrate: v['liquid-time'], tAnneal: v['t-anneal'], anneal: v['anneal-time'], dt,
    timings: !v['no-timings'],
    onProgress: progress === null ? undefined : (p) => {
      if (p.phase === 'minimize' || p.phase === 'polish') {
        progress.update(p.phase, p.iterations, p.iterations, { 'max|F|': p.maxForce.toExponential(2), 'E/N': p.energyPerParticle.toFixed(6) });
      } else if (p.phase !== 'done') {
        progress.update(p.phase, p.time, p.total, { T: p.temperature.toFixed(3), 'E/N': p.energyPerParticle.toFixed(4) });
      }
    },
  });
  await writeXyzFile(v.out, result.config);
  progress?.finish(
    `prepared N=${n} seed=${seed}: E/N = ${(result.energy / n).toPrecision(12)}, max |force| = ${result.maxForce.toExponential(2)}, ` +
    `${result.cgIterations} CG iterations + ${result.newtonIterations} Newton steps, ${result.wall.total.toFixed(1)} s → ${v.out}`);
  return 0;
});
