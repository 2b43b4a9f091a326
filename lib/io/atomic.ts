/**
 * Atomic file writes: the data goes to a temporary file in the destination's directory,
 * is flushed to disk, and is renamed over the destination, so readers (and crashed or
 * killed runs) never see a partial file. A failed write (full disk, missing directory,
 * no permission) removes the temporary file and throws a `FileWriteError` naming `path`.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeError } from './write-error.js';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (typeof path !== 'string') throw new TypeError(`writeFileAtomic: expected path to be a string, got ${typeof path}`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(path, error);
  }
}
