/**
 * What `softspot info` says about a 3D glass (DESIGN §10): the geometry and the model, and,
 * when the cell fits the model, the mechanics from the d-generic energy (below).
 *
 * Cell: h (3×3, row-major, columns a1, a2, a3; lib/config.ts). For a LAMMPS-style
 * (upper-triangular) cell the tilts are xy = h01, xz = h02, yz = h12; another cell (an
 * extended-XYZ Lattice may be any right-handed 3×3) has no tilts. Widths
 * w_k = 1/|row k of h⁻¹| (lib/space/cell-nd.ts). A strongly tilted cell is searched in a reduced
 * basis of its lattice (lib/space/lattice-basis.ts), whose widths are then reported too; the
 * cell fits the model when the smallest width of the basis searched exceeds 2 r_c (r_c the
 * largest cutoff; DESIGN §10 "Small boxes"), and otherwise the smallest N that fits at
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
import { modelFileOf, type ModelFile } from '../../model/model-file.js';
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
import { compositionText, cutoffInfo, hessianLine, sizesInfo, sizesLine, speciesCounts, stability, type CutoffInfo, type SizesInfo } from './info-mechanics.js';
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
export interface Info3d {
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
  /** h, row-major (9 entries; columns are the cell vectors). */
  cell: number[];
  /** LAMMPS's tilts xy, xz, yz = h01, h02, h12 of an upper-triangular cell (absent for another cell). */
  tilt?: { xy: number; xz: number; yz: number };
  volume: number;
  density: number;
  /** Perpendicular widths w_1, w_2, w_3 (λ). */
  widths: number[];
  /** The widths of the reduced lattice basis that pair searches use, when the cell is too tilted to be searched as it is (λ). */
  reducedWidths?: number[];
  /** The largest cutoff r_c of the model (λ). */
  cutoff: number;
  /** Which derivatives of the law vanish at the cutoff (lib/model/cutoff-smoothness.ts). */
  cutoffSmoothness: CutoffInfo;
  /** w_min > 2 r_c. */
  cellFitsCutoff: boolean;
  /** Why not, with the smallest N that fits (absent when it fits). */
  cellAdvice?: string;
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

/** Describes a 3D configuration under its model (see the module doc). */
export function describe3d(path: string, config: Configuration): Info3d {
  const name = config.model ?? 'ipl';
  const preset = modelPreset(name);
  const cutoff = largestCutoff(preset.law, config);
  const composition = speciesCounts(config.species, preset.species);
  const h = config.cell;
  const volume = cellVolume(h);
  const widths = Array.from(cellWidths(h));
  const basis = imagingBasis(h);
  let cellAdvice: string | undefined;
  try {
    checkCellFits(basis.h, cutoff);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    cellAdvice = smallBoxAdvice(config.n, volume, 3, cutoff, 'cutoff', basis.minWidth);
  }
  return {
    file: path,
    dimension: 3,
    n: config.n,
    model: name,
    modelParams: (preset.law as { params?: unknown }).params,
    modelFile: modelFileOf(preset),
    composition,
    ...(config.sigma !== undefined ? { sizes: sizesInfo(config)! } : {}),
    cell: Array.from(h),
    ...(h[3] === 0 && h[6] === 0 && h[7] === 0 ? { tilt: { xy: h[1]!, xz: h[2]!, yz: h[5]! } } : {}),
    volume,
    density: config.n / volume,
    widths,
    ...(basis.reduced ? { reducedWidths: Array.from(basis.widths) } : {}),
    cutoff,
    cutoffSmoothness: cutoffInfo(config),
    cellFitsCutoff: cellAdvice === undefined,
    ...(cellAdvice !== undefined ? { cellAdvice } : mechanics3d(config)),
  };
}

/** The stress component each preset's "+" direction reads (E:σ). */
const STRESS_COMPONENT: Record<string, string> = { simple: 'σ_xy', 'simple-xz': 'σ_xz', 'simple-yz': 'σ_yz', pure: '(σ_xx − σ_yy)/2' };

/** The text form of {@link describe3d}. */
export function formatInfo3d(info: Info3d): string {
  const h = info.cell;
  const vec = (c: number) => `(${h[c]}, ${h[3 + c]}, ${h[6 + c]})`;
  const composition = compositionText(info.composition);
  return [
    `file                 ${info.file}`,
    `dimension            3`,
    `particles            ${info.n} (${composition})`,
    `model                ${info.model}`,
    `model file           ${JSON.stringify(info.modelFile)}`,
    ...(info.sizes !== undefined ? [sizesLine(info.sizes)] : []),
    `cell                 a1 = ${vec(0)}, a2 = ${vec(1)}, a3 = ${vec(2)}`,
    info.tilt !== undefined ? `tilts                xy = ${info.tilt.xy}, xz = ${info.tilt.xz}, yz = ${info.tilt.yz}`
      : 'tilts                (the cell is not upper triangular: a1, a2 not in the xy plane)',
    `volume               ${info.volume.toPrecision(10)}; density ${info.density.toPrecision(6)}`,
    `widths               ${info.widths.map((w) => w.toPrecision(6)).join(', ')} λ`,
    ...(info.reducedWidths === undefined ? [] : [`reduced widths       ${info.reducedWidths.map((w) => w.toPrecision(6)).join(', ')} λ (a reduced basis of the tilted cell's lattice, which pair searches use)`]),
    `cutoff               ${info.cutoff.toPrecision(6)} λ: ${info.cellFitsCutoff ? `the cell fits (every ${info.reducedWidths === undefined ? '' : 'reduced '}width > 2 × cutoff)` : `the cell does NOT fit: ${info.cellAdvice}`}`,
    `at the cutoff        ${info.cutoffSmoothness.summary}`,
    ...(info.energyPerParticle === undefined ? [] : [
      `energy / particle    ${info.energyPerParticle.toPrecision(15)} ε`,
      `max |force|          ${info.maxForce!.toExponential(3)} ε/λ  (largest component)`,
      `pressure             ${info.pressure!.toPrecision(10)} ε/λ³`,
      ...Object.entries(info.shearStress!).map(([m, v]) => `${`shear stress ${m}`.padEnd(20)} ${v.toPrecision(10)} ε/λ³  (${STRESS_COMPONENT[m]})`),
      `interactions         ${info.interactions}`,
      hessianLine(info.hessianPositiveDefinite!, info.unstableNearParticle, info.isolatedParticles),
    ]),
  ].join('\n') + '\n';
}
