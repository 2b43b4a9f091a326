/**
 * Ensembles of glasses made elsewhere — by LAMMPS, another program, or an earlier softspot
 * run: `runEnsemble({ glasses: [paths], model, out })`, `softspot run g1.data g2.data …
 * --model M --out DIR` (a directory stands for its glass files, sorted by name). Each file is one sample, with the stages and the HDF5 layout of a
 * prepared glass, the stage `read` in place of `prepare`: read the file → c_α and dc_α/dγ
 * (whose Newton polish takes the glass to the force floor, and which refuses one that is
 * not a stable minimum) → the four first events (→ validation).
 *
 * Identity (SampleSpec.glass): the SHA-256 of the file's bytes with N, the model and the
 * event protocol, not the path. A moved or renamed file is still a finished sample; an
 * edited file is a new one, and a job whose file changed between planning and computing
 * fails (stage `read`) instead of computing another glass under the planned id.
 *
 * Formats, by extension as on the command line (lib/io formatOfPath): extended XYZ (its
 * model= must be the run's model), a LAMMPS data file, or a LAMMPS dump. Each frame of a
 * dump, and of an extended-XYZ file of several frames (a trajectory), is a glass identified
 * by the SHA-256 of the frame's text, so frames appended later are new samples and the
 * earlier ones stay finished; a file of one frame is identified by its bytes. LAMMPS types
 * map to the model's species in order, or by name when labelled (lammpsSpeciesCodes), and a
 * data file whose line 1 names another model than the run's is refused. Every file is read once when the run is planned, so
 * a malformed file, a file of another model or dimension, or two copies of one glass are
 * refused before anything is computed; a job reads its file again. A queue run needs the
 * paths readable on every worker's machine (a shared file system; the paths are made
 * absolute when planned), unless its jobs carry the glasses (shipGlasses, ShippedGlass).
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readdir, stat } from 'node:fs/promises';
import { fileHead, formatOfFile } from '../io/sniff-format.js';
import { join, resolve } from 'node:path';
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { energyForces } from '../hessian/index.js';
import { refusePolydisperse } from '../io/lammps-config.js';
import { titleModelOf } from '../io/lammps-data.js';
import { refusePolydisperseFrame } from '../io/gsd.js';
import {
  checkLammpsModel, COMPRESSED_EXTENSION, configurationOfFrame, FORMAT_OF_EXTENSION, GsdFile, GsdFormatError, gsdToConfiguration, isGlassFileName,
  lammpsToConfiguration, readLammpsData, readLammpsDump, readXyzFrame, writeXyz,
} from '../io/index.js';
import { readText, textFail, truncatedGzip } from '../io/compression.js';
import { parseKeyValues } from '../io/keyvalue.js';
import { isModelName } from '../model/presets.js';
import { LammpsFormatError, SourceLineError } from '../io/errors.js';
import { readingHint } from '../io/reading-hints.js';
import { readFrameBytes, scanFrames, type FrameScan, type FrameSpan, type TrajectoryFormat } from '../io/frame-scan.js';
import { frameText } from '../io/trajectory.js';
import { modelOfConfiguration, modelPreset } from '../model/index.js';
import { energyForcesNd } from '../nd/energy.js';
import { minimizeGlassNd } from '../nd/minimize.js';
import { MINIMIZE_DEFAULTS, minimizeGlass } from '../md/minimize-glass.js';
import { isNdGlass, lawOfConfiguration } from '../nd/law.js';
import { MIN_SAMPLE_PARTICLES, SAMPLES_RULE, eventProtocol, expectShearableModel, glassLabel, runModel, specModelFields, type RunModel } from './identity.js';
import { expectRule } from '../validate.js';
import type { EventProtocol, GlassSource, SampleSpec } from './types.js';
import { ArgumentRangeError, isArgumentError } from '../errors.js';

/** A glass file that cannot be a sample of the run, with the path and what to do. */
export class GlassInputError extends Error {
  readonly code = 'ERR_SOFTSPOT_GLASS_INPUT';
  constructor(readonly path: string, message: string) {
    super(message);
    this.name = 'GlassInputError';
  }
}

/** SHA-256 (hex) of a file's bytes (or of a string's UTF-8). */
export const sha256Of = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The glasses of a file: the whole file (a LAMMPS data file, extended XYZ of one frame),
 * identified by the SHA-256 of its bytes, or each frame of a LAMMPS dump or of an
 * extended-XYZ file of several (`frame` 0-based), by the SHA-256 of the frame's text. The
 * frames are found by streaming the file (lib/io/frame-scan.ts): only their spans are kept.
 */
