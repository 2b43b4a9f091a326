/**
 * Every subcommand of the CLI, in the order `softspot --help` lists them. A command's module
 * is imported when it runs, not before: together the commands pull in the worker pool, the
 * Redis queue, HDF5 and the plotting packages, ~1 s of loading that `softspot info`,
 * `lhc` or `--version` do not need (measured: importing every command 1.06 s, the lhc
 * command alone 0.21 s, on a busy 2-core machine).
 */
import type { Command } from './command.js';

export interface CommandEntry {
  readonly name: string;
  /** Imports the command's module. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', load: async () => (await import('./commands/demo.js')).demo },
  { name: 'run', load: async () => (await import('./commands/run.js')).run },
  { name: 'worker', load: async () => (await import('./commands/worker.js')).worker },
  { name: 'figures', load: async () => (await import('./commands/figures.js')).figures },
  { name: 'tails', load: async () => (await import('./commands/tails.js')).tails },
  { name: 'predictors', load: async () => (await import('./commands/predictors.js')).predictors },
  { name: 'prepare', load: async () => (await import('./commands/prepare.js')).prepare },
  { name: 'lammps-table', load: async () => (await import('./commands/lammps-table.js')).lammpsTable },
  { name: 'info', load: async () => (await import('./commands/info.js')).info },
  { name: 'minimize', load: async () => (await import('./commands/minimize.js')).minimize },
  { name: 'lhc', load: async () => (await import('./commands/lhc.js')).lhc },
  { name: 'modes', load: async () => (await import('./commands/modes.js')).modes },
  { name: 'validate', load: async () => (await import('./commands/validate.js')).validate },
  { name: 'aqs', load: async () => (await import('./commands/aqs.js')).aqs },
  { name: 'map', load: async () => (await import('./commands/map.js')).map },
  { name: 'solvers', load: async () => (await import('./commands/solvers.js')).solvers },
  { name: 'selfcheck', load: async () => (await import('./commands/selfcheck.js')).selfcheck },
];

/** Every command, loaded (for the overview of `softspot --help`, and tests). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
