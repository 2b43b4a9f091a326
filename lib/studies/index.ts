/**
 * Studies that use several layers: direct against iterative solvers on a glass's Hessian
 * (`softspot solvers`, docs/solvers.md).
 */
export {
  compareSolvers, type ComparisonCase, type ComparisonOptions, type ComparisonResult, type ContenderRow, type HeatCapacityRow,
} from './compare-solvers.js';
export { formatComparison } from './format-comparison.js';
