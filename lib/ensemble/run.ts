/**
 * `runEnsemble`: plan the samples of an ensemble (or of one shard), skip the finished
 * ones, discard partial files of interrupted runs, compute the rest with the pool or the
 * queue engine, and aggregate. Resumable: rerunning the same call finishes the work and
 * never recomputes or overwrites a finished sample.
 */
import { writeFileAtomic } from '../io/index.js';
import { aggregate, type AggregateResult } from './aggregate.js';
import { ensembleSpecs, sampleId, type EnsembleSpec } from './identity.js';
import { defaultWorkers, runPool } from './pool.js';
import { ProgressTracker } from './progress.js';
import { enqueueAndFollow } from './queue.js';
import { selectShard, type Shard } from './shard.js';
import { discardPartial, ensureStore, isDone } from './store.js';
import type { TaskInput, TaskOutcome } from './task.js';

export interface RunOptions extends EnsembleSpec {
  /** Results directory. */
  out: string;
  /** Worker threads of the pool engine (default: available cores). */
  workers?: number;
  /** redis://host:port: use the queue engine (workers started separately). */
  queue?: string;
  queueName?: string;
  shard?: Shard;
  /** Per-sample time limit (s; 0 = none): past it the sample is recorded as failed. */
  sampleTimeout?: number;
  /** Aggregate (events.csv, summary.json, figures, report.html) at the end (default true). */
  aggregate?: boolean;
  /** Called after every change (stage entered, sample finished). */
  onProgress?: (tracker: ProgressTracker, changed: 'stage' | 'sample') => void;
}

export interface RunSummary {
  planned: number;
  alreadyDone: number;
  done: number;
  failed: number;
  skipped: number;
  removedPartial: number;
  wallMs: number;
  outcomes: TaskOutcome[];
  aggregate?: AggregateResult;
}

export async function runEnsemble(options: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const specs = selectShard(ensembleSpecs(options), options.shard);
  ensureStore(options.out);
  const removedPartial = await discardPartial(options.out);
  await writeFileAtomic(`${options.out}/ensemble.json`, JSON.stringify({
    samples: options.samples, n: options.n, seed0: options.seed0, prepare: specs[0]?.prepare, events: specs[0]?.events,
    validate: options.validate ?? false, shard: options.shard ?? null, ids: specs.map(sampleId),
  }, null, 2) + '\n');
  const todo: TaskInput[] = specs.filter((s) => !isDone(options.out, sampleId(s))).map((spec) => ({ spec, root: options.out }));
  const tracker = new ProgressTracker(specs.length, specs.length - todo.length);
  const onStage = (id: string, stage: string): void => { tracker.stage(id, stage); options.onProgress?.(tracker, 'stage'); };
  const onOutcome = (o: TaskOutcome): void => { tracker.finish(o); options.onProgress?.(tracker, 'sample'); };
  options.onProgress?.(tracker, 'sample');
  let outcomes: TaskOutcome[] = [];
  if (todo.length > 0) {
    outcomes = options.queue
      ? await enqueueAndFollow(todo, { url: options.queue, queueName: options.queueName, onStage, onOutcome })
      : await runPool(todo, options.workers ?? defaultWorkers(), (t, s) => onStage(sampleId(t.spec), s), onOutcome, options.sampleTimeout ?? 0);
  }
  const summary: RunSummary = {
    planned: specs.length,
    alreadyDone: specs.length - todo.length,
    done: outcomes.filter((o) => o.status === 'done').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    removedPartial,
    wallMs: performance.now() - t0,
    outcomes,
  };
  if (options.aggregate ?? true) summary.aggregate = await aggregate(options.out, { outDir: options.out });
  return summary;
}
