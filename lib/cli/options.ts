/**
 * Command options declared once, as a table: each entry gives the option's kind, its
 * argument name, its help line, its default (taken from the library constant) and its
 * limits with their reasons. From the table come the parseArgs configuration, the usage
 * text of `softspot <command> --help`, the defaults and the validation, so that a rule is
 * written in one place and reads the same in every command that uses it.
 *
 * Messages (a UsageError, exit code 2):
 *   --n: expected an integer >= 2, got "10.5"
 *   --precision: expected a number >= 1e-13 (<why>), got "1e-300"
 *   --field: expected one of 'c', 'simple', 'pure', 'all', got "bad"
 *   --out is required
 */
import { parseArgs } from 'node:util';
import { nearest } from '../suggest.js';
import { meetsRule, ruleText, type NumberRule } from '../validate.js';
import type { Command, CommandContext } from './command.js';
import { UsageError } from './errors.js';

interface Base {
  /** The help text (wrapped to the terminal's 92 columns; '\n' reads as a space). */
  help: string;
  /** Must be given (shown as "(required)"). */
  required?: boolean;
  /** How the default reads in the help, when not its plain value (e.g. "available cores"). */
  defaultText?: string;
}

export interface FlagOption extends Base { kind: 'flag' }
export interface NumberOption extends Base { kind: 'number'; arg: string; rule: NumberRule; default?: number }
export interface TextOption extends Base { kind: 'string'; arg: string; default?: string }
export interface ChoiceOption<C extends string = string> extends Base { kind: 'choice'; arg?: string; choices: readonly C[]; default?: C }
/** A comma-separated subset of `choices`. */
export interface ListOption<C extends string = string> extends Base { kind: 'list'; arg: string; choices: readonly C[]; default?: readonly C[] }

export type Option = FlagOption | NumberOption | TextOption | ChoiceOption | ListOption;
export type OptionTable = Readonly<Record<string, Option>>;

type ValueOf<O> = O extends FlagOption ? boolean
  : O extends NumberOption ? number
  : O extends ListOption<infer C> ? C[]
  : O extends ChoiceOption<infer C> ? C
  : string;
type Always<O> = O extends FlagOption ? true : O extends { default: unknown } ? true : O extends { required: true } ? true : false;

/** The parsed values of a table: present when the option has a default or is required. */
export type Values<T extends OptionTable> = {
  -readonly [K in keyof T]: Always<T[K]> extends true ? ValueOf<T[K]> : ValueOf<T[K]> | undefined;
};

/** A command declared by its table (see {@link defineCommand}). */
export interface CommandSpec<T extends OptionTable> {
  name: string;
  /** One line for `softspot --help`. */
  summary: string;
  /** The usage line(s) after `Usage: softspot `, e.g. `lhc <config.xyz> --out <table.csv> [options]`. */
  synopsis: string | string[];
  /** What the command does (paragraphs, already wrapped). */
  description: string;
  /** The one positional argument, in words (e.g. "configuration file (.xyz)"); none if absent. */
  positional?: string;
  /** The positional argument may be repeated (one or more; all in `inputs`); 'optional': zero or more. */
  variadic?: boolean | 'optional';
  options: T;
  /**
   * Names another command gives one of this command's options (`run --anneal` is `prepare
   * --anneal-time`): an unknown option of such a name is pointed at this command's own,
   * `[other name]: [this command's option, the other command]`, not at the nearest spelling.
   */
  namedElsewhere?: Readonly<Record<string, readonly [option: string, command: string]>>;
  /** Text after the options. */
  notes?: string;
}

/** What {@link parseOptions} returns. */
export interface Parsed<T extends OptionTable> {
  values: Values<T>;
  /** The positional argument (when the command takes one). */
  input: string;
  /** Every positional argument (of a `variadic` command; otherwise [input] or []). */
  inputs: string[];
  /** The options given on the command line (not defaulted). */
  given: ReadonlySet<keyof T & string>;
}

const quote = (s: string): string => JSON.stringify(s);

