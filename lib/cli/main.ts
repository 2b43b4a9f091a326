/**
 * `softspot` command line: dispatches to the subcommands of lib/cli/commands/. What a
 * command throws becomes a message on stderr and an exit code (lib/cli/errors.ts): 0
 * success, 1 the computation or the environment failed, 2 bad input of any kind; a process
 * ended by SIGINT / SIGTERM reports 130 / 143 (lib/cli/signals.ts).
 */
import type { CommandContext } from './command.js';
import { errorMessage, EXIT_BAD_INPUT, EXIT_CODES_TEXT, exitCode, UsageError } from './errors.js';
import { COMMANDS, loadCommands } from './registry.js';
import { nearest } from '../suggest.js';

async function overview(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'softspot: soft spots of 2D and 3D computer glasses and where they yield',
    '',
    'Usage: softspot <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `softspot <command> --help` for the options of a command.',
    '',
    EXIT_CODES_TEXT,
  ].join('\n');
}

export async function main(argv: string[], context: CommandContext = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // Asked for, the overview is the output (stdout, exit 0); without a command it is the
    // error's explanation (stderr, exit 2), as for an unknown command: `softspot > x` leaves x empty.
    (name === undefined ? context.stderr : context.stdout).write(await overview() + '\n');
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  if (name === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    context.stdout.write(pkg.version + '\n');
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const guess = nearest(name, COMMANDS.map((c) => c.name));
    context.stderr.write(`softspot: unknown command "${name}"${guess !== undefined ? `; did you mean "${guess}"?` : ''}\n\n${await overview()}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    // Inside the try: a module that cannot load (e.g. no native build) is reported as the
    // command's error, not as a stack trace.
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      context.stdout.write(command.usage.trimEnd() + '\n');
      return 0;
    }
    return await command.run(rest, context);
  } catch (error) {
    context.stderr.write(`softspot ${name}: ${errorMessage(error)}\n`);
    if (error instanceof UsageError) context.stderr.write(`Run \`softspot ${name} --help\` for usage.\n`);
    return exitCode(error);
  }
}
