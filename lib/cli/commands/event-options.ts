/**
 * The first-event (AQS) options, shared by `softspot aqs` and `softspot run` (and its
 * --config "events"), so that both accept and reject the same values with the same words.
 */
import { AQS_DEFAULTS, PRECISION_RULE } from '../../aqs/index.js';

export const eventOptions = {
  protocol: {
    kind: 'choice', arg: 'fast|reference', choices: ['fast', 'reference'], default: AQS_DEFAULTS.protocol,
    help: 'linear response + Newton + saddle-node step control,\nor fixed steps + CG + bisection (the paper\'s, slow)',
  },
  precision: { kind: 'number', arg: 'X', rule: PRECISION_RULE, default: AQS_DEFAULTS.precision, help: 'width of the final strain bracket, >= 1e-13' },
  step: {
    kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: AQS_DEFAULTS.step[AQS_DEFAULTS.protocol],
    help: 'reference: the strain step; fast: the largest step',
  },
  'max-strain': { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: AQS_DEFAULTS.maxStrain, help: 'give up beyond this strain (no event)' },
} as const;
