/**
 * Molecular dynamics and glass preparation (docs/design.md §3): velocity Verlet with a CSVR
 * thermostat over a specialised Verlet-list force kernel, random starts with a soft
 * push-off, and the paper's protocol `prepareGlass`.
 */
export {
  type MdNeighborList, buildMdNeighborList, createMdNeighborList, maxDisplacement2, mdForces,
} from './kernel.js';
export {
  type MdOptions, type MdState, type StepOptions,
  initMd, kineticEnergy, mdConfiguration, removeComMomentum, setVelocities, stepMd, temperature,
} from './integrator.js';
export {
  type CsvrThermostat, createCsvr, csvrFactor, sampleChiSquared, sampleGamma,
} from './thermostat.js';
export {
  type MdEvaluator, type MdObjective, type PairForces, createMdEvaluator, createMdObjective, softDiskForces,
} from './objective.js';
export { type RandomStart, type RandomStartOptions, randomStart } from './random-start.js';
export {
  type PreparedGlass, type PrepareOptions, type PreparePhase, type PrepareProgress, prepareGlass,
} from './prepare.js';
export { PREPARE_DEFAULTS } from './defaults.js';
