/**
 * Extended XYZ reading and writing of a {@link Configuration} (docs/design.md §9, §10).
 *
 *     N
 *     Lattice="Lx 0 0 Txy Ly 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F" [model=<preset>] key=value ...
 *     S x y 0
 *     L x y 0
 *     ...
 *
 * Files carry their model (docs/design.md §10): `model=<preset>` on line 2 (`ipl`, `ipl3d`, `ka`,
 * `ka2d`, `poly`; lib/model/presets.ts); a file without it is the paper's 2D `ipl`, read
 * exactly as before. Species labels are the preset's (S/L, A/B, P); `poly` files carry a
 * `sigma:R:1` column (the sizes σ_i). A 3D file (`ipl3d`, `ka`, or `poly` with
 * pbc="T T T" and a non-zero a3) has the full 3×3 Lattice, pbc="T T T" and three
 * coordinates per particle: {@link readXyzFrame} / {@link writeXyzFrame} handle both
 * dimensions, {@link readXyz} and {@link writeXyz} configurations of either. A file of
 * several frames (a trajectory) is read one frame at a time (`options.frame`; ./xyz-frames.ts).
 *
 * Numbers are written in JavaScript's shortest round-trip form, so write → read gives
 * back every double bit for bit (including -0 and subnormals); never fixed precision.
 * Particle index = zero-based line order; particle i is on line i + 3.
 *
 * The reader is tolerant of what other tools add (extra key=value pairs, extra columns
 * declared in Properties such as OVITO/ASE `id:I:1`, `pos:R:2`, any column order, a
 * z cell vector of any non-negative length, CRLF line ends, trailing blank lines) and
 * strict about everything else: each problem is an {@link XyzFormatError} naming the
 * source, the line and the fix.
 */
import type { Configuration } from '../config.js';
import { MODEL_PRESET_NAMES, isModelName, modelNames, modelPreset, unknownModelMessage, type ModelPreset } from '../model/presets.js';
import { excerpt, looksBinary, XyzFormatError } from './errors.js';
import { convertValue, formatKeyValue, parseBool, parseKeyValues, type Fail } from './keyvalue.js';
import { isPlanarLattice, parseLattice, parseLattice3, parseLatticeNumbers } from './lattice.js';
import { formatNumber, parseDecimal } from './number.js';
import { findClosePair } from './overlap.js';
import { findClosePair3 } from './overlap3.js';
import { DEFAULT_PROPERTIES, parseProperties, type Layout } from './properties.js';
import { xyzFrameRanges, type XyzFrameRange } from './xyz-frames.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** Options of {@link readXyz}. */
export interface ReadXyzOptions {
  /**
   * Two particles closer than this (minimum image, in λ) are reported as duplicates or
   * overlaps. Default 1e-3 (λ_SS = 1); 0 disables the check.
   */
  minSeparation?: number;
  /**
   * The frame to read of a file of several frames (a trajectory ASE or OVITO wrote;
   * ./xyz-frames.ts): 0-based, negative counts from the end. Default −1, the last (as
   * ASE's `read` and readLammpsDump); a file of one frame is frame 0 and −1.
   */
  frame?: number;
  /**
   * Lines of the file before `text`, when `text` is a part of it (a frame read alone,
   * ./frame-scan.ts): added to every line number in errors, so that they are the file's.
   * Default 0.
   */
  lineOffset?: number;
  /**
   * The model of a file whose line 2 names none (no `model=`: files OVITO or ASE wrote of a
   * glass made elsewhere): its species labels are the model's names, or the numbers 1, 2, …
   * of the model's species in order (OVITO's type numbers, as LAMMPS's types map), or the
   * elements H, He, … (ASE's for LAMMPS types 1, 2, …), and the
   * frame's `model` is this. A file that names its model is read under its own (the caller
   * compares). Default: the paper's 2D ipl, `model` unset.
   */
  model?: string;
}

/** Default of {@link ReadXyzOptions.minSeparation}. */
export const DEFAULT_MIN_SEPARATION = 1e-3;

const RESERVED = new Set(['lattice', 'properties', 'pbc', 'model', 'origin']);
const FIRST_PARTICLE_LINE = 3;

/**
 * One extended-XYZ frame of either dimension d (docs/design.md §10).
 * - `cell`: the d×d cell h, row-major, its columns the cell vectors (2D: [h00, h01, h10, h11]
 *   as in {@link Configuration}; 3D: h[3r + c] = a_{c+1}[r]).
 * - `positions`: d·N Cartesian coordinates interleaved (λ), as given (not wrapped).
 * - `species`: codes into the preset's species labels, length N.
 * - `sigma`: sizes σ_i (λ), length N, for `poly`.
 * - `model`: the `model=` value of line 2 when present (absent: the paper's 2D `ipl`).
 * - `masses`: per-particle masses, length N, when Properties declares a `masses:R:1` (ASE)
 *   or `mass:R:1` (OVITO) column (each finite and > 0). Only the vibrational modes use them.
 */
