/**
 * The distributed engine: a Redis-backed job queue (BullMQ).
 *
 * - `enqueueAndFollow` (softspot run --queue URL): adds one job per unfinished sample,
 *   jobId = sample id (adding an id that is already queued is a no-op; a job of an earlier
 *   run that failed for good is retried with its attempts back), then follows the run
 *   until every sample is finished or failed.
 * - `startQueueWorker` (softspot worker --queue URL): processes jobs on this machine with a
 *   pool of worker threads (the event loop stays free to renew job locks), writing to the
 *   shared output directory named in the job (or `--out`).
 * A worker that dies mid-sample stops renewing its lock; after `lockSeconds` another
 * worker's stalled-job check puts the job back and it is processed again. Jobs are
 * idempotent (./task.ts): a finished sample is skipped, a file is never overwritten.
 *
 * Counting: a job can run twice (a stalled lock, a Redis restart that lost or re-queued
 * jobs); its second run finds the file and reports 'skipped'. The follower therefore
 * counts by what is on disk: a sample of this run whose file is complete is done, however
 * its job ended.
 *
 * Redis (./redis.ts): unreachable at start → a QueueUnavailableError within seconds;
 * lost mid-run → retried with backoff and a warning, and after `redisTimeout` seconds a
 * QueueUnavailableError. A worker whose results directory refuses a write (full disk)
 * stops with a FileWriteError; its jobs go back to the queue.
 */
import { DelayedError, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileWriteError } from '../io/index.js';
import { resultsDirectoryRemedy } from '../io/write-error.js';
import { modelLabel, sampleId, specModel, type RunModel } from './identity.js';
import { createSamplePool } from './pool.js';
import type { Stage } from './pipeline.js';
import { DEFAULT_REDIS_TIMEOUT, RedisLink } from './redis.js';
import { failurePath, isDone } from './store.js';
import type { TaskInput, TaskOutcome } from './task.js';

export const DEFAULT_QUEUE_NAME = 'softspot';
/**
 * Seconds after which a dead worker's job is retried, the grace time of exitWhenEmpty, and
 * how long a lost Redis connection is retried before the follower or worker fails.
 */
export const QUEUE_DEFAULTS = Object.freeze({ lockSeconds: 30, idleSeconds: 10, redisTimeout: DEFAULT_REDIS_TIMEOUT });
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 };

/**
 * How long a job that a `--model` worker refused waits before any worker sees it again:
 * 2 s, doubling with each refusal of it by this worker, at most 15 s. The delay keeps
 * idle workers of other models from passing the jobs round as fast as Redis answers (a
 * queue of 10⁴ foreign jobs, at most ~700 refusals a second per idle worker); its cap
 * bounds how long a job of a worker's own model can sit delayed while that worker waits
 * for work (the last jobs of a run, refused many times).
 */
function refusalDelayMs(refusals: number): number {
  return Math.min(15_000, 2000 * 2 ** Math.max(0, refusals - 1));
}

/** Closes BullMQ objects (`force`: without waiting for their jobs), giving up after `ms` (the link closes their connections anyway). */
async function closeAll(objects: Array<{ close(force?: boolean): Promise<unknown> }>, force: boolean, ms = 3000): Promise<void> {
  await Promise.race([Promise.allSettled(objects.map((o) => o.close(force))), sleep(ms, undefined, { ref: false })]);
}

export interface FollowOptions {
  url: string;
  queueName?: string;
  onStage?: (id: string, stage: Stage) => void;
  onOutcome?: (outcome: TaskOutcome) => void;
  /** Poll interval (ms, default 1000). */
  pollMs?: number;
  /** Seconds a lost Redis connection is retried before the follower fails (default 60). */
  redisTimeout?: number;
  /** Redis lost and back, queue errors. */
  onWarning?: (message: string) => void;
}

