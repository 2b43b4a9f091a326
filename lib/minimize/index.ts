/** Energy minimization: Polak–Ribière+ conjugate gradient and FIRE 2.0, one interface. */
export type { MinimizeOptions, MinimizeProgress, MinimizeResult, Objective, StopReason } from './types.js';
export { NonFiniteObjectiveError } from './common.js';
export { minimizeCG, type CGOptions } from './cg.js';
export { minimizeFire, type FireOptions } from './fire.js';
export { newtonPolish, type NewtonOptions, type NewtonResult } from './newton.js';
// A glass's minimization lives with the MD list it runs on (lib/md); re-exported for softspot/minimize.
export { glassObjective, minimizeGlass, MINIMIZE_DEFAULTS, type GlassMinimizeOptions, type GlassMinimizeResult } from '../md/minimize-glass.js';
