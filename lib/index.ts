/**
 * softspot: soft spots of 2D computer glasses and where they yield.
 * The package's main entry point.
 */
export { SparseCholesky, validateCscPattern } from './sparse-cholesky.js';
export type { AnalyzeOptions, CscMatrix, CscPattern, SelectedInverseOptions, FactorMode, Ordering, SelectedInverseMethod } from './sparse-cholesky.js';
export { CholmodError } from './errors.js';
export type { Configuration } from './config.js';
