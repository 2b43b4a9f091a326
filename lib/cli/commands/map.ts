/** `softspot map config.xyz --out map.svg`: bond-field maps of one glass (paper Figs. 1, 3). */
import { defineCommand } from '../options.js';
import { checkOutputPaths } from '../output.js';
import { findPairsNd, type NdPairList } from '../../nd/pairs.js';
import { lawOfConfiguration, type NdLaw } from '../../nd/law.js';
import { pairEnergyForces } from '../../nd/energy.js';
import { pairRadial } from '../../nd/radial.js';
import { DEFAULT_FORCE_TOLERANCE } from '../../lhc/options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { InputError, UsageError } from '../errors.js';
import { onGlass, readInputFile, readInputGlass } from '../input.js';
import { farPolishWarning } from '../polish.js';
import { parseLhcCsv, readEventsJson, type EventsRead } from '../../io/index.js';
import { BOND_MAP_DEFAULTS, MAP_FIELDS, defaultSlab, lhcMapSvg, slabMapSvg, writeFigure, type LhcGlass, type Slab } from '../../plot/index.js';
import { figurePngWidth, MAX_PNG_WIDTH, svgWidth } from '../../plot/render.js';
import { MODES_2D } from '../../space/index.js';
import { dimensionOf, type Configuration } from '../../config.js';
import { inverse, roundedImage } from '../../space/cell-nd.js';
import { lengthUnitOf } from '../../model/index.js';
import { ArgumentRangeError } from '../../errors.js';

/**
 * The SVG and its PNG (twice the SVG's width unless --png-width): a --width whose PNG would
 * pass the renderer's 20000 px is refused by its own name before anything is written.
 */
async function writeMap(out: string, svg: string, pngWidth: number | undefined, panelWidth: number): Promise<[string, string]> {
  const png = figurePngWidth(svg, pngWidth);
  if (pngWidth === undefined && png !== undefined && png > MAX_PNG_WIDTH) {
    throw new UsageError(`--width ${panelWidth}: the PNG, twice the SVG's ${Math.round(svgWidth(svg)!)} px, would be ${png} px wide, more than ${MAX_PNG_WIDTH}; ` +
      `give a smaller --width, or --png-width (at most ${MAX_PNG_WIDTH})`);
  }
  return writeFigure(out, svg, pngWidth !== undefined ? { pngWidth } : {});
}

/**
 * Warnings for events whose particle the events file places elsewhere than this glass does
 * (`aqs --json`'s particlePosition, the particle's place in the glass it sheared): events of
 * another glass, which the map would mark at unrelated particles. 1e-3 λ of room (minimum
 * image) for the moves of a Newton polish; a particle index beyond N was refused before.
 */
function otherGlassEvents(read: EventsRead, config: Configuration, source: string, path: string): string[] {
  const d = dimensionOf(config), lines: string[] = [];
  const hinv = inverse(config.cell), r = new Float64Array(3);
  for (const [direction, at] of Object.entries(read.particlePositions ?? {})) {
    const p = (read.events as Record<string, { particle?: number }>)[direction]?.particle;
    if (p === undefined || p >= config.n || at.length !== d) continue;
    const both = Float64Array.from([...at, ...config.positions.subarray(d * p, d * p + d)]);
    const distance = Math.sqrt(roundedImage(d, config.cell, hinv, both, 0, 1, r, 0));
    if (distance > 1e-3) {
      lines.push(`map: warning: ${source}: the ${direction} event's particle ${p} was at (${at.map((x) => x.toPrecision(6)).join(', ')}) in the glass it was computed on, ` +
        `${distance.toPrecision(3)} λ from where ${path} has it: events of another glass? (the map marks particle ${p} of ${path})\n`);
    }
  }
  return lines;
}

/** --slab z0,width: two finite numbers, width > 0 (λ). */
function parseSlab(text: string): Slab {
  const parts = text.split(',').map((t) => t.trim());
  const [z0, width] = parts.map(Number);
  if (parts.length !== 2 || parts.some((t) => t === '') || !Number.isFinite(z0) || !(Number.isFinite(width) && width! > 0)) {
    throw new UsageError(`--slab: expected z0,width (two numbers in λ, width > 0), got "${text}"`);
  }
  return { z0: z0!, width: width! };
}

