/**
 * The configurations a command writes (`prepare --out`, `minimize --out`, `aqs
 * --out-after/--out-before`), in the format the file's name asks for: a LAMMPS data file
 * (.data, .lmp, .lammps: lib/io/lammps-write.ts) or extended XYZ (any other name, as
 * before). The name is checked before the command computes anything.
 */
import type { Configuration } from '../config.js';
import { writeFileAtomic } from '../io/atomic.js';
import { compressionOfName, formatOfPath } from '../io/formats.js';
import { formatLammpsData } from '../io/lammps-write.js';
import { writeXyzWithColumns } from '../io/particle-fields-xyz.js';
import { UsageError } from './errors.js';

/**
 * Checks an output path's name: a LAMMPS dump, GSD or compressed name is refused (softspot
 * writes a configuration as one plain-text frame).
 * @throws UsageError naming the option.
 */
export function checkOutputGlassPath(path: string, option: string): void {
  const compressed = compressionOfName(path);
  if (compressed !== undefined) {
    throw new UsageError(`--${option}: ${path} names a ${compressed} file; softspot writes plain text: drop ${compressed} from the name (and compress the file afterwards)`);
  }
  const format = formatOfPath(path);
  if (format === 'lammps-dump' || format === 'gsd') {
    throw new UsageError(`--${option}: ${path} names a ${format === 'gsd' ? 'GSD file' : 'LAMMPS dump'}; softspot writes a configuration as extended XYZ (.xyz) ` +
      'or as a LAMMPS data file (.data, .lmp, .lammps): name it so');
  }
}

/**
 * Writes a configuration atomically: a LAMMPS data file by its name's extension, else
 * extended XYZ. `ids` (a LAMMPS input's atom ids) go along in both: the XYZ column id, the
 * data file's atom ids; `masses` (a LAMMPS input's) into the data file (extended XYZ keeps
 * softspot's columns only).
 */
export async function writeOutputGlass(path: string, config: Configuration, extra: { ids?: Int32Array; masses?: Float64Array } = {}): Promise<void> {
  const { ids, masses } = extra;
  const text = formatOfPath(path) === 'lammps-data'
    ? formatLammpsData(config, { ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}) })
    : writeXyzWithColumns(config, [], ids !== undefined ? { ids } : {}); // without ids: writeXyz's text
  await writeFileAtomic(path, text);
}
