/**
 * Reads a LAMMPS data file (the format of `read_data` / `write_data`) of atom_style atomic,
 * or of a style whose Atoms lines hold other columns around id, type and x y z (charge,
 * bond, angle, molecular, full: {@link LAMMPS_ATOM_STYLES}; the other columns, and the
 * Bonds and other sections, are ignored), or of atom_style sphere (`id type diameter
 * density x y z`: each atom's diameter and mass, the snapshot's `diameters` and
 * `atomMasses`; the sizes of a `poly` glass), into a {@link LammpsSnapshot}.
 *
 *     LAMMPS data file via write_data, ...          ← line 1: a title, ignored
 *
 *     64 atoms
 *     2 atom types
 *
 *     0.0 8.6 xlo xhi
 *     0.0 8.6 ylo yhi
 *     -0.5 0.5 zlo zhi                             ← optional (LAMMPS default −0.5 0.5)
 *     2.1 0 0 xy xz yz                             ← optional (an orthogonal box)
 *
 *     Masses
 *
 *     1 1.0
 *
 *     Atoms # atomic                               ← or # charge, full, …: the style's columns
 *
 *     id type x y z [ix iy iz]                     ← N lines, any id order
 *
 *     Velocities                                   ← any other section: skipped
 *     ...
 *
 * `#` starts a comment anywhere. Header count lines of other kinds (bonds, ellipsoids, …)
 * are accepted and ignored. `Pair Coeffs # <style>` and `PairIJ Coeffs # <style>` are kept
 * (`pairCoeffs`: lammps-config.ts compares lj/* coefficients with the model's ε and σ);
 * other sections (Velocities, …) are skipped, but a Velocities section of other than N lines
 * is an error (a file cut off). An `Atom Type Labels` section (LAMMPS's labelmap, written by
 * write_data since 2022: `1 A` per line) gives the snapshot its `typeLabels`, and its labels
 * may stand for the types in the Masses and Atoms lines (`write_data … types labels`; softspot
 * also takes them in Pair Coeffs, where LAMMPS wants numbers); lammps-config.ts maps labelled
 * types to the model's species by name. A `#` inside a label cuts it as a comment (LAMMPS cuts
 * only at a token that starts with one).
 * Every problem is a {@link LammpsFormatError} naming the line.
 */
import {
  CONVERSION_OPTIONS_ADVICE,
  buildSnapshot, failer, integerAt, numberAt, snapUnitMass, stripComment, type LineFail,
  type LammpsBox, type LammpsDimension, type LammpsPairCoeffs, type LammpsSnapshot, type RawAtoms,
} from './lammps-snapshot.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** Options of {@link readLammpsData}. */
export interface ReadLammpsDataOptions {
  /** 3 (default), 2 (a `dimension 2` file: all z equal, xz = yz = 0) or 'auto' (2 when it can be). */
  dimension?: LammpsDimension;
}

/**
 * The columns of an Atoms line of each atom_style this reader knows (LAMMPS read_data,
 * "Atoms section"): where the type and x sit, how many fields come before the optional
 * image flags, and the layout for messages. A file without `# <style>` is read as atomic.
 */
const ATOM_STYLE_COLUMNS = {
  atomic: { type: 1, x: 2, fields: 5, layout: 'id type x y z' },
  charge: { type: 1, x: 3, fields: 6, layout: 'id type q x y z' },
  bond: { type: 2, x: 3, fields: 6, layout: 'id molecule type x y z' },
  angle: { type: 2, x: 3, fields: 6, layout: 'id molecule type x y z' },
  molecular: { type: 2, x: 3, fields: 6, layout: 'id molecule type x y z' },
  full: { type: 2, x: 4, fields: 7, layout: 'id molecule type q x y z' },
  // sphere: each atom's diameter and density (its mass is density × volume, per atom).
  sphere: { type: 1, x: 4, fields: 7, layout: 'id type diameter density x y z', diameter: 2, density: 3 },
} as const;

