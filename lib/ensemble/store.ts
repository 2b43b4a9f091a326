/**
 * The results directory of an ensemble run (shared by every engine and machine):
 *
 *   <out>/samples/<id>.h5         finished samples (./hdf5.ts layout), each read back and
 *                                 verified before it was placed; a valid file = done
 *   <out>/samples/.<id>.h5.<host>.<pid>.<rand>.part   a sample being written
 *   <out>/invalid/<id>.<time>.h5  a file found at samples/<id>.h5 that was not a complete
 *                                 sample (e.g. written by an older softspot on a full
 *                                 disk), set aside — never deleted — and computed again
 *   <out>/failed/<id>.json        a failed sample: spec, stage, error (retried on rerun)
 *   <out>/log/<host>.<pid>.jsonl  one line per computation start / finish / failure, and a run's plan
 *   <out>/ensemble.json           the last run's parameters, every run's sample ids
 *
 * A sample is committed by writing it to its temporary name, fsync, reading every dataset
 * back and comparing it with what was computed, then link(2) to samples/<id>.h5, which
 * fails if the destination exists: a sample is never overwritten, even if two workers
 * raced on it (a retried queue job whose first worker was only slow). Temporary files of
 * processes that are gone (same host, pid not alive) are discarded on start. A write the
 * system refuses (full disk, ...) is a FileWriteError naming the sample's path: the
 * engines stop on it (./task.ts), since every later sample would fail the same way.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { FileWriteError, writeError, writeFileAtomic } from '../io/index.js';
import { checkSampleHdf5, InvalidSampleError, verifySampleHdf5, writeSampleHdf5 } from './hdf5.js';
import type { SampleFailure, SampleResult } from './types.js';

export interface StorePaths { root: string; samples: string; failed: string; log: string; invalid: string }

export function storePaths(root: string): StorePaths {
  return { root, samples: join(root, 'samples'), failed: join(root, 'failed'), log: join(root, 'log'), invalid: join(root, 'invalid') };
}

/** Creates the directory tree (idempotent). */
export function ensureStore(root: string): StorePaths {
  const p = storePaths(root);
  for (const d of [p.root, p.samples, p.failed, p.log]) {
    try {
      mkdirSync(d, { recursive: true });
    } catch (error) {
      throw writeError(d, mkdirCause(d, error));
    }
  }
  return p;
}

/**
 * The error of a recursive mkdir as the file system gives it: Node reports ENOENT for a
 * directory it cannot create on a read-only file system, so the first missing directory
 * of the path is made alone, which fails with the real code (EROFS, EACCES).
 */
function mkdirCause(path: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  let first = path;
  while (!existsSync(dirname(first)) && dirname(first) !== first) first = dirname(first);
  try {
    mkdirSync(first);
    rmdirSync(first);
  } catch (cause) {
    return cause;
  }
  return error;
}

export const samplePath = (root: string, id: string): string => join(root, 'samples', `${id}.h5`);
export const failurePath = (root: string, id: string): string => join(root, 'failed', `${id}.json`);

/** What is at samples/<id>.h5: nothing, a complete sample, or a file that is not one (and why). */
export type SampleState = { state: 'missing' } | { state: 'done' } | { state: 'invalid'; reason: string };

/** The state of sample `id`, from the file's metadata (./hdf5.ts checkSampleHdf5, about a millisecond). */
export async function sampleState(root: string, id: string): Promise<SampleState> {
  const path = samplePath(root, id);
  if (!existsSync(path)) return { state: 'missing' };
  try {
    await checkSampleHdf5(path, id);
    return { state: 'done' };
  } catch (error) {
    if (error instanceof InvalidSampleError) return { state: 'invalid', reason: error.reason };
    throw error;
  }
}

/** Whether sample `id` is finished: its file exists and is a complete sample file. */
export async function isDone(root: string, id: string): Promise<boolean> {
  return (await sampleState(root, id)).state === 'done';
}

/** Ids of every file under samples/ named *.h5 (complete or not; sorted). */
export const sampleFileIds = async (root: string): Promise<string[]> =>
  (await readdir(join(root, 'samples')).catch(() => [] as string[])).filter((f) => f.endsWith('.h5') && !f.startsWith('.')).map((f) => f.slice(0, -3)).sort();

/** The files under samples/: ids of the complete ones, and the others with what is wrong (sorted). */
export async function scanSamples(root: string): Promise<{ done: string[]; invalid: Array<{ id: string; path: string; reason: string }> }> {
  const done: string[] = [];
  const invalid: Array<{ id: string; path: string; reason: string }> = [];
  for (const id of await sampleFileIds(root)) {
    const s = await sampleState(root, id);
    if (s.state === 'done') done.push(id);
    else if (s.state === 'invalid') invalid.push({ id, path: samplePath(root, id), reason: s.reason });
  }
  return { done, invalid };
}

/** Ids of the finished samples (complete files only; sorted). */
export async function finishedIds(root: string): Promise<string[]> {
  return (await scanSamples(root)).done;
}

/** Ids of the recorded failures (sorted). */
export async function failedIds(root: string): Promise<string[]> {
  const names = await readdir(join(root, 'failed')).catch(() => [] as string[]);
  return names.filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5)).sort();
}

/**
 * Moves an invalid samples/<id>.h5 to invalid/<id>.<UTC time>.h5 (never deletes it), logs
 * it, and returns the warning to show the user — or undefined if the file was gone (another
 * worker moved it first).
 */
