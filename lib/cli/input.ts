/**
 * Reading the files a user names, with errors in the user's terms (an InputError, exit
 * code 2): a missing file, a directory, a glass too small to analyse; and running a
 * computation on a glass so that what the library finds wrong with the configuration
 * itself is reported against the file.
 */
import { pairCutoffNote } from '../io/lammps-config.js';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from '../config.js';
import { ArgumentRangeError, isArgumentError, UnstableConfigurationError } from '../errors.js';
import {
  checkLammpsModel, configurationOfFrame, GsdFormatError, gsdToConfiguration, lammpsToConfiguration, readGsdFrame, readLammpsData, readLammpsDump, readXyzFrame,
  type ConfigurationFormat, type LammpsSnapshot,
} from '../io/index.js';
import { readText, textFail } from '../io/compression.js';
import { formatOfFile } from '../io/sniff-format.js';
import { FORMAT_NAMES, readingHint } from '../io/reading-hints.js';
import { SourceLineError } from '../io/errors.js';
import { readTrajectoryFrame, type TrajectoryFrame } from '../io/trajectory.js';
import { errorMessage, exitCode, InputError, UsageError } from './errors.js';
import { modelOfConfiguration } from '../model/index.js';
import { modelFromFile } from '../model/model-file.js';
import { MODEL_PRESET_NAMES, isModelName, modelPreset, registerModel, unknownModelMessage } from '../model/presets.js';
import { isNdGlass, lawOfConfiguration } from '../nd/law.js';
import { cellVolume } from '../space/cell-nd.js';

/** The text of an input file; `what` says what the file should be ("configuration file (.xyz)"). */
export async function readInputFile(path: string, what: string): Promise<string> {
  return await onInputFile(path, what, () => readFile(path, 'utf8'));
}

/**
 * One frame of an input trajectory file (a LAMMPS dump, extended XYZ of one or more
 * frames), read alone: a file of any number of frames costs the memory of one
 * (lib/io/trajectory.ts).
 */
async function readInputFrame(path: string, format: 'xyz' | 'lammps-dump', what: string, frame?: number): Promise<TrajectoryFrame> {
  return await onInputFile(path, what, () => readTrajectoryFrame(path, format, frame !== undefined ? { frame } : {}));
}

/**
 * Runs `read` on the file `path`, reporting a missing or unreadable file or a directory as
 * an InputError expecting `what`; the readers' own errors (file:line: what; what to do) pass as they are.
 */
async function onInputFile<T>(path: string, what: string, read: () => Promise<T>): Promise<T> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(path)).isDirectory();
    if (!isDirectory) return await read();
  } catch (error) {
    if (exitCode(error) === 2 && !(error instanceof SourceLineError || error instanceof GsdFormatError)) throw new InputError(path, `${errorMessage(error)}; expected a ${what}`);
    throw error;
  }
  throw new InputError(path, `${path}: is a directory; expected a ${what}`);
}

/** Checks that `path` is a directory holding `inside` (e.g. "samples"); `what` says what it should be. */
export async function checkInputDirectory(path: string, inside: string, what: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    if (exitCode(error) === 2) throw new InputError(path, `${errorMessage(error)}; expected ${what}`);
    throw error;
  }
  if (!isDirectory) throw new InputError(path, `${path}: is not a directory; expected ${what}`);
  let insideIsDirectory: boolean;
  try {
    insideIsDirectory = (await stat(join(path, inside))).isDirectory();
  } catch (error) {
    if (exitCode(error) === 2) throw new InputError(path, `${path}: has no ${inside}/; expected ${what}`);
    throw error;
  }
  // A file there would read as no samples, and the aggregates of a finished run be rewritten empty.
  if (!insideIsDirectory) throw new InputError(path, `${join(path, inside)}: is not a directory; expected ${what}; nothing was written`);
}

/** True when --model names a model file (`--model params.json`) rather than a preset. */
export const isModelFile = (value: string): boolean => value.toLowerCase().endsWith('.json');

/**
 * The model name --model stands for: a built-in preset's name, or a model file
 * (lib/model/model-file.ts), which is read, checked and registered for this process
 * under its "name".
 * @throws UsageError for an unknown preset name; InputError for a model file that is
 *   missing, not JSON or not a valid model (naming the file and the key)
 */
