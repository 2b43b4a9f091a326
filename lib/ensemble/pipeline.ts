/**
 * The per-sample pipeline: prepare (or read the glass file, ./glass-input.ts) → c_α and dc_α/dγ (simple, pure; 3D also
 * simple-xz, simple-yz) → first event in the four directions ±simple, ±pure → (optional,
 * 2D) finite-difference validation. Pure computation: no files; ./store.ts writes the result.
 *
 * Models: the paper's 2D `ipl` glass is prepared by lib/md prepareGlass, every
 * other preset (and 3D) by lib/nd prepareGlassNd; lib/lhc localHeatCapacity and lib/aqs
 * firstEvent dispatch on the configuration's dimension and model themselves (a per-particle
 * law, `poly`, is passed to localHeatCapacity as options.law). In 3D the event search uses
 * firstEvent's defaults unless the spec names a protocol or step.
 *
 * Stages report to `onStage(name)` as they start, so engines can show per-stage progress.
 */
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Configuration } from '../config.js';
import { dimensionOf } from '../config.js';
import { prepareGlass } from '../md/index.js';
import { prepareGlassNd } from '../nd/prepare.js';
import { modelPreset } from '../model/presets.js';
import { DEFAULT_DGAMMA, localHeatCapacity, validateResponse } from '../lhc/index.js';
import { farPolishMessage, POLISH_SHIFT_WARNING } from '../lhc/minimum.js';
import { shearModes } from '../space/index.js';
import { firstEvent, NoEventError } from '../aqs/index.js';
import { ArgumentRangeError, UnstableConfigurationError } from '../errors.js';
import { sampleId, specModel } from './identity.js';
import { glassEnergy, minimizeSampleGlass, readSampleGlass, type ShippedGlass } from './glass-input.js';
import { DIRECTIONS, type Direction, type EventProtocol, type EventRecord, type SampleResult, type SampleSpec } from './types.js';

export const SOFTWARE_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Stage names, in order (`read` in place of `prepare` for a glass read from a file). */
export const STAGES = ['read', 'prepare', 'lhc', 'events', 'validate'] as const;
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
  return eventWithProtocol(config, direction, protocol).record;
}

/**
 * eventInDirection, with the protocol firstEvent used and whether the fast protocol handed
 * the search over to the reference protocol (both undefined when no event was found).
 */
function eventWithProtocol(config: Configuration, direction: Direction, protocol: EventProtocol): { record: EventRecord; used?: string; handedOver?: boolean } {
  const t0 = performance.now();
  const d3 = dimensionOf(config) === 3;
  // Only what the spec names: firstEvent's own defaults otherwise (3D: DEFAULT_EVENTS_3D).
  const given = {
    ...(protocol.protocol !== undefined ? { protocol: protocol.protocol } : {}),
    ...(protocol.step !== undefined ? { step: protocol.step } : {}),
  };
  try {
    const e = firstEvent(config, { direction, ...given, precision: protocol.precision, maxStrain: protocol.maxStrain });
    const p = e.particlePosition;
    return {
      record: {
        direction, gammaC: e.gammaC, gammaLo: e.gammaLo, gammaHi: e.gammaHi, particle: e.particle,
        x: p[0]!, y: p[1]!, ...(d3 ? { z: p[2]! } : {}), energyDrop: e.energyDrop, stressDrop: e.stressDrop,
        maxDisplacement: e.maxDisplacement, ms: performance.now() - t0,
      },
      used: e.protocol,
      handedOver: e.statistics.handOverGamma !== undefined,
    };
  } catch (error) {
    if (!(error instanceof NoEventError)) throw error;
    return {
      record: {
        direction, gammaC: NaN, gammaLo: protocol.maxStrain, gammaHi: NaN, particle: -1, x: NaN, y: NaN, ...(d3 ? { z: NaN } : {}),
        energyDrop: NaN, stressDrop: NaN, maxDisplacement: NaN, ms: performance.now() - t0,
      },
    };
  }
}

