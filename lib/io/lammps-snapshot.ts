/**
 * The record both LAMMPS readers produce, and what they share: the box from LAMMPS's
 * parameters, the atoms sorted by id, the reduction of a `dimension 2` file to 2D.
 *
 * LAMMPS box (manual, "Triclinic (non-orthogonal) simulation boxes"): origin
 * (xlo, ylo, zlo) and edge vectors a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz) with
 * lx = xhi − xlo, ly = yhi − ylo, lz = zhi − zlo. softspot's cell h has these as columns
 * (row-major, as lib/config.ts):
 *
 *     h = [[lx, xy, xz],
 *          [ 0, ly, yz],
 *          [ 0,  0, lz]]        x = origin + h·s,  s ∈ [0,1)³ the scaled (xs ys zs) coordinates
 *
 * 2D (LAMMPS `dimension 2`): z bounds are present (often −0.5 0.5), every z is equal
 * (LAMMPS keeps z = 0) and xz = yz = 0; the 2D record keeps h = [[lx, xy], [0, ly]] and x, y.
 */
import { LammpsFormatError } from './errors.js';
import { decimalOrNaN, parseDecimal } from './number.js';

/** One configuration read from a LAMMPS data file or one frame of a dump. N atoms, d = dim. */
export interface LammpsSnapshot {
  /** 2 or 3. */
  dim: 2 | 3;
  /** d×d row-major; columns are the cell vectors a, b (, c). */
  cell: Float64Array;
  /** (xlo, ylo[, zlo]), length d. */
  origin: Float64Array;
  /** Cartesian, d per atom (as in the file: not wrapped, not shifted), atoms sorted by id. */
  positions: Float64Array;
  /** LAMMPS atom types (1-based), length N. */
  types: Int32Array;
  /** LAMMPS atom ids, ascending, length N. */
  ids: Int32Array;
  /** 1-based line of each atom in the file, length N (same order as ids). */
  lines: Int32Array;
  /** Image flags (ix, iy[, iz]), d per atom, when the file has them. */
  images?: Int32Array;
  /** Periodicity per axis, length d (a data file does not say: all true). */
  periodic: boolean[];
  /** Number of atom types (data-file header; a dump: the largest type present). */
  ntypes: number;
  /** Mass of type t at index t − 1 (data file `Masses`; NaN where not given). */
  masses?: Float64Array;
  /**
   * Per-atom masses, length N (same order as ids), when the file has them: a dump's `mass`
   * column, or an atom_style sphere data file's density × 4π/3 (d/2)³ (the density itself
   * for d = 0; LAMMPS's read_data, also in 2D). They take the place of `masses` by type.
   */
  atomMasses?: Float64Array;
  /**
   * Per-atom diameters (λ), length N (same order as ids), when the file has them: a dump's
   * `diameter` column (or 2 × `radius`), an atom_style sphere data file's diameter. The
   * sizes σ_i of a `poly` glass (lammps-config.ts).
   */
  diameters?: Float64Array;
  /**
   * Type labels (LAMMPS labelmap), at index t − 1 the label of type t or undefined: a data
   * file's Atom Type Labels section, or a dump whose type column holds labels (`dump_modify
   * types labels`; its types are then numbered in order of first appearance). Types whose
   * labels are all species of the model map to them by name (lammps-config.ts).
   */
  typeLabels?: ReadonlyArray<string | undefined>;
  /** 1-based line where the labels are given (the data file's section; a dump's first atom line). */
  typeLabelsLine?: number;
  /** The types are only labels (a dump with `types labels`): they must map by name. */
  typesAreLabels?: boolean;
  /**
   * The model softspot's own data file names on its line 1 (`softspot data file: model=ka2d
   * (…)`; other titles are not read): lammps-config.ts reads the file under it when no model
   * is given, and refuses another model given.
   */
  titleModel?: string;
  /** The dump frame's timestep (data file: the `timestep = ` of write_data's title, if any). */
  timestep?: number;
  /** A data file's `Pair Coeffs` or `PairIJ Coeffs` section, when it has one. */
  pairCoeffs?: LammpsPairCoeffs;
  /** 1-based line of the box (the data file's `xlo xhi`, the dump's `ITEM: BOX BOUNDS`). */
  boxLine: number;
  /** A file path or '<string>'. */
  source: string;
}

/**
 * The pair coefficients of a data file, as write_data writes them: `Pair Coeffs # <style>`
 * (one line per type, `type c1 c2 …`: the i–i pairs, the others mixed by LAMMPS) or
 * `PairIJ Coeffs # <style>` (`i j c1 c2 …` for every pair, `write_data … pair ij`).
 * For the lj/* styles c1 = ε and c2 = σ.
 */
export interface LammpsPairCoeffs {
  /** The pair style of the section's comment (e.g. 'lj/cut'); undefined without one. */
  style?: string;
  /** 1-based line of the section keyword. */
  line: number;
  /** One entry per line: the types i ≤ j (i = j in `Pair Coeffs`), the coefficients as written, the line. */
  entries: Array<{ i: number; j: number; coeffs: string[]; line: number }>;
}

