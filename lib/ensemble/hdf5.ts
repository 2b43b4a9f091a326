/**
 * One HDF5 file per sample (h5wasm: the HDF5 C library compiled to WebAssembly, so the
 * files are ordinary HDF5 readable by h5py, h5dump, HDFView). Layout (docs/ensemble.md):
 *
 *   /                      attrs: format = "softspot-sample", format_version = 1, sample_id,
 *                                 software_version, host, finished_at, spec (canonical JSON),
 *                                 n, seed, engine_prepare, engine_events
 *   /configuration         cell (2×2 f64, row-major h, columns = cell vectors),
 *                          positions (N×2 f64, λ), species (N u8: 0 = S, 1 = L)
 *                          attrs: energy_per_particle (ε), max_force (ε/λ)
 *   /interactions          i, j (M i32, zero-based, i < j)
 *   /lhc                   c, dcdg_simple, dcdg_pure (M f64)   attrs: sum_c
 *   /events                direction (4 strings), gamma_c, gamma_lo, gamma_hi, x, y,
 *                          energy_drop, stress_drop, max_displacement, ms (4 f64),
 *                          particle (4 i32; −1 = no event up to maxStrain)
 *   /protocol              attrs: prepare_<key> (f64), events_protocol (string),
 *                          events_step, events_precision, events_max_strain (f64), validate (i32)
 *   /timings               attrs: <stage>_ms (f64) for prepare, lhc, events, validate, total
 *   /validation/<mode>     err (M' f64, percent)  attrs: dgamma, count, median, p90, p99,
 *                          fraction_below_1em2   (only when the run had --validate)
 */
import h5wasm from 'h5wasm/node';
import { DIRECTIONS, type Direction, type EventRecord, type SampleResult, type SampleSpec } from './types.js';
import { canonicalJson } from './identity.js';

export const FORMAT = 'softspot-sample';
export const FORMAT_VERSION = 1;

let ready: Promise<unknown> | undefined;
/** Loads the HDF5 WebAssembly module once per thread. */
export async function hdf5Ready(): Promise<void> {
  ready ??= h5wasm.ready;
  await ready;
}

const EVENT_FLOATS = ['gammaC', 'gammaLo', 'gammaHi', 'x', 'y', 'energyDrop', 'stressDrop', 'maxDisplacement', 'ms'] as const;
const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Writes `result` to `path` (overwriting it; use ./store.ts for atomic placement). */
export async function writeSampleHdf5(path: string, result: SampleResult): Promise<void> {
  await hdf5Ready();
  const f = new h5wasm.File(path, 'w');
  try {
    const attrs: Record<string, string | number> = {
      format: FORMAT, sample_id: result.id, software_version: result.softwareVersion, host: result.host,
      finished_at: result.finishedAt, spec: canonicalJson(result.spec),
      engine_prepare: result.engines.prepare, engine_events: result.engines.events,
    };
    for (const [k, v] of Object.entries(attrs)) f.create_attribute(k, v);
    f.create_attribute('format_version', FORMAT_VERSION, null, '<i4');
    f.create_attribute('n', result.config.n, null, '<i4');
    f.create_attribute('seed', result.spec.seed, null, '<i8');

    const n = result.config.n;
    const g = f.create_group('configuration');
    g.create_dataset({ name: 'cell', data: Float64Array.from(result.config.cell), shape: [2, 2] });
    g.create_dataset({ name: 'positions', data: Float64Array.from(result.config.positions), shape: [n, 2] });
    g.create_dataset({ name: 'species', data: Uint8Array.from(result.config.species), shape: [n] });
    g.create_attribute('energy_per_particle', result.energyPerParticle);
    g.create_attribute('max_force', result.maxForce);

    const m = result.c.length;
    const inter = f.create_group('interactions');
    inter.create_dataset({ name: 'i', data: result.i, shape: [m] });
    inter.create_dataset({ name: 'j', data: result.j, shape: [m] });

    const lhc = f.create_group('lhc');
    lhc.create_dataset({ name: 'c', data: result.c, shape: [m] });
    lhc.create_dataset({ name: 'dcdg_simple', data: result.dcdg.simple, shape: [m] });
    lhc.create_dataset({ name: 'dcdg_pure', data: result.dcdg.pure, shape: [m] });
    lhc.create_attribute('sum_c', result.sumC);

    const ev = f.create_group('events');
    const byDir = DIRECTIONS.map((d) => result.events.find((e) => e.direction === d));
    ev.create_dataset({ name: 'direction', data: [...DIRECTIONS] });
    for (const k of EVENT_FLOATS) ev.create_dataset({ name: snake(k), data: Float64Array.from(byDir, (e) => (e ? e[k] : NaN)), shape: [4] });
    ev.create_dataset({ name: 'particle', data: Int32Array.from(byDir, (e) => (e ? e.particle : -1)), shape: [4] });

    const pr = f.create_group('protocol');
    for (const [k, v] of Object.entries(result.spec.prepare)) pr.create_attribute(`prepare_${snake(k)}`, v, null, '<d');
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
        vg.create_dataset({ name: 'err', data: s.err, shape: [s.err.length] });
        vg.create_attribute('count', s.count, null, '<i4');
        for (const k of ['median', 'p90', 'p99', 'fractionBelow1em2'] as const) vg.create_attribute(k === 'fractionBelow1em2' ? 'fraction_below_1em2' : k, s[k], null, '<d');
      }
    }
    f.flush();
  } finally {
    f.close();
  }
}

