/**
 * Atomic file writes: the data goes to a temporary file in the destination's directory,
 * is flushed to disk, and is renamed over the destination, so readers (and crashed or
 * killed runs) never see a partial file. A failed write (full disk, missing directory,
 * no permission) removes the temporary file and throws a `FileWriteError` naming `path`.
 *
 * What the destination is decides where the rename goes (`outputTarget`): a symbolic link
 * is followed, so the data reaches the link's target and the link stays a link; a device,
 * FIFO or socket (`--out /dev/null`, `/dev/stdout`) is written directly, since a rename
 * over it would replace the device by a regular file (as root, the system's /dev/null);
 * a directory is refused.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeError } from './write-error.js';
import { ArgumentTypeError } from '../errors.js';

/** Where to write `path`: the file to rename over, or a special file to write directly. */
export interface OutputTarget {
  /** The regular file (existing or not) the rename replaces, or the special file itself. */
  path: string;
  /** A device, FIFO or socket: write to it as it is, no temporary file. */
  direct: boolean;
}

const MAX_LINKS = 40;

/**
 * The target of a write to `path` (module doc): links followed (also dangling ones: the
 * file is created where the link points), special files written directly. Throws an
 * EISDIR error for a directory and ELOOP for a cycle of links.
 */
export async function outputTarget(path: string): Promise<OutputTarget> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let info;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: current, direct: false };
      throw error;
    }
    if (info.isSymbolicLink()) {
      current = resolve(dirname(current), await readlink(current));
      continue;
    }
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${current}'`), { code: 'EISDIR', path: current });
    return { path: current, direct: !info.isFile() };
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${path}'`), { code: 'ELOOP', path });
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (typeof path !== 'string') throw new ArgumentTypeError(`writeFileAtomic: expected path to be a string, got ${typeof path}`);
  let target: OutputTarget;
  try {
    target = await outputTarget(path);
  } catch (error) {
    throw writeError(path, error);
  }
  if (target.direct) {
    try {
      await writeFile(target.path, data);
    } catch (error) {
      throw writeError(path, error);
    }
    return;
  }
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target.path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(path, error);
  }
}