export interface XyzFrame {
  dim: 2 | 3;
  n: number;
  cell: Float64Array;
  positions: Float64Array;
  species: Uint8Array;
  sigma?: Float64Array;
  masses?: Float64Array;
  /**
   * Atom ids, length N, when Properties declares an `id:I:1` column (softspot writes one for
   * a LAMMPS input; OVITO's Particle Identifier): distinct integers in 1 … 2³¹ − 1.
   */
  ids?: Int32Array;
  model?: string;
  info: Record<string, string | number | boolean>;
}

/** Lines [first, end) of frame `frame` (default the last) of the file's frames. */
function chooseFrame(lines: readonly string[], source: string, frame: number, lineOffset: number): XyzFrameRange {
  if (!Number.isSafeInteger(frame)) throw new ArgumentRangeError(`readXyz: expected options.frame to be an integer, got ${frame}`);
  const frames = xyzFrameRanges(lines);
  const chosen = frames[frame < 0 ? frames.length + frame : frame];
  if (chosen === undefined) {
    let last = lines.length;
    while (last > 1 && lines[last - 1]!.trim() === '') last--;
    throw new XyzFormatError(source, last + lineOffset, `no frame ${frame}: the file holds ${frames.length} frame${frames.length === 1 ? '' : 's'}`,
      `pick a frame in ${-frames.length} … ${frames.length - 1}`);
  }
  return chosen;
}

/** The options of readXyz (a complete list: AllKeysOf checks it against ReadXyzOptions). */
const READ_XYZ_OPTION_NAMES: AllKeysOf<ReadXyzOptions, readonly ['minSeparation', 'frame', 'lineOffset', 'model']> = ['minSeparation', 'frame', 'lineOffset', 'model'];

/**
 * Parses one extended-XYZ frame, 2D or 3D.
 *
 * Dimension: 3 for the 3D presets (`ipl3d`, `ka`), 2 for the 2D ones (`ipl`, the default,
 * and `ka2d`); `poly` is 3D when pbc="T T T" and a3 ≠ 0, else 2D. A file that is 3D
 * (pbc="T T T" with a cell or z coordinates out of the plane) under a 2D model is an
 * error naming the model to write.
 *
 * @param text the file contents.
 * @param source name used in error messages (a path, or '<string>').
 * @returns the frame, `info` holding every key=value pair other than Lattice, Properties,
 *   pbc, model and Origin (numbers as numbers, T/F as booleans). OVITO's `Origin="x0 y0 z0"`
 *   (the cell's corner) is subtracted from the positions (in 2D from x and y).
 * @throws XyzFormatError on any malformed input; TypeError/RangeError on bad arguments.
 */
export function readXyzFrame(text: string, source = '<string>', options: ReadXyzOptions = {}): XyzFrame {
  expectKnownKeys('options', options, READ_XYZ_OPTION_NAMES, 'readXyz');
  if (typeof text !== 'string') throw new ArgumentTypeError(`readXyz: expected text to be a string, got ${typeof text}`);
  if (typeof source !== 'string') throw new ArgumentTypeError(`readXyz: expected source to be a string, got ${typeof source}`);
  const minSeparation = options.minSeparation ?? DEFAULT_MIN_SEPARATION;
  if (!(minSeparation >= 0 && Number.isFinite(minSeparation))) {
    throw new ArgumentRangeError(`readXyz: expected options.minSeparation to be a finite number ≥ 0, got ${minSeparation}`);
  }
  const lineOffset = options.lineOffset ?? 0;
  if (!(Number.isSafeInteger(lineOffset) && lineOffset >= 0)) throw new ArgumentRangeError(`readXyz: expected options.lineOffset to be an integer ≥ 0, got ${lineOffset}`);
  const all = text.split('\n');
  const { first, end: frameEnd } = chooseFrame(all, source, options.frame ?? -1, lineOffset);
  // `skip` lines of the text stand before this frame's count line (earlier frames, blank
  // lines); line numbers in messages are the file's: line k of the frame is k + shift.
  let skip = first;
  while (skip < frameEnd - 1 && all[skip]!.trim() === '') skip++;
  const shift = skip + lineOffset;
  const failAt = (line: number): Fail => (problem, hint) => {
    throw new XyzFormatError(source, line + shift, problem, hint);
  };
  const lines = all.slice(skip, frameEnd);
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;

  const n = readCount(lines, end, failAt(1));
  if (end < 2) failAt(2)('the comment line is missing', 'add line 2 with Lattice="..." Properties=species:S:1:pos:R:3');
  const header = readCommentLine(lines[1]!, options.model, failAt(2));
  const { dim, cell } = header;
  const { positions, species, sigma, masses, ids } = readParticles(lines, end, n, header, failAt, shift);
  // OVITO's Origin= (the cell's corner, e.g. a LAMMPS box's xlo ylo zlo): positions from the
  // corner, as the LAMMPS readers give them, so that the ξ-grid (anchored at the corner) and
  // event positions do not depend on the route a glass took. In 2D only x and y move (z = 0).
  if (header.origin !== undefined) {
    for (let p = 0; p < n; p++) for (let a = 0; a < dim; a++) positions[dim * p + a]! -= header.origin[a]!;
  }
  if (minSeparation > 0) {
    const clash = dim === 2 ? findClosePair(cell, positions, minSeparation) : findClosePair3(cell, positions, minSeparation);
    if (clash !== undefined) {
      failAt(clash.j + FIRST_PARTICLE_LINE)(
        `particles ${clash.i} (line ${clash.i + FIRST_PARTICLE_LINE + shift}) and ${clash.j} are ${clash.distance} apart ` +
        `(minimum image), closer than ${minSeparation}: duplicate or overlapping particles`,
        'remove the duplicate line or move the particles apart');
    }
  }
  const frame: XyzFrame = { dim, n, cell, positions, species, info: header.info };
  if (sigma !== undefined) frame.sigma = sigma;
  if (masses !== undefined) frame.masses = masses;
  if (ids !== undefined) frame.ids = ids;
  if (header.model !== undefined) frame.model = header.model;
  return frame;
}