/**
 * The atom_style comments (`Atoms # <style>`) this reader knows: those whose atoms are id,
 * type and x y z among other columns, and sphere (also each atom's diameter and mass).
 */
export const LAMMPS_ATOM_STYLES = Object.keys(ATOM_STYLE_COLUMNS) as ReadonlyArray<keyof typeof ATOM_STYLE_COLUMNS>;

const AXES = ['x', 'y', 'z'] as const;

/** The options of readLammpsData (a complete list: AllKeysOf checks it against ReadLammpsDataOptions). */
const READ_LAMMPS_DATA_OPTION_NAMES: AllKeysOf<ReadLammpsDataOptions, readonly ['dimension']> = ['dimension'];

/**
 * Parses a LAMMPS data file.
 *
 * @param text the file contents.
 * @param source the name in error messages (a path, or '<string>').
 * @returns the atoms sorted by id, positions as written (wrapped by LAMMPS, image flags in
 *   `images` when the file has them); `periodic` all true (a data file does not say).
 * @throws LammpsFormatError on malformed input; TypeError/RangeError on bad arguments.
 */
export function readLammpsData(text: string, source = '<string>', options: ReadLammpsDataOptions = {}): LammpsSnapshot {
  expectKnownKeys('options', options, READ_LAMMPS_DATA_OPTION_NAMES, 'readLammpsData', CONVERSION_OPTIONS_ADVICE);
  if (typeof text !== 'string') throw new ArgumentTypeError(`readLammpsData: expected text to be a string, got ${typeof text}`);
  if (typeof source !== 'string') throw new ArgumentTypeError(`readLammpsData: expected source to be a string, got ${typeof source}`);
  const dimension = options.dimension ?? 3;
  if (dimension !== 2 && dimension !== 3 && dimension !== 'auto') {
    throw new ArgumentRangeError(`readLammpsData: expected options.dimension to be 2, 3 or 'auto', got ${String(dimension)}`);
  }
  const fail: LineFail = failer(source);
  const lines = text.split('\n');
  if (text.trim() === '') fail(1, 'the file is empty', 'give a LAMMPS data file (write_data writes one)');
  const header = parseHeader(lines, fail);
  const sections = indexSections(lines, header.end, header.natoms, fail);
  const labels = parseTypeLabels(lines, sections.labelLines, header.ntypes, fail);
  const typeOf: TypeReader = (lineNo, token, what, owner) => {
    const byLabel = labels?.byLabel.get(token);
    if (byLabel !== undefined) return byLabel;
    if (labels === undefined && /^[^\d+-]/.test(token)) {
      fail(lineNo, `${what} '${token}' is a type label, but the file has no Atom Type Labels section`,
        'write the types as numbers, or keep the Atom Type Labels section that defines the labels (write_data writes it)');
    }
    if (labels !== undefined && /^[^\d+-]/.test(token)) {
      fail(lineNo, `${what} '${token}' is not a label of the Atom Type Labels section (line ${labels.line}: ${labels.list})`, 'use a type number or one of those labels');
    }
    const type = integerAt(fail, lineNo, token, what, 1);
    if (type > header.ntypes) fail(lineNo, `${owner === undefined ? `atom type ${type}` : `${owner} has type ${type}`} > the ${header.ntypes} atom types of the header`, 'correct the type or the "atom types" header line');
    return type;
  };
  const masses = sections.massesLine === 0 ? undefined : parseMasses(lines, sections.massLines, header.ntypes, typeOf, fail);
  const pairCoeffs = sections.pairSection === undefined ? undefined : parsePairCoeffs(lines, sections.pairSection, sections.pairLines, typeOf);
  const raw = parseAtoms(lines, sections.atomLines, sections.style, typeOf, fail);
  const timestep = /timestep = (\d+)/.exec(lines[0]!)?.[1];
  const titleModel = titleModelOf(lines[0]!);
  return buildSnapshot(raw, header.box, {
    periodic: [true, true, true], ntypes: header.ntypes, boxLine: header.boxLine, source,
    ...(masses !== undefined ? { masses } : {}),
    ...(pairCoeffs !== undefined ? { pairCoeffs } : {}),
    ...(labels !== undefined ? { typeLabels: labels.byType, typeLabelsLine: labels.line } : {}),
    ...(timestep !== undefined ? { timestep: Number(timestep) } : {}),
    ...(titleModel !== undefined ? { titleModel } : {}),
  }, dimension, fail, header.tiltLine || header.boxLine);
}

