/**
 * Bond-field maps (paper Figs. 1 and 3; Supplemental "Visualization of interaction-wise
 * fields"; docs/design.md §7): every interaction α of one glass drawn as a segment between its two
 * particles, for an interaction-wise field x_α (c_α, or c_α·dc_α/dγ).
 *
 *     x̃_α = x_α / ⟨|x|⟩                  (mean of |x| over all M interactions)
 *     x̃_α → sign(x̃_α)·min(|x̃_α|, x̃_0)    clipped at x̃_0 = 6.6
 *     drawn only if |x̃_α| ≥ 1            (the paper discards |x̃| < 1)
 *     line width = w·|x̃_α|,  black for x̃ > 0, red for x̃ < 0
 *
 * Periodic images: particle i is wrapped into the cell and the bond vector is the minimum
 * image r_α = x_j − x_i. A bond that leaves the cell is cut at the cell boundary and its
 * other part(s) are drawn at the periodic image(s) where they fall back inside, so every
 * drawn piece lies in the cell (a bond crossing one edge gives 2 pieces, one crossing
 * near a corner up to 3). Works for any parallelogram (tilted) cell h; the clipping is done
 * in reduced coordinates s = h⁻¹x ∈ [0, 1]².
 *
 * Events: triangles ▶ ◀ ▲ ▼ mark the first plastic events under +simple, −simple, +pure,
 * −pure shear at their particle's position in the undeformed glass.
 *
 * Coordinates: positions in λ; the SVG maps them to pixels with y pointing up.
 */
import { portablePow } from '../portable/index.js';
import { DIRECTIONS_2D, MODES_2D, directionOf, minimumImageUnchecked, reduceCell, type Direction2D, type Mode2D } from '../space/index.js';
import { expectEvenLength, expectFloat64Array, expectInt32Array } from '../validate.js';
import { eventPositions, type EventMap } from '../stats/index.js';
import { BOND_COLOURS, DIRECTION_STYLE } from './style.js';
import { el, escapeXml, num, subscript, svgDocument, text } from './svg.js';
import { textWidth } from './text-metrics.js';
import { ArgumentRangeError } from '../errors.js';


/** The glass geometry a map is drawn on. */
export interface BondMapGlass {
  /** h, row-major [h00, h01, h10, h11]; columns are the cell vectors (lib/config.ts). */
  cell: Float64Array;
  /** x, y interleaved, length 2N (any periodic image). */
  positions: Float64Array;
  /** Particle indices of each interaction, length M. */
  i: Int32Array;
  j: Int32Array;
}

/** Defaults of the maps: the paper's clipping x̃_0 and threshold on |x̃|, and the width of one panel in pixels. */
export const BOND_MAP_DEFAULTS = Object.freeze({ clip: 6.6, threshold: 1, panelWidth: 440 });

/** Rescaling and thresholding of a field (defaults: the paper's x̃_0 = 6.6, threshold 1). */
export interface BondFieldOptions {
  /** x̃_0: |x̃| is clipped to this (default 6.6). */
  clip?: number;
  /** Interactions with |x̃| below this are dropped (default 1). */
  threshold?: number;
  /**
   * ⟨|x|⟩ to rescale by (λ-free, same units as x; default: the mean of |x| over the field
   * given). A slab of a 3D glass passes the mean over all the glass's interactions.
   */
  meanAbs?: number;
}

/** Drawn pieces of the kept bonds, in Cartesian λ, all inside the cell. Length P each. */
export interface BondSegments {
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
  /** Signed clipped x̃ of the piece's interaction. */
  value: Float64Array;
  /** Interaction index α of the piece. */
  bond: Int32Array;
  /** Number of interactions kept (|x̃| ≥ threshold); P ≥ kept. */
  kept: number;
  /** ⟨|x|⟩ used for the rescaling (0 if the field is identically zero: nothing is drawn). */
  meanAbs: number;
}