export async function resolveModelOption(value: string): Promise<string> {
  if (!isModelFile(value)) {
    if (!isModelName(value)) throw new UsageError(unknownModelMessage('--model', value));
    return value;
  }
  const text = await readInputFile(value, 'model file (JSON; softspot info --json prints the form)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(value, `${value}: not JSON (${(error as Error).message}); a model file is a JSON object (softspot info --json prints the form)`);
  }
  try {
    const preset = modelFromFile(parsed, value, MODEL_PRESET_NAMES);
    registerModel(preset);
    return preset.name;
  } catch (error) {
    if (isArgumentError(error)) throw new InputError(value, error.message);
    throw error;
  }
}

/** A glass needs two particles: one is held fixed to remove the translations, the other moves. */
export const MIN_PARTICLES = 2;

/**
 * Runs a text reader and adds to its error (a SourceLineError: file and line) what the file
 * looks like when that tells the user more than the line does (lib/io/reading-hints.ts).
 * @throws InputError with the reader's message and the hint; the reader's error as it is otherwise
 */
function withReadingHints<T>(path: string, format: ConfigurationFormat, text: string, lineOffset: number, lastFrame: boolean,
  frame: InputFrame | undefined, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SourceLineError)) throw error;
    const hint = readingHint(format, text, error.line, lineOffset, lastFrame, frame?.count ?? 1);
    if (hint === undefined) throw error;
    throw new InputError(path, `${error.message}; ${hint}`);
  }
}

/** How a command reads its glass: the --format, --frame and --model options (see GLASS_INPUT_OPTIONS). */
export interface GlassInput {
  /** Default: from the file's extension (formatOfPath). */
  format?: ConfigurationFormat;
  /** Frame of a LAMMPS dump or of an extended-XYZ file of several frames, 0-based, negative from the end; default −1 (the last). */
  frame?: number;
  /** Model preset of a LAMMPS file (types map to its species in order); default the paper's ipl. */
  model?: string;
}

/**
 * Reads a glass that softspot can analyse (N ≥ 2): extended XYZ (its model from model= on
 * line 2), or a LAMMPS data file or dump under the preset `input.model` (type t → the
 * preset's t-th species; default `ipl`: 1, 2 → S, L; docs/design.md §10). The file's dimension
 * must be in `dimensions` (default [2]; a d-generic command passes [2, 3]): a 3D file for
 * a 2D command is an InputError saying that `softspot <command>` handles 2D glasses only
 * so far. A 3D LAMMPS file needs a 3D --model (`ipl3d`, `ka`): without one, or under a 2D
 * preset, it is an InputError naming the 3D presets; so is any other LAMMPS file that
 * does not fit the --model (a type beyond the species, `poly`). An unknown --model, or
 * --model on an extended-XYZ file, is a UsageError. Of a file of several frames it reads
 * one (--frame, default the last) and tells `notice` which ({@link frameNotice}).
 */
export async function readInputGlass(
  path: string, input: GlassInput = {}, command = 'this command', dimensions: readonly (2 | 3)[] = [2], notice?: (line: string) => void,
): Promise<Configuration> {
  return (await readInputGlassWithIds(path, input, command, dimensions, notice)).config;
}

/**
 * readInputGlass, and a LAMMPS file's atom ids in particle order and its masses
 * (readInputGlassWithMasses), for the commands that write per-particle files and
 * configurations (a LAMMPS data file written back keeps both: lib/cli/output.ts).
 */
export async function readInputGlassWithIds(
  path: string, input: GlassInput = {}, command = 'this command', dimensions: readonly (2 | 3)[] = [2], notice?: (line: string) => void,
): Promise<{ config: Configuration; ids?: Int32Array; masses?: Float64Array; frame?: InputFrame; format: ConfigurationFormat }> {
  const { config, ids, masses, frame, notes, format } = await readInputGlassWithMasses(path, input, command, dimensions);
  if (frame !== undefined) notice?.(frameNotice(command, path, frame));
  for (const note of notes) notice?.(note);
  return { config, ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}), ...(frame !== undefined ? { frame } : {}), format };
}

/** A number density this far from the model's (a factor) is worth a line: the wrong --model, or a file in other units. */
const DENSITY_FACTOR_NOTE = 1.3;

/**
 * The lines (each ending in a newline) a command writes on stderr about the model a glass
 * was read under: the default `ipl` taken for a LAMMPS or GSD file without --model (such
 * files do not name their law), and a number density N/V far from the model's (a file of
 * another model or in other units: LAMMPS `units metal` is Å, not σ).
 */
