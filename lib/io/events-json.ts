/**
 * The first plastic events of a glass as JSON, in any of the forms they come in:
 * - the output of `softspot aqs --json` as it prints it: one event object per line
 *   (`{"direction": "simple+", "particle": k, "event": 1, ...}`), the lines of several runs
 *   concatenated (`cat simple+.json pure-.json > events.json`), or an array of such objects;
 * - an object keyed by direction, `{"simple+": {"particle": k, ...}, ...}`, or the
 *   fixtures' form `{"events": {"simple+": {"event_particle": k}, ...}}`; a
 *   `"position": [x, y]` may replace the particle.
 * The maps mark the directions of lib/space's DIRECTIONS_2D (simple±, pure±); the events of
 * other directions (3D simple-xz±, simple-yz±) and the later events of `aqs --events K`
 * are passed over and named (`ignored`). A file from which no event can be drawn is an error.
 */
import { DIRECTIONS_2D, SHEAR_MODES } from '../space/directions.js';
import type { EventMap } from '../stats/glass-ranks.js';

/** A malformed events document; `source` names the file. The message says what was expected. */
export class EventsFormatError extends RangeError {
  readonly code = 'ERR_EVENTS_FORMAT';
  constructor(readonly source: string, message: string) {
    super(message);
    this.name = 'EventsFormatError';
  }
}

/** Every direction an event can have (2D and 3D): the keys of a keyed object that are events; others (e.g. "config") are passed over. */
const DIRECTIONS = new Set(SHEAR_MODES.flatMap((mode) => [`${mode}+`, `${mode}-`]));

const EXPECTED = 'expected the output of `softspot aqs --json` (one event per line), or {"simple+": {"particle": k}, ...}';

/** The events a document holds that the maps can mark, and what was passed over (e.g. "simple-xz+", "simple+ event 2"). */
export interface EventsRead {
  events: EventMap;
  ignored: string[];
  /**
   * Where an event's particle was in the glass it was computed on (`aqs --json`'s
   * `particlePosition`), by direction, when the file says: a map of another glass can be told.
   */
  particlePositions?: Partial<Record<(typeof DIRECTIONS_2D)[number], number[]>>;
}

/**
 * Reads the events of parsed JSON: a keyed object, one `aqs --json` event object, or an
 * array of either.
 * @throws EventsFormatError for a malformed event, or two first events of one direction
 */
export function readEvents(json: unknown, source = '<events>'): EventsRead {
  const out: EventsRead = { events: {}, ignored: [] };
  for (const [item, where] of Array.isArray(json) ? json.map((x, k) => [x, `item ${k}`] as const) : [[json, ''] as const]) addEvents(out, item, source, where);
  return out;
}

/** Reads the events of a parsed JSON document (see the module doc); the events the maps can mark. */
export function parseEvents(json: unknown, source = '<events>'): EventMap {
  return readEvents(json, source).events;
}

/**
 * Reads the text of an events file: one JSON document, or JSON lines (what `aqs --json`
 * prints, several runs concatenated).
 * @throws EventsFormatError for text that is neither, a malformed event, two first events
 *   of one direction, or a file with no event the maps can mark
 */
export function readEventsJson(text: string, source = '<events>'): EventsRead {
  let whole: unknown, isWhole = true;
  try {
    whole = JSON.parse(text);
  } catch {
    isWhole = false;
  }
  const out: EventsRead = isWhole ? readEvents(whole, source) : { events: {}, ignored: [] };
  if (!isWhole) {
    text.split(/\r?\n/).forEach((line, k) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new EventsFormatError(source, `${source}:${k + 1}: not valid JSON (${(error as Error).message}); ${EXPECTED}`);
      }
      addEvents(out, value, source, `line ${k + 1}`);
    });
  }
  if (Object.keys(out.events).length === 0) {
    throw new EventsFormatError(source, `${source}: no first event of ${DIRECTIONS_2D.join(', ')} to draw` +
      `${out.ignored.length > 0 ? ` (passed over: ${out.ignored.join(', ')}; the maps mark these four directions)` : ''}; ${EXPECTED}`);
  }
  return out;
}

/** Parses the text of an events file (see readEventsJson): the events the maps can mark. */
export function parseEventsJson(text: string, source = '<events>'): EventMap {
  return readEventsJson(text, source).events;
}

/** Adds the events of one JSON value (keyed object, or one aqs event object) to `out`. */
function addEvents(out: EventsRead, json: unknown, source: string, where: string): void {
  const at = where === '' ? source : `${source} (${where})`;
  const fail = (message: string): never => { throw new EventsFormatError(source, `${at}: ${message}`); };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(`expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}; ${EXPECTED}`);
  const object = json as Record<string, unknown>;
  if (typeof object.direction === 'string') { // one event of `aqs --json`
    const dir = object.direction;
    const index = object.event ?? 1;
    if (index !== 1) {
      out.ignored.push(`${dir} event ${String(index)}`);
      return;
    }
    addOne(out, dir, object, fail);
    return;
  }
  const root = object.events ?? object;
  if (typeof root !== 'object' || root === null) fail('expected "events" to be an object');
  for (const [dir, e] of Object.entries(root as Record<string, unknown>)) {
    if (!DIRECTIONS.has(dir) || e === undefined || e === null) continue;
    if (typeof e !== 'object') fail(`expected "${dir}" to be an object, got ${typeof e}`);
    addOne(out, dir, e as Record<string, unknown>, fail);
  }
}

function addOne(out: EventsRead, dir: string, r: Record<string, unknown>, fail: (message: string) => never): void {
  if (!(DIRECTIONS_2D as readonly string[]).includes(dir)) {
    out.ignored.push(dir);
    return;
  }
  const direction = dir as (typeof DIRECTIONS_2D)[number];
  if (out.events[direction] !== undefined) fail(`a second first event of ${dir}; give one per direction`);
  const particle = r.particle ?? r.event_particle;
  const position = r.position;
  if (position !== undefined) {
    if (!Array.isArray(position) || position.length !== 2 || !position.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(`expected "${dir}".position to be [x, y], got ${JSON.stringify(position)}`);
    }
    out.events[direction] = { position: position as number[] };
  } else if (particle !== undefined && particle !== null) {
    if (typeof particle !== 'number' || !Number.isInteger(particle) || particle < 0) {
      fail(`expected "${dir}".particle to be a particle index, got ${JSON.stringify(particle)}`);
    }
    out.events[direction] = { particle: particle as number };
    const at = r.particlePosition;
    if (Array.isArray(at) && (at.length === 2 || at.length === 3) && at.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      (out.particlePositions ??= {})[direction] = at as number[];
    }
  } else {
    fail(`the event of ${dir} has neither "particle" nor "position"`);
  }
}