/** What the header of a data file declares, and where its sections start (`end`: 0-based line). */
interface DataHeader {
  natoms: number;
  ntypes: number;
  box: LammpsBox;
  /** 1-based lines of the x bounds and the tilts (0: none), for the messages about the box. */
  boxLine: number;
  tiltLine: number;
  end: number;
}

/** The header: from line 2 up to the first section keyword; the atoms, the types and the x and y bounds are required. */
function parseHeader(lines: readonly string[], fail: LineFail): DataHeader {
  let natoms: number | undefined;
  let ntypes: number | undefined;
  const lo: (number | undefined)[] = [undefined, undefined, -0.5];
  const hi: (number | undefined)[] = [undefined, undefined, 0.5];
  let tilt: [number, number, number] = [0, 0, 0];
  let boxLine = 0;
  let tiltLine = 0;
  let k = 1;
  for (; k < lines.length; k++) {
    const { text: t } = stripComment(lines[k]!);
    if (t === '') continue;
    if (/^[A-Za-z]/.test(t)) break; // a section keyword
    const lineNo = k + 1;
    const tokens = t.split(/\s+/);
    const words = tokens.filter((w) => /^[A-Za-z]/.test(w)).join(' ');
    const numbers = tokens.filter((w) => !/^[A-Za-z]/.test(w));
    const bounds = /^([xyz])lo \1hi$/.exec(words);
    if (words === 'atoms' && numbers.length === 1) natoms = integerAt(fail, lineNo, numbers[0]!, 'the number of atoms', 0);
    else if (words === 'atom types' && numbers.length === 1) ntypes = integerAt(fail, lineNo, numbers[0]!, 'the number of atom types', 1);
    else if (bounds !== null && numbers.length === 2) {
      const a = AXES.indexOf(bounds[1] as 'x');
      lo[a] = numberAt(fail, lineNo, numbers[0]!, `${bounds[1]}lo`);
      hi[a] = numberAt(fail, lineNo, numbers[1]!, `${bounds[1]}hi`);
      if (a === 0) boxLine = lineNo;
    } else if (words === 'xy xz yz' && numbers.length === 3) {
      tiltLine = lineNo;
      tilt = [numberAt(fail, lineNo, numbers[0]!, 'xy'), numberAt(fail, lineNo, numbers[1]!, 'xz'), numberAt(fail, lineNo, numbers[2]!, 'yz')];
    } else if (/avec|bvec|cvec|abc origin/.test(words)) {
      fail(lineNo, `'${t}' is a general triclinic box`,
        'write the data file with a restricted triclinic box (LAMMPS: write_data without the triclinic/general keyword)');
    } else if (numbers.length === 1 && /^[a-z][a-z /]*$/.test(words) && /^[+-]?\d+$/.test(numbers[0]!)) {
      // another count (bonds, bond types, ellipsoids, extra bond per atom, …): not needed
    } else {
      fail(lineNo, `'${t}' is not a LAMMPS data-file header line`,
        'the header holds lines such as "64 atoms", "2 atom types", "0 8.6 xlo xhi", "2.1 0 0 xy xz yz"');
    }
  }
  const at = Math.min(k + 1, lines.length);
  if (natoms === undefined) fail(at, 'the header has no "N atoms" line', 'add "<N> atoms" to the header (before the sections)');
  if (ntypes === undefined) fail(at, 'the header has no "N atom types" line', 'add "<T> atom types" to the header');
  for (let a = 0; a < 2; a++) {
    if (lo[a] === undefined) {
      fail(at, `the header has no "${AXES[a]}lo ${AXES[a]}hi" line`,
        `add "<${AXES[a]}lo> <${AXES[a]}hi> ${AXES[a]}lo ${AXES[a]}hi": softspot needs the periodic box`);
    }
  }
  return {
    natoms, ntypes, box: { lo: lo as [number, number, number], hi: hi as [number, number, number], tilt },
    boxLine: boxLine === 0 ? 1 : boxLine, tiltLine, end: k,
  };
}

