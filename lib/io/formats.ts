/**
 * The configuration file formats softspot reads, and which one a file name implies:
 * `xyz` (extended XYZ, docs/design.md §9), `lammps-data` (a LAMMPS data file: .data, .lmp,
 * .lammps), `lammps-dump` (a LAMMPS dump: .dump, .lammpstrj) and `gsd` (HOOMD-blue's GSD,
 * binary: .gsd). Any other name is read as extended XYZ. A gzip-compressed file is named by its text's extension and `.gz`
 * (`traj.lammpstrj.gz`); whether a file is compressed is decided by its bytes
 * (./compression.ts), not its name.
 */
import { extname } from 'node:path';

export const CONFIGURATION_FORMATS = ['xyz', 'lammps-data', 'lammps-dump', 'gsd'] as const;
export type ConfigurationFormat = (typeof CONFIGURATION_FORMATS)[number];

/** File extension (lower case, with the dot) → format. */
export const FORMAT_OF_EXTENSION: Readonly<Record<string, ConfigurationFormat>> = {
  '.xyz': 'xyz',
  '.extxyz': 'xyz',
  '.data': 'lammps-data',
  '.lmp': 'lammps-data',
  '.lammps': 'lammps-data',
  '.dump': 'lammps-dump',
  '.lammpstrj': 'lammps-dump',
  '.gsd': 'gsd',
};

/** The extension of a gzip-compressed file's name, after which the text's own extension comes. */
export const COMPRESSED_EXTENSION = '.gz';

/**
 * Extensions of compressed files, passed over to find the format: `.gz` is read; the
 * others are named so that such a file is refused as what it is (./compression.ts).
 */
const COMPRESSION_EXTENSIONS = new Set([COMPRESSED_EXTENSION, '.zst', '.bz2', '.xz']);

/** The compression extension a name ends in ('.gz', '.zst', '.bz2', '.xz'), or undefined. */
export function compressionOfName(path: string): string | undefined {
  const ext = extname(path).toLowerCase();
  return COMPRESSION_EXTENSIONS.has(ext) ? ext : undefined;
}

/** The extension that names the format: the last one, or the one before a compression's. */
function formatExtension(path: string): string {
  const ext = extname(path).toLowerCase();
  return COMPRESSION_EXTENSIONS.has(ext) ? extname(path.slice(0, -ext.length)).toLowerCase() : ext;
}

/** The format a path's extension implies (a compression's passed over: `.gz`, `.zst`, `.bz2`, `.xz`); 'xyz' when it is none of the above. */
export function formatOfPath(path: string): ConfigurationFormat {
  return FORMAT_OF_EXTENSION[formatExtension(path)] ?? 'xyz';
}

/**
 * Whether a file name has a glass file's extension (FORMAT_OF_EXTENSION, optionally followed
 * by a compression's): what a directory of glasses holds. A `.zst` file is then refused by
 * its reader with the command that decompresses it, rather than left out unsaid.
 */
export function isGlassFileName(name: string): boolean {
  return FORMAT_OF_EXTENSION[formatExtension(name)] !== undefined;
}