/** Line 1: the particle count N ≥ 1 (a file of bytes no text has is said to be one). */
function readCount(lines: readonly string[], end: number, fail: Fail): number {
  const countText = (lines[0] ?? '').trim();
  if (!/^\d+$/.test(countText) || Number(countText) < 1 || !Number.isSafeInteger(Number(countText))) {
    if (looksBinary(lines[0] ?? '')) {
      fail('the file is not text: it starts with bytes no extended-XYZ file has', 'is it a GSD, HDF5 or compressed file? Give a GSD file a .gsd name (or --format gsd)');
    }
    fail(end === 0 ? 'the file is empty' : `expected the particle count N (a positive integer), got '${excerpt(countText)}'`,
      'put the number of particles alone on line 1');
  }
  return Number(countText);
}

/** What line 2 of a frame says: the model, the dimension, the cell, the columns and the other keys. */
interface CommentLine {
  /** The model the frame is read under (model= of the line, or the caller's for a line without one). */
  model: string | undefined;
  preset: ModelPreset;
  dim: 2 | 3;
  cell: Float64Array;
  layout: ReturnType<typeof parseProperties>;
  periodic3: boolean;
  /** Whether line 2 has pbc=. */
  pbcGiven: boolean;
  /** The column of the sizes σ_i of a per-particle law, −1 otherwise. */
  sigmaColumn: number;
  /** Whether that column is OVITO's radius (σ_i = 2r). */
  sizeFromRadius: boolean;
  /** The model as messages name it (with where it came from). */
  modelName: string;
  /** Whether the caller named the model (no model= on the line): species are then read by name or number. */
  given: boolean;
  info: Record<string, string | number | boolean>;
  /** OVITO's Origin= (x0, y0, z0), when not 0 0 0: subtracted from the positions. */
  origin?: number[];
}

