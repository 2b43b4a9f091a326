/**
 * Sample identity: a sample is determined by (model, dimension, N, seed, protocol
 * parameters, validate), so its id is a readable prefix plus a hash of the canonical JSON
 * of that record. Two runs with the same parameters name the same files (resumable,
 * idempotent); changing any parameter gives a different id, never an overwrite.
 *
 *     id = `n<N>-s<seed>-<first 10 hex of sha256(canonical JSON of the spec)>`          (ipl, 2D)
 *     id = `<model>[3d]-n<N>-s<seed>-<first 10 hex of sha256(canonical JSON of the spec)>`  (others)
 *     id = `[<model>[3d]-]n<N>-g<first 10 hex of the glass's sha256>-<…>`  (a glass read from a file, ./glass-input.ts;
 *          GlassSource.sha256: the file's bytes, a frame's text, a GSD frame's extended XYZ)
 *
 * The paper's 2D `ipl` glass has no model or dim in its spec, so its ids are those of
 * softspot before other models existed (format version 1); `3d` marks `poly --dim 3`.
 *
 * A model of one's own (`--model params.json`): the spec names it (`model`, the file's
 * "name", the prefix of the id) and carries its definition (`modelFile`, the JSON form of
 * lib/model/model-file.ts), which is hashed with the rest: the same name with another
 * definition gives other ids. Every process that handles the spec registers the model
 * from it first (registerSpecModel), so threads and queue workers on other machines need
 * no file.
 */
import { createHash } from 'node:crypto';
import type { EventProtocol, PrepareProtocol, SampleSpec } from './types.js';
import { AQS_DEFAULTS, expectStepRange, PRECISION_RULE } from '../aqs/types.js';
import { expectRule, POSITIVE, type NumberRule } from '../validate.js';
import { PREPARE_DEFAULTS } from '../md/defaults.js';
import { expectPreparable } from '../md/prepare.js';
import { ND_PREPARE_DEFAULTS, expectPreparableNd } from '../nd/prepare.js';
import { MODEL_PRESET_NAMES, isModelName, modelPreset, registerModel, type ModelPresetName } from '../model/presets.js';
import { modelFileOf, modelFromFile } from '../model/model-file.js';
import { expectContinuousForce } from '../model/cutoff-smoothness.js';
import { RUN_MODELS } from './types.js';
import { ArgumentRangeError } from '../errors.js';

export const DEFAULT_PREPARE: Readonly<PrepareProtocol> = PREPARE_DEFAULTS;
export const DEFAULT_EVENTS: Readonly<EventProtocol> = Object.freeze({
  protocol: AQS_DEFAULTS.protocol, step: AQS_DEFAULTS.step[AQS_DEFAULTS.protocol], precision: AQS_DEFAULTS.precision, maxStrain: AQS_DEFAULTS.maxStrain,
});
/** 3D: no protocol and no step, so that lib/aqs firstEvent uses its own 3D defaults. */
export const DEFAULT_EVENTS_3D: Readonly<EventProtocol> = Object.freeze({ precision: AQS_DEFAULTS.precision, maxStrain: AQS_DEFAULTS.maxStrain });

/** A model preset (or a registered model of one's own) and a dimension it has. */
export interface RunModel { model: ModelPresetName | string; dim: 2 | 3 }

/** True for a registered model of one's own (not a built-in preset). */
export const isOwnModel = (name: string): boolean => !(MODEL_PRESET_NAMES as readonly string[]).includes(name) && isModelName(name);

/**
 * Registers the model of a spec that carries its definition (`modelFile`) for this process
 * (lib/model registerModel; the same definition again is a no-op). Specs of built-in
 * presets need nothing.
 * @throws RangeError when the definition is invalid or a model of that name with another
 *   definition is already registered in this process
 */
export function registerSpecModel(spec: Pick<SampleSpec, 'model' | 'modelFile'>): void {
  if (spec.modelFile === undefined) return;
  const where = `the definition of model '${String(spec.model)}' carried by the sample spec`;
  if (spec.modelFile.name !== spec.model) throw new ArgumentRangeError(`${where}: its name is '${spec.modelFile.name}'; expected '${String(spec.model)}'`);
  registerModel(modelFromFile(spec.modelFile, where, MODEL_PRESET_NAMES));
}

/**
 * The model of a run: `model` (default `ipl`) among RUN_MODELS and `dim` (default the
 * preset's; `poly` has 2 and 3: a 2D poly glass runs on the d-generic code, lib/nd).
 * @throws RangeError naming the option and what is allowed
 */
export function runModel(model: unknown = 'ipl', dim?: unknown): RunModel {
  if (typeof model !== 'string' || !((RUN_MODELS as readonly string[]).includes(model) || isOwnModel(model))) {
    throw new ArgumentRangeError(`model: expected one of ${RUN_MODELS.join(', ')} or a model file (params.json), got ${JSON.stringify(model)}`);
  }
  const preset = modelPreset(model);
  const d = dim ?? preset.dimension;
  if (d !== 2 && d !== 3) throw new ArgumentRangeError(`dim: expected 2 or 3, got ${JSON.stringify(dim)}`);
  if (!preset.dimensions.includes(d)) {
    throw new ArgumentRangeError(`dim: model '${model}' is ${preset.dimension}D only, got dim = ${d}` +
      `${d === 3 ? '; 3D models are ipl3d, ka and poly (--dim 3)' : '; 2D models are ipl, ka2d and poly'}`);
  }
  return { model, dim: d };
}

