/**
 * A kernel {@link Model} from any species {@link PairLaw} (docs/design.md §10): per-pair-type
 * cutoffs and the hot path A_k(u) = (r⁻¹ d/dr)^k φ (./radial.ts) that the 2D kernels
 * (lib/hessian, lib/lhc, lib/aqs) evaluate.
 *
 * - the `ipl` law → `makeModel(law.params)` (the IPL tables, bit for bit the paper's model);
 * - a built-in power-sum law (`lj`) → its exact A_k (./power-sum.ts);
 * - a user's law → checked first (`checkPairLaw`, finite differences), then A_k from its
 *   φ^(k)(r) by  A1 = φ'/r,  A2 = (φ'' − A1)/r²,  A3 = (φ''' − 3 r A2)/r³,
 *   A4 = (φ'''' − 3 A2 − 6 r² A3)/r⁴   (inverting φ' = r A1, φ'' = A1 + r² A2, …).
 * Per-particle laws (`poly`) need per-pair sizes in the pair lists and are refused here: a
 * glass of one goes to the d-generic code (lib/nd, any d; lib/nd/law.ts isNdGlass).
 */
import { describe, expectNumber } from '../validate.js';
import { makeModel, RADIAL_ORDER, type Model, type ModelParams, type ReducedRadialFn } from './model.js';
import { checkPairLaw, type CheckPairLawOptions, type PairLaw } from './pair-law.js';
import type { PowerSumLaw } from './laws.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** Options of {@link makeLawModel}. */
export interface LawModelOptions {
  /** Number density N/V used by preparation code (λ^{−d}); default 1. */
  density?: number;
  /** Options of the finite-difference check of a user's law. */
  check?: CheckPairLawOptions;
}

function isPowerSumLaw(law: PairLaw): law is PowerSumLaw {
  return typeof (law as PowerSumLaw).reduced === 'function' && (law as PowerSumLaw).terms !== undefined &&
    (law as PowerSumLaw).params !== undefined;
}

/**
 * The Model of a species law. Built-in laws are used as they are; any other object is
 * checked by finite differences first (RangeError naming the derivative and pair).
 * @throws RangeError for a per-particle law (`poly`: evaluated by lib/nd, not by a Model).
 */
export function makeLawModel(law: PairLaw, options: LawModelOptions = {}): Model {
  if (typeof law !== 'object' || law === null) throw new ArgumentTypeError(`law: expected a PairLaw object, got ${describe(law)}`);
  const density = expectNumber('options.density', options.density ?? 1, { min: 0, exclusiveMin: true });
  if (law.perParticle === true) {
    throw new ArgumentRangeError(`law '${law.name}': a per-particle law (sizes σ_i) has no 2D kernel Model; ` +
      'pass it as options.law to the d-generic functions (localHeatCapacity, validateResponse), or use a species law (ipl, lj, or your own with nSpecies species)');
  }
  const builtIn = isPowerSumLaw(law);
  if (builtIn && law.name === 'ipl') {
    return makeModel({ ...(law.params as unknown as ModelParams), density });
  }
  if (!builtIn) checkPairLaw(law, options.check);
  const ns = law.nSpecies, nt = ns * ns;
  const cutoff = new Float64Array(nt), cutoff2 = new Float64Array(nt);
  let maxCutoff = 0;
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < ns; b++) {
      const t = a * ns + b;
      cutoff[t] = law.cutoff(a, b);
      cutoff2[t] = cutoff[t]! * cutoff[t]!;
      maxCutoff = Math.max(maxCutoff, cutoff[t]!);
    }
  }
  const reduced: ReducedRadialFn = builtIn ? law.reduced.bind(law) : userReduced(law, cutoff2);
  const K1 = RADIAL_ORDER + 1;
  const nan = (len: number): Float64Array => new Float64Array(len).fill(Number.NaN);
  return Object.freeze({
    law, reduced,
    n: Number.NaN, q: 0, xc: Number.NaN, epsilon: Number.NaN, density, nSpecies: ns,
    lambda: nan(nt), c: nan(1), cutoff, cutoff2, maxCutoff, ipl: nan(nt), poly: nan(nt), aIpl: nan(nt * K1), aPoly: nan(nt * K1),
    params: undefined,
  });
}

/** A_k(u) of a user's law from its φ^(k)(r) (see the module doc). */
function userReduced(law: PairLaw, cutoff2: Float64Array): ReducedRadialFn {
  const ns = law.nSpecies;
  const d = new Float64Array(5);
  return (t, u, kmax, out, o) => {
    if (u >= cutoff2[t]!) {
      for (let k = 0; k <= kmax; k++) out[o + k] = 0;
      return;
    }
    const r = Math.sqrt(u);
    law.radial(Math.floor(t / ns), t % ns, r, d);
    const a1 = d[1]! / r;
    const a2 = (d[2]! - a1) / u;
    const a3 = (d[3]! - 3 * r * a2) / (u * r);
    const a4 = (d[4]! - 3 * a2 - 6 * u * a3) / (u * u);
    const a = [d[0]!, a1, a2, a3, a4];
    for (let k = 0; k <= kmax; k++) out[o + k] = a[k]!;
  };
}
