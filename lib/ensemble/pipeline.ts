/**
 * The per-sample pipeline (issue 8): prepare → c_α and dc_α/dγ (simple, pure) → first
 * event in the four directions → (optional) finite-difference validation. Pure
 * computation: no files; ./store.ts writes the result.
 *
 * Stages report to `onStage(name)` as they start, so engines can show per-stage progress.
 */
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Configuration } from '../config.js';
import { prepareGlass } from '../md/index.js';
import { DEFAULT_DGAMMA, localHeatCapacity, validateResponse } from '../lhc/index.js';
import { MODES_2D } from '../space/index.js';
import { firstEvent, NoEventError } from '../aqs/index.js';
import { sampleId } from './identity.js';
import { DIRECTIONS, type Direction, type EventProtocol, type EventRecord, type SampleResult, type SampleSpec } from './types.js';

export const SOFTWARE_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Stage names, in order. */
export const STAGES = ['prepare', 'lhc', 'events', 'validate'] as const;
export type Stage = (typeof STAGES)[number];

/** An error that remembers the stage it happened in. */
export class StageError extends Error {
  constructor(readonly stage: Stage, override readonly cause: unknown) {
    super(`${stage}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StageError';
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\n${cause.stack}`;
  }
}

/** First event in one direction with lib/aqs; "no event up to maxStrain" is a record with particle −1, not a failure. */
export function eventInDirection(config: Configuration, direction: Direction, protocol: EventProtocol): EventRecord {
  const t0 = performance.now();
  try {
    const e = firstEvent(config, { direction, protocol: protocol.protocol, precision: protocol.precision, step: protocol.step, maxStrain: protocol.maxStrain });
    return {
      direction, gammaC: e.gammaC, gammaLo: e.gammaLo, gammaHi: e.gammaHi, particle: e.particle,
      x: e.particlePosition[0], y: e.particlePosition[1], energyDrop: e.energyDrop, stressDrop: e.stressDrop,
      maxDisplacement: e.maxDisplacement, ms: performance.now() - t0,
    };
  } catch (error) {
    if (!(error instanceof NoEventError)) throw error;
    return {
      direction, gammaC: NaN, gammaLo: protocol.maxStrain, gammaHi: NaN, particle: -1, x: NaN, y: NaN,
      energyDrop: NaN, stressDrop: NaN, maxDisplacement: NaN, ms: performance.now() - t0,
    };
  }
}

export interface PipelineOptions {
  onStage?: (stage: Stage) => void;
}

/** Runs every stage of one sample (see module doc). Errors are StageErrors. */
export async function processSample(spec: SampleSpec, options: PipelineOptions = {}): Promise<SampleResult> {
  const tStart = performance.now();
  const timings: Record<string, number> = {};
  const stage = async <T>(name: Stage, f: () => T | Promise<T>): Promise<T> => {
    options.onStage?.(name);
    const t = performance.now();
    try {
      return await f();
    } catch (error) {
      throw new StageError(name, error);
    } finally {
      timings[name] = performance.now() - t;
    }
  };
  const prepared = await stage('prepare', () => prepareGlass({ n: spec.n, seed: spec.seed, ...spec.prepare }));
  const lhc = await stage('lhc', () => localHeatCapacity(prepared.config));
  const config = lhc.config;
  const eventRecords = await stage('events', () => DIRECTIONS.map((d) => eventInDirection(config, d, spec.events)));
  let validation: SampleResult['validation'];
  if (spec.validate) {
    validation = await stage('validate', () => {
      const v = validateResponse(config, { dgamma: DEFAULT_DGAMMA, modes: MODES_2D });
      const modes: NonNullable<SampleResult['validation']>['modes'] = {};
      for (const [mode, m] of Object.entries(v.modes)) {
        if (m) modes[mode] = { count: m.count, median: m.median, p90: m.p90, p99: m.p99, fractionBelow1em2: m.fractionBelow1em2, err: m.err };
      }
      return { dgamma: v.dgamma, modes };
    });
  }
  timings.total = performance.now() - tStart;
  return {
    id: sampleId(spec),
    spec,
    config,
    energyPerParticle: prepared.energy / config.n,
    maxForce: lhc.diagnostics.maxForce,
    i: lhc.i,
    j: lhc.j,
    c: lhc.c,
    dcdg: Object.fromEntries(MODES_2D.map((mode) => [mode, lhc.dcdg[mode]])) as SampleResult['dcdg'],
    sumC: lhc.diagnostics.sumC,
    events: eventRecords,
    validation,
    timings,
    engines: { prepare: 'lib/md prepareGlass', events: `lib/aqs firstEvent (${spec.events.protocol})` },
    softwareVersion: SOFTWARE_VERSION,
    host: hostname(),
    finishedAt: new Date().toISOString(),
  };
}