/** Line 2: Lattice, Properties, pbc, model and the metadata, checked against each other. */
function readCommentLine(line: string, callerModel: string | undefined, fail2: Fail): CommentLine {
  const entries = parseKeyValues(line.replace(/\r$/, ''), fail2);
  const info: Record<string, string | number | boolean> = {};
  const reserved = new Map<string, string>();
  const seen = new Set<string>();
  for (const { key, value } of entries) {
    const lower = key.toLowerCase();
    const id = RESERVED.has(lower) ? lower : key;
    if (seen.has(id)) fail2(`the key '${key}' appears twice`, 'keep a single value per key');
    seen.add(id);
    if (RESERVED.has(lower)) reserved.set(lower, value);
    else info[key] = convertValue(value);
  }
  const modelText = reserved.get('model');
  if (modelText !== undefined && !isModelName(modelText)) {
    fail2(`model=${modelText} is not a model softspot knows` +
      (callerModel !== undefined ? ` (the model given, --model, is '${callerModel}', another model)` : ''),
      `write one of ${MODEL_PRESET_NAMES.map((m) => `model=${m}`).join(', ')}, or leave model= out for the paper's 2D ipl; ` +
      `a model of your own: pass the model file it was made with, the one whose "name" is "${modelText}" (--model FILE.json)`);
  }
  const given = modelText === undefined ? callerModel : undefined; // the caller's model, for a file that names none
  if (given !== undefined && !isModelName(given)) throw new ArgumentRangeError(unknownModelMessage('options.model', given));
  const preset = modelPreset(modelText ?? given ?? 'ipl');
  const latticeText = reserved.get('lattice');
  if (latticeText === undefined) {
    // LAMMPS's `dump xyz` writes "Atoms. Timestep: N" on line 2 and no box at all.
    if (/^\s*Atoms\. Timestep: \d+/.test(line)) {
      fail2('the Lattice="..." entry is missing: this is a LAMMPS `dump xyz` file, which holds no box',
        'write the configuration with `dump custom … id type x y z` (or write_data) instead: softspot reads LAMMPS dumps and data files');
    }
    fail2('the Lattice="..." entry is missing',
      'softspot needs the periodic cell: add Lattice="Lx 0 0 Txy Ly 0 0 0 1" to line 2');
  }
  const latticeNumbers = parseLatticeNumbers(latticeText, fail2);
  const layout = parseProperties(reserved.get('properties') ?? DEFAULT_PROPERTIES, fail2);
  const pbcText = reserved.get('pbc');
  let periodic3 = false;
  if (pbcText !== undefined) {
    const flags = pbcText.trim().split(/\s+/).map(parseBool);
    if (flags.length !== 3 || flags.some((f) => f === undefined)) {
      fail2(`pbc="${pbcText}" is not three T/F flags`, 'write pbc="T T F"');
    }
    if (flags[0] !== true || flags[1] !== true) {
      fail2(`pbc="${pbcText}" says the cell is not periodic in x and y`,
        'softspot glasses are periodic in x and y: write pbc="T T F"');
    }
    periodic3 = flags[2] === true;
  }
  const a3zero = latticeNumbers[6] === 0 && latticeNumbers[7] === 0 && latticeNumbers[8] === 0;
  const dim: 2 | 3 = preset.dimensions.length === 1 ? preset.dimensions[0]! : periodic3 && !a3zero ? 3 : 2;
  const modelName = `'${preset.name}'${modelText !== undefined ? '' : given !== undefined ? ' (given: no model= on line 2)' : ' (no model= on line 2: the paper\'s 2D ipl)'}`;
  let cell: Float64Array;
  if (dim === 3) {
    // No pbc= at all: periodic, as ASE and OVITO read a Lattice without it (OVITO's exporter writes none).
    if (pbcText !== undefined && !periodic3) {
      if (modelText === undefined && given !== undefined) {
        // The model is the caller's (--model), not the file's: the file is a 2D glass, and its pbc is right.
        fail2(`the file is a 2D glass (pbc="${pbcText}"), but its model, ${preset.name} (given: no model= on line 2), is 3D`,
          `read it under a 2D model (${modelNames().filter((m) => modelPreset(m).dimensions.includes(2)).join(', ')}), or give none`);
      }
      fail2(`model=${preset.name} is 3D, but pbc="${pbcText}"`, 'a 3D glass is periodic in x, y and z: write pbc="T T T"');
    }
    if (layout.posCount !== 3) fail2(`model=${preset.name} is 3D, but Properties declares pos:R:2`, 'declare pos:R:3 and give x y z per particle');
    cell = parseLattice3(latticeText, fail2);
  } else {
    if (periodic3 && !isPlanarLattice(latticeNumbers)) {
      fail2(`a 3D cell (pbc="T T T", Lattice="${latticeText}"), but the model ${modelName} is 2D`,
        `name the 3D model on line 2 (${modelNames().filter((m) => modelPreset(m).dimensions.includes(3)).map((m) => `model=${m}`).join(', ')}), or give a 2D file`);
    }
    cell = parseLattice(latticeText, fail2);
  }
  let sigmaColumn = -1;
  let sizeFromRadius = false;
  if (preset.law.perParticle) {
    const realColumn = (name: string): { offset: number } | undefined => layout.properties.find((q) => q.name.toLowerCase() === name && q.type === 'R' && q.count === 1);
    // σ_i from softspot's sigma, else OVITO's standard Radius (σ = 2r: what OVITO exports of a poly glass read from a LAMMPS sphere file).
    const sigmaProp = realColumn('sigma'), radiusProp = sigmaProp === undefined ? realColumn('radius') : undefined;
    if (sigmaProp === undefined && radiusProp === undefined) {
      fail2('model=poly needs the particle sizes, but Properties declares no sigma:R:1 (or radius:R:1) column',
        'add sigma:R:1 to Properties (e.g. Properties=species:S:1:pos:R:3:sigma:R:1) and the size σ_i on each particle line');
    }
    sigmaColumn = (sigmaProp ?? radiusProp)!.offset;
    sizeFromRadius = sigmaProp === undefined;
  }
  const originText = reserved.get('origin');
  let origin: number[] | undefined;
  if (originText !== undefined) {
    origin = originText.trim().split(/\s+/).map(Number);
    if (origin.length !== 3 || origin.some((x) => !Number.isFinite(x))) {
      fail2(`Origin="${originText}" is not three finite numbers`, 'write the cell\'s corner as Origin="x0 y0 z0" (OVITO\'s form), or leave it out for 0 0 0');
    }
    if (origin.every((x) => x === 0)) origin = undefined;
  }
  return {
    model: modelText ?? given, preset, dim, cell, layout, periodic3, pbcGiven: pbcText !== undefined, sigmaColumn, sizeFromRadius, modelName, given: given !== undefined, info,
    ...(origin !== undefined ? { origin } : {}),
  };
}

