/**
 * The model of a results directory: <out>/ensemble.json names the model preset
 * and dimension of the run that wrote it (`model`, `dim`; a manifest without them is of the
 * paper's 2D ipl glass, as written before other models existed). A directory holds one
 * model: a resumed run, another run into the same directory and every worker's sample are
 * checked against it, and a mismatch is a ModelMismatchError naming both models and what to do.
 * A model of one's own (`--model params.json`) is recorded with its definition
 * (`modelFile`, the JSON form of lib/model/model-file.ts): a run or a sample of the same
 * name with another definition is a mismatch too.
 */
import { readFileSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canonicalJson, modelLabel, type RunModel } from './identity.js';
import { alive, hostTag } from './store.js';
import { writeError, writeFileAtomic } from '../io/index.js';
import type { ModelFile } from '../model/model-file.js';

/** The file of the manifest in a results directory. */
export const manifestPath = (root: string): string => join(root, 'ensemble.json');

/** A run or a sample of one model meeting a results directory of another. */
export class ModelMismatchError extends Error {
  readonly code = 'ERR_SOFTSPOT_MODEL_MISMATCH';
  constructor(readonly root: string, readonly have: RunModel, readonly want: RunModel, what: string, definitionsDiffer = false) {
    super(definitionsDiffer
      ? `${root} holds a run of the model '${have.model}' (${manifestPath(root)}, its "modelFile"), but ${what} is of a model of the same name ` +
        `with another definition: a results directory holds glasses of one model. Choose another --out (or give the edited model another "name"), ` +
        `or rerun with the model file of that run to resume it`
      : `${root} holds a run of ${modelLabel(have)} (${manifestPath(root)}), but ${what} is of ${modelLabel(want)}: ` +
        'a results directory holds glasses of one model. Choose another --out for this model, or rerun with ' +
        `--model ${have.model}${have.dim === 3 && have.model === 'poly' ? ' --dim 3' : ''} to resume that run`);
    this.name = 'ModelMismatchError';
  }
}

/**
 * A results directory whose glasses cannot be taken for one model: its ensemble.json is not
 * the JSON object a run writes (a run into it would rewrite it and mix models), or its
 * samples are of several models (`softspot figures` would pool them).
 */
export class ResultsModelError extends Error {
  readonly code = 'ERR_SOFTSPOT_RESULTS_MODEL';
  constructor(readonly root: string, message: string) {
    super(message);
    this.name = 'ResultsModelError';
  }
}

/**
 * The model recorded in <root>/ensemble.json (with the definition of a model of one's own),
 * or undefined when there is none.
 * @throws ResultsModelError for a manifest that cannot be read as the object a run writes
 */
export function manifestModel(root: string): (RunModel & { modelFile?: ModelFile }) | undefined {
  let json: { model?: unknown; dim?: unknown; modelFile?: unknown };
  let text: string;
  try {
    text = readFileSync(manifestPath(root), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw new ResultsModelError(root, `${manifestPath(root)}: not JSON (${(error as Error).message}); it names the model of the glasses in ${root}: ` +
      'restore it (a copy of the run\'s), or give another --out; nothing was written');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ResultsModelError(root, `${manifestPath(root)}: expected the JSON object a run writes, got ${text.slice(0, 40).trim()}; restore it, or give another --out; nothing was written`);
  }
  return {
    model: (typeof json.model === 'string' ? json.model : 'ipl') as RunModel['model'], dim: json.dim === 3 ? 3 : 2,
    ...(typeof json.modelFile === 'object' && json.modelFile !== null ? { modelFile: json.modelFile as ModelFile } : {}),
  };
}

/**
 * The sample ids the runs into <root> planned (ensemble.json `ids`, earlier runs' first), or undefined when
 * there is no manifest, or one without them (a run of an older version), or one that is not JSON.
 */
export async function manifestIds(root: string): Promise<string[] | undefined> {
  let ids: unknown;
  try {
    ids = (JSON.parse(await readFile(manifestPath(root), 'utf8')) as { ids?: unknown }).ids;
  } catch {
    return undefined;
  }
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : undefined;
}

/** How long a run waits for another's hold of ensemble.json (a hold lasts one read and one write: milliseconds). */
const LOCK_WAIT_MS = 30_000;
/** Age past which a lock whose holder cannot be asked (another host) is a dead process's. */
const STALE_LOCK_MS = 60_000;

/**
 * Writes <root>/ensemble.json for a run: `fields` (the run's parameters, which replace the
 * last run's) with `ids` = the ids recorded before, then this run's new ones. Runs started
 * together into one directory (the shards of one plan, `run --shard k/n &` in a loop) would
 * otherwise each read the old list and the last writer would drop the others' ids; so the
 * read, the model check and the write happen under `ensemble.json.lock` (created exclusively;
 * a lock of a dead process of this host, or older than a minute, is taken over).
 * @throws ModelMismatchError when a run of another model recorded itself meanwhile
 */
export async function recordRun(root: string, fields: Record<string, unknown>, ids: readonly string[], model: RunModel, modelFile?: ModelFile): Promise<void> {
  await withManifestLock(root, async () => {
    checkManifestModel(root, model, 'this run', modelFile);
    const earlier = (await manifestIds(root)) ?? [];
    const known = new Set(earlier);
    const everyId = [...earlier, ...ids.filter((id) => !known.has(id))];
    await writeFileAtomic(manifestPath(root), JSON.stringify({ ...fields, ids: everyId }, null, 2) + '\n');
  });
}

async function withManifestLock(root: string, work: () => Promise<void>): Promise<void> {
  const lock = `${manifestPath(root)}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await writeFile(lock, `${hostTag()} ${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(lock, error);
    }
    if (await staleLock(lock)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw Object.assign(new Error(`${lock}: another softspot run has held it for over ${LOCK_WAIT_MS / 1000} s (it guards ensemble.json while a run records its plan). ` +
        'If no run into this directory is alive, remove the file and rerun'), { code: 'ERR_SOFTSPOT_MANIFEST_LOCKED' });
    }
    await sleep(10 + Math.floor(Math.random() * 40));
  }
  try {
    await work();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Whether the lock's holder is gone: a dead process of this host, or any holder older than STALE_LOCK_MS. */
async function staleLock(lock: string): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // released meanwhile: try again
    throw error;
  }
  if (Date.now() - mtimeMs > STALE_LOCK_MS) return true;
  const [host, pid] = text.trim().split(' ');
  return host === hostTag() && Number.isInteger(Number(pid)) && Number(pid) > 0 && !alive(Number(pid));
}

/**
 * Throws a ModelMismatchError when <root>/ensemble.json records another model than `want`
 * (`what`: "this run", "sample <id>" for the message), or the same name with another
 * definition (`modelFile`, compared as canonical JSON). No manifest: nothing to check.
 */
export function checkManifestModel(root: string, want: RunModel, what: string, modelFile?: ModelFile): void {
  const have = manifestModel(root);
  if (have === undefined) return;
  if (have.model !== want.model || have.dim !== want.dim) throw new ModelMismatchError(root, have, want, what);
  if (canonicalJson(have.modelFile ?? null) !== canonicalJson(modelFile ?? null)) throw new ModelMismatchError(root, have, want, what, true);
}
