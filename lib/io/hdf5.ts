/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly): loading the module
 * with throwing errors, and HDF5 error stacks turned into the package's errors. Shared by
 * the sample files (lib/ensemble/hdf5.ts) and the modes files (lib/modes/hdf5.ts).
 */
import h5wasm from 'h5wasm/node';
import { codeOfMessage, FileWriteError, SYSTEM_ERROR_WORDS, writeHint } from './write-error.js';

let ready: Promise<void> | undefined;
/**
 * Loads the HDF5 WebAssembly module once per thread and makes HDF5 errors throw. With
 * h5wasm's default handler an error prints an HDF5-DIAG block and the call returns a
 * negative id that h5wasm goes on with: a write to a full disk "succeeded" with an empty
 * file, and reading that file failed later with h5wasm's "error - name not defined!".
 */
export async function hdf5Ready(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => { module.activate_throwing_error_handler(); });
  await ready;
}

/** The system's message inside an HDF5 error stack ("No space left on device"), if any. */
function systemMessage(text: string): string | undefined {
  return /error message = '([^']+)'/.exec(text)?.[1];
}

/** What an HDF5 error stack says at its innermost level ("file signature not found"), or the message itself. */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const sys = systemMessage(text);
  if (sys) return sys;
  const entries = [...text.matchAll(/#\d+: .*? in \w+\(\): (.*)/g)].map((m) => m[1].trim());
  return entries.length > 0 ? entries[entries.length - 1] : text;
}

const isHdf5Error = (error: unknown): boolean => error instanceof Error && error.message.startsWith('HDF5-DIAG');

/** A write error of `path` from an HDF5 error: a FileWriteError when the system refused the write. */
export function hdf5WriteError(path: string, error: unknown): Error {
  if (!isHdf5Error(error)) return error as Error;
  const sys = systemMessage((error as Error).message);
  const code = sys === undefined ? undefined : codeOfMessage(sys);
  if (code !== undefined) return new FileWriteError(path, code, SYSTEM_ERROR_WORDS[code] ?? sys!.toLowerCase(), writeHint(code), error);
  return new Error(`HDF5: cannot write ${path}: ${hdf5Reason(error)}`, { cause: error });
}

/** Something that takes HDF5 attributes (an h5wasm File, Group or Dataset). */
interface HasAttributes {
  create_attribute(name: string, value: string | number): unknown;
}

/**
 * Units of the quantities softspot writes to HDF5, as ASCII strings for a dataset's `units`
 * attribute (the CF convention's name; h5py: `dataset.attrs['units']`): lengths in λ, energies
 * in ε, times in τ0 — the model's units (docs/design.md §1) — and c_α in k_B.
 */
export const HDF5_UNITS = {
  length: 'lambda',
  energy: 'epsilon',
  strain: '1',
  heatCapacity: 'k_B',
  heatCapacityPerStrain: 'k_B (per unit strain)',
  stiffness: 'epsilon/lambda^2',
  frequency: '1/tau0',
  milliseconds: 'ms',
  stress: (d: 2 | 3): string => (d === 3 ? 'epsilon/lambda^3' : 'epsilon/lambda^2'),
} as const;

/** Sets `units` on a dataset (the value of HDF5_UNITS). */
export function setUnits(dataset: HasAttributes, units: string): void {
  dataset.create_attribute('units', units);
}

/**
 * The attributes of a /configuration group that make it readable without the docs:
 * `species_names` (the model's species labels, comma-separated, code k = the k-th: "S,L"),
 * and `units` on cell, positions and (poly) sigma.
 */
export function describeConfiguration(group: HasAttributes & { get(name: string): unknown }, speciesNames: readonly string[], hasSigma: boolean): void {
  group.create_attribute('species_names', speciesNames.join(','));
  for (const name of ['cell', 'positions', ...(hasSigma ? ['sigma'] : [])]) setUnits(group.get(name) as HasAttributes, HDF5_UNITS.length);
}
