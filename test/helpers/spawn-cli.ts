/**
 * The softspot CLI in a child process, from the TypeScript sources (lib/cli/main.ts
 * through tsx): what a user sees — the messages, the exit code, whether it ends at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..', '..');

const MAIN = `const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'lib', 'cli', 'main.ts')).href)});
process.exitCode = await main(process.argv.slice(1));`;

/** The command line that runs `softspot ...args` from the sources (spawn it with cwd ROOT). */
export function cliArgv(args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', '--input-type=module', '-e', MAIN, ...args];
}

/** One BLAS thread, as bin/softspot.js sets it. */
export const CLI_ENV = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };

/** Starts `softspot ...args`; stdout and stderr are collected on the returned object. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { out: () => string; err: () => string } {
  const [exe, ...rest] = cliArgv(args);
  return collect(spawn(exe, rest, { cwd: ROOT, env: { ...process.env, ...CLI_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Collects a child's stdout and stderr as text. */
export function collect<T extends ChildProcess>(child: T): T & { out: () => string; err: () => string } {
  let out = '', err = '';
  child.stdout?.on('data', (d) => { out += String(d); });
  child.stderr?.on('data', (d) => { err += String(d); });
  return Object.assign(child, { out: () => out, err: () => err });
}

/** Resolves with the exit code and signal once `child` has exited. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
}

/**
 * Waits for `child` to exit; past `ms` it is killed (SIGKILL) and the result says
 * `hung: true` — a command that should fail promptly and did not.
 */
export async function exitedWithin(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; hung: boolean }> {
  let hung = false;
  const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, ms);
  try {
    return { ...(await exited(child)), hung };
  } finally {
    clearTimeout(timer);
  }
}
