/**
 * Sample identity: a sample is determined by (N, seed, protocol parameters, validate),
 * so its id is a readable prefix plus a hash of the canonical JSON of that record. Two
 * runs with the same parameters name the same files (resumable, idempotent); changing any
 * parameter gives a different id, never an overwrite.
 *
 *     id = `n<N>-s<seed>-<first 10 hex of sha256(canonical JSON of the spec)>`
 */
import { createHash } from 'node:crypto';
import type { EventProtocol, PrepareProtocol, SampleSpec } from './types.js';
import { AQS_DEFAULTS, PRECISION_RULE } from '../aqs/types.js';
import { expectRule, POSITIVE, type NumberRule } from '../validate.js';
import { PREPARE_DEFAULTS } from '../md/defaults.js';

export const DEFAULT_PREPARE: Readonly<PrepareProtocol> = PREPARE_DEFAULTS;
export const DEFAULT_EVENTS: Readonly<EventProtocol> = Object.freeze({
  protocol: AQS_DEFAULTS.protocol, step: AQS_DEFAULTS.step[AQS_DEFAULTS.protocol], precision: AQS_DEFAULTS.precision, maxStrain: AQS_DEFAULTS.maxStrain,
});

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

/** The id of a sample (see module doc). */
export function sampleId(spec: SampleSpec): string {
  const hash = createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 10);
  return `n${spec.n}-s${spec.seed}-${hash}`;
}

/** Options describing an ensemble: K samples with seeds seed0, seed0+1, … */
export interface EnsembleSpec {
  samples: number;
  n: number;
  seed0: number;
  prepare?: Partial<PrepareProtocol>;
  events?: Partial<EventProtocol>;
  validate?: boolean;
}

const POSITIVE_INTEGER: NumberRule = Object.freeze({ ...POSITIVE, integer: true, text: 'a positive integer' });

/** The sample specs of an ensemble, in seed order. */
export function ensembleSpecs(e: EnsembleSpec): SampleSpec[] {
  expectRule('samples', e.samples, POSITIVE_INTEGER);
  expectRule('samples', e.samples, SAMPLES_RULE);
  expectRule('n', e.n, POSITIVE_INTEGER);
  if (e.n < MIN_SAMPLE_PARTICLES) throw new RangeError(`n: expected an integer >= ${MIN_SAMPLE_PARTICLES}, got ${e.n}`);
  if (!Number.isInteger(e.seed0) || e.seed0 < 0) throw new RangeError(`seed0: expected a non-negative integer, got ${e.seed0}`);
  const prepare = { ...DEFAULT_PREPARE, ...(e.prepare ?? {}) };
  const events = { ...DEFAULT_EVENTS, ...(e.events ?? {}) };
  expectRule('prepare.dt', prepare.dt, POSITIVE);
  for (const k of ['tLiquid', 'tEquilibrate', 'tAnneal', 'anneal'] as const) {
    if (typeof prepare[k] !== 'number' || !(prepare[k] >= 0)) throw new RangeError(`prepare.${k}: expected a number >= 0, got ${prepare[k]}`);
  }
  for (const k of ['step', 'precision', 'maxStrain'] as const) expectRule(`events.${k}`, events[k], POSITIVE);
  expectRule('events.precision', events.precision, PRECISION_RULE);
  if (events.protocol !== 'fast' && events.protocol !== 'reference') throw new RangeError(`events.protocol: expected "fast" or "reference", got ${String(events.protocol)}`);
  const specs: SampleSpec[] = [];
  for (let k = 0; k < e.samples; k++) specs.push({ n: e.n, seed: e.seed0 + k, prepare, events, validate: e.validate ?? false });
  return specs;
}
