/**
 * Glass preparation for any species preset in d = 2 or 3 (docs/design.md §3, §10): the paper's
 * protocol with the d-generic MD kernel (./md-*.ts). The paper's 2D `ipl` glass keeps its
 * own path, lib/md/prepare.ts (native loops and Newton polish; its files stay bit for bit).
 *
 *   random start, overlaps removed softly (./md-random-start.ts)
 *   → liquid at T = tLiquid for tEquilibrate (20 τ0), Maxwell–Boltzmann start
 *   → T set instantly to tAnneal, run for `anneal` (100 τ0)
 *   → FIRE (lib/minimize) to max |F| ≤ fireTolerance (1e-1 ε/λ), then Polak–Ribière
 *     conjugate gradient to max |F| ≤ cgTolerance (1e-8 ε/λ, the CG tolerance of the 2D
 *     protocol and of `softspot minimize`), both on the same kernel.
 * MD: velocity Verlet, dt = 0.005 τ0, CSVR thermostat τ = 0.5 τ0 (lib/md/thermostat.ts),
 * Verlet skin 0.3 λ (thinner in a box narrower than 2·(max r_c + 0.3): 0.8 of what fits;
 * a box not wider than 2·max r_c is refused, naming the smallest N that fits), T = 2K/(d(N − 1)).
 *
 * Protocol temperatures per preset (lib/model/presets.ts `defaults`, with their reasons):
 * `ka` liquid 2.0, anneal 0.4 (below T_MCT ≈ 0.435 of Kob & Andersen 1995, as the paper
 * anneals its IPL glass at 0.45 just below T_g ≈ 0.5); `ipl3d` the `ipl` ones (1.0, 0.45);
 * `ka2d` 2.0, 0.45; `poly` 0.5, 0.15 (provisional), sizes σ_i from P(σ) ∝ σ⁻³ on [0.73, 1.62].
 *
 * Reproducibility: one random stream `createRng(seed)` drawn in a fixed order, sequential
 * IEEE arithmetic: the same inputs give the same glass bit for bit (only the `wall_*`
 * metadata differ; `timings: false` omits them).
 */
