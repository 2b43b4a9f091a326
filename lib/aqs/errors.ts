import { ArgumentRangeError, UnstableConfigurationError } from '../errors.js';
import type { StrainLandscape } from './strain-landscape.js';

/**
 * The error for a start that is not a stable minimum at the starting strain (`why`: what
 * Newton met there). When CHOLMOD named the column of its failing pivot the input is
 * unstable and the error an UnstableConfigurationError naming the particle, as in
 * localHeatCapacity and lowestModes; otherwise (Newton diverged, left its trust region,
 * ran out of iterations) a RangeError `config: …`.
 */
export function unstableStart(land: Pick<StrainLandscape, 'particleOfColumn'>, why: string, failingColumn?: number): Error {
  const advice = 'minimize it first (softspot minimize)';
  if (failingColumn === undefined) return new ArgumentRangeError(`config: expected a stable minimum at the starting strain, but ${why} there; ${advice}`);
  const particle = land.particleOfColumn(failingColumn);
  return new UnstableConfigurationError(`expected a stable minimum at the starting strain, but ${why} there ` +
    `(first failing pivot at particle ${particle}); ${advice}`, failingColumn, particle);
}

/**
 * The error of an AQS search that ends without an event: the glass was sheared to
 * `maxStrain` past its starting strain and stayed on one elastic branch. It is an outcome
 * of the computation, not bad input: raise `maxStrain` to look farther.
 */
export class NoEventError extends Error {
  /** Kept for callers that test the code; test `instanceof NoEventError` instead. */
  readonly code = 'ERR_SOFTSPOT_NO_EVENT' as const;
  /** The strain (beyond the start) up to which no event was found. */
  readonly maxStrain: number;

  constructor(maxStrain: number) {
    super(`no plastic event up to strain ${maxStrain}`);
    this.name = 'NoEventError';
    this.maxStrain = maxStrain;
  }
}