export const map = defineCommand({
  name: 'map',
  summary: 'bond-field maps of c and c·dc/dγ with the first plastic events (SVG + PNG)',
  synopsis: 'map <config.xyz> --out <map.svg> [options]',
  description: `Draws interaction-wise fields of one glass as bond maps (paper Figs. 1 and 3): every
interaction is a segment between its particles, x̃ = x/⟨|x|⟩ clipped at 6.6, |x̃| < 1
not drawn, width ∝ |x̃|, black positive / red negative; triangles ▶ ◀ ▲ ▼ mark the first
plastic events under +simple, −simple, +pure, −pure shear. Writes <map.svg> and <map.png>.
A 3D glass (extended XYZ, or LAMMPS with a 3D --model) is drawn as a slab: the
interactions whose midpoint has z0 − width/2 ≤ z < z0 + width/2, projected on xy
(--slab z0,width; default the middle 2λ of the cell), x̃ scaled by ⟨|x|⟩ over all
interactions; events whose particle lies in the slab.`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    out: sharedOptions.out('output SVG (a PNG is written next to it)', 'FILE.svg'),
    field: {
      kind: 'choice', arg: MAP_FIELDS.join('|'), choices: MAP_FIELDS, default: 'all',
      help: 'c (Fig. 1), c·dc/dγ for simple or pure shear, or all three side by side (Fig. 3)',
    },
    lhc: { kind: 'string', arg: 'TABLE.csv', help: 'c and dc/dγ from a table of `softspot lhc` of this glass (rows that are no interaction of it are refused)', defaultText: 'computed' },
    events: {
      kind: 'string', arg: 'EVENTS.json',
      help: 'first events: the output of aqs --json (one event per line; several runs\nconcatenated), or {"simple+": {"particle": k}, ...};\na "position": [x, y] may replace the particle',
    },
    slab: { kind: 'string', arg: 'Z0,WIDTH', help: '3D glasses: the slab to draw (λ)', defaultText: 'the middle 2λ: lz/2,2' },
    clip: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: BOND_MAP_DEFAULTS.clip, help: 'x̃_0' },
    width: { kind: 'number', arg: 'PX', rule: { integer: true, min: 50 }, default: BOND_MAP_DEFAULTS.panelWidth, help: 'width of one panel in pixels' },
    'png-width': { kind: 'number', arg: 'PX', rule: { integer: true, min: 50, max: 20000 }, help: 'PNG width in pixels (50 to 20000)', defaultText: 'twice the SVG width' },
  },
}, async ({ values, input: path }, { stderr }) => {
  if (!values.out.endsWith('.svg')) throw new UsageError(`--out: expected a file name ending in .svg, got "${values.out}"`);
  // the PNG goes next to the SVG
  checkOutputPaths([path, values.lhc, values.events, values.model], { out: values.out, 'out (its PNG)': values.out.replace(/\.svg$/, '.png') }, { makesDirectories: true });
  const field = values.field;
  const clip = values.clip;
  const panelWidth = values.width;
  const pngWidth = values['png-width'];

  const config = await readInputGlass(path, values, 'map', [2, 3], (line) => stderr.write(line));
  const d = dimensionOf(config);
  if (values.slab !== undefined && d === 2) throw new UsageError(`--slab: applies to 3D glasses, and ${path} is 2D`);
  const slabGiven = values.slab !== undefined ? parseSlab(values.slab) : undefined;
  // Checked before c_α is computed (and the glass polished): the slab must fit the cell's height.
  if (slabGiven !== undefined && d === 3 && !(slabGiven.width <= config.cell[8]!)) {
    throw new UsageError(`--slab ${values.slab}: the width ${slabGiven.width} is more than the cell's height lz = ${Number(config.cell[8]!.toPrecision(6))} λ ` +
      '(a wider slab would hold a bond twice); give a width up to lz');
  }
  let i: Int32Array, j: Int32Array, c: Float64Array;
  let dcdg: LhcGlass['dcdg'];
  let positions = config.positions;
  if (values.lhc !== undefined) {
    const table = parseLhcCsv(await readInputFile(values.lhc, 'table of `softspot lhc` (.csv)'), values.lhc);
    ({ i, j, c } = table);
    dcdg = Object.fromEntries(MODES_2D.map((mode) => [mode, table.dcdg[mode]]));
    // --field simple/pure draws c·dc/dγ of that shear, 'all' of both: the table must have them.
    const needed = field === 'c' ? [] : field === 'all' ? MODES_2D : [field];
    const absent = needed.filter((mode) => table.dcdg[mode] === undefined);
    if (absent.length > 0) {
      throw new InputError(values.lhc, `${values.lhc}: no ${absent.map((m) => `dcdg_${m}`).join(' or ')} column (its columns: ${['i', 'j', 'c', ...Object.keys(table.dcdg).map((m) => `dcdg_${m}`)].join(', ')}); ` +
        `--field ${field} draws c·dc/dγ of ${needed.join(' and ')}: give the table softspot lhc writes (both shears by default), or --field c`);
    }
    for (let a = 0; a < j.length; a++) {
      if (j[a] >= config.n) {
        throw new InputError(values.lhc, `${values.lhc}:${a + 2}: particle index j = ${j[a]} is not below N = ${config.n} of ${path}; ` +
          'give the table computed from this glass');
      }
    }
    // A table of another glass (or another state of it) would be drawn as long bonds across
    // the cell: its rows must be interactions of this glass, up to the moves of a polish when
    // lhc polished it (max |F| above its 1e-9), exactly when the glass is at its minimum.
    const law = lawOfConfiguration(config);
    const pairs = findPairsNd(config, law);
    const atMinimum = pairEnergyForces(pairs, pairRadial(pairs, law, 1)).forces.every((f) => Math.abs(f) <= DEFAULT_FORCE_TOLERANCE);
    const foreign = foreignRows(config, law, pairs, i, j, atMinimum ? 0 : FOREIGN_MARGIN);
    if (foreign.count > 0) {
      const a = foreign.first;
      throw new InputError(values.lhc, `${values.lhc}: ${foreign.count} of its ${i.length} interactions are not interactions of ${path} ` +
        `(the first at line ${a + 2}: particles ${i[a]} and ${j[a]} are ${foreign.distance.toPrecision(4)} apart, beyond their cutoff ${foreign.cutoff.toPrecision(4)}): ` +
        `the table is of another glass or state; give the table computed from this glass (softspot lhc ${path})`);
    }
    // A cut or filtered table draws only its rows: said, since the map would look complete (4 of 253 passed unremarked);
    // a polished glass's table may lack a pair the input has just inside its cutoff, which is no cut.
    if (foreign.missing > 0) {
      stderr.write(`map: warning: ${values.lhc} lacks ${foreign.missing} of the ${foreign.glassPairs} interactions of ${path} ` +
        `(the first: particles ${foreign.firstMissing[0]} and ${foreign.firstMissing[1]}): the map draws the table's only; if the table was cut, compute it again (softspot lhc)\n`);
    }
  } else {
    // loaded on demand: with --lhc the map needs no native addon
    const { localHeatCapacity } = await import('../../lhc/index.js');
    const result = await onGlass(path, () => localHeatCapacity(config));
    ({ i, j, c } = result);
    dcdg = Object.fromEntries(MODES_2D.map((mode) => [mode, result.dcdg[mode]]));
    positions = result.config.positions;
    if (result.diagnostics.polished) {
      stderr.write(`map: input polished with Newton (max |force| ${result.diagnostics.maxForceInput.toExponential(2)})\n`);
      stderr.write(farPolishWarning('map', result.diagnostics.polishShift, result.diagnostics.maxForceInput, config));
    }
  }
  const read: EventsRead = values.events === undefined ? { events: {}, ignored: [] } : readEventsJson(await readInputFile(values.events, 'JSON file of first events'), values.events);
  const { events } = read;
  if (read.ignored.length > 0) stderr.write(`map: ${values.events}: passed over ${read.ignored.join(', ')} (the maps mark the first events of simple± and pure±)\n`);
  for (const [direction, e] of Object.entries(events) as Array<[string, { particle?: number }]>) {
    if (e.particle !== undefined && e.particle >= config.n) {
      throw new InputError(values.events!, `${values.events}: the ${direction} event's particle ${e.particle} is not a particle of ${path} (N = ${config.n}): ` +
        'events of another glass; give the events aqs found for this glass');
    }
  }
  for (const line of otherGlassEvents(read, config, values.events ?? '', path)) stderr.write(line);
  if (d === 3) {
    const slab = slabGiven ?? defaultSlab(config.cell);
    let drawing: ReturnType<typeof slabMapSvg>;
    try {
      drawing = slabMapSvg({ cell: config.cell, positions, i, j, c, dcdg }, field, events, slab, { clip, panelWidth, lengthUnit: lengthUnitOf(config.model) });
    } catch (error) {
      if (error instanceof ArgumentRangeError && /^slab\./.test(error.message)) throw new UsageError(`--slab: ${error.message}`);
      if (error instanceof ArgumentRangeError && /^events\[/.test(error.message) && values.events !== undefined) throw new InputError(values.events, `${values.events}: ${error.message}`);
      if (error instanceof ArgumentRangeError && /^cell: /.test(error.message)) throw new InputError(path, `${path}: ${error.message}`);
      throw error;
    }
    const [svgPath, pngPath] = await writeMap(values.out, drawing.svg, pngWidth, panelWidth);
    const { summary } = drawing;
    const drawn = summary.panels.map((p) => `${p.kept}/${summary.inSlab}`).join(', ');
    stderr.write(`map: ${field}, slab ${slab.z0 - slab.width / 2} ≤ z < ${slab.z0 + slab.width / 2}: ${summary.inSlab} of ${c.length} interactions, ` +
      `drawn ${drawn}, events ${summary.events.join(' ') || 'none'}${outsideNote(events, summary.events)} → ${svgPath}, ${pngPath}\n`);
    return 0;
  }
  const { svg, summary } = lhcMapSvg({ cell: config.cell, positions, i, j, c, dcdg }, field, events, { clip, panelWidth, ...(config.model && config.model !== 'ipl' ? { lengthUnit: lengthUnitOf(config.model) } : {}) });
  const [svgPath, pngPath] = await writeMap(values.out, svg, pngWidth, panelWidth);
  const drawn = summary.panels.map((p) => `${p.kept}/${c.length}`).join(', ');
  stderr.write(`map: ${field}, interactions drawn ${drawn}, events ${Object.keys(events).join(' ') || 'none'} → ${svgPath}, ${pngPath}\n`);
  return 0;
});