export function modelNotes(command: string, path: string, config: Configuration, format: ConfigurationFormat, modelGiven: boolean): string[] {
  const notes: string[] = [];
  const name = config.model ?? 'ipl';
  if (!modelGiven && config.model === undefined && format !== 'xyz') {
    notes.push(`${command}: ${path}: read under the default model ipl (the paper's 2D glass): a ${FORMAT_NAMES[format].what} does not name its pair law; ` +
      'name it with --model (ka2d, poly, a model file: docs/lammps.md) if the glass is of another\n');
  }
  const density = config.n / Math.abs(cellVolume(config.cell));
  const modelDensity = modelPreset(name).density;
  if (density > DENSITY_FACTOR_NOTE * modelDensity || density < modelDensity / DENSITY_FACTOR_NOTE) {
    notes.push(`${command}: note: ${path}: number density N/V = ${density.toPrecision(4)}, but model ${name}'s is ${modelDensity}: ` +
      `if that is not intended, the glass is of another model (--model) or in other units (softspot takes lengths in the model's unit${format === 'xyz' ? '' : '; LAMMPS units metal or real are Å'})\n`);
  }
  const composition = compositionNote(config, modelPreset(name), format);
  if (composition !== undefined) notes.push(`${command}: note: ${path}: ${composition}\n`);
  return notes;
}

/**
 * Fraction of a species by which a glass's composition must differ from its model's for a
 * note: swapped LAMMPS types turn KA's 80:20 into 20:80 (0.6 apart, ka2d's 65:35 0.3), while
 * the random composition of a prepared glass of N ≥ 50 strays by a few hundredths.
 */
const COMPOSITION_NOTE = 0.25;

/**
 * What a composition far from the model's may mean (LAMMPS types in another order than the
 * model's species: a `pair_style table` glass has no Pair Coeffs to compare), or undefined.
 */
function compositionNote(config: Configuration, preset: ReturnType<typeof modelPreset>, format: ConfigurationFormat): string | undefined {
  const k = preset.species.length;
  if (k < 2 || config.n < 50 || preset.fractions.length !== k) return undefined;
  const counts = new Array<number>(k).fill(0);
  for (let p = 0; p < config.n; p++) counts[config.species[p]!]! += 1;
  if (!counts.some((c, s) => Math.abs(c / config.n - preset.fractions[s]!) > COMPOSITION_NOTE)) return undefined;
  const percent = (f: number): string => `${Math.round(100 * f)} %`;
  const mine = counts.map((c, s) => `${preset.species[s]} ${percent(c / config.n)}`).join(', ');
  const theirs = preset.fractions.map((f, s) => `${preset.species[s]} ${percent(f)}`).join(', ');
  return `composition ${mine}, but model ${preset.name}'s is ${theirs}: if that is not intended, ` +
    (format === 'xyz' || format === 'gsd'
      ? 'the glass is of another model (--model)'
      : `its atom types are in another order than the model's species (LAMMPS type t is the t-th: ${preset.species.map((sp, s) => `${s + 1} → ${sp}`).join(', ')}), ` +
        'or the glass is of another model (--model)');
}

/** The line a command writes on stderr when it reads one frame of a file of several. */
export function frameNotice(command: string, path: string, frame: InputFrame): string {
  return `${command}: ${path}: frame ${whichFrame(frame)}\n`;
}

/** "1 of 3 (0-based; the last; --frame K reads another)": which frame was read (frameNotice, softspot info). */
export function whichFrame(frame: InputFrame): string {
  return `${frame.index} of ${frame.count} (0-based${frame.index === frame.count - 1 ? '; the last' : ''}; --frame K reads another)`;
}

/** Which frame of a file of several (a LAMMPS dump, an extended-XYZ trajectory) was read: 0-based, of `count`. */
export interface InputFrame {
  index: number;
  count: number;
}

/**
 * readInputGlass, and the particle masses when they are not all 1: a LAMMPS file's per-atom
 * masses (a dump's `mass` column, an atom_style sphere data file's density × volume) or a
 * data file's `Masses` of the types present, or an extended-XYZ `masses:R:1` / `mass:R:1` column
 * (`masses`, one per particle; absent otherwise: softspot's unit masses). Only the
 * vibrational modes depend on masses (`softspot modes`). `ids`: a LAMMPS file's atom ids
 * in particle order (written as the `id` column of the extended XYZ a command writes, so
 * that OVITO joins it to the user's trajectory). `frame`: the frame read, when the file
 * holds more than one.
 */