async function glassesOfFile(path: string, format: GlassSource['format'], model: string, open: GsdFiles, named = true): Promise<{ glasses: Array<{ sha256: string; span?: FrameSpan; frame?: number }>; scan?: FrameScan; leftOut?: number }> {
  if (format === 'lammps-data') return { glasses: [{ sha256: sha256Of(await readText(path, textFail(path, format))) }] };
  if (format === 'gsd') {
    const file = await open.get(path);
    const glasses: Array<{ sha256: string; frame: number }> = [];
    // A model the run defaulted to (ipl) refuses a polydisperse frame, as info and lhc do without --model.
    for (let frame = 0; frame < file.count; frame++) glasses.push({ sha256: sha256Of((await gsdFrameGlass(file, frame, model, !named)).text), frame });
    return { glasses };
  }
  const scan = await scanFrames(path, format, { hash: true });
  const { frames } = scan;
  // Its last frame may be cut (a dump LAMMPS is still writing through gzip has no trailer
  // yet): the whole frames before it are the glasses, as for a plain dump being written.
  if (scan.truncated) {
    if (frames.length === 1) textFail(path, format)(...truncatedGzip(path, 'its frame'));
    const kept = frames.slice(0, -1);
    return { glasses: kept.map((span, frame) => ({ sha256: span.sha256!, span, frame })), scan, leftOut: kept.length };
  }
  if (format === 'xyz' && frames.length === 1) return { glasses: [{ sha256: frames[0]!.sha256! }], scan }; // the frame is the whole file
  return { glasses: frames.map((span, frame) => ({ sha256: span.sha256!, span, frame })), scan };
}

/** Frames of a gzip file beyond which planning says what re-decompressing costs (GlassPlan.notes). */
const GZIP_FRAMES_NOTE = 16;

/** The note for a gzip trajectory of many frames: every job decompresses it up to its own frame (lib/io/compression.ts has no random access). */
function gzipNote(given: string, scan: FrameScan): string {
  const mib = scan.size / 2 ** 20;
  return `${given}: ${scan.frames.length} frames in a gzip file of ${mib.toPrecision(3)} MiB of text: each job decompresses it up to its own frame ` +
    `(${(mib / 2).toPrecision(3)} MiB on average, ${(mib / 2 / 200).toPrecision(2)} s at 200 MiB/s); decompressing it once (gunzip -k ${given}) ` +
    'and running on that file spares it, with the same sample identities';
}

/**
 * A GSD frame as the extended XYZ of its configuration under the run's model (full
 * precision: the file's float32 values exactly): the text that identifies (SHA-256), ships
 * and reads a glass of a GSD file, as a dump frame's own text does for a dump; with the
 * frame's atom ids (log/softspot/id of a file softspot wrote of a LAMMPS input; none when
 * the frame was edited since), which are not in the text: the sample's identity is what it
 * was before samples carried them. `refusePolydisperse`: the run named no model (ipl by
 * default), so a polydisperse frame is refused.
 */
async function gsdFrameGlass(file: GsdFile, frame: number, model: string, refusePolydisperse = false): Promise<{ text: string; ids?: Int32Array }> {
  const read = await file.frame(frame);
  if (refusePolydisperse && read.model === undefined) refusePolydisperseFrame(read, file.path);
  const text = writeXyz(gsdToConfiguration(read, file.path, { model }));
  return read.ids !== undefined && read.staleIds !== true ? { text, ids: read.ids } : { text };
}

/** gsdFrameGlass of frame `frame` of the GSD file at `path`, through `open` or opening it alone. */
async function gsdGlass(path: string, frame: number, model: string, open?: GsdFiles): Promise<{ text: string; ids?: Int32Array }> {
  if (open !== undefined) return await gsdFrameGlass(await open.get(path), frame, model);
  const file = await GsdFile.open(path);
  try {
    return await gsdFrameGlass(file, frame, model);
  } finally {
    await file.close();
  }
}

/** The text of frame `frame` of a GSD file under `model` (gsdFrameGlass), through `open` (one file of a trajectory indexed once) or opening it alone. */
async function gsdGlassText(path: string, frame: number, model: string, open?: GsdFiles): Promise<string> {
  return (await gsdGlass(path, frame, model, open)).text;
}

