/**
 * softspot: soft spots of 2D and 3D computer glasses and where they yield.
 *
 * The package's main entry: the API of docs/api.md, in its order. Each concept folder is
 * also an entry of its own (`softspot/io`, `softspot/stats`, `softspot/space`, …; see
 * docs/api.md "Entry points"), which loads only what that folder needs: reading a file
 * or fitting a tail loads neither the native addon nor the plotting libraries.
 */

// Configurations and files
export type { Configuration } from './config.js';
export {
  readXyz, readXyzFile, writeXyz, writeXyzFile, readXyzFrame, writeXyzFrame, configurationOfFrame, XyzFormatError, formatLhcCsv, parseLhcCsv,
} from './io/index.js';
export type { ReadXyzOptions, LhcTableColumns, XyzFrame } from './io/index.js';
export { checkLammpsModel, readLammpsData, readLammpsDataFile, readLammpsDump, readLammpsDumpFile, lammpsToConfiguration, lammpsPairTable, LammpsFormatError, formatLammpsData, formatGsd, GsdFile, GsdFormatError, gsdToConfiguration, readGsdFrame } from './io/index.js';
export { readFrameBytes, readTrajectoryFrame, scanFrames, type FrameScan, type FrameSpan, type TrajectoryFrame, type TrajectoryFormat } from './io/index.js';
export type { GsdFrame, GsdToConfigurationOptions, GsdWriteOptions, LammpsDataOptions, LammpsSnapshot, ReadLammpsDataOptions, ReadLammpsDumpOptions } from './io/index.js';

// Sparse Cholesky and the linear solvers
export { SparseCholesky } from './sparse-cholesky.js';
export type { AnalyzeOptions, CscMatrix, CscPattern, FactorMode, Ordering, SelectedInverseMethod, SelectedInverseOptions } from './sparse-cholesky.js';
export { ARGUMENT_ERROR_CODE, ArgumentRangeError, ArgumentTypeError, CholmodError, isArgumentError, IterativeSolverError, UnstableConfigurationError } from './errors.js';
export { createLinearSolver, solve, SOLVER_NAMES } from './solvers/index.js';
export type { LinearSolver, LinearSolverOptions, SolverChoice, SolverName } from './solvers/index.js';

// Physics
export {
  DEFAULT_MODEL, makeModel, checkPairLaw, cutoffSmoothness, expectContinuousForce, ljLaw, polyLaw, makeLawModel, modelPreset, presetModel, modelOfConfiguration, MODEL_PRESET_NAMES, registerModel, modelFromFile, modelFileOf,
} from './model/index.js';
export type { Model, ModelParams, ModelPreset, PairLaw } from './model/index.js';
export { findPairs, energyForces, stressTensor, pairTensors, hessianPattern, assembleBlocks } from './hessian/index.js';
export type { HessianPattern, PairList, PairTensors } from './hessian/index.js';
export { DIRECTIONS_2D, presetE, shearDeformation, strainConfiguration } from './space/index.js';
export type { Deformation, Direction2D, ShearMode } from './space/index.js';

// Minimization and glass preparation
export { minimizeGlass, newtonPolish, minimizeCG, minimizeFire } from './minimize/index.js';
export type { GlassMinimizeOptions, GlassMinimizeResult, MinimizeOptions, MinimizeResult, NewtonOptions, NewtonResult, Objective } from './minimize/index.js';
export { prepareGlass } from './md/index.js';
export type { PrepareOptions, PreparedGlass } from './md/index.js';
export { prepareGlassNd } from './nd/prepare.js';
export type { NdPrepareOptions, NdPreparedGlass } from './nd/prepare.js';
export { minimizeGlassNd } from './nd/minimize.js';
export type { NdMinimizeOptions, NdMinimizeResult } from './nd/minimize.js';

// Local heat capacity
export { localHeatCapacity, localHeatCapacityAsync, nearestCutoffCrossing, particleFields, POLISH_SHIFT_WARNING, validateResponse } from './lhc/index.js';
export type { ParticleFields } from './lhc/index.js';
export { formatParticleFieldsXyz } from './io/index.js';
export type { LhcOptions, LhcPhase, LhcResult, NamedDeformation, ValidateOptions, ValidationResult } from './lhc/index.js';

// Vibrational modes
export { lowestModes, nonlinearMode, nonlinearModesOf, participationRatio, softestMode, writeModesHdf5 } from './modes/index.js';
export type { LowestModesOptions, LowestModesResult, SoftestMode, SoftestModeOptions, VibrationalMode } from './modes/index.js';

// Athermal quasistatic shear
export { firstEvent, firstEventAsync, NoEventError, AQS_DEFAULTS, PRECISION_RULE } from './aqs/index.js';
export type { AqsEvent, DirectionSpec, FirstEventOptions } from './aqs/index.js';

// Statistics
export * as stats from './stats/index.js';

// Figures
export { lhcMapSvg, slabMapSvg, fig2Data, fig2Svg, predictabilitySvg, xiDependenceSvg, errCdfSvg, svgToPng, writeFigure, ensembleFigures, FIGURE_FONT } from './plot/index.js';
