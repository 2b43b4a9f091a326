/**
 * The first plastic events of a glass as JSON: the output of `softspot aqs --json` keyed
 * by direction, `{"simple+": {"particle": k, ...}, ...}`, or the fixtures' form
 * `{"events": {"simple+": {"event_particle": k}, ...}}`; a `"position": [x, y]` may
 * replace the particle. Directions are lib/space's DIRECTIONS_2D; others are ignored.
 */
import { DIRECTIONS_2D } from '../space/directions.js';
import type { EventMap } from '../stats/glass-ranks.js';

/** A malformed events document; `source` names the file. The message says what was expected. */
export class EventsFormatError extends RangeError {
  readonly code = 'ERR_EVENTS_FORMAT';
  constructor(readonly source: string, message: string) {
    super(message);
    this.name = 'EventsFormatError';
  }
}

/** Reads the events of a parsed JSON document. */
export function parseEvents(json: unknown, source = '<events>'): EventMap {
  const fail = (message: string): never => { throw new EventsFormatError(source, `${source}: ${message}`); };
  if (typeof json !== 'object' || json === null) fail(`expected a JSON object, got ${json === null ? 'null' : typeof json}`);
  const root = (json as Record<string, unknown>).events ?? json;
  if (typeof root !== 'object' || root === null) fail('expected "events" to be an object');
  const out: EventMap = {};
  for (const dir of DIRECTIONS_2D) {
    const e = (root as Record<string, unknown>)[dir];
    if (e === undefined || e === null) continue;
    if (typeof e !== 'object') fail(`expected "${dir}" to be an object, got ${typeof e}`);
    const r = e as Record<string, unknown>;
    const particle = r.particle ?? r.event_particle;
    const position = r.position;
    if (position !== undefined) {
      if (!Array.isArray(position) || position.length !== 2 || !position.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        fail(`expected "${dir}".position to be [x, y], got ${JSON.stringify(position)}`);
      }
      out[dir] = { position: position as number[] };
    } else if (particle !== undefined && particle !== null) {
      if (typeof particle !== 'number' || !Number.isInteger(particle) || particle < 0) {
        fail(`expected "${dir}".particle to be a particle index, got ${JSON.stringify(particle)}`);
      }
      out[dir] = { particle: particle as number };
    }
  }
  return out;
}

/** Parses the text of an events file (see the module doc). */
export function parseEventsJson(text: string, source = '<events>'): EventMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EventsFormatError(source, `${source}: not valid JSON (${(error as Error).message}); expected the output of \`softspot aqs --json\` or {"events": {...}}`);
  }
  return parseEvents(json, source);
}
