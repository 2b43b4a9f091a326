/**
 * A set of output files that appear together: an aggregation (events.csv, summary.json, the
 * figures, report.html) is written into a hidden staging directory inside the output
 * directory and moved into place by renames at the end, so an interrupted `softspot
 * figures` leaves the previous set whole (each file was atomic alone, but a Ctrl-C between
 * them left a summary at the new ξ beside a report at the old one). The renames take
 * milliseconds; a process killed inside them is the remaining window.
 *
 * The staging directory is `.aggregate.<host>.<pid>.<hex>`; one left by a dead process of
 * this host is removed by the next aggregation into the directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeError, writeFileAtomic } from '../io/index.js';
import { outputTarget } from '../io/atomic.js';
import { alive, hostTag } from './store.js';

const PREFIX = '.aggregate.';

export interface Staging {
  /** The staging directory: write the set's files under it, at their paths relative to the output directory. */
  dir: string;
  /** The final path of a file written at `staged` (a path under `dir`). */
  finalPath(staged: string): string;
  /**
   * Moves every file written under `dir` to its place in the output directory (making
   * subdirectories), then removes `dir`. Files are moved in the order given first
   * (`last`: those to move last, e.g. report.html, which names the others).
   */
  commit(last?: readonly string[]): Promise<void>;
  /** Removes `dir` and what it holds (the set is abandoned). */
  discard(): Promise<void>;
}

/** A new staging directory in `outDir` (made), after removing those of dead processes of this host. */
export async function createStaging(outDir: string): Promise<Staging> {
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    const m = /^\.aggregate\.([^.]+)\.(\d+)\.[0-9a-f]+$/.exec(name);
    if (m && m[1] === hostTag() && !alive(Number(m[2]))) await rm(join(outDir, name), { recursive: true, force: true });
  }
  const dir = join(outDir, `${PREFIX}${hostTag()}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true }).catch((error: unknown) => { throw writeError(outDir, error); });
  const finalPath = (staged: string): string => join(outDir, relative(dir, staged));
  return {
    dir,
    finalPath,
    async commit(last = []) {
      const files = await listFiles(dir);
      const lastOnes = last.map((name) => join(dir, name));
      const order = [...files.filter((f) => !lastOnes.includes(f)), ...lastOnes.filter((f) => files.includes(f))];
      for (const staged of order) {
        const final = finalPath(staged);
        try {
          await mkdir(dirname(final), { recursive: true });
          // As writeFileAtomic: a symbolic link is followed (the link stays, its target gets
          // the data), a device is written as it is, and a target on another file system
          // (a figures/ linked elsewhere) is copied there, since a rename cannot cross.
          const target = await outputTarget(final);
          if (target.direct) await writeFileAtomic(final, await readFile(staged));
          else {
            await rename(staged, target.path).catch(async (error: NodeJS.ErrnoException) => {
              if (error.code !== 'EXDEV') throw error;
              await writeFileAtomic(target.path, await readFile(staged));
            });
          }
        } catch (error) {
          throw writeError(final, error);
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir`, recursively (full paths). */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(path));
    else out.push(path);
  }
  return out;
}
