/**
 * Pairs, energy, forces, stress, pair tensors and the sparse Hessian with its
 * contractions (docs/design.md §4, §5).
 */
export { type PairList, checkPairList, createPairList, findPairs, updatePairVectors } from './pairs.js';
export { type PairTensors, pairTensors } from './tensors.js';
export { energy, energyForces, forces } from './energy.js';
export { pressure, shearStress, strainDerivative, stressAlong, stressTensor, virialStress } from './stress.js';
export {
  type CscMatrix,
  type HessianPattern,
  assembleBlocks,
  expandPinned,
  hessian,
  hessianPattern,
  DEFAULT_PINNED,
  particleOfDof,
  restrictPinned,
} from './pattern.js';
export {
  blockContract,
  bondVelocity,
  gatherPairVectors,
  hessianProduct,
  mismatchForces,
  pairDifferences,
  pairDot,
  qDotVec,
  tContractG,
  tDotVec,
} from './contractions.js';
