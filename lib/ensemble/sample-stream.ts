/**
 * The complete samples of results directories, read one at a time: what `softspot tails`,
 * `softspot predictors` and the aggregation hold is then what they keep of each sample, not
 * every array of every file.
 */
import { InvalidSampleError, readSampleHdf5 } from './hdf5.js';
import { samplePath, scanSamples } from './store.js';
import type { InvalidSample, SampleResult } from './types.js';

/** A sample file whose id was met in an earlier directory: read once, at `first`. */
export interface SampleRepeat {
  id: string;
  path: string;
  first: string;
}

/**
 * Yields `read(path, id)` of every complete sample of `dirs` (in directory order, each
 * directory's samples in id order). Files that are not complete samples, found by the
 * scan or by `read` (an InvalidSampleError), are appended to `invalid` and skipped.
 * A sample id met again in a later directory (the same directory given twice, or a copy
 * of its samples) is the same computation (ids are content hashes of the spec): it is
 * yielded once, and the repeat appended to `repeats` when given, so that no glass counts twice.
 * `onRead(done, total)` after each file read; total = the complete files the scan found.
 */
export async function* eachSample<T>(
  dirs: readonly string[], read: (path: string, id: string) => Promise<T>, invalid: InvalidSample[],
  onRead?: (done: number, total: number) => void, repeats?: SampleRepeat[],
): AsyncGenerator<T> {
  const scans: Array<{ dir: string; ids: string[] }> = [];
  for (const dir of dirs) {
    const scan = await scanSamples(dir);
    invalid.push(...scan.invalid);
    scans.push({ dir, ids: scan.done });
  }
  const total = scans.reduce((t, s) => t + s.ids.length, 0);
  let done = 0;
  const first = new Map<string, string>();
  for (const { dir, ids } of scans) {
    for (const id of ids) {
      const seen = first.get(id);
      if (seen !== undefined) {
        repeats?.push({ id, path: samplePath(dir, id), first: seen });
        onRead?.(++done, total);
        continue;
      }
      first.set(id, samplePath(dir, id));
      let value: T | undefined;
      try {
        value = await read(samplePath(dir, id), id);
      } catch (error) {
        if (!(error instanceof InvalidSampleError)) throw error;
        invalid.push({ id, path: error.path, reason: error.reason });
      }
      onRead?.(++done, total);
      if (value !== undefined) yield value;
    }
  }
}

/** Reads every complete sample of the results directories whole (invalid files are listed, not read). */
export async function readEnsembleSamples(dirs: readonly string[]): Promise<{ samples: SampleResult[]; invalid: InvalidSample[] }> {
  const samples: SampleResult[] = [];
  const invalid: InvalidSample[] = [];
  for await (const s of eachSample(dirs, readSampleHdf5, invalid)) samples.push(s);
  return { samples, invalid };
}
