/** The sum rule of the local heat capacity, per sample (reported in the log, events.csv, summary.json). */
import type { SampleResult } from './types.js';

/**
 * The sum rule Σ_α c_α = d(N − 1) of a sample (docs/design.md §4, "Exact checks at a true minimum"; d(N − 1) = the non-trivial
 * modes of N particles in a periodic d-dimensional cell): expected value and relative error
 * |Σc − d(N − 1)| / (d(N − 1)).
 */
export function sumRule(r: Pick<SampleResult, 'sumC'> & { config: Pick<SampleResult['config'], 'n' | 'dim'> }): { expected: number; relativeError: number } {
  const d = r.config.dim === 3 ? 3 : 2;
  const expected = d * (r.config.n - 1);
  return { expected, relativeError: Math.abs(r.sumC - expected) / expected };
}

