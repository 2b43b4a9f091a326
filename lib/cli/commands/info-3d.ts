/**
 * What `softspot info` says about a 3D glass (docs/design.md §10): the geometry and the model, and,
 * when the cell fits the model, the mechanics from the d-generic energy (below).
 *
 * Cell: h (3×3, row-major, columns a1, a2, a3; lib/config.ts). For a LAMMPS-style
 * (upper-triangular) cell the tilts are xy = h01, xz = h02, yz = h12; another cell (an
 * extended-XYZ Lattice may be any right-handed 3×3) has no tilts. Widths
 * w_k = 1/|row k of h⁻¹| (lib/space/cell-nd.ts). A strongly tilted cell is searched in a reduced
 * basis of its lattice (lib/space/lattice-basis.ts), whose widths are then reported too; the
 * cell fits the model when the smallest width of the basis searched exceeds 2 r_c (r_c the
 * largest cutoff; docs/design.md §10 "Small boxes"), and otherwise the smallest N that fits at
 * this density is named (lib/space/small-box.ts).
 *
 * When the cell fits: the energy per particle, max |F|, the pressure P = −tr σ / 3, the
 * shear stresses E:σ of the four 3D presets (σ_xy, σ_xz, σ_yz, (σ_xx − σ_yy)/2), the number
 * of interactions and whether the pinned Hessian is positive definite (a stable minimum),
 * from the d-generic code (lib/nd).
 */
import type { Configuration } from '../../config.js';
import type { PairLaw } from '../../model/pair-law.js';
import { modelPreset } from '../../model/presets.js';
import type { ModelFile } from '../../model/model-file.js';
import { cellVolume, cellWidths, checkCellFits } from '../../space/cell-nd.js';
import { imagingBasis } from '../../space/lattice-basis.js';
import { smallBoxAdvice } from '../../space/small-box.js';
import { isolatedParticles, type IsolatedParticles } from '../../hessian/isolated.js';
import { stiffnessBlocks } from '../../nd/contractions.js';
import { pairEnergyForces } from '../../nd/energy.js';
import { lawOfConfiguration } from '../../nd/law.js';
import { findPairsNd } from '../../nd/pairs.js';
import { ndAssemble, ndHessianPattern, ndParticleOfDof } from '../../nd/pattern.js';
import { pairRadial, RADIAL_STRIDE } from '../../nd/radial.js';
import { compositionText, cutoffInfo, glassModelFile, sizesInfo, speciesCounts, stability, type CutoffInfo, type SizesInfo } from './info-mechanics.js';
import { NEAR_MINIMUM_FORCE } from '../polish.js';
import { formatRows, geometryRows, hessianRow, sizesRow, type CellGeometry, type InfoRow } from './info-rows.js';
import { ArgumentRangeError } from '../../errors.js';

/**
 * The largest cutoff r_c (λ) of any pair of the configuration under `law`: the maximum
 * over species pairs, or for a per-particle law over the pairs of the smallest and largest
 * sizes present (`poly`: σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|) is largest at
 * σ_i = σ_j = σ_max).
 */
export function largestCutoff(law: PairLaw, config: Pick<Configuration, 'sigma'>): number {
  if (law.perParticle) {
    const sigma = config.sigma;
    if (sigma === undefined || sigma.length === 0) throw new ArgumentRangeError(`config.sigma: the law '${law.name}' is per particle and needs the sizes σ_i`);
    let lo = Infinity, hi = -Infinity;
    for (const s of sigma) { lo = Math.min(lo, s); hi = Math.max(hi, s); }
    return Math.max(law.cutoff(hi, hi), law.cutoff(lo, hi), law.cutoff(lo, lo));
  }
  let rc = 0;
  for (let a = 0; a < law.nSpecies; a++) for (let b = 0; b < law.nSpecies; b++) rc = Math.max(rc, law.cutoff(a, b));
  return rc;
}

