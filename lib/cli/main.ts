/**
 * `softspot` command line: dispatches to the subcommands of lib/cli/commands/.
 * Exit codes: 0 success, 1 failure of the computation, 2 usage error or bad input; a
 * process ended by SIGINT / SIGTERM reports 130 / 143 (lib/cli/signals.ts).
 */
import { UsageError, type CommandContext } from './command.js';
import { COMMANDS } from './registry.js';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'softspot: soft spots of 2D computer glasses and where they yield',
    '',
    'Usage: softspot <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `softspot <command> --help` for the options of a command.',
  ].join('\n');
}

export async function main(argv: string[], context: CommandContext = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(overview() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    context.stdout.write(pkg.version + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    context.stderr.write(`softspot: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    const err = error as Error & { code?: string };
    context.stderr.write(`softspot ${name}: ${err.message}\n`);
    const misuse = error instanceof UsageError || (err.code ?? '').startsWith('ERR_PARSE_ARGS');
    if (misuse) context.stderr.write(`Run \`softspot ${name} --help\` for usage.\n`);
    // Bad input (malformed file, missing file, invalid value) is exit code 2, like misuse;
    // a failure of the computation itself is 1.
    const badInput = misuse || err.code === 'ERR_XYZ_FORMAT' || err.code === 'ENOENT' ||
      error instanceof RangeError || error instanceof TypeError;
    return badInput ? 2 : 1;
  }
}
