/**
 * The modes of one glass as an HDF5 file (h5wasm, as lib/ensemble/hdf5.ts; readable by
 * h5py, h5dump). Layout (docs/modes.md):
 *
 *   /                 attrs: format = "softspot-modes", format_version = 1, source, n, k,
 *                            dim (d = 2 or 3), qlm_threshold, iterations, converged (0/1), restarts,
 *                            max_force (ε/λ), model (the glass's model name; ipl for a 2D glass naming none),
 *                            polished (0/1: Newton polished the input first, `polish`), and when 1
 *                            max_force_input (ε/λ, the input's) and polish_shift (λ, its farthest move)
 *   /configuration    cell (d×d f64, row-major, columns = cell vectors), positions (N×d f64),
 *                     species (N u8: the species code), sigma (N f64: a per-particle law's
 *                     sizes, poly only), ids (N i32: with `ids`, a LAMMPS
 *                     file's atom ids in particle order; `softspot modes` of a LAMMPS file)
 *   /modes            eigenvalue, omega, participation, core_x, core_y, core_z (3D only),
 *                     core_amplitude, coupling_<preset> (one per shear preset of the
 *                     dimension, '-' written '_': 2D simple, pure; 3D also simple_xz,
 *                     simple_yz), residual (k f64), quasilocalized (k u8),
 *                     core_particle (k i32, zero-based),
 *                     vectors (k × dN f64: row m is ψ_m, the d components of each particle
 *                     interleaved, unit norm)
 *   /nonlinear        (with `nonlinear`, softspot modes --nonlinear) the cubic nonlinear mode
 *                     reached from each mode (./nonlinear.ts): from, core_particle,
 *                     iterations, same_as (k i32; same_as −1: none), kappa, tau, barrier,
 *                     participation, core_amplitude, overlap, residual (k f64),
 *                     converged (k u8), vectors (k × dN f64: row m is π_m, unit norm)
 *
 * Written to a temporary name beside `path` and renamed, so a failed write leaves no
 * partial file at `path`; a write the system refuses is a FileWriteError naming `path`.
 */
import h5wasm from 'h5wasm/node';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../config.js';
import { describeConfiguration, HDF5_UNITS, hdf5Ready, hdf5WriteError, setUnits } from '../io/hdf5.js';
import { modelPreset } from '../model/presets.js';
import { outputTarget, type OutputTarget } from '../io/atomic.js';
import type { LowestModesResult } from './lowest-modes.js';
import type { NonlinearFromMode } from './nonlinear.js';
import { ArgumentRangeError } from '../errors.js';

export const MODES_FORMAT = 'softspot-modes';
export const MODES_FORMAT_VERSION = 1;

/** Newton's polish of an input short of its minimum (lib/cli/polish.ts glassAtMinimum): the input's max |F| (ε/λ) and the farthest move (λ). */
export interface ModesPolish {
  maxForceInput: number;
  polishShift: number;
}

