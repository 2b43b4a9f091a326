/**
 * The text of `softspot info`, one layout for 2D and 3D: rows of a label and a value, the
 * labels padded to the longest, in one order — what the file is (file, frame, dimension,
 * particles, model), its geometry (cell, tilts, area or volume and density, widths, the
 * cutoff against them, what vanishes at the cutoff) and, when the cell fits, its
 * mechanics (energy, forces, pressure, shear stresses, interactions, Hessian).
 */
import type { IsolatedParticles } from '../../hessian/isolated.js';
import type { SizesInfo } from './info-mechanics.js';

/** One line of the text: a label and its value. */
export type InfoRow = readonly [label: string, value: string];

/** The rows as text, each label padded to the longest (at least 20 columns) and a space. */
export function formatRows(rows: readonly InfoRow[]): string {
  const width = Math.max(20, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)} ${value}`).join('\n') + '\n';
}

/** The sizes σ_i of a per-particle law's glass. */
export function sizesRow(s: SizesInfo): InfoRow {
  return ['sizes σ_i', `${s.min.toPrecision(6)} … ${s.max.toPrecision(6)} λ, mean ${s.mean.toPrecision(6)}, polydispersity ${s.polydispersity.toPrecision(4)}`];
}

/**
 * Whether the pinned Hessian is positive definite, and if not why; a stable minimum needs
 * the forces to vanish too (max |F| ≤ `forceTolerance`, NEAR_MINIMUM_FORCE): a strained
 * glass has a positive definite Hessian far from any minimum.
 */
export function hessianRow(
  positiveDefinite: boolean, unstableParticle: number | undefined, isolated: IsolatedParticles | undefined, maxForce: number, forceTolerance: number,
): InfoRow {
  if (positiveDefinite) {
    return ['Hessian', maxForce <= forceTolerance ? 'positive definite (a stable minimum)'
      : `positive definite, but not a minimum: max |force| ${maxForce.toExponential(2)} > ${forceTolerance.toExponential(0)} (lhc, modes and aqs polish it with Newton first; or softspot minimize)`];
  }
  if (isolated !== undefined) {
    return ['Hessian', `NOT positive definite: singular, particle ${isolated.first} has no neighbour within the cutoff ` +
      `(${isolated.count} of ${isolated.n} particles have none: other length units than the model's?)`];
  }
  // The pivot's particle depends on the ordering and the pinned particle: where the factorization failed, not the unstable mode's core.
  return ['Hessian', `NOT positive definite (first failing pivot at particle ${unstableParticle}): not a stable minimum; minimize it first`];
}

/** The geometry of a d-dimensional cell h (d×d row-major, columns the cell vectors) against the model's largest cutoff. */
export interface CellGeometry {
  /** h, row-major (d² entries; columns are the cell vectors). */
  cell: number[];
  /** LAMMPS's tilts of an upper-triangular cell (xy = h01 in 2D; xy, xz, yz = h01, h02, h12 in 3D), absent for another cell. */
  tilt?: Record<string, number>;
  /** Area (2D) or volume (3D), λ^d. */
  volume: number;
  density: number;
  /** Perpendicular widths w_k = 1/|row k of h⁻¹| (λ). */
  widths: number[];
  /** The widths of the reduced lattice basis that pair searches use, when the cell is too tilted to be searched as it is (λ). */
  reducedWidths?: number[];
  /** The largest cutoff r_c of the model (λ). */
  cutoff: number;
  /** The smallest width searched > 2 r_c. */
  cellFitsCutoff: boolean;
  /** Why not, with the smallest N that fits (absent when it fits). */
  cellAdvice?: string;
}

/** Cell, tilts, area or volume with the density, widths and the cutoff against them. */
export function geometryRows(g: CellGeometry): InfoRow[] {
  const d = g.widths.length;
  const h = g.cell;
  const vector = (c: number) => `(${Array.from({ length: d }, (_, r) => h[r * d + c]).join(', ')})`;
  const reduced = g.reducedWidths === undefined ? '' : 'reduced ';
  return [
    ['cell', Array.from({ length: d }, (_, c) => `a${c + 1} = ${vector(c)}`).join(', ')],
    ['tilts', g.tilt !== undefined ? Object.entries(g.tilt).map(([k, v]) => `${k} = ${v}`).join(', ')
      : `(the cell is not upper triangular: ${d === 3 ? 'a1, a2 not in the xy plane' : 'a1 not along x'})`],
    [d === 3 ? 'volume' : 'area', `${g.volume.toPrecision(10)}; density ${g.density.toPrecision(6)}`],
    ['widths', `${g.widths.map((w) => w.toPrecision(6)).join(', ')} λ`],
    ...(g.reducedWidths === undefined ? [] : [['reduced widths', `${g.reducedWidths.map((w) => w.toPrecision(6)).join(', ')} λ (a reduced basis of the tilted cell's lattice, which pair searches use)`] as const]),
    ['cutoff', `${g.cutoff.toPrecision(6)} λ: ${g.cellFitsCutoff ? `the cell fits (every ${reduced}width > 2 × cutoff)` : `the cell does NOT fit: ${g.cellAdvice}`}`],
  ];
}