function checkGlass(glass: BondMapGlass, field: Float64Array): void {
  expectFloat64Array('cell', glass.cell, 4);
  expectFloat64Array('positions', glass.positions);
  expectEvenLength('positions', glass.positions);
  const m = field.length;
  expectInt32Array('i', glass.i, m);
  expectInt32Array('j', glass.j, m);
  const n = glass.positions.length / 2;
  for (let a = 0; a < m; a++) {
    const p = glass.i[a], q = glass.j[a];
    if (p < 0 || p >= n || q < 0 || q >= n) {
      throw new ArgumentRangeError(`i, j: expected particle indices in [0, ${n - 1}], got (${p}, ${q}) at interaction ${a}`);
    }
  }
  const h = glass.cell;
  if (!(h[0] * h[3] - h[1] * h[2] > 0)) throw new ArgumentRangeError('cell: expected a cell matrix with positive determinant');
}

/**
 * x̃ for every interaction: rescaled by ⟨|x|⟩ (the mean of |x| over `field`, or `meanAbs`
 * when given) and clipped at ±clip (0 if ⟨|x|⟩ = 0).
 */
export function rescaleField(field: Float64Array, clip: number = BOND_MAP_DEFAULTS.clip, meanAbsGiven?: number): { scaled: Float64Array; meanAbs: number } {
  expectFloat64Array('field', field);
  if (!(clip > 0)) throw new ArgumentRangeError(`clip: expected a number > 0, got ${clip}`);
  if (meanAbsGiven !== undefined && !(meanAbsGiven >= 0 && Number.isFinite(meanAbsGiven))) {
    throw new ArgumentRangeError(`meanAbs: expected a finite number >= 0, got ${meanAbsGiven}`);
  }
  let s = 0;
  for (let a = 0; a < field.length; a++) {
    if (!Number.isFinite(field[a])) throw new ArgumentRangeError(`field: expected finite values, got ${field[a]} at index ${a}`);
    s += Math.abs(field[a]);
  }
  const meanAbs = meanAbsGiven ?? (field.length > 0 ? s / field.length : 0);
  const scaled = new Float64Array(field.length);
  if (meanAbs > 0) {
    for (let a = 0; a < field.length; a++) {
      const x = field[a] / meanAbs;
      scaled[a] = x > clip ? clip : x < -clip ? -clip : x;
    }
  }
  return { scaled, meanAbs };
}

/**
 * Liang–Barsky clip of the reduced segment A + t(B − A), t ∈ [0, 1], to the unit square;
 * returns [t0, t1] or null if the piece is empty (zero length included).
 */
