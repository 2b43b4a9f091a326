/**
 * softspot: soft spots of 2D computer glasses and where they yield.
 * The package's main entry point.
 */
export { SparseCholesky, validateCscPattern } from './sparse-cholesky.js';
export type { AnalyzeOptions, CscMatrix, CscPattern, SelectedInverseOptions, FactorMode, Ordering, SelectedInverseMethod } from './sparse-cholesky.js';
export { CholmodError, IterativeSolverError, UnstableConfigurationError } from './errors.js';
export * from './solvers/index.js';
export type { Configuration } from './config.js';
export * from './model/index.js';
export * from './space/index.js';
export * from './hessian/index.js';
export * from './io/index.js';
export * from './minimize/index.js';
export * from './lhc/index.js';
export * from './aqs/index.js';
export * from './md/index.js';
export * as stats from './stats/index.js';
export * from './plot/index.js';
