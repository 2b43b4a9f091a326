/**
 * One sample, start to finish, as a job: skip if finished, set an invalid file aside,
 * compute, write the HDF5 file atomically and verified, or record the failure. Used by
 * every engine (pool threads, queue workers, in-process). Idempotent: running it twice
 * for the same spec never writes twice.
 *
 * A sample that fails is recorded and the engine goes on. A write the system refuses
 * (full disk, quota, read-only or vanished directory) is different: every later sample
 * would fail the same way, so the outcome carries `fatal` and the engines stop.
 */
import { hostname } from 'node:os';
import { FileWriteError } from '../io/index.js';
import { glassLabel, registerSpecModel, sampleId, specModel } from './identity.js';
import { sumRule } from './sum-rule.js';
import { checkManifestModel, ModelMismatchError, ResultsModelError } from './manifest.js';
import { processSample, StageError, type Stage } from './pipeline.js';
import { commitSample, logEvent, recordFailure, sampleState, setAsideInvalid } from './store.js';
import type { ShippedGlass } from './glass-input.js';
import type { SampleSpec } from './types.js';

export interface TaskInput {
  spec: SampleSpec;
  root: string;
  /** The file of a sample of SampleSpec.glass (absolute; not part of the identity). */
  glass?: string;
  /** Its frame, for a LAMMPS dump (0-based). */
  frame?: number;
  /** The glass itself, when the job carries it (softspot run --ship-glasses): then the file is not read. */
  shipped?: ShippedGlass;
}

/** A refused write, as plain data (outcomes cross threads and Redis): rebuild with `new FileWriteError(path, code, detail, hint)`. */
export interface FatalWrite { path: string; code: string; detail: string }

export interface TaskOutcome {
  id: string;
  /** 'cancelled': the engine stopped before the sample finished (nothing recorded). */
  status: 'done' | 'failed' | 'skipped' | 'cancelled';
  /** ms per stage (done), or the stage that failed. */
  timings?: Record<string, number>;
  /** Done: the sum rule's relative error |Σc − d(N − 1)| / (d(N − 1)) of the sample. */
  sumRuleError?: number;
  stage?: string;
  error?: string;
  /** Failed: the glass file (`path#frame` of a trajectory) of a sample read from a file. */
  glass?: string;
  /** The results directory refused a write: the engine must stop (see module doc). */
  fatal?: FatalWrite;
  /** For the user (an invalid file set aside). */
  warnings?: string[];
}

const fatalOutcome = (id: string, error: FileWriteError, warnings: string[]): TaskOutcome => ({
  id, status: 'failed', stage: 'write', error: error.message, fatal: { path: error.path, code: error.code, detail: error.detail }, warnings,
});

export async function runTask(input: TaskInput, onStage?: (stage: Stage) => void): Promise<TaskOutcome> {
  const { spec, root } = input;
  const id = sampleId(spec);
  const warnings: string[] = [];
  try {
    // A model of one's own travels in the spec: known to this process from here on.
    registerSpecModel(spec);
    // A worker's --out (or a shared directory) may hold a run of another model: refuse,
    // recording nothing there (the failure belongs to the run that enqueued the sample).
    checkManifestModel(root, specModel(spec), `sample ${id}`, spec.modelFile);
  } catch (error) {
    if (error instanceof ModelMismatchError || error instanceof ResultsModelError || error instanceof RangeError || error instanceof TypeError) {
      return { id, status: 'failed', stage: 'model', error: error.message, warnings };
    }
    throw error;
  }
  try {
    const state = await sampleState(root, id);
    if (state.state === 'done') return { id, status: 'skipped' };
    if (state.state === 'invalid') {
      const warning = await setAsideInvalid(root, id, state.reason);
      if (warning !== undefined) warnings.push(warning);
    }
    logEvent(root, { event: 'start', id });
  } catch (error) {
    if (error instanceof FileWriteError) return fatalOutcome(id, error, warnings);
    throw error;
  }
  try {
    const result = await processSample(spec, { onStage, glassPath: input.glass, glassFrame: input.frame, glassShipped: input.shipped });
    const placed = await commitSample(root, result);
    const sumRuleError = sumRule(result).relativeError;
    logEvent(root, { event: placed ? 'done' : 'duplicate', id, timings: result.timings, sumC: result.sumC, sumRuleError });
    return { id, status: placed ? 'done' : 'skipped', timings: result.timings, sumRuleError, warnings };
  } catch (error) {
    if (error instanceof FileWriteError) return fatalOutcome(id, error, warnings);
    const stage = error instanceof StageError ? error.stage : 'write';
    const err = error as Error;
    try {
      await recordFailure(root, { id, spec, stage, message: err.message, stack: err.stack, host: hostname(), at: new Date().toISOString() });
      logEvent(root, { event: 'failed', id, stage, message: err.message });
    } catch (recordError) {
      if (recordError instanceof FileWriteError) return fatalOutcome(id, recordError, warnings);
      throw recordError;
    }
    // A glass file's sample is named by its file (and frame) too: the id alone says nothing to the user.
    return { id, status: 'failed', stage, error: err.message, warnings, ...(input.glass !== undefined ? { glass: glassLabel(input.glass, input.frame) } : {}) };
  }
}
