/** The local heat capacity and its response to deformation (docs/design.md §4). */
export { UnstableConfigurationError } from '../errors.js';
export {
  DEFAULT_DEFORMATIONS,
  DEFAULT_FORCE_TOLERANCE,
  LHC_DEFAULTS,
  LHC_METHODS,
  type LhcMethod,
  type LhcDiagnostics,
  type LhcOptions,
  type LhcPhase,
  type LhcResult,
  localHeatCapacity,
  localHeatCapacityAsync,
} from './local-heat-capacity.js';
export { type NamedDeformation, type LinearAlgebraRequest, responseSteps } from './response.js';
export { bondBlocks } from './bond-blocks.js';
export { particleFields, type BondTable, type ParticleFields } from './particle-fields.js';
export { DEFAULT_DGAMMA, validateResponse, type ModeValidation, type ValidateOptions, type ValidationResult } from './finite-difference-check.js';
export { CROSSING_SKIN, nearestCutoffCrossing, type CutoffCrossing } from './cutoff-crossing.js';
export { POLISH_SHIFT_WARNING } from './minimum.js';