/** The model of a spec (absent fields: the paper's 2D ipl). */
export function specModel(spec: Pick<SampleSpec, 'model' | 'dim'>): RunModel {
  return { model: spec.model ?? 'ipl', dim: spec.dim === 3 ? 3 : 2 };
}

/** "ka (3D)", "ipl (2D)": a model for messages. */
export const modelLabel = (m: RunModel): string => `${m.model} (${m.dim}D)`;

/**
 * The models of a set of samples, each with one sample of it: `"ipl3d (3D), e.g. sample
 * <id>; …"` lists them for a message (tails and figures refuse to pool several).
 */
export function sampleModels(samples: readonly { id: string; spec: SampleSpec }[]): { labels: string[]; list: string } {
  const models = new Map<string, string>();
  for (const s of samples) models.set(modelLabel(specModel(s.spec)), s.id);
  return { labels: [...models.keys()], list: [...models].map(([m, id]) => `${m}, e.g. sample ${id}`).join('; ') };
}

/** The preparation defaults of a model: lib/md's for the 2D ipl glass, lib/nd's with the preset's temperatures otherwise. */
export function defaultPrepare(m: RunModel): PrepareProtocol {
  if (m.model === 'ipl' && m.dim === 2) return { ...DEFAULT_PREPARE };
  const preset = modelPreset(m.model);
  return { tLiquid: preset.defaults.tLiquid, tEquilibrate: ND_PREPARE_DEFAULTS.tEquilibrate, tAnneal: preset.defaults.tAnneal, anneal: ND_PREPARE_DEFAULTS.anneal, dt: ND_PREPARE_DEFAULTS.dt };
}

/** The first-event defaults of a dimension (module doc of ./types.ts EventProtocol). */
export const defaultEvents = (dim: 2 | 3): EventProtocol => ({ ...(dim === 3 ? DEFAULT_EVENTS_3D : DEFAULT_EVENTS) });

/** The smallest glass of an ensemble, and the first seed when none is given. */
export const MIN_SAMPLE_PARTICLES = 8;
export const DEFAULT_SEED0 = 1;

/**
 * At most this many samples in one run: a run plans every sample in memory and lists
 * every id in ensemble.json, and at ≥ 20 s a sample 10⁶ samples are ≥ 200 core-days.
 */
export const SAMPLES_RULE: NumberRule = Object.freeze({
  integer: true, min: 1, max: 1e6,
  maxWhy: 'a run plans every sample in memory and lists it in ensemble.json, and 10⁶ samples of ≥ 20 s are ≥ 200 core-days; ' +
    'split a larger ensemble into runs with other seeds (--seed0) or shards (--shard)',
});

/** JSON with object keys sorted at every level (stable across engines and versions). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** How a glass read from a file is named in messages and outputs: its path, with `#k` for frame k of a LAMMPS dump (0-based). */
export const glassLabel = (path: string, frame: number | undefined): string => (frame === undefined ? path : `${path}#${frame}`);

/** The id of a sample (see module doc). */
export function sampleId(spec: SampleSpec): string {
  const hash = createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 10);
  const dimension = spec.modelFile?.dimension ?? (spec.model === undefined ? 2 : modelPreset(spec.model).dimension);
  const prefix = spec.model === undefined ? '' : `${spec.model}${spec.dim === 3 && dimension !== 3 ? '3d' : ''}-`;
  // A prepared glass is named by its seed, a glass read from a file by its content.
  const origin = spec.glass !== undefined ? `g${spec.glass.sha256.slice(0, 10)}` : `s${spec.seed}`;
  return `${prefix}n${spec.n}-${origin}-${hash}`;
}

/** Options describing an ensemble: K samples with seeds seed0, seed0+1, … */
export interface EnsembleSpec {
  samples: number;
  n: number;
  seed0: number;
  /** Model preset (default `ipl`, the paper's 2D glass), or a registered model of one's own (its definition goes into every spec). */
  model?: string;
  /** Dimension (default the preset's; `poly`: 2 or 3; a run of glass files: the files' when the preset has several). */
  dim?: 2 | 3;
  prepare?: Partial<PrepareProtocol>;
  events?: Partial<EventProtocol>;
  validate?: boolean;
}

const POSITIVE_INTEGER: NumberRule = Object.freeze({ ...POSITIVE, integer: true, text: 'a positive integer' });

/**
 * Every sample of an ensemble is sheared (first events): a model whose law's force jumps at
 * the cutoff is refused before any glass is made (lib/model/cutoff-smoothness.ts says why).
 * @throws RangeError naming the model, the derivative, the species pair and what to do.
 */
