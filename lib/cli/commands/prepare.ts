/**
 * `softspot prepare --n N --seed S --out glass.xyz [--model PRESET]`: one glass by the
 * paper's protocol (docs/design.md §3). The paper's 2D `ipl` glass (the default) goes through
 * lib/md prepareGlass (CG + Newton); every other species preset (`ipl3d`, `ka` in 3D,
 * `ka2d`, `poly` in 2D or 3D) through the d-generic lib/nd prepareGlassNd (FIRE + CG), with the preset's
 * protocol temperatures (lib/model/presets.ts `defaults`).
 */
import { defineCommand, type TextOption } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { createProgress } from '../progress.js';
import { MIN_PARTICLES, resolveModelOption } from '../input.js';
import { UsageError } from '../errors.js';
import { particlesOption, prepareOptions, SEED_RULE } from './prepare-options.js';
import { checkOutputGlassPath, checkOutputPaths, writeOutputGlass } from '../output.js';
import { prepareGlass, type PrepareProgress } from '../../md/prepare.js';
import { PREPARE_NUMERICS } from '../../md/defaults.js';
import { ND_PREPARE_DEFAULTS, prepareGlassNd } from '../../nd/prepare.js';
import { MODEL_PRESET_NAMES, modelPreset } from '../../model/presets.js';
import { ArgumentRangeError } from '../../errors.js';

/** The presets `prepare` makes: all of them. */
const PREPARABLE = MODEL_PRESET_NAMES;
const perModel = (key: 'tLiquid' | 'tAnneal'): string =>
  `per --model: ${PREPARABLE.map((m) => `${m} ${modelPreset(m).defaults[key]}`).join(', ')}`;
const { default: _tLiquidDefault, ...tLiquid } = prepareOptions.tLiquid;
const { default: _tAnnealDefault, ...tAnneal } = prepareOptions.tAnneal;

