/**
 * Extended XYZ with per-particle property columns, for OVITO: the
 * configuration as {@link writeXyzFrame} writes it (2D or 3D), plus one `name:R:1` column per field.
 *
 * OVITO maps a column whose name is not one of its standard names (pos, species, color,
 * radius, …; case-insensitive) to a user-defined particle property of the same name
 * (OVITO manual, "XYZ file reader", Extended XYZ format). Names are kept to
 * [A-Za-z_][A-Za-z0-9_]* — the key grammar of the extxyz specification — so that
 * OVITO's expression modifiers can use them unquoted; {@link xyzColumnName} turns a
 * softspot deformation name into such a name.
 */
import { dimensionOf, type Configuration } from '../config.js';
import { formatNumber } from './number.js';
import { writeXyzFrame, type XyzFrame } from './xyz.js';
import { ArgumentRangeError } from '../errors.js';

/** One per-particle real column. */
export interface XyzColumn {
  name: string;
  values: Float64Array;
}

/** Names softspot's own columns use, and OVITO standard names a field must not take. */
const TAKEN = new Set(['species', 'pos', 'sigma', 'type', 'element', 'color', 'radius', 'id', 'mass', 'masses', 'charge', 'selection', 'transparency']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A deformation or direction name as a property name: a trailing `+` → `_plus`, a trailing
 * `-` → `_minus`, any other character outside [A-Za-z0-9_] → `_`
 * (`simple` → `simple`, `simple-xz` → `simple_xz`, `pure-` → `pure_minus`).
 */
export function xyzColumnName(name: string): string {
  return name.replace(/\+$/, '_plus').replace(/-$/, '_minus').replace(/[^A-Za-z0-9_]/g, '_');
}

/** Options of {@link writeXyzWithColumns} and {@link formatParticleFieldsXyz}. */
export interface XyzColumnsOptions {
  /**
   * The particles' identifiers, one per particle (a LAMMPS file's atom ids, in particle order:
   * the readers number the atoms in id order), written as an `id:I:1` column before the
   * others: OVITO reads it as its Particle Identifier, so the fields join the user's own
   * trajectory; ASE as the array `id`.
   */
  ids?: ArrayLike<number>;
  /**
   * The particles' masses (each finite and > 0), written as a `masses:R:1` column after the
   * ids: ASE's name (its Atoms.get_masses()), which softspot's reader takes back, as it takes
   * OVITO's `mass`. Leave it out for unit masses (what a file without the column means).
   */
  masses?: ArrayLike<number>;
}

/**
 * The configuration as extended XYZ (as {@link writeXyzFrame}: 2D, or 3D with the full
 * Lattice, pbc="T T T" and x y z when `config.dim` is 3) with extra real columns appended
 * to each particle line and declared in `Properties` in the order given (after `id:I:1`
 * when `options.ids` is given, and `masses:R:1` when `options.masses` is).
 * @throws RangeError for a column name outside [A-Za-z_][A-Za-z0-9_]*, one of the taken
 *   names, a duplicate, or values not of length N or not finite; ids not N integers;
 *   masses not N finite numbers > 0.
 */
export function writeXyzWithColumns(config: Configuration, columns: readonly XyzColumn[], options: XyzColumnsOptions = {}): string {
  const { ids, masses } = options;
  if (masses !== undefined) {
    if (masses.length !== config.n) throw new ArgumentRangeError(`writeXyzWithColumns: options.masses: expected N = ${config.n} masses, got ${masses.length}`);
    for (let p = 0; p < masses.length; p++) {
      if (!(Number.isFinite(masses[p]) && masses[p]! > 0)) throw new ArgumentRangeError(`writeXyzWithColumns: options.masses has ${masses[p]} at particle ${p}; expected finite numbers > 0`);
    }
  }
  if (ids !== undefined) {
    if (ids.length !== config.n) throw new ArgumentRangeError(`writeXyzWithColumns: options.ids: expected N = ${config.n} identifiers, got ${ids.length}`);
    for (let p = 0; p < ids.length; p++) {
      if (!Number.isSafeInteger(ids[p])) throw new ArgumentRangeError(`writeXyzWithColumns: options.ids has ${ids[p]} at particle ${p}; expected integers`);
    }
  }
  const seen = new Set<string>();
  for (const { name, values } of columns) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ArgumentRangeError(`writeXyzWithColumns: column name '${String(name)}' is not of the form [A-Za-z_][A-Za-z0-9_]*; rename it (xyzColumnName)`);
    }
    const key = name.toLowerCase();
    if (TAKEN.has(key) || seen.has(key)) {
      throw new ArgumentRangeError(`writeXyzWithColumns: column name '${name}' is ${seen.has(key) ? 'given twice (names are case-insensitive in OVITO)' : 'taken by a column softspot or OVITO defines'}; rename it`);
    }
    seen.add(key);
    if (!(values instanceof Float64Array) || values.length !== config.n) {
      throw new ArgumentRangeError(`writeXyzWithColumns: column '${name}': expected a Float64Array of length N = ${config.n}`);
    }
    for (let p = 0; p < values.length; p++) {
      if (!Number.isFinite(values[p]!)) throw new ArgumentRangeError(`writeXyzWithColumns: column '${name}' has ${values[p]} at particle ${p}; expected finite numbers`);
    }
  }
  const frame: XyzFrame = {
    dim: dimensionOf(config), n: config.n, cell: config.cell, positions: config.positions, species: config.species, info: config.info ?? {},
  };
  if (config.model !== undefined) frame.model = config.model;
  if (config.sigma !== undefined) frame.sigma = config.sigma;
  const lines = writeXyzFrame(frame).split('\n');
  const declared = /(Properties=)(\S+)/;
  if (!declared.test(lines[1]!)) throw new Error('writeXyzWithColumns: writeXyzFrame wrote no Properties= (internal error)');
  const idSpec = (ids !== undefined ? ':id:I:1' : '') + (masses !== undefined ? ':masses:R:1' : '');
  lines[1] = lines[1]!.replace(declared, (_m, key: string, spec: string) => `${key}${spec}${idSpec}${columns.map((col) => `:${col.name}:R:1`).join('')}`);
  for (let p = 0; p < config.n; p++) {
    lines[p + 2] += (ids !== undefined ? ` ${ids[p]}` : '') + (masses !== undefined ? ` ${formatNumber(masses[p]!)}` : '') + columns.map((col) => ` ${formatNumber(col.values[p]!)}`).join('');
  }
  return lines.join('\n');
}