/** Which dimension the caller wants: 3 (the default), 2 (a `dimension 2` file), or 'auto' (2 when it can be). */
export type LammpsDimension = 2 | 3 | 'auto';

/** What the readers say of an option of lammpsToConfiguration given to them (expectKnownKeys advice). */
export const CONVERSION_OPTIONS_ADVICE: Readonly<Record<string, string>> = {
  model: 'the model maps the types in lammpsToConfiguration(snapshot, { model })',
  minSeparation: 'overlaps are checked by lammpsToConfiguration(snapshot, { minSeparation })',
};

/** Throws a LammpsFormatError at a line. */
export type LineFail = (line: number, problem: string, hint: string) => never;

export function failer(source: string): LineFail {
  return (line, problem, hint) => {
    throw new LammpsFormatError(source, line, problem, hint);
  };
}

/** The LAMMPS box parameters. */
export interface LammpsBox {
  lo: [number, number, number];
  hi: [number, number, number];
  /** xy, xz, yz (0 for an orthogonal box). */
  tilt: [number, number, number];
}

/**
 * A dump's triclinic BOX BOUNDS lines hold the bounding box of the tilted cell
 * (LAMMPS manual, dump command): xlo_bound = xlo + min(0, xy, xz, xy + xz),
 * xhi_bound = xhi + max(0, xy, xz, xy + xz), ylo_bound = ylo + min(0, yz),
 * yhi_bound = yhi + max(0, yz); z is not changed. This inverts it.
 */
export function boxFromBounds(bounds: [number, number, number, number, number, number], tilt: [number, number, number]): LammpsBox {
  const [xlb, xhb, ylb, yhb, zlo, zhi] = bounds;
  const [xy, xz, yz] = tilt;
  return {
    lo: [xlb - Math.min(0, xy, xz, xy + xz), ylb - Math.min(0, yz), zlo],
    hi: [xhb - Math.max(0, xy, xz, xy + xz), yhb - Math.max(0, yz), zhi],
    tilt: [xy, xz, yz],
  };
}

/** h (3×3 row-major, columns a, b, c) of a LAMMPS box. */
export function cellOfBox(box: LammpsBox): Float64Array {
  const [xy, xz, yz] = box.tilt;
  return Float64Array.of(
    box.hi[0] - box.lo[0], xy, xz,
    0, box.hi[1] - box.lo[1], yz,
    0, 0, box.hi[2] - box.lo[2],
  );
}

/** What a reader has parsed, in 3D, atoms in file order. */
export interface RawAtoms {
  ids: number[];
  types: number[];
  /** x, y, z per atom. */
  positions: number[];
  /** ix, iy, iz per atom, or undefined. */
  images?: number[];
  lines: number[];
  /** One per atom, or undefined (LammpsSnapshot `atomMasses`, `diameters`). */
  masses?: number[];
  diameters?: number[];
}

/**
 * Sorts the atoms by id (a duplicate id is an error naming both lines), checks the box
 * (lx, ly, lz > 0) and reduces to 2D when asked (`tiltLine`: where an out-of-plane tilt
 * is reported; default the box line).
 */
