/**
 * Large results directories for the benchmarks of the commands that read them
 * (./aggregate.bench.ts, ./tails.bench.ts): K copies, under new ids, of a few real samples,
 * those of an existing results directory (`from`, e.g. a 3D run) or 4 samples of the
 * paper's 2D glass at N = 2000 computed once (~20 s on 2 cores) and kept in .bench-out/.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readSampleHdf5, writeSampleHdf5 } from '../../lib/ensemble/hdf5.js';
import { runEnsemble } from '../../lib/ensemble/run.js';
import { BENCH_DIR } from './baseline-tree.js';

/** The source samples: `from`'s, or 4 computed at N = 2000 (cached). */
export async function sourceDir(from: string | undefined): Promise<string> {
  if (from !== undefined) return from;
  const dir = join(BENCH_DIR, 'aggregate-source-n2000');
  if (!existsSync(join(dir, 'samples')) || readdirSync(join(dir, 'samples')).filter((f) => f.endsWith('.h5')).length < 4) {
    await runEnsemble({ samples: 4, n: 2000, seed0: 1, out: dir, aggregate: false });
  }
  return dir;
}

/** K copies of the source samples under new ids, in a fresh directory .bench-out/<name>. */
export async function replicate(source: string, k: number, name: string): Promise<{ dir: string; interactions: number }> {
  const dir = join(BENCH_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const files = readdirSync(join(source, 'samples')).filter((f) => f.endsWith('.h5')).sort();
  let interactions = 0;
  for (let s = 0; s < k; s++) {
    const f = files[s % files.length];
    const r = await readSampleHdf5(join(source, 'samples', f), f.replace(/\.h5$/, ''));
    const id = `${r.id}-copy${s}`;
    await writeSampleHdf5(join(dir, 'samples', `${id}.h5`), { ...r, id });
    interactions += r.c.length;
  }
  return { dir, interactions };
}