export async function setAsideInvalid(root: string, id: string, reason: string): Promise<string | undefined> {
  const from = samplePath(root, id);
  const to = join(root, 'invalid', `${id}.${new Date().toISOString().replace(/[:.]/g, '-')}.h5`);
  try {
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(from)) return undefined;
    throw writeError(to, error);
  }
  logEvent(root, { event: 'invalid', id, reason, movedTo: to });
  return `${from} is not a valid sample file (${reason}); moved it to ${to} and computing the sample again`;
}

/** This host's name as temporary and log file names carry it (dots → _: the names split on dots). */
export const hostTag = (): string => hostname().replace(/\./g, '_');

/** Whether process `pid` of this host is alive (EPERM: alive, another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Age past which a results directory's atomic-write temporary file is a dead process's (its write takes seconds at most). */
const STALE_TMP_MS = 10 * 60 * 1000;

/**
 * Removes temporary files left by dead processes (partial samples of an interrupted run
 * on this host; the `.NAME.PID.HEX.tmp` of writeFileAtomic — ensemble.json, summary.json,
 * events.csv — killed between write and rename, once older than 10 minutes, since their
 * names do not say which host wrote them). Returns how many were removed.
 */
export async function discardPartial(root: string): Promise<number> {
  const host = hostTag();
  let removed = 0;
  for (const dir of [join(root, 'samples'), join(root, 'failed'), root]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^\..+\.([^.]+)\.(\d+)\.[0-9a-f]+\.part$/.exec(name);
      const stale = m ? m[1] === host && !alive(Number(m[2])) : dir === root && /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name) && await olderThan(join(dir, name), STALE_TMP_MS);
      if (stale) {
        await rm(join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

function tempName(root: string, id: string): string {
  return join(root, 'samples', `.${id}.h5.${hostTag()}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
}

/** fsync of a directory, so that a name just linked into it survives a power cut (where the platform allows it). */
async function syncDirectory(dir: string): Promise<void> {
  let h;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await h?.close();
  }
}

/** link(2) `tmp` to `dest`; false if `dest` exists. Falls back to rename where the file system has no hard links. */
async function place(tmp: string, dest: string): Promise<boolean> {
  try {
    await link(tmp, dest);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
      if (existsSync(dest)) return false;
      await rename(tmp, dest);
      return true;
    }
    throw error;
  }
}

/**
 * Writes a finished sample: HDF5 to a temporary name, fsync, read back and compared with
 * `result` (./hdf5.ts verifySampleHdf5), then linked to samples/<id>.h5 (never over a
 * complete file; an invalid one found there is set aside first) and the directory synced.
 * Removes a recorded failure of the same id. Returns false if the sample was already there
 * (the new copy is discarded). A write the system refuses is a FileWriteError naming
 * samples/<id>.h5; a file that reads back different is an Error (the sample fails).
 */
export async function commitSample(root: string, result: SampleResult): Promise<boolean> {
  const tmp = tempName(root, result.id);
  const dest = samplePath(root, result.id);
  try {
    try {
      await writeSampleHdf5(tmp, result);
      const h = await open(tmp, 'r+');
      try { await h.sync(); } finally { await h.close(); }
    } catch (error) {
      // The user knows the sample's name, not its temporary one.
      throw error instanceof FileWriteError ? error.about(dest) : writeError(dest, error);
    }
    try {
      await verifySampleHdf5(tmp, result);
    } catch (error) {
      throw new Error(`cannot write ${dest}: ${error instanceof InvalidSampleError ? error.reason : (error as Error).message}`, { cause: error });
    }
    let placed: boolean;
    try {
      placed = await place(tmp, dest);
      if (!placed) {
        const there = await sampleState(root, result.id);
        if (there.state === 'invalid' && (await setAsideInvalid(root, result.id, there.reason)) !== undefined) placed = await place(tmp, dest);
      }
      if (placed) await syncDirectory(dirname(dest));
    } catch (error) {
      throw writeError(dest, error);
    }
    await rm(failurePath(root, result.id), { force: true });
    return placed;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Records a failure (atomically), unless the sample has meanwhile been finished. */
export async function recordFailure(root: string, failure: SampleFailure): Promise<void> {
  if (await isDone(root, failure.id)) return;
  await writeFileAtomic(failurePath(root, failure.id), JSON.stringify(failure, null, 2) + '\n');
}

/** Appends one JSON line to this process's computation log (O_APPEND, one write); a refused write is a FileWriteError. */
export function logEvent(root: string, event: Record<string, unknown>): void {
  const file = join(root, 'log', `${hostTag()}.${process.pid}.jsonl`);
  try {
    appendFileSync(file, JSON.stringify({ at: new Date().toISOString(), host: hostname(), pid: process.pid, ...event }) + '\n');
  } catch (error) {
    throw writeError(file, error);
  }
}

/**
 * Every log line of every process, parsed (for tests and the throughput summary). A line
 * cut short by a kill or a full disk is skipped; a record appended after such a cut still
 * counts.
 */
export async function readLog(root: string): Promise<Array<Record<string, unknown>>> {
  const dir = join(root, 'log');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'));
  const out: Array<Record<string, unknown>> = [];
  for (const name of names) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        const k = line.lastIndexOf('{"at":');
        if (k > 0) try { out.push(JSON.parse(line.slice(k)) as Record<string, unknown>); } catch { /* cut short */ }
      }
    }
  }
  return out;
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
