/**
 * A softspot configuration as a LAMMPS data file (read_data), so that a glass softspot
 * prepared, minimized or sheared goes on in LAMMPS (with the law of `softspot lammps-table`).
 *
 *     softspot data file: model=ka (type 1 → A, 2 → B), N = 256
 *
 *     256 atoms
 *     2 atom types
 *
 *     0 5.975 xlo xhi
 *     0 5.975 ylo yhi
 *     0 5.975 zlo zhi                ← 2D: -0.5 0.5, and the file is for `dimension 2`
 *     0.12 0 0 xy xz yz              ← only for a tilted cell
 *
 *     Masses                         ← atom_style atomic: one mass per type
 *
 *     1 1
 *     2 1
 *
 *     Atoms # atomic                 ← id type x y z (2D: z = 0)
 *
 * A per-particle law (`poly`) is written as atom_style sphere, `id type diameter density
 * x y z`: diameter = σ_i, density = m_i / (4π/3 (σ_i/2)³), so that LAMMPS's read_data
 * makes the mass m_i again (atom_vec_sphere; to rounding).
 *
 * Numbers are written in the shortest form that reads back as the same double, so the file
 * holds the configuration exactly: positions as they are (not wrapped into the cell;
 * read_data wraps them), the cell from the origin 0. The LAMMPS box is restricted
 * triclinic: h must be upper triangular (softspot's cells are: a1 along x, a2 in the xy
 * plane), with tilts of at most half a box length: a cell sheared further (γ > 0.5) is
 * written as the same lattice with reduced tilts (`lammpsTilt`), line 1 giving the cell's own.
 */
import { dimensionOf, type Configuration } from '../config.js';
import { modelPreset } from '../model/presets.js';
import { sphereVolume } from './lammps-data.js';
import { differingWithinGroup } from './within-group.js';
import { lowerEntryOf } from '../space/cell-nd.js';
import { checkAtomIds, checkMasses } from './per-particle-options.js';
import { ArgumentRangeError } from '../errors.js';
import { type AllKeysOf, expectConfigurationOfDimension, expectKnownKeys } from '../validate.js';

/** Options of {@link formatLammpsData}. */
export interface LammpsDataOptions {
  /** Atom ids in particle order (a LAMMPS input's, which the readers sorted): default p + 1. Positive integers, each once. */
  ids?: ArrayLike<number>;
  /**
   * Particle masses (Float64Array(N), each > 0): default softspot's unit masses. atom_style
   * atomic holds one mass per type, so the masses of each species must then be equal.
   */
  masses?: Float64Array;
}

/** The options of formatLammpsData (a complete list: AllKeysOf checks it against LammpsDataOptions). */
const FORMAT_LAMMPS_DATA_OPTION_NAMES: AllKeysOf<LammpsDataOptions, readonly ['ids', 'masses']> = ['ids', 'masses'];

/**
 * The data file's text.
 * @throws RangeError for a cell that is not upper triangular, ids that are not N distinct
 *   positive integers, masses not N finite numbers > 0, or masses that differ within a
 *   species of a species law (atom_style atomic has one per type).
 */