/** The particle lines: N of them, each as the layout declares (species, positions, σ_i, masses, ids). */
function readParticles(lines: readonly string[], end: number, n: number, header: CommentLine, failAt: (line: number) => Fail, shift: number):
  { positions: Float64Array; species: Uint8Array; sigma?: Float64Array; masses?: Float64Array; ids?: Int32Array } {
  const { layout, dim, preset, periodic3, pbcGiven, sigmaColumn, sizeFromRadius, modelName } = header;
  // Masses: ASE writes masses:R:1, OVITO mass:R:1.
  const massProp = layout.properties.find((q) => /^mass(es)?$/i.test(q.name) && q.type === 'R' && q.count === 1);
  // Atom ids: softspot's and OVITO's id:I:1.
  const idProp = layout.properties.find((q) => q.name === 'id' && q.type === 'I' && q.count === 1);

  // Particle lines.
  const positions = new Float64Array(dim * n);
  const species = new Uint8Array(n);
  const sigma = sigmaColumn >= 0 ? new Float64Array(n) : undefined;
  const masses = massProp !== undefined ? new Float64Array(n) : undefined;
  const ids = idProp !== undefined ? new Int32Array(n) : undefined;
  const ctx: ParticleContext = {
    layout, dim, preset, explicitModel: header.model !== undefined, periodic3, pbcGiven, sigmaColumn, sizeFromRadius, modelName, massColumn: massProp?.offset ?? -1, masses,
    idColumn: idProp?.offset ?? -1, ids, seenIds: new Map(),
    codes: speciesCodes(preset, header.given),
  };
  for (let p = 0; p < n; p++) {
    const index = p + FIRST_PARTICLE_LINE - 1;
    const lineNo = index + 1;
    if (index >= end) {
      failAt(lineNo)(`the file ends after ${end - 2} particle lines but line ${shift + 1} declares N = ${n}`,
        `add the missing particle lines or correct N on line ${shift + 1}`);
    }
    parseParticle(lines[index]!, ctx, p, positions, species, sigma, failAt(lineNo), n);
  }
  if (end > n + 2) {
    failAt(n + FIRST_PARTICLE_LINE)(`more lines than the N = ${n} particles declared on line ${shift + 1}`,
      `correct N on line ${shift + 1} (a file of several frames starts each with its particle count alone on a line)`);
  }
  return { positions, species, ...(sigma !== undefined ? { sigma } : {}), ...(masses !== undefined ? { masses } : {}), ...(ids !== undefined ? { ids } : {}) };
}

/**
 * Parses one extended-XYZ frame as a {@link Configuration} (`model` and `sigma` set when
 * the file has them; a 3D file gives `dim: 3`, as {@link configurationOfFrame}), the
 * inverse of {@link writeXyz}.
 *
 * @param text the file contents.
 * @param source name used in error messages (a path, or '<string>').
 * @returns a Configuration with positions as given (not wrapped) and `info` holding
 *   every key=value pair other than Lattice, Properties, pbc, model and Origin (numbers as
 *   numbers, T/F as booleans).
 * @throws XyzFormatError on any malformed input; TypeError/RangeError on bad arguments.
 */
export function readXyz(text: string, source = '<string>', options: ReadXyzOptions = {}): Configuration {
  return configurationOfFrame(readXyzFrame(text, source, options));
}

/**
 * The Configuration of a frame: 2D as before (no `dim` field), a 3D frame with `dim: 3`
 * (3×3 cell, 3N positions), which only the d-generic functions accept.
 */
export function configurationOfFrame(frame: XyzFrame): Configuration {
  const config: Configuration = { n: frame.n, cell: frame.cell, positions: frame.positions, species: frame.species, info: frame.info };
  if (frame.dim === 3) config.dim = 3;
  if (frame.model !== undefined) config.model = frame.model;
  if (frame.sigma !== undefined) config.sigma = frame.sigma;
  return config;
}

