/**
 * One frame of a trajectory file — a LAMMPS dump, or an extended-XYZ file of one or more
 * frames — read alone: the file is scanned for its frames (./frame-scan.ts) and only the
 * chosen frame's bytes are read and decoded. Its text goes to the format's reader with
 * `lineOffset`, so errors name the file's lines. Used by readXyzFile, readLammpsDumpFile,
 * the CLI's input and the ensembles of glass files.
 */
import { constants } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { truncatedGzip } from './compression.js';
import { LammpsFormatError, XyzFormatError } from './errors.js';
import { readFrameBytes, scanFrames, type FrameScan, type FrameSpan, type TrajectoryFormat } from './frame-scan.js';
import { ArgumentRangeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** Which frame: `frame` (0-based, negative from the end; default −1, the last) or, in a dump, `timestep`. */
export interface FrameSelection {
  frame?: number;
  timestep?: number;
}

/** A frame read alone. */
export interface TrajectoryFrame {
  /** The frame's text (a file of one frame: the whole file). */
  text: string;
  /** Lines of the file before the frame: the readers' `lineOffset`. */
  lineOffset: number;
  /** The frame's 0-based index, and the number of frames of the file. */
  index: number;
  count: number;
  /** Where it lies in the file. */
  span: FrameSpan;
}

/** The options of readTrajectoryFrame (a complete list: AllKeysOf checks it against FrameSelection). */
const READ_TRAJECTORY_FRAME_OPTION_NAMES: AllKeysOf<FrameSelection, readonly ['frame', 'timestep']> = ['frame', 'timestep'];

/**
 * Reads frame `select` of the file at `path` (a file of one frame is frame 0 and −1).
 * @param caller the function named in argument errors.
 * @throws XyzFormatError / LammpsFormatError (by format) for a frame the file does not
 *   hold, naming its last line as the text readers do, or one too large to decode;
 *   RangeError for a selection that is not an integer; the file system's errors.
 */
export async function readTrajectoryFrame(path: string, format: TrajectoryFormat, select: FrameSelection = {}, caller = 'readTrajectoryFrame'): Promise<TrajectoryFrame> {
  expectKnownKeys('options', select, READ_TRAJECTORY_FRAME_OPTION_NAMES, caller);
  const { frame, timestep } = select;
  if (frame !== undefined && !Number.isSafeInteger(frame)) throw new ArgumentRangeError(`${caller}: expected options.frame to be an integer, got ${frame}`);
  if (timestep !== undefined) {
    if (format !== 'lammps-dump') throw new ArgumentRangeError(`${caller}: options.timestep selects a frame of a LAMMPS dump only`);
    if (!(Number.isSafeInteger(timestep) && timestep >= 0)) throw new ArgumentRangeError(`${caller}: expected options.timestep to be an integer ≥ 0, got ${timestep}`);
    if (frame !== undefined) throw new ArgumentRangeError(`${caller}: expected options.frame or options.timestep, not both`);
  }
  // A directory's read fails with Node's "EISDIR: illegal operation on a directory, read", naming no path.
  if ((await stat(path)).isDirectory()) throw Object.assign(new Error(`${path}: is a directory, not a file`), { code: 'EISDIR', path });
  const scan = await scanFrames(path, format);
  const index = chooseFrame(scan, path, format, select);
  const span = scan.frames[index]!;
  const bytes = await readFrameBytes(path, span, format);
  return { text: frameText(bytes, path, format, span, index), lineOffset: span.line, index, count: scan.frames.length, span };
}

/** Index of the frame `select` names, or the text readers' error for one the file does not hold. */
function chooseFrame(scan: FrameScan, path: string, format: TrajectoryFormat, select: FrameSelection): number {
  const { frames } = scan;
  const n = frames.length;
  if (format === 'lammps-dump' && scan.lastContentLine === 0) return 0; // an empty dump: its reader says so
  const fail = (problem: string, hint: string): never => {
    if (format === 'xyz') throw new XyzFormatError(path, Math.max(1, scan.lastContentLine), problem, hint);
    throw new LammpsFormatError(path, scan.lastContentLine, problem, hint);
  };
  let index: number;
  if (select.timestep !== undefined) {
    index = frames.findIndex((f) => f.timestep === select.timestep);
    if (index < 0) fail(`no frame has timestep ${select.timestep} (the ${n} frames run from ${frames[0]!.timestep} to ${frames.at(-1)!.timestep})`, 'pick a timestep the dump holds');
  } else {
    const k = select.frame ?? -1;
    index = k < 0 ? n + k : k;
    if (index < 0 || index >= n) {
      fail(format === 'xyz' ? `no frame ${k}: the file holds ${n} frame${n === 1 ? '' : 's'}` : `no frame ${k}: the dump holds ${n} frames`,
        `pick a frame in ${-n} … ${n - 1}`);
    }
  }
  // Read as it is, a cut frame is a short particle line or missing atoms, which misleads.
  if (scan.truncated && index === n - 1) {
    const [problem, hint] = truncatedGzip(path, n === 1 ? 'its frame' : `its last frame (frame ${index})`);
    fail(problem, n === 1 ? hint : `${hint}, or read an earlier frame (--frame 0 … ${n - 2})`);
  }
  return index;
}

/** The frame's bytes as UTF-8 text; a frame too large for one JavaScript string is a format error saying so. */
export function frameText(bytes: Buffer, path: string, format: TrajectoryFormat, span: FrameSpan, index: number): string {
  if (bytes.length > constants.MAX_STRING_LENGTH) {
    const FormatError = format === 'xyz' ? XyzFormatError : LammpsFormatError;
    throw new FormatError(path, span.line + 1, `frame ${index} is ${(bytes.length / 2 ** 20).toFixed(0)} MiB, more than one JavaScript string holds ` +
      `(${(constants.MAX_STRING_LENGTH / 2 ** 20).toFixed(0)} MiB)`, 'write the frame with fewer columns (id type x y z) or fewer digits; softspot reads one frame at a time, so the number of frames is not the limit');
  }
  return bytes.toString('utf8');
}
