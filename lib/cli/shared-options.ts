/**
 * The options several commands share, defined once: --out, --pinned, --ordering,
 * --solver, --solver-tol, --json, --quiet. A command may reword the help line for its
 * context (what --out writes), never the option's kind, default or limits.
 */
import { DEFAULT_PINNED } from '../hessian/pattern.js';
import { LHC_DEFAULTS } from '../lhc/local-heat-capacity.js';
import { DEFAULT_SOLVER_TOL, SOLVER_NAMES } from '../solvers/types.js';
import { CONFIGURATION_FORMATS, type ConfigurationFormat } from '../io/formats.js';
import { MODEL_PRESET_NAMES } from '../model/presets.js';
import { USER_ORDERINGS } from '../orderings.js';
import type { ChoiceOption, FlagOption, NumberOption, TextOption } from './options.js';


export const sharedOptions = {
  /** An output file or directory, required. */
  out: (help: string, arg = 'FILE'): TextOption & { required: true } => ({ kind: 'string', arg, help, required: true }),
  /** An output file or directory with a default (`defaultText` says which). */
  outOptional: (help: string, arg: string, defaultText?: string): TextOption => ({ kind: 'string', arg, help, defaultText }),
  pinned: (help = 'particle held fixed in the Hessian (results do not depend on it)'): NumberOption & { default: number } =>
    ({ kind: 'number', arg: 'K', rule: { integer: true, min: 0 }, default: DEFAULT_PINNED, help }),
  ordering: (): ChoiceOption<(typeof USER_ORDERINGS)[number]> & { default: (typeof USER_ORDERINGS)[number] } =>
    ({ kind: 'choice', arg: 'NAME', choices: USER_ORDERINGS, default: LHC_DEFAULTS.ordering as (typeof USER_ORDERINGS)[number], help: `fill-reducing ordering: ${USER_ORDERINGS.join(', ')}` }),
  solver: (help: string, defaultText?: string): ChoiceOption<(typeof SOLVER_NAMES)[number]> =>
    ({ kind: 'choice', arg: 'NAME', choices: SOLVER_NAMES, help: `${help}: cholmod, cholmod-{llt,ldlt}-{amd,metis,nesdis}, cg, pcg-jacobi, pcg-ichol`, defaultText }),
  solverTol: (): NumberOption & { default: number } =>
    ({
      kind: 'number', arg: 'X', default: DEFAULT_SOLVER_TOL, help: 'relative tolerance of an iterative --solver, at most 1e-3',
      // lhc --solver cg --solver-tol 10 wrote c_α off by more than their size with Σc still exact (the sum rule does not see it).
      rule: { min: 0, exclusiveMin: true, max: 1e-3, why: 'a looser solve leaves c_α and dc/dγ off by as much as their size, which no sum rule shows' },
    }),
  json: (help = 'print the result as one JSON object on stdout'): FlagOption => ({ kind: 'flag', help }),
  quiet: (help = 'no progress on stderr'): FlagOption => ({ kind: 'flag', help }),
};

/** The positional argument of a command that reads one glass. */
export const GLASS_POSITIONAL = 'configuration file (extended XYZ, a LAMMPS data file or dump, or GSD; 2D or 3D)';

/** How a command reads its glass (lib/cli/input.ts readInputGlass): --format, --frame and --model. */
export const GLASS_INPUT_OPTIONS = {
  format: {
    kind: 'choice', arg: 'NAME', choices: CONFIGURATION_FORMATS, defaultText: 'from the extension',
    help: `format of the configuration file: ${CONFIGURATION_FORMATS.join(', ')}; by default .data/.lmp/.lammps are LAMMPS data files, ` +
      '.dump/.lammpstrj LAMMPS dumps, .gsd HOOMD-blue GSD files, anything else extended XYZ',
  } as ChoiceOption<ConfigurationFormat>,
  frame: {
    kind: 'number', arg: 'K', rule: { integer: true, min: -2147483648, text: 'an integer (a frame index: 0-based, negative from the end)' }, defaultText: 'the last, -1',
    help: 'frame of a LAMMPS dump, a GSD file or an extended-XYZ file of several frames (a trajectory): 0-based, negative counts from the end',
  } as NumberOption,
  model: {
    kind: 'string', arg: 'PRESET|FILE.json', defaultText: 'ipl',
    help: `model preset of a LAMMPS or GSD file (${MODEL_PRESET_NAMES.join(', ')}; poly: sizes from the diameters): LAMMPS type 1 → its first species, type 2 → the second; ` +
      'GSD types by name (A, B; S, L; P), else in order; ' +
      'an extended-XYZ file names its own (model= on line 2), and one that names none (OVITO\'s, ASE\'s) is read under --model: ' +
      'species by name, number (1, 2) or ASE\'s element (H, He). Or a model file of your own, params.json (the form softspot info prints; ' +
      'docs/api.md), for LAMMPS and GSD files and for the files made with it',
  } as TextOption,
};
