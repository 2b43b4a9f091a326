/** File wrappers around {@link readLammpsData} and {@link readLammpsDump}; errors name the path and line. */
import { readFile } from 'node:fs/promises';
import { readLammpsData, type ReadLammpsDataOptions } from './lammps-data.js';
import { readLammpsDump, type ReadLammpsDumpOptions } from './lammps-dump.js';
import type { LammpsSnapshot } from './lammps-snapshot.js';

/** Reads a LAMMPS data file (atom_style atomic). */
export async function readLammpsDataFile(path: string, options?: ReadLammpsDataOptions): Promise<LammpsSnapshot> {
  if (typeof path !== 'string') throw new TypeError(`readLammpsDataFile: expected path to be a string, got ${typeof path}`);
  return readLammpsData(await readFile(path, 'utf8'), path, options);
}

/** Reads one frame (default the last) of a LAMMPS dump file. */
export async function readLammpsDumpFile(path: string, options?: ReadLammpsDumpOptions): Promise<LammpsSnapshot> {
  if (typeof path !== 'string') throw new TypeError(`readLammpsDumpFile: expected path to be a string, got ${typeof path}`);
  return readLammpsDump(await readFile(path, 'utf8'), path, options);
}
