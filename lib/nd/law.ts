/**
 * The pair law of a d-dimensional glass (docs/design.md §10) and the key of each particle under it.
 *
 * A {@link PairLaw} names a pair by two keys (lib/model/pair-law.ts): species codes for a
 * species law (`ipl`, `lj`, a user's law), the sizes σ_i, σ_j (λ) for a per-particle law
 * (`poly`). {@link NdLaw} bundles the law with the key of every particle and the largest
 * cutoff any pair can have, which is what the d-generic pair search needs.
 */
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { isModelName, modelNames, modelPreset } from '../model/presets.js';
import { checkPairLaw, type PairLaw } from '../model/pair-law.js';
import { describe } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** A law with the particle keys of one configuration. */
export interface NdLaw {
  readonly law: PairLaw;
  /** Key of particle p: its species code (species law) or its size σ_p (per-particle law). Float64Array(N). */
  readonly keys: Float64Array;
  /**
   * The largest cutoff r_c (λ) of any pair of this configuration: the maximum over species
   * pairs (species law), or over the pairs of the smallest and largest sizes present
   * (per-particle law: exact for `poly`, whose σ_ij = ½(σ_i+σ_j)(1 − 0.2|σ_i − σ_j|) is
   * largest for σ_i = σ_j = σ_max; a user's per-particle law must share that property).
   */
  readonly maxCutoff: number;
  /**
   * Cutoff table per species pair (a·nSpecies + b) of a species law, r_c²; undefined for a
   * per-particle law (whose cutoff is asked per pair).
   */
  readonly cutoff2: Float64Array | undefined;
}

/** Laws known to be exact (the presets'), so that a user's law alone is checked by finite differences. */
function isPresetLaw(law: PairLaw): boolean {
  return modelNames().some((name) => modelPreset(name).law === law);
}

/**
 * The law of a configuration: `law` when given (a user's law is checked first by
 * finite differences, lib/model/pair-law.ts checkPairLaw), else the preset named by
 * `config.model` (`ipl` when absent), which must exist in the configuration's dimension.
 * @throws RangeError `config.model: …` for an unknown preset or one of another dimension;
 *   `config.sigma: …` for a per-particle law without valid sizes; a law whose derivatives
 *   disagree with finite differences.
 */
export function lawOfConfiguration(config: Configuration, law?: PairLaw): NdLaw {
  const d = dimensionOf(config);
  let chosen: PairLaw;
  if (law !== undefined) {
    chosen = isPresetLaw(law) ? law : checkPairLaw(law);
  } else {
    const name = config.model ?? 'ipl';
    const preset = modelPreset(name, 'config.model');
    if (!preset.dimensions.includes(d)) {
      const fits = modelNames().filter((m) => modelPreset(m).dimensions.includes(d));
      throw new ArgumentRangeError(`config.model: '${name}' is a ${preset.dimension}D model, but the configuration is ${d}D; ` +
        `a ${d}D glass needs one of ${fits.join(', ')} (model=<preset> on line 2 of its file)`);
    }
    chosen = preset.law;
  }
  const n = config.n;
  const keys = new Float64Array(n);
  if (chosen.perParticle) {
    const sigma = config.sigma;
    if (!(sigma instanceof Float64Array) || sigma.length !== n) {
      throw new ArgumentRangeError(`config.sigma: the law '${chosen.name}' is per particle and needs the sizes σ_i (Float64Array(${n}); ` +
        `a sigma:R:1 column in the file), got ${describe(sigma)}`);
    }
    for (let p = 0; p < n; p++) {
      if (!(sigma[p]! > 0) || !Number.isFinite(sigma[p]!)) {
        throw new ArgumentRangeError(`config.sigma[${p}]: expected a finite size > 0, got ${sigma[p]}`);
      }
      keys[p] = sigma[p]!;
    }
    let lo = Infinity, hi = -Infinity;
    for (let p = 0; p < n; p++) { lo = Math.min(lo, keys[p]!); hi = Math.max(hi, keys[p]!); }
    const maxCutoff = Math.max(chosen.cutoff(hi, hi), chosen.cutoff(lo, hi), chosen.cutoff(lo, lo));
    return { law: chosen, keys, maxCutoff, cutoff2: undefined };
  }
  const ns = chosen.nSpecies;
  for (let p = 0; p < n; p++) {
    const s = config.species[p]!;
    if (s >= ns) {
      throw new ArgumentRangeError(`config.species[${p}]: expected a species code < ${ns} (the law '${chosen.name}' has ${ns} species), got ${s}`);
    }
    keys[p] = s;
  }
  const cutoff2 = new Float64Array(ns * ns);
  let maxCutoff = 0;
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < ns; b++) {
      const rc = chosen.cutoff(a, b);
      cutoff2[a * ns + b] = rc * rc;
      maxCutoff = Math.max(maxCutoff, rc);
    }
  }
  return { law: chosen, keys, maxCutoff, cutoff2 };
}

/**
 * The law with every cutoff widened by `margin` (λ): the pairs within r_c + margin, e.g. a
 * candidate (Verlet) list or a search beyond the cutoff. Same keys; cutoff2 and maxCutoff
 * widened alike, so findPairsNd gives the pairs with |r| < r_c(i, j) + margin.
 */
export function widenedLaw(nl: NdLaw, margin: number): NdLaw {
  const inner = nl.law;
  const law: PairLaw = {
    name: inner.name, nSpecies: inner.nSpecies, perParticle: inner.perParticle,
    cutoff: (a: number, b: number) => inner.cutoff(a, b) + margin,
    radial: inner.radial,
  };
  const cutoff2 = nl.cutoff2 === undefined ? undefined : nl.cutoff2.map((c2) => (Math.sqrt(c2) + margin) ** 2);
  return { law, keys: nl.keys, maxCutoff: nl.maxCutoff + margin, cutoff2 };
}

/** r_c² of the pair (p, q) under `nl` (no validation; hot path of the pair search). */
export function pairCutoff2(nl: NdLaw, p: number, q: number): number {
  if (nl.cutoff2 !== undefined) return nl.cutoff2[nl.keys[p]! * nl.law.nSpecies + nl.keys[q]!]!;
  const rc = nl.law.cutoff(nl.keys[p]!, nl.keys[q]!);
  return rc * rc;
}

/**
 * True when the d-generic code (lib/nd) evaluates `config`: a 3D glass (`dim: 3`), or a 2D
 * glass whose `model=` preset has a per-particle law (`poly`, sizes σ_i), which the 2D
 * kernels (per-species tables, lib/model/law-model.ts) cannot evaluate. A 2D glass of a
 * species law (`ipl`, `ka2d`, none) stays on the 2D kernels. An unknown model name is
 * false here (the caller's validation reports it).
 */
export function isNdGlass(config: Pick<Configuration, 'dim' | 'model'>): boolean {
  if (typeof config !== 'object' || config === null) return false;
  if (config.dim === 3) return true;
  const name = config.model;
  return name !== undefined && isModelName(name) && modelPreset(name).law.perParticle === true;
}

/**
 * True when the 2D kernels of lib/hessian (a 2D `Model`) compute `config`: a 2D glass of a
 * species law, or any 2D glass when the caller passes a Model (whose pair law then rules).
 * Every other glass goes to the d-generic code (isNdGlass). The one rule of modesSystem,
 * softestMode and compareSolvers.
 */
export function usesKernels2d(config: Pick<Configuration, 'dim' | 'model'>, modelGiven: boolean): boolean {
  return dimensionOf(config) === 2 && (modelGiven || !isNdGlass(config));
}
