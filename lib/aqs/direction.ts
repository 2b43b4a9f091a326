/** Parsing of AQS directions into lib/space Deformations (docs/design.md §2). */
import { describe } from '../validate.js';
import { DIRECTIONS_2D, directionOf, linearDeformation, quotedList, shearDeformation, type Deformation } from '../space/index.js';
import type { DirectionSpec } from './types.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The Deformation of a direction spec; throws TypeError/RangeError naming `direction`. */
export function parseDirection(spec: DirectionSpec): Deformation {
  if (typeof spec === 'string') {
    const direction = directionOf(spec);
    if (direction === undefined) {
      throw new ArgumentRangeError(`options.direction: expected ${quotedList(DIRECTIONS_2D)}, got ${describe(spec)}`);
    }
    return shearDeformation(direction.mode, direction.sign);
  }
  if (typeof spec !== 'object' || spec === null) {
    throw new ArgumentTypeError(`options.direction: expected a direction name, {mode, sign}, {E} or a Deformation, got ${describe(spec)}`);
  }
  if ('H' in spec && typeof spec.H === 'function') return spec;
  if ('mode' in spec) return shearDeformation(spec.mode, spec.sign);
  if ('E' in spec) {
    try {
      return linearDeformation(spec.E, spec.name ?? 'linear');
    } catch (error) {
      // The check names its parameter `E`; the caller gave it as options.direction.E.
      if (error instanceof ArgumentTypeError) throw new ArgumentTypeError(`options.direction.${error.message}`);
      if (error instanceof ArgumentRangeError) throw new ArgumentRangeError(`options.direction.${error.message}`);
      throw error;
    }
  }
  throw new ArgumentTypeError(`options.direction: expected a direction name, {mode, sign}, {E} or a Deformation, got ${describe(spec)}`);
}