export async function writeModesHdf5(
  path: string, config: Configuration, result: LowestModesResult, source = '', nonlinear?: readonly NonlinearFromMode[], ids?: Int32Array,
  polish?: ModesPolish,
): Promise<void> {
  if (ids !== undefined && (!(ids instanceof Int32Array) || ids.length !== config.n)) {
    throw new ArgumentRangeError(`ids: expected an Int32Array of the N = ${config.n} atom ids, got ${ids instanceof Int32Array ? `length ${ids.length}` : typeof ids}`);
  }
  if (polish !== undefined && !(Number.isFinite(polish.maxForceInput) && polish.maxForceInput >= 0 && Number.isFinite(polish.polishShift) && polish.polishShift >= 0)) {
    throw new ArgumentRangeError(`polish: expected { maxForceInput, polishShift }, finite ≥ 0, got ${JSON.stringify(polish)}`);
  }
  await hdf5Ready();
  let target: OutputTarget;
  try {
    target = await outputTarget(path);
  } catch (error) {
    throw hdf5WriteError(path, error);
  }
  // h5wasm writes a file by name: a temporary one beside the target, then renamed over it
  // (or, for a device such as /dev/null, copied into it).
  const tmp = target.direct ? join(tmpdir(), `softspot-modes-${process.pid}-${randomBytes(6).toString('hex')}.h5`) : `${target.path}.partial-${process.pid}`;
  let f: InstanceType<typeof h5wasm.File> | undefined;
  try {
    f = new h5wasm.File(tmp, 'w');
    f.create_attribute('format', MODES_FORMAT);
    f.create_attribute('format_version', MODES_FORMAT_VERSION, null, '<i4');
    f.create_attribute('source', source);
    f.create_attribute('n', result.n, null, '<i4');
    f.create_attribute('k', result.k, null, '<i4');
    f.create_attribute('dim', result.dim, null, '<i4');
    f.create_attribute('qlm_threshold', result.qlmThreshold, null, '<d');
    f.create_attribute('iterations', result.iterations, null, '<i4');
    f.create_attribute('converged', result.converged ? 1 : 0, null, '<i4');
    f.create_attribute('restarts', result.restarts, null, '<i4');
    f.create_attribute('max_force', result.maxForce, null, '<d');
    // Which law the species codes and the positions are of (a 2D glass without one is the paper's ipl).
    f.create_attribute('model', config.model ?? 'ipl');
    // The file describes the polished glass; these say it was polished and from what (a reader
    // comparing with the input file needs to know its positions were moved).
    f.create_attribute('polished', polish === undefined ? 0 : 1, null, '<i4');
    if (polish !== undefined) {
      f.create_attribute('max_force_input', polish.maxForceInput, null, '<d');
      f.create_attribute('polish_shift', polish.polishShift, null, '<d');
    }
    const n = config.n, k = result.k, d = result.dim;
    const g = f.create_group('configuration');
    g.create_dataset({ name: 'cell', data: Float64Array.from(config.cell), shape: [d, d] });
    g.create_dataset({ name: 'positions', data: Float64Array.from(config.positions), shape: [n, d] });
    g.create_dataset({ name: 'species', data: Uint8Array.from(config.species), shape: [n] });
    // A per-particle law's sizes σ_i (poly): without them the glass cannot be rebuilt from the file.
    if (config.sigma !== undefined) g.create_dataset({ name: 'sigma', data: Float64Array.from(config.sigma), shape: [n] });
    // A LAMMPS file's atom ids in particle order, to join the modes to the user's own trajectory.
    if (ids !== undefined) g.create_dataset({ name: 'ids', data: Int32Array.from(ids), shape: [n] });
    // The masses the modes are of (absent: unit masses); the vectors are then those of M^{-1/2} H M^{-1/2}.
    if (result.masses !== undefined) g.create_dataset({ name: 'masses', data: Float64Array.from(result.masses), shape: [n] });
    describeConfiguration(g, modelPreset(config.model ?? 'ipl').species, config.sigma !== undefined);
    const m = f.create_group('modes');
    const column = (pick: (i: number) => number): Float64Array => Float64Array.from(result.modes, (_, i) => pick(i));
    const md = result.modes;
    const floats: Record<string, Float64Array> = {
      eigenvalue: column((i) => md[i].eigenvalue), omega: column((i) => md[i].omega), participation: column((i) => md[i].participation),
      core_x: column((i) => md[i].core.x), core_y: column((i) => md[i].core.y),
      ...(d === 3 ? { core_z: column((i) => md[i].core.z!) } : {}),
      core_amplitude: column((i) => md[i].core.amplitude),
      ...Object.fromEntries(Object.keys(md[0].coupling).map((name) => [`coupling_${name.replace(/-/g, '_')}`, column((i) => md[i].coupling[name])])),
      residual: column((i) => md[i].residual),
    };
    // Units of the columns that have them (the couplings' are in modes.md); λ of modes of unequal masses is per unit mass.
    const stiffness = result.masses === undefined ? HDF5_UNITS.stiffness : `${HDF5_UNITS.stiffness} (per unit mass)`;
    const units: Record<string, string> = {
      eigenvalue: stiffness, residual: stiffness, omega: HDF5_UNITS.frequency,
      core_x: HDF5_UNITS.length, core_y: HDF5_UNITS.length, core_z: HDF5_UNITS.length,
    };
    for (const [name, data] of Object.entries(floats)) {
      const dataset = m.create_dataset({ name, data, shape: [k] });
      if (units[name] !== undefined) setUnits(dataset, units[name]);
    }
    m.create_dataset({ name: 'quasilocalized', data: Uint8Array.from(md, (x) => (x.quasilocalized ? 1 : 0)), shape: [k] });
    m.create_dataset({ name: 'core_particle', data: Int32Array.from(md, (x) => x.core.particle), shape: [k] });
    m.create_dataset({ name: 'vectors', data: Float64Array.from(result.vectors), shape: [k, d * n] });
    if (nonlinear !== undefined) {
      const q = f.create_group('nonlinear');
      const ints: Record<string, Int32Array> = {
        from: Int32Array.from(nonlinear, (x) => x.from), core_particle: Int32Array.from(nonlinear, (x) => x.core.particle),
        iterations: Int32Array.from(nonlinear, (x) => x.iterations), same_as: Int32Array.from(nonlinear, (x) => x.sameAs ?? -1),
      };
      const reals: Record<string, Float64Array> = {
        kappa: Float64Array.from(nonlinear, (x) => x.kappa), tau: Float64Array.from(nonlinear, (x) => x.tau),
        barrier: Float64Array.from(nonlinear, (x) => x.barrier), participation: Float64Array.from(nonlinear, (x) => x.participation),
        core_amplitude: Float64Array.from(nonlinear, (x) => x.core.amplitude), overlap: Float64Array.from(nonlinear, (x) => x.overlap),
        residual: Float64Array.from(nonlinear, (x) => x.residual),
      };
      for (const [name, data] of Object.entries(ints)) q.create_dataset({ name, data, shape: [nonlinear.length] });
      // κ = H : ππ, τ = U''' ⋮ πππ, the barrier 2κ³/(3τ²) (docs/modes.md); the residual is relative to |Hπ|.
      const nonlinearUnits: Record<string, string> = { kappa: HDF5_UNITS.stiffness, tau: 'epsilon/lambda^3', barrier: HDF5_UNITS.energy, residual: '1' };
      for (const [name, data] of Object.entries(reals)) {
        const dataset = q.create_dataset({ name, data, shape: [nonlinear.length] });
        if (nonlinearUnits[name] !== undefined) setUnits(dataset, nonlinearUnits[name]);
      }
      q.create_dataset({ name: 'converged', data: Uint8Array.from(nonlinear, (x) => (x.converged ? 1 : 0)), shape: [nonlinear.length] });
      const vectors = new Float64Array(nonlinear.length * d * n);
      nonlinear.forEach((x, r) => vectors.set(x.vector, r * d * n));
      q.create_dataset({ name: 'vectors', data: vectors, shape: [nonlinear.length, d * n] });
    }
    f.flush();
    const file = f;
    f = undefined;
    file.close();
    if (target.direct) {
      await writeFile(target.path, await readFile(tmp));
      await rm(tmp, { force: true });
    } else await rename(tmp, target.path);
  } catch (error) {
    try { f?.close(); } catch { /* the first error is the one to report */ }
    await rm(tmp, { force: true });
    throw hdf5WriteError(path, error);
  }
}
