/**
 * Reads one frame of a GSD file (HOOMD-blue's format; the file layer and the `hoomd`
 * schema of the gsd package, versions 1.x and 2.x of the file layer) into a
 * {@link GsdFrame}, reading from the file only its header, index, name list and the chunks
 * of that frame.
 *
 * File layer: a 256-byte header (magic 0x65DF65DF65DF65DF, the locations of the index and
 * of the name list), an index of 32-byte entries {frame u64, N u64, location i64, M u32,
 * id u16, type u8, flags u8} (the first entry at location 0 ends it), a name list (names
 * separated by 0 bytes), and the chunks: N×M values of the entry's type, little-endian.
 *
 * Schema (HOOMD): `configuration/box` = [Lx, Ly, Lz, xy, xz, yz] with dimensionless tilts
 * (a1 = (Lx, 0, 0), a2 = (xy·Ly, Ly, 0), a3 = (xz·Lz, yz·Lz, Lz)) and the box centred on
 * the origin; `configuration/dimensions` (default 3); `particles/N`, `position` (N×3),
 * `typeid`, `types` (names), `diameter` and `mass` (defaults 1). A chunk a frame lacks is
 * frame 0's (particle attributes only when frame 0 has as many particles), else the
 * default, as gsd.hoomd reads it.
 *
 * HOOMD stores positions and the box in single precision (float32): a glass from a GSD
 * file is a minimum only to ~1e-7 relative, so softspot minimizes it first
 * (`softspot minimize`, `softspot run --minimize`).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Configuration } from '../config.js';
import { findClosePair } from './overlap.js';
import { findClosePair3 } from './overlap3.js';
import { DEFAULT_MIN_SEPARATION } from './xyz.js';
import { isModelName, modelPreset, unknownModelMessage } from '../model/presets.js';
import { lowerEntryOf } from '../space/cell-nd.js';
import { hoomdBoxOf, hoomdPositionsOf } from './hoomd-box.js';
import { differingWithinGroup } from './within-group.js';
import { typeNaming } from './type-names.js';
import { ArgumentRangeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** A GSD file or frame that softspot cannot read: message `path: what; what to do` (a binary file has no lines). */
export class GsdFormatError extends Error {
  /** Stable machine-readable code, in the style of Node's `ERR_*` codes. */
  readonly code = 'ERR_GSD_FORMAT' as const;
  readonly source: string;

  constructor(source: string, problem: string, hint: string) {
    super(`${source}: ${problem}; ${hint}`);
    this.source = source;
    this.name = 'GsdFormatError';
  }
}

/** One frame of a GSD file, as HOOMD's schema gives it (defaults filled in). */
export interface GsdFrame {
  /** 0-based frame index, and the file's number of frames. */
  index: number;
  count: number;
  /** configuration/step. */
  step: number;
  /** configuration/dimensions (2 or 3). */
  dim: 2 | 3;
  /** configuration/box: Lx, Ly, Lz, xy, xz, yz (tilts dimensionless, HOOMD's convention). */
  box: Float64Array;
  n: number;
  /** particles/position, x y z per particle (the stored float32 values), centred box. */
  positions: Float64Array;
  /** particles/typeid, and particles/types (the names). */
  typeid: Uint32Array;
  types: string[];
  /** particles/diameter and particles/mass; undefined when neither this frame nor frame 0 has the chunk (the default 1 everywhere). */
  diameters?: Float64Array;
  masses?: Float64Array;
  /** log/softspot/model: the model a frame softspot wrote was of (./gsd-write.ts). */
  model?: string;
  /**
   * log/softspot/id: the atom ids a frame softspot wrote carried (a LAMMPS input's), given
   * only while the frame is as written (`exact`): an edit may have reordered the particles
   * (gsd.hoomd sorts the particle chunks, not softspot's log), and the ids would then label
   * the wrong atoms.
   */
  ids?: Int32Array;
  /** True when the frame has log/softspot/id but was edited since (no `exact`): the ids are not given. */
  staleIds?: boolean;
  /**
   * The double-precision glass of a frame softspot wrote (log/softspot/cell, position,
   * sigma, mass), present only when the float32 chunks are still its rounding (the frame
   * was not edited since): cell d×d row-major, positions d per particle as written.
   */
  exact?: { cell: Float64Array; positions: Float64Array; sigma?: Float64Array; masses?: Float64Array };
}

