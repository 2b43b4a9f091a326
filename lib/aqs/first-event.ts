/**
 * `firstEvent`: the first plastic event of a minimized glass sheared athermally and
 * quasistatically along one direction (docs/design.md §6, §9; paper SM). See ./fast.ts and
 * ./reference.ts for the two protocols and their common event criterion (a jump of the
 * minimized state, i.e. the end of the elastic branch at a saddle-node).
 *
 * Both protocols report the bracket [γ_lo, γ_hi] (width ≤ precision) with γ_c = γ_hi;
 * "before" is the minimum at γ_lo, "after" the minimum reached at γ_hi by the minimizer
 * (CG by default) from the affine image of "before", so both protocols locate the event
 * the same way: the particle with the largest non-affine displacement between the two.
 *
 * Continuing past the event: pass `result.after` (requires `configurations: true`) with
 * `gamma0: result.gammaC` and the same `referenceCell` to find the next one.
 */
import { dimensionOf, infoWithout, type Configuration } from '../config.js';
import { expectContinuousForce, extremeSizes, modelOfConfiguration, modelPreset, type PairLaw } from '../model/index.js';
import { cellInverse, matMul2 } from '../space/index.js';
import { runAsync, runSync, type Protocol } from './driver.js';
import { parseDirection } from './direction.js';
import { nonAffineDisplacement, topK } from './displacement.js';
import { lowestMode } from './eigen.js';
import { fastProtocol } from './fast.js';
import { Landscape } from './landscape.js';
import { NdLandscape, type NdLandscapeOptions } from './landscape-nd.js';
import { isNdGlass, lawOfConfiguration } from '../nd/law.js';
import { inverse, linearPath, matrixProduct } from '../space/cell-nd.js';
import { directionName, directionOf, directions, presetE, quotedList } from '../space/index.js';
import { referenceProtocol } from './reference.js';
import { AQS_DEFAULTS, expectStepRange, PRECISION_RULE, type AqsEvent, type BranchState, type EventBracket, type FirstEventOptions } from './types.js';
import { findPairs } from '../hessian/pairs.js';
import { describe, expectConfiguration, expectConfigurationOfDimension, expectFinite, expectKnownKeys, expectPositive, expectRule, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/**
 * E and the name of a direction of a 3D glass: a preset direction ('simple+', 'simple-xz-',
 * 'simple-yz+', 'pure-', …; docs/design.md §10) or { E } with a 3×3 E (H = I + γE).
 */
function directionOf3d(spec: unknown): { E: Float64Array; name: string } {
  if (typeof spec === 'string') {
    const direction = directionOf(spec);
    if (direction === undefined) throw new ArgumentRangeError(`options.direction: expected ${quotedList(directions(3))}, got ${describe(spec)}`);
    return { E: presetE(direction.mode, direction.sign, 3), name: directionName(direction.mode, direction.sign) };
  }
  if (typeof spec === 'object' && spec !== null && 'mode' in spec) {
    const { mode, sign } = spec as { mode: Parameters<typeof presetE>[0]; sign?: 1 | -1 };
    return { E: presetE(mode, sign ?? 1, 3), name: directionName(mode, sign ?? 1) };
  }
  if (typeof spec === 'object' && spec !== null && 'E' in spec && !('H' in spec)) {
    const { E, name } = spec as { E: unknown; name?: string };
    if (!(E instanceof Float64Array) || E.length !== 9) throw new ArgumentRangeError(`options.direction.E: expected a 3×3 matrix (Float64Array(9), row-major) for a 3D glass, got ${describe(E)}`);
    return { E: Float64Array.from(E), name: name ?? 'linear' };
  }
  throw new ArgumentTypeError(`options.direction: expected a direction name (${quotedList(directions(3))}), {mode, sign} or {E} (3×3) for a 3D glass, got ${describe(spec)}`);
}

/**
 * E and the name of a direction of a 2D glass on the d-generic path (a per-particle law,
 * `poly`): the 2D direction specs of {@link parseDirection}; the path must be linear,
 * H(γ) = I + γE (every preset, {E}), since the d-generic landscape strains along it.
 */
function directionOf2dLinear(spec: unknown): { E: Float64Array; name: string } {
  const def = parseDirection(spec as Parameters<typeof parseDirection>[0]);
  for (const gamma of [0.125, -0.375]) {
    const H = def.H(gamma);
    for (let k = 0; k < 4; k++) {
      if (H[k] !== (k === 0 || k === 3 ? 1 : 0) + gamma * def.E[k]!) {
        throw new ArgumentRangeError(`options.direction: a 2D glass of a per-particle law (poly) is strained along H(γ) = I + γE only, ` +
          `and the Deformation '${def.name}' has H(${gamma}) ≠ I + ${gamma}·E; give a direction name, {mode, sign} or {E}`);
      }
    }
  }
  return { E: Float64Array.from(def.E), name: def.name };
}

/** options[name] if given (a finite number > 0), else the default. */
function positive(name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : expectPositive(`options.${name}`, value);
}

/**
 * Refuses a law whose force jumps at the cutoff unless `options.allowForceJumps`
 * (lib/model/cutoff-smoothness.ts says why); per-particle laws are examined on the pairs of
 * the smallest and largest sizes present.
 */
function checkForceAtCutoff(config: Configuration, law: PairLaw, options: FirstEventOptions, keys?: Float64Array): void {
  if (options.allowForceJumps !== undefined && typeof options.allowForceJumps !== 'boolean') {
    throw new ArgumentTypeError(`options.allowForceJumps: expected a boolean, got ${describe(options.allowForceJumps)}`);
  }
  if (options.allowForceJumps === true) return;
  const sizes = law.perParticle && keys !== undefined ? extremeSizes(keys) : undefined;
  const labels = options.model === undefined && config.model !== undefined ? modelPreset(config.model, 'config.model').species : undefined;
  const who = options.model === undefined ? `config.model '${config.model ?? 'ipl'}'` : 'options.model';
  expectContinuousForce(law, who, 'pass options.allowForceJumps: true (CLI: --allow-force-jumps)', { sizes, labels });
}

/** Keys of an input's `info` that describe its state, and so are false of any other state (with ASE's results: lib/config.ts). */
const STATE_KEYS = ['energy', 'fmax', 'lambda_min', 'gamma', 'direction'] as const;

/**
 * The configuration of a minimized state of the search: the input's model (a file of it
 * must be read back with the same law) and its `info` without the keys that described the
 * input's state, with this state's `gamma` (the strain along `direction` from the input
 * glass's cell, the search's reference: with gamma0, the earlier events' strain included),
 * `direction` (simple+, pure-, simple-xz+, …), `energy` and `fmax` (max |F|, ε/λ). The
 * event's λ_min are of the pinned Hessian, not the translation-free lowest eigenvalue a
 * file's `lambda_min` means (test/fixtures/README.md), so none is written.
 */
function stateOf(config: Configuration, land: Landscape | NdLandscape, state: BranchState, direction: string): Configuration {
  const c = land.configurationAt(state.x, state.gamma);
  if (config.model !== undefined) c.model = config.model;
  const info = infoWithout(config.info, STATE_KEYS);
  c.info = { ...info, gamma: state.gamma, direction, energy: state.energy, fmax: land.evaluate(state.x, state.gamma).maxForce };
  return c;
}

/** The options of firstEvent (a complete list: AllKeysOf checks it against FirstEventOptions). */
const FIRST_EVENT_OPTION_NAMES = ['direction', 'precision', 'protocol', 'step', 'maxStrain', 'gamma0', 'referenceCell', 'model', 'minimizer', 'forceTolerance',
  'minimizerTolerance', 'pinned', 'configurations', 'allowForceJumps', 'onProgress'] as const;
const firstEventOptionNames: AllKeysOf<FirstEventOptions, typeof FIRST_EVENT_OPTION_NAMES> = FIRST_EVENT_OPTION_NAMES;

/**
 * The protocol of {@link firstEvent} (run it with ./driver.ts runSync or runAsync).
 * `pairSearch` chooses how the landscape of a d-generic glass finds its pairs
 * (./landscape-nd.ts NdLandscapeOptions; the same pairs either way, for tests and benchmarks).
 */
export function* firstEventProtocol(
  config: Configuration, options: FirstEventOptions, pairSearch?: NdLandscapeOptions['pairSearch'],
): Protocol<AqsEvent> {
  const started = performance.now();
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentTypeError(`options: expected an object with a direction, got ${describe(options)}`);
  }
  expectKnownKeys('options', options, firstEventOptionNames, 'firstEvent');
  const d = typeof config === 'object' && config !== null ? dimensionOf(config) : 2;
  const protocol = options.protocol ?? AQS_DEFAULTS.protocol;
  if (protocol !== 'fast' && protocol !== 'reference') {
    throw new ArgumentRangeError(`options.protocol: expected "fast" or "reference", got ${describe(protocol)}`);
  }
  const precision = expectRule('options.precision', positive('precision', options.precision, AQS_DEFAULTS.precision), PRECISION_RULE);
  const step = positive('step', options.step, AQS_DEFAULTS.step[protocol]);
  const maxStrain = positive('maxStrain', options.maxStrain, AQS_DEFAULTS.maxStrain);
  expectStepRange(step, precision, maxStrain, undefined, options.step === undefined);
  const fTol = positive('forceTolerance', options.forceTolerance, 1e-10);
  const minimizerTol = positive('minimizerTolerance', options.minimizerTolerance, 1e-8);
  const minimizer = options.minimizer ?? AQS_DEFAULTS.minimizer;
  if (minimizer !== 'cg' && minimizer !== 'fire') {
    throw new ArgumentRangeError(`options.minimizer: expected "cg" or "fire", got ${describe(minimizer)}`);
  }
  const gamma0 = options.gamma0 === undefined ? 0 : expectFinite('options.gamma0', options.gamma0);
  const pinned = options.pinned ?? AQS_DEFAULTS.pinned;
  let land: Landscape | NdLandscape, name: string;
  if (d === 3 || isNdGlass(config)) {
    expectConfigurationOfDimension('config', config);
    const law = lawOfConfiguration(config, options.model?.law);
    checkForceAtCutoff(config, law.law, options, law.keys);
    const { E, name: label } = d === 3 ? directionOf3d(options.direction) : directionOf2dLinear(options.direction);
    name = label;
    const h0 = options.referenceCell ?? matrixProduct(inverse(linearPath(E, gamma0)), config.cell);
    land = new NdLandscape(config, law, E, h0, { pinned, pairSearch });
  } else {
    const model = options.model ?? modelOfConfiguration(config);
    expectConfiguration('config', config, model.nSpecies);
    checkForceAtCutoff(config, model.law, options);
    findPairs(config, model); // refuses a duplicated particle by name (the Landscape's own pair loop gave NaN, found only by the factorization)
    const def = parseDirection(options.direction);
    name = def.name;
    const h0 = options.referenceCell ?? matMul2(cellInverse(def.H(gamma0)), config.cell);
    land = new Landscape(model, def, h0, config.species, { pinned });
  }
  const relaxSettings = { minimizer, minimizerTol, fTol, maxIter: 200000 } as const;
  let bracket: EventBracket;
  try {
    bracket = protocol === 'fast'
      ? yield* fastProtocol(land, config.positions, gamma0, {
        precision, maxStep: step, maxStrain, fTol, relax: relaxSettings, onProgress: options.onProgress,
      })
      : yield* referenceProtocol(land, config.positions, gamma0, {
        precision, step, maxStrain, relax: relaxSettings, onProgress: options.onProgress,
      });
    const { before, after } = bracket;
    const lambdaAt = function* (x: Float64Array, gamma: number): Protocol<number> {
      land.evaluate(x, gamma);
      const error = yield* land.factorizeRequest();
      return error === null ? lowestMode(land, undefined, 1e-8, 200).lambda : Number.NaN;
    };
    const lambdaMinBefore = bracket.lambdaBefore ?? (yield* lambdaAt(before.x, before.gamma));
    const lambdaMinAfter = bracket.lambdaAfter ?? (yield* lambdaAt(after.x, after.gamma));
    const disp = nonAffineDisplacement(before.x, after.x, land.affineMap(before.gamma, after.gamma), land.cellAt(after.gamma));
    const p = disp.particle;
    const event: AqsEvent = {
      direction: name,
      protocol,
      precision,
      gammaC: after.gamma,
      gammaLo: before.gamma,
      gammaHi: after.gamma,
      energyBefore: before.energy,
      energyAfter: after.energy,
      energyDrop: before.energy - after.energy,
      stressBefore: before.stress,
      stressAfter: after.stress,
      stressDrop: before.stress - after.stress,
      lambdaMinBefore,
      lambdaMinAfter,
      particle: p,
      particlePosition: d === 3
        ? [config.positions[3 * p]!, config.positions[3 * p + 1]!, config.positions[3 * p + 2]!]
        : [config.positions[2 * p]!, config.positions[2 * p + 1]!],
      maxDisplacement: disp.max,
      topDisplacements: topK(disp.magnitudes, 5),
      statistics: {
        steps: bracket.steps,
        bisections: bracket.bisections,
        minimizerIterations: bracket.iterations,
        factorizations: land.counters.factorizations,
        analyses: land.counters.analyses,
        evaluations: land.counters.evaluations,
        timeMs: performance.now() - started,
        ...(bracket.handOverGamma !== undefined ? { handOverGamma: bracket.handOverGamma } : {}),
      },
    };
    if (options.configurations === true) {
      event.before = stateOf(config, land, before, name);
      event.after = stateOf(config, land, after, name);
    }
    return event;
  } finally {
    land.dispose();
  }
}

/**
 * The first plastic event along `options.direction` (sync).
 * @throws TypeError/RangeError for bad arguments or an input that is not a stable
 *   minimum; NoEventError if there is none up to `maxStrain`.
 */
export function firstEvent(config: Configuration, options: FirstEventOptions): AqsEvent {
  return runSync(firstEventProtocol(config, options));
}

/** firstEvent with the factorizations on the thread pool and the event loop served between steps. */
export function firstEventAsync(config: Configuration, options: FirstEventOptions): Promise<AqsEvent> {
  return runAsync(firstEventProtocol(config, options));
}
