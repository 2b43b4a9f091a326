/** `softspot map config.xyz --out map.svg`: bond-field maps of one glass (paper Figs. 1, 3). */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption, onePositional } from '../options.js';
import { parseLhcCsv, readXyzFile } from '../../io/index.js';
import { EVENT_DIRECTIONS, lhcMapSvg, writeFigure, type EventMap, type MapField } from '../../plot/index.js';
import { expectOneOf } from '../../validate.js';

const usage = `Usage: softspot map <config.xyz> --out <map.svg> [options]

Draws interaction-wise fields of one glass as bond maps (paper Figs. 1 and 3): every
interaction is a segment between its particles, x̃ = x/⟨|x|⟩ clipped at 6.6, |x̃| < 1
not drawn, width ∝ |x̃|, black positive / red negative; triangles ▶ ◀ ▲ ▼ mark the first
plastic events under +simple, −simple, +pure, −pure shear. Writes <map.svg> and <map.png>.

Options:
  --out FILE.svg           output SVG (a PNG is written next to it), required
  --field c|simple|pure|all  c (Fig. 1), c·dc/dγ for simple or pure shear, or all three
                           side by side (Fig. 3; default)
  --lhc TABLE.csv          c and dc/dγ from a table of \`softspot lhc\` (default: computed)
  --events EVENTS.json     first events: {"simple+": {"particle": k}, ...} (AQS output),
                           or {"events": {"simple+": {"event_particle": k}, ...}};
                           a "position": [x, y] may replace the particle
  --clip X                 x̃_0 (default 6.6)
  --width PX               width of one panel in pixels (default 440)
  --png-width PX           PNG width in pixels (default twice the SVG width)
`;

/** Reads the events of a JSON document (AQS output or the fixtures' aqs.json). */
export function parseEvents(json: unknown, source = '<events>'): EventMap {
  if (typeof json !== 'object' || json === null) throw new RangeError(`${source}: expected a JSON object, got ${json === null ? 'null' : typeof json}`);
  const root = (json as Record<string, unknown>).events ?? json;
  if (typeof root !== 'object' || root === null) throw new RangeError(`${source}: expected "events" to be an object`);
  const out: EventMap = {};
  for (const dir of EVENT_DIRECTIONS) {
    const e = (root as Record<string, unknown>)[dir];
    if (e === undefined || e === null) continue;
    if (typeof e !== 'object') throw new RangeError(`${source}: expected "${dir}" to be an object, got ${typeof e}`);
    const r = e as Record<string, unknown>;
    const particle = r.particle ?? r.event_particle;
    const position = r.position;
    if (position !== undefined) {
      if (!Array.isArray(position) || position.length !== 2 || !position.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new RangeError(`${source}: expected "${dir}".position to be [x, y], got ${JSON.stringify(position)}`);
      }
      out[dir] = { position: position as number[] };
    } else if (particle !== undefined && particle !== null) {
      if (typeof particle !== 'number' || !Number.isInteger(particle) || particle < 0) {
        throw new RangeError(`${source}: expected "${dir}".particle to be a particle index, got ${JSON.stringify(particle)}`);
      }
      out[dir] = { particle };
    }
  }
  return out;
}

export const map: Command = {
  name: 'map',
  summary: 'bond-field maps of c and c·dc/dγ with the first plastic events (SVG + PNG)',
  usage,
  async run(args, { stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        field: { type: 'string' },
        lhc: { type: 'string' },
        events: { type: 'string' },
        clip: { type: 'string' },
        width: { type: 'string' },
        'png-width': { type: 'string' },
      },
    });
    const path = onePositional(positionals, 'configuration file (.xyz)');
    if (!values.out) throw new UsageError('--out is required');
    if (!values.out.endsWith('.svg')) throw new UsageError(`--out: expected a file name ending in .svg, got "${values.out}"`);
    const field = expectOneOf('--field', values.field ?? 'all', ['c', 'simple', 'pure', 'all'] as MapField[]);
    const clip = numberOption('clip', values.clip, 6.6, (x) => x > 0, 'a number > 0');
    const panelWidth = integerOption('width', values.width, 440, 50);
    const pngWidth = values['png-width'] === undefined ? undefined : integerOption('png-width', values['png-width'], 0, 1);

    const config = await readXyzFile(path);
    let i: Int32Array, j: Int32Array, c: Float64Array;
    let dcdg: { simple?: Float64Array; pure?: Float64Array };
    let positions = config.positions;
    if (values.lhc !== undefined) {
      const table = parseLhcCsv(await readFile(values.lhc, 'utf8'), values.lhc);
      ({ i, j, c } = table);
      dcdg = { simple: table.dcdg.simple, pure: table.dcdg.pure };
      for (let a = 0; a < j.length; a++) {
        if (j[a] >= config.n) throw new RangeError(`${values.lhc}: expected particle indices < N = ${config.n}, got j = ${j[a]} on row ${a + 1}`);
      }
    } else {
      // loaded on demand: with --lhc the map needs no native addon
      const { localHeatCapacity } = await import('../../lhc/index.js');
      const result = localHeatCapacity(config);
      ({ i, j, c } = result);
      dcdg = { simple: result.dcdg.simple, pure: result.dcdg.pure };
      positions = result.config.positions;
      if (result.diagnostics.polished) stderr.write(`map: input polished with Newton (max |force| ${result.diagnostics.maxForceInput.toExponential(2)})\n`);
    }
    const events = values.events === undefined ? {} : parseEvents(JSON.parse(await readFile(values.events, 'utf8')), values.events);
    const { svg, summary } = lhcMapSvg({ cell: config.cell, positions, i, j, c, dcdg }, field, events, { clip, panelWidth });
    const [svgPath, pngPath] = await writeFigure(values.out, svg, { pngWidth });
    const drawn = summary.panels.map((p) => `${p.kept}/${c.length}`).join(', ');
    stderr.write(`map: ${field}, interactions drawn ${drawn}, events ${Object.keys(events).join(' ') || 'none'} → ${svgPath}, ${pngPath}\n`);
    return 0;
  },
};
