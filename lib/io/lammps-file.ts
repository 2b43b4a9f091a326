/**
 * File wrappers around {@link readLammpsData} and {@link readLammpsDump}; errors name the
 * path and line. A dump is scanned for its frames and only the chosen frame is read
 * (./trajectory.ts), so a dump of any number of frames reads in the memory of one. Files
 * may be gzip-compressed (./compression.ts).
 */
import { readText, textFail } from './compression.js';
import { readLammpsData, type ReadLammpsDataOptions } from './lammps-data.js';
import { readLammpsDump, type ReadLammpsDumpOptions } from './lammps-dump.js';
import type { LammpsSnapshot } from './lammps-snapshot.js';
import { readTrajectoryFrame } from './trajectory.js';
import { ArgumentTypeError } from '../errors.js';

/** Reads a LAMMPS data file (atom_style atomic), plain or gzip-compressed. */
export async function readLammpsDataFile(path: string, options?: ReadLammpsDataOptions): Promise<LammpsSnapshot> {
  if (typeof path !== 'string') throw new ArgumentTypeError(`readLammpsDataFile: expected path to be a string, got ${typeof path}`);
  return readLammpsData((await readText(path, textFail(path, 'lammps-data'))).toString('utf8'), path, options);
}

/**
 * Reads one frame (default the last; `options.frame` or `options.timestep`) of a LAMMPS
 * dump file. Only that frame is parsed: a damaged frame elsewhere in the file (the last
 * one of a dump still being written) does not stop it.
 */
export async function readLammpsDumpFile(path: string, options: ReadLammpsDumpOptions = {}): Promise<LammpsSnapshot> {
  if (typeof path !== 'string') throw new ArgumentTypeError(`readLammpsDumpFile: expected path to be a string, got ${typeof path}`);
  const { frame, timestep, ...rest } = options;
  const read = await readTrajectoryFrame(path, 'lammps-dump', { ...(frame !== undefined ? { frame } : {}), ...(timestep !== undefined ? { timestep } : {}) }, 'readLammpsDumpFile');
  return readLammpsDump(read.text, path, { ...rest, lineOffset: read.lineOffset, followed: read.index < read.count - 1 });
}