/** Where each section's lines are (0-based line indices). */
interface DataSections {
  /** The atom_style the Atoms line names (`Atoms # sphere`), if any. */
  style: string | undefined;
  atomLines: number[];
  /** 1-based line of the Masses keyword (0: none). */
  massesLine: number;
  massLines: number[];
  pairSection: PairSection | undefined;
  pairLines: number[];
  /** The lines of the Atom Type Labels section (none: no such section). */
  labelLines: number[];
}

/** The type (1 … ntypes) a token of a line stands for: a number, or a label of the Atom Type Labels section. */
type TypeReader = (lineNo: number, token: string, what: string, owner?: string) => number;

/** Sections whose lines may begin with a type label (`write_data … types labels`), not a section keyword. */
const LABEL_LED_SECTIONS = new Set(['Masses', 'Pair Coeffs', 'PairIJ Coeffs']);

/** A Pair Coeffs or PairIJ Coeffs section: its keyword, line and the pair style of its comment. */
interface PairSection { name: string; line: number; style?: string }

/**
 * The sections from line `start` (0-based) on: their lines, the Atoms section's atom_style,
 * a Pair Coeffs section's pair style; the Atoms and Velocities sections checked against the
 * header's `natoms` (a short Velocities section is a file cut off).
 */
function indexSections(lines: readonly string[], start: number, natoms: number, fail: LineFail): DataSections {
  let atomsLine = 0;
  let style: string | undefined;
  let massesLine = 0;
  let velocitiesLine = 0, velocityLines = 0;
  const atomLines: number[] = [];
  const massLines: number[] = [];
  const pairLines: number[] = [];
  const labelLines: number[] = [];
  let pairSection: PairSection | undefined;
  let section = '';
  for (let k = start; k < lines.length; k++) {
    const { text: t, comment } = stripComment(lines[k]!);
    if (t === '') continue;
    const lineNo = k + 1;
    // A line of a type label and numbers (`A 1.0` in Masses) is data, not a keyword.
    const labelLed = LABEL_LED_SECTIONS.has(section) && /^\S+(\s+\S+)*\s+[-+.\d]/.test(t) && !/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/.test(t);
    if (/^[A-Za-z]/.test(t) && !labelLed) {
      section = t;
      if (t === 'Atoms') {
        if (atomsLine !== 0) fail(lineNo, `a second Atoms section (the first is on line ${atomsLine})`, 'keep one Atoms section');
        atomsLine = lineNo;
        style = comment === '' ? undefined : comment.split(/\s+/)[0];
        if (style !== undefined && !(LAMMPS_ATOM_STYLES as readonly string[]).includes(style)) {
          fail(lineNo, `the Atoms section is for atom_style '${style}'`,
            `softspot reads atom_style ${LAMMPS_ATOM_STYLES.join(', ')}: write the data file from a run with one of them (atomic: id type x y z)`);
        }
      } else if (t === 'Masses') massesLine = lineNo;
      else if (t === 'Velocities') velocitiesLine = lineNo;
      else if (t === 'Pair Coeffs' || t === 'PairIJ Coeffs') {
        if (pairSection !== undefined) fail(lineNo, `a second pair coefficient section (${pairSection.name} is on line ${pairSection.line})`, 'keep one Pair Coeffs or PairIJ Coeffs section');
        pairSection = { name: t, line: lineNo, ...(comment === '' ? {} : { style: comment.split(/\s+/)[0] }) };
      } else if (/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/.test(t) === false) {
        fail(lineNo, `'${t}' is neither a section keyword nor a line of numbers`, 'check the file: sections start with a keyword such as Atoms, Masses, Velocities');
      }
      continue;
    }
    if (section === '') fail(lineNo, `'${t}' follows the header outside any section`, 'start the section with its keyword (Atoms, Masses, …)');
    if (section === 'Atoms') atomLines.push(k);
    else if (section === 'Masses') massLines.push(k);
    else if (section === 'Velocities') velocityLines++;
    else if (section === 'Pair Coeffs' || section === 'PairIJ Coeffs') pairLines.push(k);
    else if (section === 'Atom Type Labels') labelLines.push(k);
  }
  if (atomsLine === 0) {
    fail(lines.length, 'the file has no Atoms section',
      'a data file lists its atoms after a line "Atoms # atomic" (LAMMPS write_data writes one)');
  }
  if (atomLines.length < natoms && section === 'Atoms') {
    // The file ends inside its Atoms section: an interrupted copy or write, not a wrong header
    // (declaring fewer atoms would analyse a part of the glass).
    fail(lines.length, `the Atoms section (line ${atomsLine}) has ${atomLines.length} lines but the header declares ${natoms} atoms, and the file ends inside it: ` +
      'the file looks cut off', 'copy or write the file again (LAMMPS write_data); only if the file is whole, correct the "N atoms" header line');
  }
  if (atomLines.length !== natoms) {
    const where = atomLines.length > natoms ? atomLines[natoms]! + 1 : atomsLine;
    fail(where, `the Atoms section (line ${atomsLine}) has ${atomLines.length} lines but the header declares ${natoms} atoms`,
      'correct the "N atoms" header line or add/remove atom lines');
  }
  // Unused here, but a Velocities section short of N lines is a file cut off (an interrupted
  // copy or write): its positions may be whole, the file is not.
  if (velocitiesLine !== 0 && velocityLines !== natoms) {
    fail(lines.length, `the Velocities section (line ${velocitiesLine}) has ${velocityLines} lines but the header declares ${natoms} atoms` +
      (velocityLines < natoms ? ': the file looks cut off' : ''), 'copy or write the file again (LAMMPS write_data), or remove the Velocities section');
  }
  return { style, atomLines, massesLine, massLines, pairSection, pairLines, labelLines };
}