export const prepare = defineCommand({
  name: 'prepare',
  summary: 'prepare a glass: liquid MD, quench, anneal, minimize (CG + Newton)',
  synopsis: 'prepare --n N --seed S --out glass.xyz [options]',
  description: `Prepares one glass: random start with overlaps removed softly, liquid at --t-liquid for
--liquid-time, instant quench to --t-anneal for --anneal-time (velocity Verlet, CSVR
thermostat τ = 0.5 τ0), conjugate gradient, then Newton to the double-precision floor of
the forces. The same options and seed give the same glass bit for bit. Times in τ0.
--model picks the glass (docs/design.md §10): the paper's 2D ipl (default), ipl3d or ka in 3D,
ka2d in 2D, poly in 2D or (--dim 3) 3D; those other models are minimized by FIRE, then
conjugate gradient to max |F| <= 1e-8, and written with model= on line 2 (3D: 3×3
Lattice, pbc="T T T"; poly: a sigma column).`,
  namedElsewhere: { anneal: ['anneal-time', 'run'], 't-equilibrate': ['liquid-time', 'run'] },
  options: {
    n: { ...particlesOption(MIN_PARTICLES, 'number of particles (the model\'s composition and N/V: ipl 50:50 S/L at 0.86; ka 80:20 A/B at 1.2, 3D)'), required: true },
    seed: { kind: 'number', arg: 'S', rule: SEED_RULE, required: true, help: 'random seed, a non-negative integer' },
    out: sharedOptions.out('output configuration, written atomically: extended XYZ, a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd)'),
    model: {
      kind: 'string', arg: 'PRESET|FILE.json', default: 'ipl',
      help: 'model preset: ipl (the paper\'s 2D glass), ipl3d, ka (Kob–Andersen, 3D), ka2d, poly (polydisperse, 2D or 3D); ' +
        'or a model file of your own (params.json: the form softspot info --json prints under modelFile; docs/api.md)',
    } as TextOption & { default: string },
    dim: { kind: 'number', arg: 'D', rule: { integer: true, min: 2, max: 3 }, defaultText: 'the model\'s: 3 for ipl3d and ka, 2 for the others', help: 'dimension (poly: 2 or 3)' },
    't-liquid': { ...tLiquid, defaultText: perModel('tLiquid') },
    'liquid-time': prepareOptions.tEquilibrate,
    't-anneal': { ...tAnneal, help: 'annealing temperature: the model\'s preset (near its glass or mode-coupling temperature; docs/design.md §10 says why)', defaultText: perModel('tAnneal') },
    'anneal-time': prepareOptions.anneal,
    dt: prepareOptions.dt,
    'no-timings': { kind: 'flag', help: 'leave wall-clock timings out of the file (byte-identical reruns)' },
    quiet: sharedOptions.quiet(),
  },
  notes: `Progress goes to stderr: a bar on a terminal, otherwise lines
  progress phase=anneal done=54 total=120 fraction=0.4500 elapsed=12.1 eta=14.8 T=0.452 E/N=4.1`,
}, async ({ values: v }, { stderr }) => {
  const { n, seed, dt } = v;
  checkOutputGlassPath(v.out, 'out');
  checkOutputPaths([v.model], { out: v.out });
  const model = await resolveModelOption(v.model);
  const progress = v.quiet ? null : createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'τ0' });
  const onProgress = progress === null ? undefined : (p: Readonly<PrepareProgress>): void => {
    if (p.phase === 'minimize' || p.phase === 'polish') {
      // The phase's first report comes before its first force evaluation: no max |F| yet (it printed 0.00e+0, then nan).
      const evaluated = !(p.iterations === 0 && p.maxForce === 0);
      progress.update(p.phase, p.iterations, p.iterations, { ...(evaluated ? { 'max|F|': p.maxForce.toExponential(2) } : {}), 'E/N': p.energyPerParticle.toFixed(6) });
    } else if (p.phase !== 'done') {
      progress.update(p.phase, p.time, p.total, { T: p.temperature.toFixed(3), 'E/N': p.energyPerParticle.toFixed(4) });
    }
  };
  const preset = modelPreset(model);
  for (const [key, option] of [['tLiquid', 't-liquid'], ['tAnneal', 't-anneal']] as const) {
    if (v[option] === undefined && !Number.isFinite(preset.defaults[key])) {
      throw new UsageError(`--${option}: the model file of '${model}' gives no "${key}"; add it to the file or pass --${option}`);
    }
  }
  const common = {
    n, seed, tEquilibrate: v['liquid-time'], anneal: v['anneal-time'], dt, timings: !v['no-timings'], onProgress,
    tLiquid: v['t-liquid'] ?? preset.defaults.tLiquid, tAnneal: v['t-anneal'] ?? preset.defaults.tAnneal,
  };
  /** The library's refusal of options.n or options.dim (too small a glass) or of dt (the MD diverged), in the command line's terms. */
  const inOptionTerms = <T>(prepare: () => T): T => {
    try {
      return prepare();
    } catch (error) {
      const option = error instanceof ArgumentRangeError ? /^options\.(n|dim|dt): /.exec(error.message) : null;
      if (option !== null) {
        const given = { n, dim: v.dim, dt }[option[1] as 'n' | 'dim' | 'dt'];
        throw new UsageError(`--${option[1]} ${given}: ${(error as RangeError).message.slice(option[0].length)}`);
      }
      throw error;
    }
  };
  let summary: string;
  let reached: { maxForce: number; tolerance: number };
  if (model === 'ipl' && (v.dim ?? 2) === 2) {
    const result = inOptionTerms(() => prepareGlass(common));
    reached = { maxForce: result.maxForce, tolerance: PREPARE_NUMERICS.cgTolerance };
    await writeOutputGlass(v.out, result.config);
    summary = `prepared N=${n} seed=${seed}: E/N = ${(result.energy / n).toPrecision(12)}, max |force| = ${result.maxForce.toExponential(2)}, ` +
      `${result.cgIterations} CG iterations + ${result.newtonIterations} Newton steps, ${result.wall.total.toFixed(1)} s → ${v.out}`;
  } else {
    const result = inOptionTerms(() => prepareGlassNd({ ...common, model, ...(v.dim !== undefined ? { dim: v.dim as 2 | 3 } : {}) }));
    const c = result.config;
    reached = { maxForce: result.maxForce, tolerance: ND_PREPARE_DEFAULTS.cgTolerance };
    await writeOutputGlass(v.out, { ...c, model });
    summary = `prepared ${model} N=${n} seed=${seed} (${c.dim ?? 2}D): E/N = ${(result.energy / n).toPrecision(12)}, ` +
      `max |force| = ${result.maxForce.toExponential(2)}, ${result.fireIterations} FIRE + ${result.cgIterations} CG iterations, ` +
      `${result.wall.total.toFixed(1)} s → ${v.out}`;
  }
  progress?.finish(summary);
  if (!(reached.maxForce <= reached.tolerance)) {
    // Said also under --quiet: the file holds no minimum (a law whose force jumps at its cutoff, or CG's iteration cap).
    stderr.write(`softspot prepare: not a minimum: the minimization stopped at max |force| ${reached.maxForce.toExponential(3)} > ${reached.tolerance}; ` +
      `the configuration reached is written to ${v.out}. Under a pair law whose force jumps at the cutoff (lj or ipl with q = 0) there may be ` +
      'no minimum to reach: give the model q ≥ 1 (docs/api.md, "Glasses from LAMMPS\'s lj/cut"); otherwise minimize it further (softspot minimize)\n');
    return 1;
  }
  return 0;
});
