/**
 * Glass preparation, the paper's protocol (Supplemental Material, "Preparation protocol";
 * docs/design.md §3):
 *
 *   random start, overlaps removed softly (./random-start.ts)
 *   → liquid at T = tLiquid (1.0) for tEquilibrate (20 τ0), Maxwell–Boltzmann start
 *   → T set instantly to tAnneal (0.45, just below T_g ≈ 0.5), run for `anneal` (100 τ0)
 *   → conjugate gradient (lib/minimize) to max |F| ≤ 1e-1 ε/λ (on to 1e-3, then
 *     cgTolerance, while the Newton polish cannot start: Hessian not positive definite)
 *   → Newton polish with the sparse Hessian to the double-precision floor of max |F|
 *     (~1e-12 at N ≲ 500, ~1e-11 at N = 10⁴).
 * MD: velocity Verlet, dt = 0.005 τ0, CSVR thermostat with τ = 0.5 τ0 (./thermostat.ts
 * says why), Verlet skin 0.3 λ. "Instantly" means the thermostat's target changes in one
 * step; the kinetic energy then follows within ~τ.
 *
 * Reproducibility: every random number comes from `createRng(seed)` (one stream, drawn in
 * a fixed order), the arithmetic is sequential IEEE double, and nothing depends on timing:
 * the same inputs give the same glass bit for bit. Only the wall-clock entries of the
 * metadata (`wall_*`, omitted with `timings: false`) differ between runs.
 */