function clipUnit(a0: number, a1: number, d0: number, d1: number): [number, number] | null {
  let t0 = 0, t1 = 1;
  const edges: Array<[number, number]> = [[-d0, a0], [d0, 1 - a0], [-d1, a1], [d1, 1 - a1]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return t1 - t0 > 1e-12 ? [t0, t1] : null;
}

/**
 * The pieces to draw for `field` over the interactions of `glass` (see the module doc).
 * Cost O(M). Order: by increasing |x̃| so that strong bonds are drawn on top.
 */
export function bondSegments(glass: BondMapGlass, field: Float64Array, options: BondFieldOptions = {}): BondSegments {
  expectFloat64Array('field', field);
  checkGlass(glass, field);
  const clip = options.clip ?? BOND_MAP_DEFAULTS.clip;
  const threshold = options.threshold ?? BOND_MAP_DEFAULTS.threshold;
  if (!(threshold >= 0)) throw new ArgumentRangeError(`threshold: expected a number >= 0, got ${threshold}`);
  const { scaled, meanAbs } = rescaleField(field, clip, options.meanAbs);
  const h = glass.cell;
  const det = h[0] * h[3] - h[1] * h[2];
  const inv = [h[3] / det, -h[1] / det, -h[2] / det, h[0] / det];
  const rc = reduceCell(h);
  const d = new Float64Array(2);
  const pos = glass.positions;

  const order: number[] = [];
  if (meanAbs > 0) for (let a = 0; a < field.length; a++) if (Math.abs(scaled[a]) >= threshold) order.push(a);
  order.sort((p, q) => Math.abs(scaled[p]) - Math.abs(scaled[q]) || p - q);

  const x1: number[] = [], y1: number[] = [], x2: number[] = [], y2: number[] = [];
  const value: number[] = [], bond: number[] = [];
  for (const a of order) {
    const p = glass.i[a], q = glass.j[a];
    const px = pos[2 * p], py = pos[2 * p + 1];
    minimumImageUnchecked(rc, pos[2 * q] - px, pos[2 * q + 1] - py, d, 0);
    let s0 = inv[0] * px + inv[1] * py;
    let s1 = inv[2] * px + inv[3] * py;
    s0 -= Math.floor(s0);
    s1 -= Math.floor(s1);
    const e0 = inv[0] * d[0] + inv[1] * d[1];
    const e1 = inv[2] * d[0] + inv[3] * d[1];
    const lo0 = Math.floor(Math.min(s0, s0 + e0)), hi0 = Math.floor(Math.max(s0, s0 + e0));
    const lo1 = Math.floor(Math.min(s1, s1 + e1)), hi1 = Math.floor(Math.max(s1, s1 + e1));
    for (let k0 = lo0; k0 <= hi0; k0++) {
      for (let k1 = lo1; k1 <= hi1; k1++) {
        const a0 = s0 - k0, a1 = s1 - k1;
        const t = clipUnit(a0, a1, e0, e1);
        if (t === null) continue;
        const u0 = a0 + t[0] * e0, u1 = a1 + t[0] * e1;
        const v0 = a0 + t[1] * e0, v1 = a1 + t[1] * e1;
        x1.push(h[0] * u0 + h[1] * u1);
        y1.push(h[2] * u0 + h[3] * u1);
        x2.push(h[0] * v0 + h[1] * v1);
        y2.push(h[2] * v0 + h[3] * v1);
        value.push(scaled[a]);
        bond.push(a);
      }
    }
  }
  return {
    x1: Float64Array.from(x1), y1: Float64Array.from(y1), x2: Float64Array.from(x2), y2: Float64Array.from(y2),
    value: Float64Array.from(value), bond: Int32Array.from(bond), kept: order.length, meanAbs,
  };
}

/** One panel of a map: a field over the glass's interactions. */
export interface BondMapPanel {
  /** x_α per interaction, length M. */
  field: Float64Array;
  /** Panel title as raw SVG text content (escape plain text with escapeXml). */
  titleSvg: string;
  /** Which event triangles to draw on this panel (default all four). */
  events?: readonly Direction2D[];
  /** ⟨|x|⟩ to rescale by (default the mean of |field|; BondFieldOptions.meanAbs). */
  meanAbs?: number;
}

/** Layout and style of `bondMapSvg`. */
export interface BondMapOptions extends BondFieldOptions {
  /** Width in pixels of one panel's map (default 440). */
  panelWidth?: number;
  /** Line width per unit of |x̃|, in λ (default 0.05: 0.33 λ at x̃ = 6.6). */
  widthPerUnit?: number;
  /** Side of an event triangle in pixels (default 18). */
  triangleSize?: number;
  /** Draw the legend (default true). */
  legend?: boolean;
  /** A caption under the panels (plain text, wrapped at word breaks to the figure's width). */
  caption?: string;
  /** Name of the length unit in the scale bar and the note (default λ, the paper's; lib/model lengthUnitOf gives a model's, e.g. σ_AA for `ka`). */
  lengthUnit?: string;
}

function trianglePath(dir: Direction2D, cx: number, cy: number, size: number): string {
  const r = size / Math.sqrt(3); // circumradius of an equilateral triangle of side `size`
  const angle = DIRECTION_STYLE[dir].angle;
  const pts: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = ((angle + 120 * k) * Math.PI) / 180;
    pts.push(`${num(cx + r * Math.cos(t))},${num(cy + r * Math.sin(t))}`);
  }
  return `M${pts.join('L')}Z`;
}

function eventMark(dir: Direction2D, cx: number, cy: number, size: number): string {
  return el('path', {
    class: 'event',
    'data-direction': dir,
    d: trianglePath(dir, cx, cy, size),
    fill: DIRECTION_STYLE[dir].colour,
    stroke: '#ffffff',
    'stroke-width': 1.5,
    'stroke-linejoin': 'round',
  });
}

