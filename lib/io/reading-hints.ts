/**
 * What a glass file looks like, said beside a reader's error when the line alone misleads:
 * an error in the first lines of a file whose first bytes show another format (a data file
 * named .xyz was told to put the particle count alone on line 1), or an extended-XYZ error
 * in the last line of a file that ends inside a line (cut off: it was told to fix its
 * columns). Used by the commands (lib/cli/input.ts) and by `softspot run`'s reading of
 * glass files (lib/ensemble/glass-input.ts).
 */
import { formatOfHead } from './sniff-format.js';
import type { ConfigurationFormat } from './formats.js';

/** What each format is called (in messages that say what a file should be), and the extension that names it. */
export const FORMAT_NAMES: Record<ConfigurationFormat, { what: string; extension: string }> = {
  'xyz': { what: 'configuration file (.xyz)', extension: '.xyz' },
  'lammps-data': { what: 'LAMMPS data file', extension: '.data' },
  'lammps-dump': { what: 'LAMMPS dump file', extension: '.dump' },
  'gsd': { what: 'GSD file (HOOMD-blue)', extension: '.gsd' },
};

/**
 * The hint for a reader's error at `errorLine` (1-based, in the file) of `text` (a frame that
 * starts after `lineOffset` lines of the file), read as `format`; undefined when none applies.
 * `lastFrame`: the text ends where the file ends; `frames`: the frames of the file (a
 * trajectory's cut last frame is answered with --frame -2); `hasFormatOption`: the command
 * takes --format (softspot run does not: only the name is advised).
 */
export function readingHint(format: ConfigurationFormat, text: string, errorLine: number, lineOffset: number, lastFrame: boolean,
  frames = 1, hasFormatOption = true): string | undefined {
  const other = formatOfHead(Buffer.from(text.slice(0, 8192), 'latin1'));
  if (lineOffset === 0 && errorLine <= 3 && other !== undefined && other !== format) {
    return `its first lines are those of a ${FORMAT_NAMES[other].what}: ${hasFormatOption ? `give --format ${other}, or ` : ''}name the file ${FORMAT_NAMES[other].extension}`;
  }
  // Cut off: the last line ends without a newline and has fewer fields than the frame's first
  // particle line (a file written without a final newline, with a bad token, is not).
  const all = text.split('\n');
  const fieldsOf = (line: string | undefined): number => (line ?? '').trim().split(/\s+/).filter(Boolean).length;
  const cut = !text.endsWith('\n') && all.length > 3 && fieldsOf(all.at(-1)) < fieldsOf(all[2]);
  if (format === 'xyz' && lastFrame && cut && errorLine === lineOffset + all.length) {
    return "that is the file's last line, and it ends without a newline: the file looks cut off (copy or write it again" +
      `${frames > 1 ? ', or read an earlier frame: --frame -2' : ''})`;
  }
  return undefined;
}
