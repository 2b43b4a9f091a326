/**
 * Athermal quasistatic shear (AQS) and the first plastic event (docs/design.md §6; paper SM).
 */
export { firstEvent, firstEventAsync } from './first-event.js';
export { NoEventError } from './errors.js';
export { AQS_DEFAULTS, PRECISION_RULE } from './types.js';
export type {
  AqsEvent, AqsProgress, AqsProtocolName, AqsStatistics, DirectionSpec, FirstEventOptions, MinimizerName,
} from './types.js';
export { parseDirection } from './direction.js';
export { nonAffineDisplacement, topK, type DisplacementSummary } from './displacement.js';
export { foldDistance, lowestMode, type LowestMode } from './eigen.js';
export { Landscape, type LandscapeOptions, type LandscapeCounters } from './landscape.js';
