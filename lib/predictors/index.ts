/**
 * The predictor benchmark (docs/predictors.md): the structural indicators of a
 * glass, each a per-bond or per-particle field oriented so that larger predicts the first
 * plastic event, and the metrics that rank them (λ, C(λ), AUC, paired counts against P⁺).
 */
export {
  BENCHMARK_XI, INDICATORS, INDICATOR_NAMES, REFERENCE_INDICATOR, isIndicatorName,
  type IndicatorInfo, type IndicatorName, type IndicatorSupport,
} from './names.js';
export { coordinationDeficit, coordinationNumbers, particleEnergies } from './local-structure.js';
export { extensionAxis, nonAffineFields, nonAffineVelocity, removeTranslation } from './non-affine.js';
export { modeStrainDerivatives, qlmParticipation, qlmSoftening, qlmVibrality, weightedModeDensity, type ModeFieldInput } from './mode-fields.js';
export { DEFAULT_INDICATOR_MODES, glassIndicators, type GlassIndicatorOptions, type GlassIndicators, type IndicatorModes, type LhcFields } from './indicators.js';
export { coordinationDeficitNd, modeStrainDerivativesNd, nonAffineVelocityNd, particleEnergiesNd } from './nd-fields.js';
export { rankField, type FieldRanks } from './rank.js';
export {
  benchmarkMetrics, glassEventRanks, pairedCounts,
  type BenchmarkMetrics, type BenchmarkMetricsOptions, type EventRank, type GlassEventRanks, type IndicatorMetrics, type RankableGlass,
} from './metrics.js';