import type { Configuration } from '../config.js';
import { ArgumentRangeError, ArgumentTypeError, CholmodError } from '../errors.js';
import { minimizeCG } from '../minimize/cg.js';
import { newtonPolish } from '../minimize/newton.js';
import { DEFAULT_MODEL, type Model } from '../model/model.js';
import { describe, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';
import { wrapPositions } from '../space/cell.js';
import { smallBoxAdvice } from '../space/small-box.js';
import { createRng } from '../random.js';
import { initMd, type MdState, setVelocities, stepMd, temperature } from './integrator.js';
import { createMdObjective } from './objective.js';
import { randomStart } from './random-start.js';
import { createCsvr, type CsvrThermostat } from './thermostat.js';
import { PREPARE_DEFAULTS, PREPARE_NUMERICS } from './defaults.js';
import { stepsOrDiverged } from './diverged.js';

/** Phases of the protocol, in order. */
export type PreparePhase = 'push-off' | 'liquid' | 'anneal' | 'minimize' | 'polish' | 'done';

/** Progress record handed to `onProgress` (reused between calls: copy what you keep). */
export interface PrepareProgress {
  phase: PreparePhase;
  /** Simulated MD time done so far over both MD phases (τ0), and their total. */
  time: number;
  total: number;
  /** Time within the current MD phase and its length (τ0); 0 outside MD phases. */
  phaseTime: number;
  phaseTotal: number;
  /** Instantaneous temperature (MD phases) and potential energy per particle (ε). */
  temperature: number;
  energyPerParticle: number;
  /** Minimization: iterations so far and max |F| (ε/λ); 0 in MD phases. */
  iterations: number;
  maxForce: number;
}

/** Options of {@link prepareGlass}. Times in τ0, temperatures in ε/k_B. */
export interface PrepareOptions {
  /** Number of particles N (≥ 2; the cell must be wider than 2·(max cutoff + 2·skin) λ: N ≥ 28 for the paper's model, expectPreparable). */
  n: number;
  /** Seed of the random stream (non-negative safe integer). */
  seed: number;
  /** Liquid temperature (default 1.0). */
  tLiquid?: number;
  /** Duration of the liquid run at tLiquid (default 20 τ0). */
  tEquilibrate?: number;
  /** Annealing temperature, just below T_g ≈ 0.5 (default 0.45). */
  tAnneal?: number;
  /** Duration of the anneal at tAnneal (default 100 τ0). */
  anneal?: number;
  /** Time step (default 0.005 τ0). */
  dt?: number;
  /** CSVR relaxation time τ (default 0.5 τ0). */
  tau?: number;
  /** Verlet skin (default 0.3 λ; below (√2 − 1)·min r_c, 0.66 λ for the paper's model). */
  skin?: number;
  /**
   * Pair law (default DEFAULT_MODEL); its density (0.86) sets the cell unless `density` is given.
   * A Model has no name, so the returned configuration does not record one given here: written
   * to a file as it is, it reads back as the paper's glass (no model= on line 2). Pass the same
   * Model to every later call, or prepare a named model instead (lib/nd prepareGlassNd with a
   * preset or registerModel'd name, as `softspot prepare --model` does), which the file names.
   */
  model?: Model;
  density?: number;
  /**
   * CG hands over to the Newton polish at max |F| ≤ 1e-1; if the polish cannot start there
   * (Hessian not positive definite), CG goes on to 1e-3 and tries again, then to
   * max |F| ≤ cgTolerance first (default
   * 1e-8 ε/λ; also its tolerance without the polish).
   */
  cgTolerance?: number;
  /** Newton polish to the force floor (default true). */
  polish?: boolean;
  /** Write wall-clock timings into the metadata (default true; false for byte-identical files). */
  timings?: boolean;
  /** Called about every `progressInterval` τ0 of MD and every 100 CG iterations. */
  onProgress?: (progress: Readonly<PrepareProgress>) => void;
  /** Simulated time between progress calls (default 1 τ0). */
  progressInterval?: number;
}

/** What {@link prepareGlass} returns: the glass and a summary (also in `config.info`). */
export interface PreparedGlass {
  /** The minimized glass; `info` holds the metadata written to the XYZ comment line. */
  config: Configuration;
  /** Potential energy U (ε) and max |F| (ε/λ) of the final glass. */
  energy: number;
  maxForce: number;
  /** U/N at the end of the liquid run and of the anneal (ε, instantaneous). */
  energyLiquid: number;
  energyAnneal: number;
  /** Mean temperature over the second half of the anneal (NaN without an anneal). */
  temperatureAnneal: number;
  /** U/N after CG (before Newton). */
  energyCG: number;
  cgIterations: number;
  newtonIterations: number;
  /** Verlet-list builds over both MD phases. */
  listBuilds: number;
  /** Wall-clock seconds per phase. */
  wall: { pushOff: number; liquid: number; anneal: number; minimize: number; polish: number; total: number };
}

/**
 * Throws unless `prepareGlass` can prepare N particles of `model` with Verlet skin `skin`
 * (λ) at number density `density`: the MD list needs the square cell's side √(N/ρ) >
 * 2·(max cutoff + 2·skin) (lib/md/kernel.ts; the paper's model at 0.86 with skin 0.3:
 * N ≥ 28). The same condition the MD list checks, asked before any work.
 * @param what  the option named in the message
 * @throws RangeError naming the side and the smallest N that fits (lib/space/small-box.ts)
 */
export function expectPreparable(n: number, model: Model = DEFAULT_MODEL, skin: number = PREPARE_NUMERICS.skin, density = model.density, what = 'n'): void {
  const side = Math.sqrt(n / density), range = model.maxCutoff + 2 * skin;
  if (!(side > 2 * range)) {
    throw new ArgumentRangeError(`${what}: a square cell of N = ${n} at N/V = ${density} has side ${side.toPrecision(6)} λ; ` +
      smallBoxAdvice(n, n / density, 2, range, 'max cutoff + 2·skin'));
  }
}

/** The options of prepareGlass (a complete list: AllKeysOf checks it against PrepareOptions). */
const PREPARE_OPTION_NAMES = ['n', 'seed', 'tLiquid', 'tEquilibrate', 'tAnneal', 'anneal', 'dt', 'tau', 'skin', 'model', 'density', 'cgTolerance',
  'polish', 'timings', 'onProgress', 'progressInterval'] as const;
const prepareOptionNames: AllKeysOf<PrepareOptions, typeof PREPARE_OPTION_NAMES> = PREPARE_OPTION_NAMES;

/**
 * Prepares one glass by the paper's protocol (see module doc).
 * @throws TypeError / RangeError for bad options; CholmodError if the Newton polish meets
 *   a Hessian that is not positive definite (CG did not end near a minimum).
 */
export function prepareGlass(options: PrepareOptions): PreparedGlass {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentTypeError(`options: expected object, got ${describe(options)}`);
  }
  expectKnownKeys('options', options, prepareOptionNames, 'prepareGlass');
  const n = expectNumber('options.n', options.n, { integer: true, min: 2 });
  const seed = expectNumber('options.seed', options.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
  const tLiquid = expectNumber('options.tLiquid', options.tLiquid ?? PREPARE_DEFAULTS.tLiquid, { min: 0 });
  const tEquilibrate = expectNumber('options.tEquilibrate', options.tEquilibrate ?? PREPARE_DEFAULTS.tEquilibrate, { min: 0 });
  const tAnneal = expectNumber('options.tAnneal', options.tAnneal ?? PREPARE_DEFAULTS.tAnneal, { min: 0 });
  const anneal = expectNumber('options.anneal', options.anneal ?? PREPARE_DEFAULTS.anneal, { min: 0 });
  const dt = expectNumber('options.dt', options.dt ?? PREPARE_DEFAULTS.dt, { min: 0, exclusiveMin: true });
  const tau = expectNumber('options.tau', options.tau ?? PREPARE_NUMERICS.tau, { min: 0, exclusiveMin: true });
  const skin = expectNumber('options.skin', options.skin ?? PREPARE_NUMERICS.skin, { min: 0 });
  const model = options.model ?? DEFAULT_MODEL;
  if (!(Number.isInteger(model.n) && model.n >= 1)) {
    // The 2D MD kernel is the paper's inverse power law (integer exponent n); other laws run on lib/nd.
    throw new ArgumentRangeError(`options.model: prepareGlass runs the paper's 2D protocol on an inverse-power-law Model, and this one is of law '${model.law.name}'; ` +
      "prepare it with prepareGlassNd({ model: name, dim: 2, n, seed }) under a preset's name (ka2d, poly) or a registerModel'd one");
  }
  const density = expectNumber('options.density', options.density ?? model.density, { min: 0, exclusiveMin: true });
  expectPreparable(n, model, skin, density, 'options.n');
  const cgTolerance = expectNumber('options.cgTolerance', options.cgTolerance ?? PREPARE_NUMERICS.cgTolerance, { min: 0, exclusiveMin: true });
  const interval = expectNumber('options.progressInterval', options.progressInterval ?? 1, { min: 0, exclusiveMin: true });
  const polish = options.polish ?? true;
  const onProgress = options.onProgress;

  const clock = (): number => performance.now() / 1000;
  const tStart = clock();
  const liquidSteps = Math.round(tEquilibrate / dt);
  const annealSteps = Math.round(anneal / dt);
  const total = (liquidSteps + annealSteps) * dt;
  const progress: PrepareProgress = {
    phase: 'push-off', time: 0, total, phaseTime: 0, phaseTotal: 0, temperature: 0, energyPerParticle: 0, iterations: 0, maxForce: 0,
  };
  const report = (): void => {
    if (onProgress !== undefined) onProgress(progress);
  };

  // 1. Random start.
  report();
  const rng = createRng(seed);
  const start = randomStart(n, rng, { model, density, skin });
  const tPush = clock();

  // 2. Liquid.
  const state = initMd(start.config, { model, dt, skin });
  setVelocities(state, tLiquid, rng);
  const thermostat = createCsvr(tLiquid, tau, state.dof, rng);
  const chunk = Math.max(1, Math.round(interval / dt));
  const runPhase = (phase: PreparePhase, steps: number, offset: number, th: CsvrThermostat): void => {
    progress.phase = phase;
    progress.phaseTotal = steps * dt;
    for (let done = 0; done < steps;) {
      // Chunks end at the half-way point, where the temperature average starts.
      const half = Math.floor(steps / 2);
      const k = Math.min(chunk, steps - done, done < half ? half - done : steps);
      if (done === half) {
        state.kineticSum = 0;
        state.kineticSamples = 0;
      }
      stepsOrDiverged(() => stepMd(state, k, { thermostat: th }), state, () => temperature(state), { phase, time: (offset + done + k) * dt, dt, target: th.temperature });
      done += k;
      progress.phaseTime = done * dt;
      progress.time = (offset + done) * dt;
      progress.temperature = temperature(state);
      progress.energyPerParticle = state.potentialEnergy / n;
      report();
    }
  };
  runPhase('liquid', liquidSteps, 0, thermostat);
  const energyLiquid = stepEnergy(state) / n;
  const tLiq = clock();

  // 3. Instant quench and anneal.
  thermostat.temperature = tAnneal;
  runPhase('anneal', annealSteps, liquidSteps, thermostat);
  const energyAnneal = stepEnergy(state) / n;
  const tAnn = clock();

  // 4. Conjugate gradient.
  const positions = wrapPositions(state.cell, state.positions);
  const cell = Float64Array.from(state.cell);
  const species = Uint8Array.from(state.species);
  progress.phase = 'minimize';
  progress.phaseTime = 0;
  progress.phaseTotal = 0;
  progress.temperature = 0;
  report();
  const cgObjective = createMdObjective(model, cell, species, skin);
  // Newton polish from the CG iterate (`positions`, which CG updates in place) at each
  // hand-off of NEWTON_FROM above cgTolerance; CG stops at the first that succeeds, and
  // goes on undisturbed (its directions kept) after one that fails.
  const handOffs = polish ? NEWTON_FROM.filter((h) => h > cgTolerance) : [];
  let next = 0;
  let res: ReturnType<typeof newtonPolish> | null = null;
  const cg = minimizeCG(cgObjective.objective, positions, {
    fTol: cgTolerance,
    maxIter: 1_000_000,
    onProgress: (p) => {
      if (onProgress !== undefined && p.iteration % 100 === 0) {
        progress.iterations = p.iteration;
        progress.maxForce = p.maxForce;
        progress.energyPerParticle = p.energy / n;
        report();
      }
      if (next < handOffs.length && p.maxForce <= handOffs[next]) {
        while (next < handOffs.length && p.maxForce <= handOffs[next]) next++;
        res = polishFromHandOff({ n, cell, positions, species }, model);
        if (res !== null) return false;
      }
      return true;
    },
  });
  const cgIterations = cg.iterations;
  const tMin = clock();

  // 5. Newton polish: the hand-off's, else (not a stable minimum yet) after CG to cgTolerance.
  let config: Configuration = { n, cell, positions, species };
  let energy = cg.energy, maxForce = cg.maxForce, newtonIterations = 0;
  if (polish) {
    progress.phase = 'polish';
    progress.iterations = 0;
    progress.maxForce = cg.maxForce;
    report();
    const polished: ReturnType<typeof newtonPolish> = res ?? newtonPolish(config, { model });
    config = polished.config;
    energy = polished.energy;
    maxForce = polished.maxForce;
    newtonIterations += polished.iterations;
  }
  const tEnd = clock();

  const wall = {
    pushOff: tPush - tStart, liquid: tLiq - tPush, anneal: tAnn - tLiq, minimize: tMin - tAnn, polish: tEnd - tMin, total: tEnd - tStart,
  };
  // No anneal, no anneal temperature (it reported the liquid's end).
  const temperatureAnneal = annealSteps > 0 ? (2 * state.kineticSum) / (state.kineticSamples * state.dof) : NaN;
  const info: Record<string, string | number | boolean> = {
    energy, fmax: maxForce, seed, density,
    protocol: 'softspot-md',
    thermostat: 'csvr',
    t_liquid: tLiquid, liquid_time: liquidSteps * dt, t_anneal: tAnneal, anneal_time: annealSteps * dt,
    dt, tau, skin,
    pushoff_iterations: start.pushOffIterations,
    // No anneal, no mean anneal temperature: the key is left out (a file's metadata holds no NaN).
    e_liquid: energyLiquid, e_anneal: energyAnneal, ...(Number.isFinite(temperatureAnneal) ? { T_anneal_mean: temperatureAnneal } : {}),
    e_cg: cg.energy / n, cg_iterations: cgIterations, newton_iterations: newtonIterations,
  };
  if (options.timings !== false) {
    info.wall_pushoff = round3(wall.pushOff);
    info.wall_liquid = round3(wall.liquid);
    info.wall_anneal = round3(wall.anneal);
    info.wall_minimize = round3(wall.minimize + wall.polish);
    info.wall_total = round3(wall.total);
  }
  config.info = info;
  progress.phase = 'done';
  progress.iterations = cgIterations;
  progress.maxForce = maxForce;
  progress.energyPerParticle = energy / n;
  report();
  return {
    config, energy, maxForce, energyLiquid, energyAnneal, temperatureAnneal, energyCG: cg.energy / n,
    cgIterations, newtonIterations, listBuilds: state.neighbors.builds, wall,
  };
}

/**
 * Max |F| (ε/λ) at which conjugate gradient tries the Newton polish (see
 * `polishFromHandOff`), in order: when the polish cannot start at one, CG goes on (with its
 * search directions: restarting CG at a failed hand-off cost up to 3× the iterations to
 * 1e-8 on an N = 10⁴ glass) to the next, and after the last to cgTolerance.
 */
const NEWTON_FROM = [1e-1, 1e-3];
/** A polish that ends above this max |F| (ε/λ) did not reach the minimum's round-off floor. */
const POLISHED = 1e-10;

/**
 * Newton polish from a CG hand-off (NEWTON_FROM): conjugate gradient spends about half of
 * its iterations between 1e-3 and 1e-8 (N = 10⁴: ~700 of 1430), where Newton converges in
 * a few factorizations, and again half of the rest between 1e-1 and 1e-3 (N = 10⁴ glass:
 * 309 of 592 iterations; 2 more Newton steps). From 1e-1 the polish reached the same
 * minimum as from 1e-3 (E/N equal to 13 digits) on 7 of 8 N = 2000 glasses, and the
 * eighth had a Hessian that was not positive definite there. Null when the Hessian is not
 * positive definite or the polish stops above POLISHED: CG then goes on (see NEWTON_FROM).
 * Copies `config.positions`.
 */
function polishFromHandOff(config: Configuration, model: Model): ReturnType<typeof newtonPolish> | null {
  try {
    const res = newtonPolish(config, { model, maxIter: 30 });
    return res.maxForce <= POLISHED ? res : null;
  } catch (error) {
    if (error instanceof CholmodError && error.code === 'CHOLMOD_NOT_POSDEF') return null;
    throw error;
  }
}

/** U of the current MD positions (stepMd computes it on the last step of each call). */
function stepEnergy(state: MdState): number {
  return state.potentialEnergy;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
