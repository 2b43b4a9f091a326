/**
 * One sample, start to finish, as a job: skip if finished, compute, write the HDF5 file
 * atomically, or record the failure. Used by every engine (pool threads, queue workers,
 * in-process). Idempotent: running it twice for the same spec never writes twice.
 */
import { hostname } from 'node:os';
import { sampleId } from './identity.js';
import { processSample, StageError, type Stage } from './pipeline.js';
import { commitSample, isDone, logEvent, recordFailure } from './store.js';
import type { SampleSpec } from './types.js';

export interface TaskInput { spec: SampleSpec; root: string }

export interface TaskOutcome {
  id: string;
  status: 'done' | 'failed' | 'skipped';
  /** ms per stage (done), or the stage that failed. */
  timings?: Record<string, number>;
  stage?: string;
  error?: string;
}

export async function runTask(input: TaskInput, onStage?: (stage: Stage) => void): Promise<TaskOutcome> {
  const { spec, root } = input;
  const id = sampleId(spec);
  if (isDone(root, id)) return { id, status: 'skipped' };
  logEvent(root, { event: 'start', id });
  try {
    const result = await processSample(spec, { onStage });
    const placed = await commitSample(root, result);
    logEvent(root, { event: placed ? 'done' : 'duplicate', id, timings: result.timings });
    return { id, status: placed ? 'done' : 'skipped', timings: result.timings };
  } catch (error) {
    const stage = error instanceof StageError ? error.stage : 'write';
    const err = error as Error;
    await recordFailure(root, { id, spec, stage, message: err.message, stack: err.stack, host: hostname(), at: new Date().toISOString() });
    logEvent(root, { event: 'failed', id, stage, message: err.message });
    return { id, status: 'failed', stage, error: err.message };
  }
}
