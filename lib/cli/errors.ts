/**
 * The command line's error classes and the one function that turns an error into the
 * process exit code and the line the user reads. Exit codes:
 *
 *   0  success
 *   1  the computation or the environment failed: no plastic event found, a factorization
 *      or solver failure, disk full, Redis unreachable, a bug
 *   2  bad input of any kind: an argument (UsageError), an input file that is missing, a
 *      directory or malformed (InputError, XyzFormatError, LammpsFormatError, LhcCsvError,
 *      EventsFormatError),
 *      an input glass that is not a stable minimum (UnstableConfigurationError), a results
 *      directory of another model (ModelMismatchError), and every refusal by the library's
 *      own checks (ArgumentRangeError, ArgumentTypeError: code ERR_SOFTSPOT_ARGUMENT), told
 *      by class and code, never by the message's wording
 */
import { isArgumentError, UnstableConfigurationError } from '../errors.js';
import { EventsFormatError, FileWriteError, GsdFormatError, LammpsFormatError, LhcCsvError, SYSTEM_ERROR_WORDS, XyzFormatError } from '../io/index.js';

/** A bad command-line argument: printed with a pointer to `--help`; exit code 2. */
export class UsageError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A bad input file (missing, a directory, unusable content), named in the message; exit code 2. */
export class InputError extends RangeError {
  constructor(readonly path: string, message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** The exit codes as `softspot --help` and the README state them. */
export const EXIT_CODES_TEXT = `Exit codes:
  0  success
  1  the computation or the environment failed (no plastic event found, disk full,
     Redis unreachable, …)
  2  bad input: an argument, a missing or malformed input file, a directory where a file
     is expected, an input glass that is not a stable minimum`;

/** Errno codes of a path the user gave that cannot be used as given (exit 2; the others are the environment's, exit 1). */
const BAD_PATH = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'ENAMETOOLONG', 'ELOOP']);

interface SystemError extends Error {
  code?: string;
  path?: string;
}

function systemCode(error: unknown): string | undefined {
  const code = (error as SystemError | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * A run of one model into a results directory of another, or a directory whose model
 * cannot be told (lib/ensemble/manifest.ts ModelMismatchError, ResultsModelError; told by
 * their codes: importing the classes would load the ensemble's planning into every command).
 */
function isModelMismatch(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === 'ERR_SOFTSPOT_MODEL_MISMATCH' || code === 'ERR_SOFTSPOT_RESULTS_MODEL';
}

/** The exit code of a command that threw `error` (see the module doc). */
export function exitCode(error: unknown): number {
  if (error instanceof UsageError || error instanceof InputError || error instanceof XyzFormatError || error instanceof LammpsFormatError || error instanceof GsdFormatError ||
    error instanceof LhcCsvError || error instanceof EventsFormatError || error instanceof UnstableConfigurationError || isArgumentError(error) ||
    isModelMismatch(error)) return EXIT_BAD_INPUT;
  const code = systemCode(error);
  if (code !== undefined && BAD_PATH.has(code)) return EXIT_BAD_INPUT;
  return EXIT_FAILED;
}

/** The file the user named, for the temporary file writeFileAtomic writes it through (`.<name>.<pid>.<hex>.tmp`). */
function userPath(path: string): string {
  return path.replace(/(^|\/)\.([^/]+)\.\d+\.[0-9a-f]{12}\.tmp$/, '$1$2');
}

/** The message the user reads for `error` (system errors as `<path>: <what>`). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Already names the file the user knows, what happened and what to do.
  if (error instanceof FileWriteError) return error.message;
  const code = systemCode(error);
  const words = code === undefined ? undefined : SYSTEM_ERROR_WORDS[code];
  const path = (error as SystemError).path;
  if (words !== undefined && typeof path === 'string') return `${userPath(path)}: ${words}`;
  return error.message;
}
