/** Parsing of AQS directions into lib/space Deformations (DESIGN §2). */
import { describe } from '../model/validate.js';
import { linearDeformation, shearDeformation, type Deformation } from '../space/index.js';
import type { DirectionSpec } from './types.js';

/** The Deformation of a direction spec; throws TypeError/RangeError naming `direction`. */
export function parseDirection(spec: DirectionSpec): Deformation {
  if (typeof spec === 'string') {
    const m = /^(simple|pure)([+-])$/.exec(spec);
    if (m === null) {
      throw new RangeError(`options.direction: expected "simple+", "simple-", "pure+" or "pure-", got ${describe(spec)}`);
    }
    return shearDeformation(m[1] as 'simple' | 'pure', m[2] === '+' ? 1 : -1);
  }
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError(`options.direction: expected a direction name, {mode, sign}, {E} or a Deformation, got ${describe(spec)}`);
  }
  if ('H' in spec && typeof spec.H === 'function') return spec;
  if ('mode' in spec) return shearDeformation(spec.mode, spec.sign);
  if ('E' in spec) return linearDeformation(spec.E, spec.name ?? 'linear');
  throw new TypeError(`options.direction: expected a direction name, {mode, sign}, {E} or a Deformation, got ${describe(spec)}`);
}
