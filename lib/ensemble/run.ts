/**
 * `runEnsemble`: plan the samples of an ensemble (or of one shard), skip the finished
 * ones, set aside files that are not complete samples (warning), discard partial files
 * of interrupted runs, compute the rest with the pool or the queue engine, and aggregate.
 * Resumable: rerunning the same call finishes the work and never recomputes or overwrites
 * a finished sample.
 *
 * A results directory holds one model (./manifest.ts): a run of another model than the
 * one recorded in its ensemble.json is a ModelMismatchError before anything is written.
 *
 * A results directory that refuses a write (full disk, ...) stops the run with one
 * FileWriteError naming the path; the finished samples stay as they are. A queue whose
 * Redis cannot be reached is a QueueUnavailableError (./redis.ts).
 */
import { join, resolve } from 'node:path';
import { FileWriteError } from '../io/index.js';
import { resultsDirectoryRemedy } from '../io/write-error.js';
import { aggregate, type AggregateResult } from './aggregate.js';
import { ensembleSpecs, glassLabel, runModel, sampleId, type EnsembleSpec, type RunModel } from './identity.js';
import { glassSpecs, shipGlasses } from './glass-input.js';
import type { SampleSpec } from './types.js';
import { checkManifestModel, recordRun } from './manifest.js';
import { defaultWorkers, runPool } from './pool.js';
import { ProgressTracker } from './progress.js';
import { enqueueAndFollow } from './queue.js';
import { RedisLink } from './redis.js';
import { selectShard, type Shard } from './shard.js';
import { discardPartial, ensureStore, sampleState, setAsideInvalid } from './store.js';
import type { TaskInput, TaskOutcome } from './task.js';
import { ArgumentRangeError } from '../errors.js';
import { expectNumber } from '../validate.js';
import { MIN_BIN_SIZE } from '../stats/grid-nd.js';

export interface RunOptions extends Omit<EnsembleSpec, 'samples' | 'n' | 'seed0'> {
  /** Glasses to prepare (with n and seed0); absent for a run of glass files. */
  samples?: number;
  n?: number;
  seed0?: number;
  /**
   * Glass files, one sample each, instead of preparing glasses (./glass-input.ts): then
   * samples, n, seed0 and prepare are not given.
   */
  glasses?: readonly string[];
  /**
   * With `glasses`: minimize each glass before analysing it (files of configurations that are
   * not minima: MD snapshots); part of each sample's identity. Default false: a glass must be
   * a stable minimum already.
   */
  minimize?: boolean;
  /** Results directory. */
  out: string;
  /** Worker threads of the pool engine (default: available cores). */
  workers?: number;
  /** redis://host:port: use the queue engine (workers started separately). */
  queue?: string;
  /**
   * With `queue` and `glasses`: every job carries its glass (gzip-compressed; ./glass-input.ts
   * ShippedGlass), so the workers need no access to the files (default false: they read the
   * files at the planned paths, which takes a file system every worker sees).
   */
  shipGlasses?: boolean;
  queueName?: string;
  shard?: Shard;
  /** Per-sample time limit (s; 0 = none): past it the sample is recorded as failed. */
  sampleTimeout?: number;
  /** Aggregate (events.csv, summary.json, figures, report.html) at the end (default true). */
  aggregate?: boolean;
  /**
   * Bin size ξ (λ) of the aggregation's ranks λ (default: the ξ of the directory's
   * summary.json, else 5). A 3D glass below N ≈ 6400 at the KA density needs one below 5
   * (4 bins along each cell vector: ξ ≤ L/3.5); without it, `softspot figures DIR --xi X`.
   */
  xi?: number;
  /** Seconds a lost Redis connection is retried before the run fails (queue engine; default 60). */
  redisTimeout?: number;
  /** Called after every change (stage entered, sample finished). */
  onProgress?: (tracker: ProgressTracker, changed: 'stage' | 'sample') => void;
  /** Things the user should know (an invalid sample file set aside, Redis lost and back). */
  onWarning?: (message: string) => void;
  /** A run of glass files: called after each glass is checked when the run is planned (checked of total; glassSpecs onProgress). */
  onPlanGlass?: (checked: number, total: number) => void;
  /** Called after each sample file the closing aggregation reads (done of total). */
  onAggregateSample?: (done: number, total: number) => void;
}

