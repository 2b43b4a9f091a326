/**
 * A 2D {@link LammpsSnapshot} as softspot's {@link Configuration} (DESIGN §10: "types map
 * to species in order"): LAMMPS type 1 → species 0 (S), type 2 → species 1 (L).
 *
 * cell = the snapshot's 2×2 h = [[lx, xy], [0, ly]]; positions = x − origin (the atoms
 * keep their place in the cell: reduced coordinates s = h⁻¹(x − origin) in [0,1)² for a
 * wrapped file); particle index = rank of the LAMMPS id (atoms sorted by id). Image flags
 * and masses are dropped (softspot's model has m = 1; DESIGN §1).
 */
import { SPECIES_NAMES, type Configuration } from '../config.js';
import { LammpsFormatError } from './errors.js';
import { findClosePair } from './overlap.js';
import type { LammpsSnapshot } from './lammps-snapshot.js';
import { DEFAULT_MIN_SEPARATION } from './xyz.js';

/** Options of {@link lammpsToConfiguration}. */
export interface LammpsToConfigurationOptions {
  /** Two atoms closer than this (minimum image, λ) are an error; default 1e-3 as readXyz, 0 disables. */
  minSeparation?: number;
}

/**
 * Converts a 2D snapshot to a Configuration (`info.timestep` when the snapshot has one).
 *
 * @throws RangeError when the snapshot is 3D (softspot's configurations are 2D so far)
 *   or has fewer than one atom; LammpsFormatError when an axis is not periodic, a type
 *   has no species, or two atoms overlap (naming their lines).
 */
export function lammpsToConfiguration(snapshot: LammpsSnapshot, options: LammpsToConfigurationOptions = {}): Configuration {
  if (typeof snapshot !== 'object' || snapshot === null) throw new TypeError('lammpsToConfiguration: expected snapshot to be a LammpsSnapshot');
  if (snapshot.dim !== 2) {
    throw new RangeError(`lammpsToConfiguration: expected a 2D snapshot (read with dimension: 2 or 'auto'), got dim = ${snapshot.dim}`);
  }
  const minSeparation = options.minSeparation ?? DEFAULT_MIN_SEPARATION;
  if (!(minSeparation >= 0 && Number.isFinite(minSeparation))) {
    throw new RangeError(`lammpsToConfiguration: expected options.minSeparation to be a finite number ≥ 0, got ${minSeparation}`);
  }
  const { source, ids, types, lines } = snapshot;
  const n = ids.length;
  if (n < 1) throw new RangeError('lammpsToConfiguration: expected a snapshot with at least one atom, got 0');
  const axis = snapshot.periodic.findIndex((p) => !p);
  if (axis >= 0) {
    throw new LammpsFormatError(source, snapshot.boxLine, `the box is not periodic along ${'xy'[axis]}`,
      'softspot glasses are periodic in x and y: write the file from a run with boundary p p p');
  }
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const t = types[p]!;
    if (t > SPECIES_NAMES.length) {
      throw new LammpsFormatError(source, lines[p]!, `atom id ${ids[p]} has type ${t}, but the model has ${SPECIES_NAMES.length} species`,
        `types map to species in order (${SPECIES_NAMES.map((s, k) => `type ${k + 1} → ${s}`).join(', ')}): use types 1…${SPECIES_NAMES.length}`);
    }
    species[p] = t - 1;
  }
  const positions = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) {
    positions[2 * p] = snapshot.positions[2 * p]! - snapshot.origin[0]!;
    positions[2 * p + 1] = snapshot.positions[2 * p + 1]! - snapshot.origin[1]!;
  }
  const cell = Float64Array.from(snapshot.cell);
  if (minSeparation > 0) {
    const clash = findClosePair(cell, positions, minSeparation);
    if (clash !== undefined) {
      throw new LammpsFormatError(source, lines[clash.j]!,
        `atoms id ${ids[clash.i]} (line ${lines[clash.i]}) and id ${ids[clash.j]} are ${clash.distance} apart (minimum image), ` +
        `closer than ${minSeparation}: duplicate or overlapping atoms`, 'remove the duplicate atom or move the atoms apart');
    }
  }
  return { n, cell, positions, species, info: snapshot.timestep !== undefined ? { timestep: snapshot.timestep } : {} };
}
