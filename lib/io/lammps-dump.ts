/**
 * Reads one frame of a LAMMPS dump file (`dump atom` or `dump custom`) into a
 * {@link LammpsSnapshot}.
 *
 *     ITEM: TIMESTEP
 *     1000
 *     ITEM: NUMBER OF ATOMS
 *     64
 *     ITEM: BOX BOUNDS pp pp pp                    or  ITEM: BOX BOUNDS xy xz yz pp pp pp
 *     xlo xhi                                          xlo_bound xhi_bound xy
 *     ylo yhi                                          ylo_bound yhi_bound xz
 *     zlo zhi                                          zlo zhi yz
 *     ITEM: ATOMS id type x y z                    ← columns in any order, extra columns ignored
 *     ...                                          ← N lines, any id order
 *     ITEM: TIMESTEP                               ← the next frame
 *
 * Coordinates: the first complete triple of `x y z` (as written), `xu yu zu` (unwrapped),
 * `xs ys zs` (scaled: x = origin + h·s) or `xsu ysu zsu` (scaled unwrapped), or else the
 * first such pair without its z column (`dump custom … x y` of a `dimension 2` run: a 2D
 * snapshot, refused with `dimension: 3`, and with 'auto' when the box is at least half as
 * deep as it is wide, a 3D run's box; `ix iy` its image flags); `ix iy iz`
 * become image flags; `diameter` (or 2 × `radius`) the snapshot's `diameters` (the sizes
 * of a `poly` glass) and `mass` its `atomMasses`. The triclinic bounds are LAMMPS's bounding box of the tilted cell
 * (see {@link boxFromBounds}). `ITEM: UNITS` and `ITEM: TIME` (dump_modify units/time: LAMMPS
 * writes them before `ITEM: TIMESTEP`) are skipped. A `BOX BOUNDS`
 * line without boundary flags (dumps of LAMMPS before 2009) is read as periodic.
 * Every problem is a {@link LammpsFormatError} naming the line.
 */
import {
  CONVERSION_OPTIONS_ADVICE,
  boxFromBounds, buildSnapshot, failer, integerAt, numberAt, snapUnitMass,
  type LammpsBox, type LammpsDimension, type LammpsSnapshot, type LineFail, type RawAtoms,
} from './lammps-snapshot.js';
import { excerpt, LammpsFormatError } from './errors.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** Options of {@link readLammpsDump}. */
export interface ReadLammpsDumpOptions {
  /** Which frame: 0-based index, negative from the end (default −1, the last). */
  frame?: number;
  /** Which frame by its timestep (instead of `frame`). */
  timestep?: number;
  /** 3 (default), 2 (a `dimension 2` dump: all z equal, xz = yz = 0) or 'auto' (2 when it can be). */
  dimension?: LammpsDimension;
  /**
   * Lines of the file before `text`, when `text` is a part of it (a frame read alone,
   * ./frame-scan.ts): added to every line number, so that errors and the snapshot's
   * lines are the file's. Default 0.
   */
  lineOffset?: number;
  /**
   * Whether more of the file follows `text` (a frame read alone that is not the file's
   * last): atom lines missing at the end of `text` are then lines lost inside the file (the
   * next frame follows), not a dump LAMMPS is still writing (`cutFrame`). Default false.
   */
  followed?: boolean;
}

/** The coordinate column triples a dump may carry, in the order they are preferred. */
export const LAMMPS_DUMP_COORDINATES = [['x', 'y', 'z'], ['xu', 'yu', 'zu'], ['xs', 'ys', 'zs'], ['xsu', 'ysu', 'zsu']] as const;

interface FrameIndex {
  timestep: number;
  /** 0-based line index of `ITEM: TIMESTEP`. */
  start: number;
  natoms: number;
  /** 0-based line indices of the BOX BOUNDS item and of the ATOMS item. */
  box: number;
  atoms: number;
}

/** The options of readLammpsDump (a complete list: AllKeysOf checks it against ReadLammpsDumpOptions). */
const READ_LAMMPS_DUMP_OPTION_NAMES: AllKeysOf<ReadLammpsDumpOptions, readonly ['frame', 'timestep', 'dimension', 'lineOffset', 'followed']> =
  ['frame', 'timestep', 'dimension', 'lineOffset', 'followed'];

