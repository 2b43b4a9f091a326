/**
 * System errors in words, and the one error of a file that could not be written.
 *
 * `SYSTEM_ERROR_WORDS` is the one table of what the system's codes mean to a user (the
 * CLI's messages, lib/cli/errors.ts, use it too). `FileWriteError` names the file the user
 * knows (never a temporary name), says what happened in those words, and what to do:
 * `runs/a/summary.json: no space left on device; nothing was written there: free some
 * space or write elsewhere`. `code` keeps the system's code (`ENOSPC`, `EDQUOT`, `EROFS`,
 * `EACCES`, `ENOENT`, `EIO`), so callers and the CLI's exit codes can tell a full disk
 * from a missing directory.
 */
/** What the system's error codes mean, in words. */
export const SYSTEM_ERROR_WORDS: Readonly<Record<string, string>> = Object.freeze({
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENOMEM: 'out of memory',
});

/** Codes that mean "this device takes no more data": a run stops instead of going on. */
export const DISK_FULL_CODES: readonly string[] = ['ENOSPC', 'EDQUOT'];

export class FileWriteError extends Error {
  /** The system's error code (ENOSPC, EDQUOT, EROFS, EACCES, ENOENT, EIO, ...). */
  readonly code: string;
  /** The file that could not be written. */
  readonly path: string;
  /** What went wrong, in words ("no space left on device"). */
  readonly detail: string;

  constructor(path: string, code: string, detail: string, hint?: string, cause?: unknown) {
    super(`${path}: ${detail}${hint ? `; ${hint}` : ''}`, cause === undefined ? undefined : { cause });
    this.name = 'FileWriteError';
    this.code = code;
    this.path = path;
    this.detail = detail;
  }

  /** The same failure told about `path` (e.g. the destination instead of its temporary file). */
  about(path: string, hint = writeHint(this.code)): FileWriteError {
    return new FileWriteError(path, this.code, this.detail, hint, this.cause);
  }
}

/** Whether `error` means that the device is full (or the quota used up). */
export function isDiskFull(error: unknown): boolean {
  return DISK_FULL_CODES.includes(String((error as { code?: unknown } | null)?.code));
}

/** The code of a system error message ("No space left on device" → ENOSPC), for libraries that only give the text. */
export function codeOfMessage(message: string): string | undefined {
  const m = message.toLowerCase();
  for (const [code, words] of Object.entries(SYSTEM_ERROR_WORDS)) if (m.includes(words)) return code;
  return undefined;
}

/** The default advice after a failed write with `code` (none where the words say it all). */
export function writeHint(code: string): string | undefined {
  if (DISK_FULL_CODES.includes(code)) return 'nothing was written there: free some space or write elsewhere';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'nothing was written there: write to a directory you can write to';
  return undefined;
}

/**
 * A `FileWriteError` for `path` from a Node system error; a FileWriteError (of whatever
 * path) and errors without a system code pass through unchanged. `hint` replaces the
 * default advice.
 */
export function writeError(path: string, error: unknown, hint?: string): Error {
  if (error instanceof FileWriteError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error as Error;
  const detail = SYSTEM_ERROR_WORDS[code] ?? String((error as Error).message).replace(/^E[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return new FileWriteError(path, code, detail, hint ?? writeHint(code), error);
}

/**
 * What to do about a results directory that refuses writes with `code` (a sentence that
 * starts with a capital): free space when the disk is full, the directory back when it is
 * gone or a file is in its place (ENOENT, ENOTDIR), else make it writable (EROFS, EACCES, …).
 */
export function resultsDirectoryRemedy(code: string): string {
  if (isDiskFull({ code })) return 'Free some space (or choose another --out)';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'Give the results directory back (it is gone, or a file is where it was: recreate or mount it), or choose another --out';
  return 'Make the results directory writable (or choose another --out)';
}
