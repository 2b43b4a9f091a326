/** The pair law (DESIGN §1): model data, radial derivatives, Cartesian pair tensors. */
export {
  type Model,
  type ModelParams,
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
