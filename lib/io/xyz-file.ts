/**
 * File wrappers around {@link readXyz} / {@link writeXyz}. Writing is atomic: the text
 * goes to a temporary file in the destination's directory, is flushed to disk, and is
 * renamed over the destination, so readers (and crashed runs) never see a partial file.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
  const text = writeXyz(config);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
