/**
 * The d-generic physics (docs/design.md §10): the periodic cell, pair law, pairs, energy, forces,
 * stress, pinned sparse Hessian and the local heat capacity of glasses of dimension 2 or 3.
 * localHeatCapacity() (softspot/lhc) sends 3D configurations here, and 2D ones of a law
 * the 2D kernels do not have (`poly`, registered laws) or given with `options.law`.
 */
export { cellVolume, cellWidths, checkCellFits, deformAffine, determinant, dimensionOfMatrix, inverse, roundedImage } from '../space/cell-nd.js';
export { imagingBasis, reduceLattice, type NdLatticeBasis, type ReducedLattice } from '../space/lattice-basis.js';
export { isNdGlass, lawOfConfiguration, type NdLaw } from './law.js';
export { checkCellWide, findPairsNd, type NdPairList } from './pairs.js';
export { pairRadial, RADIAL_STRIDE } from './radial.js';
export { energyForcesNd, ndObjective, pairEnergyForces, virialStressNd } from './energy.js';
export { ndAssemble, ndBondBlocks, ndExpand, ndHessianPattern, ndRestrict, type NdHessianPattern } from './pattern.js';
export { newtonPolishNd, type NdNewtonOptions, type NdNewtonResult } from './newton.js';
export { ndResponseSteps } from './response.js';
export { localHeatCapacityNd, localHeatCapacityNdAsync, type NdLhcOptions } from './local-heat-capacity.js';
export { defaultDeformations } from '../lhc/options.js';
export { nearestCutoffCrossingNd, ND_CROSSING_SKIN } from './cutoff-crossing.js';
export { validateResponseNd, type NdValidateOptions } from './validate.js';
