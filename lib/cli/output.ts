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
import { compressionOfName, FORMAT_OF_EXTENSION, formatOfPath, isGlassFileName, type ConfigurationFormat } from '../io/formats.js';
import { formatGsd } from '../io/gsd-write.js';
import { GsdFile } from '../io/gsd.js';
import { compressionOf } from '../io/compression.js';
import { formatOfHead, plainHead } from '../io/sniff-format.js';
import { parseKeyValues, type Fail } from '../io/keyvalue.js';
import { DEFAULT_PROPERTIES, parseProperties } from '../io/properties.js';
import { formatLammpsData } from '../io/lammps-write.js';
import { differingWithinGroup } from '../io/within-group.js';
import { modelPreset } from '../model/presets.js';
import { lowerEntryOf } from '../space/cell-nd.js';
import { writeXyzWithColumns } from '../io/particle-fields-xyz.js';
import { accessSync, closeSync, constants as fsConstants, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
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
    // A directory the file cannot be created in (a read-only file system, no permission):
    // said now, not after the computation, with another output already written.
    const refused = unwritableDirectory(parent);
    if (refused !== undefined) {
      throw new UsageError(`--${option}: ${dirname(path)} cannot be written in (${refused}), so ${path} could not be written; choose another place (nothing was computed)`);
    }
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
 * Checks, before a command computes, that the output directory `dir` (made if missing) can
 * be written in: itself when it exists, else its nearest existing ancestor.
 * @throws UsageError naming the option (exit 2)
 */
export function checkOutputDirectory(dir: string, option: string): void {
  let existing = resolve(dir);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const refused = unwritableDirectory(existing);
  if (refused !== undefined) {
    throw new UsageError(`--${option}: ${dir} cannot be ${existing === resolve(dir) ? 'written in' : `made in ${existing}`} (${refused}); ` +
      `give --${option} a directory you can write to (nothing was computed)`);
  }
}

/** Why files cannot be created in `dir` ('read-only file system', 'permission denied'), or undefined when they can (access(2) W_OK and X_OK). */
function unwritableDirectory(dir: string): string | undefined {
  try {
    accessSync(dir, fsConstants.W_OK | fsConstants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(error);
  }
}

/** Names of formats that are not a configuration's, which any name-by-extension writer would fill with XYZ text. */
export const NOT_A_CONFIGURATION_NAME = /\.(h5|hdf5|pdb|cif|json|csv|npy|npz|svg|png)$/i;

/** The outputs that are not a configuration: what is written, the names that fit it, and the advice. */
const OUTPUT_KINDS: Record<'csv' | 'hdf5' | 'lammps-table' | 'particle-fields', { fits: RegExp; says: string; what: string; replaces: readonly FileContent[] }> = {
  csv: { fits: /\.csv$/i, says: 'this table is written as CSV (plain text): name it .csv', what: 'a CSV table', replaces: [] },
  hdf5: { fits: /\.(h5|hdf5|hdf|he5)$/i, says: 'this file is written as HDF5: name it .h5', what: 'HDF5', replaces: ['hdf5'] },
  'lammps-table': { fits: /\.(table|txt)$/i, says: 'the table is a LAMMPS pair_style table (plain text): name it .table', what: 'a LAMMPS table', replaces: [] },
  'particle-fields': { fits: /\.(xyz|extxyz)$/i, says: 'the per-particle fields are written as extended XYZ (OVITO reads its columns): name the file .xyz', what: 'per-particle fields (extended XYZ)', replaces: ['particle-fields'] },
};

/**
 * Checks the name of an output that is not a configuration (lhc --out and validate --out:
 * CSV; modes --out: HDF5; lammps-table --out: a LAMMPS table; lhc --particles: extended XYZ
 * fields, whatever the name): a name of a glass file (x.xyz, x.data, x.gsd, a dump), of
 * another format (x.h5, x.csv, x.json) or a compressed one would hold bytes that its readers
 * refuse, or that a later softspot command would read as a glass (`lhc --out g.h5` wrote CSV
 * there, `modes --out m.xyz` HDF5, until 2026-12-07, without a word). Any other name is taken,
 * unless the file exists and holds a glass or HDF5 of another kind than this output
 * (`lhc g.xyz --out data.ka` replaced a LAMMPS data file with CSV; `--particles other.xyz` a
 * glass with fields): a file of the same kind (an earlier table, modes.h5, fields) is
 * replaced, as Unix tools do.
 * @throws UsageError naming the option.
 */
export function checkOutputKindPath(path: string, option: string, kind: keyof typeof OUTPUT_KINDS): void {
  if (!OUTPUT_KINDS[kind].fits.test(path)) {
    const compressed = compressionOfName(path), format = formatOfPath(path);
    const other = compressed !== undefined ? `compressed (${compressed})`
      : format === 'gsd' ? 'GSD' : format === 'lammps-data' ? 'LAMMPS data' : format === 'lammps-dump' ? 'LAMMPS dump'
        : isGlassFileName(path) || NOT_A_CONFIGURATION_NAME.test(path) ? extname(path) : undefined;
    if (other !== undefined) throw new UsageError(`--${option}: ${path} names a ${other} file, but ${OUTPUT_KINDS[kind].says}`);
  }
  const holds = existingContent(path);
  if (holds !== undefined && !OUTPUT_KINDS[kind].replaces.includes(holds)) {
    throw new UsageError(`--${option}: ${path} exists and holds ${CONTENT_WORDS[holds]}, which this output would replace with ${OUTPUT_KINDS[kind].what}: ` +
      'name another file (or delete that one first, if it is not needed)');
  }
}

/** What an existing file holds, as far as its first bytes tell: a glass file's format, softspot's per-particle fields, or HDF5. */
type FileContent = ConfigurationFormat | 'hdf5' | 'particle-fields';

const CONTENT_WORDS: Record<FileContent, string> = {
  xyz: 'an extended-XYZ glass', 'lammps-data': 'a LAMMPS data file (a glass)', 'lammps-dump': 'a LAMMPS dump (glasses)', gsd: 'a GSD file (glasses)', hdf5: 'an HDF5 file',
  'particle-fields': 'per-particle fields (softspot lhc --particles)',
};

/**
 * What the existing regular file at `path` holds when its first bytes show a glass file or
 * HDF5 (formatOfHead; HDF5's signature), else undefined (absent, unreadable, anything else:
 * a CSV table, a LAMMPS table, text).
 */
function existingContent(path: string): FileContent | undefined {
  let head: Buffer;
  try {
    if (!statSync(path).isFile()) return undefined;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (head.length >= 8 && head.subarray(0, 8).equals(HDF5_SIGNATURE)) return 'hdf5';
  head = plainHead(head); // a gzip-compressed glass (dump.ka.gz under another name) by what it inflates to
  const format = formatOfHead(head);
  // softspot's per-particle fields (lhc --particles) are extended XYZ too: told apart from a glass by their column c.
  if (format === 'xyz' && /Properties=\S*:c:R:1(:|\s|$)/.test(head.toString('latin1').split('\n', 2)[1] ?? '')) return 'particle-fields';
  return format;
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

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
  const other = NOT_A_CONFIGURATION_NAME.exec(path);
  if (other !== null) {
    // Any other name is written as extended XYZ; these name formats softspot does not write a configuration in (x.h5 held XYZ text).
    throw new UsageError(`--${option}: ${path} names a .${other[1]} file, which is not a format softspot writes a configuration in: ` +
      'extended XYZ (.xyz), a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd)');
  }
  if (formatOfPath(path) === 'lammps-dump') {
    throw new UsageError(`--${option}: ${path} names a LAMMPS dump; softspot writes a configuration as extended XYZ (.xyz), ` +
      'a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd): name it so');
  }
  // LAMMPS's own naming (data.ka, read by its bytes as a data file) would be written as extended XYZ, which read_data cannot read.
  const lammpsStyle = /^data\.([^./\\]+)$/.exec(basename(path));
  if (lammpsStyle !== null && FORMAT_OF_EXTENSION[`.${lammpsStyle[1]!.toLowerCase()}`] === undefined) {
    throw new UsageError(`--${option}: ${path} is named as LAMMPS names data files, but softspot chooses an output's format by its extension ` +
      `and would write extended XYZ there: name it ${lammpsStyle[1]}.data for a LAMMPS data file, or ${lammpsStyle[1]}.xyz for extended XYZ`);
  }
}

/**
 * Checks, before a command computes, that the cell of the configuration it will write fits
 * `path`: a LAMMPS data file or a GSD file holds a restricted-triclinic box (a1 along x, a2
 * in the xy plane: h upper triangular), and a rotated cell (ASE's cells may be) would be
 * refused by the writer only after the work.
 * @throws UsageError naming the option, the cell entry and what to write instead.
 */
export function checkOutputGlassCell(path: string, option: string, config: Configuration): void {
  const format = formatOfPath(path);
  if (format !== 'lammps-data' && format !== 'gsd') return;
  const lower = lowerEntryOf(config.cell);
  if (lower === undefined) return;
  throw new UsageError(`--${option}: ${path} is a ${format === 'gsd' ? 'GSD' : 'LAMMPS data'} file, whose box has a1 along x and a2 in the xy plane, ` +
    `but the input's cell is rotated (h[${lower[0]}][${lower[1]}] = ${lower[2]}); name an extended-XYZ file (.xyz), which keeps any cell, ` +
    'or rotate the glass so that a1 lies along x and a2 in the xy plane first');
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
 * the XYZ column id, the data file's atom ids, the GSD log/softspot/id; `masses` (the
 * input's) too: the data file's Masses (or a sphere's density), the GSD particles/mass, the
 * XYZ column masses (ASE's name) unless they are all 1 (a file without it means unit masses).
 */
export async function writeOutputGlass(path: string, config: Configuration, extra: { ids?: Int32Array; masses?: Float64Array } = {}): Promise<void> {
  const { ids, masses } = extra;
  const both = { ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}) };
  const format = formatOfPath(path);
  const data = format === 'lammps-data' ? formatLammpsData(config, both)
    : format === 'gsd' ? formatGsd(config, both)
      : writeXyzWithColumns(config, [], { // with neither: writeXyz's text
        ...(ids !== undefined ? { ids } : {}),
        ...(masses !== undefined && masses.some((m) => m !== 1) ? { masses } : {}),
      });
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

/**
 * `minimize g.data --out g.data` writes the glass over its input (writeOutputGlass, in the
 * format of the output's name). Refused, naming what would be lost, when the file is not
 * only what is written back: another format than the name says (`data.ka`, read by its
 * bytes, would become extended XYZ), more than one frame (only the one read is written), a
 * compression, GSD chunks formatGsd does not write (HOOMD's velocities, images, …), LAMMPS sections other than Masses and Atoms (Pair Coeffs,
 * Velocities, Bonds, …) or an atom_style other than the one written (atomic; sphere for a
 * per-particle law), extended-XYZ columns other than species, pos (sigma of a per-particle
 * law, id of a file with ids, a mass or masses column). A write to another file loses nothing.
 * @param format the input's format as read (by --format, its name or its bytes)
 * @param frames the input's number of frames (1 for a file of one)
 * @throws UsageError naming --out (exit 2)
 */
export async function checkInPlaceKeeps(input: string, out: string, read: { format: ConfigurationFormat; frames: number; config: Configuration; ids?: Int32Array }): Promise<void> {
  if (!existsSync(input) || !existsSync(out) || isSpecialFile(out) || fileIdentity(input) !== fileIdentity(out)) return;
  const lost: string[] = [];
  const written = formatOfPath(out);
  const bytes = read.format === 'gsd' ? undefined : readFileSync(input);
  const compression = bytes === undefined ? undefined : compressionOf(bytes);
  if (written !== read.format) lost.push(`its ${read.format} format (the name ${basename(out)} is written as ${written})`);
  else if (read.frames > 1) lost.push(`${read.frames - 1} of its ${read.frames} frames (one is written)`);
  else if (compression !== undefined) lost.push(`its ${compression} compression (written as plain text)`);
  else if (read.format === 'gsd') lost.push(...await gsdLosses(input));
  else if (read.format === 'lammps-data') lost.push(...dataFileLosses(bytes!.toString('latin1'), read.config.sigma !== undefined));
  else if (read.format === 'xyz') lost.push(...xyzLosses(bytes!.toString('latin1'), read.config.sigma !== undefined, read.ids !== undefined));
  if (lost.length > 0) {
    throw new UsageError(`--out: ${out} is the input, and writing the minimized glass over it would lose ${lost.join(', ')}; name another file`);
  }
}

/** What a data file holds beyond what formatLammpsData writes: sections but Masses and Atoms, and the columns of another atom_style. */
function dataFileLosses(text: string, perParticle: boolean): string[] {
  const lost: string[] = [];
  const style = perParticle ? 'sphere' : 'atomic';
  // Line 1 is the title; a section starts with its keyword alone on a line (and a comment).
  for (const line of text.split(/\r?\n/).slice(1)) {
    const m = /^\s*([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)\s*(?:#\s*(\S*).*)?$/.exec(line);
    if (m === null) continue;
    if (m[1] !== 'Atoms' && m[1] !== 'Masses') lost.push(`its ${m[1]} section`);
    else if (m[1] === 'Atoms' && m[2] !== undefined && m[2] !== '' && m[2] !== style) lost.push(`the atom_style ${m[2]} columns of its Atoms (written as ${style})`);
  }
  return lost;
}

/** The chunks formatGsd writes (./io/gsd-write.ts); a GSD file of HOOMD's may hold others (velocities, images, bonds, …). */
const WRITTEN_GSD_CHUNKS = /^(configuration\/(step|dimensions|box)|particles\/(N|types|typeid|position|diameter|mass)|log\/softspot\/\w+)$/;

/** The chunks of a GSD file that formatGsd does not write back. */
async function gsdLosses(path: string): Promise<string[]> {
  const file = await GsdFile.open(path);
  try {
    const other = file.chunkNames().filter((name) => !WRITTEN_GSD_CHUNKS.test(name));
    return other.length > 0 ? [`its chunks ${other.join(', ')}`] : [];
  } finally {
    await file.close();
  }
}

/**
 * The columns of an extended-XYZ file's first frame that the writer does not write back,
 * from its line 2 as the reader takes it (parseKeyValues, parseProperties: quotes, any case
 * of the key, spaces around =); the file was read, so the line parses.
 */
function xyzLosses(text: string, perParticle: boolean, ids: boolean): string[] {
  const fail: Fail = (problem) => { throw new Error(`line 2 of a file just read: ${problem}`); };
  const line = (text.split('\n', 2)[1] ?? '').replace(/\r$/, '');
  const entries = parseKeyValues(line, fail);
  const spec = entries.find((e) => e.key.toLowerCase() === 'properties')?.value ?? DEFAULT_PROPERTIES;
  // OVITO's Origin: the glass is read and written from the cell's corner, so the file would move.
  const origin = entries.find((e) => e.key.toLowerCase() === 'origin')?.value.trim().split(/\s+/).map(Number);
  const moved = origin !== undefined && origin.some((x) => x !== 0) ? [`its Origin="${origin.join(' ')}" (the glass is written from the cell's corner: every position would move by −Origin)`] : [];
  // A mass column (OVITO's mass or ASE's masses) is written back as masses, or left out when every mass is 1 (what no column means).
  const kept = new Set(['species', 'pos', 'mass', 'masses', ...(perParticle ? ['sigma'] : []), ...(ids ? ['id'] : [])]);
  return [...parseProperties(spec, fail).properties.filter((p) => !kept.has(p.name.toLowerCase())).map((p) => `its ${p.name} column`), ...moved];
}