export interface RunSummary {
  planned: number;
  alreadyDone: number;
  done: number;
  failed: number;
  /** Finished meanwhile by another process (pool engine; the queue engine counts them as done). */
  skipped: number;
  /** Invalid sample files moved to invalid/ and computed again. */
  setAside: number;
  removedPartial: number;
  wallMs: number;
  outcomes: TaskOutcome[];
  aggregate?: AggregateResult;
}

const remedy = resultsDirectoryRemedy;

/**
 * The samples of a run: prepared glasses (ensembleSpecs), or one per glass file (glassSpecs)
 * with its path; and the run's model and dimension (of glass files: the files' when the
 * model has several and none was given).
 */
async function planSamples(options: RunOptions): Promise<{ model: RunModel; samples: Array<{ spec: SampleSpec; glass?: string; frame?: number }> }> {
  if (options.glasses === undefined) {
    if (options.minimize === true) throw new ArgumentRangeError('minimize: applies to a run of glass files (glasses); a prepared glass is minimized by its preparation');
    const { samples, n, seed0 } = options;
    if (samples === undefined || n === undefined || seed0 === undefined) {
      throw new ArgumentRangeError('samples, n, seed0: a run prepares `samples` glasses of n particles from seed0 on, or reads `glasses` (files); give one or the other');
    }
    return { model: runModel(options.model, options.dim), samples: ensembleSpecs({ ...options, samples, n, seed0 }).map((spec) => ({ spec })) };
  }
  for (const key of ['samples', 'n', 'seed0', 'prepare'] as const) {
    if (options[key] !== undefined) {
      throw new ArgumentRangeError(`${key}: a run of glass files (glasses) prepares nothing: its samples are the files, their N the files'; leave ${key} out`);
    }
  }
  const { model, specs, paths, frames, notes } = await glassSpecs({
    glasses: options.glasses, model: options.model, dim: options.dim, events: options.events, validate: options.validate, minimize: options.minimize,
    ...(options.onPlanGlass !== undefined ? { onProgress: options.onPlanGlass } : {}),
  });
  for (const note of notes) options.onWarning?.(note);
  return { model, samples: specs.map((spec, k) => ({ spec, glass: paths[k], ...(frames[k] !== undefined ? { frame: frames[k] } : {}) })) };
}

