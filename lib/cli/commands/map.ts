/** `softspot map config.xyz --out map.svg`: bond-field maps of one glass (paper Figs. 1, 3). */
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { InputError, UsageError } from '../errors.js';
import { onGlass, readInputFile, readInputGlass } from '../input.js';
import { parseLhcCsv } from '../../io/index.js';
import { BOND_MAP_DEFAULTS, EVENT_DIRECTIONS, lhcMapSvg, writeFigure, type EventMap } from '../../plot/index.js';

/** Reads the events of a JSON document (AQS output or the fixtures' aqs.json). */
export function parseEvents(json: unknown, source = '<events>'): EventMap {
  if (typeof json !== 'object' || json === null) throw new InputError(source, `${source}: expected a JSON object, got ${json === null ? 'null' : typeof json}`);
  const root = (json as Record<string, unknown>).events ?? json;
  if (typeof root !== 'object' || root === null) throw new InputError(source, `${source}: expected "events" to be an object`);
  const out: EventMap = {};
  for (const dir of EVENT_DIRECTIONS) {
    const e = (root as Record<string, unknown>)[dir];
    if (e === undefined || e === null) continue;
    if (typeof e !== 'object') throw new InputError(source, `${source}: expected "${dir}" to be an object, got ${typeof e}`);
    const r = e as Record<string, unknown>;
    const particle = r.particle ?? r.event_particle;
    const position = r.position;
    if (position !== undefined) {
      if (!Array.isArray(position) || position.length !== 2 || !position.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new InputError(source, `${source}: expected "${dir}".position to be [x, y], got ${JSON.stringify(position)}`);
      }
      out[dir] = { position: position as number[] };
    } else if (particle !== undefined && particle !== null) {
      if (typeof particle !== 'number' || !Number.isInteger(particle) || particle < 0) {
        throw new InputError(source, `${source}: expected "${dir}".particle to be a particle index, got ${JSON.stringify(particle)}`);
      }
      out[dir] = { particle };
    }
  }
  return out;
}

/** The JSON document of an input file. */
async function readJson(path: string): Promise<unknown> {
  const text = await readInputFile(path, 'JSON file of first events');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `${path}: not valid JSON (${(error as Error).message}); expected the output of \`softspot aqs --json\` or {"events": {...}}`);
  }
}

export const map = defineCommand({
  name: 'map',
  summary: 'bond-field maps of c and c·dc/dγ with the first plastic events (SVG + PNG)',
  synopsis: 'map <config.xyz> --out <map.svg> [options]',
  description: `Draws interaction-wise fields of one glass as bond maps (paper Figs. 1 and 3): every
interaction is a segment between its particles, x̃ = x/⟨|x|⟩ clipped at 6.6, |x̃| < 1
not drawn, width ∝ |x̃|, black positive / red negative; triangles ▶ ◀ ▲ ▼ mark the first
plastic events under +simple, −simple, +pure, −pure shear. Writes <map.svg> and <map.png>.`,
  positional: 'configuration file (.xyz)',
  options: {
    out: sharedOptions.out('output SVG (a PNG is written next to it)', 'FILE.svg'),
    field: {
      kind: 'choice', arg: 'c|simple|pure|all', choices: ['c', 'simple', 'pure', 'all'], default: 'all',
      help: 'c (Fig. 1), c·dc/dγ for simple or pure shear, or all three side by side (Fig. 3)',
    },
    lhc: { kind: 'string', arg: 'TABLE.csv', help: 'c and dc/dγ from a table of `softspot lhc`', defaultText: 'computed' },
    events: {
      kind: 'string', arg: 'EVENTS.json',
      help: 'first events: {"simple+": {"particle": k}, ...} (AQS output),\nor {"events": {"simple+": {"event_particle": k}, ...}};\na "position": [x, y] may replace the particle',
    },
    clip: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: BOND_MAP_DEFAULTS.clip, help: 'x̃_0' },
    width: { kind: 'number', arg: 'PX', rule: { integer: true, min: 50 }, default: BOND_MAP_DEFAULTS.panelWidth, help: 'width of one panel in pixels' },
    'png-width': { kind: 'number', arg: 'PX', rule: { integer: true, min: 1, max: 20000 }, help: 'PNG width in pixels', defaultText: 'twice the SVG width' },
  },
}, async ({ values, input: path }, { stderr }) => {
  if (!values.out.endsWith('.svg')) throw new UsageError(`--out: expected a file name ending in .svg, got "${values.out}"`);
  const field = values.field;
  const clip = values.clip;
  const panelWidth = values.width;
  const pngWidth = values['png-width'];

  const config = await readInputGlass(path);
  let i: Int32Array, j: Int32Array, c: Float64Array;
  let dcdg: { simple?: Float64Array; pure?: Float64Array };
  let positions = config.positions;
  if (values.lhc !== undefined) {
    const table = parseLhcCsv(await readInputFile(values.lhc, 'table of `softspot lhc` (.csv)'), values.lhc);
    ({ i, j, c } = table);
    dcdg = { simple: table.dcdg.simple, pure: table.dcdg.pure };
    for (let a = 0; a < j.length; a++) {
      if (j[a] >= config.n) {
        throw new InputError(values.lhc, `${values.lhc}:${a + 2}: particle index j = ${j[a]} is not below N = ${config.n} of ${path}; ` +
          'give the table computed from this glass');
      }
    }
  } else {
    // loaded on demand: with --lhc the map needs no native addon
    const { localHeatCapacity } = await import('../../lhc/index.js');
    const result = await onGlass(path, () => localHeatCapacity(config));
    ({ i, j, c } = result);
    dcdg = { simple: result.dcdg.simple, pure: result.dcdg.pure };
    positions = result.config.positions;
    if (result.diagnostics.polished) stderr.write(`map: input polished with Newton (max |force| ${result.diagnostics.maxForceInput.toExponential(2)})\n`);
  }
  const events = values.events === undefined ? {} : parseEvents(await readJson(values.events), values.events);
  const { svg, summary } = lhcMapSvg({ cell: config.cell, positions, i, j, c, dcdg }, field, events, { clip, panelWidth });
  const [svgPath, pngPath] = await writeFigure(values.out, svg, { pngWidth });
  const drawn = summary.panels.map((p) => `${p.kept}/${c.length}`).join(', ');
  stderr.write(`map: ${field}, interactions drawn ${drawn}, events ${Object.keys(events).join(' ') || 'none'} → ${svgPath}, ${pngPath}\n`);
  return 0;
});
