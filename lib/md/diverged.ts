/**
 * The error of a liquid or anneal MD run that blew up: a time step too long for the
 * model's repulsion at the temperature asked for (the paper's 2D glass diverges from
 * dt ≈ 0.03 τ0; KA's hot start after the push-off from dt ≈ 0.01), or a temperature far
 * above the liquid's. Found by the energy or the temperature turning non-finite, or by the
 * pair search meeting a non-finite particle, instead of running every phase on NaN and
 * failing in the minimizer with a message about its input.
 */
import { ArgumentRangeError } from '../errors.js';
export interface DivergedAt {
  phase: string;
  /** MD time reached (τ0) and the step (τ0). */
  time: number;
  dt: number;
  /** The thermostat's target (ε/k_B). */
  target: number;
}

/** RangeError `options.dt: the MD diverged …` (the command line says --dt). */
export function mdDiverged(at: DivergedAt, cause?: unknown): RangeError {
  return new ArgumentRangeError(`options.dt: the MD diverged in the ${at.phase} at t = ${at.time.toPrecision(4)} τ0, target temperature ${at.target}: ` +
    `lower the time step (${at.dt} τ0; the default is 0.005) or the temperature`,
  cause === undefined ? undefined : { cause });
}

/**
 * Whether a state whose step failed has blown up: a non-finite coordinate or velocity, or a
 * particle covering more than half a λ in one step (|v|·dt > 0.5; a liquid's speeds are
 * ~√(T/m) ≈ 1–4, 0.02 λ a step at dt = 0.005). O(N), called only once a step has failed:
 * the pair search then meets a particle far outside its images before anything is NaN.
 */
export function blownUp(positions: Float64Array, velocities: Float64Array, dt: number): boolean {
  for (let k = 0; k < positions.length; k++) if (!Number.isFinite(positions[k])) return true;
  for (let k = 0; k < velocities.length; k++) if (!(Math.abs(velocities[k]) * dt <= 0.5)) return true;
  return false;
}

/** What stepsOrDiverged reads of an MD state (lib/md's and lib/nd's alike). */
export interface SteppedState {
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly potentialEnergy: number;
}

/**
 * Runs `step` (a chunk of MD steps of `state`) and throws mdDiverged(`at`) when the chunk
 * blew up: a failed step whose particles fly (blownUp), or a non-finite energy or
 * temperature after it. Any other failure is rethrown as it is. O(1) after a chunk that
 * went well: the energy and the temperature only.
 */
export function stepsOrDiverged(step: () => void, state: SteppedState, temperature: () => number, at: DivergedAt): void {
  try {
    step();
  } catch (error) {
    if (!blownUp(state.positions, state.velocities, at.dt)) throw error;
    throw mdDiverged(at, error);
  }
  if (!Number.isFinite(state.potentialEnergy) || !Number.isFinite(temperature())) throw mdDiverged(at);
}
