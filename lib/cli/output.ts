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
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** The file a path names once its links and relative parts are resolved (an absent file: its resolved directory and its name). */
function fileIdentity(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(resolve(path));
  return join(existsSync(parent) ? realpathSync(parent) : parent, basename(path));
}

/** A device, FIFO or socket (`/dev/null`): any number of outputs may go there. */
function isSpecialFile(path: string): boolean {
  try {
    const info = statSync(path);
    return !info.isFile() && !info.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Checks, before a command computes, that its outputs can be written and lose nothing:
 * each names no directory and lies in a directory that exists; none is one of the
 * command's input files (the computation would destroy its input: `lhc g.xyz --out g.xyz`),
 * unless `inPlace` (minimize writes a configuration of the same kind); no two name the same
 * file (one would be lost), devices such as /dev/null apart. Links are followed. With
 * `makesDirectories` (figures: writeFigure makes them) a missing directory is not an error.
 * @param inputs the files the command reads (absent ones are skipped)
 * @param outputs option name (without --) → path, undefined when not given
 * @throws UsageError naming the option (exit 2)
 */
export function checkOutputPaths(inputs: readonly (string | undefined)[], outputs: Readonly<Record<string, string | undefined>>, options: { inPlace?: boolean; makesDirectories?: boolean } = {}): void {
  const given = Object.entries(outputs).filter((e): e is [string, string] => e[1] !== undefined);
  const inputIds = new Map<string, string>();
  for (const input of inputs) if (input !== undefined && existsSync(input)) inputIds.set(fileIdentity(input), input);
  const seen = new Map<string, string>();
  for (const [option, path] of given) {
    if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--${option}: ${path} is a directory; name a file in it`);
    const parent = dirname(resolve(path));
    if (!existsSync(parent)) {
      if (options.makesDirectories) continue;
      throw new UsageError(`--${option}: the directory ${dirname(path)} of ${path} does not exist; make it first (nothing was computed)`);
    }
    if (!statSync(parent).isDirectory()) throw new UsageError(`--${option}: ${dirname(path)} is not a directory, so ${path} cannot be written`);
    if (isSpecialFile(path)) continue;
    const id = fileIdentity(path);
    const input = inputIds.get(id);
    if (input !== undefined && !options.inPlace) {
      const what = input === path ? 'is an input of the command' : `is the input ${input} (the same file)`;
      throw new UsageError(`--${option}: ${path} ${what}; writing there would destroy it: name another file`);
    }
    const other = seen.get(id);
    if (other !== undefined) throw new UsageError(`--${other} and --${option} name the same file ${path}; one output would be lost: name two files`);
    seen.set(id, option);
  }
}

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
  const other = /\.(h5|hdf5|pdb|cif|json|csv|npy|npz|svg|png)$/i.exec(path);
  if (other !== null) {
    // Any other name is written as extended XYZ; these name formats softspot does not write a configuration in (x.h5 held XYZ text).
    throw new UsageError(`--${option}: ${path} names a .${other[1]} file, which is not a format softspot writes a configuration in: ` +
      'extended XYZ (.xyz), a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd)');
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

/** Sections of a LAMMPS data file and extended-XYZ columns that writeOutputGlass writes back (the rest an in-place write would drop). */
const KEPT_DATA_SECTIONS = new Set(['Atoms', 'Masses']);
const KEPT_DATA_STYLES = new Set(['atomic', 'sphere']);
const KEPT_XYZ_COLUMNS = new Set(['species', 'pos', 'sigma', 'id', 'mass', 'masses']);

/**
 * `minimize g.data --out g.data` writes the glass over its input: refused when the file
 * holds what softspot does not write back (LAMMPS sections such as Pair Coeffs, Velocities,
 * Bonds; an atom_style other than atomic or sphere, whose molecule and charge columns would
 * go; extended-XYZ columns other than species, pos, sigma, id, mass), naming what would be
 * lost. A write to another file loses nothing; a file of only what is written back is
 * minimized in place.
 * @throws UsageError naming --out (exit 2)
 */
export function checkInPlaceKeeps(input: string, out: string): void {
  if (!existsSync(input) || !existsSync(out) || isSpecialFile(out) || fileIdentity(input) !== fileIdentity(out)) return;
  const format = formatOfPath(input);
  if (format !== 'lammps-data' && format !== 'xyz') return;
  const text = readFileSync(input, 'latin1');
  const lost: string[] = [];
  if (format === 'lammps-data') {
    // Line 1 is the title; a section starts with its keyword alone on a line (and a comment).
    for (const line of text.split(/\r?\n/).slice(1)) {
      const m = /^\s*([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)\s*(?:#\s*(\S*).*)?$/.exec(line);
      if (m === null) continue;
      if (!KEPT_DATA_SECTIONS.has(m[1]!)) lost.push(`its ${m[1]} section`);
      else if (m[1] === 'Atoms' && m[2] !== undefined && !KEPT_DATA_STYLES.has(m[2])) lost.push(`the atom_style ${m[2]} columns of its Atoms (softspot writes atomic)`);
    }
  } else {
    const second = text.split('\n', 2)[1] ?? '';
    const spec = /Properties=(\S+)/.exec(second)?.[1];
    const fields = spec?.split(':') ?? [];
    for (let k = 0; k + 2 < fields.length; k += 3) if (!KEPT_XYZ_COLUMNS.has(fields[k]!)) lost.push(`its ${fields[k]} column`);
  }
  if (lost.length > 0) {
    throw new UsageError(`--out: ${out} is the input, and writing the minimized glass over it would lose ${lost.join(', ')} (softspot writes back the glass, ` +
      'its ids and masses only); name another file');
  }
}