/**
 * Parses one frame of a LAMMPS dump.
 *
 * @param text the file contents (one or more frames).
 * @param source the name in error messages (a path, or '<string>').
 * @returns the frame's atoms sorted by id, Cartesian positions, `timestep`, `periodic`
 *   from the boundary flags (`pp` is periodic).
 * @throws LammpsFormatError on malformed input or a frame that does not exist;
 *   TypeError/RangeError on bad arguments.
 */
export function readLammpsDump(text: string, source = '<string>', options: ReadLammpsDumpOptions = {}): LammpsSnapshot {
  expectKnownKeys('options', options, READ_LAMMPS_DUMP_OPTION_NAMES, 'readLammpsDump', CONVERSION_OPTIONS_ADVICE);
  if (typeof text !== 'string') throw new ArgumentTypeError(`readLammpsDump: expected text to be a string, got ${typeof text}`);
  if (typeof source !== 'string') throw new ArgumentTypeError(`readLammpsDump: expected source to be a string, got ${typeof source}`);
  const { frame, timestep } = options;
  const dimension = options.dimension ?? 3;
  if (dimension !== 2 && dimension !== 3 && dimension !== 'auto') {
    throw new ArgumentRangeError(`readLammpsDump: expected options.dimension to be 2, 3 or 'auto', got ${String(dimension)}`);
  }
  if (frame !== undefined && !Number.isSafeInteger(frame)) throw new ArgumentRangeError(`readLammpsDump: expected options.frame to be an integer, got ${frame}`);
  if (timestep !== undefined && !(Number.isSafeInteger(timestep) && timestep >= 0)) {
    throw new ArgumentRangeError(`readLammpsDump: expected options.timestep to be an integer ≥ 0, got ${timestep}`);
  }
  if (frame !== undefined && timestep !== undefined) throw new ArgumentRangeError('readLammpsDump: expected options.frame or options.timestep, not both');
  const lineOffset = options.lineOffset ?? 0;
  if (!(Number.isSafeInteger(lineOffset) && lineOffset >= 0)) throw new ArgumentRangeError(`readLammpsDump: expected options.lineOffset to be an integer ≥ 0, got ${lineOffset}`);
  const followed = options.followed ?? false;
  if (typeof followed !== 'boolean') throw new ArgumentTypeError(`readLammpsDump: expected options.followed to be a boolean, got ${typeof followed}`);
  // Every line number below is the file's: index + 1 + lineOffset.
  const fileFail: LineFail = failer(source);
  const fail: LineFail = lineOffset === 0 ? fileFail : (line, problem, hint) => fileFail(line + lineOffset, problem, hint);
  const lines = text.split('\n').map((l) => l.trim());
  let end = lines.length;
  while (end > 0 && lines[end - 1] === '') end--;
  if (end === 0) fail(1, 'the file is empty', 'give a LAMMPS dump file (dump atom or dump custom)');

  // A frame whose text ends inside its atom lines (LammpsFormatError.cutFrame).
  const cut: LineFail = (line, problem, hint) => {
    throw new LammpsFormatError(source, line + lineOffset, problem, hint, { cutFrame: true });
  };
  const frames = indexFrames(lines, end, fail, cut, lineOffset, followed);
  let chosen: FrameIndex | undefined;
  if (timestep !== undefined) {
    chosen = frames.find((f) => f.timestep === timestep);
    if (chosen === undefined) {
      fail(end, `no frame has timestep ${timestep} (the ${frames.length} frames run from ${frames[0]!.timestep} to ${frames.at(-1)!.timestep})`,
        'pick a timestep the dump holds');
    }
  } else {
    const index = frame ?? -1;
    chosen = frames.at(index);
    if (chosen === undefined) fail(end, `no frame ${index}: the dump holds ${frames.length} frames`, `pick a frame in ${-frames.length} … ${frames.length - 1}`);
  }
  return parseFrame(lines, chosen, source, dimension, fail, fileFail, lineOffset);
}

/** One frame of a dump's text: the 0-based line where it starts and its text (lines `start` … up to the next frame). */
export interface LammpsDumpFrameText {
  start: number;
  text: string;
}

