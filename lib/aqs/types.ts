/**
 * Options, progress records and results of the AQS first-event search (docs/design.md §6, §9).
 * Strains are magnitudes along the direction (γ ≥ 0 for "−" directions too: the "−"
 * direction is H(−γ)). Units: energy ε, stress ε/λ², lengths λ.
 */
import type { Configuration } from '../config.js';
import type { Model } from '../model/model.js';
import type { Deformation, Direction2D, DirectionName, ShearMode, Sign } from '../space/index.js';
import type { NumberRule } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Defaults of {@link FirstEventOptions} (the step depends on the protocol). */
export const AQS_DEFAULTS = Object.freeze({
  protocol: 'fast' as AqsProtocolName,
  precision: 1e-8,
  step: Object.freeze({ fast: 2e-3, reference: 1e-4 }),
  maxStrain: 0.5,
  minimizer: 'cg' as MinimizerName,
  pinned: 0,
});

/**
 * A strain step spans at least this many final brackets: the event test compares the jump
 * at the final bracket with the displacement over a bracket 16 times wider (four bisections
 * earlier; ./reference.ts), so a step of the order of the precision finds round-off
 * "events" (γ_c = the step, λ_min unchanged, a negative energy drop).
 */
export const MIN_STEP_OVER_PRECISION = 16;

/** Strain steps a search may take at most (maxStrain/step): 10⁶ minimizations would run for days. */
export const MAX_STRAIN_STEPS = 1e6;

/**
 * Checks a search's (largest) strain step against its precision and its maximum strain;
 * `names` are the caller's names of the three (options.*, events.*, --step …). With
 * `stepIsDefault` (the caller gave no step) a conflict is the other value's: the message
 * names it, and the default step it meets.
 * @throws RangeError `<name>: expected …` saying what to give
 */
export function expectStepRange(step: number, precision: number, maxStrain: number,
  names: { step: string; precision: string; maxStrain: string } = { step: 'options.step', precision: 'options.precision', maxStrain: 'options.maxStrain' },
  stepIsDefault = false): void {
  const least = MIN_STEP_OVER_PRECISION * precision;
  if (!(step >= least)) {
    if (stepIsDefault) {
      throw new ArgumentRangeError(`${names.precision}: expected at most ${names.step}/${MIN_STEP_OVER_PRECISION} = ${(step / MIN_STEP_OVER_PRECISION).toPrecision(3)} with the default ` +
        `${names.step} ${step} (the event test compares the final bracket with one ${MIN_STEP_OVER_PRECISION} times wider), got ${precision}; or give a ${names.step} ≥ ${least.toPrecision(3)}`);
    }
    throw new ArgumentRangeError(`${names.step}: expected a strain step ≥ ${MIN_STEP_OVER_PRECISION} × ${names.precision} = ${least.toPrecision(3)} ` +
      `(the event test compares the final bracket with one ${MIN_STEP_OVER_PRECISION} times wider), got ${step}`);
  }
  if (!(maxStrain / step <= MAX_STRAIN_STEPS)) {
    if (stepIsDefault) {
      throw new ArgumentRangeError(`${names.maxStrain}: expected at most 10⁶ × ${names.step} = ${(MAX_STRAIN_STEPS * step).toPrecision(3)} with the default ${names.step} ${step} ` +
        `(at most 10⁶ steps), got ${maxStrain}; or give a larger ${names.step}`);
    }
    throw new ArgumentRangeError(`${names.step}: expected a strain step ≥ ${names.maxStrain}/10⁶ = ${(maxStrain / MAX_STRAIN_STEPS).toPrecision(3)} ` +
      `(at most 10⁶ steps; this one would take ${Math.ceil(maxStrain / step).toExponential(1)} minimizations), got ${step}`);
  }
}

/** The narrowest final bracket [γ_lo, γ_hi] a search can resolve. */
export const PRECISION_RULE: NumberRule = Object.freeze({
  min: 1e-13,
  why: 'a narrower strain bracket is below what the round-off of the minimized states resolves',
});

/**
 * 'simple+', 'simple-', 'pure+', 'pure-' (and in 3D 'simple-xz±', 'simple-yz±'), a
 * {mode, sign} pair, any E = dH/dγ (H = I + γE; d×d), or a Deformation (2D).
 */
export type DirectionSpec =
  | Direction2D
  | DirectionName
  | { mode: ShearMode; sign: Sign }
  | { E: Float64Array; name?: string }
  | Deformation;

export type AqsProtocolName = 'fast' | 'reference';

/** Minimizer of the reference steps and of the post-event minimization. */
export type MinimizerName = 'cg' | 'fire';

/** A minimized state on a strain path: positions (2N, λ), γ, U (ε), σ (ε/λ²). */
export interface BranchState {
  x: Float64Array;
  gamma: number;
  energy: number;
  stress: number;
}

/** What a protocol hands back: the states at the two ends of the final bracket, and its work. */
export interface EventBracket {
  before: BranchState;
  after: BranchState;
  steps: number;
  bisections: number;
  iterations: number;
  /** γ at which the fast protocol handed the search to the reference protocol (its continuation stalled); absent otherwise. */
  handOverGamma?: number;
  /** λ_min at `before` and `after` when the protocol already has them (to 1e-8 relative). */
  lambdaBefore?: number;
  lambdaAfter?: number;
}

