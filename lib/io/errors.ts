/** The readers' error classes, and the excerpts of a file their messages quote. */
/**
 * A piece of a file for a message: at most `max` characters (the rest said as a count),
 * control characters escaped, so that a binary file read as text does not pour megabytes
 * of raw bytes and terminal escapes into the error (a GSD file read as XYZ did).
 */
export function excerpt(text: string, max = 60): string {
  const shown = text.slice(0, max).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > max ? `${shown}… (${text.length} characters)` : shown;
}

/** Whether text read from a file holds bytes no text format has (NUL, other C0 controls, undecodable UTF-8). */
export function looksBinary(text: string): boolean {
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/**
 * A problem at a line of a text file: the message reads
 * `<source>:<line>: <what is wrong>; <what to do>`, so that a user can go straight to the
 * offending line. The readers' error classes below extend it.
 */
export abstract class SourceLineError extends Error {
  /** Where the text came from: a file path, or `'<string>'`. */
  readonly source: string;
  /** 1-based line number of the offending line. */
  readonly line: number;

  constructor(source: string, line: number, problem: string, hint: string) {
    super(`${source}:${line}: ${problem}; ${hint}`);
    this.source = source;
    this.line = line;
  }
}

/**
 * The one error class of the extended-XYZ reader: every problem found while reading a
 * configuration file. `line` is 1-based (line 1 holds the particle count, line 2 the
 * comment/metadata line, particle i is on line i + 3).
 */
export class XyzFormatError extends SourceLineError {
  /** Stable machine-readable code, in the style of Node's `ERR_*` codes. */
  readonly code = 'ERR_XYZ_FORMAT' as const;

  constructor(source: string, line: number, problem: string, hint: string) {
    super(source, line, problem, hint);
    this.name = 'XyzFormatError';
  }
}

/**
 * The one error class of the LAMMPS readers (data files and dumps). `line` is the 1-based
 * line of the file where the problem is (for a missing section or header line: the line
 * where it was expected, or line 1).
 */
export class LammpsFormatError extends SourceLineError {
  /** Stable machine-readable code, in the style of Node's `ERR_*` codes. */
  readonly code = 'ERR_LAMMPS_FORMAT' as const;
  /**
   * A dump frame whose text ends before the atom lines it declares: a file cut there (a dump
   * LAMMPS is still writing, an interrupted copy). Whether it is the file's last frame, and
   * so a frame still being written, the caller knows.
   */
  readonly cutFrame: boolean;

  constructor(source: string, line: number, problem: string, hint: string, options: { cutFrame?: boolean } = {}) {
    super(source, line, problem, hint);
    this.name = 'LammpsFormatError';
    this.cutFrame = options.cutFrame ?? false;
  }
}
