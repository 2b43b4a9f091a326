/**
 * The glass a command analyses at its energy minimum, as `lhc` takes it (lib/lhc/minimum.ts):
 * the input when max |F| ≤ 1e-9 ε/λ, else its Newton polish to the force floor — on the 2D
 * kernels for a 2D species law, on lib/nd for 3D and poly. Files of other programs hold
 * glasses to their precision only (ASE's 8 decimals, HOOMD's float32: docs/formats.md).
 */
import { dimensionOf, type Configuration } from '../config.js';
import { planarMinimumRoute } from '../lhc/local-heat-capacity.js';
import { minimumToAnalyse } from '../lhc/minimum.js';
import { DEFAULT_FORCE_TOLERANCE } from '../lhc/options.js';
import { modelOfConfiguration } from '../model/index.js';
import { isNdGlass, lawOfConfiguration } from '../nd/law.js';
import { ndMinimumRoute } from '../nd/local-heat-capacity.js';

/**
 * @returns the configuration at its minimum, whether it was polished, and max |F| after and before (ε/λ).
 * @throws UnstableConfigurationError when Newton meets a Hessian that is not positive definite (not near a stable minimum).
 */
export function glassAtMinimum(config: Configuration, pinned: number): { config: Configuration; polished: boolean; maxForce: number; maxForceInput: number } {
  const route = isNdGlass(config)
    ? ndMinimumRoute(lawOfConfiguration(config), dimensionOf(config), pinned)
    : planarMinimumRoute(modelOfConfiguration(config), pinned);
  return minimumToAnalyse(config, DEFAULT_FORCE_TOLERANCE, true, route);
}
