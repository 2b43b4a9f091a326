/**
 * softspot statistics (docs/design.md §7): seeded random numbers, log-binned PDFs, power-law
 * tail fits with the theory exponents, the exponent toolkit (Fréchet fits of per-glass
 * maxima, the bootstrap over glasses, quantile windows, soft-spot counts, finite-size
 * scaling of the maximum), the predictive-power metric C(λ), the Err
 * distribution of Fig. S1, empirical CDFs and a KS test against the uniform law.
 * All functions are pure over Float64Array (the `Rng` is the one explicit state).
 */
export { binomial, createRng, rngFromState, fillUniform, fillNormal, type Rng } from '../random.js';
export {
  logHistogram,
  logHistogramAbs,
  logHistogramSigned,
  type LogHistogram,
  type LogHistogramOptions,
  type SignedLogHistogram,
} from './histogram.js';
export { fitPowerLaw, type PowerLawFit, type PowerLawFitOptions } from './powerlaw.js';
export { THEORY_EXPONENTS, tailExponentFromScaling, FIELD_SCALING, THEORY_MAX_SCALING, maxScalingFromScaling } from './theory.js';
export { fitFrechet, perGlassMaxima, type FrechetFit, type FrechetFitOptions } from './frechet.js';
export {
  fitTailOverGlasses,
  fitQuantileWindows,
  type GlassTailFit,
  type GlassTailOptions,
  type QuantileWindowFit,
  type QuantileWindowOptions,
} from './glass-tails.js';
export {
  softSpotClusters,
  countSoftSpots,
  clusterInterval,
  type BondValues,
  type ClusterInterval,
  type SoftSpotClusters,
} from './soft-spots.js';
export { fitMaxScaling, type MaxScaling, type MaxScalingOptions, type SizeMaxima } from './max-scaling.js';
export { fitGroupedSlope, type GroupedSlope, type GroupedSlopeOptions } from './grouped-slope.js';
export { olsLine } from './ols.js';
export { normalQuantile } from './normal.js';
export { binShape, binIndex, binIndices, binField, neighbourAverage, type BinShape, type BinnedField } from './grid.js';
export { binFieldNd, binIndicesNd, binMeans, binOfNd, binShapeNd, cellDimension, eventRanksNd, gridCell, neighbourAverageNd, rankEventsNd, type BinIndexNd, type BinnedFieldNd } from './grid-nd.js';
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
  eventPositionsNd,
  glassRanks,
  interactionMidpoints,
  interactionMidpointsNd,
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
  quantileOf,
  quantilesOf,
  quantileSorted,
  percentiles,
  fractionBelow,
  ecdf,
  ecdfAt,
  ecdfOnGrid,
  type Ecdf,
} from './empirical.js';
export { ksTestUniform, kolmogorovQ, type KsResult } from './ks.js';