export function buildSnapshot(
  atoms: RawAtoms, box: LammpsBox,
  rest: Omit<LammpsSnapshot, 'dim' | 'cell' | 'origin' | 'positions' | 'types' | 'ids' | 'lines' | 'images' | 'atomMasses' | 'diameters'>,
  dimension: LammpsDimension, fail: LineFail, tiltLine = rest.boxLine,
): LammpsSnapshot {
  const axes = ['x', 'y', 'z'];
  for (let k = 0; k < 3; k++) {
    if (!(box.hi[k]! > box.lo[k]!)) {
      fail(rest.boxLine, `the box has ${axes[k]}hi = ${box.hi[k]} ≤ ${axes[k]}lo = ${box.lo[k]}`,
        `give ${axes[k]}lo < ${axes[k]}hi (a box of positive length along ${axes[k]})`);
    }
  }
  const n = atoms.ids.length;
  const order = Array.from({ length: n }, (_, p) => p).sort((p, q) => atoms.ids[p]! - atoms.ids[q]!);
  for (let k = 1; k < n; k++) {
    const p = order[k - 1]!;
    const q = order[k]!;
    if (atoms.ids[p] === atoms.ids[q]) {
      const [first, second] = atoms.lines[p]! < atoms.lines[q]! ? [p, q] : [q, p];
      fail(atoms.lines[second]!, `atom id ${atoms.ids[q]} appears twice (also on line ${atoms.lines[first]})`,
        'give every atom a unique id (LAMMPS: reset_atom_ids, or write the file again)');
    }
  }
  const cell3 = cellOfBox(box);
  let dim: 2 | 3 = 3;
  if (dimension !== 3) {
    const flat = box.tilt[1] === 0 && box.tilt[2] === 0;
    let odd = -1;
    for (let p = 1; p < n && odd < 0; p++) if (atoms.positions[3 * p + 2] !== atoms.positions[2]) odd = p;
    if (flat && odd < 0) dim = 2;
    else if (dimension === 2) {
      if (!flat) {
        fail(tiltLine, `xz = ${box.tilt[1]}, yz = ${box.tilt[2]}: the box is tilted out of the xy plane, so it is not 2D`,
          'give a dimension 2 file (xz = yz = 0), or read it as 3D');
      }
      fail(atoms.lines[odd]!, `atom id ${atoms.ids[odd]} has z = ${atoms.positions[3 * odd + 2]}, atom id ${atoms.ids[0]} (line ${atoms.lines[0]}) ` +
        `has z = ${atoms.positions[2]}: the atoms are not in one plane, so the file is not 2D`,
        'give a dimension 2 file (LAMMPS keeps every z = 0), or read it as 3D');
    }
  }
  const d = dim;
  const positions = new Float64Array(d * n);
  const types = new Int32Array(n);
  const ids = new Int32Array(n);
  const lines = new Int32Array(n);
  const images = atoms.images === undefined ? undefined : new Int32Array(d * n);
  const atomMasses = atoms.masses === undefined ? undefined : new Float64Array(n);
  const diameters = atoms.diameters === undefined ? undefined : new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = order[k]!;
    for (let a = 0; a < d; a++) {
      positions[d * k + a] = atoms.positions[3 * p + a]!;
      if (images !== undefined) images[d * k + a] = atoms.images![3 * p + a]!;
    }
    types[k] = atoms.types[p]!;
    ids[k] = atoms.ids[p]!;
    lines[k] = atoms.lines[p]!;
    if (atomMasses !== undefined) atomMasses[k] = atoms.masses![p]!;
    if (diameters !== undefined) diameters[k] = atoms.diameters![p]!;
  }
  const cell = d === 3 ? cell3 : Float64Array.of(cell3[0]!, cell3[1]!, cell3[3]!, cell3[4]!);
  const origin = Float64Array.from(box.lo.slice(0, d));
  return {
    ...rest, dim, cell, origin, positions, types, ids, lines, periodic: rest.periodic.slice(0, d),
    ...(images !== undefined ? { images } : {}),
    ...(atomMasses !== undefined ? { atomMasses } : {}),
    ...(diameters !== undefined ? { diameters } : {}),
  };
}

/** Strips a `#` comment and surrounding blanks (and a CR). */
export function stripComment(raw: string): { text: string; comment: string } {
  const hash = raw.indexOf('#');
  return hash < 0 ? { text: raw.trim(), comment: '' } : { text: raw.slice(0, hash).trim(), comment: raw.slice(hash + 1).trim() };
}

/** A finite decimal number, or a LammpsFormatError naming `what`. */
export function numberAt(fail: LineFail, line: number, token: string, what: string | (() => string)): number {
  // The common case without allocating: a plain decimal that is finite (an atom line holds three).
  const value = decimalOrNaN(token);
  if (!Number.isNaN(value)) return value;
  const parsed = parseDecimal(token);
  if (!parsed.ok) {
    fail(line, `${typeof what === 'string' ? what : what()} '${token}' is ${parsed.why === 'non-finite' ? 'not finite' : 'not a number'}`,
      parsed.why === 'non-finite' ? 'the run that wrote the file blew up or the file is corrupt: write it again from a sane state'
        : 'write it as a finite decimal number');
  }
  return parsed.value;
}

/**
 * 2.2e-16 (1 ulp above 1, 2 below): how far a unit mass made as density × volume (LAMMPS's
 * atom_style sphere) lands from 1, at most half that; a mass that close to 1 is read as 1
 * (lammps-data.ts sphereAtom, a dump's mass column).
 */
export const UNIT_MASS_ROUNDING = Number.EPSILON;

/** `mass`, or 1 when it is within UNIT_MASS_ROUNDING of 1. */
export const snapUnitMass = (mass: number): number => (Math.abs(mass - 1) <= UNIT_MASS_ROUNDING ? 1 : mass);

/** An integer in [min, 2³¹), or a LammpsFormatError naming `what`. */
export function integerAt(fail: LineFail, line: number, token: string, what: string | (() => string), min: number): number {
  const value = Number(token);
  if (!INTEGER.test(token) || value < min || value > 2147483647) {
    const name = typeof what === 'string' ? what : what();
    const tooLarge = INTEGER.test(token) && value > 2147483647;
    fail(line, `${name} '${token}' is not an integer ${tooLarge ? 'below 2³¹ (LAMMPS\'s and softspot\'s 32-bit counts and ids)' : `≥ ${min}`}`,
      `write ${name} as an integer in ${min} … 2³¹ − 1`);
  }
  return value;
}

const INTEGER = /^[+-]?\d+$/;