export function expectShearableModel(name: string): void {
  const preset = modelPreset(name);
  expectContinuousForce(preset.law, `model '${name}'`, 'shear its glasses one by one with softspot aqs --allow-force-jumps',
    { labels: preset.species, sizes: preset.sizes === undefined ? undefined : [preset.sizes.min, preset.sizes.max] });
}

/**
 * The model fields of a spec: none for the paper's 2D ipl glass (its ids and files are
 * those of the first softspot, format version 1), else `model`, `dim: 3` in 3D and the definition of a
 * model of one's own (`modelFile`).
 */
export function specModelFields(m: RunModel): Pick<SampleSpec, 'model' | 'dim' | 'modelFile'> {
  if (m.model === 'ipl' && m.dim === 2) return {};
  return {
    model: m.model, ...(m.dim === 3 ? { dim: 3 as const } : {}),
    ...(isOwnModel(m.model) ? { modelFile: modelFileOf(modelPreset(m.model)) } : {}),
  };
}

/** The first-event protocol of a run: the dimension's defaults with `given` over them, checked. */
export function eventProtocol(m: RunModel, given: Partial<EventProtocol> | undefined): EventProtocol {
  const events = { ...defaultEvents(m.dim), ...(given ?? {}) };
  for (const k of ['precision', 'maxStrain'] as const) expectRule(`events.${k}`, events[k], POSITIVE);
  if (events.step !== undefined) expectRule('events.step', events.step, POSITIVE);
  expectRule('events.precision', events.precision, PRECISION_RULE);
  expectStepRange(events.step ?? AQS_DEFAULTS.step[events.protocol ?? AQS_DEFAULTS.protocol], events.precision, events.maxStrain,
    { step: 'events.step', precision: 'events.precision', maxStrain: 'events.maxStrain' }, given?.step === undefined); // the 2D defaults hold a step: not the user's
  if (events.protocol !== undefined && events.protocol !== 'fast' && events.protocol !== 'reference') {
    throw new ArgumentRangeError(`events.protocol: expected "fast" or "reference", got ${String(events.protocol)}`);
  }
  return events;
}

/**
 * The checked protocol of an ensemble, everything `ensembleSpecs` refuses asked before any
 * work: counts, seeds (the last one a safe integer), a shearable model, a glass size its
 * preparation can make, the protocols' numbers.
 * @throws RangeError naming the field (samples, n, seed0, prepare.*, events.*) and what to do
 */
export function checkedEnsemble(e: EnsembleSpec): { model: RunModel; prepare: PrepareProtocol; events: EventProtocol } {
  expectRule('samples', e.samples, POSITIVE_INTEGER);
  expectRule('samples', e.samples, SAMPLES_RULE);
  expectRule('n', e.n, POSITIVE_INTEGER);
  if (e.n < MIN_SAMPLE_PARTICLES) throw new ArgumentRangeError(`n: expected an integer >= ${MIN_SAMPLE_PARTICLES}, got ${e.n}`);
  if (!Number.isInteger(e.seed0) || e.seed0 < 0) throw new ArgumentRangeError(`seed0: expected a non-negative integer, got ${e.seed0}`);
  // Compared on safe integers: seed0 + samples − 1 itself may round back below 2^53.
  if (e.seed0 > Number.MAX_SAFE_INTEGER - (e.samples - 1)) {
    throw new ArgumentRangeError(`seed0: the last sample's seed, seed0 + samples − 1 = ${e.seed0} + ${e.samples - 1}, is above 2^53 − 1 = ${Number.MAX_SAFE_INTEGER}, ` +
      `the largest integer a seed holds exactly; use seed0 ≤ ${Number.MAX_SAFE_INTEGER - e.samples + 1}`);
  }
  const m = runModel(e.model, e.dim);
  expectShearableModel(m.model);
  // Before any sample starts: each would fail its preparation alike.
  if (m.model === 'ipl' && m.dim === 2) expectPreparable(e.n);
  else expectPreparableNd(m.model, m.dim, e.n);
  const prepare = { ...defaultPrepare(m), ...(e.prepare ?? {}) };
  const events = eventProtocol(m, e.events);
  expectRule('prepare.dt', prepare.dt, POSITIVE);
  for (const k of ['tLiquid', 'tEquilibrate', 'tAnneal', 'anneal'] as const) {
    if (typeof prepare[k] !== 'number' || !(prepare[k] >= 0)) throw new ArgumentRangeError(`prepare.${k}: expected a number >= 0, got ${prepare[k]}`);
  }
  return { model: m, prepare, events };
}

/** The sample specs of an ensemble, in seed order (checked by `checkedEnsemble`). */
export function ensembleSpecs(e: EnsembleSpec): SampleSpec[] {
  const { model: m, prepare, events } = checkedEnsemble(e);
  const validate = e.validate ?? false;
  const model = specModelFields(m);
  const specs: SampleSpec[] = [];
  for (let k = 0; k < e.samples; k++) specs.push({ n: e.n, ...model, seed: e.seed0 + k, prepare, events, validate });
  return specs;
}