interface ParticleContext {
  layout: Layout;
  dim: 2 | 3;
  codes: Map<string, number>;
  preset: ModelPreset;
  explicitModel: boolean;
  periodic3: boolean;
  /** Whether line 2 has pbc= (a file without it, OVITO's, is periodic in every direction). */
  pbcGiven: boolean;
  sigmaColumn: number;
  sizeFromRadius: boolean;
  modelName: string;
  /** Column of the masses (−1: none) and where they go. */
  massColumn: number;
  masses: Float64Array | undefined;
  /** Column of the atom ids (−1: none), where they go, and the particle of each id seen. */
  idColumn: number;
  ids: Int32Array | undefined;
  seenIds: Map<number, number>;
}

/** Chemical elements by atomic number: ASE gives a LAMMPS file's type t the element of Z = t (H, He, Li, …). */
const ELEMENTS = ['H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O'];

/**
 * The species code of each label: the model's names; for a model the caller gave (the file
 * names none), also the numbers 1, 2, … (OVITO's type numbers) and the elements H, He, …
 * (ASE's, for LAMMPS types 1, 2, …) of its species in order. Names win.
 */
function speciesCodes(preset: ModelPreset, given: boolean): Map<string, number> {
  const codes = new Map<string, number>();
  if (given) {
    preset.species.forEach((_, code) => {
      codes.set(`${code + 1}`, code);
      if (code < ELEMENTS.length) codes.set(ELEMENTS[code]!, code);
    });
  }
  preset.species.forEach((name, code) => codes.set(name, code));
  return codes;
}