/** The default as the help shows it, or undefined. */
function defaultShown(option: Option): string | undefined {
  if (option.defaultText !== undefined) return option.defaultText;
  if (option.kind === 'flag' || option.default === undefined) return undefined;
  return Array.isArray(option.default) ? option.default.join(',') : String(option.default);
}

/** `--name ARG` as the help shows it. */
function optionHead(name: string, option: Option): string {
  if (option.kind === 'flag') return `--${name}`;
  if (option.kind === 'choice' && option.arg === undefined) return `--${name} ${option.choices.join('|')}`;
  return `--${name} ${(option as { arg: string }).arg}`;
}

const LINE = 92;

/** Splits `text` at spaces into lines of at most `width` characters (longer words stay whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The usage text of a command, from its table. */
export function usageText(spec: CommandSpec<OptionTable>): string {
  const synopsis = Array.isArray(spec.synopsis) ? spec.synopsis : [spec.synopsis];
  const heads = Object.entries(spec.options).map(([name, o]) => optionHead(name, o));
  const width = Math.min(Math.max(...heads.map((h) => h.length)) + 2, 28);
  const lines = [
    ...synopsis.map((s, k) => `${k === 0 ? 'Usage:' : '      '} softspot ${s}`),
    '',
    spec.description.trimEnd(),
    '',
    'Options:',
  ];
  Object.entries(spec.options).forEach(([, option], k) => {
    const shown = defaultShown(option);
    const tail = option.required ? ' (required)' : shown === undefined ? '' : option.defaultText !== undefined ? ` (default: ${shown})` : ` (default ${shown})`;
    const [first, ...rest] = wrap((option.help + tail).replace(/\n/g, ' '), LINE - 2 - width);
    const head = heads[k];
    lines.push(head.length + 2 > width ? `  ${head}\n  ${''.padEnd(width)}${first}` : `  ${head.padEnd(width)}${first}`);
    for (const more of rest) lines.push(`  ${''.padEnd(width)}${more}`);
  });
  if (spec.notes) lines.push('', spec.notes.trimEnd());
  return lines.join('\n') + '\n';
}

/** Parses the text of a number option against its rule. */
export function parseNumber(name: string, text: string, rule: NumberRule): number {
  // Decimal numbers only, as the file readers take them: Number() also reads 0x3, 0b11 and 0o3.
  const x = /^\s*[+-]?0[xob]/i.test(text) ? Number.NaN : Number(text);
  if (text.trim() === '' || !meetsRule(x, rule)) throw new UsageError(`--${name}: expected ${ruleText(rule, x)}, got ${quote(text)}`);
  return x;
}

