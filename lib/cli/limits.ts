/**
 * How many particles a glass may have on this machine. The largest structure of every
 * command that factorizes a glass Hessian (prepare's Newton polish, lhc, aqs, run) is
 * the sparse Cholesky factor of the 2N×2N Hessian, with its selected inverse:
 *
 *   nnz(L) ≈ 12·N·log₂N              (METIS; 1.6·10⁶ at N = 10⁴, 2·10⁷ at 10⁵: docs/solvers.md)
 *   memory ≈ 10 kB·N + 24 B·nnz(L)    (measured peak of `softspot lhc` above Node's own:
 *                                       0.26 GB at N = 2·10⁴, 0.98 GB at 8·10⁴; the
 *                                       estimate gives 0.28 and 1.17 GB)
 *
 * N is refused up front when `processes` glasses at once would not fit in the machine's
 * memory, or when nnz(L) would pass CHOLMOD's 32-bit index range.
 */
import { availableParallelism, totalmem } from 'node:os';
import type { NumberRule } from '../validate.js';

/** Estimated nonzeros of the Cholesky factor of an N-particle glass Hessian. */
export function factorNonzeros(n: number): number {
  return 12 * n * Math.log2(Math.max(n, 2));
}

/** Estimated peak memory (bytes) of one N-particle glass in a softspot process. */
export function glassBytes(n: number): number {
  return 10e3 * n + 24 * factorNonzeros(n);
}

const INDEX_LIMIT = 2 ** 31 - 1;

/** Rounds down to three significant digits (a limit a person can read). */
function roundDown(x: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 2);
  return Math.floor(x / unit) * unit;
}

/** The largest N for which `processes` glasses fit in `memory` bytes. */
export function maxParticles(processes = 1, memory = totalmem()): number {
  let lo = 2, hi = 2;
  const fits = (n: number): boolean => processes * glassBytes(n) <= memory && factorNonzeros(n) <= INDEX_LIMIT;
  while (fits(hi * 2)) hi *= 2;
  hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return roundDown(lo);
}

/** The rule of a particle count: at least `min`, at most what fits (see the module doc). */
export function particlesRule(min: number, processes = 1, memory = totalmem()): NumberRule {
  const max = maxParticles(processes, memory);
  const gib = (memory / 2 ** 30).toFixed(1);
  return {
    integer: true, min, max,
    maxWhy: `memory: a glass of N particles needs about 10 kB·N plus 24 bytes per nonzero of its Cholesky factor ` +
      `(≈ 12·N·log₂N), so ${max} particles fill the ${gib} GiB of this machine` +
      `${processes > 1 ? ` with ${processes} at once (one per worker)` : ''}`,
  };
}

/**
 * The warning for more worker threads than cores (undefined when they fit): each computes
 * one sample with one BLAS thread, so threads beyond the cores only share them, and each
 * holds its own glass, factor and scratch in memory.
 */
export function oversubscription(workers: number | undefined, cores = Math.max(1, availableParallelism())): string | undefined {
  if (workers === undefined || workers <= cores) return undefined;
  return `${workers} worker threads on ${cores} core${cores === 1 ? '' : 's'}: a sample computes on one core, so more threads than cores ` +
    `only share them (no faster) and each holds a glass and its factor in memory; --workers ${cores} (the default here) uses every core`;
}