function parseParticle(
  raw: string, ctx: ParticleContext, p: number,
  positions: Float64Array, species: Uint8Array, sigma: Float64Array | undefined, fail: Fail, n: number,
): void {
  const { layout, dim, preset } = ctx;
  const line = raw.trim();
  if (line === '') fail(`empty line where particle ${p} of N = ${n} was expected`, 'remove the blank line or correct N');
  const tokens = line.split(/\s+/);
  if (tokens.length !== layout.columns) {
    const example = preset.species.map((s) => `"${s} x y ${dim === 3 ? 'z' : '0'}${ctx.sigmaColumn >= 0 ? ' σ' : ''}"`).join(' or ');
    fail(`particle ${p} has ${tokens.length} columns, Properties declares ${layout.columns}`,
      `write one ${example} line per particle (plus any declared extra columns)`);
  }
  const label = tokens[layout.species]!;
  const code = ctx.codes.get(label);
  if (code === undefined) {
    // No model anywhere: the paper's 2D ipl. A file of another program (OVITO's 1, 2; ASE's H, He; a KA glass's A, B)
    // is most often of another model: say how to name it, not only how to relabel the file.
    if (!ctx.explicitModel) {
      fail(`unknown species '${label}' for particle ${p}: with no model= on line 2 the file is the paper's 2D ipl, species ${preset.species.join(', ')} (small, large)`,
        `a glass of another model: name it (--model ${MODEL_PRESET_NAMES.filter((m) => m !== 'ipl').join('|')} or a model file; options.model in the API), ` +
        `which also reads the species as numbers 1, 2, … or ASE's elements H, He, …; or write model=<preset> on line 2`);
    }
    fail(`unknown species '${label}' for particle ${p}: model ${ctx.modelName} has species ${preset.species.join(', ')}`,
      `use one of ${preset.species.join(', ')}${ctx.modelName.includes('(given') ? `, their numbers 1 … ${preset.species.length} or the elements ${ELEMENTS.slice(0, preset.species.length).join(', ')} (ASE's for LAMMPS types)` : ''}, ` +
      'or write the model the file was made with on line 2 (model=<preset>)');
  }
  species[p] = code;
  const axes = ['x', 'y', 'z'];
  for (let k = 0; k < layout.posCount; k++) {
    const t = tokens[layout.pos + k]!;
    const parsed = parseDecimal(t);
    if (!parsed.ok) {
      fail(`the ${axes[k]} coordinate '${t}' of particle ${p} is ${parsed.why === 'non-finite' ? 'not finite' : 'not a number'}`,
        'write coordinates as finite decimal numbers');
    }
    if (k < dim) positions[dim * p + k] = parsed.value;
    else if (parsed.value !== 0) {
      if (ctx.periodic3) {
        fail(`particle ${p} has z = ${t}: a 3D configuration (pbc="T T T"), but the model ${ctx.modelName} is 2D`,
          `name the 3D model on line 2 (model=ipl3d, ka or poly)${ctx.explicitModel ? '' : ' or with --model (options.model in the API)'}, or write z = 0 for a 2D glass`);
      }
      fail(`particle ${p} has z = ${t}, but the glass is 2D (model ${ctx.modelName}${ctx.pbcGiven ? '' : ', no pbc= on line 2'})`,
        ctx.pbcGiven ? 'write z = 0 for a 2D glass, or name the 3D model on line 2 (model=ipl3d, ka, or poly with pbc="T T T")'
          : `write z = 0 for a 2D glass; a 3D poly glass needs pbc="T T T" on line 2 (OVITO's exports have none), a 3D preset its name (model=ipl3d, ka on line 2${ctx.explicitModel ? '' : ', or --model'})`);
    }
  }
  if (sigma !== undefined) {
    const t = tokens[ctx.sigmaColumn]!;
    const parsed = parseDecimal(t);
    if (!parsed.ok || !(parsed.value > 0)) {
      fail(`the size ${ctx.sizeFromRadius ? 'radius' : 'sigma'} '${t}' of particle ${p} is not a positive number`,
        `give each particle its size ${ctx.sizeFromRadius ? 'σ_i/2 > 0 (λ) in the radius' : 'σ_i > 0 (λ) in the sigma'} column`);
    }
    sigma[p] = ctx.sizeFromRadius ? 2 * parsed.value : parsed.value;
  }
  if (ctx.masses !== undefined) {
    const t = tokens[ctx.massColumn]!;
    const parsed = parseDecimal(t);
    if (!parsed.ok || !(parsed.value > 0)) {
      fail(`the mass '${t}' of particle ${p} is not a positive number`, 'give each particle its mass > 0 in the mass column (or leave the column out: unit masses)');
    }
    ctx.masses[p] = parsed.value;
  }
  for (const prop of layout.properties) {
    if (prop.name === 'species' || prop.name === 'pos' || prop.type === 'S') continue;
    for (let k = 0; k < prop.count; k++) {
      const t = tokens[prop.offset + k]!;
      const ok = prop.type === 'R' ? parseDecimal(t).ok
        : prop.type === 'I' ? /^[+-]?\d+$/.test(t)
          : parseBool(t) !== undefined;
      if (!ok) {
        fail(`column '${prop.name}' of particle ${p} has '${t}', which is not of the declared type ${prop.type}`,
          'fix the value or the Properties declaration');
      }
    }
  }
  if (ctx.ids !== undefined) {
    const t = tokens[ctx.idColumn]!;
    const id = Number(t);
    if (!/^\+?\d+$/.test(t) || !(id >= 1 && id <= 2147483647)) fail(`the id '${t}' of particle ${p} is not an integer in 1 … 2³¹ − 1`, 'give each particle its atom id in the id column (or leave the column out)');
    const twin = ctx.seenIds.get(id);
    if (twin !== undefined) fail(`particles ${twin} and ${p} have the same id ${id}`, 'give each particle an id of its own in the id column');
    ctx.seenIds.set(id, p);
    ctx.ids[p] = id;
  }
}

/**
 * Formats a configuration as one extended-XYZ frame (with a trailing newline): 2D, or 3D
 * when config.dim = 3 (as {@link writeXyzFrame}).
 * `model=` (when config.model is set) and then `info` entries follow Lattice, Properties
 * and pbc on line 2, in insertion order; a `poly` configuration adds the sigma column.
 *
 * @throws TypeError / RangeError when the configuration is malformed (wrong array
 *   types or lengths, non-finite numbers, species codes the model does not have, metadata
 *   keys that are reserved or contain spaces, quotes, '=' or backslashes, newlines in values).
 */
export function writeXyz(config: Configuration): string {
  if (typeof config !== 'object' || config === null) {
    throw new ArgumentTypeError(`writeXyz: expected config to be a Configuration object, got ${config === null ? 'null' : typeof config}`);
  }
  const frame: XyzFrame = { dim: config.dim === 3 ? 3 : 2, n: config.n, cell: config.cell, positions: config.positions, species: config.species, info: config.info ?? {} };
  if (config.model !== undefined) frame.model = config.model;
  if (config.sigma !== undefined) frame.sigma = config.sigma;
  return writeXyzFrame(frame);
}

/**
 * Formats a frame of either dimension (see {@link writeXyz}). 3D: Lattice holds a1, a2, a3
 * (the columns of h), pbc="T T T", three coordinates per particle.
 */
export function writeXyzFrame(frame: XyzFrame): string {
  const preset = checkWritable(frame);
  const { n, cell, positions, species, sigma, dim } = frame;
  const f = formatNumber;
  const lattice = dim === 2
    ? `Lattice="${f(cell[0]!)} ${f(cell[2]!)} 0 ${f(cell[1]!)} ${f(cell[3]!)} 0 0 0 1"`
    : `Lattice="${[0, 1, 2].map((c) => [0, 1, 2].map((r) => f(cell[3 * r + c]!)).join(' ')).join(' ')}"`;
  const head = [
    lattice,
    `Properties=${DEFAULT_PROPERTIES}${sigma !== undefined ? ':sigma:R:1' : ''}`,
    dim === 2 ? 'pbc="T T F"' : 'pbc="T T T"',
  ];
  if (frame.model !== undefined) head.push(`model=${frame.model}`);
  for (const [key, value] of Object.entries(frame.info ?? {})) head.push(formatKeyValue(key, value));
  const out = new Array<string>(n + 2);
  out[0] = String(n);
  out[1] = head.join(' ');
  const names = preset.species;
  for (let p = 0; p < n; p++) {
    const xyz = dim === 2
      ? `${f(positions[2 * p]!)} ${f(positions[2 * p + 1]!)} 0`
      : `${f(positions[3 * p]!)} ${f(positions[3 * p + 1]!)} ${f(positions[3 * p + 2]!)}`;
    out[p + 2] = `${names[species[p]!]} ${xyz}${sigma !== undefined ? ` ${f(sigma[p]!)}` : ''}`;
  }
  return out.join('\n') + '\n';
}

function checkWritable(frame: XyzFrame): ModelPreset {
  const { n, cell, positions, species, info, dim, sigma } = frame;
  if (dim !== 2 && dim !== 3) throw new ArgumentRangeError(`writeXyz: expected frame.dim to be 2 or 3, got ${String(dim)}`);
  if (frame.model !== undefined && !isModelName(frame.model)) throw new ArgumentRangeError(unknownModelMessage('writeXyz', frame.model));
  const preset = modelPreset(frame.model ?? 'ipl');
  if (!preset.dimensions.includes(dim)) {
    throw new ArgumentRangeError(`writeXyz: model '${preset.name}' is ${preset.dimension}D, but the configuration is ${dim}D; ` +
      `set config.model to a ${dim}D model (${modelNames().filter((m) => modelPreset(m).dimensions.includes(dim)).join(', ')})`);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentRangeError(`writeXyz: expected config.n to be a positive integer, got ${n}`);
  if (!(cell instanceof Float64Array)) throw new ArgumentTypeError('writeXyz: expected config.cell to be a Float64Array');
  if (!(positions instanceof Float64Array)) throw new ArgumentTypeError('writeXyz: expected config.positions to be a Float64Array');
  if (!(species instanceof Uint8Array)) throw new ArgumentTypeError('writeXyz: expected config.species to be a Uint8Array');
  if (cell.length !== dim * dim) throw new ArgumentRangeError(`writeXyz: expected config.cell to have length ${dim * dim}, got ${cell.length}`);
  if (positions.length !== dim * n) {
    throw new ArgumentRangeError(`writeXyz: expected config.positions to have length ${dim}n = ${dim * n}, got ${positions.length}`);
  }
  if (species.length !== n) throw new ArgumentRangeError(`writeXyz: expected config.species to have length n = ${n}, got ${species.length}`);
  if (!cell.every(Number.isFinite)) throw new ArgumentRangeError('writeXyz: expected config.cell to hold finite numbers');
  for (let k = 0; k < positions.length; k++) {
    if (!Number.isFinite(positions[k]!)) {
      throw new ArgumentRangeError(`writeXyz: expected finite positions, got ${positions[k]} at index ${k} (particle ${Math.floor(k / dim)})`);
    }
  }
  const names = preset.species;
  for (let p = 0; p < n; p++) {
    if (species[p]! >= names.length) {
      const codes = names.map((s, k) => `${k} (${s})`);
      throw new ArgumentRangeError(`writeXyz: expected species codes ${codes.length === 2 ? codes.join(' or ') : codes.join(', ')}` +
        `${frame.model !== undefined ? ` of model '${preset.name}'` : ''}, got ${species[p]} for particle ${p}`);
    }
  }
  if (preset.law.perParticle && sigma === undefined) {
    throw new ArgumentRangeError("writeXyz: model 'poly' needs config.sigma (the particle sizes σ_i, Float64Array(n))");
  }
  if (sigma !== undefined) {
    if (!(sigma instanceof Float64Array) || sigma.length !== n) {
      throw new ArgumentRangeError(`writeXyz: expected config.sigma to be a Float64Array of length n = ${n}`);
    }
    for (let p = 0; p < n; p++) {
      if (!(sigma[p]! > 0) || !Number.isFinite(sigma[p]!)) throw new ArgumentRangeError(`writeXyz: expected sizes σ_i > 0, got ${sigma[p]} for particle ${p}`);
    }
  }
  for (const [key, value] of Object.entries(info ?? {})) {
    if (!/^[^\s"\\=]+$/.test(key) || RESERVED.has(key.toLowerCase())) {
      throw new ArgumentRangeError(`writeXyz: info key '${key}' is reserved or contains spaces, quotes, '=' or backslashes`);
    }
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value === 'string' ? /[\r\n]/.test(value) : typeof value !== 'boolean') {
      throw new ArgumentRangeError(`writeXyz: info.${key} must be a finite number, a boolean or a single-line string, got ${String(value)}`);
    }
  }
  return preset;
}