/** The GSD files a planning has open: each indexed once however many of its frames are read (a trajectory of F frames: not F index reads). */
class GsdFiles {
  private readonly files = new Map<string, Promise<GsdFile>>();
  get(path: string): Promise<GsdFile> {
    let file = this.files.get(path);
    if (file === undefined) this.files.set(path, file = GsdFile.open(path));
    return file;
  }
  async close(): Promise<void> {
    for (const file of this.files.values()) await (await file.catch(() => undefined))?.close();
  }
}

/** The formats whose glasses are text read from the file (not GSD's binary frames). */
type TextFormat = Exclude<GlassSource['format'], 'gsd'>;

/** The format a glass's text is read in: a GSD frame's text is extended XYZ (gsdFrameGlass). */
const textFormat = (format: GlassSource['format']): GlassSource['format'] => (format === 'gsd' ? 'xyz' : format);

/** The text of a glass: the file's (`span` undefined), or a frame's, with the line it starts on (a GSD frame: its extended XYZ under `model`). */
async function glassText(path: string, format: GlassSource['format'], model: string, span?: FrameSpan, frame?: number, open?: GsdFiles): Promise<{ text: string; lineOffset: number }> {
  if (format === 'gsd') return { text: await gsdGlassText(path, frame ?? 0, model, open), lineOffset: 0 };
  if (span === undefined) return { text: (await readText(path, textFail(path, format))).toString('utf8'), lineOffset: 0 };
  return { text: frameText(await readFrameBytes(path, span, format as TrajectoryFormat), path, format as TrajectoryFormat, span, frame ?? 0), lineOffset: span.line };
}

/**
 * The configuration in a glass file under the run's model: extended XYZ (its model= must
 * name `m.model`), or LAMMPS (types → the model's species). Its dimension must be `m.dim`
 * (any of the model's when `m.dim` is undefined: the first glass of a run that takes the
 * files' dimension). `followed`: more of the file follows `text` (a frame before its file's
 * last: atoms missing at its end are lines lost inside the file, readLammpsDump's option).
 * @throws GlassInputError (the readers' own errors keep their line numbers in the message).
 */
export function readGlassText(path: string, text: string, format: GlassSource['format'], m: { model: string; dim?: 2 | 3 }, lineOffset = 0, followed = false, named = true): SampleGlass {
  let config: Configuration, ids: Int32Array | undefined;
  try {
    if (format === 'xyz') {
      // A file that names no model (OVITO's, ASE's) is read under the run's: species by name or number.
      const frame = readXyzFrame(text, path, { lineOffset, model: m.model });
      config = configurationOfFrame(frame);
      ids = frame.ids; // an id column (softspot's of a LAMMPS input, OVITO's Particle Identifier)
      if (config.model !== m.model) {
        throw new GlassInputError(path, `${path}: a glass of model '${config.model}' (model= on line 2), ` +
          `but the run is of model '${m.model}'; a results directory holds glasses of one model: give files of one model, and --model naming it`);
      }
    } else {
      const snapshot = format === 'lammps-data' ? readLammpsData(text, path, { dimension: 'auto' }) : readLammpsDump(text, path, { dimension: 'auto', lineOffset, followed });
      checkLammpsModel(snapshot, m.model);
      if (!named && snapshot.titleModel === undefined && !modelPreset(m.model).law.perParticle) refusePolydisperse(snapshot);
      config = lammpsToConfiguration(snapshot, { model: m.model });
      ids = Int32Array.from(snapshot.ids); // particle k is the atom of the k-th smallest id
    }
  } catch (error) {
    if (error instanceof GlassInputError) throw error;
    if (isArgumentError(error)) throw new GlassInputError(path, error.message.startsWith(path) ? error.message : `${path}: ${error.message}`);
    // A file of another format under a known extension, or an XYZ file cut off: said beside the line (lib/io/reading-hints.ts).
    const hint = error instanceof SourceLineError && !(error instanceof LammpsFormatError && error.cutFrame)
      ? readingHint(format, text, error.line, lineOffset, !followed, 1, false) : undefined;
    if (hint !== undefined) throw new GlassInputError(path, `${(error as Error).message}; ${hint}`);
    throw error;
  }
  const d = dimensionOf(config);
  if (m.dim !== undefined && d !== m.dim) {
    throw new GlassInputError(path, `${path}: a ${d}D glass, but the run is of ${m.model} in ${m.dim}D; give glasses of one dimension (--dim)`);
  }
  if (config.n < MIN_SAMPLE_PARTICLES) {
    throw new GlassInputError(path, `${path}: ${config.n} particles; a sample needs at least ${MIN_SAMPLE_PARTICLES}`);
  }
  try {
    if (isNdGlass(config)) lawOfConfiguration(config); else modelOfConfiguration(config);
  } catch (error) {
    if (error instanceof ArgumentRangeError) throw new GlassInputError(path, `${path}: ${error.message}`);
    throw error;
  }
  return { config, ...(ids !== undefined ? { ids } : {}) };
}