/** The JSON record of `softspot info --json` for a 3D glass. */
export interface Info3d extends CellGeometry {
  file: string;
  dimension: 3;
  n: number;
  model: string;
  modelParams: unknown;
  /** The model in the form of a model file (lib/model/model-file.ts). */
  modelFile: ModelFile;
  /** Particle count per species label, in the preset's order. */
  composition: Record<string, number>;
  /** The sizes σ_i of a poly glass (range, mean, polydispersity). */
  sizes?: SizesInfo;
  /** Which derivatives of the law vanish at the cutoff (lib/model/cutoff-smoothness.ts). */
  cutoffSmoothness: CutoffInfo;
  /** The mechanics (absent when the cell does not fit). */
  energyPerParticle?: number;
  maxForce?: number;
  /** P = −tr σ / 3 (ε/λ³). */
  pressure?: number;
  /** E:σ of the presets' "+" directions: simple σ_xy, simple-xz σ_xz, simple-yz σ_yz, pure (σ_xx − σ_yy)/2. */
  shearStress?: { simple: number; 'simple-xz': number; 'simple-yz': number; pure: number };
  interactions?: number;
  hessianPositiveDefinite?: boolean;
  unstableNearParticle?: number;
  /** Particles without any interaction, when they make the Hessian singular. */
  isolatedParticles?: IsolatedParticles;
}

/** Energy, forces, virial stress and the stability of the pinned Hessian of a 3D glass whose cell fits. */
function mechanics3d(config: Configuration): Partial<Info3d> {
  const law = lawOfConfiguration(config);
  const pairs = findPairsNd(config, law);
  const radial = pairRadial(pairs, law, 2);
  const { energy, forces } = pairEnergyForces(pairs, radial);
  let maxForce = 0;
  for (const f of forces) maxForce = Math.max(maxForce, Math.abs(f));
  // σ_ab = (1/V) Σ_α A1 r_a r_b (lib/nd/energy.ts virialStressNd, from the same pairs).
  const sigma = new Float64Array(9);
  for (let a = 0; a < pairs.count; a++) {
    const a1 = radial[RADIAL_STRIDE * a + 1]!;
    for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) sigma[3 * p + q] += a1 * pairs.r[3 * a + p]! * pairs.r[3 * a + q]!;
  }
  const V = cellVolume(config.cell);
  for (let k = 0; k < 9; k++) sigma[k] /= V;
  const pattern = ndHessianPattern(pairs, 0);
  const { positiveDefinite, unstableParticle: unstable, isolated } = stability(pattern, ndAssemble(pattern, stiffnessBlocks(pairs, radial)).values,
    (column) => ndParticleOfDof(3, column, 0), () => isolatedParticles(pairs.i, pairs.j, pairs.count, config.n));
  return {
    energyPerParticle: energy / config.n,
    maxForce,
    pressure: -(sigma[0]! + sigma[4]! + sigma[8]!) / 3,
    shearStress: { simple: sigma[1]!, 'simple-xz': sigma[2]!, 'simple-yz': sigma[5]!, pure: 0.5 * (sigma[0]! - sigma[4]!) },
    interactions: pairs.count,
    hessianPositiveDefinite: positiveDefinite,
    ...(unstable !== undefined ? { unstableNearParticle: unstable } : {}),
    ...(isolated !== undefined ? { isolatedParticles: isolated } : {}),
  };
}

/**
 * The cell of a 2D or 3D configuration against its model's largest cutoff: tilts (of an
 * upper-triangular cell), area or volume, density, widths (of the reduced basis too, for
 * a strongly tilted cell) and whether the cell fits, with the smallest N that would.
 */
