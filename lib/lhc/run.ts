/**
 * What the two routes of localHeatCapacity share once each has prepared its glass: driving
 * the response steps against the linear algebra (sync or on the thread pool), turning an
 * indefinite Hessian into an UnstableConfigurationError naming the particle, freeing the
 * native objects, and assembling the LhcResult. The 2D kernels (./local-heat-capacity.ts)
 * and the d-generic ones (lib/nd/local-heat-capacity.ts) differ only in how they build
 * the pairs, the pattern and the response steps.
 */
import type { Configuration } from '../config.js';
import { unstableConfiguration } from '../errors.js';
import { isolatedParticlesMessage, type IsolatedParticles } from '../hessian/isolated.js';
import { drive, driveAsync } from '../protocol.js';
import { answerer, releaseLinearAlgebra, type LinearAlgebra } from './answer.js';
import type { LhcPhase, LhcResult } from './options.js';
import type { LinearAlgebraRequest, NamedDeformation, ResponseFields } from './response.js';

/** One glass ready for its response steps (either route). */
export interface PreparedLhc extends LinearAlgebra {
  steps: Generator<LinearAlgebraRequest, ResponseFields, Float64Array | Float64Array[] | undefined>;
  finish: (fields: ResponseFields) => LhcResult;
  /** The particle of a column of the pinned Hessian (to name a failing pivot). */
  particleOfColumn: (column: number) => number;
  /** The particles without an interaction (for the message of a singular Hessian). */
  isolated: () => IsolatedParticles | undefined;
  /** LhcOptions.onPhase: told as the factorization, the selected inverse and each tangent sweep start. */
  onPhase?: (phase: LhcPhase) => void;
}

/** The answerer, telling `p.onPhase` of each long phase before it starts. */
function announcing<R>(p: PreparedLhc, answer: (request: LinearAlgebraRequest) => R): (request: LinearAlgebraRequest) => R {
  const { onPhase } = p;
  if (onPhase === undefined) return answer;
  const nnzL = p.factor.nnzL;
  // The factor's own memory once factorized, before the selected inverse adds to it.
  let factorBytes = 0;
  return (request) => {
    if (request.kind === 'factorize') onPhase({ phase: 'factorize', nnzL, unknowns: p.factor.n });
    else if (request.kind === 'selectedInverse') onPhase({ phase: 'selectedInverse', nnzL, factorBytes: factorBytes = p.factor.memoryBytes });
    else if (request.kind === 'selectedInverseDerivative') onPhase({ phase: 'tangents', deformations: 1, nnzL, factorBytes });
    else if (request.kind === 'selectedInverseDerivatives') onPhase({ phase: 'tangents', deformations: request.dValues.length, nnzL, factorBytes });
    return answer(request);
  };
}

/** CHOLMOD_NOT_POSDEF as an UnstableConfigurationError naming the particle, or the particles that interact with nothing. */
function unstable(error: unknown, p: PreparedLhc): unknown {
  return unstableConfiguration(error, p.particleOfColumn, {
    isolated: () => {
      const isolated = p.isolated();
      return isolated === undefined ? undefined : isolatedParticlesMessage(isolated);
    },
  });
}

/** The steps answered synchronously; the native objects freed in every case. */
export function runLhc(p: PreparedLhc): LhcResult {
  const answer = announcing(p, answerer(p, false));
  try {
    return p.finish(drive(p.steps, (request) => answer(request) as Float64Array | Float64Array[] | undefined));
  } catch (error) {
    throw unstable(error, p);
  } finally {
    releaseLinearAlgebra(p);
  }
}

/** The steps answered on the thread pool (every factorization, inversion and solve). */
export async function runLhcAsync(p: PreparedLhc): Promise<LhcResult> {
  const answer = announcing(p, answerer(p, true));
  try {
    return p.finish(await driveAsync(p.steps, answer));
  } catch (error) {
    throw unstable(error, p);
  } finally {
    releaseLinearAlgebra(p);
  }
}

/** What a route knows of its glass when the fields are computed. */
export interface LhcParts {
  config: Configuration;
  d: 2 | 3;
  /** Interactions α = (i, j), each array of length `count`. */
  count: number;
  i: Int32Array;
  j: Int32Array;
  deformations: readonly NamedDeformation[];
  minimum: { maxForceInput: number; polishShift: number; maxForce: number; polished: boolean };
  algebra: LinearAlgebra;
  /** performance.now() at the start of the call, and the set-up's ms. */
  t0: number;
  tSetup: number;
}

/** The LhcResult of the fields (`fields.dcdg[k]` of `deformations[k]`), with its diagnostics. */
export function lhcResult(parts: LhcParts, fields: ResponseFields): LhcResult {
  const { config, d, deformations, minimum, algebra } = parts;
  const dcdg: Record<string, Float64Array> = {};
  const nonAffine: Record<string, Float64Array> = {};
  const sumDcdg: Record<string, number> = {};
  deformations.forEach(({ name }, k) => {
    dcdg[name] = fields.dcdg[k]!;
    nonAffine[name] = fields.nonAffine[k]!;
    sumDcdg[name] = compensatedSum(fields.dcdg[k]!);
  });
  return {
    n: config.n,
    count: parts.count,
    i: parts.i,
    j: parts.j,
    c: fields.c,
    dcdg,
    nonAffine,
    config,
    diagnostics: {
      sumC: compensatedSum(fields.c),
      expectedSumC: d * (config.n - 1),
      sumDcdg,
      ...minimum,
      method: algebra.method,
      solver: algebra.linear?.name ?? 'factor',
      solverIterations: algebra.counter.iterations,
      nnzL: algebra.factor.nnzL,
      ordering: algebra.factor.ordering,
      mode: algebra.factor.mode,
      timings: { setup: parts.tSetup, ...fields.timings, total: performance.now() - parts.t0 },
    },
  };
}

/**
 * Σ x by Neumaier's compensated summation (Neumaier 1974; Higham, "Accuracy and Stability of
 * Numerical Algorithms", §4.3): the error is about one rounding of the result, not n of
 * them, so the sum rules Σc = d(N − 1) and Σdc/dγ = 0 measure the fields, not the order of
 * the additions (a plain sum reported ~1e-14 relative on 3D KA glasses whose exact sum of
 * the stored c is within 1.5e-16 of d(N − 1): an audit).
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0, carry = 0;
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!, t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  // An infinite or NaN term: the plain sum's answer (the carry of ∞ − ∞ would be NaN).
  return Number.isFinite(sum) ? sum + carry : sum;
}