/** Enqueues the tasks and resolves with their outcomes once all are finished or failed. */
export async function enqueueAndFollow(tasks: readonly TaskInput[], options: FollowOptions): Promise<TaskOutcome[]> {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const root = tasks[0]?.root ?? '.';
  const { link, client } = await RedisLink.connect(options.url, {
    timeoutSeconds: options.redisTimeout, onWarning: options.onWarning,
    lostHint: `the finished samples are safe in ${root}/samples; once Redis is back, rerun the same command (it enqueues only what is missing)`,
  });
  const queue = link.watch(new Queue(name, { connection: client }));
  // A short blocking read: its watchdog (block + 1 s) is what keeps a failed follower alive longest.
  const events = link.watch(new QueueEvents(name, { connection: client, blockingTimeout: 1000 }));
  const byId = new Map(tasks.map((t) => [sampleId(t.spec), t]));
  const outcomes = new Map<string, TaskOutcome>();
  // The poll's sleep ends early when the last sample is reported.
  const allSettled = new AbortController();
  const settle = (o: TaskOutcome): void => {
    if (outcomes.has(o.id) || !byId.has(o.id)) return;
    outcomes.set(o.id, o);
    options.onOutcome?.(o);
    if (outcomes.size === byId.size) allSettled.abort();
  };
  /** A worker's report: 'skipped' (another run of the job wrote the file) is done for this run, if the file is there. */
  const reported = async (o: TaskOutcome): Promise<void> => {
    const task = byId.get(o.id);
    if (task === undefined || outcomes.has(o.id)) return;
    if (o.status === 'failed') settle(o);
    else if (await isDone(task.root, o.id)) settle({ ...o, status: 'done' });
  };
  // Refusals by workers of other models (`softspot worker --model`), said once per pair of models:
  // jobs that only such workers see wait on the queue, which the run would otherwise show as no progress.
  const refusalsSaid = new Set<string>();
  events.on('progress', ({ jobId, data }) => {
    if (!byId.has(jobId)) return;
    const { stage, refusedBy, model } = (data ?? {}) as { stage?: Stage; refusedBy?: string; model?: string };
    if (stage) options.onStage?.(jobId, stage);
    if (refusedBy !== undefined && !refusalsSaid.has(`${refusedBy}|${model}`)) {
      refusalsSaid.add(`${refusedBy}|${model}`);
      options.onWarning?.(`sample ${jobId} (${model}) was put back on the queue by a worker that takes ${refusedBy} only (softspot worker --model); ` +
        `the run waits for a worker of ${model} (start one without --model, or with --model naming it)`);
    }
  });
  events.on('completed', ({ jobId, returnvalue }) => {
    if (!byId.has(jobId)) return;
    const o = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TaskOutcome;
    void reported(o).catch((error: unknown) => options.onWarning?.(`queue: ${(error as Error).message}`));
  });
  try {
    await link.guard(events.waitUntilReady());
    // A job that failed for good in an earlier run (its attempts spent on a full disk, a
    // worker that could not reach the results directory, a bug since mended) keeps
    // its id, so adding it again would do nothing: this run gives it its attempts back, as
    // a pool run retries what failed before.
    // One read of the failed set (at most removeOnFail = 1000 jobs), not one round trip per sample.
    for (const job of await link.guard(queue.getJobs(['failed']))) {
      if (job?.id !== undefined && byId.has(job.id)) await link.guard(job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }));
    }
    await link.guard(queue.addBulk([...byId].map(([id, task]) => ({ name: 'sample', data: task, opts: { jobId: id, ...JOB_OPTIONS } }))));
    // Events can be missed (a follower restarted, Redis restarted): poll files and job states too.
    while (outcomes.size < byId.size) {
      await link.guard(sleep(options.pollMs ?? 1000, undefined, { signal: allSettled.signal }).catch(() => undefined));
      if (outcomes.size === byId.size) break;
      for (const [id, task] of byId) {
        if (outcomes.has(id)) continue;
        if (await isDone(task.root, id)) {
          settle({ id, status: 'done' });
          continue;
        }
        const job = await link.guard(queue.getJob(id));
        const state = job ? await link.guard(job.getState()) : 'unknown';
        // Failed on the queue (its attempts spent by workers that could not write): no stage ran here to name.
        if (state === 'failed') settle({ id, status: 'failed', stage: 'queue', error: job?.failedReason ?? 'job failed' });
        else if ((state === 'unknown' || state === 'completed') && existsSync(failurePath(task.root, id))) settle({ id, status: 'failed', stage: failedStage(task.root, id), error: 'see failed/' });
        else if (state === 'unknown') {
          // Gone without a file or a failure record (a Redis restart without persistence lost it): add it again.
          await link.guard(queue.add('sample', task, { jobId: id, ...JOB_OPTIONS }));
        }
      }
    }
  } finally {
    await closeAll([events, queue], true, link.isClosed ? 0 : 3000);
    link.close();
  }
  return tasks.map((t) => outcomes.get(sampleId(t.spec))!);
}