export function formatLammpsData(config: Configuration, options: LammpsDataOptions = {}): string {
  expectKnownKeys('options', options, FORMAT_LAMMPS_DATA_OPTION_NAMES, 'formatLammpsData');
  // As writeXyz: a NaN or infinite coordinate, a zero or left-handed cell would make a file no reader takes back.
  expectConfigurationOfDimension('formatLammpsData: config', config);
  const d = dimensionOf(config);
  const { n, cell, positions, species } = config;
  const name = config.model ?? 'ipl';
  const preset = modelPreset(name);
  const perParticle = preset.law.perParticle === true;
  if (options.ids !== undefined) checkAtomIds(options.ids, n, 'formatLammpsData: options.ids');
  const ids = options.ids ?? Array.from({ length: n }, (_, p) => p + 1);
  const masses = options.masses;
  if (masses !== undefined) checkMasses(masses, n, 'formatLammpsData: options.masses');
  const h = (r: number, c: number): number => cell[d * r + c]!;
  const lower = lowerEntryOf(cell);
  if (lower !== undefined) {
    throw new ArgumentRangeError(`formatLammpsData: the cell has h[${lower[0]}][${lower[1]}] = ${lower[2]}; a LAMMPS box is restricted triclinic (h upper triangular: a1 along x, a2 in the xy plane): rotate the cell first`);
  }
  const f = (x: number): string => String(x); // the shortest decimal that reads back as x
  const types = perParticle ? 1 : preset.species.length;
  const typeNames = perParticle ? 'type 1 → all particles, diameter = σ_i' : preset.species.map((s, k) => `${k === 0 ? 'type ' : ''}${k + 1} → ${s}`).join(', ');
  const out: string[] = [
    `softspot data file: model=${name} (${typeNames}), N = ${n}${d === 2 ? ', dimension 2' : ''}`, '',
    `${n} atoms`, `${types} atom types`, '',
    `0 ${f(h(0, 0))} xlo xhi`, `0 ${f(h(1, 1))} ylo yhi`, d === 3 ? `0 ${f(h(2, 2))} zlo zhi` : '-0.5 0.5 zlo zhi',
  ];
  const given = d === 3 ? [h(0, 1), h(0, 2), h(1, 2)] : [h(0, 1), 0, 0];
  const tilt = lammpsTilt(h(0, 0), h(1, 1), given);
  if (tilt.some((t, k) => t !== given[k])) {
    out[0] += `; tilt xy xz yz ${given.map(f).join(' ')} reduced to the same lattice's ${tilt.map(f).join(' ')} (LAMMPS takes at most half a box)`;
  }
  if (tilt.some((t) => t !== 0)) out.push(`${tilt.map(f).join(' ')} xy xz yz`);
  const xyz = (p: number): string => (d === 3 ? `${f(positions[3 * p]!)} ${f(positions[3 * p + 1]!)} ${f(positions[3 * p + 2]!)}` : `${f(positions[2 * p]!)} ${f(positions[2 * p + 1]!)} 0`);
  if (perParticle) {
    const sigma = config.sigma;
    if (sigma === undefined) throw new ArgumentRangeError(`formatLammpsData: model ${name} needs config.sigma (the sizes σ_i)`);
    out.push('', 'Atoms # sphere', '');
    for (let p = 0; p < n; p++) {
      out.push(`${ids[p]} 1 ${f(sigma[p]!)} ${f((masses?.[p] ?? 1) / sphereVolume(sigma[p]!))} ${xyz(p)}`);
    }
  } else {
    const typeMass = new Float64Array(types).fill(1);
    if (masses !== undefined) {
      const pair = differingWithinGroup(species, masses);
      if (pair !== undefined) {
        const [q, p] = pair;
        throw new ArgumentRangeError(`formatLammpsData: particles ${q} and ${p} are both ${preset.species[species[p]!]} but have masses ${masses[q]} and ${masses[p]}; ` +
          'atom_style atomic holds one mass per type');
      }
      for (let p = 0; p < n; p++) typeMass[species[p]!] = masses[p]!;
    }
    out.push('', 'Masses', '', ...Array.from(typeMass, (m, t) => `${t + 1} ${f(m)}`), '', 'Atoms # atomic', '');
    for (let p = 0; p < n; p++) out.push(`${ids[p]} ${species[p]! + 1} ${xyz(p)}`);
  }
  out.push('');
  return out.join('\n');
}

/**
 * The tilts [xy, xz, yz] of a restricted-triclinic box (a1 = (lx, 0, 0), a2 = (xy, ly, 0),
 * a3 = (xz, yz, lz)) brought into what read_data accepts, |xy|, |xz| ≤ lx/2 and |yz| ≤ ly/2,
 * by adding lattice vectors: a3 −= k·a2 (yz −= k·ly, xz −= k·xy), then a3 −= m·a1 and
 * a2 −= j·a1 (xz −= m·lx, xy −= j·lx), the flips LAMMPS itself makes of a box sheared past
 * half its length. The lattice, and so the periodic glass, is the same; read_data wraps the
 * atoms into the new box. Tilts already in range come back unchanged (bit for bit).
 */
export function lammpsTilt(lx: number, ly: number, [xy, xz, yz]: readonly number[]): [number, number, number] {
  const past = (t: number, l: number): boolean => Math.abs(t) > 0.5 * l;
  if (past(yz!, ly)) {
    const k = Math.round(yz! / ly);
    yz = yz! - k * ly;
    xz = xz! - k * xy!;
  }
  if (past(xz!, lx)) xz = xz! - Math.round(xz! / lx) * lx;
  if (past(xy!, lx)) xy = xy! - Math.round(xy! / lx) * lx;
  return [xy!, xz!, yz!];
}
