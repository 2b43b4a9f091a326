/**
 * Minimizing a glass configuration: conjugate gradient on U(x) with a Verlet list (the
 * paper's minimizer), then Newton polishing to the double-precision floor of the forces.
 */
import type { Configuration } from '../config.js';
import { expectConfiguration, expectInteger, expectKnownKeys, expectNumber, type AllKeysOf } from '../validate.js';
import { energyForces } from '../hessian/index.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import { createNeighborList, reduceCell } from '../space/index.js';
import { createMdObjective } from './objective.js';
import { mdListHolds } from './kernel.js';
import { minimizeCG } from '../minimize/cg.js';
import { newtonPolish } from '../minimize/newton.js';
import type { MinimizeProgress, Objective } from '../minimize/types.js';

/** Defaults of {@link GlassMinimizeOptions}: CG tolerance on max |force| (ε/λ) and iteration cap. */
export const MINIMIZE_DEFAULTS = Object.freeze({ cgTolerance: 1e-8, maxIter: 100000 });

export interface GlassMinimizeOptions {
  model?: Model;
  /** CG stops at max |force| ≤ cgTolerance (default 1e-8) before Newton takes over. */
  cgTolerance?: number;
  maxIter?: number;
  /** Polish with Newton after CG (default true). */
  newton?: boolean;
  /** Largest displacement per CG step (λ; default 0.1) so particles cannot jump. */
  maxStep?: number;
  onProgress?: (progress: Readonly<MinimizeProgress>) => void;
}

export interface GlassMinimizeResult {
  config: Configuration;
  energy: number;
  maxForce: number;
  cgIterations: number;
  newtonIterations: number;
  /** CG reached its tolerance (and Newton, if run, reached the floor). */
  converged: boolean;
}

/** The Verlet skin of the minimizers' list (λ), thinner in a small cell (glassObjective). */
const SKIN = 0.3;

/**
 * U(x) and ∇U(x) of `config` with positions x (the objective of the minimizers).
 *
 * A model of the IPL tables (makeModel: the paper's and other n, q; not a law of one's own,
 * even one named `ipl`, whose tables are NaN) in a cell that holds the MD list with its skin
 * of 0.3, and with N within the list's codes, runs on that list and its native pair loop
 * (lib/md createMdObjective, the objective of prepareGlass's CG): the same law, U and F equal
 * to rounding, 5.6–6.8× faster at N = 2000–10⁴ than the TypeScript kernel of lib/hessian,
 * which every other model and smaller cells keep.
 */
export function glassObjective(config: Configuration, model: Model = modelOfConfiguration(config)): Objective {
  const minWidth = reduceCell(Float64Array.from(config.cell)).minWidth;
  if (model.reduced === undefined && mdListHolds(config.n, model, minWidth, SKIN)) {
    // It refuses NaN and ±∞ coordinates, as the TypeScript kernel does.
    return createMdObjective(model, Float64Array.from(config.cell), config.species, SKIN).objective;
  }
  // A small cell gets a thinner skin (more list builds, the same forces): 0.8 of what fits,
  // as lib/nd and the AQS lists do; with a skin of 0.3 always, glasses that lhc analyses
  // (ipl N = 18–22, ka2d N = 31–37) could not be minimized. A cell no skin fits is left to
  // the list's own check, which with no skin names the N the cutoff alone needs.
  const room = minWidth / 2 - model.maxCutoff;
  const skin = room > 0 ? Math.min(SKIN, 0.8 * room) : 0;
  const nl = createNeighborList(config.n, { cutoff: model.maxCutoff, skin });
  const view: Configuration = { ...config };
  const forces = new Float64Array(2 * config.n);
  return (x, grad) => {
    view.positions = x;
    const { energy } = energyForces(view, model, nl, forces);
    for (let k = 0; k < grad.length; k++) grad[k] = -forces[k];
    return energy;
  };
}

/** The options of minimizeGlass (a complete list: AllKeysOf checks it against GlassMinimizeOptions). */
const MINIMIZE_OPTION_NAMES = ['model', 'cgTolerance', 'maxIter', 'newton', 'maxStep', 'onProgress'] as const;
const minimizeOptionNames: AllKeysOf<GlassMinimizeOptions, typeof MINIMIZE_OPTION_NAMES> = MINIMIZE_OPTION_NAMES;

/** Minimizes a copy of `input`; the input is not modified. */
export function minimizeGlass(input: Configuration, options: GlassMinimizeOptions = {}): GlassMinimizeResult {
  expectConfiguration('config', input);
  expectKnownKeys('options', options, minimizeOptionNames, 'minimizeGlass');
  // Named as the caller named them (minimizeCG's message said options.fTol).
  if (options.cgTolerance !== undefined) expectNumber('options.cgTolerance', options.cgTolerance, { min: 0, exclusiveMin: true });
  if (options.maxIter !== undefined) expectInteger('options.maxIter', options.maxIter, 1);
  const model = options.model ?? modelOfConfiguration(input);
  const x = Float64Array.from(input.positions);
  const cg = minimizeCG(glassObjective(input, model), x, {
    fTol: options.cgTolerance ?? MINIMIZE_DEFAULTS.cgTolerance,
    maxIter: options.maxIter ?? MINIMIZE_DEFAULTS.maxIter,
    maxStep: options.maxStep ?? 0.1,
    onProgress: options.onProgress,
  });
  let config: Configuration = { ...input, positions: x };
  let energy = cg.energy, maxForce = cg.maxForce, newtonIterations = 0;
  if (options.newton ?? true) {
    const polished = newtonPolish(config, { model });
    config = polished.config;
    energy = polished.energy;
    maxForce = polished.maxForce;
    newtonIterations = polished.iterations;
  }
  return { config, energy, maxForce, cgIterations: cg.iterations, newtonIterations, converged: cg.converged || maxForce <= (options.cgTolerance ?? MINIMIZE_DEFAULTS.cgTolerance) };
}