/** How far beyond its cutoff (a fraction of it) a table's row may be in the glass drawn: a polish's moves, not another glass. */
const FOREIGN_MARGIN = 0.1;

/**
 * A table's rows (i, j) against the interactions of `config`, up to `margin` (a fraction of
 * each pair's cutoff): `count` rows are no interaction of it (farther apart, rounded image —
 * the minimum image for any pair within half a cell width — than the cutoff by more than
 * the margin; the first named), and `missing` interactions of it are not in the table
 * though nearer than the cutoff by more than the margin (a cut table). With the margin, a
 * table of the Newton-polished glass drawn on its input passes: the polish of a file's
 * rounding moves particles by ≤ 1e-4 λ, of a glass of a nearby law (lj/cut under ka) by
 * ~1e-2 λ; a table of another glass or state has rows far beyond (up to 8.8 λ against
 * r_c = 2.24, in the audit; a state after a plastic event, some 10 % beyond).
 */
function foreignRows(config: Configuration, law: NdLaw, pairs: NdPairList, i: Int32Array, j: Int32Array, margin: number):
  { count: number; first: number; distance: number; cutoff: number; glassPairs: number; missing: number; firstMissing: [number, number] } {
  const d = dimensionOf(config), n = config.n;
  const key = (a: number, b: number): number => Math.min(a, b) * n + Math.max(a, b);
  const hinv = inverse(config.cell), r = new Float64Array(d);
  /** |r_pq| / r_c(p, q) by the rounded image. */
  const reach = (p: number, q: number): { distance: number; cutoff: number } =>
    ({ distance: Math.sqrt(roundedImage(d, config.cell, hinv, config.positions, p, q, r, 0)), cutoff: law.law.cutoff(law.keys[p]!, law.keys[q]!) });
  const known = new Set<number>();
  for (let a = 0; a < pairs.count; a++) known.add(key(pairs.i[a]!, pairs.j[a]!));
  const rows = new Set<number>();
  const out = { count: 0, first: -1, distance: 0, cutoff: 0, glassPairs: pairs.count, missing: 0, firstMissing: [-1, -1] as [number, number] };
  for (let a = 0; a < i.length; a++) {
    const p = Math.min(i[a]!, j[a]!), q = Math.max(i[a]!, j[a]!);
    rows.add(key(p, q));
    if (known.has(key(p, q))) continue;
    const { distance, cutoff } = reach(p, q);
    if (distance <= cutoff * (1 + margin)) continue;
    if (out.count++ === 0) Object.assign(out, { first: a, distance, cutoff });
  }
  for (let a = 0; a < pairs.count; a++) {
    const p = pairs.i[a]!, q = pairs.j[a]!;
    if (rows.has(key(p, q))) continue;
    const { distance, cutoff } = reach(p, q);
    if (margin > 0 && distance >= cutoff * (1 - margin)) continue;
    if (out.missing++ === 0) out.firstMissing = [Math.min(p, q), Math.max(p, q)];
  }
  return out;
}

/** ", outside the slab: …" for the events of `events` that the slab map did not draw. */
function outsideNote(events: Record<string, unknown>, drawn: readonly string[]): string {
  const outside = Object.keys(events).filter((d) => events[d] !== undefined && events[d] !== null && !drawn.includes(d));
  return outside.length > 0 ? ` (outside the slab, not drawn: ${outside.map((d) => d.replace(/-$/, '−')).join(' ')})` : '';
}