/** A glass read from a file for a sample, with the file's atom ids in particle order when it has them. */
export interface SampleGlass {
  config: Configuration;
  /** A LAMMPS file's atom ids, or an extended-XYZ file's id column, in particle order (Int32Array(N)). */
  ids?: Int32Array;
}

/** Options of {@link glassSpecs}. */
export interface GlassEnsembleSpec {
  /** The glass files, one sample each. */
  glasses: readonly string[];
  model?: string;
  /**
   * The run's dimension. Default: the model's; for a model of several dimensions (`poly`),
   * the files' (the first glass's, which every other must share).
   */
  dim?: 2 | 3;
  events?: Partial<EventProtocol>;
  validate?: boolean;
  /** Minimize each glass before analysing it (GlassSource.minimize). */
  minimize?: boolean;
  /**
   * Called after each glass is checked (`checked` of `total`, every file scanned first):
   * planning a dump of thousands of frames parses every one (~15 ms a frame of 10⁴ atoms).
   */
  onProgress?: (checked: number, total: number) => void;
}

/**
 * What {@link glassSpecs} plans: the specs in the order of the files (a dump's frames in
 * order), the absolute path of each, and the frame of a dump's glass (undefined otherwise).
 */
export interface GlassPlan {
  /** The model and dimension of every glass (the dimension the files' when it was not given: GlassEnsembleSpec.dim). */
  model: RunModel;
  specs: SampleSpec[];
  paths: string[];
  frames: Array<number | undefined>;
  /**
   * What the user should know about the plan: a gzip trajectory of many frames (what it costs
   * each job); a dump whose last frame is cut (left out of the plan).
   */
  notes: string[];
}

/**
 * Reads every file once (see the module doc) and returns one spec per file.
 * @throws GlassInputError for a file that cannot be read or is not a glass of the run's
 *   model and dimension, and for two files with the same content; the readers' own
 *   XyzFormatError / LammpsFormatError (file:line) for a malformed file; RangeError for options.
 */
export async function glassSpecs(e: GlassEnsembleSpec): Promise<GlassPlan> {
  const gsdFiles = new GsdFiles(); // each GSD file indexed once for both passes
  try {
    return await planGlasses(e, gsdFiles);
  } finally {
    await gsdFiles.close();
  }
}

/** How much of a text file ownModelOf reads: line 2 of an extended XYZ, line 1 of a data file. */
const HEAD_BYTES = 1 << 16;

/**
 * The model a glass file names itself, as the single-glass commands read it: an extended
 * XYZ's `model=` on line 2, softspot's data-file title (`softspot data file: model=NAME`), a
 * GSD file softspot wrote (`log/softspot/model`), also gzip-compressed; undefined for any
 * other file, a name that is not a known model, and another compression.
 */
async function ownModelOf(path: string, format: GlassSource['format'], gsdFiles: GsdFiles): Promise<string | undefined> {
  let name: string | undefined;
  try {
    if (format === 'gsd') {
      name = (await (await gsdFiles.get(path)).frame(0)).model;
    } else if (format === 'xyz' || format === 'lammps-data') {
      const head = await fileHead(path, HEAD_BYTES); // of a gzip file, what it inflates to
      const lines = head.toString('latin1').split('\n', 2);
      if (format === 'lammps-data') name = titleModelOf(lines[0] ?? '');
      else if (lines.length === 2) name = parseKeyValues(lines[1]!.replace(/\r$/, ''), () => { throw new Error('unparsed'); }).find((kv) => kv.key.toLowerCase() === 'model')?.value;
    }
  } catch {
    return undefined; // planning reads the file again and says what is wrong with it
  }
  return name !== undefined && isModelName(name) ? name : undefined;
}

/**
 * The model the first of `glasses` (files or directories) names itself (ownModelOf: an
 * extended XYZ's model=, softspot's data-file title, a GSD file softspot wrote), or
 * undefined: what `softspot run GLASS...` without --model runs, as info, lhc or aqs read a
 * file. Every other file must then be of that model (planning refuses one that is not).
 */
