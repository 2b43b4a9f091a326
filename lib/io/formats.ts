/**
 * The configuration file formats softspot reads, and which one a file name implies:
 * `xyz` (extended XYZ, DESIGN §9), `lammps-data` (a LAMMPS data file: .data, .lmp,
 * .lammps) and `lammps-dump` (a LAMMPS dump: .dump, .lammpstrj). Any other name is read
 * as extended XYZ.
 */
import { extname } from 'node:path';

export const CONFIGURATION_FORMATS = ['xyz', 'lammps-data', 'lammps-dump'] as const;
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
};

/** The format a path's extension implies; 'xyz' when the extension is none of the above. */
export function formatOfPath(path: string): ConfigurationFormat {
  return FORMAT_OF_EXTENSION[extname(path).toLowerCase()] ?? 'xyz';
}
