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