export async function filesOwnModel(glasses: readonly string[]): Promise<string | undefined> {
  const first = (await expandDirectories(glasses).catch(() => glasses))[0];
  if (first === undefined) return undefined;
  const path = resolve(first);
  const gsdFiles = new GsdFiles();
  try {
    return await ownModelOf(path, await formatOfFile(path), gsdFiles);
  } catch {
    return undefined; // planning says what is wrong with the file
  } finally {
    await gsdFiles.close();
  }
}

/** {@link glassSpecs} with the GSD files open in `gsdFiles`. */
async function planGlasses(e: GlassEnsembleSpec, gsdFiles: GsdFiles): Promise<GlassPlan> {
  if (!Array.isArray(e.glasses) || e.glasses.length === 0) throw new ArgumentRangeError('glasses: expected at least one glass file');
  let m = runModel(e.model, e.dim);
  expectShearableModel(m.model);
  // No model named (the run's default, ipl): a polydisperse file is refused as the single-glass commands refuse it.
  const named = e.model !== undefined || e.dim !== undefined;
  let events = eventProtocol(m, e.events);
  // A model of several dimensions without a given one takes the files': the first glass's.
  const filesDimension = e.dim === undefined && modelPreset(m.model).dimensions.length > 1;
  const specs: SampleSpec[] = [], paths: string[] = [], frames: Array<number | undefined> = [], notes: string[] = [];
  const seen = new Map<string, string>();
  // 1. Every file scanned for its glasses (hashes, spans): a twin or an unreadable file is refused before any glass is parsed.
  const planned: Array<{ given: string; path: string; format: GlassSource['format']; sha256: string; span?: FrameSpan; frame?: number; last?: boolean; followed: boolean }> = [];
  for (const given of await expandDirectories(e.glasses)) {
    const path = resolve(given);
    const format = await formatOfFile(path); // by extension, else by its first bytes (LAMMPS's data.* and dump.* names)
    let glasses: Awaited<ReturnType<typeof glassesOfFile>>['glasses'];
    try {
      const found = await glassesOfFile(path, format, m.model, gsdFiles, named);
      glasses = found.glasses;
      if (found.leftOut !== undefined) notes.push(leftOutNote(given, found.leftOut, truncatedGzip(given, 'this last frame')[0], 'file'));
      if (found.scan?.compressed === true && found.scan.frames.length >= GZIP_FRAMES_NOTE) notes.push(gzipNote(given, found.scan));
    } catch (error) {
      if (error instanceof SourceLineError) throw error; // the reader's own file:line message (another compression, a damaged gzip stream)
      if (error instanceof GsdFormatError) throw new GlassInputError(given, error.message); // a GSD file that is not one, or a frame that does not fit the model
      const code = (error as NodeJS.ErrnoException).code;
      throw new GlassInputError(given, `${given}: cannot read the glass file (${systemCodeOr(error)}); ` +
        (code === 'ENOENT' ? 'check the path' : 'check that it is a readable file'));
    }
    for (const glass of glasses) {
      const label = glassLabel(given, glass.frame);
      const twin = seen.get(glass.sha256);
      if (twin !== undefined) {
        throw new GlassInputError(given, `${label}: the same ${glass.frame === undefined ? 'bytes' : 'frame text'} as ${twin}; one glass is one sample: ${twinAdvice(given, twin)}`);
      }
      seen.set(glass.sha256, label);
      planned.push({ given, path, format, ...glass, last: glass === glasses.at(-1) && glasses.length > 1, followed: glass !== glasses.at(-1) });
    }
  }
  // 2. Each glass read and checked, one at a time; a twin by content (frames whose text
  // differs in the timestep only, one glass in two formats) is refused as a twin by text is.
  const seenGlass = new Map<string, string>();
  for (const { given, path, format, sha256, span, frame, last, followed } of planned) {
    const { text, lineOffset } = await glassText(path, format, m.model, span, frame, gsdFiles);
    const first = specs.length === 0;
    let config: Configuration;
    try {
      config = readGlassText(given, text, textFormat(format), filesDimension ? { model: m.model } : m, lineOffset, followed, named).config;
    } catch (error) {
      // The last frame of a dump LAMMPS is still writing: the run takes the whole frames, and
      // the same command run again once the frame is complete adds it as a new sample.
      // (error.line is where the first missing atom line was expected: one past the file's end.)
      if (!(last === true && error instanceof LammpsFormatError && error.cutFrame)) throw error;
      notes.push(leftOutNote(given, frame!, `the file ends at line ${error.line - 1} inside this last frame's atoms, as a dump LAMMPS is still writing does`, 'dump'));
      continue;
    }
    const content = glassContentHash(config);
    const twin = seenGlass.get(content);
    if (twin !== undefined) {
      throw new GlassInputError(given, `${glassLabel(given, frame)}: the same glass as ${twin} (cell, species and positions equal; the files' text differs, ` +
        `e.g. in the timestep or the columns); one glass is one sample: ${twinAdvice(given, twin)}`);
    }
    seenGlass.set(content, glassLabel(given, frame));
    if (filesDimension && first) {
      m = runModel(m.model, dimensionOf(config));
      events = eventProtocol(m, e.events);
    } else if (filesDimension && dimensionOf(config) !== m.dim) {
      throw new GlassInputError(given, `${glassLabel(given, frame)}: a ${dimensionOf(config)}D glass, but the first glass of the run, ${glassLabel(planned[0]!.given, planned[0]!.frame)}, ` +
        `is ${m.dim}D; a run holds glasses of one dimension: give files of one dimension`);
    }
    specs.push({
      n: config.n,
      ...specModelFields(m),
      glass: { sha256, format, ...(e.minimize === true ? { minimize: true as const } : {}) },
      events,
      validate: e.validate ?? false,
    });
    paths.push(path);
    frames.push(frame);
    e.onProgress?.(specs.length, planned.length);
  }
  expectRule('glasses', specs.length, SAMPLES_RULE);
  return { model: m, specs, paths, frames, notes };
}

