/**
 * File wrappers around {@link readXyz} / {@link writeXyz}. Reading scans the file for its
 * frames and parses only the chosen one (./trajectory.ts), so a trajectory of any number of
 * frames reads in the memory of one; it may be gzip-compressed (./compression.ts). Writing is atomic: the text goes to a temporary file
 * in the destination's directory, is flushed to disk, and is renamed over the destination,
 * so readers (and crashed runs) never see a partial file.
 */
import { writeFileAtomic } from './atomic.js';
import type { Configuration } from '../config.js';
import { readTrajectoryFrame } from './trajectory.js';
import { readXyz, writeXyz, type ReadXyzOptions } from './xyz.js';
import { ArgumentTypeError } from '../errors.js';

/** Reads one extended-XYZ configuration file (`options.frame` of a file of several, default the last); errors name the path and line. */
export async function readXyzFile(path: string, options: ReadXyzOptions = {}): Promise<Configuration> {
  if (typeof path !== 'string') throw new ArgumentTypeError(`readXyzFile: expected path to be a string, got ${typeof path}`);
  const { frame, ...rest } = options;
  const read = await readTrajectoryFrame(path, 'xyz', frame !== undefined ? { frame } : {}, 'readXyzFile');
  return readXyz(read.text, path, { ...rest, lineOffset: read.lineOffset });
}

/** Writes `config` to `path` atomically (temporary file + fsync + rename). */
export async function writeXyzFile(path: string, config: Configuration): Promise<void> {
  if (typeof path !== 'string') throw new ArgumentTypeError(`writeXyzFile: expected path to be a string, got ${typeof path}`);
  await writeFileAtomic(path, writeXyz(config));
}
