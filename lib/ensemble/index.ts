/**
 * High-throughput ensembles (any model, 2D and 3D, glasses prepared or read from files; docs/ensemble.md): sample identity, the per-sample
 * pipeline, one HDF5 file per sample, the worker-pool and Redis-queue engines, shards,
 * aggregation and the HTML report.
 */
export {
  DIRECTIONS, RUN_MODELS, type Direction, type EnsembleSummary, type EventProtocol, type EventRecord, type GlassSource, type InvalidSample, type PrepareProtocol, type RankSummary,
  type SampleFailure, type SampleResult, type SampleSpec, type TailFit, type ValidationRecord,
} from './types.js';
export {
  DEFAULT_EVENTS, DEFAULT_EVENTS_3D, DEFAULT_PREPARE, canonicalJson, defaultEvents, defaultPrepare, ensembleSpecs, eventProtocol, expectShearableModel, glassLabel, isOwnModel, modelLabel, registerSpecModel, runModel, sampleId, specModel, specModelFields,
  type EnsembleSpec, type RunModel,
} from './identity.js';
export { checkManifestModel, manifestModel, manifestPath, ModelMismatchError, ResultsModelError } from './manifest.js';
export { parseShard, selectShard, type Shard } from './shard.js';
export { processSample, eventInDirection, STAGES, StageError, SOFTWARE_VERSION, type Stage, type PipelineOptions } from './pipeline.js';
export { checkSampleHdf5, readSampleHdf5, verifySampleHdf5, writeSampleHdf5, InvalidSampleError, FORMAT, FORMAT_VERSION, FORMAT_VERSION_GLASS, FORMAT_VERSION_ND, formatVersion } from './hdf5.js';
export { GlassInputError, glassSpecs, readGlassText, shipGlasses, type GlassEnsembleSpec, type GlassPlan, type ShippedGlass } from './glass-input.js';
export { commitSample, discardPartial, ensureStore, failedIds, finishedIds, isDone, readLog, recordFailure, samplePath, sampleState, scanSamples, setAsideInvalid, type SampleState } from './store.js';
export { runTask, type FatalWrite, type TaskInput, type TaskOutcome } from './task.js';
export { createSamplePool, defaultWorkers, runPool, type SamplePool } from './pool.js';
export { enqueueAndFollow, startQueueWorker, DEFAULT_QUEUE_NAME, type FollowOptions, type QueueWorkerOptions } from './queue.js';
export { QueueUnavailableError, CONNECT_SECONDS, DEFAULT_REDIS_TIMEOUT } from './redis.js';
export { ProgressTracker, progressPrinter, type ProgressSnapshot } from './progress.js';
export { runEnsemble, type RunOptions, type RunSummary } from './run.js';
export { activeWall, type LogLine } from './throughput.js';
export { aggregate, glassRecord, NoValidSamplesError, sampleRanks, sumRule, AGGREGATE_DEFAULTS, type AggregateOptions, type AggregateResult } from './aggregate.js';
export { renderReport } from './report.js';