/**
 * Splits a dump into the texts of its frames, at each line `ITEM: TIMESTEP`, without
 * parsing them (the first frame also holds whatever precedes it). A frame's text read with
 * `start` blank lines before it (readLammpsDump skips blank lines) gives the file's line
 * numbers in errors. Cost: one pass over the text.
 */
export function splitLammpsDumpFrames(text: string): LammpsDumpFrameText[] {
  const frames: LammpsDumpFrameText[] = [];
  const marker = /^[ \t]*ITEM: TIMESTEP[ \t]*\r?$/gm;
  const starts: Array<{ offset: number; line: number }> = [];
  let line = 0, scanned = 0;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    for (let i = scanned; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = m.index;
    starts.push({ offset: m.index, line });
  }
  if (starts.length === 0) return [{ start: 0, text }];
  starts[0] = { offset: 0, line: 0 };
  for (let k = 0; k < starts.length; k++) {
    frames.push({ start: starts[k]!.line, text: text.slice(starts[k]!.offset, k + 1 < starts.length ? starts[k + 1]!.offset : text.length) });
  }
  return frames;
}

/**
 * Finds every frame's items; checks each frame's structure (atoms missing, unknown items).
 * `fail` takes line numbers of `lines` (index + 1) and adds `lineOffset`; messages that
 * name another line add it themselves. `cut` as `fail`, for a frame whose text ends inside
 * its atom lines (unless `followed`: more of the file comes after the text).
 */
function indexFrames(lines: string[], end: number, fail: LineFail, cut: LineFail, lineOffset: number, followed: boolean): FrameIndex[] {
  const frames: FrameIndex[] = [];
  let k = 0;
  while (k < end) {
    if (lines[k] === '') { k++; continue; }
    // dump_modify units/time: LAMMPS writes ITEM: UNITS (once, at the top) and ITEM: TIME
    // before each frame's ITEM: TIMESTEP; a frame's text cut at the next marker ends with them.
    if (lines[k] === 'ITEM: UNITS' || lines[k] === 'ITEM: TIME') { k += 2; continue; }
    if (lines[k] !== 'ITEM: TIMESTEP') {
      // Right after a frame's atoms, a line that is not an item is one atom more than it declared.
      const previous = frames.at(-1);
      if (previous !== undefined && k === previous.atoms + 1 + previous.natoms && !lines[k]!.startsWith('ITEM:')) {
        fail(k + 1, `the frame of timestep ${previous.timestep} (line ${previous.start + 1 + lineOffset}) holds more atom lines than the ${previous.natoms} ` +
          `its NUMBER OF ATOMS declares (this line, '${excerpt(lines[k]!)}', is one more)`, 'the header and the atoms disagree: write the dump again, or correct ITEM: NUMBER OF ATOMS');
      }
      fail(k + 1, `expected 'ITEM: TIMESTEP', got '${excerpt(lines[k]!)}'`, 'a dump frame starts with ITEM: TIMESTEP; give a LAMMPS dump (dump atom or dump custom)');
    }
    const start = k;
    const ts = integerAt(fail, k + 2, lines[k + 1] ?? '', 'the timestep', 0);
    k += 2;
    let natoms = -1;
    let box = -1;
    while (k < end && !lines[k]!.startsWith('ITEM: ATOMS')) {
      const item = lines[k]!;
      if (item === 'ITEM: NUMBER OF ATOMS') {
        natoms = integerAt(fail, k + 2, lines[k + 1] ?? '', 'the number of atoms', 0);
        k += 2;
      } else if (item.startsWith('ITEM: BOX BOUNDS')) {
        box = k;
        k += 4;
      } else if (item === 'ITEM: UNITS' || item === 'ITEM: TIME') {
        k += 2;
      } else if (item === 'ITEM: TIMESTEP') {
        break;
      } else {
        fail(k + 1, `unexpected '${item}' in the frame of timestep ${ts} (line ${start + 1 + lineOffset})`,
          'a frame holds ITEM: TIMESTEP, NUMBER OF ATOMS, BOX BOUNDS and ATOMS (dump local and other dumps are not configurations)');
      }
    }
    if (natoms < 0) fail(start + 1, `the frame of timestep ${ts} has no 'ITEM: NUMBER OF ATOMS'`, 'write the dump with LAMMPS dump atom or dump custom');
    if (box < 0) fail(start + 1, `the frame of timestep ${ts} has no 'ITEM: BOX BOUNDS'`, 'write the dump with LAMMPS dump atom or dump custom');
    if (k >= end || !lines[k]!.startsWith('ITEM: ATOMS')) {
      fail(Math.min(k, end) + 1, `the frame of timestep ${ts} (line ${start + 1 + lineOffset}) has no 'ITEM: ATOMS'`, 'write the dump with LAMMPS dump atom or dump custom');
    }
    const atoms = k;
    for (let a = 0; a < natoms; a++) {
      const at = atoms + 1 + a;
      if (at >= end || lines[at]!.startsWith('ITEM:') || lines[at] === '') {
        const problem = `the frame of timestep ${ts} (line ${start + 1 + lineOffset}) has ${a} atom lines but declares ${natoms} atoms`;
        // At the end of the file: a dump being written or cut short, whose earlier frames are whole;
        // before it (the next frame follows): lines lost inside the file, which no frame number mends.
        const inside = at < end || followed;
        const hint = inside
          ? 'atom lines are missing inside the file (the next frame follows): write the dump again'
          : 'atoms are missing from the frame (a dump LAMMPS is still writing, or a truncated or interrupted one): ' +
            'read an earlier frame (--frame -2 for the one before the last) or write the dump again';
        (inside ? fail : cut)(Math.min(at, end) + 1, problem, hint);
      }
    }
    frames.push({ timestep: ts, start, natoms, box, atoms });
    k = atoms + 1 + natoms;
  }
  return frames;
}

