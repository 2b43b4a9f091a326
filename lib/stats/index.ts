/**
 * softspot statistics (DESIGN §7): seeded random numbers, log-binned PDFs, power-law
 * tail fits with the theory exponents, the predictive-power metric C(λ), the Err
 * distribution of Fig. S1, empirical CDFs and a KS test against the uniform law.
 * All functions are pure over Float64Array (the `Rng` is the one explicit state).
 */
export { createRng, rngFromState, fillUniform, fillNormal, type Rng } from './random.js';
export {
  logHistogram,
  logHistogramAbs,
  logHistogramSigned,
  type LogHistogram,
  type LogHistogramOptions,
  type SignedLogHistogram,
} from './histogram.js';
export { fitPowerLaw, type PowerLawFit, type PowerLawFitOptions } from './powerlaw.js';
export { THEORY_EXPONENTS, tailExponentFromScaling } from './theory.js';
export { binShape, binIndex, binField, neighbourAverage, type BinShape, type BinnedField } from './grid.js';
export {
  predictorFields,
  eventRank,
  eventRanks,
  rankEvents,
  predictability,
  type PredictorFields,
  type Predictability,
  type PredictabilityOptions,
} from './predictability.js';
export {
  collectRanks,
  eventPositions,
  glassRanks,
  interactionMidpoints,
  poolFields,
  predictabilityData,
  type DirectionRanks,
  type EventLocation,
  type EventMap,
  type GlassRanks,
  type GlassRecord,
  type PredictabilityData,
} from './glass-ranks.js';
export { relativeErrPercent } from './err.js';
export {
  sortedCopy,
  quantileSorted,
  percentiles,
  fractionBelow,
  ecdf,
  ecdfAt,
  ecdfOnGrid,
  type Ecdf,
} from './empirical.js';
export { ksTestUniform, kolmogorovQ, type KsResult } from './ks.js';
