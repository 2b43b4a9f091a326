/**
 * Minimizing a glass of any species preset in d = 2 or 3 (docs/design.md §10) on the d-generic MD
 * kernel (./md-objective.ts): Polak–Ribière conjugate gradient (lib/minimize/cg.ts) to
 * max |F| ≤ cgTolerance. The 2D `ipl` path with its Newton polish is lib/md/minimize-glass.ts;
 * the d-generic Newton polish is ./newton.ts (newtonPolishNd, which `softspot minimize` runs after this).
 */
import type { Configuration } from '../config.js';
import { minimizeCG } from '../minimize/cg.js';
import type { MinimizeProgress } from '../minimize/types.js';
import { modelPreset } from '../model/presets.js';
import { smallBoxAdvice } from '../space/small-box.js';
import { expectConfigurationOfDimension, expectNumber, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { cellVolume } from '../space/cell-nd.js';
import { imagingBasis } from '../space/lattice-basis.js';
import { createNdPairTable, ndForces } from './md-forces.js';
import { createNdObjective } from './md-objective.js';
import { outlierSizeError } from './pairs.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link minimizeGlassNd}. */
export interface NdMinimizeOptions {
  /** CG stops at max |F| component ≤ cgTolerance (ε/λ; default 1e-8). */
  cgTolerance?: number;
  /** CG iteration cap (default 100000). */
  maxIter?: number;
  /** Verlet skin (λ; default 0.3, less in a small cell: 0.8 of what fits). */
  skin?: number;
  onProgress?: (progress: Readonly<MinimizeProgress>) => void;
}

/** What {@link minimizeGlassNd} returns. */
export interface NdMinimizeResult {
  /** A copy of the input with the minimized positions. */
  config: Configuration;
  /** U (ε) and max |F| component (ε/λ). */
  energy: number;
  maxForce: number;
  cgIterations: number;
  converged: boolean;
}

/** The options of minimizeGlassNd (a complete list: AllKeysOf checks it against NdMinimizeOptions). */
const MINIMIZE_ND_OPTION_NAMES = ['cgTolerance', 'maxIter', 'skin', 'onProgress'] as const;
const minimizeNdOptionNames: AllKeysOf<NdMinimizeOptions, typeof MINIMIZE_ND_OPTION_NAMES> = MINIMIZE_ND_OPTION_NAMES;

/**
 * Minimizes a copy of `input` (2D or 3D; its law is the preset `input.model`, `ipl` when absent).
 * @throws TypeError / RangeError for a malformed configuration, a dimension the preset does
 *   not have, a `poly` glass without sizes, a cell narrower than 2·max r_c (naming the
 *   smallest N that fits)
 */
export function minimizeGlassNd(input: Configuration, options: NdMinimizeOptions = {}): NdMinimizeResult {
  expectKnownKeys('options', options, minimizeNdOptionNames, 'minimizeGlassNd', { model: 'the law is that of the preset named by config.model' });
  const preset = modelPreset(input?.model ?? 'ipl', 'config.model');
  const config = expectConfigurationOfDimension('config', input, preset.species.length);
  const d = config.dim === 3 ? 3 : 2;
  if (!preset.dimensions.includes(d)) throw new ArgumentRangeError(`config.dim: model '${preset.name}' is ${preset.dimension}D, got a ${d}D configuration`);
  if (preset.law.perParticle && !(config.sigma instanceof Float64Array && config.sigma.length === config.n)) {
    throw new ArgumentRangeError(`config.sigma: model '${preset.name}' needs the particle sizes σ_i, a Float64Array(${config.n})`);
  }
  const cgTolerance = expectNumber('options.cgTolerance', options.cgTolerance ?? 1e-8, { min: 0, exclusiveMin: true });
  const maxIter = expectNumber('options.maxIter', options.maxIter ?? 100_000, { integer: true, min: 1 });
  const table = createNdPairTable(preset.law, config.sigma);
  const maxCutoff = Math.max(...table.cutoff);
  const minWidth = imagingBasis(config.cell).minWidth;
  if (!(minWidth > 2 * maxCutoff)) {
    const outlier = outlierSizeError(config.sigma, maxCutoff, minWidth);
    if (outlier !== undefined) throw outlier;
    throw new ArgumentRangeError(`config.cell: the smallest width ${minWidth.toPrecision(6)} λ; ` + smallBoxAdvice(config.n, cellVolume(config.cell), d, maxCutoff, 'max cutoff', minWidth));
  }
  const skin = expectNumber('options.skin', options.skin ?? Math.min(0.3, 0.8 * (minWidth / 2 - maxCutoff)), { min: 0 });
  const objective = createNdObjective(d, config.cell, config.species, table.nSpecies, table.cutoff, skin,
    (nl, x, sp, f) => ndForces(table, nl, x, sp, f));
  const x = Float64Array.from(config.positions);
  const cg = minimizeCG(objective.objective, x, { fTol: cgTolerance, maxIter, maxStep: 0.1, onProgress: options.onProgress });
  return { config: { ...config, positions: x }, energy: cg.energy, maxForce: cg.maxForce, cgIterations: cg.iterations, converged: cg.converged };
}