import { portablePow } from '../portable/index.js';
import type { Configuration } from '../config.js';
import { minimizeCG } from '../minimize/cg.js';
import { minimizeFire } from '../minimize/fire.js';
import { composition, modelPreset, type ModelPresetName } from '../model/presets.js';
import { smallBoxAdvice } from '../space/small-box.js';
import { createRng } from '../random.js';
import { describe, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';
import { createCsvr } from '../md/thermostat.js';
import type { PreparePhase, PrepareProgress } from '../md/prepare.js';
import { createNdPairTable, ndForces } from './md-forces.js';
import { initNdMd, ndTemperature, setNdVelocities, stepNdMd } from './md-integrator.js';
import { stepsOrDiverged } from '../md/diverged.js';
import { createNdObjective } from './md-objective.js';
import { wrapInto } from './md-neighbor-list.js';
import { inverse } from '../space/cell-nd.js';
import { ndRandomStart } from './md-random-start.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Protocol constants of the d-generic preparation that no preset changes (times τ0). */
export const ND_PREPARE_DEFAULTS = Object.freeze({
  tEquilibrate: 20, anneal: 100, dt: 0.005, tau: 0.5, skin: 0.3, fireTolerance: 1e-1, cgTolerance: 1e-8,
});

/** Options of {@link prepareGlassNd}. Times τ0, temperatures ε/k_B. */
export interface NdPrepareOptions {
  /** Preset name (`ka`, `ipl3d`, `ka2d`, `poly` (2D by default, `dim: 3`); `ipl` too, through this path). */
  model: string;
  /** Number of particles N; the cell must be wider than 2·(max r_c + skin). */
  n: number;
  /** Seed of the random stream (non-negative safe integer). */
  seed: number;
  /** Dimension (default the preset's). */
  dim?: 2 | 3;
  /** Liquid and annealing temperatures (default: the preset's `defaults`). */
  tLiquid?: number;
  tAnneal?: number;
  /** Durations of the liquid run (20 τ0) and of the anneal (100 τ0). */
  tEquilibrate?: number;
  anneal?: number;
  /** Time step (0.005 τ0), CSVR τ (0.5 τ0), Verlet skin (0.3 λ, less in small boxes: module doc). */
  dt?: number;
  tau?: number;
  skin?: number;
  /** Number density N/V (default the preset's). */
  density?: number;
  /** FIRE hands over to CG at this max |F| (default 1e-1 ε/λ). */
  fireTolerance?: number;
  /** CG tolerance on max |F| (default 1e-8 ε/λ). */
  cgTolerance?: number;
  /** Wall-clock timings in the metadata (default true; false for byte-identical files). */
  timings?: boolean;
  /** Called about every `progressInterval` τ0 of MD and every 100 minimizer iterations. */
  onProgress?: (progress: Readonly<PrepareProgress>) => void;
  progressInterval?: number;
}

/** What {@link prepareGlassNd} returns; `config.info` holds the metadata of the file. */
export interface NdPreparedGlass {
  /** The glass: `dim` set for 3D, `model` the preset, d×d cell, d·N positions. */
  config: Configuration;
  /** U (ε) and max |F| component (ε/λ) of the final glass. */
  energy: number;
  maxForce: number;
  /** U/N at the end of the liquid run and of the anneal (ε). */
  energyLiquid: number;
  energyAnneal: number;
  /** Mean temperature over the second half of the anneal (NaN without an anneal). */
  temperatureAnneal: number;
  fireIterations: number;
  cgIterations: number;
  /** CG reached cgTolerance. */
  converged: boolean;
  /** Verlet-list builds over both MD phases. */
  listBuilds: number;
  /** Wall-clock seconds per phase. */
  wall: { pushOff: number; liquid: number; anneal: number; minimize: number; total: number };
  /** CPU seconds per phase (user + system of the whole process, `process.cpuUsage`: robust to a busy machine, single-threaded caller). */
  cpu: { pushOff: number; liquid: number; anneal: number; minimize: number; total: number };
}

/** The largest cutoff of a preset's glasses (poly: of the largest sizes it draws), λ. */
function presetMaxCutoff(preset: ReturnType<typeof modelPreset>): number {
  if (preset.sizes !== undefined) return preset.law.cutoff(preset.sizes.max, preset.sizes.max);
  let maxCutoff = 0;
  for (const c of createNdPairTable(preset.law).cutoff) maxCutoff = Math.max(maxCutoff, c);
  return maxCutoff;
}

/**
 * Throws unless `prepareGlassNd` can prepare N particles of preset `name` in dimension d at
 * number density `density` (default the preset's): its cubic/square cell's side
 * (N/ρ)^{1/d} must exceed twice the largest cutoff (a thinner skin fits any box above that).
 * @param what  the option named in the message
 * @throws RangeError naming the side and the smallest N that fits (lib/space/small-box.ts)
 */
export function expectPreparableNd(name: string, d: 2 | 3, n: number, density?: number, what = 'n'): void {
  const preset = modelPreset(name);
  expectCellSide(d, n, density ?? preset.density, presetMaxCutoff(preset), what);
}

/** The check of expectPreparableNd on a side (N/ρ)^{1/d} and a cutoff already known; returns the side. */
function expectCellSide(d: 2 | 3, n: number, rho: number, maxCutoff: number, what: string): number {
  const side = portablePow(n / rho, 1 / d);
  if (!(side > 2 * maxCutoff)) {
    throw new ArgumentRangeError(`${what}: a ${d === 3 ? 'cubic' : 'square'} cell of N = ${n} at N/V = ${rho} has side ${side.toPrecision(6)} λ; ` +
      smallBoxAdvice(n, n / rho, d, maxCutoff, 'max cutoff'));
  }
  return side;
}

/** The options of prepareGlassNd (a complete list: AllKeysOf checks it against NdPrepareOptions). */
const ND_PREPARE_OPTION_NAMES = ['model', 'n', 'seed', 'dim', 'tLiquid', 'tAnneal', 'tEquilibrate', 'anneal', 'dt', 'tau', 'skin', 'density',
  'fireTolerance', 'cgTolerance', 'timings', 'onProgress', 'progressInterval'] as const;
const ndPrepareOptionNames: AllKeysOf<NdPrepareOptions, typeof ND_PREPARE_OPTION_NAMES> = ND_PREPARE_OPTION_NAMES;

/**
 * Prepares one glass of a preset (module doc).
 * @throws TypeError / RangeError for bad options: unknown preset, a dimension the preset
 *   does not have, a box too small for the cutoff (naming the smallest N that fits)
 */
export function prepareGlassNd(options: NdPrepareOptions): NdPreparedGlass {
  if (typeof options !== 'object' || options === null) throw new ArgumentTypeError(`options: expected object, got ${describe(options)}`);
  expectKnownKeys('options', options, ndPrepareOptionNames, 'prepareGlassNd');
  const preset = modelPreset(options.model, 'options.model');
  const d = options.dim ?? preset.dimension;
  if (d !== 2 && d !== 3) throw new ArgumentRangeError(`options.dim: expected 2 or 3, got ${describe(d)}`);
  if (!preset.dimensions.includes(d)) {
    throw new ArgumentRangeError(`options.dim: model '${preset.name}' is ${preset.dimension}D, got dim = ${d}`);
  }
  const n = expectNumber('options.n', options.n, { integer: true, min: 2 });
  const seed = expectNumber('options.seed', options.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
  const D = ND_PREPARE_DEFAULTS;
  const tLiquid = expectNumber('options.tLiquid', options.tLiquid ?? preset.defaults.tLiquid, { min: 0 });
  const tAnneal = expectNumber('options.tAnneal', options.tAnneal ?? preset.defaults.tAnneal, { min: 0 });
  const tEquilibrate = expectNumber('options.tEquilibrate', options.tEquilibrate ?? D.tEquilibrate, { min: 0 });
  const anneal = expectNumber('options.anneal', options.anneal ?? D.anneal, { min: 0 });
  const dt = expectNumber('options.dt', options.dt ?? D.dt, { min: 0, exclusiveMin: true });
  const tau = expectNumber('options.tau', options.tau ?? D.tau, { min: 0, exclusiveMin: true });
  const density = expectNumber('options.density', options.density ?? preset.density, { min: 0, exclusiveMin: true });
  const fireTolerance = expectNumber('options.fireTolerance', options.fireTolerance ?? D.fireTolerance, { min: 0, exclusiveMin: true });
  const cgTolerance = expectNumber('options.cgTolerance', options.cgTolerance ?? D.cgTolerance, { min: 0, exclusiveMin: true });
  const interval = expectNumber('options.progressInterval', options.progressInterval ?? 1, { min: 0, exclusiveMin: true });
  const onProgress = options.onProgress;
  const maxCutoff = presetMaxCutoff(preset);
  const side = expectCellSide(d, n, density, maxCutoff, 'options.n');
  // A small box gets a thinner skin (more list builds, same forces): 0.8 of what fits.
  const skin = expectNumber('options.skin', options.skin ?? Math.min(D.skin, 0.8 * (side / 2 - maxCutoff)), { min: 0 });
  if (!(side > 2 * (maxCutoff + skin))) {
    throw new ArgumentRangeError(`options.skin: the cell side ${side.toPrecision(6)} λ is not above 2·(max cutoff + skin) = ${2 * (maxCutoff + skin)} λ; ` +
      `use a skin below ${(side / 2 - maxCutoff).toPrecision(4)} λ, or leave it out (the default fits the box)`);
  }

  const clock = (): number => performance.now() / 1000;
  const cpuClock = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const tStart = clock(), cStart = cpuClock();
  const liquidSteps = Math.round(tEquilibrate / dt), annealSteps = Math.round(anneal / dt);
  const progress: PrepareProgress = {
    phase: 'push-off', time: 0, total: (liquidSteps + annealSteps) * dt, phaseTime: 0, phaseTotal: 0,
    temperature: 0, energyPerParticle: 0, iterations: 0, maxForce: 0,
  };
  const report = (): void => {
    if (onProgress !== undefined) onProgress(progress);
  };

  // 1. Random start.
  report();
  const rng = createRng(seed);
  const start = ndRandomStart(d, preset.law, composition(preset, n), density, rng, skin, preset.sizes);
  const table = createNdPairTable(preset.law, start.sizes);
  const tPush = clock(), cPush = cpuClock();

  // 2. Liquid, 3. instant quench and anneal.
  const state = initNdMd(d, table, start.cell, start.positions, start.species, dt, skin);
  setNdVelocities(state, tLiquid, rng);
  const thermostat = createCsvr(tLiquid, tau, state.dof, rng);
  const chunk = Math.max(1, Math.round(interval / dt));
  const runPhase = (phase: PreparePhase, steps: number, offset: number): void => {
    progress.phase = phase;
    progress.phaseTotal = steps * dt;
    const half = Math.floor(steps / 2);
    for (let done = 0; done < steps;) {
      if (done === half) {
        state.kineticSum = 0;
        state.kineticSamples = 0;
      }
      const k = Math.min(chunk, steps - done, done < half ? half - done : steps);
      stepsOrDiverged(() => stepNdMd(state, k, thermostat), state, () => ndTemperature(state), { phase, time: (offset + done + k) * dt, dt, target: thermostat.temperature });
      done += k;
      progress.phaseTime = done * dt;
      progress.time = (offset + done) * dt;
      progress.temperature = ndTemperature(state);
      progress.energyPerParticle = state.potentialEnergy / n;
      report();
    }
  };
  runPhase('liquid', liquidSteps, 0);
  const energyLiquid = state.potentialEnergy / n;
  const tLiq = clock(), cLiq = cpuClock();
  thermostat.temperature = tAnneal;
  runPhase('anneal', annealSteps, liquidSteps);
  const energyAnneal = state.potentialEnergy / n;
  // No anneal, no anneal temperature (it reported the liquid's end); one step: that step's.
  const temperatureAnneal = annealSteps === 0 ? NaN : annealSteps > 1 ? (2 * state.kineticSum) / (state.kineticSamples * state.dof) : ndTemperature(state);
  const tAnn = clock(), cAnn = cpuClock();

  // 4. FIRE, then conjugate gradient, on the same kernel.
  const positions = Float64Array.from(state.positions);
  const cell = Float64Array.from(state.cell), species = Uint8Array.from(state.species);
  progress.phase = 'minimize';
  progress.phaseTime = 0;
  progress.phaseTotal = 0;
  progress.temperature = 0;
  report();
  const objective = createNdObjective(d, cell, species, table.nSpecies, table.cutoff, skin, (nl, x, sp, f) => ndForces(table, nl, x, sp, f));
  const every100 = (offset: number) => (p: { iteration: number; maxForce: number; energy: number }): void => {
    if (onProgress !== undefined && p.iteration % 100 === 0) {
      progress.iterations = offset + p.iteration;
      progress.maxForce = p.maxForce;
      progress.energyPerParticle = p.energy / n;
      report();
    }
  };
  const fire = minimizeFire(objective.objective, positions, {
    fTol: Math.max(fireTolerance, cgTolerance), maxIter: 100_000, dt: 0.005, maxStep: 0.1, onProgress: every100(0),
  });
  const cg = minimizeCG(objective.objective, positions, { fTol: cgTolerance, maxIter: 1_000_000, maxStep: 0.1, onProgress: every100(fire.iterations) });
  const tEnd = clock(), cEnd = cpuClock();
  wrapPositions(d, cell, positions);

  const config: Configuration = { n, cell, positions, species, model: preset.name as ModelPresetName };
  if (d === 3) config.dim = 3;
  if (start.sizes !== undefined) config.sigma = start.sizes;
  const wall = { pushOff: tPush - tStart, liquid: tLiq - tPush, anneal: tAnn - tLiq, minimize: tEnd - tAnn, total: tEnd - tStart };
  const cpu = { pushOff: cPush - cStart, liquid: cLiq - cPush, anneal: cAnn - cLiq, minimize: cEnd - cAnn, total: cEnd - cStart };
  const info: Record<string, string | number | boolean> = {
    energy: cg.energy, fmax: cg.maxForce, seed, density,
    protocol: 'softspot-md-nd', thermostat: 'csvr',
    t_liquid: tLiquid, liquid_time: liquidSteps * dt, t_anneal: tAnneal, anneal_time: annealSteps * dt,
    dt, tau, skin,
    pushoff_iterations: start.pushOffIterations,
    // No anneal, no mean anneal temperature: the key is left out (a file's metadata holds no NaN).
    e_liquid: energyLiquid, e_anneal: energyAnneal, ...(Number.isFinite(temperatureAnneal) ? { T_anneal_mean: temperatureAnneal } : {}),
    fire_iterations: fire.iterations, cg_iterations: cg.iterations,
  };
  if (options.timings !== false) {
    info.wall_pushoff = round3(wall.pushOff);
    info.wall_liquid = round3(wall.liquid);
    info.wall_anneal = round3(wall.anneal);
    info.wall_minimize = round3(wall.minimize);
    info.wall_total = round3(wall.total);
  }
  config.info = info;
  progress.phase = 'done';
  progress.iterations = fire.iterations + cg.iterations;
  progress.maxForce = cg.maxForce;
  progress.energyPerParticle = cg.energy / n;
  report();
  return {
    config, energy: cg.energy, maxForce: cg.maxForce, energyLiquid, energyAnneal, temperatureAnneal,
    fireIterations: fire.iterations, cgIterations: cg.iterations, converged: cg.converged,
    listBuilds: state.neighbors.builds, wall, cpu,
  };
}

/** Wraps positions into the cell (s ∈ [0, 1)^d), in place. */
function wrapPositions(d: 2 | 3, cell: Float64Array, x: Float64Array): void {
  wrapInto(d, cell, inverse(cell), x, x.length / d);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