export interface PipelineOptions {
  onStage?: (stage: Stage) => void;
  /** The file of a sample of SampleSpec.glass (TaskInput.glass), and its frame for a LAMMPS dump. */
  glassPath?: string;
  glassFrame?: number;
  /** The glass as the job carries it (TaskInput.shipped): read instead of the file. */
  glassShipped?: ShippedGlass;
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
  const m = specModel(spec);
  const paper = m.model === 'ipl' && m.dim === 2;
  /** The glass file's atom ids in particle order (a sample of SampleSpec.glass from a file that has them). */
  let glassIds: Int32Array | undefined;
  const prepared = spec.glass !== undefined
    ? await stage('read', async () => {
      const { config: glass, ids } = await readSampleGlass(spec, options.glassPath, options.glassFrame, options.glassShipped);
      glassIds = ids;
      return spec.glass!.minimize === true ? minimizeSampleGlass(glass) : { config: glass, energy: glassEnergy(glass) };
    })
    : await stage('prepare', () => {
      if (spec.seed === undefined || spec.prepare === undefined) throw new ArgumentRangeError('spec: a sample without a glass file needs a seed and a prepare protocol');
      return paper
        ? prepareGlass({ n: spec.n, seed: spec.seed, ...spec.prepare })
        : prepareGlassNd({ model: m.model, dim: m.dim, n: spec.n, seed: spec.seed, ...spec.prepare, timings: false });
    });
  const preset = modelPreset(m.model);
  const lhc = await stage('lhc', () => {
    try {
      const result = localHeatCapacity(prepared.config, preset.law.perParticle ? { law: preset.law } : {});
      // A glass file far from the model's minimum is not analysed as a nearby glass: among
      // thousands of samples a warning would pass unseen (a glass of another law, the wrong --model).
      const { polishShift, maxForceInput } = result.diagnostics;
      if (spec.glass !== undefined && spec.glass.minimize !== true && polishShift > POLISH_SHIFT_WARNING) {
        throw new ArgumentRangeError(`${farPolishMessage(polishShift, maxForceInput, m.model)}; for a run of MD snapshots: softspot run --minimize`);
      }
      return result;
    } catch (error) {
      // A file of snapshots that are not minima: say which option of the run minimizes them.
      if (error instanceof UnstableConfigurationError && spec.glass !== undefined && spec.glass.minimize !== true) {
        error.message += '; for a run of files of configurations that are not minima (MD snapshots): softspot run --minimize (RunOptions minimize)';
      }
      throw error;
    }
  });
  const config = lhc.config;
  const used = new Set<string>();
  const handedOver: Direction[] = [];
  const eventRecords = await stage('events', () => DIRECTIONS.map((d) => {
    const e = eventWithProtocol(config, d, spec.events);
    if (e.used !== undefined) used.add(e.used);
    if (e.handedOver === true) handedOver.push(d);
    return e.record;
  }));
  let validation: SampleResult['validation'];
  if (spec.validate) {
    validation = await stage('validate', () => {
      const v = validateResponse(config, { dgamma: DEFAULT_DGAMMA, modes: shearModes(m.dim), base: lhc, ...(preset.law.perParticle ? { law: preset.law } : {}) });
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
    dcdg: Object.fromEntries(shearModes(m.dim).map((mode) => [mode, lhc.dcdg[mode]])) as SampleResult['dcdg'],
    sumC: lhc.diagnostics.sumC,
    events: eventRecords,
    validation,
    ...(spec.glass !== undefined && options.glassPath !== undefined ? { glassPath: options.glassPath } : {}),
    ...(spec.glass !== undefined && options.glassFrame !== undefined ? { glassFrame: options.glassFrame } : {}),
    ...(glassIds !== undefined ? { ids: glassIds } : {}),
    timings,
    engines: {
      prepare: spec.glass !== undefined ? `read from a ${spec.glass.format} file${spec.glass.minimize === true ? ', minimized (CG)' : ''}` : paper ? 'lib/md prepareGlass' : `lib/nd prepareGlassNd (${m.model}, ${m.dim}D)`,
      // The fast protocol's hand-overs to the reference protocol are named here (engine_events).
      events: `lib/aqs firstEvent (${[...used].join(', ') || spec.events.protocol || 'default'}` +
        `${handedOver.length ? `; the reference protocol after a stalled continuation: ${handedOver.join(', ')}` : ''})`,
    },
    softwareVersion: SOFTWARE_VERSION,
    host: hostname(),
    finishedAt: new Date().toISOString(),
  };
}