/** The planning note of a last frame `frame` left out of a file being written (`why`); frames 0 … frame − 1 are planned. */
function leftOutNote(given: string, frame: number, why: string, file: 'dump' | 'file'): string {
  return `${glassLabel(given, frame)}: left out: ${why}; the run plans the file's ${frame} whole frames: run the same command again once the ${file} is complete to add this one`;
}

/** SHA-256 of what makes a glass: its cell, species, positions and sizes σ_i, as read (bits). */
function glassContentHash(config: Configuration): string {
  const hash = createHash('sha256');
  for (const array of [config.cell, config.species, config.positions, config.sigma ?? new Float64Array(0)]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  return hash.digest('hex');
}

/**
 * The paths of `given` with each directory replaced by its glass files (the extensions of
 * lib/io FORMAT_OF_EXTENSION, sorted by name; not recursive), so that a run of more files
 * than a command line holds can name their directory.
 * @throws GlassInputError for a directory without glass files; RangeError for a path that is not a non-empty string or too many files.
 */
export async function expandDirectories(given: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const g of given) {
    if (typeof g !== 'string' || g === '') throw new ArgumentRangeError(`glasses: expected file paths, got ${JSON.stringify(g)}`);
    let isDirectory = false;
    try { isDirectory = (await stat(g)).isDirectory(); } catch { /* not there: glassSpecs says so when it reads it */ }
    if (!isDirectory) { out.push(g); continue; }
    const files = (await readdir(g, { withFileTypes: true }))
      .filter((f) => f.isFile() && isGlassFileName(f.name))
      .map((f) => f.name).sort();
    if (files.length === 0) {
      throw new GlassInputError(g, `${g}: a directory without glass files (${Object.keys(FORMAT_OF_EXTENSION).join(', ')}, each also as ${COMPRESSED_EXTENSION}); give the files, or a directory that holds them`);
    }
    out.push(...files.map((f) => join(g, f)));
  }
  return out;
}

/**
 * A glass as a queue job carries it (`softspot run --queue URL --ship-glasses`), so that a
 * worker needs no access to the file: the planned bytes (the file's, or a dump frame's
 * text), gzip-compressed and base64-encoded, and for a dump frame the line it starts on
 * (so that line numbers stay the file's). JSON-safe: jobs travel through Redis.
 */
export interface ShippedGlass {
  gzipBase64: string;
  firstLine?: number;
  /** A GSD frame's atom ids (gsdFrameGlass), which its shipped text does not hold. */
  ids?: number[];
}

/**
 * The shipped copies of planned glasses, in order: each file is read once, and every glass
 * must still have its planned SHA-256.
 * @throws GlassInputError for a file that is gone, unreadable or changed since planning.
 */
