/**
 * One HDF5 file per sample (h5wasm: the HDF5 C library compiled to WebAssembly, so the
 * files are ordinary HDF5 readable by h5py, h5dump, HDFView). Layout (docs/ensemble.md),
 * d = 2 or 3 the dimension:
 *
 *   /                      attrs: format = "softspot-sample", format_version (1: the paper's
 *                                 2D ipl glass, the layout of the first softspot;
 *                                 2: any other model or dimension; 3: a glass read from a
 *                                 file, any model), sample_id, software_version, host,
 *                                 finished_at, spec (canonical JSON), n, seed (1, 2) or
 *                                 glass_sha256, glass_format, glass_path and (a dump's
 *                                 frame, 0-based) glass_frame (3), dim (i32),
 *                                 model (preset name), engine_prepare, engine_events
 *   /configuration         cell (d×d f64, row-major h, columns = cell vectors),
 *                          positions (N×d f64, λ), species (N u8: species code of the
 *                          preset), sigma (N f64, λ; per-particle sizes, `poly` only),
 *                          ids (N i32: a glass file's atom ids in particle order, when the
 *                          file has them: LAMMPS, an extended-XYZ id column; optional)
 *                          attrs: energy_per_particle (ε), max_force (ε/λ), species_names
 *                          (the preset's labels, comma-separated: "S,L")
 *   /interactions          i, j (M i32, zero-based, i < j)
 *   /lhc                   c, dcdg_<mode> (M f64) for the shear modes of d: simple, pure
 *                          (2D); simple, pure, simple-xz, simple-yz (3D)   attrs: sum_c
 *                          (the sum rule says d(N − 1))
 *   /events                direction (4 strings), gamma_c, gamma_lo, gamma_hi, x, y[, z in 3D],
 *                          energy_drop, stress_drop, max_displacement, ms (4 f64),
 *                          particle (4 i32; −1 = no event up to maxStrain)
 *   /protocol              attrs: prepare_<key> (f64; 1, 2), events_protocol (string; absent
 *                          when firstEvent chose, 3D), events_step (idem),
 *                          events_precision, events_max_strain (f64), validate (i32)
 *   /timings               attrs: <stage>_ms (f64) for prepare (or read), lhc, events, validate, total
 *   /validation/<mode>     err (M' f64, percent)  attrs: dgamma, count, median, p90, p99,
 *                          fraction_below_1em2   (only when the run had --validate)
 *
 * Every dataset with a unit has a `units` attribute (lib/io/hdf5.ts HDF5_UNITS).
 *
 * A 2D ipl file has the datasets of format_version 1 exactly (readers of that layout read
 * it unchanged); dim and model are attributes it gains. A version-1 file without them is
 * read as 2D ipl.
 *
 * Errors: HDF5's error stack becomes a JavaScript exception (h5wasm's throwing handler)
 * instead of HDF5-DIAG blocks on stderr and a negative id that h5wasm goes on with. A
 * write that the system refuses (full disk, quota, permissions) is a FileWriteError
 * naming the path; a file that is not a complete sample of this layout (empty, truncated,
 * a dataset missing or of the wrong shape) is an InvalidSampleError naming the path and
 * what is wrong.
 */
import h5wasm from 'h5wasm/node';
import { statSync } from 'node:fs';
import { describeConfiguration, HDF5_UNITS, hdf5Ready, hdf5Reason, hdf5WriteError, setUnits } from '../io/hdf5.js';
import { shearModes } from '../space/directions.js';
import type { Configuration } from '../config.js';
import type { ModelPresetName } from '../model/presets.js';
import { DIRECTIONS, type Direction, type EventRecord, type SampleResult, type SampleSpec } from './types.js';
import { canonicalJson, registerSpecModel, specModel } from './identity.js';
import { modelPreset } from '../model/presets.js';

export { hdf5Ready, hdf5Reason, hdf5WriteError };

export const FORMAT = 'softspot-sample';
/** Version of the paper's 2D ipl glass's layout (unchanged since the first softspot). */
export const FORMAT_VERSION = 1;
/** Version of a file of any other model or dimension. */
export const FORMAT_VERSION_ND = 2;

/**
 * Version of a file of a glass read from a file (./glass-input.ts): no seed, no preparation,
 * the glass's SHA-256 instead; a new number so that an older softspot says "upgrade".
 */
export const FORMAT_VERSION_GLASS = 3;

