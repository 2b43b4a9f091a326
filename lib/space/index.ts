/** The deformable periodic box (docs/design.md §2): cells, minimum image, deformations, neighbours. */
export {
  applyMatrix,
  cellInverse,
  cellVolume,
  matMul2,
  toCartesian,
  toReduced,
  wrapPositions,
} from './cell.js';
export { type ReducedCell, createReducedCell, reduceCell, reduceCellUnchecked } from './reduce.js';
export { minimumImage, minimumImageUnchecked, roundImageUnchecked } from './min-image.js';
export {
  type Dimension,
  type DirectionName,
  type Direction2D,
  type Mode2D,
  type ShearMode,
  type Sign,
  DIRECTIONS_2D,
  MODES_2D,
  SHEAR_MODES,
  directionName,
  directionOf,
  directions,
  expectShearMode,
  isShearMode,
  presetE,
  presetOf,
  quotedList,
  shearModes,
} from './directions.js';
export {
  type Deformation,
  PURE_SHEAR,
  SIMPLE_SHEAR,
  deformConfiguration,
  linearDeformation,
  remapPositions,
  shearDeformation,
  strainConfiguration,
  strainedCell,
  velocityGradient,
} from './deform.js';
export { smallBoxAdvice, smallestFittingN } from './small-box.js';
export { type CellList, binParticles, createCellList, stencilAxis, stencilBins, wrappedBinUnchecked } from './cell-list.js';
export {
  type NeighborList,
  type NeighborListOptions,
  buildNeighborList,
  checkCellSize,
  createNeighborList,
  needsRebuild,
  updateNeighborList,
} from './neighbor-list.js';