/** `fail` as indexFrames'; `fileFail` takes the file's line numbers (the snapshot's lines, which buildSnapshot reports). */
function parseFrame(lines: string[], f: FrameIndex, source: string, dimension: LammpsDimension, fail: LineFail, fileFail: LineFail, lineOffset: number): LammpsSnapshot {
  // The box.
  const head = lines[f.box]!.split(/\s+/).slice(3);
  const boxLine = f.box + 1;
  if (head[0] === 'abc') {
    fail(boxLine, 'the dump has a general triclinic box (BOX BOUNDS abc origin)',
      'write the dump with a restricted triclinic box (LAMMPS: dump_modify triclinic/general no)');
  }
  const triclinic = head[0] === 'xy';
  if (triclinic && (head[1] !== 'xz' || head[2] !== 'yz')) {
    fail(boxLine, `'${excerpt(lines[f.box]!)}' is not a BOX BOUNDS line`, "write 'ITEM: BOX BOUNDS pp pp pp' or 'ITEM: BOX BOUNDS xy xz yz pp pp pp'");
  }
  // Dumps older than LAMMPS's boundary flags (2009) write 'ITEM: BOX BOUNDS' alone: periodic, as a data file.
  const flags = triclinic ? head.slice(3) : head;
  if (flags.length === 0) flags.push('pp', 'pp', 'pp');
  if (flags.length !== 3 || flags.some((b) => !/^[pfsm]{2}$/.test(b))) {
    fail(boxLine, `'${excerpt(lines[f.box]!)}' does not end in three boundary flags (pp, ff, fs, …)`, "write 'ITEM: BOX BOUNDS pp pp pp'");
  }
  const bounds: number[] = [];
  const tilt: [number, number, number] = [0, 0, 0];
  const tiltNames = ['xy', 'xz', 'yz'];
  for (let a = 0; a < 3; a++) {
    const lineNo = f.box + 2 + a;
    const tokens = lines[f.box + 1 + a]!.split(/\s+/);
    const want = triclinic ? 3 : 2;
    if (tokens.length !== want) {
      fail(lineNo, `the box line has ${tokens.length} numbers, expected ${want}`,
        triclinic ? 'a triclinic box line reads "lo_bound hi_bound tilt"' : 'a box line reads "lo hi"');
    }
    const name = ['x', 'y', 'z'][a]!;
    bounds.push(numberAt(fail, lineNo, tokens[0]!, `${name}lo`), numberAt(fail, lineNo, tokens[1]!, `${name}hi`));
    if (triclinic) tilt[a] = numberAt(fail, lineNo, tokens[2]!, tiltNames[a]!);
  }
  const box: LammpsBox = triclinic
    ? boxFromBounds(bounds as [number, number, number, number, number, number], tilt)
    : { lo: [bounds[0]!, bounds[2]!, bounds[4]!], hi: [bounds[1]!, bounds[3]!, bounds[5]!], tilt: [0, 0, 0] };

  // The columns.
  const atomsLine = f.atoms + 1;
  const columns = lines[f.atoms]!.split(/\s+/).slice(2);
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (seen.has(c)) fail(atomsLine, `the column '${c}' appears twice`, 'give each column once (dump custom)');
    seen.set(c, i);
  });
  const missing = ['id', 'type'].filter((c) => !seen.has(c));
  // A whole triple, or else (a 2D run's `dump custom … x y`) the first pair without its z column.
  const triple = LAMMPS_DUMP_COORDINATES.find((t) => t.every((c) => seen.has(c)))
    ?? LAMMPS_DUMP_COORDINATES.find((t) => seen.has(t[0]) && seen.has(t[1]));
  if (triple === undefined) missing.push('x y z (or xu yu zu, xs ys zs, xsu ysu zsu; x y alone in 2D)');
  if (missing.length > 0) {
    fail(atomsLine, `the ATOMS columns '${columns.join(' ')}' lack ${missing.join(', ')}`,
      'dump the atoms with at least "id type x y z" (dump custom) or use dump atom');
  }
  // Without a z column the dump is 2D: every z is 0, and a box tilted out of the plane is refused (buildSnapshot).
  const planar = !seen.has(triple![2]);
  if (planar && dimension === 3) {
    fail(atomsLine, `the ATOMS columns '${columns.join(' ')}' have ${triple![0]} ${triple![1]} but no ${triple![2]}: a 2D dump, read as 3D`,
      "read it as 2D (dimension: 2 or 'auto'; the command line does), or dump the z column too");
  }
  // LAMMPS keeps any z bounds in 2D (−0.5 0.5 by habit); a box as deep as it is wide is a 3D
  // run's, whose z column was left out: not guessed as 2D unless the caller says so.
  const depth = box.hi[2] - box.lo[2], width = Math.min(box.hi[0] - box.lo[0], box.hi[1] - box.lo[1]);
  if (planar && dimension === 'auto' && !(depth < 0.5 * width)) {
    fail(atomsLine, `the ATOMS columns '${columns.join(' ')}' have ${triple![0]} ${triple![1]} but no ${triple![2]}, and the box is ${depth} deep ` +
      `against ${width} wide: a 3D run's dump without its z column?`,
      "dump the z column too (dump custom … x y z; a dimension 2 run's dump with z reads as 2D whatever its box), or read it as 2D with readLammpsDump's dimension: 2");
  }
  const scaled = triple![0].startsWith('xs');
  const at = triple!.map((c) => seen.get(c));
  const imageNames = planar ? ['ix', 'iy'] : ['ix', 'iy', 'iz'];
  const imageAt = imageNames.every((c) => seen.has(c)) ? imageNames.map((c) => seen.get(c)!) : undefined;
  const idAt = seen.get('id')!;
  const typeAt = seen.get('type')!;
  // Per-atom sizes and masses, when dumped (dump custom: diameter = 2 × radius, mass).
  const sizeName = seen.has('diameter') ? 'diameter' : seen.has('radius') ? 'radius' : undefined;
  const sizeAt = sizeName === undefined ? undefined : seen.get(sizeName)!;
  const sizeScale = sizeName === 'radius' ? 2 : 1;
  const massAt = seen.get('mass');

  // The atoms.
  const raw: RawAtoms = {
    ids: [], types: [], positions: [], lines: [], ...(imageAt !== undefined ? { images: [] } : {}),
    ...(sizeAt !== undefined ? { diameters: [] } : {}), ...(massAt !== undefined ? { masses: [] } : {}),
  };
  const [lx, ly, lz] = [box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]];
  const [xy, xz, yz] = box.tilt;
  let ntypes = 0;
  // `dump_modify … types labels`: the type column holds labels, numbered here in order of first appearance.
  const labelled = f.natoms > 0 && /^[^\d+-]/.test(lines[f.atoms + 1]!.split(/\s+/)[typeAt] ?? '');
  const typeOfLabel = new Map<string, number>();
  for (let a = 0; a < f.natoms; a++) {
    const index = f.atoms + 1 + a;
    const lineNo = index + 1;
    const tokens = lines[index]!.split(/\s+/);
    if (tokens.length !== columns.length) {
      fail(lineNo, `an atom line has ${tokens.length} fields, the ATOMS line (line ${atomsLine + lineOffset}) names ${columns.length} columns`,
        'give one value per column on every atom line');
    }
    const id = integerAt(fail, lineNo, tokens[idAt]!, 'the atom id', 1);
    const type = labelled ? labelType(typeOfLabel, tokens[typeAt]!, lineNo, id, fail) : integerAt(fail, lineNo, tokens[typeAt]!, 'the atom type', 1);
    // The names of the fields are built only for an error message (this loop runs N times per frame).
    const v0 = numberAt(fail, lineNo, tokens[at[0]!]!, () => `the ${triple![0]} coordinate of atom id ${id}`);
    const v1 = numberAt(fail, lineNo, tokens[at[1]!]!, () => `the ${triple![1]} coordinate of atom id ${id}`);
    const v2 = planar ? 0 : numberAt(fail, lineNo, tokens[at[2]!]!, () => `the ${triple![2]} coordinate of atom id ${id}`);
    if (scaled) raw.positions.push(box.lo[0] + lx * v0 + xy * v1 + xz * v2, box.lo[1] + ly * v1 + yz * v2, box.lo[2] + lz * v2);
    else raw.positions.push(v0, v1, v2);
    if (imageAt !== undefined) {
      for (let k = 0; k < imageAt.length; k++) raw.images!.push(integerAt(fail, lineNo, tokens[imageAt[k]!]!, () => `the ${imageNames[k]} image flag of atom id ${id}`, -2147483647));
      if (planar) raw.images!.push(0);
    }
    if (sizeAt !== undefined) {
      const size = numberAt(fail, lineNo, tokens[sizeAt]!, () => `the ${sizeName} of atom id ${id}`);
      if (size < 0) fail(lineNo, `atom id ${id} has ${sizeName} ${tokens[sizeAt]} < 0`, `give each atom a ${sizeName} ≥ 0`);
      raw.diameters!.push(sizeScale * size);
    }
    if (massAt !== undefined) {
      const mass = numberAt(fail, lineNo, tokens[massAt]!, () => `the mass of atom id ${id}`);
      if (!(mass > 0)) fail(lineNo, `atom id ${id} has mass ${tokens[massAt]} ≤ 0`, 'give each atom a mass > 0');
      // A sphere atom's mass of a dump written at full precision is LAMMPS's density × volume: 1 ulp off a unit mass (lammps-data.ts sphereAtom).
      raw.masses!.push(snapUnitMass(mass));
    }
    raw.ids.push(id);
    raw.types.push(type);
    raw.lines.push(lineNo + lineOffset);
    ntypes = Math.max(ntypes, type);
  }
  return buildSnapshot(raw, box, {
    periodic: flags.map((b) => b === 'pp'), ntypes, timestep: f.timestep, boxLine: boxLine + lineOffset, source,
    ...(labelled ? { typeLabels: [...typeOfLabel.keys()], typeLabelsLine: f.atoms + 2 + lineOffset, typesAreLabels: true } : {}),
  }, planar ? 2 : dimension, fileFail);
}

/** The type number of a label of a `types labels` dump (new labels numbered from 1 in order of appearance); a number among labels is refused. */
function labelType(typeOfLabel: Map<string, number>, label: string, lineNo: number, id: number, fail: LineFail): number {
  const known = typeOfLabel.get(label);
  if (known !== undefined) return known;
  if (/^[\d+-]/.test(label)) {
    fail(lineNo, `atom id ${id} has the numeric type '${label}', but the frame's first atom has a type label`,
      'dump every type as a label (dump_modify … types labels, with a label for each type) or every type as a number');
  }
  typeOfLabel.set(label, typeOfLabel.size + 1);
  return typeOfLabel.size;
}