/** The format_version of a spec's file: 1 for a prepared 2D ipl glass, 2 for another prepared glass, 3 for a glass read from a file. */
export const formatVersion = (spec: Pick<SampleSpec, 'model' | 'dim' | 'glass'>): number =>
  (spec.glass !== undefined ? FORMAT_VERSION_GLASS : spec.model === undefined && spec.dim === undefined ? FORMAT_VERSION : FORMAT_VERSION_ND);

/** A file that is not a complete sample file of this layout. */
export class InvalidSampleError extends Error {
  readonly code = 'ERR_SOFTSPOT_INVALID_SAMPLE';
  constructor(readonly path: string, readonly reason: string) {
    super(`${path} is not a valid sample file: ${reason}`);
    this.name = 'InvalidSampleError';
  }
}

const EVENT_FLOATS = ['gammaC', 'gammaLo', 'gammaHi', 'x', 'y', 'energyDrop', 'stressDrop', 'maxDisplacement', 'ms'] as const;
/** The event columns of a dimension: EVENT_FLOATS, and z in 3D. */
const eventFloats = (d: 2 | 3): ReadonlyArray<(typeof EVENT_FLOATS)[number] | 'z'> => (d === 3 ? [...EVENT_FLOATS, 'z'] : EVENT_FLOATS);
const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The units of an event column (a dataset's `units` attribute). */
function eventUnits(k: (typeof EVENT_FLOATS)[number] | 'z', d: 2 | 3): string {
  switch (k) {
    case 'gammaC': case 'gammaLo': case 'gammaHi': return HDF5_UNITS.strain;
    case 'x': case 'y': case 'z': case 'maxDisplacement': return HDF5_UNITS.length;
    case 'energyDrop': return HDF5_UNITS.energy;
    case 'stressDrop': return HDF5_UNITS.stress(d);
    case 'ms': return HDF5_UNITS.milliseconds;
  }
}

/**
 * Writes `result` to `path` (overwriting it; use ./store.ts for atomic, verified
 * placement). Throws a FileWriteError naming `path` when the system refuses the write.
 */
export async function writeSampleHdf5(path: string, result: SampleResult): Promise<void> {
  await hdf5Ready();
  let f: InstanceType<typeof h5wasm.File> | undefined;
  try {
    f = new h5wasm.File(path, 'w');
    const attrs: Record<string, string | number> = {
      format: FORMAT, sample_id: result.id, software_version: result.softwareVersion, host: result.host,
      finished_at: result.finishedAt, spec: canonicalJson(result.spec),
      engine_prepare: result.engines.prepare, engine_events: result.engines.events,
    };
    const { model, dim: d } = specModel(result.spec);
    attrs.model = model;
    for (const [k, v] of Object.entries(attrs)) f.create_attribute(k, v);
    f.create_attribute('format_version', formatVersion(result.spec), null, '<i4');
    f.create_attribute('n', result.config.n, null, '<i4');
    // h5wasm's dtypes are Python struct codes: '<q' is int64 ('<i8' would be read as '<i', int32).
    if (result.spec.seed !== undefined) f.create_attribute('seed', result.spec.seed, null, '<q');
    if (result.spec.glass !== undefined) {
      f.create_attribute('glass_sha256', result.spec.glass.sha256);
      f.create_attribute('glass_format', result.spec.glass.format);
      if (result.glassPath !== undefined) f.create_attribute('glass_path', result.glassPath);
      if (result.glassFrame !== undefined) f.create_attribute('glass_frame', result.glassFrame, null, '<i4');
    }
    f.create_attribute('dim', d, null, '<i4');

    const n = result.config.n;
    const g = f.create_group('configuration');
    g.create_dataset({ name: 'cell', data: Float64Array.from(result.config.cell), shape: [d, d] });
    g.create_dataset({ name: 'positions', data: Float64Array.from(result.config.positions), shape: [n, d] });
    g.create_dataset({ name: 'species', data: Uint8Array.from(result.config.species), shape: [n] });
    if (result.config.sigma !== undefined) g.create_dataset({ name: 'sigma', data: Float64Array.from(result.config.sigma), shape: [n] });
    if (result.ids !== undefined) g.create_dataset({ name: 'ids', data: Int32Array.from(result.ids), shape: [n] });
    g.create_attribute('energy_per_particle', result.energyPerParticle);
    g.create_attribute('max_force', result.maxForce);
    describeConfiguration(g, modelPreset(model).species, result.config.sigma !== undefined);

    const m = result.c.length;
    const inter = f.create_group('interactions');
    inter.create_dataset({ name: 'i', data: result.i, shape: [m] });
    inter.create_dataset({ name: 'j', data: result.j, shape: [m] });

    const lhc = f.create_group('lhc');
    setUnits(lhc.create_dataset({ name: 'c', data: result.c, shape: [m] }), HDF5_UNITS.heatCapacity);
    for (const mode of shearModes(d)) setUnits(lhc.create_dataset({ name: `dcdg_${mode}`, data: result.dcdg[mode]!, shape: [m] }), HDF5_UNITS.heatCapacityPerStrain);
    lhc.create_attribute('sum_c', result.sumC);

    const ev = f.create_group('events');
    const byDir = DIRECTIONS.map((d) => result.events.find((e) => e.direction === d));
    ev.create_dataset({ name: 'direction', data: [...DIRECTIONS] });
    for (const k of eventFloats(d)) setUnits(ev.create_dataset({ name: snake(k), data: Float64Array.from(byDir, (e) => (e ? e[k] ?? NaN : NaN)), shape: [4] }), eventUnits(k, d));
    ev.create_dataset({ name: 'particle', data: Int32Array.from(byDir, (e) => (e ? e.particle : -1)), shape: [4] });

    const pr = f.create_group('protocol');
    for (const [k, v] of Object.entries(result.spec.prepare ?? {})) pr.create_attribute(`prepare_${snake(k)}`, v as number, null, '<d');
    for (const [k, v] of Object.entries(result.spec.events)) {
      if (typeof v === 'number') pr.create_attribute(`events_${snake(k)}`, v, null, '<d');
      else pr.create_attribute(`events_${snake(k)}`, String(v));
    }
    pr.create_attribute('validate', result.spec.validate ? 1 : 0, null, '<i4');

    const t = f.create_group('timings');
    for (const [k, v] of Object.entries(result.timings)) t.create_attribute(`${k}_ms`, v, null, '<d');

    if (result.validation) {
      const v = f.create_group('validation');
      v.create_attribute('dgamma', result.validation.dgamma, null, '<d');
      for (const [mode, s] of Object.entries(result.validation.modes)) {
        const vg = v.create_group(mode);
        setUnits(vg.create_dataset({ name: 'err', data: s.err, shape: [s.err.length] }), '%');
        vg.create_attribute('count', s.count, null, '<i4');
        for (const k of ['median', 'p90', 'p99', 'fractionBelow1em2'] as const) vg.create_attribute(k === 'fractionBelow1em2' ? 'fraction_below_1em2' : k, s[k], null, '<d');
      }
    }
    f.flush();
    // Closing writes the last metadata: its failure is a failed write too.
    const file = f;
    f = undefined;
    file.close();
  } catch (error) {
    try { f?.close(); } catch { /* the first error is the one to report */ }
    throw hdf5WriteError(path, error);
  }
}

type H5File = InstanceType<typeof h5wasm.File>;
type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

/** A layout problem found by the reader; becomes an InvalidSampleError. */
class LayoutError extends Error {}

function dataset(g: H5Group, name: string): H5Dataset {
  const d = g.get(name);
  if (!(d instanceof h5wasm.Dataset)) throw new LayoutError(`missing dataset ${g.path === '/' ? '' : g.path}/${name}`);
  return d;
}
function group(g: H5Group, name: string): H5Group {
  const d = g.get(name);
  if (!(d instanceof h5wasm.Group)) throw new LayoutError(`missing group ${g.path === '/' ? '' : g.path}/${name}`);
  return d;
}
function attr(g: H5Group, name: string): unknown {
  const a = g.attrs[name];
  if (a === undefined) throw new LayoutError(`missing attribute ${name} of ${g.path}`);
  const v = a.value;
  return typeof v === 'bigint' ? Number(v) : v;
}
const num = (x: unknown): number => (typeof x === 'bigint' ? Number(x) : Number(x));
function f64(d: H5Dataset): Float64Array { return Float64Array.from(d.value as ArrayLike<number>); }
function i32(d: H5Dataset): Int32Array { return Int32Array.from(d.value as ArrayLike<number>); }

/** Every dataset of the layout in dimension d and its shape for N particles and M interactions. */
const datasets = (d: 2 | 3, perParticle: boolean): ReadonlyArray<readonly [string, (n: number, m: number) => number[]]> => [
  ['configuration/cell', () => [d, d]],
  ['configuration/positions', (n) => [n, d]],
  ['configuration/species', (n) => [n]],
  ...(perParticle ? [['configuration/sigma', (n: number) => [n]] as const] : []),
  ['interactions/i', (_, m) => [m]],
  ['interactions/j', (_, m) => [m]],
  ['lhc/c', (_, m) => [m]],
  ...shearModes(d).map((mode) => [`lhc/dcdg_${mode}`, (_: number, m: number) => [m]] as const),
  ['events/direction', () => [DIRECTIONS.length]],
  ...eventFloats(d).map((k) => [`events/${snake(k)}`, () => [DIRECTIONS.length]] as const),
  ['events/particle', () => [DIRECTIONS.length]],
];
const ROOT_ATTRS = ['format', 'format_version', 'sample_id', 'software_version', 'host', 'finished_at', 'spec', 'n', 'engine_prepare', 'engine_events'];
/** The root attributes of a prepared glass (versions 1, 2) and of a glass read from a file (3). */
const ORIGIN_ATTRS = (version: number): string[] => (version === FORMAT_VERSION_GLASS ? ['glass_sha256', 'glass_format'] : ['seed']);

/**
 * Checks the structure of an open sample file: format and version, every attribute of
 * the root, every dataset of the layout with shapes consistent with N (attribute n,
 * = spec.n) and M (length of /lhc/c), the validation datasets when the spec asks for
 * them, and (if given) the sample id. Reads metadata only. Throws LayoutError.
 */
function checkLayout(f: H5File, id?: string): { spec: SampleSpec; n: number; m: number; dim: 2 | 3; model: ModelPresetName | string } {
  const format = attr(f, 'format');
  if (format !== FORMAT) throw new LayoutError(`format is "${String(format)}", expected "${FORMAT}"`);
  const version = num(attr(f, 'format_version'));
  if (version !== FORMAT_VERSION && version !== FORMAT_VERSION_ND && version !== FORMAT_VERSION_GLASS) {
    throw new LayoutError(`format_version ${version}; this softspot reads ${FORMAT_VERSION}, ${FORMAT_VERSION_ND} and ${FORMAT_VERSION_GLASS} (a newer softspot wrote it: upgrade)`);
  }
  for (const a of [...ROOT_ATTRS, ...ORIGIN_ATTRS(version)]) attr(f, a);
  const sampleId = String(attr(f, 'sample_id'));
  if (id !== undefined && sampleId !== id) throw new LayoutError(`it holds sample ${sampleId}, expected ${id}`);
  let spec: SampleSpec;
  try { spec = JSON.parse(String(attr(f, 'spec'))) as SampleSpec; } catch { throw new LayoutError('attribute spec is not JSON'); }
  const n = num(attr(f, 'n'));
  if (spec.n !== n) throw new LayoutError(`attribute n = ${n} but spec.n = ${spec.n}`);
  if (version !== formatVersion(spec)) {
    throw new LayoutError(`format_version ${version} but the spec (${spec.glass !== undefined ? 'a glass read from a file' : 'a prepared glass'}, ` +
      `${specModel(spec).model} in ${specModel(spec).dim}D) is written as ${formatVersion(spec)}`);
  }
  if (spec.glass !== undefined && String(attr(f, 'glass_sha256')) !== spec.glass.sha256) throw new LayoutError('attribute glass_sha256 differs from the spec\'s');
  if (spec.seed !== undefined && num(attr(f, 'seed')) !== spec.seed) throw new LayoutError(`attribute seed = ${num(attr(f, 'seed'))} but spec.seed = ${spec.seed}`);
  const { model, dim } = specModel(spec);
  // dim and model: attributes of every file of version ≥ 2 (absent: the 2D ipl glass of version 1).
  const dimAttr = f.attrs.dim === undefined ? 2 : num(attr(f, 'dim'));
  const modelAttr = f.attrs.model === undefined ? 'ipl' : String(attr(f, 'model'));
  if (dimAttr !== dim || modelAttr !== model) throw new LayoutError(`attributes dim = ${dimAttr}, model = ${modelAttr} but the spec says ${model} (${dim}D)`);
  const m = dataset(group(f, 'lhc'), 'c').shape?.[0] ?? -1;
  // Per-particle sizes (a sigma dataset): the `poly` law, a preset's or a model file's (its definition is in the spec).
  let perParticle: boolean;
  if (spec.modelFile !== undefined) perParticle = spec.modelFile.law === 'poly';
  else {
    try { perParticle = modelPreset(model).law.perParticle; } catch (error) { throw new LayoutError((error as Error).message); }
  }
  for (const [path, shape] of datasets(dim, perParticle)) {
    const [g, name] = path.split('/');
    const got = dataset(group(f, g), name).shape ?? [];
    const want = shape(n, m);
    if (got.length !== want.length || got.some((x, k) => x !== want[k])) {
      throw new LayoutError(`/${path} has shape [${got.join(', ')}], expected [${want.join(', ')}] (N = ${n}, M = ${m})`);
    }
  }
  // The optional atom ids of a glass file.
  if (group(f, 'configuration').keys().includes('ids')) {
    const got = dataset(group(f, 'configuration'), 'ids').shape ?? [];
    if (got.length !== 1 || got[0] !== n) throw new LayoutError(`/configuration/ids has shape [${got.join(', ')}], expected [${n}] (N = ${n})`);
  }
  group(f, 'protocol');
  attr(group(f, 'timings'), 'total_ms');
  if (spec.validate) {
    const v = group(f, 'validation');
    for (const mode of v.keys()) {
      if ((dataset(group(v, mode), 'err').shape ?? []).length !== 1) throw new LayoutError(`/validation/${mode}/err is not one-dimensional`);
    }
  }
  return { spec, n, m, dim, model };
}

/** Opens `path` for reading, or throws an InvalidSampleError (missing, empty, not HDF5, truncated). */
function openSample(path: string): H5File {
  let size: number;
  try { size = statSync(path).size; } catch (error) { throw new InvalidSampleError(path, (error as Error).message); }
  if (size === 0) throw new InvalidSampleError(path, 'empty file (0 bytes)');
  try {
    return new h5wasm.File(path, 'r');
  } catch (error) {
    throw new InvalidSampleError(path, hdf5Reason(error));
  }
}

/** Runs `read` on the open file; every failure becomes an InvalidSampleError naming `path`. */
function withSample<T>(path: string, read: (f: H5File) => T): T {
  const f = openSample(path);
  try {
    return read(f);
  } catch (error) {
    if (error instanceof InvalidSampleError) throw error;
    throw new InvalidSampleError(path, error instanceof LayoutError ? error.message : hdf5Reason(error));
  } finally {
    try { f.close(); } catch { /* opened read-only: nothing to lose */ }
  }
}

/**
 * Checks that `path` is a complete sample file (of sample `id`, if given) from its
 * metadata, without reading the arrays (about a millisecond): see checkLayout. Throws an
 * InvalidSampleError naming the path and what is wrong.
 */
export async function checkSampleHdf5(path: string, id?: string): Promise<void> {
  await hdf5Ready();
  withSample(path, (f) => checkLayout(f, id));
}

/**
 * Reads a sample file written by `writeSampleHdf5` back into a SampleResult, after the
 * checks of `checkSampleHdf5`. Throws an InvalidSampleError naming the path.
 */
export async function readSampleHdf5(path: string, id?: string): Promise<SampleResult> {
  await hdf5Ready();
  const result = withSample(path, (f) => readSample(f, id));
  // A model of one's own comes with its definition: known to this process from here on, so
  // that the glass can be analysed. A process that knows another model of that name throws
  // registerModel's RangeError (the file itself is fine).
  registerSpecModel(result.spec);
  return result;
}

/** What {@link readSampleBonds} reads of a sample file. */
export interface SampleBonds extends Pick<SampleResult, 'id' | 'spec' | 'i' | 'j' | 'c' | 'sumC'> {
  /** N, and dim 3 for a 3D glass (as SampleResult's config). */
  config: Pick<Configuration, 'n' | 'dim'>;
  /** dc/dγ of the modes asked for that the glass's dimension has. */
  dcdg: Partial<Record<string, Float64Array>>;
}

/**
 * The bonds of a sample file, c and dc/dγ of `modes` (those of its dimension among them)
 * and Σc, after the checks of `checkSampleHdf5`: what a fit of the tails needs, without
 * the configuration, the events, the other modes and the validation arrays that
 * readSampleHdf5 reads too (a validated 3D sample: 1.5 of 5 MB at N = 2000). Throws an
 * InvalidSampleError naming the path.
 */
export async function readSampleBonds(path: string, id: string | undefined, modes: readonly string[]): Promise<SampleBonds> {
  await hdf5Ready();
  return withSample(path, (f) => {
    const { spec, n, dim } = checkLayout(f, id);
    return { id: String(attr(f, 'sample_id')), spec, config: dim === 3 ? { n, dim } : { n }, ...readBonds(f, n, shearModes(dim).filter((m) => modes.includes(m))) };
  });
}

/**
 * The interactions (i, j), c, Σc and dc/dγ of `modes` of an open sample file (after
 * checkLayout), with their contents checked: particles in [0, n), every value finite (a
 * NaN passed the tail fits and their sum-rule check; an index out of range was used).
 */
function readBonds(f: H5File, n: number, modes: readonly string[]): Pick<SampleBonds, 'i' | 'j' | 'c' | 'dcdg' | 'sumC'> {
  const inter = group(f, 'interactions');
  const lhc = group(f, 'lhc');
  const i = i32(dataset(inter, 'i')), j = i32(dataset(inter, 'j'));
  for (let a = 0; a < i.length; a++) {
    if (!(i[a]! >= 0 && i[a]! < n && j[a]! >= 0 && j[a]! < n && i[a] !== j[a])) {
      throw new LayoutError(`/interactions holds (${i[a]}, ${j[a]}) at ${a}, not two particles of the N = ${n}`);
    }
  }
  const finite = (name: string, v: Float64Array): Float64Array => {
    for (let a = 0; a < v.length; a++) if (!Number.isFinite(v[a])) throw new LayoutError(`/lhc/${name} holds ${v[a]} at ${a}`);
    return v;
  };
  return {
    i, j,
    c: finite('c', f64(dataset(lhc, 'c'))),
    dcdg: Object.fromEntries(modes.map((mode) => [mode, finite(`dcdg_${mode}`, f64(dataset(lhc, `dcdg_${mode}`)))])),
    sumC: num(attr(lhc, 'sum_c')),
  };
}

/** The SampleResult of an open sample file (after checkLayout). */
function readSample(f: H5File, id?: string): SampleResult {
  const { spec, dim, model } = checkLayout(f, id);
  const g = group(f, 'configuration');
  const xy = f64(dataset(g, 'positions'));
  const config: Configuration = { n: num(attr(f, 'n')), cell: f64(dataset(g, 'cell')), positions: xy, species: Uint8Array.from(dataset(g, 'species').value as ArrayLike<number>) };
  if (model !== 'ipl' || dim === 3) config.model = model;
  if (dim === 3) config.dim = 3;
  if (g.keys().includes('sigma')) config.sigma = f64(dataset(g, 'sigma'));
  const bonds = readBonds(f, config.n, shearModes(dim));
  const ev = group(f, 'events');
  const dirs = dataset(ev, 'direction').value as string[];
  const cols = Object.fromEntries(eventFloats(dim).map((k) => [k, f64(dataset(ev, snake(k)))]));
  const particles = i32(dataset(ev, 'particle'));
  particles.forEach((p, k) => {
    if (!(p >= -1 && p < config.n)) throw new LayoutError(`/events/particle holds ${p} for ${dirs[k]}, not a particle of the N = ${config.n} (or −1: no event)`);
  });
  const events: EventRecord[] = dirs.map((d, k) => {
    const e = { direction: d as Direction, particle: particles[k] } as EventRecord;
    for (const key of eventFloats(dim)) (e as unknown as Record<string, number>)[key] = cols[key][k];
    if (e.particle >= 0 && !Number.isFinite(e.gammaC)) throw new LayoutError(`/events/gamma_c holds ${e.gammaC} for ${d}, whose event is at particle ${e.particle}`);
    // Where the event is (the ranks bin it): a NaN stopped predictors with a message naming no file.
    for (const axis of (dim === 3 ? ['x', 'y', 'z'] : ['x', 'y']) as Array<'x' | 'y' | 'z'>) {
      const v = (e as unknown as Record<string, number>)[axis]!;
      if (e.particle >= 0 && !Number.isFinite(v)) throw new LayoutError(`/events/${axis} holds ${v} for ${d}, whose event is at particle ${e.particle}`);
    }
    return e;
  });
  const t = group(f, 'timings');
  const timings: Record<string, number> = {};
  for (const k of Object.keys(t.attrs)) timings[k.replace(/_ms$/, '')] = num(attr(t, k));
  let validation: SampleResult['validation'];
  if (f.keys().includes('validation')) {
    const v = group(f, 'validation');
    validation = { dgamma: num(attr(v, 'dgamma')), modes: {} };
    for (const mode of v.keys()) {
      const vg = group(v, mode);
      validation.modes[mode] = {
        count: num(attr(vg, 'count')), median: num(attr(vg, 'median')), p90: num(attr(vg, 'p90')), p99: num(attr(vg, 'p99')),
        fractionBelow1em2: num(attr(vg, 'fraction_below_1em2')), err: f64(dataset(vg, 'err')),
      };
    }
  }
  return {
    id: String(attr(f, 'sample_id')),
    spec,
    config,
    energyPerParticle: num(attr(g, 'energy_per_particle')),
    maxForce: num(attr(g, 'max_force')),
    ...bonds,
    dcdg: bonds.dcdg as SampleResult['dcdg'],
    events,
    validation,
    ...(f.attrs.glass_path !== undefined ? { glassPath: String(attr(f, 'glass_path')) } : {}),
    ...(f.attrs.glass_frame !== undefined ? { glassFrame: num(attr(f, 'glass_frame')) } : {}),
    ...(g.keys().includes('ids') ? { ids: i32(dataset(g, 'ids')) } : {}),
    timings,
    engines: { prepare: String(attr(f, 'engine_prepare')), events: String(attr(f, 'engine_events')) },
    softwareVersion: String(attr(f, 'software_version')),
    host: String(attr(f, 'host')),
    finishedAt: String(attr(f, 'finished_at')),
  };
}

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
function sameArray(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = bytes(a), y = bytes(b);
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/**
 * Reads `path` back in full and compares it with `expected` (every array bit for bit,
 * every event field, the spec and the scalar attributes): proof that the file on disk is
 * the complete sample. Throws an InvalidSampleError naming the first difference.
 */
export async function verifySampleHdf5(path: string, expected: SampleResult): Promise<void> {
  const r = await readSampleHdf5(path, expected.id);
  const { dim } = specModel(expected.spec);
  const differs = (what: string): never => { throw new InvalidSampleError(path, `read back, ${what} differs from what was written`); };
  if (canonicalJson(r.spec) !== canonicalJson(expected.spec)) differs('the spec');
  const arrays: Array<[string, ArrayBufferView, ArrayBufferView]> = [
    ['/configuration/cell', r.config.cell, Float64Array.from(expected.config.cell)],
    ['/configuration/positions', r.config.positions, Float64Array.from(expected.config.positions)],
    ['/configuration/species', r.config.species, Uint8Array.from(expected.config.species)],
    ['/interactions/i', r.i, expected.i], ['/interactions/j', r.j, expected.j], ['/lhc/c', r.c, expected.c],
    ...shearModes(dim).map((mode) => [`/lhc/dcdg_${mode}`, r.dcdg[mode]!, expected.dcdg[mode]!] as [string, ArrayBufferView, ArrayBufferView]),
  ];
  if (expected.config.sigma !== undefined) {
    if (r.config.sigma === undefined) differs('/configuration/sigma');
    arrays.push(['/configuration/sigma', r.config.sigma!, Float64Array.from(expected.config.sigma)]);
  }
  if (expected.ids !== undefined) {
    if (r.ids === undefined) differs('/configuration/ids');
    arrays.push(['/configuration/ids', r.ids!, Int32Array.from(expected.ids)]);
  }
  for (const [mode, s] of Object.entries(expected.validation?.modes ?? {})) {
    const got = r.validation?.modes[mode]?.err;
    if (got === undefined) differs(`/validation/${mode}`);
    arrays.push([`/validation/${mode}/err`, got!, s.err]);
  }
  for (const [name, a, b] of arrays) if (!sameArray(a, b)) differs(name);
  for (const d of DIRECTIONS) {
    const a = r.events.find((e) => e.direction === d), b = expected.events.find((e) => e.direction === d);
    if (a === undefined || (b !== undefined && (a.particle !== b.particle || eventFloats(dim).some((k) => !Object.is(a[k], b[k]))))) differs(`/events (${d})`);
  }
  if (!Object.is(r.sumC, expected.sumC) || !Object.is(r.energyPerParticle, expected.energyPerParticle) || !Object.is(r.maxForce, expected.maxForce)) differs('an attribute');
}