export interface AqsProgress {
  protocol: AqsProtocolName;
  /** 'step': an elastic strain step; 'retry': a failed continuation (fast) or a
   *  suspected event (reference); 'bisect': a bisection level; 'event': done. */
  phase: 'step' | 'retry' | 'bisect' | 'event';
  gamma: number;
  /** Upper end of the current bracket (+∞ before an instability is bracketed). */
  gammaHi: number;
  /** Lowest Hessian eigenvalue on the branch (fast protocol; NaN otherwise). */
  lambdaMin: number;
  /** Saddle-node estimate of γ_c (fast protocol; +∞ when no fold is ahead). */
  gammaFold: number;
  energy: number;
  stress: number;
  steps: number;
}

export interface FirstEventOptions {
  direction: DirectionSpec;
  /** Width of the final bracket [γ_lo, γ_hi] (default 1e-8). */
  precision?: number;
  /** 'fast' (default): linear-response predictor + Newton + saddle-node step control.
   *  'reference': fixed steps, affine map + minimization, bisection (the paper's). */
  protocol?: AqsProtocolName;
  /** Reference: the strain step δγ (default 1e-4). Fast: the largest step (default 2e-3). */
  step?: number;
  /** Give up (NoEventError) beyond this strain (default 0.5). */
  maxStrain?: number;
  /** Strain of the input configuration along the path (default 0). */
  gamma0?: number;
  /** Undeformed cell h0 of the path (default H(γ0)⁻¹·config.cell). */
  referenceCell?: Float64Array;
  model?: Model;
  /** Minimizer of the reference steps and of the post-event minimization (default 'cg'). */
  minimizer?: MinimizerName;
  /** Newton force tolerance (default 1e-10 ε/λ; the round-off floor ends it earlier). */
  forceTolerance?: number;
  /** Minimizer force tolerance before the Newton polish (default 1e-8 ε/λ). */
  minimizerTolerance?: number;
  /** Pinned particle of the Hessian (default 0). */
  pinned?: number;
  /** Include `before` and `after` configurations in the result (default false). */
  configurations?: boolean;
  /**
   * Shear a glass whose law's force does not vanish at the cutoff (`lj`/`ipl` with q = 0,
   * LAMMPS's lj/cut; lib/model/cutoff-smoothness.ts), which is refused by default: the
   * minimum jumps at every cutoff crossing, so the first crossing is reported as the event.
   */
  allowForceJumps?: boolean;
  onProgress?: (progress: Readonly<AqsProgress>) => void;
}

export interface AqsStatistics {
  /** Strain steps attempted (elastic steps, retries and bisection levels). */
  steps: number;
  /** Bisection levels (reference) or failed continuation steps (fast). */
  bisections: number;
  /** Minimizer iterations (CG/FIRE) plus Newton iterations. */
  minimizerIterations: number;
  /** Numeric Cholesky factorizations. */
  factorizations: number;
  /** Symbolic analyses (fill-reducing orderings). */
  analyses: number;
  /** Energy/force evaluations. */
  evaluations: number;
  /** Wall time (ms). */
  timeMs: number;
  /**
   * Fast protocol only: the strain γ at which its continuation stalled and the reference
   * protocol took over the search (fixed steps + bisection from that branch state);
   * absent when the fast protocol found the event itself.
   */
  handOverGamma?: number;
}

export interface AqsEvent {
  direction: string;
  protocol: AqsProtocolName;
  precision: number;
  /** γ_c = γ_hi: the smallest strain known to be past the instability. */
  gammaC: number;
  /** Last elastic strain of the bracket. */
  gammaLo: number;
  gammaHi: number;
  energyBefore: number;
  energyAfter: number;
  /** energyBefore − energyAfter (ε). */
  energyDrop: number;
  /** σ = (1/V) ∂U/∂γ at γ_lo (before) and γ_hi (after) (ε/λ²). */
  stressBefore: number;
  stressAfter: number;
  stressDrop: number;
  /**
   * Lowest eigenvalue of the pinned Hessian at the pre- and post-event minima: the
   * protocols' stability monitor, below the lowest eigenvalue of lowestModes (which removes
   * the translations instead of pinning a particle).
   */
  lambdaMinBefore: number;
  lambdaMinAfter: number;
  /** Particle with the largest non-affine displacement across the event. */
  particle: number;
  /** Its position in the input (undeformed) configuration. */
  particlePosition: [number, number] | [number, number, number];
  /** Its displacement (λ). */
  maxDisplacement: number;
  /** The five largest displacements, [particle, |d|]. */
  topDisplacements: Array<[number, number]>;
  statistics: AqsStatistics;
  /**
   * Pre-event minimum at γ_lo (with `configurations: true`), with the input's model;
   * info: the input's without its energy, fmax, lambda_min and gamma, then this state's
   * gamma = γ_lo, energy and fmax.
   */
  before?: Configuration;
  /** Post-event minimum at γ_hi (with `configurations: true`), likewise (gamma = γ_hi). */
  after?: Configuration;
}
