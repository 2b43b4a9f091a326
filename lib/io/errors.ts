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