export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  /** Samples processed at once on this machine (default: available cores). */
  workers: number;
  /** Override the output directory of the jobs (the shared directory's path on this machine). */
  out?: string;
  /** Lock time: a job of a dead worker is retried after this (s, default 30). */
  lockSeconds?: number;
  /** Per-sample time limit (s; 0 = none): past it the sample is recorded as failed. */
  sampleTimeout?: number;
  /** Exit once the queue has had no waiting, delayed or active jobs for `idleSeconds` (default false: run forever). */
  exitWhenEmpty?: boolean;
  /** Grace time of exitWhenEmpty (s, default 10), also at start, before the jobs are enqueued. */
  idleSeconds?: number;
  /** Seconds a lost Redis connection is retried before the worker stops (default 60). */
  redisTimeout?: number;
  /**
   * Only samples of this model (`softspot worker --model`): a job of another model goes
   * back to the queue for a worker of its model (delayed by refusalDelayMs, its attempts
   * untouched; onRefused says so), and nothing is written for it. With exitWhenEmpty,
   * jobs this worker refused do not keep it running.
   */
  model?: RunModel;
  /** A job of another model was put back on the queue (`refusals`: times this worker refused it). */
  onRefused?: (id: string, model: string, refusals: number) => void;
  onStage?: (id: string, stage: Stage) => void;
  onOutcome?: (outcome: TaskOutcome) => void;
  /** Redis lost and back, queue errors, invalid sample files set aside. */
  onWarning?: (message: string) => void;
}