export function cellGeometry(config: Configuration): CellGeometry {
  const h = config.cell;
  const d = h.length === 9 ? 3 : 2;
  const cutoff = largestCutoff(modelPreset(config.model ?? 'ipl').law, config);
  const volume = Math.abs(cellVolume(h));
  const basis = imagingBasis(h);
  let cellAdvice: string | undefined;
  try {
    checkCellFits(basis.h, cutoff);
  } catch (error) {
    if (!(error instanceof ArgumentRangeError)) throw error;
    cellAdvice = smallBoxAdvice(config.n, volume, d, cutoff, 'cutoff', basis.minWidth);
  }
  const upper = d === 3 ? h[3] === 0 && h[6] === 0 && h[7] === 0 : h[2] === 0;
  return {
    cell: Array.from(h),
    ...(upper ? { tilt: d === 3 ? { xy: h[1]!, xz: h[2]!, yz: h[5]! } : { xy: h[1]! } } : {}),
    volume,
    density: config.n / volume,
    widths: Array.from(cellWidths(h)),
    ...(basis.reduced ? { reducedWidths: Array.from(basis.widths) } : {}),
    cutoff,
    cellFitsCutoff: cellAdvice === undefined,
    ...(cellAdvice !== undefined ? { cellAdvice } : {}),
  };
}

/** Describes a 3D configuration under its model (see the module doc). */
export function describe3d(path: string, config: Configuration): Info3d {
  const name = config.model ?? 'ipl';
  const preset = modelPreset(name);
  const geometry = cellGeometry(config);
  return {
    file: path,
    dimension: 3,
    n: config.n,
    model: name,
    modelParams: (preset.law as { params?: unknown }).params,
    modelFile: glassModelFile(config),
    composition: speciesCounts(config.species, preset.species),
    ...(config.sigma !== undefined ? { sizes: sizesInfo(config)! } : {}),
    ...geometry,
    cutoffSmoothness: cutoffInfo(config),
    ...(geometry.cellFitsCutoff ? mechanics3d(config) : {}),
  };
}

/** The text form of {@link describe3d}; `frame`: the row of the frame read, after the file's. */
export function formatInfo3d(info: Info3d, frame: readonly InfoRow[] = []): string {
  return formatRows([
    ['file', info.file],
    ...frame,
    ['dimension', '3'],
    ['particles', `${info.n} (${compositionText(info.composition)})`],
    ['model', info.model],
    ['model file', JSON.stringify(info.modelFile)],
    ...(info.sizes !== undefined ? [sizesRow(info.sizes)] : []),
    ...geometryRows(info),
    ['at the cutoff', info.cutoffSmoothness.summary],
    ...(info.energyPerParticle === undefined ? [] : mechanicsRows(3, {
      energyPerParticle: info.energyPerParticle, maxForce: info.maxForce!, pressure: info.pressure!, shearStress: info.shearStress!,
      interactions: info.interactions!, hessian: hessianRow(info.hessianPositiveDefinite!, info.unstableNearParticle, info.isolatedParticles, info.maxForce!, NEAR_MINIMUM_FORCE),
    })),
  ]);
}

/** The stress component each preset's "+" direction reads (E:σ), in 2D and 3D. */
const STRESS_COMPONENT: Record<string, string> = { simple: 'σ_xy', 'simple-xz': 'σ_xz', 'simple-yz': 'σ_yz', pure: '(σ_xx − σ_yy)/2' };

/** The mechanics rows of a glass whose cell fits (stresses in ε/λ^d). */
export function mechanicsRows(d: 2 | 3, m: { energyPerParticle: number; maxForce: number; pressure: number; shearStress: Record<string, number>; interactions: number; hessian: InfoRow }): InfoRow[] {
  const unit = d === 3 ? 'ε/λ³' : 'ε/λ²';
  return [
    ['energy / particle', `${m.energyPerParticle.toPrecision(15)} ε`],
    ['max |force|', `${m.maxForce.toExponential(3)} ε/λ  (largest component)`],
    ['pressure', `${m.pressure.toPrecision(10)} ${unit}`],
    ...Object.entries(m.shearStress).map(([mode, v]) => [`shear stress ${mode}`, `${v.toPrecision(10)} ${unit}  (${STRESS_COMPONENT[mode]})`] as const),
    ['interactions', String(m.interactions)],
    m.hessian,
  ];
}