/** A "nice" length (1, 2, 5 × 10^k) close to `target`. */
function niceLength(target: number): number {
  const p = portablePow(10, Math.floor(Math.log10(target)));
  const f = target / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/**
 * The legend as a flow of items wrapped to `maxWidth`: bond colours and widths, a scale
 * bar, the event triangles, and a one-line note on the rescaling (wrapped by words).
 */
function legendSvg(maxWidth: number, scale: number, widthPerUnit: number, clip: number, threshold: number, cellWidth: number, directions: readonly Direction2D[], unit = 'λ'): { svg: string; height: number } {
  const rowHeight = 26, fs = 13;
  type Item = { width: number; draw: (x: number, y: number) => string };
  const items: Item[] = [];
  const lineSample = (v: number, label: string, colour: string, labelSvg = escapeXml(label)) => items.push({
    width: 40 + textWidth(label, fs) + 18,
    draw: (x, y) => el('line', { x1: x, y1: y - 4, x2: x + 32, y2: y - 4, stroke: colour, 'stroke-width': Math.max(0.5, Math.abs(v) * widthPerUnit * scale) }) +
      text(x + 40, y + 1, labelSvg, { 'font-size': fs }, true),
  });
  const label = (s: string) => items.push({ width: textWidth(s, fs) + 10, draw: (x, y) => text(x, y + 1, s, { 'font-size': fs, fill: '#444444' }) });
  const br = () => items.push({ width: -1, draw: () => '' });
  lineSample(3.3, 'x̃ > 0', BOND_COLOURS.positive);
  lineSample(-3.3, 'x̃ < 0', BOND_COLOURS.negative);
  label('line width ∝ |x̃|:');
  lineSample(threshold, `|x̃| = ${threshold}`, '#555555');
  lineSample(3, '3', '#555555');
  lineSample(clip, `≥ ${clip}`, '#555555');
  const bar = niceLength(cellWidth / 5);
  items.push({
    width: bar * scale + 16 + textWidth(`${bar} ${unit}`, fs) + 18,
    draw: (x, y) => el('path', { d: `M${num(x)},${num(y - 9)}v6h${num(bar * scale)}v-6`, fill: 'none', stroke: '#000000', 'stroke-width': 1.5 }) +
      text(x + bar * scale + 8, y + 1, `${bar} ${unit}`, { 'font-size': fs }),
  });
  br();
  if (directions.length > 0) label('first plastic event (AQS):');
  for (const dir of directions) {
    items.push({
      width: 24 + textWidth(DIRECTION_STYLE[dir].label, fs) + 14,
      draw: (x, y) => el('path', { d: trianglePath(dir, x + 8, y - 4, 14), fill: DIRECTION_STYLE[dir].colour, stroke: '#ffffff', 'stroke-width': 1 }) +
        text(x + 22, y + 1, DIRECTION_STYLE[dir].label, { 'font-size': fs }),
    });
  }
  br();
  const note = `x̃ = x / ⟨|x|⟩, clipped at ±${clip}; interactions with |x̃| < ${threshold} are not drawn. Positions: undeformed glass, in units of ${unit}.`;
  // the note: greedy word wrap, one text element per line
  let line = '';
  const flush = () => {
    const t = line;
    items.push({ width: maxWidth, draw: (x, y) => text(x, y + 1, t, { 'font-size': 12, fill: '#444444' }) });
    line = '';
  };
  for (const word of note.split(' ')) {
    if (line !== '' && textWidth(line + ' ' + word, 12) > maxWidth) flush();
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') flush();
  const parts: string[] = [];
  let x = 0, row = 0;
  for (const it of items) {
    if (it.width < 0) {
      if (x > 0) { row++; x = 0; }
      continue;
    }
    if (x > 0 && x + it.width > maxWidth) { row++; x = 0; }
    parts.push(it.draw(x, 16 + row * rowHeight));
    x += it.width;
  }
  return { svg: parts.join(''), height: (row + 1) * rowHeight };
}

/** Greedy word wrap of plain text to lines no wider than `maxWidth` px at `fontSize` (a longer word gets its own line). */
function wrapWords(t: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of t.split(' ')) {
    if (line !== '' && textWidth(line + ' ' + word, fontSize) > maxWidth) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Counts of what a map drew, per panel (for reports and tests). */
export interface BondMapSummary {
  panels: Array<{ kept: number; pieces: number; meanAbs: number; events: Direction2D[] }>;
}

/**
 * The SVG of one or more bond-field panels side by side over the same glass, with event
 * triangles and a legend. Marks: each drawn piece is a `<line class="bond pos|neg">`,
 * each event a `<path class="event" data-direction="…">`.
 */
export function bondMapSvg(glass: BondMapGlass, panels: readonly BondMapPanel[], events: EventMap = {}, options: BondMapOptions = {}): { svg: string; summary: BondMapSummary } {
  if (panels.length === 0) throw new ArgumentRangeError('panels: expected at least one panel, got 0');
  const panelWidth = options.panelWidth ?? BOND_MAP_DEFAULTS.panelWidth;
  const widthPerUnit = options.widthPerUnit ?? 0.05;
  const tri = options.triangleSize ?? 18;
  const clip = options.clip ?? BOND_MAP_DEFAULTS.clip;
  const threshold = options.threshold ?? BOND_MAP_DEFAULTS.threshold;
  if (!(panelWidth > 0)) throw new ArgumentRangeError(`options.panelWidth: expected a number > 0, got ${panelWidth}`);
  if (!(widthPerUnit > 0)) throw new ArgumentRangeError(`options.widthPerUnit: expected a number > 0, got ${widthPerUnit}`);

  const h = glass.cell;
  const cornersX = [0, h[0], h[1], h[0] + h[1]];
  const cornersY = [0, h[2], h[3], h[2] + h[3]];
  const xmin = Math.min(...cornersX), xmax = Math.max(...cornersX);
  const ymin = Math.min(...cornersY), ymax = Math.max(...cornersY);
  const scale = panelWidth / (xmax - xmin); // px per λ
  const mapHeight = (ymax - ymin) * scale;
  const margin = 24, titleHeight = 46, gap = 28;
  const width = margin * 2 + panels.length * panelWidth + (panels.length - 1) * gap;
  const evPos = eventPositions(glass, events);
  const shownDirs = DIRECTIONS_2D.filter((dir) => evPos[dir] !== undefined && panels.some((p) => (p.events ?? DIRECTIONS_2D).includes(dir)));
  const legendBlock = options.legend === false ? null : legendSvg(width - 2 * margin, scale, widthPerUnit, clip, threshold, xmax - xmin, shownDirs, options.lengthUnit);
  const legendHeight = legendBlock === null ? 0 : legendBlock.height + 12;
  const captionLines = options.caption ? wrapWords(options.caption, width - 2 * margin, 12) : [];
  const captionHeight = 22 * captionLines.length;
  const height = margin + titleHeight + mapHeight + legendHeight + captionHeight + margin;

  const body: string[] = [];
  const summary: BondMapSummary = { panels: [] };
  panels.forEach((panel, k) => {
    const ox = margin + k * (panelWidth + gap);
    const oy = margin + titleHeight;
    const X = (x: number) => ox + (x - xmin) * scale;
    const Y = (y: number) => oy + (ymax - y) * scale;
    const outline = `M${num(X(0))},${num(Y(0))}L${num(X(h[0]))},${num(Y(h[2]))}L${num(X(h[0] + h[1]))},${num(Y(h[2] + h[3]))}L${num(X(h[1]))},${num(Y(h[3]))}Z`;
    const seg = bondSegments(glass, panel.field, { clip, threshold, ...(panel.meanAbs !== undefined ? { meanAbs: panel.meanAbs } : {}) });
    const lines: string[] = [];
    for (let p = 0; p < seg.value.length; p++) {
      const v = seg.value[p];
      lines.push(el('line', {
        class: v > 0 ? 'bond pos' : 'bond neg',
        x1: X(seg.x1[p]), y1: Y(seg.y1[p]), x2: X(seg.x2[p]), y2: Y(seg.y2[p]),
        stroke: v > 0 ? BOND_COLOURS.positive : BOND_COLOURS.negative,
        'stroke-width': Math.abs(v) * widthPerUnit * scale,
      }));
    }
    const shown = (panel.events ?? DIRECTIONS_2D).filter((dir) => evPos[dir] !== undefined);
    body.push(
      el('g', { class: 'panel', 'data-panel': k }, [
        text(ox + panelWidth / 2, margin + 18, panel.titleSvg, { 'text-anchor': 'middle', 'font-size': 17, 'font-weight': 'bold' }, true),
        text(ox + panelWidth / 2, margin + 37,
          seg.meanAbs > 0 ? `${seg.kept} of ${panel.field.length} interactions with |x̃| ≥ ${threshold}; ⟨|x|⟩ = ${seg.meanAbs.toPrecision(3)}` : 'field is zero everywhere: nothing drawn',
          { 'text-anchor': 'middle', 'font-size': 12, fill: '#444444' }),
        el('clipPath', { id: `cell-${k}` }, el('path', { d: outline })),
        el('path', { d: outline, fill: '#fbfbf8', stroke: 'none' }),
        el('g', { 'clip-path': `url(#cell-${k})`, 'stroke-linecap': 'round' }, lines),
        el('path', { d: outline, fill: 'none', stroke: '#888888', 'stroke-width': 1 }),
        ...shown.map((dir) => {
          const [x, y] = evPos[dir]!;
          return eventMark(dir, X(x), Y(y), tri);
        }),
      ]),
    );
    summary.panels.push({ kept: seg.kept, pieces: seg.value.length, meanAbs: seg.meanAbs, events: shown });
  });

  if (legendBlock !== null) body.push(el('g', { class: 'legend', transform: `translate(${margin},${num(margin + titleHeight + mapHeight + 12)})` }, legendBlock.svg));
  if (captionLines.length > 0) {
    captionLines.forEach((line, k) => body.push(text(margin, height - margin - 4 - 22 * (captionLines.length - 1 - k), line, { 'font-size': 12, fill: '#444444' })));
  }
  return { svg: svgDocument(width, height, body), summary };
}

/** Which fields a map shows: c, c·dc/dγ for simple / pure shear, or all three (Fig. 3). */
export type MapField = 'c' | Mode2D | 'all';
/** Every MapField, in the order of the panels of Fig. 3. */
export const MAP_FIELDS: readonly MapField[] = Object.freeze(['c', ...MODES_2D, 'all']);

/** A glass with c_α and dc_α/dγ (e.g. from `localHeatCapacity`) and optionally its events. */
export interface LhcGlass extends BondMapGlass {
  c: Float64Array;
  dcdg: Partial<Record<Mode2D, Float64Array>>;
}

const TITLE_C = `Local heat capacity c${subscript('α')}`;
const titleProduct = (mode: Mode2D) =>
  `c${subscript('α')} dc${subscript('α')}/dγ, ${mode} shear (+)`;

/**
 * Fig. 1 (`field = 'c'`), Fig. 3 (`'all'`: c, c·dc/dγ simple, c·dc/dγ pure) or one product
 * panel. Events: all four triangles on the c panel, ▶ ◀ on the simple-shear panel, ▲ ▼ on
 * the pure-shear panel (as in the paper).
 */
export function lhcMapSvg(glass: LhcGlass, field: MapField = 'all', events: EventMap = {}, options: BondMapOptions = {}): { svg: string; summary: BondMapSummary } {
  return bondMapSvg(glass, lhcPanels(glass, field), events, options);
}

/**
 * The panels of {@link lhcMapSvg} (fields over all M interactions, titles, events per
 * panel): c and/or c·dc/dγ of simple and pure shear.
 */
export function lhcPanels(glass: Pick<LhcGlass, 'c' | 'dcdg'>, field: MapField = 'all'): BondMapPanel[] {
  expectFloat64Array('c', glass.c);
  const product = (mode: Mode2D): Float64Array => {
    const d = glass.dcdg[mode];
    if (d === undefined) throw new ArgumentRangeError(`dcdg.${mode}: expected a Float64Array for field '${mode}', got undefined`);
    expectFloat64Array(`dcdg.${mode}`, d, glass.c.length);
    const out = new Float64Array(d.length);
    for (let a = 0; a < d.length; a++) out[a] = glass.c[a] * d[a];
    return out;
  };
  const panels: BondMapPanel[] = [];
  if (field === 'c' || field === 'all') panels.push({ field: glass.c, titleSvg: (field === 'all' ? '(a) ' : '') + TITLE_C, events: DIRECTIONS_2D });
  MODES_2D.forEach((mode, k) => {
    if (field !== mode && field !== 'all') return;
    const title = (field === 'all' ? `(${'bc'[k]}) ` : '') + titleProduct(mode);
    panels.push({ field: product(mode), titleSvg: title, events: DIRECTIONS_2D.filter((d) => directionOf(d)!.mode === mode) });
  });
  if (panels.length === 0) throw new ArgumentRangeError(`field: expected one of ${MAP_FIELDS.map((f) => `'${f}'`).join(', ')}, got ${escapeXml(String(field))}`);
  return panels;
}
