/**
 * The shape of a CLI subcommand. Each lives in lib/cli/commands/<name>.ts and is
 * registered in lib/cli/registry.ts. Commands parse their own options with
 * node:util parseArgs (strict: unknown options are errors), write results to stdout or
 * files, progress and summaries to stderr, and return the process exit code.
 */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  /** One line for `softspot --help`. */
  summary: string;
  /** Full usage text for `softspot <name> --help`. */
  usage: string;
  run(args: string[], context: CommandContext): Promise<number>;
}

/** A user-facing CLI error: printed as `softspot <command>: <message>` with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
