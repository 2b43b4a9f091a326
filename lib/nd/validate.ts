/**
 * The paper's finite-difference check of dc_α/dγ (Supplemental Fig. S1) for a
 * d-dimensional glass of any pair law (docs/design.md §10): the same steps as the 2D check
 * (lib/lhc/finite-difference-check.ts, lib/lhc/fd-compare.ts) with the d-generic pieces —
 * the affine strain x ← (1 + γE)x, h ← (1 + γE)h (lib/space/cell-nd.ts), re-minimization by Newton
 * (./newton.ts, to the force floor), c_α of the strained state (./local-heat-capacity.ts)
 * and the nearest cutoff crossing (./cutoff-crossing.ts). 3D modes: simple, simple-xz,
 * simple-yz, pure (docs/design.md §10 presets).
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { checkModes, expectBase, expectStep, DEFAULT_DGAMMA, type ValidationResult } from '../lhc/fd-compare.js';
import type { LhcResult } from '../lhc/options.js';
import type { PairLaw } from '../model/pair-law.js';
import { expectShearMode, presetE, shearModes, type ShearMode } from '../space/index.js';
import { deformAffine } from '../space/cell-nd.js';
import { nearestCutoffCrossingNd } from './cutoff-crossing.js';
import { lawOfConfiguration } from './law.js';
import { localHeatCapacityNd } from './local-heat-capacity.js';
import { newtonPolishNd } from './newton.js';
import { expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

export interface NdValidateOptions {
  /** Strain step Δγ (default 1e-5, the paper's). */
  dgamma?: number;
  /** Modes to check (default every preset of the glass's dimension). */
  modes?: readonly ShearMode[];
  /** Central instead of forward differences (default false). */
  central?: boolean;
  /** Pair law (default: the preset named by config.model); a user's law is checked by finite differences first. */
  law?: PairLaw;
  /** The lhc result of this glass, not recomputed when given (lib/lhc/finite-difference-check.ts `ValidateOptions.base`). */
  base?: LhcResult;
}

/** Largest max |F| (ε/λ) of a re-minimized strained state: a state that did not reach it is refused. */
const STRAINED_FORCE_LIMIT = 1e-9;

/** The options of validateResponseNd (a complete list: AllKeysOf checks it against NdValidateOptions). */
const VALIDATE_ND_OPTION_NAMES = ['dgamma', 'modes', 'central', 'law', 'base'] as const;
const validateNdOptionNames: AllKeysOf<NdValidateOptions, typeof VALIDATE_ND_OPTION_NAMES> = VALIDATE_ND_OPTION_NAMES;

/** The Fig. S1 check of a d-dimensional glass (see the module doc and lib/lhc/fd-compare.ts). */
export function validateResponseNd(config: Configuration, options: NdValidateOptions = {}): ValidationResult {
  expectKnownKeys('options', options, validateNdOptionNames, 'validateResponseNd', { model: 'it takes the pair law as options.law (default: the configuration\'s preset)' });
  const d = dimensionOf(config);
  const dgamma = expectStep(options.dgamma ?? DEFAULT_DGAMMA);
  const central = options.central ?? false;
  const modes = (options.modes ?? shearModes(d)).map((m, k) => expectShearMode(`options.modes[${k}]`, m, d));
  const nl = lawOfConfiguration(config, options.law);
  const deformations = modes.map((name) => ({ name, E: presetE(name, 1, d) }));
  const base = options.base !== undefined ? expectBase(options.base, config, modes) : localHeatCapacityNd(config, { law: nl.law, deformations });
  const start = base.config;
  return {
    dim: d, dgamma, central,
    modes: checkModes({
      base,
      at: (mode, gamma) => {
        const strained = deformAffine(start.cell, start.positions, presetE(mode, 1, d), gamma);
        const polished = newtonPolishNd({ ...start, ...strained }, nl);
        if (!(polished.maxForce <= STRAINED_FORCE_LIMIT)) {
          throw new ArgumentRangeError(`validate: the glass strained by Δγ = ${gamma.toExponential(2)} along ${mode} did not re-minimize ` +
            `(max |F| = ${polished.maxForce.toExponential(2)} ε/λ after ${polished.iterations} Newton steps); ` +
            'use a smaller --dgamma, or check that the glass is a stable minimum (softspot info)');
        }
        return localHeatCapacityNd(polished.config, { law: nl.law, deformations: [], polish: false });
      },
      crossing: (mode, sign) => nearestCutoffCrossingNd(start, nl, presetE(mode, 1, d), base.nonAffine[mode]!, sign),
    }, modes, dgamma, central),
  };
}