/**
 * The Atom Type Labels section (`type label` per line, as LAMMPS's labelmap): each type of
 * the header at most once, each label once, a label not starting with a digit (LAMMPS's
 * rule: a label is not a number). undefined without the section.
 */
function parseTypeLabels(lines: readonly string[], labelLines: readonly number[], ntypes: number, fail: LineFail):
  { byType: Array<string | undefined>; byLabel: Map<string, number>; line: number; list: string } | undefined {
  if (labelLines.length === 0) return undefined;
  const byType: Array<string | undefined> = new Array<string | undefined>(ntypes).fill(undefined);
  const byLabel = new Map<string, number>();
  for (const index of labelLines) {
    const lineNo = index + 1;
    const tokens = stripComment(lines[index]!).text.split(/\s+/);
    if (tokens.length !== 2) fail(lineNo, `an Atom Type Labels line has ${tokens.length} fields`, 'write "type label" per line (1 A)');
    const type = integerAt(fail, lineNo, tokens[0]!, 'the atom type', 1);
    if (type > ntypes) fail(lineNo, `atom type ${type} > the ${ntypes} atom types of the header`, 'correct the type or the "atom types" header line');
    const label = tokens[1]!;
    if (/^[\d*#]/.test(label)) fail(lineNo, `the label '${label}' of atom type ${type} starts with a digit, * or #`, 'a type label is a name (A, Cu, small): LAMMPS refuses one that starts so');
    if (byType[type - 1] !== undefined) fail(lineNo, `atom type ${type} has a second label ('${label}'; the first: '${byType[type - 1]}')`, 'give each type one label');
    const other = byLabel.get(label);
    if (other !== undefined) fail(lineNo, `the label '${label}' names atom types ${other} and ${type}`, 'give each type its own label');
    byType[type - 1] = label;
    byLabel.set(label, type);
  }
  const list = byType.flatMap((l, t) => (l === undefined ? [] : [`${t + 1} ${l}`])).join(', ');
  return { byType, byLabel, line: labelLines[0]!, list };
}

/** The mass of each type, NaN for a type the section does not list (Float64Array(ntypes)). */
function parseMasses(lines: readonly string[], massLines: readonly number[], ntypes: number, typeOf: TypeReader, fail: LineFail): Float64Array {
  const masses = new Float64Array(ntypes).fill(NaN);
  for (const index of massLines) {
    const tokens = stripComment(lines[index]!).text.split(/\s+/);
    const lineNo = index + 1;
    if (tokens.length !== 2) fail(lineNo, `a Masses line has ${tokens.length} fields`, 'write "type mass" per line');
    const type = typeOf(lineNo, tokens[0]!, 'the atom type');
    const mass = numberAt(fail, lineNo, tokens[1]!, 'the mass');
    if (!(mass > 0)) fail(lineNo, `the mass of atom type ${type} is ${mass}`, 'give every atom type a mass > 0');
    masses[type - 1] = mass;
  }
  return masses;
}

/** The pair coefficients, kept as written (their meaning depends on the pair style); types checked against the header. */
function parsePairCoeffs(lines: readonly string[], section: PairSection, pairLines: readonly number[], typeOf: TypeReader): LammpsPairCoeffs {
  const ij = section.name === 'PairIJ Coeffs';
  const pairCoeffs: LammpsPairCoeffs = { ...(section.style !== undefined ? { style: section.style } : {}), line: section.line, entries: [] };
  for (const index of pairLines) {
    const tokens = stripComment(lines[index]!).text.split(/\s+/);
    const lineNo = index + 1;
    const types = tokens.slice(0, ij ? 2 : 1).map((token, a) => typeOf(lineNo, token, ij ? `atom type ${a === 0 ? 'i' : 'j'}` : 'the atom type'));
    const [i, j] = ij ? [Math.min(types[0]!, types[1]!), Math.max(types[0]!, types[1]!)] : [types[0]!, types[0]!];
    pairCoeffs.entries.push({ i, j, coeffs: tokens.slice(ij ? 2 : 1), line: lineNo });
  }
  return pairCoeffs;
}

/** The atoms in file order: id, type, position, image flags (on every line or none), and a sphere's diameter and mass. */
function parseAtoms(lines: readonly string[], atomLines: readonly number[], style: string | undefined, typeOf: TypeReader, fail: LineFail): RawAtoms {
  const raw: RawAtoms = { ids: [], types: [], positions: [], lines: [] };
  const columns: AtomColumns = ATOM_STYLE_COLUMNS[(style ?? 'atomic') as keyof typeof ATOM_STYLE_COLUMNS];
  if (columns.diameter !== undefined) {
    raw.diameters = [];
    raw.masses = [];
  }
  let withImages: boolean | undefined;
  for (const index of atomLines) {
    const lineNo = index + 1;
    const tokens = stripComment(lines[index]!).text.split(/\s+/);
    if (tokens.length !== columns.fields && tokens.length !== columns.fields + 3) {
      const layouts = `atom_style ${style ?? 'atomic'} lines are "${columns.layout}" or "${columns.layout} ix iy iz"`;
      fail(lineNo, `an atom line has ${tokens.length} fields`,
        style === undefined ? `${layouts}; a file of another atom_style names it after Atoms ("Atoms # full", as write_data writes)` : layouts);
    }
    const images = tokens.length === columns.fields + 3;
    if (withImages === undefined) withImages = images;
    else if (withImages !== images) {
      fail(lineNo, `this atom line ${images ? 'has' : 'has no'} image flags but the first one (line ${atomLines[0]! + 1}) ${images ? 'has none' : 'has'}`,
        'give image flags on every atom line or on none');
    }
    const id = integerAt(fail, lineNo, tokens[0]!, 'the atom id', 1);
    const type = typeOf(lineNo, tokens[columns.type]!, 'the atom type', `atom id ${id}`);
    raw.ids.push(id);
    raw.types.push(type);
    raw.lines.push(lineNo);
    for (let a = 0; a < 3; a++) raw.positions.push(numberAt(fail, lineNo, tokens[columns.x + a]!, () => `the ${AXES[a]} coordinate of atom id ${id}`));
    if (columns.diameter !== undefined) {
      const { diameter, mass } = sphereAtom(fail, lineNo, id, tokens[columns.diameter]!, tokens[columns.density!]!);
      raw.diameters!.push(diameter);
      raw.masses!.push(mass);
    }
    if (images) {
      raw.images ??= [];
      for (let a = 0; a < 3; a++) raw.images.push(integerAt(fail, lineNo, tokens[columns.fields + a]!, () => `the ${AXES[a]} image flag of atom id ${id}`, -2147483647));
    }
  }
  return raw;
}

/** The columns of an Atoms line (ATOM_STYLE_COLUMNS): sphere also has a diameter and a density. */
interface AtomColumns {
  type: number;
  x: number;
  fields: number;
  layout: string;
  diameter?: number;
  density?: number;
}

/**
 * An atom_style sphere atom's diameter and mass, as LAMMPS's read_data makes them
 * (atom_vec_sphere.cpp, data_atom_post): mass = density × 4π/3 (d/2)³ for d > 0 (in 2D
 * too: LAMMPS's sphere is a sphere), and mass = density for a point particle (d = 0).
 * A diameter < 0 or a density ≤ 0 is refused, as LAMMPS refuses them. A mass within
 * UNIT_MASS_ROUNDING of 1 is 1: the density LAMMPS's write_data and softspot's writer give a
 * unit mass, 1 / (4π/3 r³), comes back 1 ulp off 1 for ~12 % of diameters (a poly glass
 * would otherwise read with masses 0.9999999999999999, a masses column and a note).
 */
function sphereAtom(fail: LineFail, lineNo: number, id: number, diameterText: string, densityText: string): { diameter: number; mass: number } {
  const diameter = numberAt(fail, lineNo, diameterText, () => `the diameter of atom id ${id}`);
  const density = numberAt(fail, lineNo, densityText, () => `the density of atom id ${id}`);
  if (diameter < 0) fail(lineNo, `atom id ${id} has diameter ${diameterText} < 0`, 'give each atom a diameter ≥ 0 (atom_style sphere: id type diameter density x y z)');
  if (!(density > 0)) fail(lineNo, `atom id ${id} has density ${densityText} ≤ 0`, 'give each atom a density > 0 (atom_style sphere: id type diameter density x y z)');
  const mass = diameter > 0 ? density * sphereVolume(diameter) : density;
  return { diameter, mass: snapUnitMass(mass) };
}

/**
 * The volume of an atom_style sphere atom, 4π/3 r³ with r = d/2, computed as LAMMPS's
 * atom_vec_sphere does (mass = density × this): the masses equal LAMMPS 2021's to the bit
 * (it writes 4.0*MY_PI/3.0; later versions the constant MY_4PI3, which can differ in the
 * last bit). lammps-write.ts divides by it for the density of a mass.
 */
export function sphereVolume(diameter: number): number {
  const radius = 0.5 * diameter;
  return ((4 * Math.PI) / 3) * radius * radius * radius;
}

/**
 * The model a data file's line 1 names, when it is softspot's own title (formatLammpsData:
 * `softspot data file: model=NAME …`); another program's `model=Kob-Andersen` is a remark.
 */
export function titleModelOf(line: string): string | undefined {
  return /^softspot data file: model=([A-Za-z_][\w.-]*)/.exec(line)?.[1];
}
