/**
 * The results directory of an ensemble run (shared by every engine and machine):
 *
 *   <out>/samples/<id>.h5         finished samples (./hdf5.ts layout); existence = done
 *   <out>/samples/.<id>.h5.<host>.<pid>.<rand>.part   a sample being written
 *   <out>/failed/<id>.json        a failed sample: spec, stage, error (retried on rerun)
 *   <out>/log/<host>.<pid>.jsonl  one line per computation start / finish / failure
 *   <out>/ensemble.json           the last run's parameters (informative)
 *
 * Finished files are placed with link(2) from the temporary name, which fails if the
 * destination exists: a sample is never overwritten, even if two workers raced on it
 * (a retried queue job whose first worker was only slow). Temporary files of processes
 * that are gone (same host, pid not alive) are discarded on start.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { link, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/index.js';
import { writeSampleHdf5 } from './hdf5.js';
import type { SampleFailure, SampleResult } from './types.js';

export interface StorePaths { root: string; samples: string; failed: string; log: string }

export function storePaths(root: string): StorePaths {
  return { root, samples: join(root, 'samples'), failed: join(root, 'failed'), log: join(root, 'log') };
}

/** Creates the directory tree (idempotent). */
export function ensureStore(root: string): StorePaths {
  const p = storePaths(root);
  for (const d of [p.root, p.samples, p.failed, p.log]) mkdirSync(d, { recursive: true });
  return p;
}

export const samplePath = (root: string, id: string): string => join(root, 'samples', `${id}.h5`);
export const failurePath = (root: string, id: string): string => join(root, 'failed', `${id}.json`);

/** Whether sample `id` is finished. */
export function isDone(root: string, id: string): boolean {
  return existsSync(samplePath(root, id));
}

/** Ids of the finished samples (sorted). */
export async function finishedIds(root: string): Promise<string[]> {
  const names = await readdir(join(root, 'samples')).catch(() => [] as string[]);
  return names.filter((f) => f.endsWith('.h5') && !f.startsWith('.')).map((f) => f.slice(0, -3)).sort();
}

/** Ids of the recorded failures (sorted). */
export async function failedIds(root: string): Promise<string[]> {
  const names = await readdir(join(root, 'failed')).catch(() => [] as string[]);
  return names.filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5)).sort();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files left by dead processes of this host (partial samples of an
 * interrupted run). Returns how many were removed.
 */
export async function discardPartial(root: string): Promise<number> {
  const host = hostname().replace(/\./g, '_');
  let removed = 0;
  for (const dir of [join(root, 'samples'), join(root, 'failed'), root]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^\..+\.([^.]+)\.(\d+)\.[0-9a-f]+\.part$/.exec(name);
      if (m && m[1] === host && !alive(Number(m[2]))) {
        await rm(join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

function tempName(root: string, id: string): string {
  return join(root, 'samples', `.${id}.h5.${hostname().replace(/\./g, '_')}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
}

/**
 * Writes a finished sample: HDF5 to a temporary name, fsync, then link to
 * samples/<id>.h5 (never over an existing file). Removes a recorded failure of the same
 * id. Returns false if the sample was already there (the new copy is discarded).
 */
export async function commitSample(root: string, result: SampleResult): Promise<boolean> {
  const tmp = tempName(root, result.id);
  const dest = samplePath(root, result.id);
  try {
    await writeSampleHdf5(tmp, result);
    const h = await open(tmp, 'r+');
    try { await h.sync(); } finally { await h.close(); }
    let placed = true;
    try {
      await link(tmp, dest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') placed = false;
      else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
        // File systems without hard links: rename, after a last existence check.
        if (existsSync(dest)) placed = false;
        else await rename(tmp, dest);
      } else throw error;
    }
    await rm(failurePath(root, result.id), { force: true });
    return placed;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Records a failure (atomically), unless the sample has meanwhile been finished. */
export async function recordFailure(root: string, failure: SampleFailure): Promise<void> {
  if (isDone(root, failure.id)) return;
  await writeFileAtomic(failurePath(root, failure.id), JSON.stringify(failure, null, 2) + '\n');
}

/** Appends one JSON line to this process's computation log (O_APPEND, one write). */
export function logEvent(root: string, event: Record<string, unknown>): void {
  const file = join(root, 'log', `${hostname().replace(/\./g, '_')}.${process.pid}.jsonl`);
  appendFileSync(file, JSON.stringify({ at: new Date().toISOString(), host: hostname(), pid: process.pid, ...event }) + '\n');
}

/** Every log line of every process, parsed (for tests and the throughput summary). */
export async function readLog(root: string): Promise<Array<Record<string, unknown>>> {
  const dir = join(root, 'log');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'));
  const out: Array<Record<string, unknown>> = [];
  const { readFile } = await import('node:fs/promises');
  for (const name of names) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      try { out.push(JSON.parse(line) as Record<string, unknown>); } catch { /* a line cut by a kill */ }
    }
  }
  return out;
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
