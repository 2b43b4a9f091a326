/**
 * The configurations a command writes (`prepare --out`, `minimize --out`, `aqs
 * --out-after/--out-before`), in the format the file's name asks for: a LAMMPS data file
 * (.data, .lmp, .lammps: lib/io/lammps-write.ts), a GSD file (.gsd: lib/io/gsd-write.ts)
 * or extended XYZ (any other name, as before). The name is checked before the command
 * computes anything.
 */
import type { SampleRepeat } from '../ensemble/sample-stream.js';
import type { Configuration } from '../config.js';
import { writeFileAtomic } from '../io/atomic.js';
import { compressionOfName, formatOfPath } from '../io/formats.js';
import { formatGsd } from '../io/gsd-write.js';
import { formatLammpsData } from '../io/lammps-write.js';
import { differingWithinGroup } from '../io/within-group.js';
import { modelPreset } from '../model/presets.js';
import { writeXyzWithColumns } from '../io/particle-fields-xyz.js';
import { UsageError } from './errors.js';

/**
 * Checks an output path's name: a LAMMPS dump or compressed name is refused (softspot
 * writes a configuration as one frame, uncompressed).
 * @throws UsageError naming the option.
 */
export function checkOutputGlassPath(path: string, option: string): void {
  const compressed = compressionOfName(path);
  if (compressed !== undefined) {
    throw new UsageError(`--${option}: ${path} names a ${compressed} file; softspot writes plain text: drop ${compressed} from the name (and compress the file afterwards)`);
  }
  if (formatOfPath(path) === 'lammps-dump') {
    throw new UsageError(`--${option}: ${path} names a LAMMPS dump; softspot writes a configuration as extended XYZ (.xyz), ` +
      'a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd): name it so');
  }
}

/**
 * Checks, before a command computes, that the configuration it will write can go to `path`:
 * a LAMMPS data file of a species law holds one mass per type (atom_style atomic), so the
 * input's masses (a LAMMPS input's, kept in the file written) must not differ within a species.
 * @throws UsageError naming the option, the species and what to write instead.
 */
export function checkOutputGlassMasses(path: string, option: string, config: Configuration, masses: Float64Array | undefined): void {
  if (masses === undefined || formatOfPath(path) !== 'lammps-data') return;
  const preset = modelPreset(config.model ?? 'ipl');
  if (preset.law.perParticle) return; // atom_style sphere: per atom
  const pair = differingWithinGroup(config.species, masses);
  if (pair === undefined) return;
  const [q, p] = pair;
  throw new UsageError(`--${option}: ${path} is a LAMMPS data file of atom_style atomic, which holds one mass per type, but the input's ${preset.species[config.species[p]!]} ` +
    `particles ${q} and ${p} have masses ${masses[q]} and ${masses[p]}; name an extended-XYZ file (.xyz) instead`);
}

/**
 * Writes a configuration atomically: a LAMMPS data file or a GSD file by its name's
 * extension, else extended XYZ. `ids` (a LAMMPS input's atom ids) go along in all three:
 * the XYZ column id, the data file's atom ids, the GSD log/softspot/id; `masses` (a LAMMPS
 * input's) into the data and GSD files (extended XYZ keeps softspot's columns only).
 */
export async function writeOutputGlass(path: string, config: Configuration, extra: { ids?: Int32Array; masses?: Float64Array } = {}): Promise<void> {
  const { ids, masses } = extra;
  const both = { ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}) };
  const format = formatOfPath(path);
  const data = format === 'lammps-data' ? formatLammpsData(config, both)
    : format === 'gsd' ? formatGsd(config, both)
      : writeXyzWithColumns(config, [], ids !== undefined ? { ids } : {}); // without ids: writeXyz's text
  await writeFileAtomic(path, data);
}

/**
 * The note on sample files whose id was read before (lib/ensemble/sample-stream.ts): the
 * same directory given twice, or a copy of its samples. Each sample counts once.
 */
export function writeRepeats(command: string, repeats: readonly SampleRepeat[], stderr: NodeJS.WritableStream): void {
  if (repeats.length === 0) return;
  const r = repeats[0]!;
  stderr.write(`${command}: note: ${repeats.length} sample file${repeats.length === 1 ? '' : 's'} repeat${repeats.length === 1 ? 's' : ''} a sample read before ` +
    `(e.g. ${r.path}, the same sample as ${r.first}: the same directory given twice, or a copy of its samples); each sample counts once\n`);
}