export async function shipGlasses(glasses: ReadonlyArray<{ spec: SampleSpec; glass?: string; frame?: number }>): Promise<ShippedGlass[]> {
  const scans = new Map<string, FrameSpan[]>();
  const gsdFiles = new GsdFiles(); // a GSD trajectory indexed once for all its frames
  const out: ShippedGlass[] = [];
  const cannot = 'cannot read the glass file to ship it (--ship-glasses)', remedy = 'check that it is still there and readable';
  try {
    for (const { spec, glass: path, frame } of glasses) {
      if (spec.glass === undefined || path === undefined) throw new ArgumentRangeError('glasses: a shipped glass is a sample of a glass file (spec.glass and its path)');
      let bytes: Buffer | undefined, firstLine: number | undefined, ids: Int32Array | undefined;
      if (spec.glass.format === 'gsd') {
        const read = await onGlassFile(path, cannot, remedy, () => gsdGlass(path, frame ?? 0, spec.model ?? 'ipl', gsdFiles));
        bytes = Buffer.from(read.text);
        ids = read.ids;
      }
      else if (frame === undefined) bytes = await onGlassFile(path, cannot, remedy, () => readText(path, textFail(path, spec.glass!.format as TextFormat)));
      else {
        let frames = scans.get(path);
        if (frames === undefined) scans.set(path, frames = (await onGlassFile(path, cannot, remedy, () => scanFrames(path, spec.glass!.format as TrajectoryFormat))).frames);
        const span = frames[frame];
        if (span !== undefined) {
          bytes = await onGlassFile(path, cannot, remedy, () => readFrameBytes(path, span, spec.glass!.format as TrajectoryFormat));
          firstLine = span.line;
        }
      }
      expectPlanned(spec, path, frame, bytes === undefined ? undefined : sha256Of(bytes));
      out.push({ gzipBase64: gzipSync(bytes!).toString('base64'), ...(firstLine !== undefined ? { firstLine } : {}), ...(ids !== undefined ? { ids: Array.from(ids) } : {}) });
    }
  } finally {
    await gsdFiles.close();
  }
  return out;
}

/** Runs `read` on the glass file `path`; its failure is a GlassInputError saying `what` could not be done and `remedy`. */
async function onGlassFile<T>(path: string, what: string, remedy: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SourceLineError || error instanceof GsdFormatError) throw new GlassInputError(path, error.message); // the reader's own message
    throw new GlassInputError(path, `${path}: ${what} (${systemCodeOr(error)}); ${remedy}`);
  }
}

/** The system's error code (ENOENT, EACCES, …) of `error`, else its message (a library error's code says less than its words). */
function systemCodeOr(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : (error as Error).message;
}

/** A shipped GSD frame's ids as an Int32Array of N positive integers; @throws GlassInputError for a damaged list. */
function checkedIds(ids: unknown, n: number, path: string, frame: number | undefined): Int32Array {
  if (!Array.isArray(ids) || ids.length !== n || ids.some((id) => !Number.isInteger(id) || id < 1 || id > 0x7fffffff)) {
    throw new GlassInputError(path, `${glassLabel(path, frame)}: the atom ids the job carries are not ${n} ids in 1 … 2³¹ − 1 (a damaged job); rerun the same command to enqueue it again`);
  }
  return Int32Array.from(ids as number[]);
}

/** @throws GlassInputError unless `sha256` is the planned glass's. */
function expectPlanned(spec: SampleSpec, path: string, frame: number | undefined, sha256: string | undefined): void {
  const glass = spec.glass!;
  if (sha256 !== glass.sha256) {
    throw new GlassInputError(path, `${glassLabel(path, frame)}: the file changed after the run was planned (the SHA-256 of its ${frame === undefined ? 'bytes' : `frame ${frame}`} ` +
      `is not ${glass.sha256.slice(0, 12)}…); rerun the same command to plan the edited file as new samples`);
  }
}

/**
 * The glass of a sample of SampleSpec.glass, by a job: from the copy the job carries
 * (`shipped`), else read from `path` (frame `frame` of a dump), whose bytes must still be
 * those planned. `path` names the glass in messages either way. With it, the file's atom ids
 * (a LAMMPS file's, an extended-XYZ id column) in particle order.
 * @throws GlassInputError when the file is gone, unreadable or changed, or the copy is damaged.
 */
