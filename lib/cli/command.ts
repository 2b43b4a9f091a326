/**
 * The shape of a CLI subcommand. Each lives in lib/cli/commands/<name>.ts, declares its
 * options as a table (lib/cli/options.ts `defineCommand`) and is registered in
 * lib/cli/registry.ts. Commands write results to stdout or files, progress and summaries
 * to stderr, and return the process exit code; what they throw is mapped to an exit code
 * and a message by lib/cli/errors.ts.
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

export { UsageError } from './errors.js';
