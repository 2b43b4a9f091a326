/**
 * softspot's files read back by another program, Python (h5py, numpy, ASE: the readers our
 * users run): the Python snippets of docs/ run as written, and a sample file's datasets as
 * h5py reads them. The python3 comes from requirePython (./system-program.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The first ```python block of docs/<page> whose first line is `firstLine` (the code as
 * written there). Throws when the page has none.
 */
export function documentedPython(page: string, firstLine: string): string {
  const doc = readFileSync(join(ROOT, 'docs', page), 'utf8');
  const start = doc.indexOf('```python\n' + firstLine + '\n');
  const end = start < 0 ? -1 : doc.indexOf('```', start + 10);
  if (start < 0 || end < 0) throw new Error(`docs/${page}: no python snippet starting with '${firstLine}' found`);
  return doc.slice(start + 10, end);
}

/**
 * Runs the h5py snippet of docs/ensemble.md as written, on `file` in place of its example
 * path; returns what it prints.
 */
export function runDocumentedSnippet(python: string, file: string): string {
  const snippet = documentedPython('ensemble.md', 'import h5py');
  const literal = /h5py\.File\(('[^']*')\)/.exec(snippet)?.[1];
  if (literal === undefined) throw new Error('docs/ensemble.md: the h5py snippet opens no h5py.File(\'...\')');
  return execFileSync(python, ['-c', snippet.replace(literal, JSON.stringify(file))], { encoding: 'utf8' });
}

/** What h5py and numpy read from a sample file (see readInPython). */
export interface PythonView {
  /** dtypes of /configuration/positions, /interactions/i, /lhc/c, /events/particle. */
  dtypes: string[];
  shape: number[];
  positions: number[][];
  cell: number[][];
  species: number[];
  i: number[];
  j: number[];
  c: number[];
  /** Every /lhc/dcdg_<mode> dataset by mode. */
  dcdg: Record<string, number[]>;
  sumCAttr: number;
  /** Σc summed by numpy. */
  sumCNumpy: number;
  direction: string[];
  gammaC: number[];
  particle: number[];
  /** /events/z, or null in 2D. */
  z: number[] | null;
  format: string;
  dim: number;
  n: number;
  seed: number;
  sampleId: string;
  energyPerParticle: number;
  /** /configuration's species_names, split at the commas ([] when absent: files before 2026-12-07). */
  speciesNames: string[];
  /** The `units` attribute of every dataset that has one, by path. */
  units: Record<string, string>;
}

const DUMP = `import json, sys, h5py, numpy as np
s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
with h5py.File(sys.argv[1], 'r') as f:
    c = f['lhc/c'][:]
    units = {}
    f.visititems(lambda name, obj: units.__setitem__(name, s(obj.attrs['units'])) if isinstance(obj, h5py.Dataset) and 'units' in obj.attrs else None)
    print(json.dumps({
        'dtypes': [str(f[p].dtype) for p in ('configuration/positions', 'interactions/i', 'lhc/c', 'events/particle')],
        'shape': list(f['configuration/positions'].shape), 'positions': f['configuration/positions'][:].tolist(),
        'cell': f['configuration/cell'][:].tolist(), 'species': f['configuration/species'][:].tolist(),
        'i': f['interactions/i'][:].tolist(), 'j': f['interactions/j'][:].tolist(), 'c': c.tolist(),
        'dcdg': {k[len('dcdg_'):]: f['lhc'][k][:].tolist() for k in f['lhc'] if k.startswith('dcdg_')},
        'sumCAttr': float(f['lhc'].attrs['sum_c']), 'sumCNumpy': float(np.sum(c, dtype=np.float64)),
        'direction': [s(v) for v in f['events/direction'][:]], 'gammaC': f['events/gamma_c'][:].tolist(),
        'particle': f['events/particle'][:].tolist(), 'z': f['events/z'][:].tolist() if 'z' in f['events'] else None,
        'format': s(f.attrs['format']), 'dim': int(f.attrs.get('dim', 2)), 'n': int(f.attrs['n']),
        'seed': int(f.attrs['seed']), 'sampleId': s(f.attrs['sample_id']),
        'energyPerParticle': float(f['configuration'].attrs['energy_per_particle']),
        'speciesNames': s(f['configuration'].attrs['species_names']).split(',') if 'species_names' in f['configuration'].attrs else [],
        'units': units,
    }))`;

/**
 * The datasets and attributes of a sample file as h5py and numpy read them (floats passed
 * as Python's shortest repr, which JSON.parse reads back to the same double; Python's
 * NaN and ±Infinity tokens, which JSON lacks, back to those numbers).
 */
export function readInPython(python: string, file: string): PythonView {
  const text = execFileSync(python, ['-c', DUMP, file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const quoted = text.replace(/(-?)\b(NaN|Infinity)\b/g, '"$1$2"');
  return JSON.parse(quoted, (_key, v: unknown) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v)) as PythonView;
}