export async function readSampleGlass(spec: SampleSpec, path: string | undefined, frame?: number, shipped?: ShippedGlass): Promise<SampleGlass> {
  const glass = spec.glass!;
  const m = { model: spec.model ?? 'ipl', dim: spec.dim === 3 ? 3 : 2 } as const;
  if (path === undefined) throw new GlassInputError('', 'the job names no glass file (a job of a glass sample carries its path); plan the run again');
  if (shipped !== undefined) {
    let bytes: Buffer;
    try {
      bytes = gunzipSync(Buffer.from(shipped.gzipBase64, 'base64'));
    } catch (error) {
      throw new GlassInputError(path, `${glassLabel(path, frame)}: the copy of the glass in the job is damaged (${(error as Error).message}); rerun the same command to enqueue it again`);
    }
    if (sha256Of(bytes) !== glass.sha256) {
      throw new GlassInputError(path, `${glassLabel(path, frame)}: the copy of the glass in the job is not the planned glass (its SHA-256 is not ${glass.sha256.slice(0, 12)}…); rerun the same command to enqueue it again`);
    }
    const read = readGlassText(path, bytes.toString('utf8'), textFormat(glass.format), m, shipped.firstLine ?? 0);
    return shipped.ids !== undefined && read.ids === undefined ? { ...read, ids: checkedIds(shipped.ids, read.config.n, path, frame) } : read;
  }
  const cannot = 'cannot read the glass file on this machine', remedy =
    'the workers of a queue run read the files at the paths the run planned: put them on a file system every worker sees, ' +
    'or let the jobs carry the glasses (softspot run --ship-glasses)';
  // A job reads and hashes only its own frame, scanning the file up to its end: the F jobs
  // of a dump of F frames neither hash F² frames nor hold the file in memory.
  let bytes: Buffer | undefined, span: FrameSpan | undefined;
  if (glass.format === 'gsd') {
    const { text, ids } = await onGlassFile(path, cannot, remedy, () => gsdGlass(path, frame ?? 0, m.model));
    expectPlanned(spec, path, frame, sha256Of(text));
    const read = readGlassText(path, text, 'xyz', m);
    return ids !== undefined ? { ...read, ids } : read;
  }
  if (frame === undefined) bytes = await onGlassFile(path, cannot, remedy, () => readText(path, textFail(path, glass.format as TextFormat)));
  else {
    span = (await onGlassFile(path, cannot, remedy, () => scanFrames(path, glass.format as TrajectoryFormat, { maxFrames: frame + 1 }))).frames[frame];
    if (span !== undefined) bytes = await onGlassFile(path, cannot, remedy, () => readFrameBytes(path, span!, glass.format as TrajectoryFormat));
  }
  expectPlanned(spec, path, frame, bytes === undefined ? undefined : sha256Of(bytes));
  const text = span === undefined ? bytes!.toString('utf8') : frameText(bytes!, path, glass.format as TrajectoryFormat, span, frame!);
  return readGlassText(path, text, glass.format, m, span?.line ?? 0);
}

/**
 * A glass file's configuration taken to the nearest minimum, for a sample of GlassSource
 * `minimize` (MD snapshots): conjugate gradient to max |F| ≤ 1e-8 ε/λ, as `softspot minimize`
 * does (the 2D kernels for a species law in 2D, lib/nd's for 3D and `poly`); the lhc stage's
 * Newton polish then takes it to the force floor, as for any glass read from a file.
 * @returns the minimized copy and its energy U (ε).
 * @throws Error when CG does not reach the tolerance in its iteration cap (the sample fails at the read stage, saying so).
 */
export function minimizeSampleGlass(config: Configuration): { config: Configuration; energy: number } {
  const result = isNdGlass(config) ? minimizeGlassNd(config) : minimizeGlass(config, { newton: false });
  if (!result.converged) {
    throw new Error(`the minimization of the glass did not converge: max |F| = ${result.maxForce.toExponential(2)} ε/λ after ${result.cgIterations} CG iterations ` +
      `(tolerance ${MINIMIZE_DEFAULTS.cgTolerance}); check that the file holds configurations of the run's model`);
  }
  return { config: result.config, energy: result.energy };
}

/** U (ε) of a glass under its model: the 2D kernels for a species law in 2D, lib/nd otherwise. */
export function glassEnergy(config: Configuration): number {
  return isNdGlass(config) ? energyForcesNd(config, lawOfConfiguration(config)).energy : energyForces(config, modelOfConfiguration(config)).energy;
}

/**
 * What to do about a glass met twice: two files, leave one out of the command; two frames of
 * one file (`run` takes a file's frames all), write the frames meant to files of their own.
 */
function twinAdvice(given: string, twin: string): string {
  if (!twin.startsWith(`${given}#`)) return 'leave one of the two out';
  return `the file holds the glass twice; write the frames you mean to files of their own (softspot minimize ${given} --frame K --out gK.xyz --no-newton --tol X, ` +
    `one per frame, with X above the frame's max |force| (softspot info ${given} --frame K): it then writes the frame as it is) or cut the repeated frame out of the file, and run those`;
}
