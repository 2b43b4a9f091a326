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
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, modelLabel, type RunModel } from './identity.js';
import { logEvent, readLog } from './store.js';
import { writeFileAtomic } from '../io/index.js';
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

/**
 * Records a run's plan: its sample ids as a `plan` line of this process's log
 * (log/HOST.PID.jsonl: a file of its own, so runs started together — a job array's shards —
 * cannot lose each other's), then <root>/ensemble.json with `fields` (the run's parameters,
 * which replace the last run's) and `ids` = the ids recorded there before, then this run's
 * new ones. ensemble.json is written whole by each run, so of runs started at the same moment
 * the later may drop the earlier's ids from it; {@link plannedIds} reads both and misses none.
 */
export async function recordRun(root: string, fields: Record<string, unknown>, ids: readonly string[]): Promise<void> {
  logEvent(root, { event: 'plan', ids });
  const earlier = (await manifestIds(root)) ?? [];
  const known = new Set(earlier);
  const everyId = [...earlier, ...ids.filter((id) => !known.has(id))];
  await writeFileAtomic(manifestPath(root), JSON.stringify({ ...fields, ids: everyId }, null, 2) + '\n');
}

/**
 * Every sample id the runs into <root> planned: ensemble.json's `ids`, then those of the
 * `plan` lines of the logs (runs since 2026-12-07) that it lacks, in log order. `log`: the
 * logs' lines when the caller has read them (readLog), else they are read here.
 */
export async function plannedIds(root: string, log?: ReadonlyArray<Record<string, unknown>>): Promise<string[]> {
  const ids = (await manifestIds(root)) ?? [];
  const known = new Set(ids);
  for (const line of log ?? await readLog(root)) {
    if (line.event !== 'plan' || !Array.isArray(line.ids)) continue;
    for (const id of line.ids) {
      if (typeof id === 'string' && !known.has(id)) { known.add(id); ids.push(id); }
    }
  }
  return ids;
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
