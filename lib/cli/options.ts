/** Parsing helpers shared by the CLI commands: numbers and lists with clear errors. */
import { UsageError } from './command.js';

/** Parses a finite number option, or returns the default when absent. */
export function numberOption(name: string, value: string | undefined, fallback: number, check?: (x: number) => boolean, expected = 'a number'): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || (check && !check(x))) {
    throw new UsageError(`--${name}: expected ${expected}, got "${value}"`);
  }
  return x;
}

/** Parses an integer option. */
export function integerOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  return numberOption(name, value, fallback, (x) => Number.isInteger(x) && x >= min, `an integer >= ${min}`);
}

/** Exactly one positional argument (an input file), with a usage hint otherwise. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(`expected one ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  return positionals[0];
}
