/** The lowest vibrational modes of a glass and their measures (docs/modes.md). */
export { lowestModes, MODES_DEFAULTS, MODES_METHODS, QLM_THRESHOLD, type LowestModesOptions, type Coupling, type LowestModesResult, type ModesMethod, type VibrationalMode } from './lowest-modes.js';
export { lanczosLowest, type LanczosOptions } from './lanczos.js';
export { BLOCK_LANCZOS_SIZE, blockLanczosLowest, type BlockLanczosOptions } from './block-lanczos.js';
export { coreParticle, participationRatio } from './measures.js';
export { blockInverseIteration, type BlockInverseOptions, type BlockInverseResult, type BlockOperator } from './block-inverse.js';
export { MODES_FORMAT, MODES_FORMAT_VERSION, writeModesHdf5, type ModesPolish } from './hdf5.js';
export { coreBonds, maxAbsOver } from './core-bonds.js';
export { softestMode, type SoftestMode, type SoftestModeOptions } from './softest-mode.js';
export { NONLINEAR_DEFAULTS, nonlinearMode, nonlinearModesOf, nonlinearSystem, SAME_MODE_OVERLAP, type NonlinearFromMode, type NonlinearMode, type NonlinearModeOptions, type NonlinearSystem } from './nonlinear.js';