/** Checks a choice. */
export function parseChoice<C extends string>(name: string, text: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name}: expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${quote(text)}`);
  }
  return text as C;
}

/**
 * Joins `--name -5` into `--name=-5` for options that take a value, so that a negative
 * number reaches our validation instead of parseArgs' "ambiguous" error.
 */
function joinNegativeValues(args: readonly string[], table: OptionTable): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const name = args[k].startsWith('--') ? args[k].slice(2) : undefined;
    const option = name === undefined ? undefined : table[name];
    const next = args[k + 1];
    if (option !== undefined && option.kind !== 'flag' && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      out.push(`${args[k]}=${next}`);
      k++;
    } else {
      out.push(args[k]);
    }
  }
  return out;
}

/**
 * Refuses an option that takes a value given twice: parseArgs keeps the last, and
 * `--out a.csv --out b.csv` wrote b.csv only, without a word. A flag given twice means
 * the same as once and passes.
 */
function refuseRepeated(tokens: ReadonlyArray<{ kind: string; name?: string; value?: string }>, table: OptionTable): void {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || table[token.name]?.kind === 'flag') continue;
    if (seen.has(token.name)) {
      throw new UsageError(`--${token.name} is given twice (${JSON.stringify(seen.get(token.name))} and ${JSON.stringify(token.value)}); give it once`);
    }
    seen.set(token.name, token.value);
  }
}

/** Parses `args` against a command's table: types, limits, choices, required options; an option with a value at most once. */
export function parseOptions<const T extends OptionTable>(spec: CommandSpec<T>, args: readonly string[]): Parsed<T> {
  const config = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.kind === 'flag' ? 'boolean' as const : 'string' as const }]));
  let raw: { values: Record<string, string | boolean | undefined>; positionals: string[]; tokens: Array<{ kind: string; name?: string; value?: string }> };
  try {
    raw = parseArgs({ args: joinNegativeValues(args, spec.options), options: config, allowPositionals: true, strict: true, tokens: true }) as typeof raw;
  } catch (error) {
    // An unknown option: ours, with the nearest known one. Else Node's own words, as a
    // usage error of ours.
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec((error as Error).message)?.[1];
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
      const names = [...Object.keys(spec.options), 'help'];
      const name = unknown.slice(2).split('=')[0]!;
      const elsewhere = unknown.startsWith('--') && spec.namedElsewhere !== undefined && Object.hasOwn(spec.namedElsewhere, name) ? spec.namedElsewhere[name] : undefined;
      if (elsewhere !== undefined) {
        throw new UsageError(`unknown option ${unknown}; did you mean --${elsewhere[0]}? (softspot ${elsewhere[1]} calls it --${name})`);
      }
      const guess = unknown.startsWith('--') ? nearest(name, names) : undefined;
      throw new UsageError(guess !== undefined
        ? `unknown option ${unknown}; did you mean --${guess}?`
        : `unknown option ${unknown} (a value that starts with '-' goes after '--', as in: -- ${JSON.stringify(unknown)})`);
    }
    throw new UsageError((error as Error).message);
  }
  refuseRepeated(raw.tokens, spec.options);
  let input = '';
  if (spec.positional !== undefined && spec.variadic !== undefined && spec.variadic !== false) {
    if (raw.positionals.length === 0 && spec.variadic === true) throw new UsageError(`expected one or more ${spec.positional}, got none`);
    input = raw.positionals[0] ?? '';
  } else if (spec.positional !== undefined) {
    if (raw.positionals.length !== 1) {
      throw new UsageError(`expected one ${spec.positional}, got ${raw.positionals.length === 0 ? 'none' : raw.positionals.join(' ')}`);
    }
    input = raw.positionals[0];
  } else if (raw.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${quote(raw.positionals[0])}`);
  }
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const [name, option] of Object.entries(spec.options)) {
    const text = raw.values[name];
    if (text === undefined) {
      if (option.required) {
        throw new UsageError(`--${name} is required${option.kind === 'choice' ? ` (${option.choices.join(' or ')})` : ''}`);
      }
      values[name] = option.kind === 'flag' ? false : option.kind === 'list' && option.default ? [...option.default] : option.default;
      continue;
    }
    given.add(name);
    if (option.kind === 'flag') values[name] = text;
    else if (option.kind === 'number') values[name] = parseNumber(name, text as string, option.rule);
    else if (option.kind === 'choice') values[name] = parseChoice(name, text as string, option.choices);
    else if (option.kind === 'list') {
      const items = (text as string).split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) throw new UsageError(`--${name}: expected a comma-separated subset of ${option.choices.join(', ')}, got ""`);
      const twice = items.find((item, k) => items.indexOf(item) !== k);
      // As lhc --deformation refuses a name given twice: a repeat is a slip (it was run once, silently).
      if (twice !== undefined) throw new UsageError(`--${name}: "${twice}" is given twice in "${text as string}"; give each once`);
      values[name] = items.map((item) => parseChoice(name, item, option.choices));
    } else {
      if ((text as string) === '') throw new UsageError(`--${name}: expected ${option.arg}, got ""`);
      values[name] = text;
    }
  }
  return { values: values as Values<T>, input, inputs: spec.variadic === true || spec.variadic === 'optional' ? raw.positionals : input === '' ? [] : [input], given: given as ReadonlySet<keyof T & string> };
}

/** A Command whose usage text and parsing come from its table. */
export function defineCommand<const T extends OptionTable>(
  spec: CommandSpec<T>,
  run: (parsed: Parsed<T>, context: CommandContext) => Promise<number>,
): Command & { spec: CommandSpec<T> } {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: usageText(spec),
    spec,
    run: async (args, context) => run(parseOptions(spec, args), context),
  };
}
