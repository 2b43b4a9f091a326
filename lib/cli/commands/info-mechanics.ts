/**
 * The mechanics `softspot info` reports for a 2D glass: U (ε), F = −∇U (Float64Array(2N),
 * ε/λ), the virial stress σ (2×2 row-major, ε/λ²), the number of interacting pairs and
 * whether the Hessian with particle 0 pinned is positive definite. A species law (`ipl`,
 * `ka2d`) goes through the 2D kernels (lib/hessian); a per-particle law (`poly`,
 * lib/nd/law.ts isNdGlass) through the d-generic code at d = 2 (lib/nd), the same
 * formulas (U = Σ φ, σ_ab = (1/V) Σ_α A1 r_a r_b, K_α = A1 I + A2 r rᵀ).
 */
import { dimensionOf, type Configuration } from '../../config.js';
import { modelFileOf, type ModelFile } from '../../model/model-file.js';
import { CholmodError } from '../../errors.js';
import { assembleBlocks, energyForces, findPairs, hessianPattern, pairTensors, particleOfDof, stressTensor } from '../../hessian/index.js';
import { cutoffSmoothness, describeCutoffSmoothness, extremeSizes, modelOfConfiguration, modelPreset, type CutoffSmoothness } from '../../model/index.js';
import { stiffnessBlocks } from '../../nd/contractions.js';
import { pairEnergyForces, virialStressNd } from '../../nd/energy.js';
import { isNdGlass, lawOfConfiguration } from '../../nd/law.js';
import { findPairsNd } from '../../nd/pairs.js';
import { ndAssemble, ndHessianPattern, ndParticleOfDof } from '../../nd/pattern.js';
import { pairRadial } from '../../nd/radial.js';
import { SparseCholesky } from '../../sparse-cholesky.js';
import { isolatedParticles, type IsolatedParticles } from '../../hessian/isolated.js';

/** What {@link mechanics2d} returns. */
export interface Mechanics2d {
  energy: number;
  forces: Float64Array;
  /** σ, Float64Array(4) row-major (ε/λ²). */
  sigma: Float64Array;
  interactions: number;
  positiveDefinite: boolean;
  /** The particle of the first failing pivot (when not positive definite). */
  unstableParticle?: number;
  /** Particles without any interaction (when not positive definite and there are some): why it is singular. */
  isolated?: IsolatedParticles;
}

/**
 * Factorizes the pinned Hessian: positive definite, or the particle of the failing pivot
 * (and the particles without an interaction, `isolated()`, which make it singular).
 */
export function stability(pattern: Parameters<typeof SparseCholesky.analyze>[0], values: Float64Array, particleOfColumn: (column: number) => number,
  isolated: () => IsolatedParticles | undefined): { positiveDefinite: boolean; unstableParticle?: number; isolated?: IsolatedParticles } {
  const factor = SparseCholesky.analyze(pattern);
  try {
    factor.factorize(values);
    return { positiveDefinite: true };
  } catch (error) {
    if (!(error instanceof CholmodError && error.code === 'CHOLMOD_NOT_POSDEF')) throw error;
    const alone = isolated();
    return { positiveDefinite: false, unstableParticle: particleOfColumn(error.column ?? 0), ...(alone !== undefined ? { isolated: alone } : {}) };
  } finally {
    factor.dispose();
  }
}

/** The mechanics of a 2D glass under its model (see the module doc). */
export function mechanics2d(config: Configuration): Mechanics2d {
  if (isNdGlass(config)) {
    const law = lawOfConfiguration(config);
    const pairs = findPairsNd(config, law);
    const radial = pairRadial(pairs, law, 2);
    const { energy, forces } = pairEnergyForces(pairs, radial);
    const pattern = ndHessianPattern(pairs, 0);
    return {
      energy, forces, sigma: virialStressNd(config, law), interactions: pairs.count,
      ...stability(pattern, ndAssemble(pattern, stiffnessBlocks(pairs, radial)).values, (column) => ndParticleOfDof(2, column, 0),
        () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n)),
    };
  }
  const model = modelOfConfiguration(config);
  const { energy, forces } = energyForces(config, model);
  const pairs = findPairs(config, model);
  const pattern = hessianPattern(pairs, config.n, 0);
  return {
    energy, forces, sigma: stressTensor(config, model), interactions: pairs.count,
    ...stability(pattern, assembleBlocks(pattern, pairTensors(pairs, model, 2).K!).values, (column) => particleOfDof(column, 0),
      () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n)),
  };
}

/** How the glass's law reaches zero at its cutoff (lib/model/cutoff-smoothness.ts), with the line `info` prints. */
export interface CutoffInfo extends CutoffSmoothness {
  summary: string;
}

/** {@link CutoffInfo} of a configuration under its model (`poly`: the pairs of its smallest and largest σ). */
export function cutoffInfo(config: Configuration): CutoffInfo {
  const preset = modelPreset(config.model ?? 'ipl');
  const sizes = preset.law.perParticle && config.sigma !== undefined ? extremeSizes(config.sigma) : undefined;
  const s = cutoffSmoothness(preset.law, { sizes });
  return { ...s, summary: describeCutoffSmoothness(preset.law, s, preset.species) };
}

/** The sizes σ_i of a poly glass (λ): their range, mean and polydispersity δ = std/mean (population std). */
export interface SizesInfo {
  min: number;
  max: number;
  mean: number;
  polydispersity: number;
}

/** The sizes of a configuration that has them (`poly`), else undefined: what a file's sizes (or a LAMMPS/GSD file's diameters) were read as. */
export function sizesInfo(config: Configuration): SizesInfo | undefined {
  const sigma = config.sigma;
  if (sigma === undefined) return undefined;
  let min = Infinity, max = -Infinity, sum = 0;
  for (const s of sigma) { min = Math.min(min, s); max = Math.max(max, s); sum += s; }
  const mean = sum / sigma.length;
  let variance = 0;
  for (const s of sigma) variance += (s - mean) ** 2;
  return { min, max, mean, polydispersity: Math.sqrt(variance / sigma.length) / mean };
}


/** How many particles of each species (codes index `names`; a code without a name is `type k`). */
export function speciesCounts(species: Uint8Array, names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((s) => [s, 0]));
  for (const code of species) {
    const name = names[code] ?? `type ${code}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** "32 S, 32 L": the text of {@link speciesCounts}. */
export const compositionText = (counts: Record<string, number>): string => Object.entries(counts).map(([s, k]) => `${k} ${s}`).join(', ');

/**
 * The model file of a glass's model, as `info` prints it: a law of either dimension (poly)
 * says the glass's own, so that the copy, renamed, prepares glasses like this one (a 3D poly
 * glass printed the preset's default "dimension": 2, and `prepare` with it made 2D glasses).
 */
export function glassModelFile(config: Configuration): ModelFile {
  const preset = modelPreset(config.model ?? 'ipl');
  const file = modelFileOf(preset);
  const d = dimensionOf(config);
  return preset.dimensions.includes(d) ? { ...file, dimension: d } : file;
}