/**
 * The per-particle fields of lib/lhc/particle-fields.ts as extended XYZ for OVITO: columns
 * `c`, then `dcdg_<name>` and `c_dcdg_<name>` for each deformation (names through
 * {@link xyzColumnName}: `dcdg_simple`, `c_dcdg_pure`, `dcdg_simple_xz`, `dcdg_pure_minus`).
 * `config` must be the configuration the fields were computed on (an LhcResult's `config`),
 * 2D or 3D (the fields only need the bond list: lib/lhc/particle-fields.ts). `options.ids`:
 * the particles' identifiers as an `id` column (a LAMMPS file's atom ids).
 */
export function formatParticleFieldsXyz(
  config: Configuration,
  fields: { n: number; c: Float64Array; dcdg: Record<string, Float64Array>; cDcdg: Record<string, Float64Array> },
  options: XyzColumnsOptions = {},
): string {
  if (fields.n !== config.n) throw new ArgumentRangeError(`formatParticleFieldsXyz: fields for ${fields.n} particles, configuration of ${config.n}`);
  const columns: XyzColumn[] = [{ name: 'c', values: fields.c }];
  for (const name of Object.keys(fields.dcdg)) columns.push({ name: `dcdg_${xyzColumnName(name)}`, values: fields.dcdg[name]! });
  for (const name of Object.keys(fields.cDcdg)) columns.push({ name: `c_dcdg_${xyzColumnName(name)}`, values: fields.cDcdg[name]! });
  return writeXyzWithColumns(config, columns, options);
}
