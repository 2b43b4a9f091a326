/**
 * The distributed engine: a Redis-backed job queue (BullMQ).
 *
 * - `enqueueAndFollow` (softspot run --queue URL): adds one job per unfinished sample,
 *   jobId = sample id (adding an id that is already queued is a no-op), then follows the
 *   run until every sample is finished or failed.
 * - `startQueueWorker` (softspot worker --queue URL): processes jobs on this machine with a
 *   pool of worker threads (the event loop stays free to renew job locks), writing to the
 *   shared output directory named in the job (or `--out`).
 * A worker that dies mid-sample stops renewing its lock; after `lockSeconds` another
 * worker's stalled-job check puts the job back and it is processed again. Jobs are
 * idempotent (./task.ts): a finished sample is skipped, a file is never overwritten.
 */
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleId } from './identity.js';
import { createSamplePool } from './pool.js';
import type { Stage } from './pipeline.js';
import { failurePath, isDone } from './store.js';
import type { TaskInput, TaskOutcome } from './task.js';

export const DEFAULT_QUEUE_NAME = 'softspot';
/** Seconds after which a dead worker's job is retried, and the grace time of exitWhenEmpty. */
export const QUEUE_DEFAULTS = Object.freeze({ lockSeconds: 30, idleSeconds: 10 });

/** A Redis connection for BullMQ from a redis:// URL. */
export function redisConnection(url: string): Redis {
  if (!/^rediss?:\/\//.test(url)) throw new RangeError(`queue: expected a redis://host:port URL, got "${url}"`);
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export interface FollowOptions {
  url: string;
  queueName?: string;
  onStage?: (id: string, stage: Stage) => void;
  onOutcome?: (outcome: TaskOutcome) => void;
  /** Poll interval (ms, default 1000). */
  pollMs?: number;
}

/** Enqueues the tasks and resolves with their outcomes once all are finished or failed. */
export async function enqueueAndFollow(tasks: readonly TaskInput[], options: FollowOptions): Promise<TaskOutcome[]> {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const connection = redisConnection(options.url);
  const queue = new Queue(name, { connection });
  const eventsConnection = redisConnection(options.url);
  const events = new QueueEvents(name, { connection: eventsConnection });
  const byId = new Map(tasks.map((t) => [sampleId(t.spec), t]));
  const outcomes = new Map<string, TaskOutcome>();
  const settle = (o: TaskOutcome): void => {
    if (outcomes.has(o.id) || !byId.has(o.id)) return;
    outcomes.set(o.id, o);
    options.onOutcome?.(o);
  };
  events.on('progress', ({ jobId, data }) => {
    const stage = (data as { stage?: Stage } | undefined)?.stage;
    if (stage && byId.has(jobId)) options.onStage?.(jobId, stage);
  });
  events.on('completed', ({ jobId, returnvalue }) => {
    if (!byId.has(jobId)) return;
    const o = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TaskOutcome;
    settle(o);
  });
  try {
    await events.waitUntilReady();
    await queue.addBulk([...byId].map(([id, task]) => ({
      name: 'sample', data: task,
      opts: { jobId: id, attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
    })));
    // Events can be missed (a follower restarted): poll files and job states too.
    while (outcomes.size < byId.size) {
      await sleep(options.pollMs ?? 1000);
      for (const [id, task] of byId) {
        if (outcomes.has(id)) continue;
        if (await isDone(task.root, id)) settle({ id, status: 'done' });
        else {
          const job = await queue.getJob(id);
          const state = job ? await job.getState() : 'unknown';
          if (state === 'failed') settle({ id, status: 'failed', error: job?.failedReason ?? 'job failed' });
          else if ((state === 'unknown' || state === 'completed') && existsSync(failurePath(task.root, id))) settle({ id, status: 'failed', error: 'see failed/' });
          else if (state === 'unknown') {
            // Completed and removed without a file or failure record (should not happen): re-add.
            await queue.add('sample', task, { jobId: id, attempts: 3, removeOnComplete: true, removeOnFail: 1000 });
          }
        }
      }
    }
  } finally {
    await events.close();
    await queue.close();
    connection.disconnect();
    eventsConnection.disconnect();
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
  onStage?: (id: string, stage: Stage) => void;
  onOutcome?: (outcome: TaskOutcome) => void;
}

/** Runs a queue worker until closed (or until the queue is empty, with exitWhenEmpty). */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<{ closed: Promise<void>; close(): Promise<void> }> {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const pool = createSamplePool(options.workers, options.sampleTimeout ?? 0);
  const lockMs = Math.round((options.lockSeconds ?? QUEUE_DEFAULTS.lockSeconds) * 1000);
  const processor = async (job: Job<TaskInput>): Promise<TaskOutcome> => {
    const task = options.out ? { ...job.data, root: options.out } : job.data;
    const id = sampleId(task.spec);
    const outcome = await pool.run(task, (stage) => {
      options.onStage?.(id, stage);
      void job.updateProgress({ stage }).catch(() => undefined);
    });
    options.onOutcome?.(outcome);
    return outcome;
  };
  const workerConnection = redisConnection(options.url);
  const worker = new Worker<TaskInput, TaskOutcome>(name, processor, {
    connection: workerConnection,
    concurrency: options.workers,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    maxStalledCount: 5,
  });
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await worker.close();
      await pool.destroy();
      workerConnection.disconnect();
    })();
    return closing;
  };
  let closed: Promise<void>;
  if (options.exitWhenEmpty) {
    const queueConnection = redisConnection(options.url);
    const queue = new Queue(name, { connection: queueConnection });
    closed = (async () => {
      let idleSince = performance.now();
      while (!closing) {
        await sleep(500);
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        const pending = Object.values(c).reduce((s, x) => s + x, 0);
        if (pending > 0) idleSince = performance.now();
        else if (performance.now() - idleSince > (options.idleSeconds ?? QUEUE_DEFAULTS.idleSeconds) * 1000) break;
      }
      await queue.close();
      queueConnection.disconnect();
      await close();
    })();
  } else {
    closed = new Promise<void>((resolve) => worker.on('closed', () => resolve()));
  }
  return { closed, close };
}

export { isDone };
