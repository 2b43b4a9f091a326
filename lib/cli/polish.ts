/**
 * The glass a command analyses at its energy minimum, as `lhc` takes it (lib/lhc/minimum.ts):
 * the input when max |F| ≤ 1e-9 ε/λ, else its Newton polish to the force floor — on the 2D
 * kernels for a 2D species law, on lib/nd for 3D and poly. Files of other programs hold
 * glasses to their precision only (ASE's 8 decimals, HOOMD's float32: docs/formats.md).
 */
import { dimensionOf, type Configuration } from '../config.js';
import { planarMinimumRoute } from '../lhc/local-heat-capacity.js';
import { farPolishMessage, minimumToAnalyse, POLISH_SHIFT_WARNING, type MinimumRoute } from '../lhc/minimum.js';
import { DEFAULT_FORCE_TOLERANCE } from '../lhc/options.js';
import { modelOfConfiguration } from '../model/index.js';
import { isNdGlass, lawOfConfiguration } from '../nd/law.js';
import { ndMinimumRoute } from '../nd/local-heat-capacity.js';

/**
 * @returns the configuration at its minimum, whether it was polished, max |F| after and
 *   before (ε/λ), and how far the polish moved the farthest particle (λ).
 * @throws UnstableConfigurationError when Newton meets a Hessian that is not positive definite (not near a stable minimum).
 */
export function glassAtMinimum(config: Configuration, pinned: number): { config: Configuration; polished: boolean; maxForce: number; maxForceInput: number; polishShift: number } {
  return minimumToAnalyse(config, DEFAULT_FORCE_TOLERANCE, true, minimumRouteOf(config, pinned));
}

/** How a glass is measured and polished: the 2D kernels for a 2D species law, lib/nd for 3D and poly. */
export function minimumRouteOf(config: Configuration, pinned: number): MinimumRoute {
  return isNdGlass(config)
    ? ndMinimumRoute(lawOfConfiguration(config), dimensionOf(config), pinned)
    : planarMinimumRoute(modelOfConfiguration(config), pinned);
}

/**
 * The warning line a command writes when Newton's polish moved a particle by more than
 * POLISH_SHIFT_WARNING: the numbers are of a glass near the input, not of the input
 * (lib/lhc/minimum.ts farPolishMessage). Empty when the polish stayed within a file's rounding.
 */
export function farPolishWarning(command: string, polishShift: number, maxForceInput: number, config: Configuration): string {
  return polishShift > POLISH_SHIFT_WARNING ? `${command}: warning: ${farPolishMessage(polishShift, maxForceInput, config.model ?? 'ipl')}\n` : '';
}

/**
 * max |F| (ε/λ) above which the commands call a configuration "not at a minimum" (info, the
 * warnings of modes and solvers). Looser than lhc's 1e-9, to which lhc and modes polish a
 * glass first: softspot's own 3D and poly glasses stop their conjugate gradient at 1e-8.
 */
export const NEAR_MINIMUM_FORCE = 1e-6;
