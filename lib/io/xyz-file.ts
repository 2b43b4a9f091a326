/**
 * File wrappers around {@link readXyz} / {@link writeXyz}. Writing is atomic: the text
 * goes to a temporary file in the destination's directory, is flushed to disk, and is
 * renamed over the destination, so readers (and crashed runs) never see a partial file.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import type { Configuration } from '../config.js';
import { readXyz, writeXyz, type ReadXyzOptions } from './xyz.js';

/** Reads one extended-XYZ configuration file; errors name the path and line. */
export async function readXyzFile(path: string, options?: ReadXyzOptions): Promise<Configuration> {
  if (typeof path !== 'string') throw new TypeError(`readXyzFile: expected path to be a string, got ${typeof path}`);
  return readXyz(await readFile(path, 'utf8'), path, options);
}

/** Writes `config` to `path` atomically (temporary file + fsync + rename). */
export async function writeXyzFile(path: string, config: Configuration): Promise<void> {
  if (typeof path !== 'string') throw new TypeError(`writeXyzFile: expected path to be a string, got ${typeof path}`);
  await writeFileAtomic(path, writeXyz(config));
}