export async function readInputGlassWithMasses(
  path: string, input: GlassInput = {}, command = 'this command', dimensions: readonly (2 | 3)[] = [2],
): Promise<{ config: Configuration; masses?: Float64Array; ids?: Int32Array; frame?: InputFrame; notes: string[]; format: ConfigurationFormat }> {
  let masses: Float64Array | undefined, ids: Int32Array | undefined;
  // The model a LAMMPS data file's line 1 names (softspot's own: model=NAME), which it is read under.
  let titleModel: string | undefined;
  const format = input.format ?? await formatOfFile(path); // by extension, else by its first bytes (LAMMPS's data.* and dump.* names)
  if (input.frame !== undefined && format === 'lammps-data') throw new UsageError(`--frame: applies to LAMMPS dumps, GSD files and extended-XYZ files, and ${path} is read as a LAMMPS data file`);
  let text = '', lineOffset = 0, which: InputFrame | undefined, followed = false;
  if (format === 'lammps-data') text = (await onInputFile(path, FORMAT_NAMES[format].what, () => readText(path, textFail(path, format)))).toString('utf8');
  else if (format !== 'gsd') {
    const read = await readInputFrame(path, format, FORMAT_NAMES[format].what, input.frame);
    ({ text, lineOffset } = read);
    followed = read.index < read.count - 1; // a frame before the last: the file goes on after its text
    if (read.count > 1) which = { index: read.index, count: read.count };
  }
  let config: Configuration;
  const formatNotes: string[] = [];
  if (format === 'gsd') {
    // Binary: the chosen frame's chunks only (lib/io/gsd.ts); types by name or order, σ_i from the diameters.
    const model = input.model === undefined ? undefined : await resolveModelOption(input.model);
    const frame = await onInputFile(path, FORMAT_NAMES[format].what, () => readGsdFrame(path, input.frame !== undefined ? { frame: input.frame } : {}));
    if (frame.count > 1) which = { index: frame.index, count: frame.count };
    if (frame.dim === 3 && !dimensions.includes(3)) {
      throw new InputError(path, `${path}: a 3D configuration (configuration/dimensions = 3); softspot ${command} analyses 2D glasses only; give a 2D file`);
    }
    try {
      config = gsdToConfiguration(frame, path, model !== undefined ? { model } : {});
    } catch (error) {
      if (error instanceof ArgumentRangeError) throw new InputError(path, `${path}: ${error.message}`);
      throw error;
    }
    if (model !== undefined && frame.model !== undefined && frame.model !== model) {
      throw new InputError(path, `${path}: frame ${frame.index} was written by softspot of model ${frame.model} (log/softspot/model), but --model names ` +
        `${isModelFile(input.model!) ? `the model file of '${model}'` : model}; drop --model (the file's own model is read), or give the file the model was made with`);
    }
    const frameMasses = frame.exact?.masses ?? frame.masses;
    if (frameMasses !== undefined && frameMasses.some((m) => m !== 1)) masses = frameMasses;
    if (frame.ids !== undefined) ids = frame.ids;
    if (frame.staleIds === true) {
      formatNotes.push(`${command}: note: ${path}: frame ${frame.index} was edited since softspot wrote it, so its atom ids (log/softspot/id) are not used ` +
        '(the particles may have been reordered); the particles are numbered in file order\n');
    }
  } else if (format === 'xyz') {
    // --model: the model of a file whose line 2 names none (OVITO's or ASE's files of a glass
    // made elsewhere: species by name or number); a file that names one must name the same.
    const given = input.model === undefined ? undefined : await resolveModelOption(input.model);
    const frame = withReadingHints(path, format, text, lineOffset, !followed, which, () => readXyzFrame(text, path, { lineOffset, ...(given !== undefined ? { model: given } : {}) }));
    if (given !== undefined && frame.model !== given) {
      throw new InputError(path, `${path}:2: the file names model=${frame.model}, but --model names ${isModelFile(input.model!) ? `the model file of '${given}'` : given}; ` +
        `drop --model (the file's own model is read), or give the file the model was made with`);
    }
    if (frame.dim === 3 && !dimensions.includes(3)) {
      throw new InputError(path, `${path}: a 3D configuration (model=${frame.model}, pbc="T T T"); ` +
        `softspot ${command} analyses 2D glasses only; give a 2D file`);
    }
    config = configurationOfFrame(frame);
    if (frame.masses !== undefined && frame.masses.some((m) => m !== 1)) masses = frame.masses;
    if (frame.ids !== undefined) ids = frame.ids; // an id column (softspot's of a LAMMPS input, OVITO's Particle Identifier) goes on into what is written
  } else {
    const model = input.model === undefined ? undefined : await resolveModelOption(input.model);
    const snapshot = withReadingHints(path, format, text, lineOffset, !followed, which, () => (format === 'lammps-data'
      ? readLammpsData(text, path, { dimension: 'auto' })
      : readLammpsDump(text, path, { dimension: 'auto', lineOffset, followed })));
    if (snapshot.dim === 3 && !dimensions.includes(3)) {
      throw new InputError(path, `${path}: a 3D configuration (its atoms do not all have the same z, or the box has xz or yz tilt); ` +
        `softspot ${command} analyses 2D glasses only; give a 2D file (LAMMPS dimension 2)`);
    }
    try {
      const preset = checkLammpsModel(snapshot, model); // a 3D file needs a 3D --model (the default ipl is 2D)
      const cutoffs = pairCutoffNote(snapshot, preset);
      if (cutoffs !== undefined) formatNotes.push(`${command}: note: ${path}: ${cutoffs}\n`);
    } catch (error) {
      if (error instanceof ArgumentRangeError) throw new InputError(path, error.message);
      throw error;
    }
    titleModel = snapshot.titleModel;
    masses = particleMasses(snapshot);
    const unset = masses === undefined ? -1 : masses.findIndex((m) => Number.isNaN(m));
    if (unset >= 0) {
      // LAMMPS allows a data file without the mass of a type (a `mass` command sets it): only the modes need it.
      if (command === 'modes') {
        throw new InputError(path, `${path}: the Masses section gives no mass for atom type ${snapshot.types[unset]} (atom id ${snapshot.ids[unset]}); ` +
          'the vibrational modes need every mass: add the line "type mass" (LAMMPS sets it with a mass command, which softspot does not read)');
      }
      masses = undefined;
    }
    ids = Int32Array.from(snapshot.ids); // particle k is the atom of the k-th smallest id (lammpsToConfiguration)
    config = lammpsToConfiguration(snapshot, model !== undefined ? { model } : {});
  }
  try {
    if (isNdGlass(config)) lawOfConfiguration(config); // the d-generic law (a 3D glass, or a poly glass: no 2D kernel Model)
    else modelOfConfiguration(config);
  } catch (error) {
    if (error instanceof ArgumentRangeError) throw new InputError(path, `${path}: ${error.message.replace(/^config\.model: /, '')}`);
    throw error;
  }
  if (config.n < MIN_PARTICLES) {
    throw new InputError(path, `${path}${format === 'xyz' ? ':1' : ''}: ${config.n} particle; softspot needs at least ${MIN_PARTICLES} ` +
      '(one is held fixed to remove the translations); give a glass of two or more particles');
  }
  const notes = [...formatNotes, ...modelNotes(command, path, config, format, input.model !== undefined || titleModel !== undefined)];
  return { config, ...(masses !== undefined ? { masses } : {}), ...(ids !== undefined ? { ids } : {}), ...(which !== undefined ? { frame: which } : {}), notes, format };
}

