/** Every subcommand of the CLI, in the order `softspot --help` lists them. */
import type { Command } from './command.js';
import { aqs } from './commands/aqs.js';
import { demo } from './commands/demo.js';
import { figures } from './commands/figures.js';
import { info } from './commands/info.js';
import { lammpsTable } from './commands/lammps-table.js';
import { lhc } from './commands/lhc.js';
import { map } from './commands/map.js';
import { minimize } from './commands/minimize.js';
import { modes } from './commands/modes.js';
import { predictors } from './commands/predictors.js';
import { prepare } from './commands/prepare.js';
import { run } from './commands/run.js';
import { selfcheck } from './commands/selfcheck.js';
import { solvers } from './commands/solvers.js';
import { tails } from './commands/tails.js';
import { validate } from './commands/validate.js';
import { worker } from './commands/worker.js';

export const COMMANDS: readonly Command[] = [demo, run, worker, figures, tails, predictors, prepare, lammpsTable, info, minimize, lhc, modes, validate, aqs, map, solvers, selfcheck];
