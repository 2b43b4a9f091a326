/**
 * The paper's numerical validation of dc_α/dγ (Supplemental Fig. S1, Eq. S7):
 * deform affinely by Δγ, re-minimize (Newton from the affinely deformed state), recompute
 * c_α, and compare Δc_α/Δγ with the analytic dc_α/dγ through
 *   Err = 100 · |dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|)      (percent)
 * The paper uses the forward difference with Δγ = 1e-5 and finds the vast majority of
 * interactions below 1e-2 %. `central: true` uses (c(Δγ) − c(−Δγ)) / 2Δγ instead.
 * Interactions that enter or leave the cutoff between the two states are dropped (counted).
 *
 * Cutoff crossings (docs/design.md §10): c_α or dc_α/dγ jumps where a pair crosses its cutoff, so
 * the step of each mode is kept below the nearest crossing predicted to linear order
 * (./cutoff-crossing.ts): Δγ_used = min(Δγ, ½ γ*), with γ* over both directions for
 * central differences; and since the prediction is linear, the step is halved again
 * (at most MAX_HALVINGS times) while the strained state's set of interacting pairs differs
 * from the unstrained one (./fd-compare.ts). The crossing and the step used are reported
 * per mode.
 *
 * A 3D glass, a 2D glass of a per-particle preset (`poly`), or a call with `options.law`,
 * goes to the d-generic check (lib/nd/validate.ts) with the same steps and report.
 */
import type { Configuration } from '../config.js';
import { isNdGlass } from '../nd/law.js';
import { newtonPolish } from '../minimize/newton.js';
import { modelOfConfiguration, type Model } from '../model/index.js';
import type { PairLaw } from '../model/pair-law.js';
import { validateResponseNd } from '../nd/validate.js';
import { expectKnownKeys, type AllKeysOf } from '../validate.js';
import { MODES_2D, expectShearMode, presetE, shearDeformation, strainConfiguration, type ShearMode } from '../space/index.js';
import { nearestCutoffCrossing } from './cutoff-crossing.js';
import { DEFAULT_DGAMMA, checkModes, expectBase, expectStep, type ValidationResult } from './fd-compare.js';
import { localHeatCapacity } from './local-heat-capacity.js';
import type { LhcResult } from './options.js';

export { CROSSING_FRACTION, DEFAULT_DGAMMA, MAX_HALVINGS, type ModeValidation, type ValidationResult } from './fd-compare.js';

export interface ValidateOptions {
  /** Strain step Δγ (default 1e-5, the paper's). */
  dgamma?: number;
  /** Shear modes to check (default every preset of the glass's dimension: 2D simple, pure; 3D also simple-xz, simple-yz). */
  modes?: readonly ShearMode[];
  /** Central instead of forward differences (default false: the paper's forward). */
  central?: boolean;
  /** Pair law of a 2D glass's kernels (default: the glass's model). */
  model?: Model;
  /** Pair law of the d-generic check (default: the preset named by config.model); a user's law is checked by finite differences first. */
  law?: PairLaw;
  /**
   * The lhc result of this glass when the caller has it (`localHeatCapacity(config, same
   * model or law)`, every mode checked among its deformations): used as the unstrained
   * state (its polished config, c, dc/dγ, non-affine velocities) instead of recomputing it,
   * which is most of the cost of a 3D check. Default: computed here.
   */
  base?: LhcResult;
}

/** The options of validateResponse (a complete list: AllKeysOf checks it against ValidateOptions). */
const VALIDATE_OPTION_NAMES = ['dgamma', 'modes', 'central', 'model', 'law', 'base'] as const;
const validateOptionNames: AllKeysOf<ValidateOptions, typeof VALIDATE_OPTION_NAMES> = VALIDATE_OPTION_NAMES;

/**
 * Runs the Fig. S1 check on a minimized configuration; each mode's step stays below its
 * nearest cutoff crossing (module doc).
 */
export function validateResponse(config: Configuration, options: ValidateOptions = {}): ValidationResult {
  expectKnownKeys('options', options, validateOptionNames, 'validateResponse');
  const dgamma = expectStep(options.dgamma ?? DEFAULT_DGAMMA);
  const central = options.central ?? false;
  if (isNdGlass(config) || options.law !== undefined) {
    // `model` is the 2D path's; the d-generic one takes the law (options.law, or the configuration's).
    return validateResponseNd(config, { dgamma, central, modes: options.modes, law: options.law, base: options.base });
  }
  const model = options.model ?? modelOfConfiguration(config);
  const modes = (options.modes ?? MODES_2D).map((m, k) => expectShearMode(`options.modes[${k}]`, m, 2));
  const base = options.base !== undefined ? expectBase(options.base, config, modes) : localHeatCapacity(config, { model });
  const start = base.config;
  return {
    dim: 2, dgamma, central,
    modes: checkModes({
      base,
      at: (mode, gamma) => {
        const strained = strainConfiguration(start, start.cell, shearDeformation(mode as 'simple' | 'pure', 1), 0, gamma);
        return localHeatCapacity(newtonPolish(strained, { model }).config, { model, polish: false });
      },
      crossing: (mode, sign) => nearestCutoffCrossing(start, model, presetE(mode), base.nonAffine[mode]!, sign),
    }, modes, dgamma, central),
  };
}