const MAGIC = 0x65df65df65df65dfn;
const HEADER_BYTES = 256;
const ENTRY_BYTES = 32;
/** Bytes of each GSD value type (file layer: 1 uint8 … 10 double, 11 char). */
const TYPE_BYTES: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 4, 4: 8, 5: 1, 6: 2, 7: 4, 8: 8, 9: 4, 10: 8, 11: 1 };

interface Entry { frame: number; n: number; location: number; m: number; id: number; type: number }

/**
 * An open GSD file: its index and name list in memory, the frames read one at a time (a
 * trajectory of F frames is indexed once, not F times). Close it when done.
 */
export class GsdFile {
  /** The number of frames (the last index entry's frame + 1). */
  readonly count: number;
  private constructor(
    private readonly file: FileHandle, readonly path: string,
    private readonly chunks: Map<string, Entry>, private readonly names: Map<string, number>, count: number,
  ) {
    this.count = count;
  }

  /**
   * Opens a GSD file and reads its header, name list and index.
   * @throws GsdFormatError for a file that is not GSD, a file-layer version other than 1.x
   *   or 2.x, or a damaged index; the system's error for a file that cannot be opened.
   */
  static async open(path: string): Promise<GsdFile> {
    const file = await open(path, 'r');
    try {
      const fail = failer(path);
      const header = await readAt(file, 0, HEADER_BYTES);
      if (header.length >= 2 && header[0] === 0x1f && header[1] === 0x8b) fail('a gzip-compressed file', `decompress it first (gunzip -k ${path})`);
      if (header.length >= 8 && header.length < HEADER_BYTES && header.readBigUInt64LE(0) === MAGIC) {
        fail(`the file is cut short: it ends at byte ${header.length}, inside its ${HEADER_BYTES}-byte GSD header`, 'write it again (a run killed while writing it leaves such a file)');
      }
      if (header.length < HEADER_BYTES || header.readBigUInt64LE(0) !== MAGIC) {
        fail('not a GSD file (its first 8 bytes are not the GSD magic number)', 'give a GSD file (HOOMD-blue), or name the format with --format');
      }
      const version = header.readUInt32LE(44);
      if (version >>> 16 !== 1 && version >>> 16 !== 2) {
        fail(`GSD file layer version ${version >>> 16}.${version & 0xffff}, which softspot does not read (1.x and 2.x)`, 'write it with gsd 2 or 3 (file layer 2.x)');
      }
      const indexAt = Number(header.readBigUInt64LE(8));
      const indexEntries = Number(header.readBigUInt64LE(16));
      const namesAt = Number(header.readBigUInt64LE(24));
      const nameBlocks = Number(header.readBigUInt64LE(32));
      const size = (await file.stat()).size;
      for (const [what, at, bytes] of [['name list', namesAt, nameBlocks * 64], ['index', indexAt, indexEntries * ENTRY_BYTES]] as const) {
        if (at + bytes > size) fail(`the file is cut short: it ends at byte ${size}, but its ${what} runs to byte ${at + bytes}`, 'write it again (a run killed while writing it leaves such a file)');
      }
      const nameList = (await readAt(file, namesAt, nameBlocks * 64)).toString('utf8').split('\0').filter((t) => t !== '');
      const names = new Map(nameList.map((name, id) => [name, id]));
      const raw = await readAt(file, indexAt, indexEntries * ENTRY_BYTES);
      const chunks = new Map<string, Entry>();
      let last = 0, count = 0;
      for (let k = 0; k + ENTRY_BYTES <= raw.length; k += ENTRY_BYTES) {
        const location = Number(raw.readBigInt64LE(k + 16));
        if (location === 0) break;
        const e = { frame: Number(raw.readBigUInt64LE(k)), n: Number(raw.readBigUInt64LE(k + 8)), location, m: raw.readUInt32LE(k + 24), id: raw.readUInt16LE(k + 28), type: raw.readUInt8(k + 30) };
        if (TYPE_BYTES[e.type] === undefined || e.m === 0 || e.id >= nameList.length || e.frame < last) fail(`its index is damaged (entry ${k / ENTRY_BYTES})`);
        last = e.frame;
        count = e.frame + 1;
        chunks.set(`${e.frame}/${e.id}`, e);
      }
      return new GsdFile(file, path, chunks, names, count);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The names of the chunks the file holds data for (in any frame), sorted. */
  chunkNames(): string[] {
    const used = new Set([...this.chunks.values()].map((e) => e.id));
    return [...this.names].filter(([, id]) => used.has(id)).map(([name]) => name).sort();
  }

  /**
   * Frame `frame` (0-based, negative from the end; default −1, the last).
   * @throws GsdFormatError for a frame the file does not hold, one without particles, or
   *   chunks of the wrong type or size.
   */
  async frame(which = -1): Promise<GsdFrame> {
    if (!Number.isSafeInteger(which)) throw new ArgumentRangeError(`frame: expected an integer, got ${which}`);
    const fail = failer(this.path);
    const { count } = this;
    const index = which < 0 ? count + which : which;
    if (count === 0) fail('the file holds no frame', 'write a frame into it (gsd.hoomd: f.append(frame))');
    if (!(index >= 0 && index < count)) fail(`no frame ${which}: the file holds ${count} frame${count === 1 ? '' : 's'}`, `pick a frame in ${-count} … ${count - 1}`);
    const find = (frame: number, name: string): Entry | undefined => {
      const id = this.names.get(name);
      return id === undefined ? undefined : this.chunks.get(`${frame}/${id}`);
    };
    const read = async (e: Entry, name: string, types: number[], m: number | undefined): Promise<Chunk> => {
      if (!types.includes(e.type) || (m !== undefined && e.m !== m)) fail(`its chunk ${name} is of type ${e.type} and width ${e.m}, not what the HOOMD schema says`);
      return { buffer: await readAt(this.file, e.location, e.n * e.m * TYPE_BYTES[e.type]!, () => fail(`its chunk ${name} runs past the end of the file (a truncated file)`)), entry: e };
    };
    /** This frame's chunk, or frame 0's (of as many particles, for a particle attribute), or undefined (the schema's default). */
    const chunk = async (name: string, types: number[], m: number | undefined, particles?: number): Promise<Chunk | undefined> => {
      const own = find(index, name);
      if (own !== undefined) return read(own, name, types, m);
      const first = index === 0 ? undefined : find(0, name);
      if (first === undefined || (particles !== undefined && first.n !== particles)) return undefined;
      return read(first, name, types, m);
    };
    const stepChunk = await chunk('configuration/step', [4], 1);
    const dimChunk = await chunk('configuration/dimensions', [1], 1);
    const boxChunk = await chunk('configuration/box', [9, 10], 1);
    const nChunk = await chunk('particles/N', [3], 1);
    const n = nChunk === undefined ? 0 : nChunk.buffer.readUInt32LE(0);
    if (n === 0) fail(`frame ${index} holds no particles`, 'give a frame of a glass');
    const box = boxChunk === undefined ? Float64Array.of(1, 1, 1, 0, 0, 0) : floats(boxChunk);
    if (box.length !== 6) fail(`its configuration/box has ${box.length} values, not 6`);
    const dimension = dimChunk === undefined ? 3 : dimChunk.buffer.readUInt8(0);
    if (dimension !== 2 && dimension !== 3) fail(`configuration/dimensions is ${dimension}`, 'write a 2D or 3D frame');
    const positionChunk = await chunk('particles/position', [9, 10], 3, n);
    const typeidChunk = await chunk('particles/typeid', [3], 1, n);
    const typesChunk = await chunk('particles/types', [5, 11, 1], undefined); // NT rows of M bytes, M the longest name
    const diameterChunk = await chunk('particles/diameter', [9, 10], 1, n);
    const massChunk = await chunk('particles/mass', [9, 10], 1, n);
    for (const [name, c] of [['particles/position', positionChunk], ['particles/typeid', typeidChunk], ['particles/diameter', diameterChunk], ['particles/mass', massChunk]] as const) {
      if (c !== undefined && c.entry.n !== n) fail(`its chunk ${name} of frame ${c.entry.frame} has ${c.entry.n} rows, but particles/N is ${n}`);
    }
    const frame: GsdFrame = {
      index, count, step: stepChunk === undefined ? 0 : Number(stepChunk.buffer.readBigUInt64LE(0)), dim: dimension as 2 | 3, box, n,
      positions: positionChunk === undefined ? new Float64Array(3 * n) : floats(positionChunk),
      typeid: typeidChunk === undefined ? new Uint32Array(n) : Uint32Array.from({ length: n }, (_, p) => typeidChunk.buffer.readUInt32LE(4 * p)),
      types: typesChunk === undefined ? ['A'] : typeNames(typesChunk),
      ...(diameterChunk !== undefined ? { diameters: floats(diameterChunk) } : {}),
      ...(massChunk !== undefined ? { masses: floats(massChunk) } : {}),
    };
    // softspot's own chunks (./gsd-write.ts): this frame's only, never frame 0's.
    const own = async (name: string, type: number, rows: number, m: number): Promise<Chunk | undefined> => {
      const e = find(index, `log/softspot/${name}`);
      return e === undefined ? undefined : read(e, `log/softspot/${name}`, [type], m).then((c) => (c.entry.n === rows ? c : fail(`its chunk log/softspot/${name} has ${c.entry.n} rows, not ${rows}`)));
    };
    const modelEntry = find(index, 'log/softspot/model');
    if (modelEntry !== undefined) frame.model = (await read(modelEntry, 'log/softspot/model', [1], 1)).buffer.toString('utf8');
    const idChunk = await own('id', 7, n, 1);
    const d = frame.dim;
    const [cell, positions, sigma, masses] = await Promise.all([own('cell', 10, d, d), own('position', 10, n, d), own('sigma', 10, n, 1), own('mass', 10, n, 1)]);
    if (cell !== undefined && positions !== undefined) {
      const exact = { cell: floats(cell), positions: floats(positions), ...(sigma !== undefined ? { sigma: floats(sigma) } : {}), ...(masses !== undefined ? { masses: floats(masses) } : {}) };
      if (isRoundingOf(exact, frame)) frame.exact = exact;
    }
    if (idChunk !== undefined && frame.exact !== undefined) frame.ids = Int32Array.from({ length: n }, (_, p) => idChunk.buffer.readInt32LE(4 * p));
    else if (idChunk !== undefined) frame.staleIds = true;
    return frame;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * Reads frame `frame` (0-based, negative from the end; default −1, the last) of a GSD file
 * ({@link GsdFile}: the header, index, name list and that frame's chunks only).
 * @throws GsdFormatError as GsdFile.open and GsdFile.frame.
 */
export async function readGsdFrame(path: string, options: { frame?: number } = {}): Promise<GsdFrame> {
  expectKnownKeys('options', options, ['frame'], 'readGsdFrame');
  const file = await GsdFile.open(path);
  try {
    return await file.frame(options.frame ?? -1);
  } finally {
    await file.close();
  }
}

interface Chunk { buffer: Buffer; entry: Entry }

/** Whether a frame's float32 chunks are still the rounding of softspot's doubles (the writer's mapping, ./hoomd-box.ts). */
function isRoundingOf(exact: NonNullable<GsdFrame['exact']>, frame: GsdFrame): boolean {
  const d = frame.dim;
  if (lowerEntryOf(exact.cell) !== undefined) return false;
  const same = (doubles: ArrayLike<number>, stored: ArrayLike<number> | undefined): boolean => {
    if (stored === undefined || stored.length !== doubles.length) return false;
    for (let k = 0; k < doubles.length; k++) if (Math.fround(doubles[k]!) !== stored[k]) return false;
    return true;
  };
  return same(hoomdBoxOf(exact.cell, d), frame.box) && same(hoomdPositionsOf(exact.cell, exact.positions, frame.n, d), frame.positions) &&
    (exact.sigma === undefined || same(exact.sigma, frame.diameters)) && (exact.masses === undefined || same(exact.masses, frame.masses));
}

function failer(path: string): (problem: string, hint?: string) => never {
  return (problem, hint = 'write the file again with HOOMD-blue or the gsd package') => { throw new GsdFormatError(path, problem, hint); };
}

/** Options of {@link gsdToConfiguration}. */
export interface GsdToConfigurationOptions {
  /**
   * The model preset (`--model`) of a frame that names none: GSD type names map to its
   * species by name when they all are its species' names, else in order (typeid k →
   * species k). Default the paper's `ipl`. A frame softspot wrote names its own
   * (`frame.model`), which is used instead (the caller compares).
   */
  model?: string;
  /** Two particles closer than this (minimum image) are an error; default 1e-3, 0 disables. */
  minSeparation?: number;
}

/**
 * A polydisperse frame (particles of one type with different diameters) read under the
 * default ipl, whose sizes are the types': every number would be of another glass. Refused,
 * naming --model poly; a frame whose diameters follow the types reads.
 * @throws GsdFormatError
 */
export function refusePolydisperseFrame(frame: GsdFrame, source: string): void {
  if (frame.diameters === undefined) return;
  const pair = differingWithinGroup(frame.typeid, frame.diameters);
  if (pair === undefined) return;
  const [q, p] = pair;
  throw new GsdFormatError(source, `frame ${frame.index} (step ${frame.step}): the particles ${q} and ${p} of type '${frame.types[frame.typeid[p]!] ?? frame.typeid[p]}' have different diameters ` +
    `(${frame.diameters[q]}, ${frame.diameters[p]}): a polydisperse glass, but no model was named and the default, the paper's ipl, takes its sizes from the types`,
  'name the model the glass was made with: --model poly (the sizes σ_i are the diameters), or --model ipl to read it as the paper\'s glass with the diameters ignored');
}

/** The options of gsdToConfiguration (a complete list: AllKeysOf checks it against GsdToConfigurationOptions). */
const GSD_TO_CONFIGURATION_OPTION_NAMES: AllKeysOf<GsdToConfigurationOptions, readonly ['model', 'minSeparation']> = ['model', 'minSeparation'];

/**
 * A GSD frame as softspot's Configuration: cell h = [a1 a2 (a3)] from HOOMD's box, the
 * positions shifted by h·(½, ½[, ½]) so that the box runs from the origin, species by type
 * name or order (see the option), `sigma` = the diameters for a per-particle law (`poly`),
 * `info.step`. A frame softspot wrote with its doubles intact (`frame.exact`) gives them:
 * the glass that was written, to the bit.
 * @throws GsdFormatError when the frame names a model softspot does not know, does not
 *   fit the model (a type beyond its species,
 *   a dimension it lacks, a poly frame without diameters), is not periodic-sized (a box
 *   length ≤ 0) or has overlapping particles; RangeError for an unknown model.
 */
export function gsdToConfiguration(frame: GsdFrame, source: string, options: GsdToConfigurationOptions = {}): Configuration {
  expectKnownKeys('options', options, GSD_TO_CONFIGURATION_OPTION_NAMES, 'gsdToConfiguration');
  const fail = (problem: string, hint: string): never => { throw new GsdFormatError(source, problem, hint); };
  if (frame.model !== undefined && !isModelName(frame.model)) {
    fail(`frame ${frame.index} was written by softspot of model ${frame.model}, which softspot does not know here`, `pass the model file it was made with (--model ${frame.model}.json)`);
  }
  const name = frame.model ?? options.model ?? 'ipl';
  if (!isModelName(name)) throw new ArgumentRangeError(unknownModelMessage('model', name));
  const preset = modelPreset(name);
  const d = frame.dim;
  const where = `frame ${frame.index} (step ${frame.step})`;
  if (!preset.dimensions.includes(d)) {
    fail(`${where} is ${d}D (configuration/dimensions), but model ${name} is ${preset.dimension}D`, `name a ${d}D model with --model`);
  }
  const [lx, ly, lz, xy, xz, yz] = frame.box as unknown as number[];
  if (!(lx! > 0 && ly! > 0 && (d === 2 || lz! > 0))) fail(`${where} has box lengths ${lx}, ${ly}, ${lz}`, 'give a frame with a periodic box of positive lengths');
  for (const [k, tilt] of (d === 2 ? ['xy'] : ['xy', 'xz', 'yz']).entries()) {
    const value = frame.box[3 + k]!;
    if (!Number.isFinite(value)) fail(`${where} has box tilt ${tilt} = ${value}`, 'give a frame with finite box tilts (configuration/box)');
  }
  // Every coordinate finite, named by particle and axis (the positions are N × 3 in the file).
  for (let i = 0; i < 3 * frame.n; i++) {
    const value = frame.positions[i]!;
    if (!Number.isFinite(value)) {
      fail(`${where}: particle ${Math.floor(i / 3)} has ${'xyz'[i % 3]} = ${value} (particles/position)`,
        'the simulation that wrote the frame blew up or the file is damaged: give a frame with finite positions');
    }
  }
  const h = d === 2 ? Float64Array.of(lx!, xy! * ly!, 0, ly!) : Float64Array.of(lx!, xy! * ly!, xz! * lz!, 0, ly!, yz! * lz!, 0, 0, lz!);
  // Species: by name (ignoring case) when the name of every type in use is one of the model's
  // species, else by order. Types without particles do not count (HOOMD files often list
  // such): one unused extra name switched a file to order and swapped its species. A
  // species name that order would put elsewhere (types B, X under ka: B would be A) is
  // refused, as LAMMPS type labels are (the rule of ./type-names.ts).
  const used = new Set(frame.typeid);
  const inUse = frame.types.map((_, k) => k).filter((k) => used.has(k));
  const naming = typeNaming(inUse, (k) => frame.types[k], preset.species, (k) => k);
  if (naming.kind === 'moved') {
    const moved = naming.type;
    fail(`${where}: type ${moved} is named '${frame.types[moved]}', species ${naming.species + 1} of model ${name}, but not every type in use is named by a species ` +
      `(${inUse.map((k) => `${k} ${frame.types[k]}`).join(', ')}), so types map in order and type ${moved} would be ${preset.species[moved] ?? 'no species'}`,
      `name every type in use by a species of model ${name} (${preset.species.join(', ')}), or none of them (types then map in order)`);
  }
  if (naming.kind === 'twin') {
    // Two names of one species ('a' and 'A'): by name they would merge two types into one species.
    fail(`${where}: types ${naming.first} '${frame.types[naming.first]}' and ${naming.second} '${frame.types[naming.second]}' both name species ${preset.species[naming.species]} of model ${name} (names match ignoring case)`,
      `give each type in use its own species name (${preset.species.join(', ')})`);
  }
  const code = frame.types.map((_, k) => (naming.kind === 'by-name' ? naming.speciesOf(k) : k));
  if (frame.model === undefined && options.model === undefined && !preset.law.perParticle) refusePolydisperseFrame(frame, source);
  const n = frame.n;
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const t = frame.typeid[p]!;
    const c = t < code.length ? code[t]! : -1;
    if (c < 0 || c >= preset.species.length) {
      fail(`${where}: particle ${p} has type ${t} (${frame.types[t] ?? 'unnamed'}), but model ${name} has ${preset.species.length} species (${preset.species.join(', ')})`,
        `name the types as the model's species (${preset.species.join(', ')}), or give types 0 … ${preset.species.length - 1} in their order`);
    }
    species[p] = c;
  }
  if (d === 2) {
    // A 2D frame holds z = 0 (HOOMD's rule for 2D); z elsewhere is a 3D frame mislabelled, whose z would be dropped.
    for (let p = 0; p < n; p++) {
      const z = frame.positions[3 * p + 2]!;
      if (z !== 0) {
        fail(`${where} is 2D (configuration/dimensions = 2) but particle ${p} has z = ${z}${lz! > 0 ? ` and the box Lz = ${lz}` : ''}`,
          'a 2D frame has every z = 0: if it is a 3D glass, write configuration/dimensions = 3');
      }
    }
  }
  const positions = new Float64Array(d * n);
  for (let p = 0; p < n; p++) {
    // x + h·(½, ½[, ½]): reduced coordinates in [0, 1) instead of HOOMD's [−½, ½).
    for (let a = 0; a < d; a++) {
      let shift = 0;
      for (let b = 0; b < d; b++) shift += 0.5 * h[d * a + b]!;
      positions[d * p + a] = frame.positions[3 * p + a]! + shift;
    }
  }
  const { exact } = frame;
  const config: Configuration = { n, cell: exact?.cell ?? h, positions: exact?.positions ?? positions, species, info: { step: frame.step } };
  if (d === 3) config.dim = 3;
  if (options.model !== undefined || frame.model !== undefined) config.model = preset.name;
  if (preset.law.perParticle) {
    if (frame.diameters === undefined) {
      fail(`model ${name} needs a size σ_i per particle, and ${where} has no particles/diameter`, 'write the particle diameters (HOOMD: snapshot.particles.diameter), or give extended XYZ with a sigma column');
    }
    const bad = frame.diameters!.findIndex((s) => !(s > 0));
    if (bad >= 0) fail(`${where}: particle ${bad} has diameter ${frame.diameters![bad]}`, 'give every particle a diameter σ_i > 0');
    config.sigma = exact?.sigma ?? Float64Array.from(frame.diameters!);
  }
  const minSeparation = options.minSeparation ?? DEFAULT_MIN_SEPARATION;
  if (minSeparation > 0) {
    const clash = d === 2 ? findClosePair(config.cell, config.positions, minSeparation) : findClosePair3(config.cell, config.positions, minSeparation);
    if (clash !== undefined) {
      fail(`${where}: particles ${clash.i} and ${clash.j} are ${clash.distance} apart (minimum image), closer than ${minSeparation}: duplicate or overlapping particles`,
        'remove the duplicate particle or move the particles apart');
    }
  }
  return config;
}

/** `length` bytes at `position`, or `short()` when the file ends first (default: the bytes there are). */
async function readAt(file: FileHandle, position: number, length: number, short?: () => never): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = length === 0 ? { bytesRead: 0 } : await file.read(buffer, 0, length, position);
  if (bytesRead < length && short !== undefined) short();
  return buffer.subarray(0, bytesRead);
}

/** A float (type 9) or double (type 10) chunk as doubles. */
function floats({ buffer, entry }: Chunk): Float64Array {
  const count = entry.n * entry.m;
  return entry.type === 9 ? Float64Array.from({ length: count }, (_, k) => buffer.readFloatLE(4 * k)) : Float64Array.from({ length: count }, (_, k) => buffer.readDoubleLE(8 * k));
}

/** particles/types: NT rows of M bytes, each a name padded with 0 bytes. */
function typeNames({ buffer, entry }: Chunk): string[] {
  return Array.from({ length: entry.n }, (_, t) => {
    const row = buffer.subarray(t * entry.m, (t + 1) * entry.m);
    const end = row.indexOf(0);
    return row.subarray(0, end < 0 ? row.length : end).toString('utf8');
  });
}
