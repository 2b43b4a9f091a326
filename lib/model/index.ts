/** The pair law (docs/design.md §1): model data, radial derivatives, Cartesian pair tensors. */
export {
  type Model,
  type ModelParams,
  type ReducedRadialFn,
  DEFAULT_MODEL,
  DEFAULT_MODEL_PARAMS,
  RADIAL_ORDER,
  doubleFactorial,
  makeModel,
  pairType,
  smoothingCoefficients,
} from './model.js';
export { invHalfPow, pairPotential, radialDerivatives, reducedRadial, reducedRadialUnchecked } from './radial.js';
export {
  type BondTensors,
  bondTensors,
  fourthFromRadial,
  gradFromRadial,
  hessFromRadial,
  thirdFromRadial,
} from './tensors.js';
export { type PairLaw, type CheckPairLawOptions, CHECK_FRACTIONS, DERIVATIVE_NAMES, checkPairLaw } from './pair-law.js';
export {
  type CutoffJump, type CutoffSmoothness, type CutoffSmoothnessOptions,
  cutoffSmoothness, describeCutoffSmoothness, expectContinuousForce, extremeSizes,
} from './cutoff-smoothness.js';
export {
  type IplLawParams, type LjLawParams, type PolyLaw, type PowerSumLaw,
  LJ_CORE, ljLaw, ljSmoothing, polyLaw, polyPairSize, polySmoothing,
} from './laws.js';
export { type PowerTerm, smoothingBySolve } from './power-sum.js';
export { type LawModelOptions, makeLawModel } from './law-model.js';
export {
  type ModelPreset, type ModelPresetName, type PresetDefaults,
  MODEL_PRESET_NAMES, composition, forgetModel, isModelName, modelNames, modelPreset, presetModel, registerModel, speciesCode,
} from './presets.js';
export { type ModelFile, modelFileOf, modelFromFile } from './model-file.js';
export { modelOfConfiguration } from './of-configuration.js';
export { lengthUnitOf } from './length-unit.js';