/**
 * Per-particle masses of a snapshot (atoms in id order, as lammpsToConfiguration): its
 * per-atom masses (a dump's `mass` column, an atom_style sphere data file), else the
 * `Masses` of each atom's type; undefined when they are all 1 (or there are none).
 */
function particleMasses(snapshot: LammpsSnapshot): Float64Array | undefined {
  if (snapshot.atomMasses !== undefined) return snapshot.atomMasses.every((m) => m === 1) ? undefined : Float64Array.from(snapshot.atomMasses);
  const masses = snapshot.masses;
  if (masses === undefined || snapshot.types.every((t) => masses[t - 1] === 1)) return undefined;
  return Float64Array.from(snapshot.types, (t) => masses[t - 1]!);
}

/** Checks --pinned against the glass it pins a particle of. */
export function checkPinned(pinned: number, config: Configuration): number {
  if (pinned >= config.n) throw new UsageError(`--pinned: expected an integer < N = ${config.n}, got ${pinned}`);
  return pinned;
}

/**
 * Runs `compute` on the glass of `path`. What the library finds wrong with the
 * configuration itself — not a stable minimum, a cell too small for the interaction
 * range (its checks of the parameter `config`) — is rethrown as an InputError naming
 * the file.
 */
export async function onGlass<T>(path: string, compute: () => T | Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (error) {
    if (error instanceof UnstableConfigurationError) {
      throw new InputError(path, `${path}: ${error.message}`);
    }
    if (error instanceof ArgumentRangeError && /^config[.:]/.test(error.message)) {
      throw new InputError(path, `${path}: ${error.message.replace(/^config(\.|: )/, '')}`);
    }
    throw error;
  }
}