/**
 * Runs a queue worker until closed (or until the queue is empty, with exitWhenEmpty).
 * `closed` resolves when it has stopped; it rejects with a QueueUnavailableError when
 * Redis stayed away for `redisTimeout`, or a FileWriteError when the results directory
 * refused a write (the samples in flight are cancelled and their jobs go back).
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<{ closed: Promise<void>; close(): Promise<void> }> {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const { link, client } = await RedisLink.connect(options.url, {
    timeoutSeconds: options.redisTimeout, onWarning: options.onWarning,
    lostHint: 'this worker stopped; the samples it finished are in the results directory. Once Redis is back, start the workers again',
  });
  const pool = createSamplePool(options.workers, options.sampleTimeout ?? 0);
  const lockMs = Math.round((options.lockSeconds ?? QUEUE_DEFAULTS.lockSeconds) * 1000);
  const cancel = new AbortController();
  let stopping: Promise<void> | undefined;
  let finish!: (error?: Error) => void;
  const closed = new Promise<void>((resolve, reject) => { finish = (error) => (error ? reject(error) : resolve()); });
  // Jobs of another model this worker put back, with how often (the ids of their samples).
  const refused = new Map<string, number>();
  const processor = async (job: Job<TaskInput>, token?: string): Promise<TaskOutcome> => {
    const task = options.out ? { ...job.data, root: options.out } : job.data;
    const id = sampleId(task.spec);
    const m = specModel(task.spec);
    if (options.model !== undefined && (m.model !== options.model.model || m.dim !== options.model.dim)) {
      // Not a failure: the job is fine, this worker is the wrong one. Delayed (not failed),
      // it keeps its attempts and goes to whichever worker takes it next.
      const refusals = (refused.get(id) ?? 0) + 1;
      refused.set(id, refusals);
      options.onRefused?.(id, modelLabel(m), refusals);
      // Told to the run that follows the job (it says once that it waits for a worker of the job's model).
      if (refusals === 1) await job.updateProgress({ refusedBy: modelLabel(options.model), model: modelLabel(m) }).catch(() => undefined);
      await job.moveToDelayed(Date.now() + refusalDelayMs(refusals), token);
      throw new DelayedError();
    }
    const outcome = await pool.run(task, (stage) => {
      options.onStage?.(id, stage);
      void job.updateProgress({ stage }).catch(() => undefined);
    }, cancel.signal);
    // Thrown: the job goes back to the queue (another attempt, maybe on another machine).
    if (outcome.status === 'cancelled') throw new Error('cancelled: the worker stopped');
    if (outcome.fatal) {
      const { path, code, detail } = outcome.fatal;
      // The advice of the refusal: space for a full disk, a writable directory for the rest (a read-only one, a file, a missing one).
      const what = resultsDirectoryRemedy(code).replace(/^\w/, (c) => c.toLowerCase()).replace(/choose another --out/, 'give another --out');
      stop(new FileWriteError(path, code, detail, `this worker stopped (its samples in flight go back to the queue): ${what} and start it again`));
      throw new Error(outcome.error);
    }
    for (const w of outcome.warnings ?? []) options.onWarning?.(w);
    options.onOutcome?.(outcome);
    return outcome;
  };
  const worker = link.watch(new Worker<TaskInput, TaskOutcome>(name, processor, {
    connection: client,
    concurrency: options.workers,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    maxStalledCount: 5,
  }));
  const queue = options.exitWhenEmpty ? link.watch(new Queue(name, { connection: client })) : undefined;
  /** Stops the worker: gracefully (current samples finish), or at once after a failure. */
  function stop(error?: Error): Promise<void> {
    stopping ??= (async () => {
      if (error) cancel.abort();
      if (error) await closeAll([worker, ...(queue ? [queue] : [])], true, link.isClosed ? 0 : 3000);
      else await Promise.race([worker.close().then(() => queue?.close()), link.lost]).catch(() => undefined);
      await pool.destroy();
      link.close();
      finish(error);
    })();
    return stopping;
  }
  link.lost.catch((error: Error) => { void stop(error); });
  try {
    await link.guard(worker.waitUntilReady());
  } catch (error) {
    await stop(error as Error);
    await closed;
  }
  if (queue) {
    void (async () => {
      let idleSince = performance.now();
      while (!stopping) {
        await sleep(500);
        if (stopping) break;
        const c = await link.guard(queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')).catch(() => undefined);
        // Redis stayed away: the link's failure stops the worker (stopping is set). Any other
        // error of the read (a transient one) is tried again: returning would leave a worker
        // that never exits when the queue empties.
        if (c === undefined) continue;
        let pending = Object.values(c).reduce((s, x) => s + x, 0);
        // Jobs of other models that this worker put back are not work for it: when every
        // pending job is one of them, the queue is empty as far as this worker goes.
        if (pending > 0 && pending <= refused.size) {
          const ids = await link.guard(queue.getRanges(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'], 0, -1)).catch(() => undefined);
          if (ids === undefined) continue;
          if (ids.every((jobId) => refused.has(jobId))) pending = 0;
        }
        if (pending > 0) idleSince = performance.now();
        else if (performance.now() - idleSince > (options.idleSeconds ?? QUEUE_DEFAULTS.idleSeconds) * 1000) break;
      }
      await stop();
    })();
  }
  return { closed, close: async () => { await stop(); await closed.catch(() => undefined); } };
}

/** The stage of a sample's failure record (failed/<id>.json), for the run's list; 'queue' when it cannot be read. */
function failedStage(root: string, id: string): string {
  try {
    const stage = (JSON.parse(readFileSync(failurePath(root, id), 'utf8')) as { stage?: unknown }).stage;
    return typeof stage === 'string' ? stage : 'queue';
  } catch {
    return 'queue';
  }
}
