/**
 * The embedded engine: a pool of worker threads (piscina) on this machine, one sample per
 * thread at a time, `workers` threads (default: available cores). Threads share the
 * process, so BLAS threads are limited to one per worker: OPENBLAS_NUM_THREADS=1 and
 * OMP_NUM_THREADS=1 unless the environment says otherwise, set by lib/native.ts before the
 * addon loads in the main thread (the `softspot` launcher sets them too; docs/ensemble.md).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { hostname } from 'node:os';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sampleId } from './identity.js';
import type { Stage } from './pipeline.js';
import { FileWriteError } from '../io/index.js';
import { hostTag, logEvent, recordFailure } from './store.js';
import type { TaskInput, TaskOutcome } from './task.js';
// The addon, loaded here in the main thread before any worker: OpenBLAS reads its thread
// count from the process's environment at that moment, which lib/native.ts sets to one
// unless the user did (a worker thread's process.env is a copy OpenBLAS never sees).
import '../native.js';

/**
 * The worker-thread entry next to this module: pool-worker.js when compiled; from the
 * TypeScript sources, pool-worker-dev.mjs, which registers tsx in the thread first.
 */
export function poolWorkerUrl(): string {
  return new URL(import.meta.url.endsWith('.ts') ? './pool-worker-dev.mjs' : './pool-worker.js', import.meta.url).href;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export interface SamplePool {
  /** Computes one sample; `stop` aborted ends it at once with status 'cancelled' (nothing recorded). */
  run(task: TaskInput, onStage?: (stage: Stage) => void, stop?: AbortSignal): Promise<TaskOutcome>;
  destroy(): Promise<void>;
}

/** Removes this process's temporary files of sample `id` (after its thread was terminated). */
async function removeOwnTemps(root: string, id: string): Promise<void> {
  const prefix = `.${id}.h5.${hostTag()}.${process.pid}.`;
  const dir = join(root, 'samples');
  for (const f of await readdir(dir).catch(() => [] as string[])) if (f.startsWith(prefix)) await rm(join(dir, f), { force: true });
}

/**
 * A pool of `workers` threads. `timeoutSeconds` (> 0) bounds one sample: past it the
 * thread is terminated and the sample recorded as failed (stage and "timed out"), so one
 * sample that never ends cannot stall an unattended run. A thread that dies (an uncaught
 * error) is likewise a recorded failure, not the end of the run.
 */
export function createSamplePool(workers = defaultWorkers(), timeoutSeconds = 0): SamplePool {
  const pool = new Piscina({
    filename: poolWorkerUrl(),
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    // Threads inherit the process's flags, except one that only `node -e` accepts.
    execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
    idleTimeout: 60_000,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
  });
  return {
    async run(task, onStage, stop) {
      const { port1, port2 } = new MessageChannel();
      let stage: Stage | 'start' = 'start';
      port1.on('message', (m: { stage: Stage }) => { stage = m.stage; onStage?.(m.stage); });
      const timeout = timeoutSeconds > 0 ? AbortSignal.timeout(timeoutSeconds * 1000) : undefined;
      const signals = [timeout, stop].filter((s) => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const id = sampleId(task.spec);
      if (stop?.aborted) return { id, status: 'cancelled' };
      try {
        return (await pool.run({ ...task, port: port2 }, { transferList: [port2], signal })) as TaskOutcome;
      } catch (error) {
        await removeOwnTemps(task.root, id);
        if (stop?.aborted) return { id, status: 'cancelled' };
        const message = timeout?.aborted ? `${stage}: timed out after ${timeoutSeconds} s` : `${stage}: worker thread died: ${(error as Error).message}`;
        try {
          await recordFailure(task.root, { id, spec: task.spec, stage, message, host: hostname(), at: new Date().toISOString() });
          logEvent(task.root, { event: 'failed', id, stage, message });
        } catch (recordError) {
          if (!(recordError instanceof FileWriteError)) throw recordError;
          return { id, status: 'failed', stage: 'write', error: recordError.message, fatal: { path: recordError.path, code: recordError.code, detail: recordError.detail } };
        }
        return { id, status: 'failed', stage, error: message };
      } finally {
        port1.close();
      }
    },
    destroy: () => pool.destroy(),
  };
}

/**
 * Runs every task through a pool of `workers` threads; calls back per stage and per
 * outcome. Stops at the first fatal outcome (the results directory refused a write): no
 * further sample starts and the samples in flight are cancelled (their temporary files
 * removed); `stopped` is that outcome and the outcomes of the samples that never ran are
 * 'cancelled'.
 */
export async function runPool(
  tasks: readonly TaskInput[], workers: number,
  onStage: (id: TaskInput, stage: Stage) => void, onOutcome: (outcome: TaskOutcome) => void, timeoutSeconds = 0,
): Promise<{ outcomes: TaskOutcome[]; stopped?: TaskOutcome }> {
  const pool = createSamplePool(Math.min(workers, Math.max(1, tasks.length)), timeoutSeconds);
  const stop = new AbortController();
  let stopped: TaskOutcome | undefined;
  try {
    // One lane per thread pulls the next task, so tasks start in order and none waits in a queue.
    const outcomes: TaskOutcome[] = tasks.map((t) => ({ id: sampleId(t.spec), status: 'cancelled' }));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length && !stop.signal.aborted) {
        const k = next++;
        outcomes[k] = await pool.run(tasks[k], (s) => onStage(tasks[k], s), stop.signal);
        if (outcomes[k].fatal && !stopped) {
          stopped = outcomes[k];
          stop.abort();
        }
        if (outcomes[k].status !== 'cancelled' && !outcomes[k].fatal) onOutcome(outcomes[k]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
    return { outcomes, stopped };
  } finally {
    await pool.destroy();
  }
}