export async function runEnsemble(options: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  if (options.shipGlasses && (!options.queue || options.glasses === undefined)) {
    throw new ArgumentRangeError('shipGlasses: the jobs of a queue run of glass files carry the glasses (give queue and glasses); a pool run reads the files itself');
  }
  if (options.xi !== undefined) {
    // Checked before the work: the aggregation, at the end, is its only user.
    expectNumber('xi', options.xi, { min: MIN_BIN_SIZE });
    if (options.aggregate === false || options.shard !== undefined) {
      throw new ArgumentRangeError('xi: the bin size of the aggregation, but this run does not aggregate (aggregate: false or a shard): aggregate(out, { xi }) afterwards');
    }
  }
  const planned = await planSamples(options);
  const plan = selectShard(planned.samples, options.shard);
  const specs = plan.map((p) => p.spec);
  const { model } = planned;
  const modelFile = specs[0]?.modelFile;
  checkManifestModel(options.out, model, 'this run', modelFile);
  if (options.queue) {
    // Redis must answer before the results directory is made: a run that cannot enqueue
    // leaves nothing behind (QueueUnavailableError within CONNECT_SECONDS).
    (await RedisLink.connect(options.queue)).link.close();
  }
  ensureStore(options.out);
  const removedPartial = await discardPartial(options.out);
  // The ids of every run into this directory are kept (earlier runs' first: shards, a larger
  // rerun; runs started together each in its own log): aggregation warns of any of them
  // without a result or a failure record.
  await recordRun(options.out, {
    ...(options.glasses !== undefined
      ? { samples: plan.length, glasses: plan.map((p) => glassLabel(p.glass!, p.frame)), ...(options.minimize === true ? { minimize: true } : {}) }
      : { samples: options.samples, n: options.n, seed0: options.seed0 }),
    model: model.model, dim: model.dim, ...(modelFile !== undefined ? { modelFile } : {}),
    prepare: specs[0]?.prepare, events: specs[0]?.events,
    validate: options.validate ?? false, shard: options.shard ?? null,
  }, specs.map(sampleId));
  const todo: TaskInput[] = [];
  let setAside = 0;
  for (const { spec, glass, frame } of plan) {
    const id = sampleId(spec);
    const s = await sampleState(options.out, id);
    if (s.state === 'done') continue;
    if (s.state === 'invalid') {
      const warning = await setAsideInvalid(options.out, id, s.reason);
      if (warning !== undefined) { setAside++; options.onWarning?.(warning); }
    }
    // A queue job's results directory is absolute: its worker runs in another directory, often on another machine.
    const root = options.queue !== undefined ? resolve(options.out) : options.out;
    todo.push({ spec, root, ...(glass !== undefined ? { glass } : {}), ...(frame !== undefined ? { frame } : {}) });
  }
  if (options.shipGlasses) {
    const shipped = await shipGlasses(todo);
    todo.forEach((task, k) => { task.shipped = shipped[k]; });
  }
  const alreadyDone = specs.length - todo.length;
  const tracker = new ProgressTracker(specs.length, alreadyDone);
  const onStage = (id: string, stage: string): void => { tracker.stage(id, stage); options.onProgress?.(tracker, 'stage'); };
  const onOutcome = (o: TaskOutcome): void => {
    for (const w of o.warnings ?? []) { setAside++; options.onWarning?.(w); }
    tracker.finish(o);
    options.onProgress?.(tracker, 'sample');
  };
  options.onProgress?.(tracker, 'sample');
  let outcomes: TaskOutcome[] = [];
  if (todo.length > 0) {
    if (options.queue) {
      outcomes = await enqueueAndFollow(todo, { url: options.queue, queueName: options.queueName, onStage, onOutcome, redisTimeout: options.redisTimeout, onWarning: options.onWarning });
    } else {
      const pooled = await runPool(todo, options.workers ?? defaultWorkers(), (t, s) => onStage(sampleId(t.spec), s), onOutcome, options.sampleTimeout ?? 0);
      outcomes = pooled.outcomes;
      if (pooled.stopped?.fatal) {
        const { path, code, detail } = pooled.stopped.fatal;
        let finished = 0; // counted on disk: a sample can be placed before a later write (its log line) fails
        for (const spec of specs) if ((await sampleState(options.out, sampleId(spec))).state === 'done') finished++;
        throw new FileWriteError(path, code, detail,
          `the run stopped; the ${finished} finished sample${finished === 1 ? '' : 's'} in ${join(options.out, 'samples')} ${finished === 1 ? 'is' : 'are'} intact. ` +
          `${remedy(code)} and rerun the same command to compute the rest.`);
      }
    }
  }
  const summary: RunSummary = {
    planned: specs.length,
    alreadyDone,
    done: outcomes.filter((o) => o.status === 'done').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    setAside,
    removedPartial,
    wallMs: performance.now() - t0,
    outcomes,
  };
  if (options.aggregate ?? true) {
    try {
      summary.aggregate = await aggregate(options.out, { outDir: options.out, ...(options.xi !== undefined ? { xi: options.xi } : {}), onSample: options.onAggregateSample });
    } catch (error) {
      if (!(error instanceof FileWriteError)) throw error;
      throw error.about(error.path, `every sample is finished and intact in ${join(options.out, 'samples')}. ` +
        `${remedy(error.code)} and run \`softspot figures ${options.out}\` (its --out writes the aggregates elsewhere).`);
    }
  }
  return summary;
}