type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

function dataset(g: H5Group, name: string): H5Dataset {
  const d = g.get(name);
  if (!(d instanceof h5wasm.Dataset)) throw new Error(`HDF5: missing dataset ${g.path}/${name}`);
  return d;
}
function group(g: H5Group, name: string): H5Group {
  const d = g.get(name);
  if (!(d instanceof h5wasm.Group)) throw new Error(`HDF5: missing group ${g.path === '/' ? '' : g.path}/${name}`);
  return d;
}
function attr(g: H5Group, name: string): unknown {
  const a = g.attrs[name];
  if (a === undefined) throw new Error(`HDF5: missing attribute ${name} of ${g.path}`);
  const v = a.value;
  return typeof v === 'bigint' ? Number(v) : v;
}
const num = (x: unknown): number => (typeof x === 'bigint' ? Number(x) : Number(x));
function f64(d: H5Dataset): Float64Array { return Float64Array.from(d.value as ArrayLike<number>); }
function i32(d: H5Dataset): Int32Array { return Int32Array.from(d.value as ArrayLike<number>); }

/** Reads a sample file written by `writeSampleHdf5` back into a SampleResult. */
export async function readSampleHdf5(path: string): Promise<SampleResult> {
  await hdf5Ready();
  const f = new h5wasm.File(path, 'r');
  try {
    if (attr(f, 'format') !== FORMAT) throw new Error(`HDF5: ${path} is not a softspot sample file (format = ${String(attr(f, 'format'))})`);
    const spec = JSON.parse(String(attr(f, 'spec'))) as SampleSpec;
    const g = group(f, 'configuration');
    const xy = f64(dataset(g, 'positions'));
    const config = { n: num(attr(f, 'n')), cell: f64(dataset(g, 'cell')), positions: xy, species: Uint8Array.from(dataset(g, 'species').value as ArrayLike<number>) };
    const inter = group(f, 'interactions');
    const lhc = group(f, 'lhc');
    const ev = group(f, 'events');
    const dirs = dataset(ev, 'direction').value as string[];
    const cols = Object.fromEntries(EVENT_FLOATS.map((k) => [k, f64(dataset(ev, snake(k)))]));
    const particles = i32(dataset(ev, 'particle'));
    const events: EventRecord[] = dirs.map((d, k) => {
      const e = { direction: d as Direction, particle: particles[k] } as EventRecord;
      for (const key of EVENT_FLOATS) (e as unknown as Record<string, number>)[key] = cols[key][k];
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
      i: i32(dataset(inter, 'i')),
      j: i32(dataset(inter, 'j')),
      c: f64(dataset(lhc, 'c')),
      dcdg: { simple: f64(dataset(lhc, 'dcdg_simple')), pure: f64(dataset(lhc, 'dcdg_pure')) },
      sumC: num(attr(lhc, 'sum_c')),
      events,
      validation,
      timings,
      engines: { prepare: String(attr(f, 'engine_prepare')), events: String(attr(f, 'engine_events')) },
      softwareVersion: String(attr(f, 'software_version')),
      host: String(attr(f, 'host')),
      finishedAt: String(attr(f, 'finished_at')),
    };
  } finally {
    f.close();
  }
}
